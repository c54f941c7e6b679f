"""Shared bits of the benchmark scripts: where results go, what is recorded with them, the verdict and
exit code of a run, and the split of a solver run's wall time into its PETSc phases.

Every benchmark compares what it measures with a target (performance) or a reference (verification,
validation), one :func:`check` per comparison, and ends with :func:`write_result`, which records the
checks and the verdict and returns the exit code:

* ``0``: every check with a criterion passes; written to ``benchmarks/results/<name>.json``;
* ``1``: a check fails (the record is written all the same, with ``"verdict": "fail"``);
* ``3``: the git tree has changes outside ``benchmarks/results/``: a number measured on code that is
  not in a commit cannot be reproduced, so the record goes to ``benchmarks/results/dirty/``
  (ignored by git) and never over a committed result.

The checks are the rows of the documentation's benchmark tables (``thermobond.docsite.vv``:
quantity, measured, reference, tolerance, passes — None for a row reported without a criterion).
Each record carries the commit it was measured on (``commit``) and whether the tree was clean.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
DIRTY = RESULTS / "dirty"
EXIT_PASS, EXIT_FAIL, EXIT_DIRTY = 0, 1, 3


def git_state() -> tuple[str, list[str]]:
    """(HEAD commit, changed paths): tracked changes and untracked files outside ``benchmarks/results``."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout if done.returncode == 0 else ""

    commit = git("rev-parse", "HEAD").strip() or "unknown"
    status = git("status", "--porcelain", "--", ".", ":(exclude)benchmarks/results")
    return commit, [line[3:] for line in status.splitlines() if line.strip()]


def check(
    quantity: str, measured: Any, reference: Any, tolerance: Any = "", passes: bool | None = None
) -> dict[str, Any]:
    """One comparison of a benchmark (a row of its documentation table).

    Args:
        quantity: What is compared.
        measured: What thermobond gives (a number or text with its unit).
        reference: What it is compared with: a target, an analytical or published value.
        tolerance: The accepted difference or range, as text ("" when there is no criterion).
        passes: The verdict; None for a number reported without a criterion.
    """
    return {
        "quantity": quantity,
        "measured": measured,
        "reference": reference,
        "tolerance": tolerance,
        "passes": passes,
    }


def write_result(name: str, data: dict[str, Any], checks: list[dict[str, Any]]) -> int:
    """Write the record of benchmark ``name`` and return the script's exit code (see the module docstring).

    Args:
        name: File stem of the record (``stack_cycle_np2``).
        data: What was measured, and how.
        checks: The comparisons (:func:`check`); at least one with a criterion.

    Raises:
        ValueError: No check has a criterion.
    """
    from thermobond.outputs import dumps_json, software_versions

    if not any(c["passes"] is not None for c in checks):
        raise ValueError(f"benchmark {name}: no check with a criterion")
    passed = all(c["passes"] is not False for c in checks)
    commit, changed = git_state()
    record = {
        "benchmark": name,
        "verdict": "pass" if passed else "fail",
        "meets_target": passed,
        "commit": commit,
        "tree_clean": not changed,
        "measured": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "load_average_1min": os.getloadavg()[0],
        "software": {
            **{
                k: v
                for k, v in software_versions().items()
                if k in ("thermobond", "dolfinx", "petsc", "numpy", "scipy")
            },
            # the tree state as the record's own check sees it (earlier records, which a run of all
            # benchmarks writes one after the other, do not make the code dirty)
            "git_revision": commit + ("-dirty" if changed else ""),
        },
        "checks": checks,
        **data,
    }
    folder = RESULTS if not changed else DIRTY
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(dumps_json(record))
    for c in checks:
        verdict = "—" if c["passes"] is None else "pass" if c["passes"] else "FAIL"
        print(
            f"  {verdict:4s}  {c['quantity']}: {c['measured']} "
            f"(reference {c['reference']}; {c['tolerance'] or 'no criterion'})"
        )
    verdict = "PASS" if passed else "FAIL"
    if changed:
        print(
            f"{name}: {verdict}, but the tree has uncommitted changes ({', '.join(changed[:5])}"
            f"{' …' if len(changed) > 5 else ''}): written to {path.relative_to(ROOT)}, not to benchmarks/results",
            file=sys.stderr,
        )
        return EXIT_DIRTY
    print(f"{name}: {verdict} → {path.relative_to(ROOT)}")
    return EXIT_PASS if passed else EXIT_FAIL


def finish(comm: Any, name: str, data: dict[str, Any], checks: list[dict[str, Any]]) -> int:
    """:func:`write_result` on rank 0 of ``comm``; every rank returns the same exit code."""
    code = write_result(name, data, checks) if comm.rank == 0 else 0
    return int(comm.bcast(code, root=0))


def alone(comm: Any, task: Any) -> Any:
    """``task(sub)`` on a communicator of rank 0 alone, its result on rank 0 (None elsewhere); the other
    ranks sleep until it is done, polling a non-blocking barrier every 10 ms so that they take no core
    (MPICH's blocking barrier spins)."""
    from mpi4py import MPI

    sub = comm.Split(0 if comm.rank == 0 else MPI.UNDEFINED, 0)
    out = task(sub) if comm.rank == 0 else None
    done = comm.Ibarrier()
    while not done.Test():
        time.sleep(0.01)
    if sub != MPI.COMM_NULL:
        sub.Free()
    return out


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
