"""Sphinx extension: write the generated pages (:func:`~.build.generated_pages`) when a build starts.

In ``conf.py``: ``extensions = [..., "thermobond.docsite.sphinxext"]``. Configuration values:
``thermobond_results`` (the folder with the bundled cases' runs for the gallery; default
``results/`` next to the docs folder).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .build import generated_pages, write_pages

__all__ = ["clean_docstring", "setup"]

# |x| written for an absolute value (RST reads it as a substitution reference); not a table border
_ABS = re.compile(r"(?<![|\\\w])\|([^|\s`][^|`]*?)\|(?![|\w])")
# "Attributes (beyond the self-explaining ones):" and the like: napoleon knows only "Attributes:"
_SECTION_NOTE = re.compile(r"^(\s*)(Attributes|Args|Returns|Raises|Keys) \([^)]*\):\s*$")


def clean_docstring(app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]) -> None:
    """Make the package's docstrings valid reStructuredText before napoleon reads them: absolute
    values ``|x|`` are escaped, and a section header with a remark in parentheses loses the remark."""
    for i, line in enumerate(lines):
        line = _SECTION_NOTE.sub(r"\1\2:", line)
        lines[i] = _ABS.sub(r"\|\1\|", line)


def _generate(app: Any) -> None:
    docs = Path(app.srcdir)
    root = docs.parent
    results = Path(app.config.thermobond_results or root / "results")
    write_pages(generated_pages(root, docs, results), docs / "generated")


def setup(app: Any) -> dict[str, Any]:
    """Register the configuration value and the page generator."""
    app.add_config_value("thermobond_results", "", "env", types=[str])
    app.connect("builder-inited", _generate)
    app.connect("autodoc-process-docstring", clean_docstring, priority=400)  # before napoleon (500)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
