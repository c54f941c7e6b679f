"""The ``thermobond`` command line: one module per command, each a thin layer over a library function.

Exit codes: 0 success, 1 unexpected failure (one paragraph; a full disk, a permission), 2 bad input
(file, key, value and what is accepted are named), 3 a solver did not converge, 4 some cases of a
study have no result, 130 interrupted, 143 terminated by SIGTERM (recorded in failure.json).
Messages go to stderr from rank 0 only.
"""

from __future__ import annotations

import importlib
import signal
from collections.abc import Sequence

from ..errors import ConvergenceError, InputError, Terminated, ThermobondError
from .common import (
    EXIT_CONVERGENCE,
    EXIT_FAILURE,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    configure_logging,
    error,
    rank,
)
from .parser import COMMANDS, build_parser

__all__ = ["entry", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(args.verbosity)
    try:
        module = importlib.import_module(f".{COMMANDS[args.command_name]}", __name__)
        code: int = module.main(args)
        return code
    except InputError as exc:
        error("bad input", exc)
        return EXIT_INPUT
    except ConvergenceError as exc:
        error("solver failure", exc)
        return EXIT_CONVERGENCE
    except Terminated as exc:
        error("terminated" if exc.signum != 2 else "interrupted", exc)
        return EXIT_INTERRUPTED if exc.signum == 2 else EXIT_TERMINATED
    except ThermobondError as exc:
        error("error", exc)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        if rank() == 0:
            error("interrupted", "a study continues with --resume")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # output piped into `head` and closed: not an error of ours
        return EXIT_OK
    except OSError as exc:  # a full disk, a permission, a vanished folder: one paragraph, exit 1
        error("system error", f"{exc.strerror or exc}{f' ({exc.filename})' if exc.filename else ''}")
        return EXIT_FAILURE


def entry() -> int:
    """The ``thermobond`` program (the console script, ``python -m thermobond``): :func:`main`, then
    the interpreter's shutdown with SIGTERM and SIGINT ignored. The command has finished and said
    how (its exit code, its files); Python puts a signal's default action back while it shuts down,
    so a batch system's SIGTERM landing in those milliseconds killed a finished run (exit -15 instead
    of 0). :func:`main` itself leaves the caller's handlers alone (tests and scripts call it)."""
    code = main()
    for s in (signal.SIGTERM, signal.SIGINT):
        signal.signal(s, signal.SIG_IGN)
    return code


if __name__ == "__main__":
    raise SystemExit(entry())
