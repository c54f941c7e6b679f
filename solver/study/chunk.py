"""A SLURM array task's chunk of serial cases in one warm worker: ``python -m thermobond.study.chunk DIR...``.

The batch script of a study with ``cases_per_task > 1`` (:mod:`.slurm`) calls this instead of one
``thermobond run`` per case: the cases run in turn in a warm worker process (:func:`.warm.run_warm`
with one worker), so the interpreter, DOLFINx, PETSc and the compiled forms are loaded once per task.
A case that does not end in a result is recorded as failed and retires the worker; the next case
gets a fresh one. Each case's output goes to its own ``run.log``. Exit code 0 when every case is
done, 1 otherwise (the batch script's epilogue then records any case that left nothing behind).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from .outcome import CaseOutcome
from .warm import run_warm

__all__ = ["run_chunk"]

log = logging.getLogger(__name__)


def run_chunk(case_dirs: list[Path]) -> list[CaseOutcome]:
    """Run the cases in ``case_dirs`` one after the other in a warm worker; their outcomes."""
    if not case_dirs:
        return []

    def progress(outcome: CaseOutcome, finished: int, total: int) -> None:
        log.info(
            "case %d of %d: %s %s (%.1f s) %s",
            finished,
            total,
            outcome.id,
            outcome.state,
            outcome.seconds,
            outcome.reason,
        )

    return run_warm([(d.name, d) for d in case_dirs], workers=1, cases_per_worker=len(case_dirs), progress=progress)


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="thermobond chunk: %(message)s")
    outcomes = run_chunk([Path(a) for a in argv])
    return 0 if all(o.state == "done" for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
