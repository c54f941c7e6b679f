"""``thermobond report DIR``: the process report of a study (self-contained HTML and a PDF)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..report.studyreport import write_report
from .common import EXIT_OK, say

__all__ = ["main"]


def main(args: argparse.Namespace) -> int:
    html, pdf = write_report(Path(args.directory).resolve())
    say(f"Report: {html}")
    say(f"        {pdf}")
    return EXIT_OK
