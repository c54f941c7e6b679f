"""Master curves from isotherms: horizontal shift factors and the fit of a shift law.

Shifting is pairwise: each isotherm is shifted onto its colder neighbour by the log-frequency
offset that minimises the misfit of log E′ and log E″ over their overlap (a global grid search
followed by Brent's method), and the offsets are summed. The chosen law is then fitted to the
summed offsets together with a free constant, which re-references them to any temperature the
user picks, measured or not (pyvisco needs a measured isotherm).

:class:`LawParameters` turns a fitted law into a parameter vector with bounds, so that the law can
be refined together with the relaxation spectrum against the data themselves (``pronyfit``).
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

__all__ = ["LawFit", "LawParameters", "fit_shift_law", "law_parameters", "pairwise_shifts"]

LawName = Literal["wlf", "arrhenius", "hybrid", "table"]
_MIN_OVERLAP = 3


def _misfits(a: Isotherm, b: Isotherm, deltas: np.ndarray) -> np.ndarray:
    """Mean squared log-misfit of b shifted by each delta (decades) against a.

    Shifts that leave fewer than three points of overlap get a large cost growing with the distance
    between the windows, so that a search moves toward overlap.
    """
    xa = np.log10(a.frequency)
    xb = np.log10(b.frequency)[None, :] + deltas[:, None]
    inside = (xb >= xa[0]) & (xb <= xa[-1])
    n = inside.sum(axis=1)
    r1 = np.interp(xb, xa, np.log10(a.storage)) - np.log10(b.storage)[None, :]
    r2 = np.interp(xb, xa, np.log10(a.loss)) - np.log10(b.loss)[None, :]
    sq = np.where(inside, r1**2 + r2**2, 0.0).sum(axis=1)
    gap = np.minimum(np.abs(xb.mean(axis=1) - xa.mean()), 50.0)
    return np.where(n >= _MIN_OVERLAP, sq / np.maximum(n, 1), 1e3 + gap)


def pairwise_shifts(isotherms: Sequence[Isotherm], *, search: float = 20.0, step: float = 0.02) -> np.ndarray:
    """log10 a_T of every isotherm relative to the first (coldest), from pairwise shifting.

    Raises:
        InputError: Two neighbouring isotherms cannot be overlapped (steps too large for the
            frequency window).
    """
    out = [0.0]
    grid = np.arange(-search, search + step, step)
    for a, b in itertools.pairwise(isotherms):
        costs = _misfits(a, b, grid)
        k = int(np.argmin(costs))
        if costs[k] >= 1e3:
            raise InputError(
                f"the isotherms at {a.temperature - 273.15:.2f} °C and {b.temperature - 273.15:.2f} °C do not overlap "
                "under any horizontal shift; measure a wider frequency window or smaller temperature steps"
            )
        res = minimize_scalar(
            lambda d, a=a, b=b: float(_misfits(a, b, np.array([d]))[0]),
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


@dataclass(frozen=True)
class LawParameters:
    """A shift law of one family as a function of a parameter vector, with bounds.

    Used to refine the law together with the relaxation spectrum. The reference temperature stays
    fixed (log10 a_T(T_ref) = 0 for every parameter vector).

    Attributes:
        name: The family.
        reference_temperature: T_ref (K).
        temperatures: Isotherm temperatures (K) where :meth:`log_aT` evaluates the law.
        x0: Start (the law the parametrization was made from).
        lower, upper: Bounds of the parameters.
    """

    name: LawName
    reference_temperature: float
    temperatures: np.ndarray
    x0: np.ndarray
    lower: np.ndarray
    upper: np.ndarray

    def build(self, x: np.ndarray) -> ShiftLaw:
        """The law for parameters ``x``."""
        Tr, T = self.reference_temperature, self.temperatures
        if self.name == "wlf":
            return WLF(float(x[0]), float(x[1]), Tr, lower_limit=min(float(T.min()), Tr - 0.5 * float(x[1])))
        if self.name == "arrhenius":
            return Arrhenius(float(x[0]) * 1e3, Tr)
        if self.name == "hybrid":
            Ts = float(x[3])
            return HybridShift(WLF(float(x[0]), _hybrid_c2(float(x[1]), Tr, Ts), Tr), float(x[2]) * 1e3, Ts)
        return TabulatedShift(tuple(T.tolist()), tuple(self._table_values(x).tolist()), Tr)

    def log_aT(self, x: np.ndarray) -> np.ndarray:
        """log10 a_T at the isotherm temperatures."""
        if self.name == "table":
            return self._table_values(x)
        return np.asarray(self.build(x).log10_aT(self.temperatures), dtype=float)

    def jacobian(self, x: np.ndarray) -> np.ndarray:
        """∂ log10 a_T(T_k) / ∂x_j at the isotherms (central differences; exact for a table)."""
        out = np.empty((self.temperatures.size, x.size))
        for j in range(x.size):
            h = 1e-6 * max(abs(float(x[j])), 1.0)
            lo, hi = max(x[j] - h, self.lower[j]), min(x[j] + h, self.upper[j])
            xp, xm = x.copy(), x.copy()
            xp[j], xm[j] = hi, lo
            out[:, j] = (self.log_aT(xp) - self.log_aT(xm)) / (hi - lo)
        return out

    def _table_values(self, x: np.ndarray) -> np.ndarray:
        """All isotherms' log a_T from the free ones; the isotherm nearest T_ref is set so that the
        interpolated value at T_ref is zero."""
        T, Tr = self.temperatures, self.reference_temperature
        k = int(np.argmin(np.abs(T - Tr)))
        vals = np.insert(np.asarray(x, dtype=float), k, 0.0)
        j = k + 1 if Tr > T[k] else k - 1
        if 0 <= j < T.size and T[k] != Tr:
            w = (Tr - T[k]) / (T[j] - T[k])  # in [0, ½]: the anchor is the nearer point
            vals[k] = -w * vals[j] / (1.0 - w)
        return vals


def _hybrid_c2(excess: float, Tr: float, Ts: float) -> float:
    """C2 of a hybrid law whose WLF branch keeps its default lower limit T_ref − C2/2 below the switch."""
    return max(2.0 * (Tr - Ts), 0.0) + 1.0 + excess


def law_parameters(fit: LawFit, name: LawName) -> LawParameters:
    """Parametrize the law of ``fit`` (of family ``name``) for a joint refinement."""
    T = np.asarray(fit.temperatures, dtype=float)
    law = fit.law
    Tr = law.reference_temperature
    if name == "wlf" and isinstance(law, WLF):
        x0 = np.array([law.C1, law.C2])
        lo, hi = np.array([0.1, max(1.0, Tr - T.min() + 1.0)]), np.array([200.0, 2000.0])
    elif name == "arrhenius" and isinstance(law, Arrhenius):
        x0, lo, hi = np.array([law.activation_energy / 1e3]), np.array([1.0]), np.array([5000.0])
    elif name == "hybrid" and isinstance(law, HybridShift):
        Ts = law.T_switch
        x0 = np.array([law.wlf.C1, law.wlf.C2 - _hybrid_c2(0.0, Tr, Ts), law.activation_energy / 1e3, Ts])
        lo = np.array([0.1, 0.0, 1.0, float(T[0])])
        hi = np.array([200.0, 2000.0, 5000.0, float(T[-2])])
    elif name == "table":
        k = int(np.argmin(np.abs(T - Tr)))
        x0 = np.delete(np.asarray(fit.log_aT, dtype=float), k)
        lo, hi = x0 - 5.0, x0 + 5.0
    else:
        raise ValueError(f"the law {law.describe()} is not of the family {name!r}")
    x0 = np.clip(x0, lo, hi)
    return LawParameters(name, Tr, T, x0, lo, hi)
