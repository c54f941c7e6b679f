"""Plots and reports (matplotlib, Agg backend; rank 0 only).

:func:`write_report` writes the process report of a study directory or of one run's results
folder (it tells which from the folder): ``report/report.html`` and ``report/report.pdf``;
:func:`write_comparison_report` puts several runs side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError
from .document import ReportFiles

__all__ = ["ReportFiles", "write_comparison_report", "write_report"]


def write_comparison_report(folders: Sequence[Path], out: Path, labels: Sequence[str] | None = None) -> ReportFiles:
    """Several runs' results folders side by side (a press and a roll line, two recipes), written
    into ``out`` (``report.html``, ``report.pdf``); see :mod:`.comparereport`.

    Raises:
        InputError: Fewer than two folders, one that is not a run's results folder, or labels that
            do not match the folders.
    """
    from .comparereport import write_comparison_report as write  # matplotlib: loaded when a report is made

    return write(folders, out, labels)


def write_report(folder: Path) -> ReportFiles:
    """The report of a study (a folder with ``manifest.json``) or of a run (``summary.json`` or
    ``failure.json``), written into ``folder/report/``.

    Raises:
        InputError: The folder is neither (not a study directory, not a run's results folder).
    """
    folder = Path(folder)
    if (folder / "manifest.json").is_file():
        from .studyreport import write_study_report  # matplotlib: loaded when a report is made

        return write_study_report(folder)
    if (folder / "summary.json").is_file() or (folder / "failure.json").is_file():
        from .runreport import write_run_report  # matplotlib: loaded when a report is made

        return write_run_report(folder)
    raise InputError(
        "not a study directory (no manifest.json) nor a run's results folder (no summary.json or failure.json)",
        file=folder,
        accepted="the -o folder of `thermobond study` or of `thermobond run`",
    )
