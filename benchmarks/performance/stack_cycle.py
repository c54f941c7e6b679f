"""Speed of the stack model: the bundled double-sided lamination case through its full cycle.

Target (issue: stack model): under 20 s on 2 cores. Run:
    .venv/bin/mpiexec -n 2 .venv/bin/python benchmarks/performance/stack_cycle.py
Reports DOFs, steps, Newton iterations per step, wall time, and its split into assembly (SNES
function and Jacobian evaluations), LU factorisation, triangular solves and the rest (Python:
stepping, internal-variable updates, diagnostics, output; see ``benchmarks.common.solver_phases``).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from mpi4py import MPI
from petsc4py import PETSc

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from thermobond.case import load_case
from thermobond.simulation.stack import run_stack

from benchmarks.common import solver_phases, write_result

TARGET_S = 20.0
CASE = Path(__file__).resolve().parents[2] / "cases" / "lamination_double_sided.toml"


def main() -> int:
    comm = MPI.COMM_WORLD
    case = load_case(CASE)
    # warm the JIT cache so the measurement is the solve, not the first compilation
    with tempfile.TemporaryDirectory() as d:
        out = Path(comm.bcast(d if comm.rank == 0 else None, root=0))
        run_stack(case, out / "warm", comm)
        PETSc.Log.begin()
        t0 = time.perf_counter()
        s = run_stack(case, out / "run", comm)
        wall = comm.allreduce(time.perf_counter() - t0, op=MPI.MAX)
    phases = solver_phases(comm, wall)
    data = {
        "case": case.name,
        "mpi_size": comm.size,
        "dofs": s["dofs"],
        "cells": s["cells"],
        "steps": s["steps"],
        "newton_iterations": s["newton_iterations"],
        "newton_per_step": s["newton_iterations"] / max(s["steps"], 1),
        "cutbacks": s["cutbacks"],
        "wall_time_s": wall,
        "target_s": TARGET_S,
        "meets_target": wall < TARGET_S,
        **phases,
        "share": {k.removesuffix("_s"): v / wall for k, v in phases.items()},
        "curvature_1_per_m": s["curvature_1_per_m"],
    }
    if comm.rank == 0:
        path = write_result(f"stack_cycle_np{comm.size}", data)
        print(
            f"stack cycle on {comm.size} rank(s): {wall:.1f} s (target {TARGET_S} s), {s['dofs']} DOFs, "
            f"{s['steps']} steps, {data['newton_per_step']:.2f} Newton/step; assembly {phases['assembly_s']:.1f} s, "
            f"LU {phases['lu_factorisation_s']:.1f} s, solves {phases['triangular_solves_s']:.1f} s → {path}"
        )
    return 0 if wall < TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
