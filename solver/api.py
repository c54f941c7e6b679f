"""The Python API for notebooks and scripts.

>>> import thermobond
>>> case = thermobond.load_case("cases/flagship_single_sided.toml", **{"cycle.cool.rate": "2 K/min"})
>>> result = thermobond.run(case)                      # nothing written; or output="results/x"
>>> result.summary.stack.curvature_1_per_m
>>> result.history                                     # a pandas DataFrame, one row per step

Under MPI (``mpiexec -n 2 python script.py``) every rank calls :func:`run`; ``comm`` defaults to
``MPI.COMM_WORLD``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import _mpi
from .case import Case, load_case
from .pipeline import run_case

if TYPE_CHECKING:
    from .pipeline import Result

__all__ = ["load_case", "run"]


class _RankZero(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return _mpi.rank() == 0


def _show_progress() -> None:
    """Progress on stderr from rank 0, unless the caller configured logging itself."""
    log = logging.getLogger("thermobond")
    if log.handlers or logging.getLogger().handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(_RankZero())
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def run(case: Case | str | Path, output: str | Path | None = None, comm: Any = None) -> Result:
    """Solve a case: every model it lists, then adhesion and claims.

    Args:
        case: A case from :func:`load_case`, or the path of a case file.
        output: The results folder to write (``summary.json``, histories, plots, fields), or None
            to write nothing and only return the results.
        comm: MPI communicator (default ``MPI.COMM_WORLD``).

    Returns:
        The :class:`~thermobond.pipeline.Result`: ``summary`` (typed), ``history`` (a pandas
        DataFrame), each model's result.

    Raises:
        InputError: The case file does not validate.
        ConvergenceError: A step failed at the smallest allowed step.
    """

    _show_progress()
    if not isinstance(case, Case):
        case = load_case(case)
    return run_case(case, None if output is None else Path(output).resolve(), comm or _mpi.world())
