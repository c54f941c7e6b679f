"""Named entries of Google-style docstring sections (``Attributes:``, ``Keys:``), for the generated docs.

A section is a header line ``Attributes:`` (or ``Keys:``) followed by entries indented one level
deeper, each ``name: text`` with continuation lines indented further. An entry may name several
keys at once (``elements_along, tpi_elements, core_elements: Mesh divisions.``).
"""

from __future__ import annotations

import inspect
import re

__all__ = ["section_entries"]

_HEADER = re.compile(r"^(\s*)([A-Z][A-Za-z ]*):\s*$")
_ENTRY = re.compile(r"^([\w.\[\]]+(?:\s*,\s*[\w.\[\]]+)*)\s*(?:\([^)]*\))?:\s*(.*)$")


def section_entries(obj: object, section: str) -> dict[str, str]:
    """The entries of one section of ``obj``'s docstring, name → text on one line.

    Args:
        obj: A class, function or module (its docstring is cleaned with :func:`inspect.getdoc`).
        section: The section's header without the colon (``"Attributes"``, ``"Keys"``).
    """
    doc = inspect.getdoc(obj) or ""
    lines = doc.splitlines()
    out: dict[str, str] = {}
    inside = False
    base = 0
    current: list[str] = []
    names: list[str] = []

    def flush() -> None:
        if names:
            text = " ".join(part.strip() for part in current).strip()
            for name in names:
                out[name] = text

    for line in lines:
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if inside and indent > base:
            entry = _ENTRY.match(line.strip()) if indent == base + 4 else None
            if entry:
                flush()
                names = [n.strip() for n in entry.group(1).split(",")]
                current = [entry.group(2)]
            else:
                current.append(line)
            continue
        if inside:  # text at the header's level ends the section
            flush()
            names, current, inside = [], [], False
        header = _HEADER.match(line)
        if header and header.group(2) == section:
            inside, base = True, len(header.group(1))
    if inside:
        flush()
    return out
