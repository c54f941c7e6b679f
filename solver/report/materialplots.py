"""Figure of a DMA fit: master curve, tan δ, shift factors, 1 Hz temperature sweep with the claim line."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import numpy as np

from ..materials.claims import THRESHOLD, ModulusClaim, storage_modulus
from ..materials.fitting import FitResult
from ..materials.material import Viscoelasticity
from .style import COLORS, new_figure, save

__all__ = ["plot_fit"]


def plot_fit(fit: FitResult, visco: Viscoelasticity, claim: ModulusClaim, folder: Path, stem: str) -> list[Path]:
    """Four panels; saved as ``stem.png`` and ``stem.pdf`` in ``folder``."""
    fig, ax = new_figure(2, 2, figsize=(10, 7.5))
    w = fit.omega_r
    p = fit.prony
    wm = np.logspace(math.log10(w.min()) - 0.5, math.log10(w.max()) + 0.5, 400)
    M = fit.data.modulus
    a = ax[0, 0]
    a.loglog(w, fit.storage, "o", ms=2.5, color=COLORS[0], alpha=0.6, label=f"{M}′ data")
    a.loglog(w, fit.loss, "s", ms=2.5, color=COLORS[1], alpha=0.6, label=f"{M}″ data")
    a.loglog(wm, p.storage(wm), "-", color=COLORS[0], label=f"{M}′ Prony ({p.n_terms} terms)")
    a.loglog(wm, p.loss(wm), "-", color=COLORS[1], label=f"{M}″ Prony")
    a.set_xlabel(f"reduced angular frequency ω·a_T (rad/s), T_ref = {fit.reference_temperature - 273.15:.1f} °C")
    a.set_ylabel("modulus (Pa)")
    a.set_title("Master curve", fontsize=9)
    a.legend(fontsize=7)
    a = ax[0, 1]
    a.loglog(w, fit.loss / fit.storage, "o", ms=2.5, color=COLORS[2], alpha=0.6, label="data")
    a.loglog(wm, p.tan_delta(wm), "-", color=COLORS[2], label="Prony")
    a.set_xlabel("reduced angular frequency ω·a_T (rad/s)")
    a.set_ylabel("tan δ (–)")
    a.set_title("Loss factor on the master curve", fontsize=9)
    a.legend(fontsize=7)
    a = ax[1, 0]
    T, L = fit.shift_points
    Tm = np.linspace(T.min() - 10, T.max() + 10, 300)
    a.plot(T - 273.15, L, "o", color=COLORS[3], label="from shifting the isotherms")
    a.plot(Tm - 273.15, fit.shift.log10_aT(Tm), "-", color=COLORS[3], label="fitted shift law")
    a.text(0.02, 0.03, textwrap.fill(fit.shift.describe(), 60), transform=a.transAxes, fontsize=6.5, va="bottom")
    a.set_xlabel("temperature (°C)")
    a.set_ylabel("log10 a_T (–)")
    a.set_title(f"Shift factors (RMS misfit {fit.shift_rms:.3f} decades)", fontsize=9)
    a.legend(fontsize=7, loc="upper right")
    a = ax[1, 1]
    lo = min(float(T.min()), claim.window[0]) - 20
    Ts = np.linspace(lo, claim.window[1], 500)
    E1 = storage_modulus(visco, Ts, claim.frequency_Hz)
    a.semilogy(Ts - 273.15, E1, "-", color=COLORS[0], label=f"E′ at {claim.frequency_Hz:g} Hz (fitted model)")
    a.axhline(THRESHOLD, color="k", ls="--", lw=1, label="claim: 1×10⁶ Pa")
    a.axvline(claim.glass_transition - 273.15, color=COLORS[4], ls=":", label=f"Tg ({claim.glass_transition_source})")
    if claim.first_crossing_temperature is not None:
        a.plot(claim.first_crossing_temperature - 273.15, THRESHOLD, "v", color="k")
    a.plot(
        claim.temperature_of_minimum - 273.15,
        claim.minimum_storage_modulus_Pa,
        "o",
        color=COLORS[1],
        label=f"min above Tg: {claim.minimum_storage_modulus_Pa:.3g} Pa ({'pass' if claim.passes else 'fail'})",
    )
    # DMA points near the claim frequency
    d = fit.data
    k = np.abs(np.log(d.frequency / claim.frequency_Hz)) < 0.25
    if k.any() and d.modulus == "E":
        a.semilogy(
            d.temperature[k] - 273.15,
            d.storage[k],
            "o",
            ms=3,
            color=COLORS[0],
            alpha=0.5,
            label=f"data near {claim.frequency_Hz:g} Hz",
        )
    a.set_xlabel("temperature (°C)")
    a.set_ylabel("storage modulus E′ (Pa)")
    a.set_title("Temperature sweep and the E′ claim (seed 000 claim 1)", fontsize=9)
    a.legend(fontsize=6.5)
    return save(fig, folder, stem)
