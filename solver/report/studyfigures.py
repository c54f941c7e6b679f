"""Figures of a study report besides the map: response curves in process units, time histories as
small multiples (one panel per case, titled by its recipe and coloured by its verdict), measured
against simulated temperature per case."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.ticker import NullFormatter

from .display import display, fmt, label
from .document import Figure, Section, Table
from .measuredplots import draw_measured
from .runfiles import RunFiles
from .style import COLORS, new_figure

__all__ = [
    "CasePanel",
    "history_figures",
    "measured_multiples",
    "measured_section",
    "response_curves",
    "small_multiples",
]


@dataclass(frozen=True)
class CasePanel:
    """One case in a small-multiples figure: its label and verdict (the panel's title and colour)."""

    label: str
    verdict: str


def response_curves(
    params: Sequence[tuple[str, str, np.ndarray, bool]],
    key: str,
    values: np.ndarray,
    sigma: np.ndarray | None,
    limit: float | None,
) -> Any:
    """A response against each parameter, one line per value of the next parameter.

    Args:
        params: (key, axis label in process units, values in process units, logarithmic axis) per
            parameter.
        key: The response's output name (its label and unit come from it).
        values: The response per case in process units (NaN without one).
        sigma: One standard deviation per case in process units, or None.
        limit: A horizontal line to draw (5 N/cm for a peel strength), or None.
    """
    fig, axes = new_figure(1, len(params), figsize=(4.2 * len(params) + 1.0, 4.6), squeeze=False, layout="constrained")
    for i, (ax, (_, xlabel, x, log)) in enumerate(zip(axes[0], params, strict=True)):
        other = params[(i + 1) % len(params)] if len(params) > 1 else None
        groups = np.unique(other[2][np.isfinite(other[2])]) if other is not None else np.array([np.nan])
        for j, g in enumerate(groups):
            sel = np.isfinite(x) & np.isfinite(values)
            if other is not None:
                sel &= other[2] == g
            if not sel.any():
                continue
            order = np.argsort(x[sel])
            name = f"{other[1].split(' (')[0]} = {g:.4g} {other[1].rsplit('(', 1)[-1].rstrip(')')}" if other else None
            col = COLORS[j % len(COLORS)]
            xs, ys = x[sel][order], values[sel][order]
            if sigma is not None and np.isfinite(sigma[sel]).any():
                ax.errorbar(xs, ys, yerr=sigma[sel][order], color=col, marker="o", capsize=3, label=name)
            else:
                ax.plot(xs, ys, color=col, marker="o", label=name)
        if limit is not None:
            ax.axhline(limit, color=COLORS[1], ls="--", lw=1.2, label=f"{limit:g} {display(key).unit}")
        ax.set_xlabel(xlabel)
        if log:
            ax.set_xscale("log")
            ticks = np.unique(x[np.isfinite(x)])
            if ticks.size <= 12:
                ax.set_xticks(ticks, [f"{v:.3g}" for v in ticks])
                ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_ylabel(label(key))
        if ax.get_legend_handles_labels()[0] and len(groups) <= 8:
            ax.legend(fontsize=7)
    return fig


def small_multiples(
    panels: Sequence[CasePanel],
    draw: Callable[[Any, int], bool],
    xlabel: str,
    ylabel: str,
    *,
    sharey: bool = True,
) -> Any:
    """One panel per case on shared axes, titled by the case's recipe and coloured by its verdict.

    Args:
        panels: The cases, in order.
        draw: Draws case ``i`` on an axis; False when the case has nothing to draw.
        xlabel, ylabel: Axis labels (with units).
        sharey: Share the y axis (the same quantity); False for panels of different scales.
    """
    n = len(panels)
    ncols = max(1, min(6, math.ceil(math.sqrt(n * 1.4))))
    nrows = math.ceil(n / ncols)
    height = 2.1 * nrows + 0.9
    fig, axes = new_figure(
        nrows, ncols, figsize=(min(2.6 * ncols + 0.8, 16.0), height), sharex=True, sharey=sharey, squeeze=False
    )
    # a fixed layout: a constrained one costs seconds per figure with dozens of shared axes
    fig.subplots_adjust(
        left=0.08, right=0.93, bottom=0.5 / height + 0.02, top=1 - 0.75 / height, hspace=0.75, wspace=0.45
    )
    colors = {"pass": "#00785A", "fail": "#B34700"}
    for i, ax in enumerate(axes.flat):
        if i >= n:
            ax.axis("off")
            continue
        if not draw(ax, i):
            ax.text(0.5, 0.5, "no result", transform=ax.transAxes, ha="center", va="center", color="#888888")
        p = panels[i]
        ax.set_title(f"{p.label}\n{p.verdict}", fontsize=7.5, color=colors.get(p.verdict, "#555555"))
        ax.tick_params(labelsize=7)
    fig.supxlabel(xlabel, fontsize=9)
    fig.supylabel(ylabel, fontsize=9)
    return fig


def measured_multiples(panels: Sequence[CasePanel], tables: Sequence[dict[str, Any] | None], target: str) -> Any:
    """Measured (dots) and simulated (line) temperature of one target, one panel per case."""

    def draw(ax: Any, i: int) -> bool:
        t = tables[i]
        if t is None:
            return False
        draw_measured(ax, t["time_s"], t["measured_temperature_degC"], t["simulated_temperature_degC"], "")
        return True

    fig = small_multiples(panels, draw, "time (min)", f"temperature at {target} (°C)")
    first = next((ax for ax in fig.axes if ax.get_lines()), None)
    if first is not None:
        first.legend(fontsize=6)
    return fig


def history_figures(runs: Sequence[RunFiles], panels: Sequence[CasePanel]) -> list[Figure]:
    """Small multiples of the bonded fraction, the temperatures with the pressure, and the curvature."""
    figs = []
    stacks = [r.stack_history for r in runs]
    ifaces = [r.interface_history for r in runs]
    if any(h is not None for h in ifaces):

        def bonded(ax: Any, i: int) -> bool:
            h = ifaces[i]
            if h is None:
                return False
            ax.plot(np.asarray(h["time_s"]) / 60, 100 * np.asarray(h["bonded_fraction"]), color="#0072B2", lw=1.4)
            return True

        fig = small_multiples(panels, bonded, "time (min)", "bonded fraction of the surface (%)")
        figs.append(Figure("history-bonded-fraction", fig, "Bonded fraction against time, one panel per recipe."))
    if any(h is not None for h in stacks):
        p_top = max((float(np.max(h["pressure_Pa"])) / 1e6 for h in stacks if h is not None), default=0.0)

        def temperature(ax: Any, i: int) -> bool:
            h = stacks[i]
            if h is None:
                return False
            t = np.asarray(h["time_s"]) / 60
            ax.plot(t, h["platen_temperature_degC"], color="k", lw=0.9, ls="--", label="platen")
            iface = next((k for k in h if k.endswith(".temperature_degC") and "/" in k), None)
            if iface is not None:
                ax.plot(t, h[iface], color="#D55E00", lw=1.3, label=iface.split(".")[0])
            p = np.asarray(h["pressure_Pa"]) / 1e6
            if np.any(p > 0):
                ax2 = ax.twinx()
                ax2.plot(t, p, color="#555555", lw=0.8)
                ax2.set_ylim(0, 1.05 * p_top)  # one pressure scale in every panel
                ax2.tick_params(labelsize=6, colors="#555555")
                ax2.grid(False)
            if i == 0:
                ax.legend(fontsize=6)
            return True

        fig = small_multiples(panels, temperature, "time (min)", "temperature (°C); press pressure (MPa, grey, right)")
        figs.append(
            Figure(
                "history-temperature",
                fig,
                "Platen (dashed) and interface temperature, press pressure on the right axis (grey), per recipe.",
            )
        )

        def curvature(ax: Any, i: int) -> bool:
            h = stacks[i]
            if h is None:
                return False
            ax.plot(np.asarray(h["time_s"]) / 60, h["curvature_1_per_m"], color="k", lw=1.2)
            return True

        fig = small_multiples(panels, curvature, "time (min)", "curvature of the coupon (1/m)")
        figs.append(Figure("history-curvature", fig, "Curvature of the coupon against time, per recipe."))
    return figs


def measured_section(runs: Sequence[RunFiles], panels: Sequence[CasePanel], ids: Sequence[str]) -> Section | None:
    """Measured against simulated temperatures of every case: their numbers and one figure per place."""
    targets: list[str] = []
    for run in runs:
        for m in run.summary.measured if run.summary is not None else []:
            if m.target not in targets:
                targets.append(m.target)
    if not targets:
        return None
    sec = Section("Measured against simulated temperature")
    sec.paragraphs.append(
        "Each measured temperature against the run's at the same place: root mean square and largest difference "
        "(measured − simulated), the time lag that best aligns the traces (cross-correlation; positive: the "
        "measurement lags) and the offset that remains once the lag is removed."
    )
    rows = []
    for run, panel, cid in zip(runs, panels, ids, strict=True):
        for m in run.summary.measured if run.summary is not None else []:
            lag = "–" if m.time_lag_s is None else f"{m.time_lag_s:+.3g}"
            rows.append(
                (
                    panel.label,
                    cid,
                    m.target,
                    fmt(m.rms_difference_K),
                    fmt(m.max_abs_difference_K),
                    lag,
                    f"{m.offset_K:+.3g}",
                )
            )
    sec.tables.append(
        Table(("recipe", "case", "where", "RMS (K)", "max |difference| (K)", "lag (s)", "offset (K)"), tuple(rows))
    )
    for target in targets:
        tables = [run.measured().get(target) for run in runs]
        sec.figures.append(
            Figure(f"measured-{target.replace('/', '-')}", measured_multiples(panels, tables, target), f"At {target}.")
        )
    return sec
