"""``thermobond collect DIR``: one table of a study's parameters and results (CSV and Parquet)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..study import collect
from .common import EXIT_OK, say

__all__ = ["main"]


def main(args: argparse.Namespace) -> int:
    table = collect(Path(args.directory).resolve())
    done = sum(r["status"] == "done" for r in table.rows)
    say(f"{table.csv_path}: {len(table.rows)} cases, {done} done, {len(table.columns)} columns")
    if table.parquet_path:
        say(f"  also {table.parquet_path}")
    else:
        say("  (no Parquet file: install the extra thermobond[parquet] for it)")
    for name in ("sobol_indices.csv", "surrogates.json", "probability.csv"):  # the uncertainty analysis
        if (table.csv_path.parent / name).is_file():
            say(f"  also {table.csv_path.parent / name}")
    for r in table.failed:
        say(f"  {r['status']:<10} {r['case']}  {r['reason']}")
    return EXIT_OK
