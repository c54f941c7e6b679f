"""Scaling of the 3-D interface patch: one elastic contact solve at increasing mesh sizes.

An elastic layer (E 3 GPa, ν 0.3, H = λ/2) pressed at half the full-contact pressure p* of Johnson,
Greenwood & Higginson (1985) on the bisinusoid of λ 5 µm, Δ 25 nm, on uniform hexahedral meshes of
about 8e3 to 2e5 degrees of freedom, solved by CG + GAMG with the rigid-body near-nullspace (or MUMPS
with ``--method lu``). Records DOFs, Newton and Krylov iterations, wall time and DOFs per second per
rank; checks that the Krylov iterations per Newton iteration stay bounded as the mesh is refined
(an optimal preconditioner: at most 2.5× those of the coarsest mesh), that the contact pressure
carries the load (equilibrium, 1e-8) and, on the finest mesh, the contact fraction against the
Hertz asymptote of a lighter load (p* / 20; the node-counting bias is reported, not a criterion).
Writes benchmarks/results/patch_scaling_<method>_np<N>.json. Run:
    .venv/bin/mpiexec -n 2 .venv/bin/python benchmarks/performance/patch_scaling.py [--method lu] [--sizes 16 24 32 48]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

from mpi4py import MPI

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

WAVELENGTH, AMPLITUDE = 5e-6, 25e-9  # m
MODULUS, POISSON = 3e9, 0.3
LOAD = 0.5  # p̄ / p*
LIGHT_LOAD = 0.05  # p̄ / p* of the Hertz comparison
KRYLOV_GROWTH = 2.5  # Krylov iterations per Newton iteration, finest over coarsest


def main() -> int:
    from thermobond.simulation.patch import Bisinusoid, ContactPatch, PatchMesh, PatchSolver

    from benchmarks.common import check, finish

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--method", choices=("gamg", "lu"), default="gamg")
    parser.add_argument("--sizes", type=int, nargs="+", default=[16, 24, 32, 48])
    args = parser.parse_args()
    comm = MPI.COMM_WORLD
    surface = Bisinusoid(AMPLITUDE, WAVELENGTH)
    e_star = MODULUS / (1 - POISSON**2)
    pstar = math.sqrt(2) * math.pi * e_star * AMPLITUDE / WAVELENGTH
    runs = []
    for n in args.sizes:
        spec = PatchMesh(n, max(4, n // 2), grading_z=1.5)
        t0 = time.perf_counter()
        patch = ContactPatch(comm, surface, WAVELENGTH / 2, MODULUS, POISSON, spec, PatchSolver(args.method))
        setup = comm.allreduce(time.perf_counter() - t0, op=MPI.MAX)
        r = patch.solve(LOAD * pstar)
        runs.append(
            {
                "elements_xy": n,
                "elements_z": spec.elements_z,
                "dofs": r.dofs,
                "setup_s": setup,
                "wall_time_s": r.wall_time_s,
                "newton_iterations": r.newton_iterations,
                "krylov_iterations": r.krylov_iterations,
                "krylov_per_newton": r.krylov_iterations / max(r.newton_iterations, 1),
                "dofs_per_s_per_rank": r.dofs / r.wall_time_s / comm.size,
                "contact_fraction": r.contact_fraction,
                "equilibrium_error": abs(r.contact_force_N / (r.pressure_Pa * WAVELENGTH**2) - 1),
            }
        )
        if comm.rank == 0:
            print(
                f"n={n}: {r.dofs} DOFs, {r.newton_iterations} Newton, {r.krylov_iterations} Krylov, "
                f"{r.wall_time_s:.1f} s, contact fraction {r.contact_fraction:.4f}",
                flush=True,
            )
    light = patch.solve(LIGHT_LOAD * pstar)
    hertz = math.pi * (3 * LIGHT_LOAD / (8 * math.pi)) ** (2 / 3)
    growth = runs[-1]["krylov_per_newton"] / runs[0]["krylov_per_newton"]
    worst_eq = max(run["equilibrium_error"] for run in runs)
    checks = [
        check("equilibrium: contact force / (p̄ λ²) − 1, worst mesh", f"{worst_eq:.2e}", "0", "1e-8", worst_eq < 1e-8),
        check(
            f"contact fraction at p̄ = {LIGHT_LOAD} p*, {runs[-1]['dofs']} DOFs",
            f"{light.contact_fraction:.4f}",
            f"{hertz:.4f} (Hertz asymptote, JGH 1985)",
            "",
            None,
        ),
    ]
    if args.method == "gamg" and len(runs) > 1:
        checks.append(
            check(
                "Krylov iterations per Newton iteration, finest / coarsest mesh",
                f"{growth:.2f}",
                "1 (optimal)",
                f"≤ {KRYLOV_GROWTH}",
                growth <= KRYLOV_GROWTH,
            )
        )
    data = {
        "case": "patch_scaling",
        "method": args.method,
        "mpi_size": comm.size,
        "load_over_full_contact_pressure": LOAD,
        "runs": runs,
        "light_load_contact_fraction": light.contact_fraction,
        "light_load_hertz_fraction": hertz,
    }
    return finish(comm, f"patch_scaling_{args.method}_np{comm.size}", data, checks)


if __name__ == "__main__":
    raise SystemExit(main())
