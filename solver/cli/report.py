"""``thermobond report DIR``: the process report of a study or of one run (HTML and PDF);
``thermobond report RUN RUN ... [-o DIR]``: several runs side by side."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import InputError
from ..report import write_comparison_report, write_report
from .common import EXIT_OK, say

__all__ = ["main"]


def main(args: argparse.Namespace) -> int:
    folders = [Path(d).resolve() for d in args.directory]
    labels = [x.strip() for x in args.labels.split(",")] if args.labels else None
    if len(folders) == 1:
        if args.output is not None or labels is not None:
            raise InputError(
                "-o and --labels are for a side-by-side report of several runs",
                accepted="thermobond report DIR (written into DIR/report), or thermobond report RUN RUN ... -o OUT",
            )
        files = write_report(folders[0])
    else:
        files = write_comparison_report(folders, Path(args.output or "comparison").resolve(), labels)
    say(f"Report: {files.html}")
    say(f"        {files.pdf} ({len(files.pages)} pages; pictures of them in {files.pages[0].parent})")
    return EXIT_OK
