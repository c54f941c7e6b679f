"""The process report of a study: a self-contained HTML page and a multi-page PDF.

Pages: the study (parameters, counts, failures); process-window maps of each response over the two
report parameters, with the 5 N/cm contour for peel strengths and the boundary (margin = 0) of
every claim element the window crosses; response curves against each parameter (± 1σ where a
calibrated interface gives it); time histories of all cases overlaid; the table of cases.
Figures use the colour-blind-safe palette and the ``cividis`` map, axes in process units (°C, MPa,
µm, min).
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import math
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .._version import __version__
from ..outputs import atomic_write_text
from ..study import collect, read_manifest
from ..study.expand import number_column
from .style import COLORS, new_figure

__all__ = ["Page", "write_report"]

# summary values worth a map, in order of preference, with their labels (shown if present)
# (label in process units, factor from the file's unit to it)
RESPONSES: dict[str, tuple[str, float]] = {
    "adhesion.peel_strength_N_per_m": ("predicted peel strength (N/cm)", 0.01),
    "adhesion.claim_peel_strength_N_per_m": ("peel strength at the claim's 15 µm conductor (N/cm)", 0.01),
    "interface.bonded_fraction_final": ("bonded fraction of the surface (–)", 1.0),
    "adhesion.effective_toughness_J_per_m2": ("effective interface toughness (J/m²)", 1.0),
    "interface.time_to_90pct_bonded_s": ("time to 90 % bonded (min)", 1 / 60),
    "interface.void_fraction_final": ("void fraction (–)", 1.0),
    "stack.curvature_1_per_m": ("residual curvature (1/m)", 1.0),
    "stack.sheet.edge_lift_m": ("edge lift of the sheet on a table (mm)", 1e3),
    "stack.edge_interface_shear_Pa": ("interface shear near the edge (MPa)", 1e-6),
    "stack.max_equivalent_plastic_strain": ("max equivalent plastic strain in the metal (–)", 1.0),
}
PEEL_LIMIT = 5.0  # N/cm, seed 002 claims 14–15
CLAIM_COLORS = [7, 2, 3, 5, 0, 4]  # palette indices readable on the cividis map (no yellow, no vermillion)
A4 = (11.69, 8.27)


def read_csv_columns(path: Path) -> dict[str, Any]:
    """A finished case's CSV as columns: float arrays where every cell is numeric, else strings."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    out: dict[str, Any] = {}
    for j, h in enumerate(header):
        col = [r[j] for r in body]
        try:
            out[h] = np.array([float(c) for c in col])
        except ValueError:
            out[h] = col
    return out


@dataclass(frozen=True)
class Page:
    """One report page: its title and the PNG of its figure."""

    title: str
    png: bytes
    caption: str = ""


def _display(unit: str | None) -> tuple[float, float, str]:
    """(scale, offset, unit label) turning a value of the output convention into process units."""
    return {
        "degC": (1.0, 0.0, "°C"),
        "K": (1.0, 0.0, "K"),
        "Pa": (1e-6, 0.0, "MPa"),
        "m": (1e6, 0.0, "µm"),
        "s": (1 / 60, 0.0, "min"),
        "K_per_s": (60.0, 0.0, "K/min"),
    }.get(unit or "", (1.0, 0.0, unit or ""))


def _label(key: str) -> str:
    return RESPONSES[key][0] if key in RESPONSES else key


class _Param:
    def __init__(self, meta: dict[str, Any]) -> None:
        self.key: str = meta["key"]
        self.label: str = meta.get("label") or meta["key"]
        self.unit: str | None = meta.get("unit")
        self.scale, self.offset, self.shown = _display(self.unit)

    @property
    def column(self) -> str | None:
        return None if self.unit is None else number_column(self.key, self.unit)

    def axis(self) -> str:
        return f"{self.label} ({self.shown})" if self.shown else self.label

    def values(self, rows: list[dict[str, Any]]) -> np.ndarray:
        col = self.column
        return np.array(
            [np.nan if col is None or r.get(col) is None else float(r[col]) * self.scale + self.offset for r in rows]
        )


def _num(rows: list[dict[str, Any]], key: str) -> np.ndarray:
    """A column as numbers in process units (a response's display factor applied)."""
    factor = RESPONSES[key][1] if key in RESPONSES else 1.0
    out = []
    for r in rows:
        v = r.get(key)
        ok = isinstance(v, (int, float)) and not isinstance(v, bool)
        out.append(float(v) * factor if ok and v is not None else np.nan)
    return np.array(out)


def _is_peel(key: str) -> bool:
    return "peel_strength" in key


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    return buf.getvalue()


def _finish(fig: Any, pdf: Any, pages: list[Page], title: str, caption: str = "") -> None:
    fig.suptitle(title, fontsize=12, fontweight="bold")
    pdf.savefig(fig)
    pages.append(Page(title, _png(fig), caption))
    # matplotlib: only where the report is drawn
    import matplotlib.pyplot as plt

    plt.close(fig)


def _title_page(
    pdf: Any, pages: list[Page], man: dict[str, Any], rows: list[dict[str, Any]], params: list[_Param], root: Path
) -> None:
    fig, ax = new_figure(figsize=A4, layout="constrained")
    ax.axis("off")
    done = sum(r["status"] == "done" for r in rows)
    lines = [
        f"Study: {man['study']}   ({man['mode']}, {len(rows)} cases, {done} done)",
        man.get("description", "") or "",
        f"Base case: {man['base']}",
        f"Directory: {root}",
        "",
        "Parameters:",
    ]
    for p in params:
        vals = sorted({str(r[p.key]) for r in rows})
        shown = ", ".join(vals[:8]) + (" …" if len(vals) > 8 else "")
        lines.append(f"  {p.key}  ({p.label}):  {shown}")
    failed = [r for r in rows if r["status"] != "done"]
    if failed:
        lines += ["", f"Cases without a result ({len(failed)}):"]
        lines += [f"  {r['case']}  {r['status']}: {str(r['reason'])[:110]}" for r in failed[:15]]

    lines += ["", f"thermobond {__version__}, {time.strftime('%Y-%m-%d %H:%M')}"]
    ax.text(0.02, 0.97, "\n".join(lines), va="top", ha="left", family="monospace", fontsize=9, transform=ax.transAxes)
    _finish(fig, pdf, pages, f"Process study {man['study']}")


def _claim_columns(rows: list[dict[str, Any]]) -> list[str]:
    """Claim elements whose margin changes sign across the done cases (a boundary crosses the window)."""
    ids = []
    for k in rows[0]:
        if k.startswith("claim.") and ".margin" in k:
            m = _num(rows, k)
            m = m[np.isfinite(m)]
            if m.size and m.min() < 0 <= m.max():
                ids.append(k)
    return ids


def _map_page(
    pdf: Any, pages: list[Page], rows: list[dict[str, Any]], px: _Param, py: _Param, key: str, elements: dict[str, str]
) -> None:
    # matplotlib: only where the report is drawn
    import matplotlib.tri as mtri
    from matplotlib.lines import Line2D
    from matplotlib.ticker import MaxNLocator, NullFormatter, ScalarFormatter

    x, y, z = px.values(rows), py.values(rows), _num(rows, key)
    ok = np.isfinite(x) & np.isfinite(y) & np.isfinite(z)
    fig, ax = new_figure(figsize=A4, layout="constrained")
    label = _label(key)
    handles: list[Any] = []
    logy = py.unit == "Pa" and np.all(y[np.isfinite(y)] > 0) and np.nanmax(y) / np.nanmin(y) > 5
    if ok.sum() >= 3 and np.ptp(x[ok]) > 0 and np.ptp(y[ok]) > 0:
        # triangulate in scaled coordinates (log for a log axis) so that both axes count alike
        ty = np.log(y[ok]) if logy else y[ok]
        tri = mtri.Triangulation(x[ok] / np.ptp(x[ok]), ty / np.ptp(ty))
        tri = mtri.Triangulation(x[ok], y[ok], tri.triangles)
        if np.ptp(z[ok]) > 0:
            levels = MaxNLocator(12).tick_values(float(z[ok].min()), float(z[ok].max()))
            cf = ax.tricontourf(tri, z[ok], levels=levels, cmap="cividis", extend="both")
            fig.colorbar(cf, ax=ax, label=label)
        if _is_peel(key) and z[ok].min() < PEEL_LIMIT < z[ok].max():
            ax.tricontour(tri, z[ok], levels=[PEEL_LIMIT], colors=[COLORS[1]], linewidths=2.8, linestyles="--")
            handles.append(Line2D([], [], color=COLORS[1], lw=2.8, ls="--", label="5 N/cm"))
        styles = ["-", "-.", ":", (0, (5, 1, 1, 1))]
        for i, mcol in enumerate(_claim_columns([r for r, k in zip(rows, ok, strict=True) if k])):
            m = _num(rows, mcol)[ok]
            cid = mcol.split(".")[1]
            col, ls = COLORS[CLAIM_COLORS[i % len(CLAIM_COLORS)]], styles[i % len(styles)]
            ax.tricontour(tri, m, levels=[0.0], colors=[col], linewidths=1.8, linestyles=[ls])
            text = elements.get(cid, "")
            handles.append(
                Line2D([], [], color=col, lw=1.8, ls=ls, label=f"{cid} boundary" + (f": {text}" if text else ""))
            )
    ax.scatter(x[ok], y[ok], c="white", edgecolors="black", s=40, zorder=3, clip_on=False)
    handles.append(Line2D([], [], marker="o", color="black", markerfacecolor="white", ls="", label="cases (value)"))
    for xi, yi, zi in zip(x[ok], y[ok], z[ok], strict=True):
        ax.annotate(
            f"{zi:.3g}",
            (xi, yi),
            textcoords="offset points",
            xytext=(5, 5),
            fontsize=7,
            zorder=4,
            annotation_clip=False,
        )
    bad = np.isfinite(x) & np.isfinite(y) & ~np.isfinite(z)
    if bad.any():
        ax.scatter(x[bad], y[bad], marker="x", color=COLORS[1], s=60, zorder=3, clip_on=False)
        handles.append(Line2D([], [], marker="x", color=COLORS[1], ls="", label="no result"))
    ax.set_xlabel(px.axis())
    ax.set_ylabel(py.axis())
    if logy:
        ax.set_yscale("log")
        ticks = np.unique(y[np.isfinite(y)])
        ax.set_yticks(ticks if ticks.size <= 10 else ticks[:: int(np.ceil(ticks.size / 10))])
        ax.yaxis.set_major_formatter(ScalarFormatter())
        ax.yaxis.set_minor_formatter(NullFormatter())
    fig.legend(handles=handles, loc="outside lower center", ncol=2, fontsize=8, frameon=False)
    _finish(fig, pdf, pages, f"Process window: {label}", f"{key} over {px.key} × {py.key}")


def _curves_page(pdf: Any, pages: list[Page], rows: list[dict[str, Any]], params: list[_Param], key: str) -> None:
    numeric = [p for p in params if p.column is not None]
    if not numeric:
        return
    fig, axes = new_figure(1, len(numeric), figsize=A4, squeeze=False, layout="constrained")
    z = _num(rows, key)
    sig = None
    if any(r.get(key + "_sigma") is not None for r in rows):
        sig = _num(rows, key + "_sigma") * (RESPONSES[key][1] if key in RESPONSES else 1.0)
    for ax, p in zip(axes[0], numeric, strict=True):
        x = p.values(rows)
        others = [q for q in numeric if q is not p]
        group = others[0].values(rows) if others else np.zeros_like(x)
        for j, g in enumerate(np.unique(group[np.isfinite(group)])):
            sel = (group == g) & np.isfinite(x) & np.isfinite(z)
            order = np.argsort(x[sel])
            lab = f"{others[0].label} = {g:.4g} {others[0].shown}" if others else None
            col = COLORS[j % len(COLORS)]
            if sig is not None and np.isfinite(sig[sel]).any():
                ax.errorbar(
                    x[sel][order], z[sel][order], yerr=sig[sel][order], color=col, marker="o", capsize=3, label=lab
                )
            else:
                ax.plot(x[sel][order], z[sel][order], color=col, marker="o", label=lab)
        if _is_peel(key):
            ax.axhline(PEEL_LIMIT, color=COLORS[1], ls="--", lw=1, label="5 N/cm")
        ax.set_xlabel(p.axis())
        ax.set_ylabel(_label(key))
        if (others and len(np.unique(group)) <= 8) or _is_peel(key):
            ax.legend(fontsize=7)
    note = " (error bars ±1σ from the calibrated interface card)" if sig is not None else ""
    _finish(fig, pdf, pages, f"Response: {_label(key)}", f"{key} against each parameter{note}")


def _histories_page(
    pdf: Any, pages: list[Page], root: Path, rows: list[dict[str, Any]], color_by: _Param | None
) -> None:
    # matplotlib: only where the report is drawn
    import matplotlib as mpl

    panels = []
    done = [r for r in rows if r["status"] == "done"]
    sample = root / "cases" / done[0]["case"] if done else None
    if sample is None:
        return
    if (sample / "interface" / "history.csv").is_file() or (
        (sample / "history.csv").is_file() and "bonded_fraction" in read_csv_columns(sample / "history.csv")
    ):
        panels.append(("bonded_fraction", "bonded fraction (–)"))
    if (sample / "history.csv").is_file() and "curvature_1_per_m" in read_csv_columns(sample / "history.csv"):
        panels.append(("curvature_1_per_m", "curvature (1/m)"))
        panels.append(("temperature", "interface temperature (°C)"))
    if not panels:
        return
    fig, axes = new_figure(1, len(panels), figsize=A4, squeeze=False, layout="constrained")
    cvals = color_by.values(done) if color_by is not None else np.arange(len(done), dtype=float)
    norm = mpl.colors.Normalize(
        np.nanmin(cvals), np.nanmax(cvals) if np.nanmax(cvals) > np.nanmin(cvals) else np.nanmin(cvals) + 1
    )
    cmap = mpl.colormaps["cividis"]
    for r, cv in zip(done, cvals, strict=True):
        d = root / "cases" / r["case"]
        for ax, (what, _) in zip(axes[0], panels, strict=True):
            if what == "bonded_fraction":
                f = (
                    d / "interface" / "history.csv"
                    if (d / "interface" / "history.csv").is_file()
                    else d / "history.csv"
                )
                h = read_csv_columns(f)
                ax.plot(np.asarray(h["time_s"]) / 60, h["bonded_fraction"], color=cmap(norm(cv)), lw=1.2)
            else:
                h = read_csv_columns(d / "history.csv")
                if what == "curvature_1_per_m":
                    ax.plot(np.asarray(h["time_s"]) / 60, h["curvature_1_per_m"], color=cmap(norm(cv)), lw=1.2)
                else:
                    iface = [c for c in h if c.endswith(".temperature_degC") and "/" in c]
                    col = iface[0] if iface else "platen_temperature_degC"
                    ax.plot(np.asarray(h["time_s"]) / 60, h[col], color=cmap(norm(cv)), lw=1.2)
    for ax, (_, lab) in zip(axes[0], panels, strict=True):
        ax.set_xlabel("time (min)")
        ax.set_ylabel(lab)
    if color_by is not None:
        fig.colorbar(mpl.cm.ScalarMappable(norm=norm, cmap=cmap), ax=axes[0].tolist(), label=color_by.axis())
    _finish(fig, pdf, pages, "Time histories of all cases", "coloured by " + (color_by.key if color_by else "case"))


def _table_pages(
    pdf: Any, pages: list[Page], rows: list[dict[str, Any]], params: list[_Param], responses: list[str]
) -> list[list[str]]:
    head = ["case", "status", *[p.key for p in params], *responses]
    body = []
    for r in rows:
        cells = [r["case"], r["status"], *[str(r[p.key]) for p in params]]
        for k in responses:
            v = r.get(k)
            cells.append("" if v is None else f"{v:.4g}" if isinstance(v, float) else str(v))
        body.append(cells)
    per = 28
    for start in range(0, len(body), per):
        fig, ax = new_figure(figsize=A4, layout="constrained")
        ax.axis("off")
        t = ax.table(
            cellText=body[start : start + per],
            colLabels=[h.replace("_", " ") for h in head],
            loc="upper center",
            cellLoc="center",
        )
        t.auto_set_font_size(False)
        t.set_fontsize(7)
        t.scale(1.0, 1.25)
        n = math.ceil(len(body) / per)
        suffix = f" ({start // per + 1}/{n})" if n > 1 else ""
        _finish(fig, pdf, pages, f"Cases{suffix}")
    return [head, *body]


def _html(man: dict[str, Any], pages: list[Page], table: list[list[str]], rows: list[dict[str, Any]]) -> str:
    esc = html.escape
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>thermobond study {esc(man['study'])}</title>",
        "<style>body{font-family:sans-serif;max-width:1200px;margin:2em auto;color:#222}"
        "img{max-width:100%;border:1px solid #ddd}table{border-collapse:collapse;font-size:12px}"
        "td,th{border:1px solid #bbb;padding:2px 6px}th{background:#eee}.fail{color:#D55E00}</style></head><body>",
        f"<h1>Process study {esc(man['study'])}</h1>",
        f"<p>{esc(man.get('description', '') or '')}</p>",
        f"<p>Base case <code>{esc(man['base'])}</code>; {esc(man['mode'])} sampling of "
        f"{len(man['cases'])} cases, {sum(r['status'] == 'done' for r in rows)} with a result.</p>",
    ]
    failed = [r for r in rows if r["status"] != "done"]
    if failed:
        parts.append("<h2>Cases without a result</h2><ul>")
        parts += [
            f"<li class='fail'><b>{esc(r['case'])}</b> {esc(r['status'])}: {esc(str(r['reason']))}</li>" for r in failed
        ]
        parts.append("</ul>")
    for p in pages:
        if p.title.startswith("Cases"):
            continue
        b64 = base64.b64encode(p.png).decode()
        parts.append(
            f"<h2>{esc(p.title)}</h2><p>{esc(p.caption)}</p><img alt='{esc(p.title)}' "
            f"src='data:image/png;base64,{b64}'>"
        )
    parts.append("<h2>Cases</h2><table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in table[0]) + "</tr>")
    for row in table[1:]:
        parts.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>")
    parts.append("</table></body></html>")
    return "\n".join(parts)


def write_report(root: Path) -> tuple[Path, Path]:
    """Write ``root/report/report.html`` and ``report.pdf`` (and the figures as PNG); returns both paths."""
    # matplotlib: only where the report is drawn
    from matplotlib.backends.backend_pdf import PdfPages

    man = read_manifest(root)
    table = collect(root)
    rows = table.rows
    params = [_Param(p) for p in man["parameters"]]
    study_file = root / "study.toml"
    rep: dict[str, Any] = {}
    if study_file.is_file():
        rep = tomllib.loads(study_file.read_text()).get("report", {})
    by_key = {p.key: p for p in params}
    numeric = [p for p in params if p.column is not None]
    px = by_key.get(rep.get("x", ""), numeric[0] if numeric else None)
    py = by_key.get(rep.get("y", "") or "", next((p for p in numeric if p is not px), None))
    done = [r for r in rows if r["status"] == "done"]
    available = [k for k in RESPONSES if any(isinstance(r.get(k), (int, float)) for r in done)]
    responses = [k for k in rep.get("responses", []) if any(k in r for r in done)] or available[:4]
    elements: dict[str, str] = {}
    if done:
        summary = json.loads((root / "cases" / done[0]["case"] / "summary.json").read_text())
        elements = {c["id"]: c["element"] for c in summary.get("claims", [])}
    out = root / "report"
    out.mkdir(exist_ok=True)
    pages: list[Page] = []
    pdf_path = out / "report.pdf"
    tmp = out / ".report.pdf.tmp"
    with PdfPages(tmp, metadata={"Title": f"thermobond study {man['study']}", "Creator": "thermobond"}) as pdf:
        _title_page(pdf, pages, man, rows, params, root)
        if px is not None and py is not None and px.column and py.column:
            for k in responses:
                _map_page(pdf, pages, rows, px, py, k, elements)
        for k in responses:
            _curves_page(pdf, pages, rows, params, k)
        _histories_page(pdf, pages, root, rows, px)
        cells = _table_pages(pdf, pages, rows, params, responses)
    tmp.replace(pdf_path)
    for i, p in enumerate(pages):
        (out / f"page{i + 1:02d}.png").write_bytes(p.png)
    html_path = out / "report.html"
    atomic_write_text(html_path, _html(man, pages, cells, rows))
    atomic_write_text(out / "pages.json", json.dumps([p.title for p in pages], indent=1, ensure_ascii=False))
    return html_path, pdf_path
