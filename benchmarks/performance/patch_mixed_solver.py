"""The TPI patch's two linear solvers, MUMPS and the Schur-complement field split, against the size.

Issue 21 asks for an iterative solver for the patch's mixed problem (the direct one kept for small
problems) and for Newton and Krylov iterations against the size. The bundled patch case (the
reference TPI under 5 µm of the Kapton core on the bisinusoid λ 5 µm, Δ 0.5 µm) on meshes of
n × n × n/2 + 2 Q2 elements, taken through Tg the way the press does it: 3 MPa from 245 °C, heated
to 300 °C at 20 K/min and held for 30 s (the melt's shear modulus falls by seven decades under the
glassy core; bonds form from Tg), by the case's own time loop, once with ``linear_solver =
"direct"`` and once with ``"iterative"``. Measured per step: Newton and Krylov iterations, bonded
and contact fractions, mean gap; wall time per run.

Checks: the two solvers take the same steps with the same Newton iterations and give the same bonded
and contact fractions (≤ 1e-6 of the area) and mean gap (≤ 1e-6 of Δ) after every step (Newton's
answer must not depend on the linear solver); the Krylov iterations per Newton iteration (the median
over the steps) grow by at most 1.5× from the smallest to the largest mesh (a preconditioner that
scales: its iterations do not grow with the size). Reported: their mean, which also counts the few
solves where GMRES stopped at its limit after Newton overshot; wall times, and the exponent of time
against DOFs between the two largest meshes for each solver. Writes
benchmarks/results/patch_mixed_solver.json. Run on 1 idle core:
    .venv/bin/python -m benchmarks.performance.patch_mixed_solver
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from mpi4py import MPI

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import thermobond

from benchmarks.common import check, finish

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "cases" / "interface_patch_3d.toml"
SIZES = (4, 6, 8, 10)  # elements along each side; n/2 through the TPI, 2 through the core
CYCLE = """[cycle]
start_temperature = "245 degC"
[[cycle.segments]]
name = "heat"
temperature = "300 degC"
rate = "20 K/min"
pressure = "3 MPa"
[[cycle.segments]]
name = "hold"
duration = "30 s"

"""
AMPLITUDE = 0.5e-6  # the bundled case's Δ
GROWTH_LIMIT = 1.5
COLUMNS = ("time_s", "newton_iterations", "linear_iterations", "bonded_fraction", "contact_fraction", "mean_gap_m")


def _case(comm: Any, n: int, solver: str, folder: Path) -> Any:
    text = CASE.read_text().replace('"materials/', f'"{CASE.parent}/materials/')
    text = text[: text.index("[cycle]")] + CYCLE + text[text.index("[patch]") :]
    text = text.replace("elements_xy = 8", f"elements_xy = {n}").replace("elements_z = 4", f"elements_z = {n // 2}")
    text = text.replace("[patch.surface]", f'linear_solver = "{solver}"\n\n[patch.surface]')
    path = folder / f"patch_{n}_{solver}.toml"
    if comm.rank == 0:
        path.write_text(text)
    comm.barrier()
    return thermobond.load_case(path, **{"output.plots": False, "output.fields": False})


def _run(comm: Any, n: int, solver: str, folder: Path) -> dict[str, Any]:
    case = _case(comm, n, solver, folder)
    comm.barrier()
    t0 = time.perf_counter()
    result = thermobond.run(case, comm=comm)
    wall = comm.allreduce(time.perf_counter() - t0, op=MPI.MAX)
    h = result.patch.history
    out: dict[str, Any] = {c: [float(v) for v in h.column(c)] for c in COLUMNS}
    out.update(dofs=result.summary.patch.solver.dofs, wall_s=wall)
    return out


def main() -> int:
    comm = MPI.COMM_WORLD
    runs: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(comm.bcast(tmp if comm.rank == 0 else None, root=0))
        _run(comm, SIZES[0], "iterative", folder)  # warm the form cache
        for n in SIZES:
            for solver in ("direct", "iterative"):
                r = runs[f"{solver}/{n}"] = _run(comm, n, solver, folder)
                if comm.rank == 0:
                    print(
                        f"{solver:9s} n = {n:2d} ({r['dofs']:6d} DOFs): {len(r['time_s']) - 1} steps, "
                        f"Newton {sum(r['newton_iterations']):.0f}, linear {sum(r['linear_iterations']):.0f}, "
                        f"{r['wall_s']:.1f} s",
                        flush=True,
                    )
    worst_area, worst_gap, same_steps = 0.0, 0.0, True
    for n in SIZES:
        d, i = runs[f"direct/{n}"], runs[f"iterative/{n}"]
        same_times = len(d["time_s"]) == len(i["time_s"]) and np.allclose(d["time_s"], i["time_s"], rtol=1e-9, atol=0)
        if not same_times or d["newton_iterations"] != i["newton_iterations"]:
            same_steps = False
            continue
        for c in ("bonded_fraction", "contact_fraction"):
            worst_area = max(worst_area, float(np.max(np.abs(np.subtract(d[c], i[c])))))
        worst_gap = max(worst_gap, float(np.max(np.abs(np.subtract(d["mean_gap_m"], i["mean_gap_m"])))) / AMPLITUDE)
    # Krylov iterations per Newton iteration of each step that needed Newton: their median is the
    # preconditioner's usual work; the mean also counts the few solves where GMRES stopped at its
    # limit after Newton overshot (reported, and counted as steps above half the limit)
    ratios = {
        n: [
            lin / new
            for lin, new in zip(
                runs[f"iterative/{n}"]["linear_iterations"], runs[f"iterative/{n}"]["newton_iterations"], strict=True
            )
            if new > 0
        ]
        for n in SIZES
    }
    per_newton = {n: float(np.median(ratios[n])) for n in SIZES}
    mean_per_newton = {
        n: sum(runs[f"iterative/{n}"]["linear_iterations"]) / max(sum(runs[f"iterative/{n}"]["newton_iterations"]), 1)
        for n in SIZES
    }
    stopped = {n: sum(r > 250 for r in ratios[n]) for n in SIZES}
    growth = per_newton[SIZES[-1]] / per_newton[SIZES[0]]
    dofs = [runs[f"direct/{n}"]["dofs"] for n in SIZES]
    slope = {
        s: float(
            np.log(runs[f"{s}/{SIZES[-1]}"]["wall_s"] / runs[f"{s}/{SIZES[-2]}"]["wall_s"])
            / np.log(dofs[-1] / dofs[-2])
        )
        for s in ("direct", "iterative")
    }
    ratio = {n: runs[f"iterative/{n}"]["wall_s"] / runs[f"direct/{n}"]["wall_s"] for n in SIZES}
    data = {
        "sizes_elements_xy": list(SIZES),
        "dofs": dofs,
        "cycle": CYCLE,
        "runs": runs,
        "krylov_per_newton_median": {str(n): v for n, v in per_newton.items()},
        "krylov_per_newton_mean": {str(n): v for n, v in mean_per_newton.items()},
        "steps_above_250_krylov_per_newton": {str(n): v for n, v in stopped.items()},
        "krylov_growth_smallest_to_largest": growth,
        "time_exponent_two_largest": slope,
        "iterative_over_direct_time": {str(n): v for n, v in ratio.items()},
        "mpi_size": comm.size,
    }
    checks = [
        check(
            "steps and Newton iterations, iterative vs direct (every size)",
            "the same" if same_steps else "differ",
            "MUMPS (LU) on the same Newton systems",
            "equal",
            same_steps,
        ),
        check(
            "bonded and contact fractions after every step, iterative vs direct",
            f"{worst_area:.2e} of the area",
            "MUMPS (LU)",
            "≤ 1e-6",
            same_steps and worst_area <= 1e-6,
        ),
        check(
            "mean gap after every step, iterative vs direct",
            f"{worst_gap:.2e} of Δ",
            "MUMPS (LU)",
            "≤ 1e-6",
            same_steps and worst_gap <= 1e-6,
        ),
        check(
            f"Krylov iterations per Newton iteration, median over the steps, {' → '.join(str(d) for d in dofs)} DOFs",
            " → ".join(f"{per_newton[n]:.1f}" for n in SIZES),
            "bounded in the size",
            f"growth ≤ {GROWTH_LIMIT:g}×",
            growth <= GROWTH_LIMIT,
        ),
        check(
            "Krylov iterations per Newton iteration, mean (with the solves GMRES stopped at 500)",
            " → ".join(f"{mean_per_newton[n]:.1f}" for n in SIZES)
            + "; steps above 250: "
            + ", ".join(str(stopped[n]) for n in SIZES),
            "reported",
        ),
        check(
            f"wall time against DOFs, exponent from {dofs[-2]} to {dofs[-1]} DOFs",
            f"direct {slope['direct']:.2f}, iterative {slope['iterative']:.2f}",
            "reported",
        ),
        check(
            "iterative over direct wall time, by size",
            ", ".join(f"{d} DOFs: {ratio[n]:.2f}" for n, d in zip(SIZES, dofs, strict=True)),
            "reported",
        ),
    ]
    return finish(comm, "patch_mixed_solver", data, checks)


if __name__ == "__main__":
    sys.exit(main())
