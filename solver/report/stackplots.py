"""Plots of a stack run, from its result (PNG and PDF)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..results import StackResult
from .style import new_figure, save

__all__ = ["plot_stack"]


def plot_temperature_history(result: StackResult, folder: Path) -> list[Path]:
    """The cycle: platen and interface temperatures with pressure (top), interface lag (bottom)."""
    h = result.history
    t = h.column("time_s") / 60
    Tp = h.column("platen_temperature_degC")
    fig, (ax, lag) = new_figure(2, 1, figsize=(6.5, 5.4), sharex=True, gridspec_kw={"height_ratios": [3, 1.4]})
    ax.plot(t, Tp, "k--", lw=1.2, label="platen")
    for name in result.interface_programmes:
        Ti = h.column(f"{name}.temperature_degC")
        ax.plot(t, Ti, lw=1.5, label=f"interface {name}")
        lag.plot(t, Tp - Ti, lw=1.2, label=name)
    ax.set_ylabel("temperature (°C)")
    p = h.column("pressure_Pa") / 1e6
    if np.any(p > 0):
        ax2 = ax.twinx()
        ax2.fill_between(t, 0, p, color="#999999", alpha=0.25, step="post", label="pressure")
        ax2.set_ylabel("pressure (MPa)")
        ax2.grid(False)
    ax.legend(loc="best", fontsize=7)
    ax.set_title("Press cycle and interface temperatures")
    lag.set_ylabel("platen − interface (K)")
    lag.set_xlabel("time (min)")
    return save(fig, folder, "temperature_history")


def plot_stress_history(result: StackResult, folder: Path) -> list[Path]:
    """Mean interface normal stress (the interface pressure), peak shear and curvature vs time."""
    h = result.history
    t = h.column("time_s") / 60
    fig, ax = new_figure(3, 1, figsize=(6.5, 7.0), sharex=True)
    for name in result.interface_programmes:
        ax[0].plot(t, h.column(f"{name}.mean_normal_stress_Pa") / 1e6, label=name)
        ax[1].plot(t, h.column(f"{name}.max_shear_stress_Pa") / 1e6, label=name)
    ax[2].plot(t, h.column("curvature_1_per_m"), color="k")
    contact = ax[2].twinx()
    contact.plot(t, h.column("top_contact_fraction"), color="#0072B2", lw=1, ls=":", label="upper platen contact")
    contact.set_ylim(-0.05, 1.05)
    contact.set_ylabel("upper platen contact (–)", color="#0072B2")
    contact.grid(False)
    ax[0].set_ylabel("mean σ_yy over the interface (MPa)")
    ax[1].set_ylabel("peak |σ_xy| at interface (MPa)")
    ax[2].set_ylabel("curvature (1/m)")
    ax[2].set_xlabel("time (min)")
    ax[0].legend(fontsize=7)
    ax[0].set_title("Stress histories (mean over the interface; peaks at the free edge)")
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
            f"edge lift {s.sheet.edge_lift_m * 1e3:.3g} mm (small-deflection theory: "
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
