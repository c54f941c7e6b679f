"""Plots of a single run, read back from its result files (so they can be regenerated)."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from .style import new_figure, save

__all__ = ["plot_stack_run", "read_csv_columns"]


def read_csv_columns(path: Path) -> dict[str, np.ndarray | list[str]]:
    """A CSV as columns: float arrays where every cell is numeric, else lists of strings."""
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    out: dict[str, np.ndarray | list[str]] = {}
    for j, h in enumerate(header):
        col = [r[j] for r in body]
        try:
            out[h] = np.array([float(c) for c in col])
        except ValueError:
            out[h] = col
    return out


def plot_temperature_history(run: Path) -> list[Path]:
    """The cycle: platen and interface temperatures with pressure (top), interface lag (bottom)."""
    h = read_csv_columns(run / "history.csv")
    t = np.asarray(h["time_s"]) / 60
    Tp = np.asarray(h["platen_temperature_degC"])
    fig, (ax, lag) = new_figure(2, 1, figsize=(6.5, 5.4), sharex=True, gridspec_kw={"height_ratios": [3, 1.4]})
    ax.plot(t, Tp, "k--", lw=1.2, label="platen")
    for k in h:
        if k.startswith("T_") and k.endswith("_degC") and k not in ("T_bottom_degC", "T_top_degC"):
            ax.plot(t, h[k], lw=1.5, label=f"interface {k[2:-5]}")
            lag.plot(t, Tp - np.asarray(h[k]), lw=1.2, label=k[2:-5])
    ax.set_ylabel("temperature (°C)")
    p = np.asarray(h["pressure_MPa"])
    if np.any(p > 0):
        ax2 = ax.twinx()
        ax2.fill_between(t, 0, p, color="#999999", alpha=0.25, step="post", label="pressure")
        ax2.set_ylabel("pressure (MPa)")
        ax2.grid(False)
    ax.legend(loc="best", fontsize=7)
    ax.set_title("Press cycle and interface temperatures")
    lag.set_ylabel("platen − interface (K)")
    lag.set_xlabel("time (min)")
    return save(fig, run / "plots", "temperature_history")


def plot_stress_history(run: Path) -> list[Path]:
    """Mean interface normal stress (the interface pressure), peak shear and curvature vs time."""
    h = read_csv_columns(run / "history.csv")
    t = np.asarray(h["time_s"]) / 60
    fig, ax = new_figure(3, 1, figsize=(6.5, 7.0), sharex=True)
    for k in h:
        if k.startswith("mean_normal_"):
            ax[0].plot(t, np.asarray(h[k]) / 1e6, label=k[len("mean_normal_") : -3])
        if k.startswith("max_shear_"):
            ax[1].plot(t, np.asarray(h[k]) / 1e6, label=k[len("max_shear_") : -3])
    ax[2].plot(t, h["curvature_1_per_m"], color="k")
    ax[0].set_ylabel("mean σ_yy at interface (MPa)")
    ax[1].set_ylabel("peak |σ_xy| at interface (MPa)")
    ax[2].set_ylabel("curvature (1/m)")
    ax[2].set_xlabel("time (min)")
    ax[0].legend(fontsize=7)
    ax[0].set_title("Stress histories (mean over the central half; peaks at the free edges)")
    return save(fig, run / "plots", "stress_history")


def plot_interface_stress(run: Path) -> list[Path]:
    """σ_yy and σ_xy along each interface: whole width (left) and the right free edge (right)."""
    d = read_csv_columns(run / "interface_stress.csv")
    groups: dict[str, list[int]] = defaultdict(list)
    for i, n in enumerate(d["interface"]):
        groups[str(n)].append(i)
    fig, ax = new_figure(2, 2, figsize=(8.0, 5.4), sharey="row")
    x = np.asarray(d["x_m"])
    edge = float(x.max())
    zone = 0.04 * (edge - float(x.min()))
    for n, idx in groups.items():
        xi = x[idx]
        for row, key in enumerate(("normal_Pa", "shear_Pa")):
            v = np.asarray(d[key])[idx] / 1e6
            ax[row, 0].plot(xi * 1e3, v, label=n)
            m = xi >= edge - zone
            ax[row, 1].plot((edge - xi[m]) * 1e6, v[m], ".-", ms=3, label=n)
    ax[0, 0].set_ylabel("normal stress σ_yy (MPa)")
    ax[1, 0].set_ylabel("shear stress σ_xy (MPa)")
    ax[1, 0].set_xlabel("position across the width x (mm)")
    ax[1, 1].set_xlabel("distance from the right free edge (µm)")
    ax[0, 1].invert_xaxis()
    ax[1, 1].invert_xaxis()
    ax[0, 0].set_title("whole width", fontsize=9)
    ax[0, 1].set_title("free-edge zone", fontsize=9)
    ax[0, 0].legend(fontsize=8)
    fig.suptitle("Interface stresses at the end of the cycle")
    return save(fig, run / "plots", "interface_stress")


def plot_deformed_shape(run: Path, summary: dict | None = None) -> list[Path]:
    d = read_csv_columns(run / "deflection.csv")
    s = summary
    if s is None and (run / "summary.json").exists():
        s = json.loads((run / "summary.json").read_text())
    fig, ax = new_figure(figsize=(6.5, 3.4))
    x = np.asarray(d["x_m"]) * 1e3
    ax.plot(x, np.asarray(d["w_m"]) * 1e6, lw=2, label="mid-plane deflection (FE)")
    ax.plot(x, np.asarray(d["w_fit_m"]) * 1e6, "k--", lw=1, label="parabola fitted away from the edges")
    ax.set_xlabel("x (mm)")
    ax.set_ylabel("deflection w (µm)")
    title = "Deformed shape at the end of the cycle"
    if s is not None:
        k = s["curvature_1_per_m"]
        title += f": κ = {k:.3g} 1/m, R = {s['curl_radius_m'] * 1e3:.3g} mm, concave toward {s['concave_side']}"
    ax.set_title(title, fontsize=8.5)
    ax.legend(fontsize=8)
    return save(fig, run / "plots", "deformed_shape")


def plot_stack_run(run: Path, summary: dict | None = None) -> list[Path]:
    """Every plot of a stack run (PNG and PDF in ``run/plots``)."""
    out = plot_temperature_history(run)
    out += plot_stress_history(run)
    out += plot_interface_stress(run)
    out += plot_deformed_shape(run, summary)
    return out
