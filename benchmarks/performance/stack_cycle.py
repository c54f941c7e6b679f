"""Speed of the stack model: the bundled double-sided lamination case through its full cycle.

Target (issue: stack model): under 20 s on 2 cores. Run:
    .venv/bin/mpiexec -n 2 .venv/bin/python benchmarks/performance/stack_cycle.py
Reports DOFs, steps, Newton iterations per step, wall time, and its split into assembly (SNES
function and Jacobian evaluations), LU factorisation, triangular solves and the rest (Python:
stepping, internal-variable updates, diagnostics, output; see ``benchmarks.common.solver_phases``).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from mpi4py import MPI
from petsc4py import PETSc

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from thermobond.case import load_case
from thermobond.simulation.stackmodel import run_stack

from benchmarks.common import solver_phases, write_result

TARGET_S = 20.0
CASE = Path(__file__).resolve().parents[2] / "cases" / "lamination_double_sided.toml"


def main() -> int:
    comm = MPI.COMM_WORLD
    case = load_case(CASE)
    # warm the JIT cache so the measurement is the solve, not the first compilation
    run_stack(case, comm)  # warm the JIT cache so the measurement is the solve, not the compilation
    PETSc.Log.begin()
    t0 = time.perf_counter()
    summary = run_stack(case, comm).summary
    wall = comm.allreduce(time.perf_counter() - t0, op=MPI.MAX)
    st = summary.solver
    s = {"dofs": st.dofs, "steps": st.steps}
    phases = solver_phases(comm, wall)
    data = {
        "case": case.name,
        "mpi_size": comm.size,
        "section": summary.section,
        "dofs": st.dofs,
        "cells": summary.cells,
        "steps": st.steps,
        "newton_iterations": st.newton_iterations,
        "newton_per_step": st.newton_iterations / max(st.steps, 1),
        "cutbacks": st.cutbacks,
        "wall_time_s": wall,
        "target_s": TARGET_S,
        "meets_target": wall < TARGET_S,
        **phases,
        "share": {k.removesuffix("_s"): v / wall for k, v in phases.items()},
        "curvature_1_per_m": summary.curvature_1_per_m,
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
