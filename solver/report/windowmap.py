"""The process-window map: a response over two recipe parameters, the region where every check
passes shaded, each check's boundary drawn, and the cases marked by their verdict.

Between the cases the map interpolates linearly on a triangulation of the sampled points (in axes
scaled to the window, logarithmic where the axis is): a boundary drawn there is as coarse as the
grid. The sampled values are the axis ticks and a light grid, so a reader sees the resolution; the
caption gives the spacing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib.tri as mtri
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import NullFormatter, ScalarFormatter

from .style import COLORS, negligible, new_figure

__all__ = ["Axis", "MapData", "grid_note", "window_map"]

PASS_COLOR, FAIL_COLOR, NONE_COLOR = COLORS[2], COLORS[1], "#888888"
CHECK_COLORS = [7, 0, 3, 5, 4]  # palette indices for check boundaries (not the pass/fail colours)
CHECK_STYLES = ["-", "-.", ":", (0, (5, 1, 1, 1)), "--"]


@dataclass(frozen=True)
class Axis:
    """One axis of the map: a recipe parameter in process units."""

    key: str
    label: str
    values: np.ndarray
    log: bool = False


@dataclass(frozen=True)
class MapData:
    """What a map shows.

    Attributes:
        x, y: The two parameters.
        z: The response per case (NaN without a value), in process units; None: no colour field.
        z_label: Its label with the unit.
        verdicts: ``pass``/``fail``/``no result`` per case.
        margins: Signed margin per check id and case (NaN where undecided), in the check's unit.
        descriptions: What each check requires (for the legend).
        limit: A level of ``z`` to draw as a contour (5 N/cm for a peel strength), or None.
    """

    x: Axis
    y: Axis
    z: np.ndarray | None
    z_label: str
    verdicts: Sequence[str]
    margins: Mapping[str, np.ndarray]
    descriptions: Mapping[str, str]
    limit: float | None = None


def grid_note(axis: Axis) -> str:
    """``hold temperature: 4 values, every 30 °C`` / ``press pressure: 4 values, ×2 apart``."""
    v = np.unique(axis.values[np.isfinite(axis.values)])
    if v.size < 2:
        return f"{axis.label}: {v.size} value"
    steps = np.diff(np.log(v)) if axis.log else np.diff(v)
    even = np.ptp(steps) <= 1e-6 * np.max(np.abs(steps))
    unit = axis.label.rsplit("(", 1)[-1].rstrip(")") if "(" in axis.label else ""
    name = axis.label.split(" (")[0]
    if axis.log:
        ratio = float(np.exp(np.mean(steps)))
        return f"{name}: {v.size} values, ×{ratio:.3g} apart" + ("" if even else " on average")
    step = float(np.mean(steps))
    return f"{name}: {v.size} values, every {step:.3g} {unit}" + ("" if even else " on average")


def _feasibility(data: MapData, ok: np.ndarray) -> np.ndarray | None:
    """min over the checks that vary of margin / its largest size: ≥ 0 where every check passes."""
    terms = []
    for m in data.margins.values():
        mm = m[ok]
        if not np.all(np.isfinite(mm)):
            continue  # undecided somewhere: not part of the window's boundary
        size = float(np.max(np.abs(mm)))
        terms.append(mm / size if size > 0 else mm)
    if data.z is not None and data.limit is not None and np.all(np.isfinite(data.z[ok])):
        d = data.z[ok] - data.limit
        size = float(np.max(np.abs(d)))
        terms.append(d / size if size > 0 else d)
    if not terms:
        return None
    return np.min(np.vstack(terms), axis=0)


def window_map(data: MapData, title: str) -> Any:
    """The map as a matplotlib figure (see the module docstring)."""
    x, y = data.x.values, data.y.values
    ok = np.isfinite(x) & np.isfinite(y) & np.array([v != "no result" for v in data.verdicts])
    fig, ax = new_figure(figsize=(8.5, 6.2), layout="constrained")
    handles: list[Any] = []
    if ok.sum() >= 3 and np.ptp(x[ok]) > 0 and np.ptp(y[ok]) > 0:
        sx = np.log(x[ok]) if data.x.log else x[ok]
        sy = np.log(y[ok]) if data.y.log else y[ok]
        tri = mtri.Triangulation(x[ok], y[ok], mtri.Triangulation(sx / np.ptp(sx), sy / np.ptp(sy)).triangles)
        z = data.z[ok] if data.z is not None else None
        if z is not None and np.all(np.isfinite(z)) and not negligible(z):
            cf = ax.tricontourf(tri, z, levels=12, cmap="cividis", alpha=0.9)
            fig.colorbar(cf, ax=ax, label=data.z_label)
        g = _feasibility(data, ok)
        if g is not None and g.max() >= 0:
            top = float(g.max()) + 1.0
            ax.tricontourf(tri, g, levels=[0.0, top], colors="none", hatches=["//"])
            ax.tricontourf(tri, g, levels=[0.0, top], colors=[PASS_COLOR], alpha=0.25)
            if g.min() < 0:
                ax.tricontour(tri, g, levels=[0.0], colors=[PASS_COLOR], linewidths=3.0)
            handles.append(Patch(facecolor=PASS_COLOR, alpha=0.35, hatch="//", label="every check passes"))
        k = 0
        for cid, m in data.margins.items():
            mm = m[ok]
            if not np.all(np.isfinite(mm)) or not (mm.min() < 0 <= mm.max()):
                continue  # the check's boundary does not cross the window
            col, ls = COLORS[CHECK_COLORS[k % len(CHECK_COLORS)]], CHECK_STYLES[k % len(CHECK_STYLES)]
            ax.tricontour(tri, mm, levels=[0.0], colors=[col], linewidths=1.6, linestyles=[ls])
            text = data.descriptions.get(cid, "")
            handles.append(Line2D([], [], color=col, lw=1.6, ls=ls, label=f"{cid}: {text}" if text else cid))
            k += 1
        if z is not None and data.limit is not None and np.all(np.isfinite(z)) and z.min() < data.limit < z.max():
            ax.tricontour(tri, z, levels=[data.limit], colors=[COLORS[1]], linewidths=2.2, linestyles="--")
            handles.append(Line2D([], [], color=COLORS[1], lw=2.2, ls="--", label=f"{data.limit:g} N/cm"))
    for word, color, marker in (("pass", PASS_COLOR, "o"), ("fail", FAIL_COLOR, "X"), ("no result", NONE_COLOR, "s")):
        sel = np.isfinite(x) & np.isfinite(y) & np.array([v == word for v in data.verdicts])
        if sel.any():
            ax.scatter(x[sel], y[sel], s=70, marker=marker, c=color, edgecolors="black", zorder=4, clip_on=False)
            handles.append(
                Line2D([], [], marker=marker, color=color, markeredgecolor="black", ls="", ms=8, label=f"case: {word}")
            )
    if data.z is not None:
        for xi, yi, zi in zip(x, y, data.z, strict=True):
            if np.isfinite(xi) and np.isfinite(yi) and np.isfinite(zi):
                ax.annotate(f"{zi:.3g}", (xi, yi), textcoords="offset points", xytext=(6, 6), fontsize=7, zorder=5)
    for axis, setter, scale, tick_setter, which in (
        (data.x, ax.set_xlabel, ax.set_xscale, ax.set_xticks, ax.xaxis),
        (data.y, ax.set_ylabel, ax.set_yscale, ax.set_yticks, ax.yaxis),
    ):
        setter(axis.label)
        if axis.log:
            scale("log")
        ticks = np.unique(axis.values[np.isfinite(axis.values)])
        if ticks.size <= 12:
            tick_setter(ticks)  # the sampled values: the grid's resolution on the axes
            which.set_major_formatter(ScalarFormatter())
            which.set_minor_formatter(NullFormatter())
    for axis, setter in ((data.x, ax.set_xlim), (data.y, ax.set_ylim)):
        v = axis.values[np.isfinite(axis.values)]
        if v.size and np.ptp(v) > 0:  # room around the outer cases for their markers and values
            if axis.log:
                pad = (v.max() / v.min()) ** 0.04
                setter(v.min() / pad, v.max() * pad)
            else:
                pad = 0.04 * np.ptp(v)
                setter(v.min() - pad, v.max() + pad)
    ax.grid(True, which="major", color="#444444", alpha=0.35, lw=0.6, ls=":")
    ax.set_title(title, fontsize=10)
    fig.legend(handles=handles, loc="outside lower center", ncol=2, fontsize=7.5, frameon=False)
    return fig
