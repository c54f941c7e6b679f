"""Random rough elastic contact: κ in a_r = κ p̄/(E* ḡ), the 3-D patch against a boundary-element reference.

At small loads the true contact area of a randomly rough surface grows in proportion to the load,
a_r = κ p̄/(E* ḡ) (a_r the area fraction, E* = E/(1 − ν²), ḡ the root-mean-square gradient, Sdq).
Published simulations of rich self-affine spectra give κ slightly above 2 (Hyun, Pei, Molinari &
Robbins, Phys. Rev. E 70, 026117, 2004; Campañá & Müser, EPL 77, 38005, 2007; Prodanov, Dapp &
Müser, Tribol. Lett. 53, 433, 2014), and κ grows as the spectrum narrows: it falls with the
logarithm of Nayak's parameter α (Yastrebov, Anciaux & Molinari, J. Mech. Phys. Solids 107, 469,
2017). A finite-element patch on two cores resolves a narrow spectrum only (its shortest wavelength
needs a few elements), so the check is made in two steps:

1. the patch (``thermobond.simulation.patch``: an elastic layer λL thick, Q1, CG + GAMG, true
   periodicity, node-based penalty contact, the area located between the nodes) against the
   boundary-element solution of the SAME surfaces and loads: Tamaas's Polonsky–Keer solver for an
   elastic half-space on a rigid periodic surface (Frérot et al., J. Open Source Softw. 5, 2121,
   2020), its area with the perimeter correction of Yastrebov, Anciaux & Molinari (Tribol. Int.
   114, 161, 2017); the reference's own grid convergence is checked (512² against 1024²);
2. the same reference on rich spectra, where κ is the published one: the band of issue 21,
   1.8–2.2, is checked there.

The patch's κ on the surfaces it resolves is reported against that band without a criterion: the
reference shows that for those spectra the physics itself gives a κ above it.

Surfaces (``thermobond.meshes.areal.self_affine``): Hurst 0.8, Sq 20 nm (Sdq 0.04–0.08: slopes
small, as the patch's linearised surface needs), a 10 µm patch, roll-off at λL = 5 µm, shortest
wavelength λs = 10/16 µm (narrow, ζ = λL/λs = 8: the patch, 96 × 96 × 16 elements, 479,859 DOFs,
six elements per λs; with four, 64 × 64 × 16, it was 5–7 % high at the two larger loads) or
10/128 µm (rich, ζ = 64: the reference alone, 1024²);
seeds 1, 2, 3; loads p̄/(E* ḡ) = 0.005, 0.01, 0.02 (a_r ≈ 1–5 %). Writes
benchmarks/results/rough_kappa.json; exits 1 outside a criterion. Run (about 40 min on 2 cores):
    .venv/bin/mpiexec -n 2 .venv/bin/python -m benchmarks.verification.rough_kappa
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from mpi4py import MPI

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from thermobond.meshes.areal import ArealSurface, roughness, self_affine
from thermobond.simulation.patch import ContactPatch, PatchMesh, PatchSolver

from benchmarks.common import alone, check, finish

SIDE, ROLL_OFF = 10e-6, 5e-6  # m
HURST, SQ = 0.8, 20e-9
NARROW, RICH = 16, (128,)  # the patch's side over the shortest wavelength
SEEDS = (1, 2, 3)
LOADS = (0.005, 0.01, 0.02)  # p̄ / (E* ḡ)
MODULUS, POISSON = 3e9, 0.3
ELEMENTS, LAYERS, GRADING = 96, 16, 2.0
REFERENCE_GRID, CONVERGED_GRID, RICH_GRID = 512, 1024, 1024
REFERENCE_TOL = 1e-8  # Tamaas's relative tolerance on the pressure's change
FE_TOL = 0.05  # patch vs reference, κ averaged over the seeds at each load
GRID_TOL = 0.01  # the reference, 512² vs 1024²
BAND = (1.8, 2.2)  # issue 21, for rich spectra
EQUILIBRIUM_TOL = 1e-8


def surface(seed: int, shortest: int) -> ArealSurface:
    """The self-affine surface of ``seed`` with the shortest wavelength SIDE/``shortest``."""
    return self_affine(
        HURST, short_cutoff_m=SIDE / shortest, long_cutoff_m=ROLL_OFF, size_m=SIDE, rms_height_m=SQ, seed=seed
    )


def nayak(s: ArealSurface, n: int) -> float:
    """Nayak's parameter α = m0 m4 / m2² of ``s`` (spectral moments along x, from the grid's spectrum)."""
    h = s.grid(n, n)[2]  # shape (nx, ny): axis 0 is x
    qx = 2 * np.pi * np.fft.fftfreq(n, SIDE / n)[:, None]
    power = np.abs(np.fft.fft2(h)) ** 2
    m0, m2, m4 = (float(np.sum(power * qx**k)) for k in (0, 2, 4))
    return m0 * m4 / m2**2


def reference_kappa(s: ArealSurface, n: int) -> tuple[list[float], float]:
    """κ at each load from Tamaas's boundary elements on an n × n grid (area with the perimeter
    correction), and the wall time (s)."""
    import tamaas as tm  # the reference: a development dependency of this benchmark alone

    tm.set_log_level(tm.LogLevel.error)
    x = np.arange(n) * SIDE / n
    h = np.ascontiguousarray(s.height(x[:, None], x[None, :]))
    model = tm.ModelFactory.createModel(tm.model_type.basic_2d, [SIDE, SIDE], [n, n])
    model.E, model.nu = MODULUS, POISSON
    solver = tm.PolonskyKeerRey(model, h, REFERENCE_TOL)
    slope = roughness(s, n=max(512, n)).sdq
    t0, kappas = time.perf_counter(), []
    for load in LOADS:
        solver.solve(load * MODULUS / (1 - POISSON**2) * slope)
        on = np.asarray(model.traction) > 0
        perimeter = sum(c.perimeter for c in tm.FloodFill.getClusters(on, False))
        kappas.append(float(tm.Statistics2D.contact(model.traction, perimeter)) / load)
    return kappas, time.perf_counter() - t0


def references() -> dict[str, Any]:
    """Every boundary-element solution (one process)."""
    out: dict[str, Any] = {"narrow": {}, "rich": {}}
    for seed in SEEDS:
        k, t = reference_kappa(surface(seed, NARROW), REFERENCE_GRID)
        out["narrow"][seed] = {"kappa": k, "wall_time_s": t}
        print(f"reference, narrow, seed {seed}: κ {np.round(k, 3).tolist()} ({t:.0f} s)", flush=True)
    k, t = reference_kappa(surface(SEEDS[0], NARROW), CONVERGED_GRID)
    out["converged"] = {"seed": SEEDS[0], "grid": CONVERGED_GRID, "kappa": k, "wall_time_s": t}
    for shortest in RICH:
        out["rich"][shortest] = {}
        for seed in SEEDS:
            k, t = reference_kappa(surface(seed, shortest), RICH_GRID)
            out["rich"][shortest][seed] = {"kappa": k, "wall_time_s": t}
            print(f"reference, λs = L/{shortest}, seed {seed}: κ {np.round(k, 3).tolist()} ({t:.0f} s)", flush=True)
    return out


def patch_kappa(comm: Any, seed: int) -> dict[str, Any]:
    """κ at each load from the 3-D patch (collective)."""
    s = surface(seed, NARROW)
    slope = roughness(s, n=512).sdq
    spec = PatchMesh(elements_xy=ELEMENTS, elements_z=LAYERS, grading_z=GRADING)
    comm.Barrier()
    t0 = time.perf_counter()
    patch = ContactPatch(comm, s, ROLL_OFF, MODULUS, POISSON, spec, PatchSolver("gamg"))
    runs = [patch.solve(load * patch.contact_modulus_Pa * slope) for load in LOADS]
    wall = float(comm.allreduce(time.perf_counter() - t0, op=MPI.MAX))
    record = {
        "seed": seed,
        "sdq": slope,
        "dofs": patch.dofs,
        "kappa": [r.contact_fraction / load for r, load in zip(runs, LOADS, strict=True)],
        "kappa_nodes": [r.contact_fraction_nodes / load for r, load in zip(runs, LOADS, strict=True)],
        "newton_iterations": [r.newton_iterations for r in runs],
        "krylov_iterations": [r.krylov_iterations for r in runs],
        "equilibrium_error": max(abs(r.contact_force_N / (r.pressure_Pa * patch.area_m2) - 1) for r in runs),
        "wall_time_s": wall,
    }
    if comm.rank == 0:
        print(
            f"patch, seed {seed}: {patch.dofs} DOFs, κ {np.round(record['kappa'], 3).tolist()}, "
            f"Newton {record['newton_iterations']}, {wall:.0f} s",
            flush=True,
        )
    return record


def _seed_mean(per_seed: dict[int, dict[str, Any]]) -> np.ndarray:
    """κ at each load, averaged over the seeds."""
    return np.mean([per_seed[s]["kappa"] for s in SEEDS], axis=0)


def main() -> int:
    comm = MPI.COMM_WORLD
    ref = alone(comm, lambda _sub: references())
    ref = comm.bcast(ref, root=0)
    fe = {seed: patch_kappa(comm, seed) for seed in SEEDS}
    k_fe, k_ref = _seed_mean(fe), _seed_mean(ref["narrow"])
    rel = k_fe / k_ref - 1
    grid_rel = np.asarray(ref["converged"]["kappa"]) / np.asarray(ref["narrow"][SEEDS[0]]["kappa"]) - 1
    richest = _seed_mean(ref["rich"][RICH[-1]])
    small = float(np.mean(richest[:2]))  # the two smallest loads
    alphas = {str(m): nayak(surface(SEEDS[0], m), CONVERGED_GRID) for m in (NARROW, *RICH)}
    equilibrium = max(r["equilibrium_error"] for r in fe.values())
    loads = ", ".join(f"{x:g}" for x in LOADS)
    checks = [
        check(
            f"κ of the 3-D patch / κ of the boundary elements − 1, same surfaces (λs = L/{NARROW}, seeds "
            f"{', '.join(map(str, SEEDS))}), mean over seeds at p̄/(E* ḡ) = {loads}",
            ", ".join(f"{r:+.1%}" for r in rel) + f" (κ {', '.join(f'{k:.3f}' for k in k_fe)} vs "
            f"{', '.join(f'{k:.3f}' for k in k_ref)})",
            f"Tamaas (Polonsky–Keer boundary elements, {REFERENCE_GRID}², perimeter-corrected area)",
            f"≤ {FE_TOL:.0%} at each load",
            bool(np.all(np.abs(rel) <= FE_TOL)),
        ),
        check(
            f"the reference's grid convergence: κ on {CONVERGED_GRID}² / κ on {REFERENCE_GRID}² − 1 (seed {SEEDS[0]})",
            ", ".join(f"{r:+.2%}" for r in grid_rel),
            "0 (converged)",
            f"≤ {GRID_TOL:.0%}",
            bool(np.all(np.abs(grid_rel) <= GRID_TOL)),
        ),
        check(
            f"κ of a rich spectrum (λs = L/{RICH[-1]}, ζ = {ROLL_OFF * RICH[-1] / SIDE:.0f}, α = "
            f"{alphas[str(RICH[-1])]:.1f}), boundary elements, mean over seeds and the two smallest loads",
            f"{small:.3f} (at each load: {', '.join(f'{k:.3f}' for k in richest)})",
            "published simulations: slightly above 2 (issue 21)",
            f"{BAND[0]}–{BAND[1]}",
            BAND[0] <= small <= BAND[1],
        ),
        check(
            f"κ of the 3-D patch on the spectrum it resolves (ζ = {ROLL_OFF * NARROW / SIDE:.0f}, α = "
            f"{alphas[str(NARROW)]:.1f}), mean over seeds and loads",
            f"{float(np.mean(k_fe)):.3f} (boundary elements on the same surfaces: {float(np.mean(k_ref)):.3f})",
            f"issue 21's band {BAND[0]}–{BAND[1]} is for rich spectra; κ falls with log α "
            "(Yastrebov, Anciaux & Molinari 2017): the reference above gives the narrow spectrum's own κ",
            "",
            None,
        ),
        check(
            "equilibrium: contact force / (p̄ × area) − 1, worst load",
            f"{equilibrium:.1e}",
            "0",
            f"≤ {EQUILIBRIUM_TOL:g}",
            equilibrium <= EQUILIBRIUM_TOL,
        ),
    ]
    data = {
        "surfaces": {
            "hurst": HURST,
            "sq_m": SQ,
            "side_m": SIDE,
            "roll_off_m": ROLL_OFF,
            "shortest_wavelengths_m": {str(m): SIDE / m for m in (NARROW, *RICH)},
            "nayak_parameter_seed1": alphas,
            "seeds": list(SEEDS),
        },
        "loads_over_contact_modulus_times_sdq": list(LOADS),
        "patch": {
            "mesh": {"elements_xy": ELEMENTS, "elements_z": LAYERS, "grading_z": GRADING, "thickness_m": ROLL_OFF},
            "modulus_Pa": MODULUS,
            "poisson": POISSON,
            "ranks": comm.size,
            "seeds": {str(k): v for k, v in fe.items()},
        },
        "reference": {
            "method": "Tamaas PolonskyKeerRey, perimeter-corrected contact area",
            "tolerance": REFERENCE_TOL,
            "narrow": {str(k): v for k, v in ref["narrow"].items()},
            "converged": ref["converged"],
            "rich": {str(m): {str(k): v for k, v in d.items()} for m, d in ref["rich"].items()},
        },
    }
    return finish(comm, "rough_kappa", data, checks)


if __name__ == "__main__":
    raise SystemExit(main())
