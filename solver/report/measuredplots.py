"""Measured against simulated temperature: the overlay and the difference (one figure per trace)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ..comparison import file_stem
from ..results import MeasuredComparison, TraceComparison
from .style import COLORS, new_figure, save

__all__ = ["comparison_text", "draw_measured", "plot_measured"]


def comparison_text(s: MeasuredComparison) -> str:
    """The numbers in one line: RMS, largest difference and when, lag and what remains without it."""
    lag = "no lag (a constant trace)" if s.time_lag_s is None else f"lag {s.time_lag_s:+.3g} s"
    return (
        f"RMS {s.rms_difference_K:.3g} K, max {s.max_abs_difference_K:.3g} K "
        f"at {s.max_difference_time_s / 60:.3g} min, {lag}, offset {s.offset_K:+.3g} K"
    )


def draw_measured(
    ax: Any, times_s: np.ndarray, measured_degC: np.ndarray, simulated_degC: np.ndarray, title: str
) -> None:
    """Measured (dots) and simulated (line) temperature on one axis, in °C against minutes."""
    t = np.asarray(times_s, dtype=float) / 60
    every = max(1, t.size // 400)  # a 1 Hz log would hide the line under its dots
    ax.plot(t, simulated_degC, color=COLORS[0], lw=1.6, label="simulated")
    ax.plot(t[::every], np.asarray(measured_degC)[::every], ".", color=COLORS[1], ms=2.5, label="measured")
    ax.set_title(title, fontsize=8)


def plot_measured(comparison: TraceComparison, folder: Path) -> list[Path]:
    """``measured_<target>``: both temperatures (top) and measured − simulated (bottom)."""
    s = comparison.summary
    fig, (ax, diff) = new_figure(2, 1, figsize=(6.5, 5.0), sharex=True, gridspec_kw={"height_ratios": [3, 1.4]})
    draw_measured(
        ax,
        comparison.times,
        comparison.measured - 273.15,
        comparison.simulated - 273.15,
        f"{s.target}: measured ({s.source}) and simulated ({s.simulated})\n{comparison_text(s)}",
    )
    ax.set_ylabel("temperature (°C)")
    ax.legend(fontsize=8)
    diff.plot(comparison.times / 60, comparison.measured - comparison.simulated, color=COLORS[2], lw=1.0)
    diff.axhline(0.0, color="k", lw=0.6)
    diff.set_ylabel("measured − simulated (K)")
    diff.set_xlabel("time (min)")
    return save(fig, folder, f"measured_{file_stem(s.target)}")
