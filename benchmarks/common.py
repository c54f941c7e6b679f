"""Shared bits of the benchmark scripts: where results go, what is recorded with them, and the split
of a solver run's wall time into its PETSc phases."""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def write_result(name: str, data: dict[str, Any]) -> Path:
    """Write ``benchmarks/results/<name>.json`` with the machine and time of the measurement."""
    from thermobond.outputs import dumps_json, software_versions

    RESULTS.mkdir(exist_ok=True)
    record = {
        "benchmark": name,
        "measured": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "software": {
            k: v
            for k, v in software_versions().items()
            if k in ("thermobond", "dolfinx", "petsc", "numpy", "scipy", "git_revision")
        },
        **data,
    }
    path = RESULTS / f"{name}.json"
    path.write_text(dumps_json(record))
    return path


def solver_phases(comm: Any, wall: float) -> dict[str, float]:
    """Split ``wall`` (s) of a run timed after ``PETSc.Log.begin()`` into its phases, slowest rank each.

    Assembly is the SNES function and Jacobian evaluations; LU factorisation (symbolic + numeric) is
    logged outside ``KSPSolve``, which is left with the triangular solves; the rest is Python
    (stepping, internal-variable updates, diagnostics, output).
    """
    from mpi4py import MPI
    from petsc4py import PETSc

    def seconds(*events: str) -> float:
        local = sum(float(PETSc.Log.Event(e).getPerfInfo().get("time", 0.0)) for e in events)
        return float(comm.allreduce(local, op=MPI.MAX))

    phases = {
        "assembly_s": seconds("SNESFunctionEval", "SNESJacobianEval"),
        "lu_factorisation_s": seconds("MatLUFactorSym", "MatLUFactorNum"),
        "triangular_solves_s": seconds("KSPSolve"),
    }
    phases["python_and_other_s"] = wall - sum(phases.values())
    return phases
