"""Master curves from isotherms: horizontal shift factors and the fit of a shift law.

Shifting is pairwise: each isotherm is shifted onto its colder neighbour by the log-frequency
offset that minimises the misfit of log E′ and log E″ over their overlap (a global grid search
followed by Brent's method), and the offsets are summed. The chosen law is then fitted to the
summed offsets together with a free constant, which re-references them to any temperature the
user picks, measured or not (pyvisco needs a measured isotherm).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from scipy.optimize import least_squares, minimize_scalar

from ..errors import InputError
from .dma import Isotherm
from .shift import WLF, Arrhenius, HybridShift, ShiftLaw, TabulatedShift

__all__ = ["LawFit", "fit_shift_law", "pairwise_shifts"]

LawName = Literal["wlf", "arrhenius", "hybrid", "table"]
_MIN_OVERLAP = 3


def _misfit(a: Isotherm, b: Isotherm, delta: float) -> tuple[float, int]:
    """Mean squared log-misfit of b shifted by delta (decades) against a, and the overlap count."""
    xa = np.log10(a.frequency)
    xb = np.log10(b.frequency) + delta
    m = (xb >= xa[0]) & (xb <= xa[-1])
    n = int(m.sum())
    if n < _MIN_OVERLAP:
        # no usable overlap: a large cost growing with the distance, so the search moves toward overlap
        gap = min(abs(xb.mean() - xa.mean()), 50.0)
        return 1e3 + gap, n
    r1 = np.interp(xb[m], xa, np.log10(a.storage)) - np.log10(b.storage[m])
    r2 = np.interp(xb[m], xa, np.log10(a.loss)) - np.log10(b.loss[m])
    return float(np.mean(r1**2) + np.mean(r2**2)), n


def pairwise_shifts(isotherms: Sequence[Isotherm], *, search: float = 20.0, step: float = 0.02) -> np.ndarray:
    """log10 a_T of every isotherm relative to the first (coldest), from pairwise shifting.

    Raises:
        InputError: Two neighbouring isotherms cannot be overlapped (steps too large for the
            frequency window).
    """
    out = [0.0]
    grid = np.arange(-search, search + step, step)
    for a, b in itertools.pairwise(isotherms):
        costs = np.array([_misfit(a, b, d)[0] for d in grid])
        k = int(np.argmin(costs))
        if costs[k] >= 1e3:
            raise InputError(
                f"the isotherms at {a.temperature - 273.15:.2f} °C and {b.temperature - 273.15:.2f} °C do not overlap "
                "under any horizontal shift; measure a wider frequency window or smaller temperature steps"
            )
        res = minimize_scalar(
            lambda d, a=a, b=b: _misfit(a, b, d)[0],
            bounds=(grid[k] - step, grid[k] + step),
            method="bounded",
            options={"xatol": 1e-5},
        )
        # shifting b by +d onto a means log a_b − log a_a = d
        out.append(out[-1] + float(res.x))
    return np.array(out)


@dataclass(frozen=True)
class LawFit:
    """A fitted shift law and how well it fits the shift factors.

    Attributes:
        law: The law, referenced so that log10 a_T(T_ref) = 0.
        temperatures: Isotherm temperatures (K).
        log_aT: Shift factors of the data, re-referenced to T_ref.
        rms: RMS residual (decades).
        max_abs: Largest residual (decades).
    """

    law: ShiftLaw
    temperatures: np.ndarray
    log_aT: np.ndarray
    rms: float
    max_abs: float


def fit_shift_law(
    temperatures: np.ndarray, log_aT_rel: np.ndarray, reference_temperature: float, law: LawName
) -> LawFit:
    """Fit ``law`` plus a constant to relative shift factors and re-reference them to T_ref.

    Args:
        temperatures: Isotherm temperatures (K), increasing.
        log_aT_rel: Shift factors relative to any isotherm (decades).
        reference_temperature: T_ref (K).
        law: ``wlf``, ``arrhenius``, ``hybrid`` (WLF above T_ref, Arrhenius below) or ``table``.
    """
    T, L, Tr = np.asarray(temperatures, float), np.asarray(log_aT_rel, float), float(reference_temperature)
    R_LN10 = 8.314462618 * np.log(10.0)

    def wlf(p: np.ndarray, t: np.ndarray) -> np.ndarray:
        d = t - Tr
        return -p[0] * d / (p[1] + d)

    def arr(Ea: float, t: np.ndarray) -> np.ndarray:
        return Ea / R_LN10 * (1.0 / t - 1.0 / Tr)

    if law == "table":
        c = float(np.interp(Tr, T, L))
        shifted = L - c
        tab = TabulatedShift(tuple(T), tuple(shifted), Tr)
        return LawFit(tab, T, shifted, 0.0, 0.0)
    above, below = T >= Tr, T < Tr
    c2_min = max(1.0, Tr - T.min() + 1.0) if law == "wlf" else 1.0
    if law == "wlf":

        def res(p: np.ndarray) -> np.ndarray:
            return wlf(p, T) + p[2] - L

        x0, lb, ub = (
            [17.44, max(51.6, c2_min + 1), float(np.interp(Tr, T, L))],
            [0.1, c2_min, -np.inf],
            [200, 2000, np.inf],
        )
    elif law == "arrhenius":

        def res(p: np.ndarray) -> np.ndarray:
            return arr(p[0] * 1e3, T) + p[1] - L

        x0, lb, ub = [300.0, float(np.interp(Tr, T, L))], [1.0, -np.inf], [5000.0, np.inf]
    else:
        if above.sum() < 2 or below.sum() < 1:
            raise InputError(
                "a hybrid shift law needs at least two isotherms at or above the reference temperature "
                "and one below it; choose another reference temperature or law"
            )
        return _fit_hybrid(T, L, Tr, wlf, arr)
    sol = least_squares(res, np.array(x0, float), bounds=(lb, ub), x_scale="jac")
    p = sol.x
    r = res(p)
    if law == "wlf":
        fitted: ShiftLaw = WLF(float(p[0]), float(p[1]), Tr, lower_limit=min(T.min(), Tr - 0.5 * p[1]))
        c = p[2]
    else:
        fitted = Arrhenius(float(p[0]) * 1e3, Tr)
        c = p[1]
    return LawFit(fitted, T, L - c, float(np.sqrt(np.mean(r**2))), float(np.max(np.abs(r))))


def _fit_hybrid(T: np.ndarray, L: np.ndarray, Tr: float, wlf: Any, arr: Any) -> LawFit:
    """Hybrid law with a fitted switch temperature: scan candidate switches between isotherms,
    fit (C1, C2, E_a, offset) at each, keep the best. WLF is referenced at T_ref (the family is
    closed under re-referencing) and must have its pole below the switch."""
    candidates = np.unique(np.concatenate([T[1:-1], 0.5 * (T[1:] + T[:-1])]))
    best: tuple[float, np.ndarray, float] | None = None
    for Ts in candidates:
        if (T >= Ts).sum() < 2 or (T < Ts).sum() < 1:
            continue

        def res(p: np.ndarray, Ts: float = float(Ts)) -> np.ndarray:
            at_s = wlf(p[:2], np.array([Ts]))[0]
            model = np.where(
                T >= Ts, wlf(p[:2], np.maximum(T, Ts)), at_s + arr(p[2] * 1e3, T) - arr(p[2] * 1e3, np.array([Ts]))[0]
            )
            return model + p[3] - L

        c2_min = max(1.0, 2.0 * (Tr - Ts) + 1.0)  # pole T_ref − C2 well below the switch
        x0 = np.array([17.44, max(51.6, c2_min + 1.0), 300.0, float(np.interp(Tr, T, L))])
        sol = least_squares(res, x0, bounds=([0.1, c2_min, 1.0, -np.inf], [200, 2000, 5000, np.inf]), x_scale="jac")
        cost = float(np.sum(sol.fun**2))
        if best is None or cost < best[0]:
            best = (cost, sol.x, float(Ts))
    if best is None:
        raise InputError("too few isotherms on each side of any switch temperature for a hybrid shift law")
    _, p, Ts = best
    law = HybridShift(WLF(float(p[0]), float(p[1]), Tr), float(p[2]) * 1e3, Ts)
    c = float(np.mean(L - np.asarray(law.log10_aT(T))))
    r = np.asarray(law.log10_aT(T)) + c - L
    return LawFit(law, T, L - c, float(np.sqrt(np.mean(r**2))), float(np.max(np.abs(r))))
