"""Plots of a stack run, from its result (PNG and PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ..results import StackResult
from .style import negligible, new_figure, save

__all__ = ["plot_stack"]


def _pressure_axis(ax: Any, t: np.ndarray, p_MPa: np.ndarray) -> Any:
    """The press pressure on a right-hand axis: a labelled step line over a light fill."""
    ax2 = ax.twinx()
    ax2.fill_between(t, 0, p_MPa, color="#999999", alpha=0.2)
    ax2.plot(t, p_MPa, color="#555555", lw=1.0, label="press pressure (right axis)")
    ax2.set_ylabel("press pressure (MPa)")
    ax2.set_ylim(bottom=0)
    ax2.grid(False)
    return ax2


def plot_temperature_history(result: StackResult, folder: Path) -> list[Path]:
    """The cycle: platen and interface temperatures with the press pressure (top); the interfaces'
    lag behind the platen (bottom) when it is more than round-off."""
    h = result.history
    t = h.column("time_s") / 60
    Tp = h.column("platen_temperature_degC")
    names = list(result.interface_programmes)
    lags = {name: Tp - h.column(f"{name}.temperature_degC") for name in names}
    # the difference of two temperatures: round-off relative to the temperatures (in K) subtracted
    flat = all(negligible(d, float(np.max(Tp)) + 273.15) for d in lags.values())
    if flat:
        fig, ax = new_figure(figsize=(6.5, 4.2))
    else:
        fig, (ax, lag) = new_figure(2, 1, figsize=(6.5, 5.4), sharex=True, gridspec_kw={"height_ratios": [3, 1.4]})
    ax.plot(t, Tp, "k--", lw=1.2, label="platen")
    for name in names:
        ax.plot(t, h.column(f"{name}.temperature_degC"), lw=1.5, label=f"interface {name}")
    ax.set_ylabel("temperature (°C)")
    handles, labels = ax.get_legend_handles_labels()
    p = h.column("pressure_Pa") / 1e6
    if np.any(p > 0):
        h2, l2 = _pressure_axis(ax, t, p).get_legend_handles_labels()
        handles, labels = handles + h2, labels + l2
    ax.legend(handles, labels, loc="best", fontsize=7)
    if flat:
        worst = max(float(np.max(np.abs(d))) for d in lags.values()) if lags else 0.0
        ax.set_title(
            f"Press cycle and interface temperatures\n(every interface within {worst:.1g} K of the platen throughout)",
            fontsize=9,
        )
        ax.set_xlabel("time (min)")
    else:
        ax.set_title("Press cycle and interface temperatures")
        for name, d in lags.items():
            lag.plot(t, d, lw=1.2, label=name)
        lag.set_ylabel("platen − interface (K)")
        lag.set_xlabel("time (min)")
    return save(fig, folder, "temperature_history")


def plot_stress_history(result: StackResult, folder: Path) -> list[Path]:
    """Mean interface normal stress (the interface pressure), peak shear and curvature vs time; a
    stress panel whose values are round-off against the model's stresses is named, not drawn."""
    h = result.history
    t = h.column("time_s") / 60
    names = list(result.interface_programmes)
    columns = {
        "mean σ_yy over the interface (MPa)": {n: h.column(f"{n}.mean_normal_stress_Pa") for n in names},
        "peak |σ_xy| at interface (MPa)": {n: h.column(f"{n}.max_shear_stress_Pa") for n in names},
    }
    scale = max(
        [float(np.nanmax(np.abs(v))) for c in columns.values() for v in c.values()]
        + list(result.summary.max_von_mises_Pa.values())
        + [0.0]
    )
    shown = {k: c for k, c in columns.items() if not all(negligible(v, scale) for v in c.values())}
    hidden = [k for k in columns if k not in shown]
    fig, axes = new_figure(len(shown) + 1, 1, figsize=(6.5, 2.4 * (len(shown) + 1) + 0.4), sharex=True, squeeze=False)
    ax = axes[:, 0]
    for row, (label, series) in enumerate(shown.items()):
        for name, v in series.items():
            ax[row].plot(t, v / 1e6, label=name)
        ax[row].set_ylabel(label)
    ax[-1].plot(t, h.column("curvature_1_per_m"), color="k")
    contact = ax[-1].twinx()
    contact.plot(t, h.column("top_contact_fraction"), color="#0072B2", lw=1, ls=":", label="upper platen contact")
    contact.set_ylim(-0.05, 1.05)
    contact.set_ylabel("upper platen contact (–)", color="#0072B2")
    contact.grid(False)
    ax[-1].set_ylabel("curvature (1/m)")
    ax[-1].set_xlabel("time (min)")
    if shown:
        ax[0].legend(fontsize=7)
    title = "Stress histories (mean over the interface; peaks at the free edge)"
    for label in hidden:
        bound = max(float(np.nanmax(np.abs(v))) for v in columns[label].values())
        title += f"\n{label.split(' (')[0]}: within {bound:.2g} Pa of zero throughout (not plotted)"
    ax[0].set_title(title, fontsize=9)
    return save(fig, folder, "stress_history")


def plot_interface_stress(result: StackResult, folder: Path) -> list[Path]:
    """σ_yy and σ_xy along each interface: whole width (left) and the right free edge (right)."""
    fig, ax = new_figure(2, 2, figsize=(8.0, 5.4), sharey="row")
    xall = np.concatenate([tr.x for tr in result.tractions]) if result.tractions else np.zeros(1)
    edge = float(xall.max())
    zone = 0.04 * (edge - float(xall.min()))
    for tr in result.tractions:
        n, xi = tr.name, tr.x
        for row, values in enumerate((tr.normal, tr.shear)):
            v = np.asarray(values) / 1e6
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
    return save(fig, folder, "interface_stress")


def plot_deformed_shape(result: StackResult, folder: Path) -> list[Path]:
    d, s = result.deflection, result.summary
    fig, ax = new_figure(figsize=(6.5, 3.4))
    x = d.x * 1e3
    ax.plot(x, d.w * 1e6, lw=2, label="mid-plane deflection (FE)")
    ax.plot(x, d.w_fit * 1e6, "k--", lw=1, label="parabola fitted away from the edges")
    ax.set_xlabel("radius r (mm)" if s.section == "axisymmetric" else "x (mm)")
    ax.set_ylabel("deflection w (µm)")
    title = (
        f"Coupon at the end of the cycle: κ = {s.curvature_1_per_m:.3g} 1/m, "
        f"R = {s.curl_radius_m * 1e3:.3g} mm, concave toward {s.concave_side}"
    )
    if s.sheet is not None:
        title += (
            f"\na {s.sheet.size_m * 1e3:.4g} mm {s.sheet.shape} sheet: {s.sheet.branch}, "
            f"{s.sheet.shape_text()} (small-deflection theory: edge lift "
            f"{s.sheet.small_deflection_edge_lift_m * 1e3:.3g} mm)"
        )
    ax.set_title(title, fontsize=8.5)
    ax.legend(fontsize=8)
    return save(fig, folder, "deformed_shape")


def plot_centre_stress(result: StackResult, folder: Path) -> list[Path]:
    """Residual stress through the thickness at the coupon's centre, layer by layer."""
    c, s = result.centre_stress, result.summary
    fig, ax = new_figure(figsize=(5.0, 4.6))
    first = s.section == "axisymmetric"
    labels = ("σ_rr (radial)", "σ_θθ (hoop)") if first else ("σ_xx", "σ_zz")
    layers = list(dict.fromkeys(c.layer))
    for k, name in enumerate(layers):
        m = np.array([n == name for n in c.layer])
        y = c.y[m] * 1e6
        ax.plot(c.xx[m] / 1e6, y, color="C0", lw=1.8, label=labels[0] if k == 0 else None)
        ax.plot(c.zz[m] / 1e6, y, color="C1", lw=1.2, ls="--", label=labels[1] if k == 0 else None)
        ax.axhline(float(y.max()), color="0.7", lw=0.6)
        ax.text(0.98, float(y.mean()), name, transform=ax.get_yaxis_transform(), ha="right", va="center", fontsize=7)
    ax.axvline(0.0, color="k", lw=0.6)
    ax.set_xlabel("in-plane stress (MPa)")
    ax.set_ylabel("height above the bottom face (µm)")
    ax.set_title("Residual stress through the thickness at the centre", fontsize=9)
    ax.legend(fontsize=8, loc="lower left")
    return save(fig, folder, "centre_stress")


def plot_stack(result: StackResult, folder: Path) -> list[Path]:
    """Every plot of a stack run (PNG and PDF in ``folder``)."""
    out = plot_temperature_history(result, folder)
    out += plot_stress_history(result, folder)
    out += plot_interface_stress(result, folder)
    out += plot_deformed_shape(result, folder)
    out += plot_centre_stress(result, folder)
    return out
