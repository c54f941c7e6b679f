"""A report as a document — sections of text, tables and figures — written as HTML and as PDF.

The HTML page comes from a jinja2 template (``templates/report.html.j2``): real headings, text and
tables, figures inline as SVG (vector, their text searchable), no script and no outside file, so the
one file can be mailed or archived. The PDF is the same content on A4 landscape pages drawn by
matplotlib with TrueType fonts embedded (``pdf.fonttype = 42``): a text page per section (its
paragraphs and tables) and a page per figure. Each page is also written as a PNG (``pages/``) for
slides and for a quick look, and each figure as SVG (``figures/``).
"""

from __future__ import annotations

import io
import json
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import jinja2
import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages

from ..outputs import atomic_write_text
from .style import RC, new_figure

__all__ = ["A4", "Document", "Figure", "ReportFiles", "Section", "Table", "write_document"]

A4 = (11.69, 8.27)  # inches, landscape
_ROWS_PER_PAGE = 24
_WRAP = 150  # characters of a text line on an A4 landscape page at 9 pt


@dataclass(frozen=True)
class Table:
    """A table: header, rows of cells (text), an optional class per row (``pass``, ``fail``)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_classes: tuple[str, ...] = ()
    caption: str = ""

    def row_class(self, i: int) -> str:
        return self.row_classes[i] if i < len(self.row_classes) else ""


@dataclass
class Figure:
    """A matplotlib figure of the report (closed once written), its file name and caption."""

    name: str
    figure: Any
    caption: str = ""
    svg: str = ""


@dataclass
class Section:
    """A part of the report: a heading, paragraphs, a list, more paragraphs, tables and figures, in
    that order.

    Attributes:
        verdict: ``pass``/``fail``/``""``: how the section's first paragraph is highlighted.
    """

    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    verdict: str = ""
    items: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Document:
    """The report: a title, a subtitle (what was run, when) and its sections."""

    title: str
    subtitle: str
    sections: list[Section]


@dataclass(frozen=True)
class ReportFiles:
    """What :func:`write_document` wrote.

    Attributes:
        html: The HTML page.
        pdf: The PDF.
        pages: PNG pictures of the PDF's pages, in order.
        figures: The figures as SVG files.
    """

    html: Path
    pdf: Path
    pages: tuple[Path, ...]
    figures: tuple[Path, ...]


def _svg(fig: Any, name: str) -> str:
    buf = io.StringIO()
    # ids of clip paths and markers salted by the figure's name: several SVGs share one page
    with mpl.rc_context({"svg.hashsalt": name}):
        fig.savefig(buf, format="svg")
    text = buf.getvalue()
    return text[text.index("<svg") :]  # inline: without the XML declaration and doctype


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "page"


def render_html(doc: Document) -> str:
    """The HTML page of a document whose figures have their SVG."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("thermobond.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["slug"] = _slug
    return env.get_template("report.html.j2").render(doc=doc, Markup=jinja2.utils.markupsafe.Markup)


class _Pages:
    """The PDF and the PNG pictures of its pages, one matplotlib figure per page."""

    def __init__(self, pdf: Any, folder: Path) -> None:
        self.pdf = pdf
        self.folder = folder
        self.pngs: list[Path] = []
        self.titles: list[str] = []

    def add(self, fig: Any, title: str) -> None:
        self.pdf.savefig(fig)
        n = len(self.pngs) + 1
        path = self.folder / f"page-{n:02d}-{_slug(title)}.png"
        fig.savefig(path, dpi=80)
        self.pngs.append(path)
        self.titles.append(title)


def _text_page(pages: _Pages, doc: Document, section: Section, first: bool) -> None:
    """A section's heading, paragraphs and tables on as many pages as they need."""
    blocks: list[tuple[str, Any]] = (
        [("p", p) for p in section.paragraphs] + [("li", i) for i in section.items] + [("p", n) for n in section.notes]
    )
    tables = list(section.tables)
    chunks: list[tuple[Table, int]] = []
    for t in tables:
        for start in range(0, max(len(t.rows), 1), _ROWS_PER_PAGE):
            chunks.append((t, start))
    if not (blocks or chunks or first):
        return
    page = 0
    while blocks or chunks or page == 0:
        fig, ax = new_figure(figsize=A4)
        ax.axis("off")
        y = 0.97
        if first and page == 0:
            fig.text(0.04, y, doc.title, fontsize=16, fontweight="bold", va="top")
            y -= 0.045
            fig.text(0.04, y, doc.subtitle, fontsize=8.5, color="#555555", va="top")
            y -= 0.04
        suffix = " (continued)" if page else ""
        fig.text(0.04, y, section.title + suffix, fontsize=13, fontweight="bold", va="top")
        y -= 0.05
        while blocks and y > 0.12:
            kind, text = blocks[0]
            lines = textwrap.wrap(text, _WRAP - (4 if kind == "li" else 0)) or [""]
            needed = 0.027 * len(lines) + 0.012
            if y - needed < 0.06:
                break
            blocks.pop(0)
            bold = kind == "p" and section.verdict and text is section.paragraphs[0]
            color = {"pass": "#00785A", "fail": "#B34700"}.get(section.verdict, "black") if bold else "black"
            for k, line in enumerate(lines):
                lead = ("•  " if k == 0 else "   ") if kind == "li" else ""
                fig.text(
                    0.04,
                    y,
                    lead + line,
                    fontsize=10 if bold else 9,
                    fontweight="bold" if bold else "normal",
                    color=color,
                    va="top",
                )
                y -= 0.027
            y -= 0.012
        if not blocks and chunks and y > 0.25:
            table, start = chunks.pop(0)
            _draw_table(fig, table, start, y)
        pages.add(fig, section.title + suffix)
        _close(fig)
        page += 1
        if page > 200:  # a runaway layout would never end: a report is never this long
            raise RuntimeError(f"section {section.title!r} does not fit on 200 pages")


def _draw_table(fig: Any, table: Table, start: int, top: float) -> None:
    rows = table.rows[start : start + _ROWS_PER_PAGE]
    if table.caption:
        fig.text(0.04, top, table.caption, fontsize=8.5, style="italic", va="top")
        top -= 0.035
    height = min(top - 0.05, 0.03 * (len(rows) + 1))
    # columns as wide as their longest text; the table as wide as they need, at most the page's width
    chars = [max(len(str(c)) for c in [h, *(r[j] for r in table.rows)]) + 2 for j, h in enumerate(table.header)]
    total = sum(chars)
    ax = fig.add_axes((0.04, top - height, min(0.92, 0.0065 * total), height))
    ax.axis("off")
    if not rows:
        ax.text(0.0, 1.0, "(no rows)", va="top", fontsize=8)
        return
    t = ax.table(
        cellText=[list(r) for r in rows],
        colLabels=list(table.header),
        colWidths=[c / total for c in chars],
        loc="upper left",
        cellLoc="center",
    )
    t.auto_set_font_size(False)
    t.set_fontsize(max(5.0, min(8.0, 8.0 * 170 / total)))
    for (r, _), cell in t.get_celld().items():
        if r == 0:
            cell.set_facecolor("#E8E8E8")
            cell.set_text_props(fontweight="bold")
        else:
            cls = table.row_class(start + r - 1)
            if cls in ("pass", "fail"):
                cell.set_facecolor("#DFF2EC" if cls == "pass" else "#FBE4D9")


def _figure_page(pages: _Pages, fig: Figure, section: Section) -> None:
    f = fig.figure
    f.set_size_inches(*A4)
    engine = f.get_layout_engine()
    if fig.caption:
        # the caption above the figure (a figure legend may take the bottom edge)
        if engine is not None and hasattr(engine, "set") and "rect" in engine.get():
            engine.set(rect=(0.0, 0.0, 1.0, 0.95))
        else:
            f.subplots_adjust(top=min(f.subplotpars.top, 0.93))
        f.text(0.01, 0.995, textwrap.fill(fig.caption, 190), fontsize=7.5, color="#444444", va="top")
    pages.add(f, f"{section.title}: {fig.name}")


def _close(fig: Any) -> None:
    plt.close(fig)


def write_document(doc: Document, folder: Path, stem: str = "report") -> ReportFiles:
    """Write ``<stem>.html``, ``<stem>.pdf``, ``pages/*.png``, ``figures/*.svg`` and ``pages.json``
    (the title of every PDF page, in order) into ``folder``; closes the document's figures."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pages").mkdir(exist_ok=True)
    (folder / "figures").mkdir(exist_ok=True)
    for old in [*(folder / "pages").glob("*.png"), *(folder / "figures").glob("*.svg")]:
        old.unlink()
    svgs: list[Path] = []
    with mpl.rc_context(cast(Any, RC)):  # the stubs list every key as a literal
        for section in doc.sections:
            for fig in section.figures:
                fig.svg = _svg(fig.figure, fig.name)
                path = folder / "figures" / f"{fig.name}.svg"
                atomic_write_text(path, fig.svg)
                svgs.append(path)
        pdf_path = folder / f"{stem}.pdf"
        tmp = folder / f".{stem}.pdf.tmp"
        metadata = {"Title": doc.title, "Subject": doc.subtitle, "Creator": "thermobond"}
        with PdfPages(tmp, metadata=metadata) as pdf:
            pages = _Pages(pdf, folder / "pages")
            for i, section in enumerate(doc.sections):
                _text_page(pages, doc, section, i == 0)
                for fig in section.figures:
                    _figure_page(pages, fig, section)
                    _close(fig.figure)
        tmp.replace(pdf_path)
    html_path = folder / f"{stem}.html"
    atomic_write_text(html_path, render_html(doc))
    atomic_write_text(folder / "pages.json", json.dumps(pages.titles, indent=1, ensure_ascii=False) + "\n")
    return ReportFiles(html_path, pdf_path, tuple(pages.pngs), tuple(svgs))
