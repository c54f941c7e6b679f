"""Plots of an interface run: bonded area over the cycle, first contact along the surface, deformed cells."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.colors import LogNorm

from ..results import CellSnapshot, InterfaceResult
from .style import COLORS, new_figure, save

__all__ = ["fractions_over_the_recipe", "plot_interface"]


def fractions_over_the_recipe(
    h: Any,
    curves: list[tuple[str, str, dict[str, Any]]],
    ylabel: str,
    title: str,
    time_to_90pct_s: float | None,
    folder: Path,
) -> list[Path]:
    """Fractions of the surface (%) with the interface temperature (top), the pressure (bottom).

    Args:
        h: The history (``time_s``, ``temperature_degC``, ``pressure_Pa`` and the curves' columns).
        curves: (column, label, line style keywords) of each fraction.
        ylabel, title: The top panel's axis label and the start of the figure's title.
        time_to_90pct_s: When the bonded fraction reached 90 % (s; None: never), said in the title.
        folder: Where the figure goes (``bonded_fraction``).
    """
    t = h.column("time_s") / 60
    fig, (ax, bottom) = new_figure(2, 1, figsize=(6.5, 5.0), sharex=True, gridspec_kw={"height_ratios": [3, 1.2]})
    for column, label, style in curves:
        ax.plot(t, 100 * h.column(column), label=label, **style)
    ax.set_ylim(-2, 102)
    ax.set_ylabel(ylabel)
    ax2 = ax.twinx()
    ax2.plot(t, h.column("temperature_degC"), color=COLORS[1], lw=1.2, label="temperature (right axis)")
    ax2.set_ylabel("interface temperature (°C)", color=COLORS[1])
    ax2.grid(False)
    lines = ax.get_legend_handles_labels()
    lines2 = ax2.get_legend_handles_labels()
    ax.legend(lines[0] + lines2[0], lines[1] + lines2[1], fontsize=7, loc="center right")
    p = h.column("pressure_Pa") / 1e6
    bottom.fill_between(t, 0, p, color="#999999", alpha=0.3)
    bottom.plot(t, p, color="#555555", lw=1.0)
    bottom.set_ylabel("pressure (MPa)")
    bottom.set_ylim(bottom=0)
    bottom.set_xlabel("time (min)")
    if time_to_90pct_s is not None:
        title += f", 90 % after {time_to_90pct_s / 60:.2f} min"
    ax.set_title(title, fontsize=9)
    return save(fig, folder, "bonded_fraction")


def plot_bonded_fraction(result: InterfaceResult, folder: Path) -> list[Path]:
    """Bonded and contact fractions with the interface temperature (top), the pressure (bottom)."""
    summary = result.summary
    ttl = f"Bonded area: {100 * summary.bonded_fraction_final:.1f} % at the end"
    curves = [
        ("bonded_fraction", "bonded (projected)", {"color": COLORS[0], "lw": 2}),
        ("bonded_fraction_true_area", "bonded (true area)", {"color": COLORS[0], "lw": 1, "ls": "--"}),
        ("contact_fraction", "in contact", {"color": COLORS[2], "lw": 1, "ls": ":"}),
    ]
    t90 = summary.time_to_90pct_bonded_s
    return fractions_over_the_recipe(result.history, curves, "fraction of the surface (%)", ttl, t90, folder)


def plot_first_contact(result: InterfaceResult, folder: Path) -> list[Path]:
    s = result.surface
    px, pz = result.profile_x * 1e6, result.profile_z * 1e6
    fig, (a1, a2) = new_figure(2, 1, figsize=(6.5, 4.8), sharex=True, gridspec_kw={"height_ratios": [1, 1.4]})
    a1.plot(px, pz, color="k")
    bonded = np.asarray(s.bonded) > 0.5
    xa = np.asarray(s.x_anchor) * 1e6
    a1.plot(
        xa[bonded],
        np.interp(xa[bonded], px, pz),
        ".",
        color=COLORS[0],
        ms=4,
        label="bonded surface points",
    )
    a1.set_ylabel("surface z (µm)")
    a1.legend(fontsize=7)
    fc = np.asarray(s.first_contact_s) / 60
    bt = np.asarray(s.bonded_at_s) / 60
    a2.plot(xa, fc, "o", ms=3, color=COLORS[2], label="first contact")
    a2.plot(xa[bonded], bt[bonded], "x", ms=3, color=COLORS[0], label="bonded")
    a2.set_xlabel("position along the surface x (µm)")
    a2.set_ylabel("time (min)")
    a2.legend(fontsize=7)
    a1.set_title("Where and when the TPI reached the surface", fontsize=9)
    return save(fig, folder, "first_contact")


def plot_snapshots(result: InterfaceResult, snapshots: tuple[CellSnapshot, ...], folder: Path) -> list[Path]:
    n = len(snapshots)
    fig, axes = new_figure(1, n, figsize=(2.6 * n + 1.2, 4.4), squeeze=False, layout="constrained")
    vmax = max(float(np.max(s.von_mises_Pa)) for s in snapshots)
    vmin = max(vmax * 1e-4, 1.0)
    norm = LogNorm(vmin=vmin, vmax=max(vmax, 10.0))
    pc = None
    for ax, snap in zip(axes[0], snapshots, strict=True):
        t, label = snap.time_s, snap.label
        pc = PolyCollection(
            list(snap.vertices * 1e6),
            array=np.maximum(snap.von_mises_Pa, vmin),
            cmap="viridis",
            norm=norm,
            edgecolors="face",
            linewidths=0.1,
        )
        ax.add_collection(pc)
        x, z = result.profile_x * 1e6, result.profile_z * 1e6
        ax.fill_between(x, z.min() - 0.2 * (z.max() - z.min() + 1e-9), z, color="#b87333", alpha=0.8)
        v = snap.vertices * 1e6
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
    return save(fig, folder, "deformed_cell")


def plot_interface(result: InterfaceResult, folder: Path) -> list[Path]:
    """Every plot of an interface run (PNG and PDF in ``folder``)."""
    out = plot_bonded_fraction(result, folder)
    out += plot_first_contact(result, folder)
    if result.snapshots:
        out += plot_snapshots(result, result.snapshots, folder)
    return out
