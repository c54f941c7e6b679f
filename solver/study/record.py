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


def record(case_dir: Path, code: int, task: str = "") -> bool:
    """Write ``failure.json`` if the run left neither a result nor a failure; True if it did."""
    if (case_dir / "summary.json").is_file() or (case_dir / "failure.json").is_file():
        return False
    try:
        tail = (case_dir / "run.log").read_text(errors="replace").strip().splitlines()[-5:]
    except OSError:
        tail = []
    atomic_write_text(
        case_dir / "failure.json",
        dumps_json(
            {
                "error": "ExitCode",
                "message": f"thermobond run exited with code {code}"
                + (f" in batch task {task}" if task else "")
                + " without a result; see run.log",
                "exit_code": code,
                "log_tail": tail,
            }
        ),
    )
    return True


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit("usage: python -m thermobond.study.record CASE_DIR EXIT_CODE [TASK]")
    record(Path(args[0]), int(args[1]), args[2] if len(args) > 2 else "")
