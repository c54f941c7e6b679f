"""Markdown (MyST) pages generated from the code and the repository.

* :func:`reference_pages` — one page per kind of input file, one table per TOML table, from the
  recorded :class:`~thermobond.docsite.keyref.KeyDoc` entries;
* :func:`gallery_pages` — each bundled case with its description, its file and the figures of its
  run when ``results/<case>/plots`` exists;
* the verification and validation pages are :mod:`.vv`.

Every function returns ``{relative file name: text}``; writing is the caller's (the Sphinx
extension writes only files whose text changed, so unchanged pages are not rebuilt).
"""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path

from .keyref import KeyDoc

__all__ = ["FILE_KINDS", "gallery_pages", "reference_pages", "table_cell"]

#: kind of input file → (page name, title, what it is)
FILE_KINDS: dict[str, tuple[str, str, str]] = {
    "case file": (
        "case",
        "Case files",
        "A case file describes one laminate, its press recipe and what to compute (``thermobond run CASE``).",
    ),
    "material card": (
        "material",
        "Material cards",
        "A material card holds one material: ``metal``, ``polymer``, ``thermoplastic`` or ``thermal`` "
        "(pads). The column *cards* says which kinds read a key.",
    ),
    "interface card": (
        "interface-card",
        "Interface cards",
        "An interface card holds the intrinsic toughness and the bond kinetics of a metal–TPI interface "
        "(``[adhesion] interface`` of a case).",
    ),
    "study file": (
        "study",
        "Study files",
        "A study file names a base case, the keys to vary and how to sample and run them (``thermobond study STUDY``).",
    ),
}


def table_cell(text: str) -> str:
    """Text made safe for one cell of a Markdown pipe table."""
    return " ".join(text.split()).replace("|", "\\|") if text else ""


def _code(text: str) -> str:
    if not text:
        return ""
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _heading(table: str) -> str:
    if not table:
        return "Top level"
    return f"[[{table[:-2]}]]" if table.endswith("[]") else f"[{table}]"


def _anchor(kind: str, table: str) -> str:
    page = FILE_KINDS[kind][0]
    slug = table.replace("[]", "").replace(".", "-") or "top"
    return f"ref-{page}-{slug}"


def _table(entries: Sequence[KeyDoc], cards: bool) -> list[str]:
    head = ["Key", "Kind (unit)", "Default", "Accepted", "Example", "Description"]
    if cards:
        head.insert(1, "Cards")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for e in entries:
        name = e.key.rpartition(".")[2]
        example = ""
        if e.example:
            example = _code(f"{name} = {e.example}")
            if e.example_file:
                example += f" ({e.example_file})"
        description = e.description
        if e.free_form:
            description += " Its own keys are taken as they are."
        row = [
            f"**{_code(name)}**",
            _kind(e),
            e.default,
            e.accepted,
            example,
            description,
        ]
        if cards:
            row.insert(1, ", ".join(e.used_by))
        lines.append("| " + " | ".join(table_cell(c) for c in row) + " |")
    return lines


def _kind(e: KeyDoc) -> str:
    from ..units import DIMENSIONS

    if e.kind is not None and e.kind != "dimensionless":
        if e.kind == "temperature":
            return "temperature (°C, K, °F)"
        return f"{e.kind.replace('_', ' ')} ({DIMENSIONS[e.kind][1].replace('*', '·')})"
    return {
        "quantity": "number",
        "optional_quantity": "number",
        "number": "number",
        "integer": "integer",
        "string": "string",
        "boolean": "boolean",
        "path": "file path",
        "array": "array",
        "section": "table",
        "sections": "array of tables",
        "free_table": "table",
    }[e.accessor]


def reference_pages(entries: Iterable[KeyDoc], examples: Sequence[Path], docs_root: Path) -> dict[str, str]:
    """The input-file reference: ``casefile/<kind>.md`` per kind of file, tables in reading order.

    Args:
        entries: The recorded keys (:func:`~thermobond.docsite.keyref.key_reference`).
        examples: The documentation's example input files, shown at the end of their kind's page.
        docs_root: The docs source folder (``literalinclude`` paths are taken from it).
    """
    by_kind: dict[str, dict[str, list[KeyDoc]]] = {}
    for e in entries:
        by_kind.setdefault(e.file_kind, {}).setdefault(e.table, []).append(e)
    pages = {}
    for kind, (page, title, intro) in FILE_KINDS.items():
        tables = by_kind.get(kind, {})
        lines = [
            f"# {title}",
            "",
            intro,
            "",
            "Generated from the readers themselves (see {doc}`/casefile/index`): every key they read, its kind "
            "and unit, the default (a default computed from other values is shown as the code computes it, "
            "with its meaning in the description), the accepted range or choices, and an example from a bundled "
            'or example file. Quantities are written with units (``"12 um"``, ``"360 degC"``); *required* '
            "keys have no default; a key of a table that is absent takes its default.",
            "",
        ]
        for table, items in tables.items():
            lines += [f"({_anchor(kind, table)})=", f"## {_heading(table)}", ""]
            lines += _table(items, cards=kind == "material card")
            lines.append("")
        mine = [p for p in examples if _kind_of(p) == kind]
        if mine:
            lines += ["## Complete examples", ""]
            for p in mine:
                rel = p.resolve().relative_to(docs_root.resolve())
                lines += [
                    f"### {p.name}",
                    "",
                    f"```{{literalinclude}} /{rel.as_posix()}",
                    ":language: toml",
                    "```",
                    "",
                ]
        pages[f"casefile/{page}.md"] = "\n".join(lines)
    return pages


def _kind_of(path: Path) -> str | None:
    from ..schema import file_kind

    with path.open("rb") as f:
        return file_kind(tomllib.load(f))


def _leading_comment(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return " ".join(lines)


def gallery_pages(cases: Sequence[Path], results: Path, out: Path, docs_root: Path) -> dict[str, str]:
    """The examples gallery: ``gallery/index.md`` and ``gallery/<case>.md`` per bundled case.

    A case's figures are taken from ``results/<case name>/plots/*.png`` (a finished run; copied into
    ``out/gallery/<case>/``); without them the page says how to make them.

    Args:
        cases: The bundled case files.
        results: The results folder (``results/`` of the repository by default).
        out: The folder of the generated pages (figures are copied under it).
        docs_root: The docs source folder (the case files are included from its parent, the checkout).
    """
    index = [
        "# Examples gallery",
        "",
        "Every bundled case (``cases/*.toml``) with its description, its file and the figures of its run. "
        "The figures come from ``results/<case>/plots/`` of the checkout the site was built in; "
        "``thermobond docs --run-examples`` runs every case first (several minutes on 2 cores).",
        "",
        "| Case | What it shows | Figures |",
        "|---|---|---|",
    ]
    pages = {}
    toc = []
    for path in cases:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
        name = str(data.get("name", path.stem))
        description = str(data.get("description", ""))
        plots = sorted((results / name / "plots").glob("*.png"))
        target = out / "gallery" / name
        if target.exists():
            shutil.rmtree(target)
        lines = [f"# {name}", "", description, "", _leading_comment(text), ""]
        lines += [f"Run it: ``thermobond run cases/{path.name}``.", ""]
        if plots:
            target.mkdir(parents=True, exist_ok=True)
            for png in plots:
                shutil.copy2(png, target / png.name)
                lines += [f"## {png.stem.replace('_', ' ')}", "", f"![{png.stem}]({name}/{png.name})", ""]
        else:
            lines += [
                "```{note}",
                f"No run of this case was found (``results/{name}/plots/``) when the site was built: "
                "``thermobond docs --run-examples`` runs the bundled cases, then builds the site.",
                "```",
                "",
            ]
        rel = path.resolve().relative_to(docs_root.resolve().parent)
        lines += ["## The case file", "", f"```{{literalinclude}} /../{rel.as_posix()}", ":language: toml", "```", ""]
        pages[f"gallery/{name}.md"] = "\n".join(lines)
        toc.append(name)
        index.append(f"| {{doc}}`{name}` | {table_cell(description)} | {len(plots) or '—'} |")
    index += ["", "```{toctree}", ":hidden:", "", *toc, "```", ""]
    pages["gallery/index.md"] = "\n".join(index)
    return pages
