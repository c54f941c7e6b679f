"""Epilogue of a batch task: ``python -m thermobond.study.record CASE_DIR EXIT_CODE [TASK]``.

A run that ended without ``summary.json`` and without having recorded its own failure (killed
with SIGKILL, out of memory, a launcher error) gets a ``failure.json`` naming the exit code, the
batch task and the end of its log, so that the case shows as failed, never as complete.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..outputs import atomic_write_text, dumps_json

__all__ = ["record"]


def record(case_dir: Path, code: int | None, task: str = "", state: str = "") -> bool:
    """Write ``failure.json`` if the run left neither a result nor a failure; True if it did.

    ``code`` is the run's exit code (from the batch script's epilogue); ``state`` the task's final
    SLURM state, for a task killed with its script (the driver records it after the job ends).
    """
    if (case_dir / "summary.json").is_file() or (case_dir / "failure.json").is_file():
        return False
    try:
        tail = (case_dir / "run.log").read_text(errors="replace").strip().splitlines()[-5:]
    except OSError:
        tail = []
    where = f" in batch task {task}" if task else ""
    if state:
        message = f"the run ended {state}{where} without a result or a record of why; see run.log"
    else:
        message = f"thermobond run exited with code {code}{where} without a result; see run.log"
    error = "ExitCode" if not state else f"Slurm{state.title().replace('_', '')}"
    atomic_write_text(
        case_dir / "failure.json",
        dumps_json({"error": error, "message": message, "exit_code": code, "log_tail": tail}),
    )
    return True


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit("usage: python -m thermobond.study.record CASE_DIR EXIT_CODE [TASK]")
    record(Path(args[0]), int(args[1]), args[2] if len(args) > 2 else "")
