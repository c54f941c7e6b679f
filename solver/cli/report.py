"""``thermobond report DIR``: the process report of a study or of one run (HTML and PDF)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..report import write_report
from .common import EXIT_OK, say

__all__ = ["main"]


def main(args: argparse.Namespace) -> int:
    files = write_report(Path(args.directory).resolve())
    say(f"Report: {files.html}")
    say(f"        {files.pdf} ({len(files.pages)} pages; pictures of them in {files.pages[0].parent})")
    return EXIT_OK
