"""Prony series fitted to frequency sweeps, together with the shift law, and reduced to few terms.

Everything is fitted in the error of ln E′ and ln E″, so that the glassy, transition and terminal
zones all count:

1. non-negative least squares in relative error on a log-spaced grid of relaxation times, at the
   reduced frequencies of the measured shift factors (a linear start);
2. a Gauss–Newton (trust-region) refinement of moduli, relaxation times and the shift law's
   parameters against the data themselves (the reduced frequency of a point comes from the law, as
   it will when the card is used), with the moduli and times parametrised by their logarithms so
   they stay positive;
3. term reduction: the term whose removal hurts least (moduli re-fitted by NNLS) is dropped and the
   rest refined, while every isotherm's RMS error in E′ and E″ stays within the tolerance and within
   25 % of the unreduced fit's (so a fit to the measurement accuracy stays one: fewer terms are
   cheaper in a finite-element run, but not at the price of a visible misfit);
4. relaxation times closer than 0.1 decade are merged, so no two terms coincide, also not after the
   card rounds them.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import least_squares, nnls
from scipy.special import expit

from .mastercurve import LawParameters
from .prony import Form, PronySeries

__all__ = ["Sweeps", "fit_spectrum", "isotherm_errors", "merge_close_times"]

log = logging.getLogger(__name__)

_LN10 = math.log(10.0)
MERGE_DECADES = 0.1  # relaxation times closer than this (decades) are one term
_TINY = 1e-300  # floor of a modulus under a logarithm (a term set far from every data point)
REDUCTION_SLACK = 1.25  # term reduction may raise the worst isotherm's RMS error by this factor at most


@dataclass(frozen=True)
class Sweeps:
    """DMA points prepared for fitting.

    Attributes:
        omega: Angular frequency of each point (rad/s).
        isotherm: Index of each point's isotherm in ``temperatures``.
        storage, loss: E′ and E″ of each point (Pa).
        temperatures: Isotherm temperatures (K), increasing.
    """

    omega: np.ndarray
    isotherm: np.ndarray
    storage: np.ndarray
    loss: np.ndarray
    temperatures: np.ndarray

    def reduced(self, log_aT: np.ndarray) -> np.ndarray:
        """Reduced angular frequencies ω·a_T (rad/s) for log10 a_T given per isotherm."""
        return self.omega * 10.0 ** log_aT[self.isotherm]


def _kernels(ln_wr: np.ndarray, ln_tau: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ωτ)²/(1+(ωτ)²), ωτ/(1+(ωτ)²) and ln(ωτ), evaluated without overflow for any ωτ."""
    lwt = ln_wr[:, None] + ln_tau[None, :]
    K1 = expit(2.0 * lwt)
    e = np.exp(-np.abs(lwt))
    K2 = e / (1.0 + e * e)
    return K1, K2, lwt


def _model(p: PronySeries, wr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    K1, K2, _ = _kernels(np.log(wr), np.log(p.times))
    return np.maximum(K1 @ p.moduli + p.long_term, _TINY), np.maximum(K2 @ p.moduli, _TINY)


def isotherm_errors(p: PronySeries, sweeps: Sweeps, log_aT: np.ndarray) -> np.ndarray:
    """Per isotherm: RMS and largest |ln(model/data)| of E′, then of E″ (array n_isotherms × 4)."""
    s1, s2 = _model(p, sweeps.reduced(log_aT))
    r1, r2 = np.log(s1 / sweeps.storage), np.log(s2 / sweeps.loss)
    out = np.empty((sweeps.temperatures.size, 4))
    for k in range(sweeps.temperatures.size):
        m = sweeps.isotherm == k
        out[k] = (
            np.sqrt(np.mean(r1[m] ** 2)),
            np.abs(r1[m]).max(),
            np.sqrt(np.mean(r2[m] ** 2)),
            np.abs(r2[m]).max(),
        )
    return out


def _worst(p: PronySeries, sweeps: Sweeps, log_aT: np.ndarray) -> float:
    """The largest per-isotherm RMS error of E′ or E″ (in ln)."""
    e = isotherm_errors(p, sweeps, log_aT)
    return float(max(e[:, 0].max(), e[:, 2].max()))


def _nnls(
    wr: np.ndarray, E1: np.ndarray, E2: np.ndarray, tau: np.ndarray, free_long_term: bool
) -> tuple[np.ndarray, float]:
    """Moduli (and M∞) minimising the relative error for fixed relaxation times."""
    K1, K2, _ = _kernels(np.log(wr), np.log(tau))
    A = np.vstack([K1 / E1[:, None], K2 / E2[:, None]])
    if free_long_term:
        A = np.hstack([A, np.concatenate([1 / E1, np.zeros_like(E2)])[:, None]])
    x, _ = nnls(A, np.ones(A.shape[0]), maxiter=20 * A.shape[1])
    return (x[:-1], float(x[-1])) if free_long_term else (x, 0.0)


def merge_close_times(p: PronySeries, decades: float = MERGE_DECADES) -> PronySeries:
    """Merge terms whose relaxation times are closer than ``decades``.

    The closest pair is merged first, into one term with the sum of the moduli at their
    modulus-weighted geometric mean time; repeated until all neighbours are far enough apart.
    Terms with zero modulus are dropped.
    """
    g, t = list(p.moduli[p.moduli > 0]), list(np.log10(p.times[p.moduli > 0]))
    while len(t) > 1:
        gaps = np.diff(t)
        i = int(np.argmin(gaps))
        if gaps[i] >= decades:
            break
        gi = g[i] + g[i + 1]
        t[i] = (g[i] * t[i] + g[i + 1] * t[i + 1]) / gi
        g[i] = gi
        del g[i + 1], t[i + 1]
    return PronySeries(np.array(g), 10.0 ** np.array(t), p.long_term, p.form)


def _refine(
    sweeps: Sweeps,
    p: PronySeries,
    law: LawParameters | None,
    x_law: np.ndarray,
    log_aT_fixed: np.ndarray,
    tau_bounds: tuple[float, float],
    *,
    free_long_term: bool,
    max_nfev: int,
) -> tuple[PronySeries, np.ndarray]:
    """Least squares in ln(model/data) over ln M_i, ln τ_i (ln M∞ if free) and the law's parameters.

    With ``law`` None the shift factors stay at ``log_aT_fixed``.
    """
    keep = p.moduli > 0
    g0, t0 = p.moduli[keep], p.times[keep]
    n = g0.size
    free_inf = free_long_term
    lw = np.log(sweeps.omega)
    lE1, lE2 = np.log(sweeps.storage), np.log(sweeps.loss)
    big = math.log(1e3 * max(float(sweeps.storage.max()), float(sweeps.loss.max())))
    lo = [big - 40.0] * n + [math.log(tau_bounds[0])] * n
    hi = [big] * n + [math.log(tau_bounds[1])] * n
    x0 = [*np.log(g0), *np.log(t0)]
    if free_inf:
        lo.append(big - 30.0)
        hi.append(big)
        x0.append(math.log(max(p.long_term, 1e-6 * float(g0.sum()))))
    n_spec = len(x0)
    if law is not None:
        lo += law.lower.tolist()
        hi += law.upper.tolist()
        x0 += x_law.tolist()
    lo_a, hi_a = np.array(lo), np.array(hi)
    span = hi_a - lo_a
    x_start = np.clip(np.array(x0, dtype=float), lo_a + 1e-9 * span, hi_a - 1e-9 * span)

    def unpack(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, np.ndarray]:
        ginf = math.exp(x[2 * n]) if free_inf else 0.0
        L = law.log_aT(x[n_spec:]) if law is not None else log_aT_fixed
        return np.exp(x[:n]), x[n : 2 * n], ginf, L

    def parts(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, float]:
        g, ltau, ginf, L = unpack(x)
        K1, K2, _ = _kernels(lw + _LN10 * L[sweeps.isotherm], ltau)
        s1 = np.maximum(K1 @ g + ginf, _TINY)
        s2 = np.maximum(K2 @ g, _TINY)
        return g, K1, K2, s1, s2, ginf

    def res(x: np.ndarray) -> np.ndarray:
        _, _, _, s1, s2, _ = parts(x)
        return np.concatenate([np.log(s1) - lE1, np.log(s2) - lE2])

    def jac(x: np.ndarray) -> np.ndarray:
        g, K1, K2, s1, s2, ginf = parts(x)
        dK1 = 2.0 * K1 * (1.0 - K1)  # ∂K1/∂ln(ωτ)
        dK2 = K2 * (1.0 - 2.0 * K1)  # ∂K2/∂ln(ωτ)
        d_tau = np.vstack([dK1 * g / s1[:, None], dK2 * g / s2[:, None]])
        blocks = [np.vstack([K1 * g / s1[:, None], K2 * g / s2[:, None]]), d_tau]
        if free_inf:
            blocks.append(np.concatenate([ginf / s1, np.zeros_like(s2)])[:, None])
        if law is not None:
            # a shift moves every term's ln(ωτ) alike: ∂r/∂log10 a_T = ln 10 · Σ_i ∂r/∂ln τ_i
            dL = law.jacobian(x[n_spec:])[np.concatenate([sweeps.isotherm, sweeps.isotherm])]
            blocks.append(_LN10 * d_tau.sum(axis=1)[:, None] * dL)
        return np.hstack(blocks)

    sol = least_squares(res, x_start, jac=jac, bounds=(lo_a, hi_a), method="trf", x_scale="jac", max_nfev=max_nfev)
    g, ltau, ginf, _ = unpack(sol.x)
    x_law_new = sol.x[n_spec:] if law is not None else x_law
    return merge_close_times(PronySeries(g, np.exp(ltau), ginf, p.form)), x_law_new


def _without(p: PronySeries, i: int, sweeps: Sweeps, wr: np.ndarray, free_long_term: bool) -> PronySeries:
    """``p`` without term i, the other moduli re-fitted by NNLS (times kept)."""
    t = np.delete(p.times, i)
    g, ginf = _nnls(wr, sweeps.storage, sweeps.loss, t, free_long_term)
    keep = g > 0
    return PronySeries(g[keep], t[keep], ginf, p.form)


def fit_spectrum(
    sweeps: Sweeps,
    log_aT_measured: np.ndarray,
    law: LawParameters | None,
    *,
    tolerance: float,
    per_decade: float = 2.0,
    free_long_term: bool = False,
    form: Form = "tensile",
) -> tuple[PronySeries, np.ndarray, int]:
    """Fit a Prony series (and refine the shift law) to frequency sweeps.

    Args:
        sweeps: The data.
        log_aT_measured: Shift factors of the isotherms from shifting them (decades), referenced
            like the law; the start of the spectrum fit.
        law: The law's parametrization, refined with the spectrum; None keeps ``log_aT_measured``
            (a given shift law, or a temperature sweep).
        tolerance: Largest per-isotherm RMS of ln(model/data), E′ or E″, term reduction may reach
            (and never more than :data:`REDUCTION_SLACK` times the unreduced fit's).
        per_decade: Relaxation times per decade of the starting grid (1/ω of the data ± 1 decade).
        free_long_term: Fit M∞ ≥ 0; otherwise M∞ = 0 (a melt).
        form: ``tensile`` (E data) or ``shear`` (G data).

    Returns:
        (series, law parameters, number of terms before reduction).
    """
    wr0 = sweeps.reduced(log_aT_measured)
    lo = math.floor(math.log10(1.0 / wr0.max())) - 1
    hi = math.ceil(math.log10(1.0 / wr0.min())) + 1
    tau = np.logspace(lo, hi, round((hi - lo) * per_decade) + 1)
    # the law may still move the reduced frequencies: leave the times room beyond the data
    tau_bounds = (10.0 ** (lo - 2), 10.0 ** (hi + 2))
    g, ginf = _nnls(wr0, sweeps.storage, sweeps.loss, tau, free_long_term)
    p = PronySeries(g[g > 0], tau[g > 0], ginf, form)
    x = law.x0 if law is not None else np.zeros(0)

    def shifts(x: np.ndarray) -> np.ndarray:
        return law.log_aT(x) if law is not None else log_aT_measured

    log.info("Prony start: %d terms on a grid of %d (%d per decade)", p.n_terms, tau.size, per_decade)
    p, x = _refine(sweeps, p, law, x, log_aT_measured, tau_bounds, free_long_term=free_long_term, max_nfev=200)
    full = p.n_terms
    worst = _worst(p, sweeps, shifts(x))
    log.info("refined with the shift law: %d terms, worst isotherm RMS error %.4f", full, worst)
    allowed = min(tolerance, REDUCTION_SLACK * worst)
    while p.n_terms > 1 and worst <= allowed:
        wr = sweeps.reduced(shifts(x))
        trials = [_without(p, i, sweeps, wr, free_long_term) for i in range(p.n_terms)]
        best = min(trials, key=lambda q: _worst(q, sweeps, shifts(x)))
        cand, _ = _refine(sweeps, best, None, x, shifts(x), tau_bounds, free_long_term=free_long_term, max_nfev=40)
        err = _worst(cand, sweeps, shifts(x))
        if err > allowed:
            break
        p, worst = cand, err
        log.info("reduced to %d terms: worst isotherm RMS error %.4f", p.n_terms, worst)
    p, x = _refine(sweeps, p, law, x, log_aT_measured, tau_bounds, free_long_term=free_long_term, max_nfev=200)
    return p, x, full
