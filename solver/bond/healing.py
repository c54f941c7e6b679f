"""Bond development on the TPI's reduced-time clock (docs/theory/adhesion.md).

* Polymer–polymer interfaces heal by reptation: D_h(t) = [∫ dt′ / t_r(T(t′))]^{1/4} ≤ 1 (the
  non-isothermal Bastien–Gillespie form), with t_r(T) = t_r(T_ref)·a_T(T) and t_r(T_ref) the
  terminal relaxation time of the TPI's Prony series (t_r = τ_d a_T, see docs/theory/adhesion.md). The fracture energy
  grows as D_h² (Wool & O'Connor: energy ∝ t^{1/2}) [R25].
* Metal–TPI interfaces do not interdiffuse; their intrinsic toughness develops by interfacial
  chemistry with a first-order kinetics D_b = 1 − exp(−∫ k dt) [EST], the rate k either on the
  TPI's shift clock, k = 1/(t_b a_T(T)), or Arrhenius, k = k0 exp(−E_a/RT); its parameters live in
  an interface card. Local toughness Γ = D_b Γ_int.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ..materials import ShiftLaw, Viscoelasticity
from ..materials.interfacecard import BondKinetics, clock

__all__ = ["bond_degree", "healing_degree", "reptation_time"]


def reptation_time(visco: Viscoelasticity) -> float:
    """t_r at the reference temperature: the terminal (longest) relaxation time of the series (s)."""
    return float(visco.given.times.max())


def healing_degree(t: ArrayLike, T: ArrayLike, visco: Viscoelasticity, *, start: float = 0.0) -> float:
    """D_h at the end of a temperature history (t in s, T in K), counted from contact at ``start``."""
    tr = reptation_time(visco)
    return float(min(1.0, (clock(np.asarray(t), np.asarray(T), visco.shift, start) / tr) ** 0.25))


def bond_degree(
    t: ArrayLike, T: ArrayLike, kinetics: BondKinetics, shift: ShiftLaw | None, *, start: float = 0.0
) -> float:
    """D_b = 1 − exp(−∫ k dt) at the end of the history, counted from ``start`` (s)."""
    return float(-np.expm1(-kinetics.integral(np.asarray(t), np.asarray(T), shift, start)))
