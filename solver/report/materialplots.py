"""Figure of a DMA fit: master curve, tan δ, shift factors, errors per isotherm, tan δ and E′ at 1 Hz
against temperature with Tg and the E′ claim's valid window."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.ticker import NullLocator

from ..materials.claims import THRESHOLD, storage_modulus
from ..materials.fitcard import FittedCard
from ..materials.fitting import FitResult
from .style import COLORS, new_figure, save

__all__ = ["plot_fitted_card"]


def _master(a: Any, fit: FitResult) -> None:
    w, p, M = fit.omega_r, fit.prony, fit.data.modulus
    wm = np.logspace(math.log10(w.min()) - 0.5, math.log10(w.max()) + 0.5, 400)
    a.loglog(w, fit.storage, "o", ms=2.5, color=COLORS[0], alpha=0.6, label=f"{M}′ data")
    a.loglog(w, fit.loss, "s", ms=2.5, color=COLORS[1], alpha=0.6, label=f"{M}″ data")
    a.loglog(wm, p.storage(wm), "-", color=COLORS[0], label=f"{M}′ Prony ({p.n_terms} terms)")
    a.loglog(wm, p.loss(wm), "-", color=COLORS[1], label=f"{M}″ Prony")
    a.set_xlabel(f"reduced angular frequency ω·a_T (rad/s), T_ref = {fit.reference_temperature - 273.15:.1f} °C")
    a.set_ylabel("modulus (Pa)")
    a.set_title("Master curve (isotherms placed by the fitted shift law)", fontsize=9)
    a.legend(fontsize=7)


def _loss_factor(a: Any, fit: FitResult) -> None:
    w, p = fit.omega_r, fit.prony
    wm = np.logspace(math.log10(w.min()) - 0.5, math.log10(w.max()) + 0.5, 400)
    a.loglog(w, fit.loss / fit.storage, "o", ms=2.5, color=COLORS[2], alpha=0.6, label="data")
    a.loglog(wm, p.tan_delta(wm), "-", color=COLORS[2], label="Prony")
    a.set_xlabel("reduced angular frequency ω·a_T (rad/s)")
    a.set_ylabel("tan δ (–)")
    a.set_title("Loss factor on the master curve", fontsize=9)
    a.legend(fontsize=7)


def _shift(a: Any, fit: FitResult) -> None:
    T, L = fit.shift_points
    Tm = np.linspace(T.min() - 10, T.max() + 10, 300)
    a.plot(T - 273.15, L, "o", color=COLORS[3], label="from shifting the isotherms")
    a.plot(Tm - 273.15, fit.shift.log10_aT(Tm), "-", color=COLORS[3], label="fitted shift law")
    a.text(0.02, 0.03, textwrap.fill(fit.shift.describe(), 60), transform=a.transAxes, fontsize=6.5, va="bottom")
    a.set_xlabel("temperature (°C)")
    a.set_ylabel("log10 a_T (–)")
    a.set_title(f"Shift factors (RMS misfit {fit.shift_rms:.3f} decades)", fontsize=9)
    a.legend(fontsize=7, loc="upper right")


def _errors(a: Any, fit: FitResult) -> None:
    T = np.array([e.temperature for e in fit.isotherms]) - 273.15
    step = 0.3 * float(np.min(np.diff(T))) if T.size > 1 else 1.0
    a.bar(T - step / 2, [100 * e.rms_storage for e in fit.isotherms], step, color=COLORS[0], label="E′ RMS")
    a.bar(T + step / 2, [100 * e.rms_loss for e in fit.isotherms], step, color=COLORS[1], label="E″ RMS")
    a.plot(T, [100 * e.max_storage for e in fit.isotherms], "v", ms=3, color=COLORS[0], label="E′ largest")
    a.plot(T, [100 * e.max_loss for e in fit.isotherms], "^", ms=3, color=COLORS[1], label="E″ largest")
    a.axhline(100 * fit.options.tolerance, color="k", ls="--", lw=1, label="tolerance (RMS)")
    a.set_xlabel("isotherm temperature (°C)")
    a.set_ylabel("|ln(model/data)| (%)")
    a.set_title("Error of the card against the data, per isotherm", fontsize=9)
    a.legend(fontsize=6.5, ncol=2)


def _near(fit: FitResult, frequency: float) -> np.ndarray:
    """Per isotherm, the data point at the frequency nearest ``frequency`` if within a quarter decade."""
    d = fit.data
    dist = np.abs(np.log10(d.frequency / frequency))
    out = np.zeros(d.frequency.size, dtype=bool)
    for T in np.unique(d.temperature):
        idx = np.flatnonzero(d.temperature == T)
        k = idx[int(np.argmin(dist[idx]))]
        out[k] = dist[k] < 0.25
    return out


def _tan_delta_sweep(a: Any, card: FittedCard) -> None:
    fit, visco, tg = card.fit, card.viscoelastic, card.glass_transition
    lo, hi = fit.data_range
    T = np.linspace(lo - 10, hi + 10, 600)
    aT = 10.0 ** np.asarray(visco.shift.log10_aT(T))
    a.semilogy(T - 273.15, visco.given.tan_delta(2 * math.pi, aT), "-", color=COLORS[2], label="fitted model, 1 Hz")
    k = _near(fit, 1.0)
    a.semilogy(
        fit.data.temperature[k] - 273.15, (fit.loss / fit.storage)[k], "o", ms=3, color=COLORS[2], alpha=0.6,
        label="data at 1 Hz",
    )  # fmt: skip
    a.axvline(tg.celsius, color=COLORS[4], ls=":", label=f"Tg {tg.celsius:.1f} °C ({tg.definition})")
    a.set_xlabel("temperature (°C)")
    a.set_ylabel("tan δ (–)")
    a.set_title("tan δ at 1 Hz: the α peak defines Tg", fontsize=9)
    a.legend(fontsize=6.5)


def _claim(a: Any, card: FittedCard) -> None:
    fit, visco, claim = card.fit, card.viscoelastic, card.claim
    lo, (w0, w1) = fit.data_range[0], claim.window
    beyond = claim.crossing_temperature if claim.crossing_extrapolated and claim.crossing_temperature else w1
    top = max(w1, beyond) + 20
    T = np.linspace(lo - 10, top, 600)
    E = storage_modulus(visco, T, claim.frequency)
    valid = T <= w1
    a.semilogy(T[valid] - 273.15, E[valid], "-", color=COLORS[0], label=f"E′ at {claim.frequency:g} Hz (card)")
    a.semilogy(T[~valid] - 273.15, E[~valid], "--", color=COLORS[0], alpha=0.7, label="extrapolated")
    a.axvspan(w0 - 273.15, w1 - 273.15, color=COLORS[5], alpha=0.15, label=f"valid window ({claim.window_end_source})")
    a.axhline(THRESHOLD, color="k", ls="--", lw=1, label="claim: 1×10⁶ Pa")
    if claim.crossing_temperature is not None:
        mark = "v" if not claim.crossing_extrapolated else "x"
        a.plot(claim.crossing_temperature - 273.15, THRESHOLD, mark, color="k", label="E′ = 1e6 Pa")
    k = _near(fit, claim.frequency)
    if k.any() and fit.data.modulus == "E":
        a.semilogy(fit.data.temperature[k] - 273.15, fit.storage[k], "o", ms=3, color=COLORS[0], alpha=0.5)
    verdict = {True: "PASS", False: "FAIL", None: "UNDECIDED"}[claim.verdict]
    a.set_xlabel("temperature (°C)")
    a.set_ylabel("storage modulus E′ (Pa)")
    a.set_title(f"E′ claim (seed 000 claim 1): {verdict}", fontsize=9)
    a.legend(fontsize=6)


def plot_fitted_card(card: FittedCard, folder: Path, stem: str) -> list[Path]:
    """Six panels of a fitted card; saved as ``stem.png`` and ``stem.pdf`` in ``folder``."""
    fig, ax = new_figure(2, 3, figsize=(15, 8))
    _master(ax[0, 0], card.fit)
    _loss_factor(ax[0, 1], card.fit)
    _shift(ax[0, 2], card.fit)
    _errors(ax[1, 0], card.fit)
    _tan_delta_sweep(ax[1, 1], card)
    _claim(ax[1, 2], card)
    _fast_layout(fig, ax)
    return save(fig, folder, stem)


def _fast_layout(fig: Any, ax: Any) -> None:
    """Fixed margins and no minor ticks on log axes: each of them would cost a full draw of the
    figure (about a second together), the command's main cost after the fit itself."""
    for a in ax.flat:
        for axis in (a.xaxis, a.yaxis):
            if axis.get_scale() == "log":
                axis.set_minor_locator(NullLocator())
    fig.subplots_adjust(left=0.05, right=0.99, bottom=0.07, top=0.96, wspace=0.22, hspace=0.28)
    # a placeholder engine tells save() that the margins are set (it would run tight_layout otherwise)
    fig.set_layout_engine(PlaceHolderLayoutEngine(adjust_compatible=True, colorbar_gridspec=True))
