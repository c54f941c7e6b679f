"""Build the documentation site: the generated pages, then Sphinx with warnings as errors.

The sources are the ``docs/`` folder of a checkout (hand-written pages and ``conf.py``); the pages
generated from the code and the repository (:func:`generated_pages`) are written under
``docs/generated/`` when a build starts, by the Sphinx extension :mod:`.sphinxext`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, ThermobondError
from .keyref import key_reference
from .pages import gallery_pages, reference_pages
from .vv import vv_pages

__all__ = [
    "CHECKOUT",
    "SiteBuild",
    "build_site",
    "bundled_inputs",
    "example_inputs",
    "generated_pages",
    "run_examples",
    "write_pages",
]

log = logging.getLogger(__name__)

#: the checkout this package was installed from (editable install): its ``docs/`` are the sources
CHECKOUT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class SiteBuild:
    """A finished build.

    Attributes:
        index: The site's front page (``index.html``).
        seconds: Wall time of the build (s).
        pages: Number of HTML pages written.
    """

    index: Path
    seconds: float
    pages: int


def bundled_inputs(root: Path) -> list[Path]:
    """The checkout's bundled input files: cases, material and interface cards, studies."""
    cases = root / "cases"
    return (
        sorted(cases.glob("*.toml"))
        + sorted((cases / "materials").glob("*.toml"))
        + sorted((cases / "studies").glob("*.toml"))
    )


def example_inputs(docs: Path) -> list[Path]:
    """The documentation's example input files (``docs/casefile/examples/*.toml``)."""
    return sorted((docs / "casefile" / "examples").glob("*.toml"))


def generated_pages(root: Path, docs: Path, results: Path) -> dict[str, str]:
    """Every generated page, ``{path under docs/generated: Markdown}``; gallery figures are copied.

    Args:
        root: The checkout (``cases/``, ``benchmarks/``, ``tests/``).
        docs: The docs source folder.
        results: Where the runs of the bundled cases are (``results/<case>/plots``).
    """
    out = docs / "generated"
    entries = key_reference([*bundled_inputs(root), *example_inputs(docs)])
    pages = reference_pages(entries, example_inputs(docs), docs)
    pages.update(vv_pages(root / "benchmarks" / "results", root / "tests" / "verification"))
    pages.update(gallery_pages(sorted((root / "cases").glob("*.toml")), results, out, docs))
    return pages


def write_pages(pages: dict[str, str], out: Path) -> int:
    """Write the pages under ``out``, only those whose text changed (Sphinx rebuilds what changed).

    Returns:
        How many files were written.
    """
    written = 0
    for rel, text in pages.items():
        path = out / rel
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written += 1
    return written


def run_examples(cases: Sequence[Path], results: Path) -> list[Path]:
    """Run each case into ``results/<case name>`` (serially, in this process), for the gallery.

    Returns:
        The results folders.
    """
    from ..api import load_case, run  # the solvers: loaded only when examples are run

    out = []
    for path in cases:
        case = load_case(path)
        folder = results / case.name
        log.info("running %s → %s", path.name, folder)
        run(case, output=folder)
        out.append(folder)
    return out


def build_site(
    output: Path,
    *,
    docs: Path | None = None,
    results: Path | None = None,
    warnings_as_errors: bool = True,
    quiet: bool = True,
) -> SiteBuild:
    """Build the HTML site with Sphinx.

    Args:
        output: The folder to write the site to (created).
        docs: The docs source folder (default: ``docs/`` of the checkout thermobond runs from).
        results: Where the bundled cases' runs are, for the gallery (default: ``results/`` of the
            checkout).
        warnings_as_errors: Fail on any warning (``sphinx-build -W``).
        quiet: Only warnings and errors on stderr.

    Raises:
        InputError: No docs sources, or Sphinx (the ``docs`` extra) is not installed.
        ThermobondError: The build failed (with ``warnings_as_errors``: a warning was emitted).
    """
    src = (docs or CHECKOUT / "docs").resolve()
    if not (src / "conf.py").is_file():
        raise InputError(
            "no documentation sources (docs/conf.py) here: build the docs from a checkout of thermobond",
            file=src,
            accepted="the docs/ folder of a thermobond checkout (--source)",
        )
    try:
        from sphinx.cmd.build import build_main  # the docs extra: imported only to build
    except ImportError:
        raise InputError(
            "Sphinx is not installed", accepted="pip install 'thermobond[docs]' (Sphinx, MyST, furo)"
        ) from None
    res = (results or src.parent / "results").resolve()
    out = Path(output).resolve()
    argv: list[Any] = ["-b", "html", "-D", f"thermobond_results={res}"]
    if warnings_as_errors:
        argv += ["-W", "--keep-going"]
    if quiet:
        argv.append("-q")
    started = time.perf_counter()
    code = build_main([*map(str, argv), str(src), str(out)])
    seconds = time.perf_counter() - started
    if code != 0:
        raise ThermobondError(
            f"the documentation build failed (sphinx-build exit code {code}"
            + ("; warnings are errors" if warnings_as_errors else "")
            + "): see the messages above"
        )
    pages = sum(1 for _ in out.rglob("*.html"))
    return SiteBuild(out / "index.html", seconds, pages)
