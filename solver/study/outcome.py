"""How a case ended under an executor, and the environment its process runs in (shared by the
local executor and its warm workers)."""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["CaseOutcome", "child_environment"]


@dataclass(frozen=True)
class CaseOutcome:
    """How one case ended under an executor."""

    id: str
    state: str
    seconds: float
    reason: str = ""


def child_environment() -> dict[str, str]:
    """The case processes' environment: one thread per process (the pool and MPI fill the cores)."""
    env = dict(os.environ)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"
    return env
