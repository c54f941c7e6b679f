"""Plots of an interface run: bonded area over the cycle, first contact along the surface, deformed cells."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.colors import LogNorm

from .plots import read_csv_columns
from .style import COLORS, new_figure, save

__all__ = ["plot_interface_run"]


def plot_bonded_fraction(run: Path, summary: dict[str, Any]) -> list[Path]:
    h = read_csv_columns(run / "history.csv")
    t = np.asarray(h["time_s"]) / 60
    fig, ax = new_figure(figsize=(6.5, 4.0))
    ax.plot(t, 100 * np.asarray(h["bonded_fraction"]), color=COLORS[0], lw=2, label="bonded (projected)")
    ax.plot(
        t, 100 * np.asarray(h["bonded_fraction_true_area"]), color=COLORS[0], lw=1, ls="--", label="bonded (true area)"
    )
    ax.plot(t, 100 * np.asarray(h["contact_fraction"]), color=COLORS[2], lw=1, ls=":", label="in contact")
    ax.set_ylim(-2, 102)
    ax.set_xlabel("time (min)")
    ax.set_ylabel("fraction of the surface (%)")
    ax2 = ax.twinx()
    ax2.plot(t, h["temperature_degC"], color=COLORS[1], lw=1.2, label="temperature")
    ax2.set_ylabel("temperature (°C)", color=COLORS[1])
    ax2.grid(False)
    p = np.asarray(h["pressure_MPa"])
    ax2.fill_between(
        t,
        0,
        p * (np.max(h["temperature_degC"]) / max(p.max(), 1e-9)) * 0.25,
        color="#999999",
        alpha=0.2,
        step="post",
        label=f"pressure (peak {p.max():.3g} MPa, scaled)",
    )
    lines = ax.get_legend_handles_labels()
    lines2 = ax2.get_legend_handles_labels()
    ax.legend(lines[0] + lines2[0], lines[1] + lines2[1], fontsize=7, loc="center right")
    ttl = f"Bonded area: {100 * summary['bonded_fraction_final']:.1f} % at the end"
    if summary.get("time_to_90pct_bonded_s") is not None:
        ttl += f", 90 % after {summary['time_to_90pct_bonded_s'] / 60:.2f} min"
    ax.set_title(ttl, fontsize=9)
    return save(fig, run / "plots", "bonded_fraction")


def plot_first_contact(run: Path) -> list[Path]:
    s = read_csv_columns(run / "surface.csv")
    prof = read_csv_columns(run / "surface_profile.csv")
    fig, (a1, a2) = new_figure(2, 1, figsize=(6.5, 4.8), sharex=True, gridspec_kw={"height_ratios": [1, 1.4]})
    a1.plot(np.asarray(prof["x_m"]) * 1e6, np.asarray(prof["z_m"]) * 1e6, color="k")
    bonded = np.asarray(s["bonded"]) > 0.5
    xa = np.asarray(s["x_anchor_m"]) * 1e6
    a1.plot(
        xa[bonded],
        np.interp(xa[bonded], np.asarray(prof["x_m"]) * 1e6, np.asarray(prof["z_m"]) * 1e6),
        ".",
        color=COLORS[0],
        ms=4,
        label="bonded surface points",
    )
    a1.set_ylabel("surface z (µm)")
    a1.legend(fontsize=7)
    fc = np.asarray(s["first_contact_s"]) / 60
    bt = np.asarray(s["bonded_at_s"]) / 60
    a2.plot(xa, fc, "o", ms=3, color=COLORS[2], label="first contact")
    a2.plot(xa[bonded], bt[bonded], "x", ms=3, color=COLORS[0], label="bonded")
    a2.set_xlabel("position along the surface x (µm)")
    a2.set_ylabel("time (min)")
    a2.legend(fontsize=7)
    a1.set_title("Where and when the TPI reached the surface", fontsize=9)
    return save(fig, run / "plots", "first_contact")


def plot_snapshots(run: Path, snapshots: list[tuple[float, str, dict[str, Any]]]) -> list[Path]:
    prof = read_csv_columns(run / "surface_profile.csv")
    n = len(snapshots)
    fig, axes = new_figure(1, n, figsize=(2.6 * n + 1.2, 4.4), squeeze=False, layout="constrained")
    vmax = max(float(np.max(s[2]["von_mises"])) for s in snapshots)
    vmin = max(vmax * 1e-4, 1.0)
    norm = LogNorm(vmin=vmin, vmax=max(vmax, 10.0))
    pc = None
    for ax, (t, label, snap) in zip(axes[0], snapshots, strict=True):
        pc = PolyCollection(
            list(snap["verts"] * 1e6),
            array=np.maximum(snap["von_mises"], vmin),
            cmap="viridis",
            norm=norm,
            edgecolors="face",
            linewidths=0.1,
        )
        ax.add_collection(pc)
        x, z = np.asarray(prof["x_m"]) * 1e6, np.asarray(prof["z_m"]) * 1e6
        ax.fill_between(x, z.min() - 0.2 * (z.max() - z.min() + 1e-9), z, color="#b87333", alpha=0.8)
        v = snap["verts"] * 1e6
        ax.set_xlim(x.min(), x.max())
        ax.set_ylim(z.min() - 0.1 * (z.max() - z.min() + 1e-3), min(v[..., 1].max(), z.max() + 3 * (z.max() - z.min())))
        ax.set_aspect("equal")
        ax.set_title(f"{label}\nt = {t / 60:.1f} min", fontsize=8)
        ax.set_xlabel("x (µm)")
        ax.grid(False)
    axes[0][0].set_ylabel("y (µm)")
    if pc is not None:
        fig.colorbar(pc, ax=axes[0].tolist(), label="von Mises stress (Pa)", shrink=0.9)
    fig.suptitle("Deformed cell coloured by von Mises stress (metal surface in copper colour)", fontsize=9)
    return save(fig, run / "plots", "deformed_cell")


def plot_interface_run(
    run: Path, summary: dict[str, Any], snapshots: list[tuple[float, str, dict[str, Any]]]
) -> list[Path]:
    out = plot_bonded_fraction(run, summary)
    out += plot_first_contact(run)
    if snapshots:
        out += plot_snapshots(run, snapshots)
    return out
