"""Weak scaling of the TPI patch's iterative solver on 1 and 2 ranks, and its time against MUMPS.

Issue 21 asks for weak scaling from 1 to 2 ranks at ≥ 100,000 DOFs per rank with an efficiency of at
least 80 %; ``patch_scaling`` measures it for the elastic patch (CG + GAMG). This is the same
measurement for the patch users run: the bundled case's TPI (the reference card) under 5 µm of its
Kapton core on its bisinusoid (λ 5 µm, Δ 0.5 µm), the mixed Q2/DPC1 finite-strain problem solved by
the iterative solver (``linear_solver = "iterative"``: FGMRES, Schur-complement field split, GAMG on
the displacements). The patch starts stress-free at 245 °C, just below the TPI's Tg, where the
bundled case starts to press it, and the pressure is ramped to 3 MPa in two steps of 2 s and held
for one of 4 s (a sudden load, or the melt at 300 °C, needs the time loop's cut-backs; the Krylov
iterations of the melt and of bonding, which grow with the mesh, are ``patch_mixed_solver``'s). In
one launch of ``mpiexec -n 2``:

1. on ONE rank (rank 1 sleeping in a non-blocking barrier, ``benchmarks.common.alone``): one period
   on n × n × (n/2 + 2) elements, N DOFs, with the iterative solver, then with MUMPS;
2. on 2 ranks: the patch two periods long in x at the same element size (2n × n, 2N DOFs) — the same
   problem per rank, so Newton and Krylov iterations stay those of one period and the efficiency
   t₁(N) / t₂(2N) measures the parallel cost, as the issue means it.

The form cache is warmed by a tiny patch first; the times are of the three steps (setup apart).

Checks: weak-scaling efficiency ≥ 0.80 at ≥ 100,000 DOFs per rank; the two-period patch on 2 ranks
gives the bonded and contact fractions of one period on 1 rank after every step (1e-3 of the area) with the same
Newton iterations. Reported: Krylov iterations per Newton iteration on 1 and 2 ranks, the efficiency
per Krylov iteration, MUMPS's time and its ratio to the iterative solver's at N DOFs on one rank,
peak memory. Writes benchmarks/results/patch_mixed_scaling.json. Run on 2 idle cores:
    .venv/bin/mpiexec -n 2 .venv/bin/python -m benchmarks.performance.patch_mixed_scaling [--n 18]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from mpi4py import MPI

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import thermobond
from thermobond.simulation.patch import PatchMesh
from thermobond.simulation.tpipatch import TPIPatch

from benchmarks.common import alone, check, finish
from benchmarks.performance.patch_scaling import _TwoPeriods as TwoPeriodsElastic

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "cases" / "interface_patch_3d.toml"
N_XY = 18  # elements along a period: about 103,000 DOFs on one rank
TEMPERATURE = 518.15  # K (245 °C: the TPI just below its Tg, where the bundled case presses it)
PRESSURE = 3e6  # Pa
RAMP_S, RAMP_STEPS, HOLD_STEPS = 4.0, 2, (4.0,)  # the pressure ramped up in 4 s, then held
MIN_DOFS_PER_RANK = 100_000
WEAK_EFFICIENCY = 0.80
# the contact's edge is located between the nodes from their pressures, and the two-period patch is
# pinned at other corners: one period and two differ by some 1e-4 of the area on 4 elements a period
FRACTION_TOL = 1e-3


class _TwoPeriods(TwoPeriodsElastic):
    """The surface seen as a patch two of its periods long in x, with its height in UFL (the TPI patch
    then takes the penetration at the current position, as for one period)."""

    def ufl_height(self, x: Any, y: Any) -> Any:
        return self.surface.ufl_height(x, y)


def _steps() -> list[tuple[float, float]]:
    """(length (s), press pressure at its end (Pa)) of each step."""
    ramp = [(RAMP_S / RAMP_STEPS, PRESSURE * (k + 1) / RAMP_STEPS) for k in range(RAMP_STEPS)]
    return ramp + [(dt, PRESSURE) for dt in HOLD_STEPS]


def _run(comm: Any, n: int, solver: str, wide: bool = False) -> dict[str, Any]:
    """The bundled case's patch, n elements a period (two periods in x if ``wide``), pressed for the
    steps; per step Newton and Krylov iterations and fractions, and the wall time of the steps."""
    spec = thermobond.load_case(CASE).patch
    assert spec is not None and spec.core is not None and spec.metal is not None
    surface: Any = spec.surface
    if wide:
        surface = _TwoPeriods(surface)
    mesh = PatchMesh(2 * n if wide else n, n // 2, spec.grading, elements_y=n)
    comm.Barrier()
    t0 = time.perf_counter()
    patch = TPIPatch(
        comm,
        surface,
        spec.layer.thickness,
        spec.layer.material,
        TEMPERATURE,
        mesh,
        core=spec.core.material,
        core_thickness_m=spec.core_thickness,
        core_elements=spec.core_elements,
        metal_expansion=spec.metal.material.expansion.in_plane,
        bonding_temperature_K=spec.bonding_temperature,
        linear_solver=solver,
    )
    setup = float(comm.allreduce(time.perf_counter() - t0, op=MPI.MAX))
    comm.Barrier()
    t0 = time.perf_counter()
    rows, failed = [], None
    for dt, p in _steps():
        r = patch.step(dt, TEMPERATURE, p)
        if r is None:  # what the failed Newton solve did, for the record
            snes = patch.snes
            failed = {
                "step_to_s": patch.time_s + dt,
                "pressure_Pa": p,
                "snes_reason": int(snes.getConvergedReason()),
                "newton_iterations": int(snes.getIterationNumber()),
                "linear_iterations": int(snes.getLinearSolveIterations()),
            }
            break
        rows.append((r.newton_iterations, r.linear_iterations, r.bonded_fraction, r.contact_fraction))
    wall = float(comm.allreduce(time.perf_counter() - t0, op=MPI.MAX))
    newton, krylov, bonded, contact = (list(c) for c in zip(*rows, strict=True)) if rows else ([], [], [], [])
    return {
        "failed": failed,
        "dofs": int(patch.dofs),
        "ranks": comm.size,
        "setup_s": setup,
        "steps_s": wall,
        "newton_iterations": newton,
        "linear_iterations": krylov,
        "bonded_fraction": bonded,
        "contact_fraction": contact,
        "peak_rss_MiB": comm.allreduce(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, op=MPI.MAX),
    }


def _alone(comm: Any, n: int, solver: str) -> dict[str, Any]:
    """:func:`_run` on rank 0 alone, its record on every rank (an error raised on every rank, so that
    the rank waiting in :func:`~benchmarks.common.alone` does not wait for ever)."""

    def task(sub: Any) -> Any:
        try:
            return _run(sub, n, solver)
        except Exception as exc:  # handed to every rank below
            return exc

    out = comm.bcast(alone(comm, task), root=0)
    if isinstance(out, Exception):
        raise RuntimeError(f"the 1-rank {solver} run failed: {out}")
    return dict(out)


def _failed(comm: Any, n: int, one: dict[str, Any], direct: dict[str, Any]) -> int:
    """The record when the iterative solver cannot take the steps on one rank: what it did, and MUMPS."""
    f = one["failed"]
    checks = [
        check(
            f"the iterative solver on 1 rank at {one['dofs']} DOFs: the steps",
            f"Newton failed (SNES reason {f['snes_reason']}) at the step to {f['step_to_s']:g} s "
            f"({f['pressure_Pa'] / 1e6:g} MPa) after {f['newton_iterations']} iterations and "
            f"{f['linear_iterations']} Krylov iterations, {one['steps_s']:.0f} s",
            "every step converges (then: weak scaling ≥ 0.80 at ≥ 100,000 DOFs per rank)",
            "converges",
            False,
        ),
        check(
            f"MUMPS on 1 rank at {direct['dofs']} DOFs: the same steps",
            "failed" if direct["failed"] else f"{direct['steps_s']:.1f} s, Newton {direct['newton_iterations']}",
            "reported",
        ),
        check("peak memory of the process after MUMPS (rank 0)", f"{direct['peak_rss_MiB']:.0f} MiB", "reported"),
    ]
    data = {
        "temperature_degC": TEMPERATURE - 273.15,
        "steps_s_Pa": _steps(),
        "elements_per_period": n,
        "one_rank_iterative": one,
        "one_rank_direct": direct,
        "mpi_size": comm.size,
    }
    return finish(comm, "patch_mixed_scaling", data, checks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=N_XY, help="elements along a period (even)")
    args = parser.parse_args()
    comm = MPI.COMM_WORLD
    if comm.size != 2:
        raise SystemExit("patch_mixed_scaling runs under mpiexec -n 2")
    n = args.n
    say = print if comm.rank == 0 else (lambda *a, **k: None)
    _alone(comm, 4, "iterative"), _alone(comm, 4, "direct")  # the form cache
    _run(comm, 4, "iterative", wide=True)
    one = _alone(comm, n, "iterative")
    say(f"1 rank, iterative: {one['dofs']} DOFs, {one['steps_s']:.1f} s, failed: {one['failed']}", flush=True)
    direct = _alone(comm, n, "direct")
    say(f"1 rank, MUMPS: {direct['dofs']} DOFs, {direct['steps_s']:.1f} s, failed: {direct['failed']}", flush=True)
    if one["failed"] is not None:  # nothing to scale: record the failure
        return _failed(comm, n, one, direct)
    two = _run(comm, n, "iterative", wide=True)
    say(f"2 ranks, iterative: {two['dofs']} DOFs, {two['steps_s']:.1f} s, failed: {two['failed']}", flush=True)
    per_rank = two["dofs"] / 2
    efficiency = one["steps_s"] / two["steps_s"]
    k1, k2 = sum(one["linear_iterations"]), sum(two["linear_iterations"])
    per_krylov = efficiency * k2 / k1
    same_newton = one["newton_iterations"] == two["newton_iterations"] and two["failed"] is None
    worst = (
        max(float(np.max(np.abs(np.subtract(one[c], two[c])))) for c in ("bonded_fraction", "contact_fraction"))
        if same_newton
        else float("inf")
    )
    kpn = [f"{sum(r['linear_iterations']) / max(sum(r['newton_iterations']), 1):.1f}" for r in (one, two)]
    checks = [
        check(
            f"weak scaling, iterative solver: {one['dofs']} DOFs on 1 rank → {two['dofs']} on 2 (two periods)",
            f"efficiency {efficiency:.3f} ({one['steps_s']:.1f} s → {two['steps_s']:.1f} s)",
            f"issue 21: ≥ {WEAK_EFFICIENCY} at ≥ {MIN_DOFS_PER_RANK:,} DOFs per rank",
            f"≥ {WEAK_EFFICIENCY}",
            bool(efficiency >= WEAK_EFFICIENCY and min(one["dofs"], per_rank) >= MIN_DOFS_PER_RANK and same_newton),
        ),
        check(
            "bonded and contact fractions after every step, two periods on 2 ranks vs one on 1",
            f"{worst:.1e} of the area; Newton iterations {'the same' if same_newton else 'differ'}",
            "the same periodic problem",
            f"≤ {FRACTION_TOL:g}, same Newton",
            bool(worst <= FRACTION_TOL and same_newton),
        ),
        check(
            "Krylov iterations per Newton iteration, 1 rank / 2 ranks",
            " / ".join(kpn),
            "reported (the same element size: they should match)",
        ),
        check("weak-scaling efficiency per Krylov iteration", f"{per_krylov:.3f}", "reported"),
        check(
            f"MUMPS on 1 rank at {direct['dofs']} DOFs: time of the steps, over the iterative solver's",
            f"{direct['steps_s']:.1f} s, {direct['steps_s'] / one['steps_s']:.2f}×",
            "reported",
        ),
        check(
            "peak memory of the process, iterative runs / after MUMPS (rank 0)",
            f"{one['peak_rss_MiB']:.0f} / {direct['peak_rss_MiB']:.0f} MiB",
            "reported",
        ),
    ]
    data = {
        "case": "cases/interface_patch_3d.toml (its patch: materials, core, surface, bonding temperature)",
        "temperature_degC": TEMPERATURE - 273.15,
        "pressure_Pa": PRESSURE,
        "steps_s_Pa": _steps(),
        "elements_per_period": n,
        "one_rank_iterative": one,
        "two_ranks_iterative_two_periods": two,
        "one_rank_direct": direct,
        "weak_efficiency": efficiency,
        "weak_efficiency_per_krylov_iteration": per_krylov,
        "mpi_size": comm.size,
    }
    return finish(comm, "patch_mixed_scaling", data, checks)


if __name__ == "__main__":
    sys.exit(main())
