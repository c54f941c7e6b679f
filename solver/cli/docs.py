"""``thermobond docs``: build the documentation site (warnings are errors) and say where it is."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from .common import EXIT_OK, say

__all__ = ["main"]

log = logging.getLogger(__name__)


def main(args: argparse.Namespace) -> int:
    from ..docsite.build import CHECKOUT, build_site, run_examples

    docs = Path(args.source).resolve() if args.source else CHECKOUT / "docs"
    root = docs.parent
    results = Path(args.results).resolve() if args.results else root / "results"
    if args.run_examples:
        cases = sorted((root / "cases").glob("*.toml"))
        log.info("running the %d bundled cases into %s first (several minutes)", len(cases), results)
        run_examples(cases, results)
    out = Path(args.output).resolve() if args.output else root / "docs" / "_build" / "html"
    log.info("building the documentation from %s", docs)
    site = build_site(out, docs=docs, results=results, warnings_as_errors=not args.allow_warnings)
    say(f"Documentation: {site.index} ({site.pages} pages, built in {site.seconds:.0f} s)")
    return EXIT_OK
