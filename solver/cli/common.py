"""What every command shares: exit codes, messages on rank 0, logging, the results folder."""

from __future__ import annotations

import logging
import signal
import sys
import textwrap
from pathlib import Path

from .. import _mpi
from ..errors import InputError

__all__ = [
    "EXIT_CASES_FAILED",
    "EXIT_CONVERGENCE",
    "EXIT_FAILURE",
    "EXIT_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_TERMINATED",
    "configure_logging",
    "error",
    "rank",
    "results_dir",
    "say",
]

EXIT_OK, EXIT_FAILURE, EXIT_INPUT, EXIT_CONVERGENCE, EXIT_CASES_FAILED = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 128 + signal.SIGINT
EXIT_TERMINATED = 128 + signal.SIGTERM


def rank() -> int:
    """This process's MPI rank (0 without MPI)."""
    return _mpi.rank()


class _RankZero(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return rank() == 0


class _CurrentStderr(logging.StreamHandler):
    """Writes to ``sys.stderr`` as it is when a record is emitted, not as it was when the command
    started: a caller that swaps it (a test's capture, an embedding program) and closes the old one
    later must not leave the next command logging into a closed file."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def configure_logging(verbosity: int) -> None:
    """INFO (progress) on stderr from rank 0; ``-q`` warnings only, ``-v`` debug."""
    level = logging.WARNING if verbosity < 0 else logging.INFO if verbosity == 0 else logging.DEBUG
    handler = _CurrentStderr(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(_RankZero())
    root = logging.getLogger("thermobond")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def say(text: str) -> None:
    """Print to stdout on rank 0."""
    if rank() == 0:
        print(text, flush=True)


def error(kind: str, exc: BaseException | str) -> None:
    """One paragraph on stderr, rank 0."""
    if rank() == 0:
        # paths and hyphenated words stay whole, so a file named in the message can be copied
        body = textwrap.fill(
            str(exc), width=100, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False
        )
        print(f"thermobond: {kind}: {body}", file=sys.stderr, flush=True)


def results_dir(output: str | None, name: str, sub: str = "") -> Path:
    """``-o`` if given (an empty value is an error), else ``results/<name>[/sub]``."""

    if output is not None and not output.strip():
        raise InputError("an empty results folder was given", key="--output", value=output, accepted="a folder path")
    base = Path(output) if output is not None else Path("results") / name
    return (base / sub if sub and output is None else base).resolve()
