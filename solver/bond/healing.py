"""Bond development on the TPI's reduced-time clock (physics.md §4.3).

* Polymer–polymer interfaces heal by reptation: D_h(t) = [∫ dt′ / t_r(T(t′))]^{1/4} ≤ 1 (the
  non-isothermal Bastien–Gillespie form), with t_r(T) = t_r(T_ref)·a_T(T) and t_r(T_ref) the
  terminal relaxation time of the TPI's Prony series (§3.4: t_r = τ_d a_T). The fracture energy
  grows as D_h² (Wool & O'Connor: energy ∝ t^{1/2}) [R25].
* Metal–TPI interfaces do not interdiffuse; their intrinsic toughness develops by interfacial
  chemistry with a first-order kinetics D_b = 1 − exp(−∫ k dt) [EST], the rate k either on the
  TPI's shift clock, k = 1/(t_b a_T(T)), or Arrhenius, k = k0 exp(−E_a/RT); its parameters live in
  an interface card. Local toughness Γ = D_b Γ_int.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ..materials import ShiftLaw, Viscoelasticity
from ..materials.shift import GAS_CONSTANT, reduced_time_increments

__all__ = ["BondKinetics", "bond_degree", "healing_degree", "reptation_time"]


def reptation_time(visco: Viscoelasticity) -> float:
    """t_r at the reference temperature: the terminal (longest) relaxation time of the series (s)."""
    return float(visco.given.times.max())


def _from(t: np.ndarray, T: np.ndarray, start: float) -> tuple[np.ndarray, np.ndarray]:
    """The piecewise-linear history (t, T) cut to begin at ``start``."""
    t = np.asarray(t, float)
    T = np.asarray(T, float)
    k = int(np.searchsorted(t, start, side="right"))
    return np.concatenate([[start], t[k:]]), np.concatenate([[np.interp(start, t, T)], T[k:]])


def _clock(t: np.ndarray, T: np.ndarray, shift: ShiftLaw, start: float) -> float:
    """∫_{start}^{t_end} dt′/a_T over a piecewise-linear history (Gauss–Legendre per interval)."""
    if start >= t[-1]:
        return 0.0
    tt, TT = _from(t, T, start)
    return float(np.sum(reduced_time_increments(tt[:-1], tt[1:], TT[:-1], TT[1:], shift)))


def healing_degree(t: ArrayLike, T: ArrayLike, visco: Viscoelasticity, *, start: float = 0.0) -> float:
    """D_h at the end of a temperature history (t in s, T in K), counted from contact at ``start``."""
    tr = reptation_time(visco)
    return float(min(1.0, (_clock(np.asarray(t), np.asarray(T), visco.shift, start) / tr) ** 0.25))


@dataclass(frozen=True)
class BondKinetics:
    """First-order bond-formation kinetics of a metal–TPI interface (physics.md §4.3 [EST]).

    Attributes:
        law: ``shift_clock`` (rate 1/(t_b a_T), the TPI's own clock) or ``arrhenius``.
        time: t_b, the bond-formation time at the shift law's reference temperature (s) (shift_clock).
        prefactor: k0 (1/s) (arrhenius).
        activation_energy: E_a (J/mol) (arrhenius).
    """

    law: str
    time: float = 60.0
    prefactor: float = 0.0
    activation_energy: float = 0.0

    def integral(self, t: np.ndarray, T: np.ndarray, shift: ShiftLaw | None, start: float) -> float:
        """∫ k dt from ``start`` to the end of the history."""
        if self.law == "shift_clock":
            if shift is None:
                raise ValueError("a shift-clock kinetics needs the TPI's shift law")
            return _clock(t, T, shift, start) / self.time
        if start >= t[-1]:
            return 0.0
        tt, TT = _from(t, T, start)
        xg, wg = np.polynomial.legendre.leggauss(8)
        Tq = TT[:-1, None] + np.diff(TT)[:, None] * (0.5 * (xg + 1.0))
        k = self.prefactor * np.exp(-self.activation_energy / (GAS_CONSTANT * Tq))
        return float(np.sum(0.5 * np.diff(tt) * (k @ wg)))


def bond_degree(
    t: ArrayLike, T: ArrayLike, kinetics: BondKinetics, shift: ShiftLaw | None, *, start: float = 0.0
) -> float:
    """D_b = 1 − exp(−∫ k dt) at the end of the history, counted from ``start`` (s)."""
    return float(-np.expm1(-kinetics.integral(np.asarray(t), np.asarray(T), shift, start)))
