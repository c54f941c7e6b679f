"""Plots of the adhesion evaluation: bond degree along the surface, peel strength vs conductor thickness."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..bond.adhesion import AdhesionInputs, AdhesionResult
from ..bond.calibration import CalibrationResult
from ..bond.peel import peel_force
from ..claims import ADHESION_MIN, IPC_6202_MIN
from .style import COLORS, negligible, new_figure, save

__all__ = ["peel_thickness_curve", "plot_adhesion", "plot_calibration"]


def peel_thickness_curve(inputs: AdhesionInputs, gamma: float, thickness: np.ndarray) -> np.ndarray:
    """Peel strength (N/m) of arms of the given thicknesses (m) at toughness Γ."""
    if gamma <= 0:
        return np.zeros_like(thickness)
    return np.array(
        [peel_force(inputs.arm_of_thickness(float(h)), gamma, inputs.angle).force_per_width for h in thickness]
    )


def plot_bond_degree(folder: Path, inputs: AdhesionInputs, result: AdhesionResult) -> list[Path]:
    b = inputs.bonds
    fig, ax = new_figure(figsize=(6.5, 3.8))
    x = b.x * 1e6
    bonded = ~np.isnan(b.bonded_at)
    ax.plot(x, result.bond_degree, color=COLORS[0], lw=1.8, marker="o", ms=2.5, label="bond degree $D_b$")
    ax.fill_between(x, 0, 1, where=~bonded, color="#999999", alpha=0.25, step="mid", label="never bonded")
    ax.set_ylim(-0.02, 1.05)
    ax.set_xlabel("position along the surface (µm)")
    ax.set_ylabel("bond degree (–)")
    if np.ptp(b.profile_z) > 0:
        ax2 = ax.twinx()
        ax2.plot(b.profile_x * 1e6, b.profile_z * 1e6, color=COLORS[1], lw=0.8, alpha=0.7)
        ax2.set_ylabel("metal surface height (µm)", color=COLORS[1])
        ax2.grid(False)
    ax.set_title(
        f"Γ_eff = {result.effective_toughness:.3g} J/m² of Γ_int = {result.card.intrinsic_toughness:.3g} J/m²"
        f" ({100 * result.bonded_fraction:.0f} % of points bonded)",
        fontsize=9,
    )
    ax.legend(loc="lower right", fontsize=8)
    return save(fig, folder, "bond_degree")


def plot_peel_thickness(
    folder: Path, inputs: AdhesionInputs, result: AdhesionResult, h: np.ndarray, P: np.ndarray
) -> list[Path]:
    P = P / 100.0  # N/cm
    fig, ax = new_figure(figsize=(6.5, 4.0))
    ax.plot(h * 1e6, P, color=COLORS[0], lw=2, label=f"predicted {inputs.angle:g}° peel")
    if result.peel_strength_sigma is not None and result.peel_strength > 0:
        rel = result.peel_strength_sigma / result.peel_strength
        ax.fill_between(
            h * 1e6, P * np.exp(-rel), P * np.exp(rel), color=COLORS[0], alpha=0.2, label="±1σ (calibration)"
        )
    ax.axhline(ADHESION_MIN, color=COLORS[1], ls="--", lw=1.2, label="5 N/cm at 15 µm (seed 002 cl. 14–15)")
    ax.axhline(10 * IPC_6202_MIN, color=COLORS[3], ls=":", lw=1.2, label="0.49 N/mm (IPC/JPCA-6202)")
    ax.axvline(result.claim_thickness * 1e6, color="#777777", lw=0.8)
    ax.plot(
        [result.arm.thickness * 1e6],
        [result.peel_strength / 100.0],
        "o",
        color=COLORS[0],
        ms=7,
        label="this case's conductor",
    )
    ax.plot([result.claim_thickness * 1e6], [result.claim_peel_strength / 100.0], "s", color=COLORS[1], ms=6)
    ax.set_xscale("log")
    ax.set_xlabel("conductor (peel arm) thickness (µm)")
    ax.set_ylabel("peel strength (N/cm)")
    ax.set_ylim(bottom=0)
    ax.set_title(f"at Γ_eff = {result.effective_toughness:.3g} J/m² (plane-strain bilinear arm)", fontsize=9)
    ax.legend(fontsize=7.5, loc="best")
    return save(fig, folder, "peel_vs_thickness")


def plot_adhesion(
    folder: Path, inputs: AdhesionInputs, result: AdhesionResult, h: np.ndarray, P: np.ndarray
) -> list[Path]:
    """The adhesion figures (PNG + PDF) into ``folder``; (h, P) the peel–thickness curve (m, N/m).

    The bond degree along the surface is drawn only where it varies: a conductor formed on the TPI
    (complete contact) bonds everywhere at once, and its one value is in the summary.
    """
    out = [] if negligible(result.bond_degree, 1.0) else plot_bond_degree(folder, inputs, result)
    return out + plot_peel_thickness(folder, inputs, result, h, P)


def plot_calibration(folder: Path, stem: str, result: CalibrationResult) -> list[Path]:
    """Measured vs fitted peel strength of a calibration (PNG + PDF named ``<stem>_fit``)."""
    fig, ax = new_figure(figsize=(5.0, 4.6))
    m, p = result.measured / 100.0, result.predicted / 100.0  # N/cm
    lo, hi = 0.8 * min(m.min(), p.min()), 1.2 * max(m.max(), p.max())
    ax.plot([lo, hi], [lo, hi], color="#777777", lw=1, label="fitted = measured")
    ax.plot(m, p, "o", color=COLORS[0], ms=6, label="measurements")
    for lab, x, y in zip(result.labels, m, p, strict=True):
        ax.annotate(lab, (x, y), textcoords="offset points", xytext=(4, 4), fontsize=7)
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_aspect("equal")
    ax.set_xlabel("measured peel strength (N/cm)")
    ax.set_ylabel("fitted peel strength (N/cm)")
    g0, g1 = result.toughness_interval
    ax.set_title(f"Γ_int = {result.card.intrinsic_toughness:.3g} J/m² (1σ {g0:.3g}–{g1:.3g})", fontsize=9)
    ax.legend(fontsize=8, loc="upper left")
    return save(fig, folder, f"{stem}_fit")
