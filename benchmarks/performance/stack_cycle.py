"""Speed of the stack model: the bundled double-sided lamination case through its full cycle.

Target (issue: stack model): under 20 s on 2 cores. Run:
    .venv/bin/mpiexec -n 2 .venv/bin/python benchmarks/performance/stack_cycle.py
Reports DOFs, steps, Newton iterations per step, wall time, and its split into assembly (SNES
function and Jacobian evaluations), the linear solver (KSP solve incl. MUMPS factorisation) and
the rest (Python: stepping, internal-variable updates, diagnostics, output).
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

from benchmarks.common import write_result

TARGET_S = 20.0
CASE = Path(__file__).resolve().parents[2] / "cases" / "lamination_double_sided.toml"


def _event(name: str) -> float:
    return float(PETSc.Log.Event(name).getPerfInfo().get("time", 0.0))


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
    assembly = comm.allreduce(_event("SNESFunctionEval") + _event("SNESJacobianEval"), op=MPI.MAX)
    linear = comm.allreduce(_event("KSPSolve"), op=MPI.MAX)
    factor = comm.allreduce(_event("MatLUFactorNum") + _event("MatLUFactorSym"), op=MPI.MAX)
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
        "assembly_s": assembly,
        "linear_solver_s": linear,
        "lu_factorisation_s": factor,
        "python_and_other_s": wall - assembly - linear,
        "share": {
            "assembly": assembly / wall,
            "linear_solver": linear / wall,
            "python_and_other": (wall - assembly - linear) / wall,
        },
        "curvature_1_per_m": s["curvature_1_per_m"],
    }
    if comm.rank == 0:
        path = write_result(f"stack_cycle_np{comm.size}", data)
        print(
            f"stack cycle on {comm.size} rank(s): {wall:.1f} s (target {TARGET_S} s), {s['dofs']} DOFs, "
            f"{s['steps']} steps, {data['newton_per_step']:.2f} Newton/step; assembly {assembly:.1f} s, "
            f"linear solver {linear:.1f} s → {path}"
        )
    return 0 if wall < TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
