"""Prony series fitted to a master curve E′(ω_r), E″(ω_r), and reduced to few terms.

The fit minimises the error in log E′ and log E″ so that the glassy, transition and terminal
zones all count: first non-negative least squares in relative error on a log-spaced grid of
relaxation times (a linearisation of the log error), then a Gauss–Newton refinement of the log
error with the moduli parametrised as exponentials (so they stay positive).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import least_squares, nnls

from .prony import Form, PronySeries

__all__ = ["ZoneResiduals", "fit_prony", "log_residuals", "reduce_terms", "zone_residuals"]


def _kernel(omega: np.ndarray, tau: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    wt = omega[:, None] * tau[None, :]
    return wt**2 / (1 + wt**2), wt / (1 + wt**2)


def _nnls(
    omega: np.ndarray, E1: np.ndarray, E2: np.ndarray, tau: np.ndarray, free_long_term: bool
) -> tuple[np.ndarray, float]:
    K1, K2 = _kernel(omega, tau)
    A = np.vstack([K1 / E1[:, None], K2 / E2[:, None]])
    if free_long_term:
        A = np.hstack([A, np.concatenate([1 / E1, np.zeros_like(E2)])[:, None]])
    b = np.ones(2 * omega.size)
    x, _ = nnls(A, b, maxiter=20 * A.shape[1])
    return (x[:-1], float(x[-1])) if free_long_term else (x, 0.0)


def log_residuals(p: PronySeries, omega: np.ndarray, E1: np.ndarray, E2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ln(model/data) for E′ and E″ at reduced angular frequencies ``omega``."""
    return np.log(p.storage(omega) / E1), np.log(np.maximum(p.loss(omega), 1e-300) / E2)


def _refine(
    omega: np.ndarray,
    E1: np.ndarray,
    E2: np.ndarray,
    tau: np.ndarray,
    moduli: np.ndarray,
    long_term: float,
    free_long_term: bool,
    *,
    free_times: bool = True,
    max_nfev: int = 300,
) -> tuple[np.ndarray, np.ndarray, float]:
    """Least squares in ln(model/data) over ln M_i (and ln τ_i, and ln M∞ if free).

    Returns:
        (moduli, times, long-term modulus) of the positive terms.
    """
    keep = moduli > 0
    t0, m0 = tau[keep], moduli[keep]
    n = t0.size
    lw = np.log(omega)
    lE1, lE2 = np.log(E1), np.log(E2)
    x0 = np.log(m0)
    if free_times:
        x0 = np.concatenate([x0, np.log(t0)])
    if free_long_term:
        x0 = np.append(x0, np.log(max(long_term, 1e-6 * m0.sum())))

    def split(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
        g = np.exp(x[:n])
        t = np.exp(x[n : 2 * n]) if free_times else t0
        ginf = float(np.exp(x[-1])) if free_long_term else 0.0
        return g, t, ginf

    def kernels(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        g, t, ginf = split(x)
        lwt = lw[:, None] + np.log(t)[None, :]
        K1 = 1.0 / (1.0 + np.exp(-2.0 * lwt))  # (ωτ)²/(1+(ωτ)²) without overflow
        K2 = 1.0 / (2.0 * np.cosh(lwt))  # ωτ/(1+(ωτ)²)
        return g, K1, K2, ginf

    def res(x: np.ndarray) -> np.ndarray:
        g, K1, K2, ginf = kernels(x)
        return np.concatenate([np.log(K1 @ g + ginf) - lE1, np.log(K2 @ g) - lE2])

    def jac(x: np.ndarray) -> np.ndarray:
        g, K1, K2, ginf = kernels(x)
        s1, s2 = K1 @ g + ginf, K2 @ g
        blocks = [np.vstack([K1 * g / s1[:, None], K2 * g / s2[:, None]])]
        if free_times:
            dK1 = 2 * K1 * (1 - K1)  # ∂K1/∂ln τ
            dK2 = K2 * (1 - 2 * K1)  # ∂K2/∂ln τ
            blocks.append(np.vstack([dK1 * g / s1[:, None], dK2 * g / s2[:, None]]))
        if free_long_term:
            blocks.append(np.concatenate([ginf / s1, np.zeros_like(s2)])[:, None])
        return np.hstack(blocks)

    # keep every time within three decades beyond the data, every modulus within reason
    big = np.log(1e3 * max(float(E1.max()), float(E2.max())))
    lo = [np.log(1e-12) + big - 10 * np.log(10.0)] * n
    hi = [big] * n
    if free_times:
        lo += [np.log(1e-3 / omega.max())] * n
        hi += [np.log(1e3 / omega.min())] * n
    if free_long_term:
        lo.append(big - 30.0)
        hi.append(big)
    x0 = np.clip(x0, np.array(lo) + 1e-9, np.array(hi) - 1e-9)
    sol = least_squares(res, x0, jac=jac, bounds=(lo, hi), method="trf", x_scale="jac", max_nfev=max_nfev)
    g, t, ginf = split(sol.x)
    return g, t, ginf


def fit_prony(
    omega: np.ndarray,
    E1: np.ndarray,
    E2: np.ndarray,
    *,
    per_decade: float = 2.0,
    free_long_term: bool = False,
    form: Form = "tensile",
    refine: bool = True,
) -> PronySeries:
    """Fit a Prony series to master-curve data.

    Args:
        omega: Reduced angular frequencies ω·a_T (rad/s).
        E1, E2: Storage and loss moduli (Pa).
        per_decade: Relaxation times per decade, spanning 1/ω of the data plus one decade each side.
        free_long_term: Fit M∞ ≥ 0; otherwise M∞ = 0 (a melt: the claim's flow regime, §2.3).
        form: ``tensile`` (E data) or ``shear`` (G data).
        refine: Refine in log error after the NNLS start.
    """
    lo = np.floor(np.log10(1 / omega.max())) - 1
    hi = np.ceil(np.log10(1 / omega.min())) + 1
    n = round((hi - lo) * per_decade) + 1
    tau = np.logspace(lo, hi, n)
    g, ginf = _nnls(omega, E1, E2, tau, free_long_term)
    if refine:
        g, tau, ginf = _refine(omega, E1, E2, tau, g, ginf, free_long_term)
    keep = g > 0
    return PronySeries(g[keep], tau[keep], ginf, form)


def _rms(p: PronySeries, omega: np.ndarray, E1: np.ndarray, E2: np.ndarray) -> float:
    r1, r2 = log_residuals(p, omega, E1, E2)
    return float(np.sqrt(np.mean(np.concatenate([r1, r2]) ** 2)))


def reduce_terms(
    p: PronySeries, omega: np.ndarray, E1: np.ndarray, E2: np.ndarray, tolerance: float, candidates: int = 6
) -> PronySeries:
    """Drop terms one at a time while the RMS log error stays within ``tolerance``.

    Each round tries removing each of the ``candidates`` weakest terms, re-optimising the others
    (moduli and times, warm-started), and removes the one that hurts least. ``tolerance`` is an RMS
    of ln(model/data) over E′ and E″ (0.05 ≈ 5 %).
    """
    free = p.long_term > 0
    current = p
    while current.n_terms > 1:
        best: tuple[float, PronySeries] | None = None
        for i in np.argsort(current.moduli)[:candidates]:
            m = np.delete(current.moduli, i)
            t = np.delete(current.times, i)
            # let the neighbours take over the removed term's modulus before refining
            j = int(np.argmin(np.abs(np.log(t / current.times[i]))))
            m = m.copy()
            m[j] += current.moduli[i]
            g, tt, ginf = _refine(omega, E1, E2, t, m, current.long_term, free, max_nfev=60)
            try:
                trial = PronySeries(g, tt, ginf, p.form)
            except ValueError:  # two times merged into one
                continue
            err = _rms(trial, omega, E1, E2)
            if best is None or err < best[0]:
                best = (err, trial)
        if best is None or best[0] > tolerance:
            break
        current = best[1]
    g, tt, ginf = _refine(omega, E1, E2, current.times, current.moduli, current.long_term, free)
    try:
        refined = PronySeries(g, tt, ginf, p.form)
    except ValueError:
        return current
    return refined if _rms(refined, omega, E1, E2) <= _rms(current, omega, E1, E2) else current


@dataclass(frozen=True)
class ZoneResiduals:
    """RMS and largest |ln(model/data)| of E′ and E″ in one zone of the master curve."""

    zone: str
    points: int
    rms_storage: float
    max_storage: float
    rms_loss: float
    max_loss: float


def zone_residuals(p: PronySeries, omega: np.ndarray, E1: np.ndarray, E2: np.ndarray) -> list[ZoneResiduals]:
    """Residuals in thirds of the data's log E′ range: glassy (top), transition, rubbery/terminal."""
    r1, r2 = log_residuals(p, omega, E1, E2)
    lE = np.log10(E1)
    lo, hi = lE.min(), lE.max()
    edges = [lo + (hi - lo) * k / 3 for k in (1, 2)]
    zones = [
        ("rubbery/terminal", lE < edges[0]),
        ("transition", (lE >= edges[0]) & (lE < edges[1])),
        ("glassy", lE >= edges[1]),
    ]
    out = []
    for name, m in zones:
        if not m.any():
            out.append(ZoneResiduals(name, 0, 0.0, 0.0, 0.0, 0.0))
            continue
        out.append(
            ZoneResiduals(
                name,
                int(m.sum()),
                float(np.sqrt(np.mean(r1[m] ** 2))),
                float(np.abs(r1[m]).max()),
                float(np.sqrt(np.mean(r2[m] ** 2))),
                float(np.abs(r2[m]).max()),
            )
        )
    return out
