"""Peel mechanics of a metal arm (docs/theory/adhesion.md).

Elastic arm (Kendall [R39]): (P/b)²/(2Eh) + (P/b)(1 − cos θ) − Γ = 0.

Elastic–plastic arm (after Kinloch, Lau & Williams 1994 [R40]): the arm bends to a root
curvature κ0 where it leaves the substrate and unbends to straight along the peeled part. Per
unit width (b = 1) and steady state:

* energy balance — (P)(1 − cos θ) + P²/(2Eh) = Γ + G_P(κ0), with G_P the work of the bending loop
  0 → κ0 → 0 (bend and reverse bend) of a bilinear fibre model of the section;
* moment–curvature of the peeled arm — every point of it unloads from (κ0, M0) on its way from the
  root until the moment vanishes far away (at κ_res, the curl a peeled foil keeps), so the
  elastica's first integral runs along the unloading branch: ∫_{M=0}^{M0} κ dM = P(1 − cos(θ − θ0)),
  with θ0 the root rotation of the arm on an elastic foundation (the adhesive and substrate under
  it), θ0 = (2λ²/k)(P sin θ + 2λ M0), λ = (k/4EI)^{1/4} (a semi-infinite beam on a Winkler
  foundation); G_P is the loop 0 → κ0 → κ_res. The foundation is the layer under the arm in
  series with the interface's cohesive zone, k_cz = σ_max²/(2Γ) (:func:`foundation_stiffness`):
  without it the model misses how much a weak interface lets the arm turn before it lets go.

Subtracting the two, the loop's work cancels to leave the complementary energy of the *loading*
branch, ∫_0^{M0} κ dM = Γ + P(cos θ − cos(θ − θ0)) − P²/(2Eh): the fixed-arm relation of
Kinloch, Lau and Williams (with θ0 = 0 and no stretching it is ∫ κ dM = Γ). With linear hardening
dM ≈ αEI dκ beyond yield, so the root curvature, and with it G_P, grows quickly as α falls.
Below the first-yield energy G_y = σ_y² h/(6E) the loop does no work and P is Kendall's.

Checked against a plane-strain finite-element peel with a cohesive zone
(``benchmarks/verification/peel_fe.py``): within 10 % for 15 µm Cu at Γ = 50 and 150 J/m².
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy.optimize import brentq

__all__ = [
    "PeelArm",
    "PeelResult",
    "foundation_stiffness",
    "kendall_peel",
    "moment_curvature_loop",
    "peel_force",
    "toughness_from_peel",
]


@dataclass(frozen=True)
class PeelArm:
    """The peeled arm (per unit width).

    Attributes:
        thickness: h (m).
        youngs_modulus: E (Pa) (use E/(1−ν²) for a wide, plane-strain arm).
        yield_stress: σ_y (Pa); None for an elastic arm.
        hardening_modulus: Plastic modulus H = dσ/dε_p (Pa); the tangent is EH/(E + H).
        hardening: ``isotropic`` or ``kinematic`` (reverse bending).
        foundation: Stiffness k of the layer under the arm (Pa/m, per unit width: E_a/h_a for an
            adhesive of modulus E_a and thickness h_a); None for a rigid substrate.
        cohesive_strength: Interface strength σ_max (Pa); its cohesive zone adds the compliance
            2Γ/σ_max² to the foundation (:func:`foundation_stiffness`). None: a brittle interface.
    """

    thickness: float
    youngs_modulus: float
    yield_stress: float | None = None
    hardening_modulus: float = 0.0
    hardening: Literal["isotropic", "kinematic"] = "isotropic"
    foundation: float | None = None
    cohesive_strength: float | None = None
    fibres: int = field(default=400, repr=False)

    def __post_init__(self) -> None:
        if self.thickness <= 0 or self.youngs_modulus <= 0:
            raise ValueError("arm thickness and modulus must be positive")
        if self.yield_stress is not None and self.yield_stress <= 0:
            raise ValueError("yield stress must be positive")
        if self.hardening_modulus < 0:
            raise ValueError("hardening modulus must not be negative")
        if self.cohesive_strength is not None and self.cohesive_strength <= 0:
            raise ValueError("cohesive strength must be positive")

    @property
    def bending_stiffness(self) -> float:
        """EI per unit width (N·m)."""
        return self.youngs_modulus * self.thickness**3 / 12.0

    @property
    def yield_curvature(self) -> float:
        """κ_y = 2σ_y/(E h) (1/m)."""
        return math.inf if self.yield_stress is None else 2 * self.yield_stress / (self.youngs_modulus * self.thickness)

    @property
    def first_yield_energy(self) -> float:
        """G_y = σ_y² h/(6E) (J/m²): the arm stays elastic below it (elastic beam: κ0 = √(2G/D) < κ_y)."""
        return (
            math.inf if self.yield_stress is None else self.yield_stress**2 * self.thickness / (6 * self.youngs_modulus)
        )


def kendall_peel(gamma: float, theta_deg: float, Eh: float | None = None) -> float:
    """Steady peel force per width (N/m) of an elastic arm (Kendall); inextensible if Eh is None."""
    c = 1 - math.cos(math.radians(theta_deg))
    if Eh is None:
        return gamma / c
    return Eh * (-c + math.sqrt(c * c + 2 * gamma / Eh))


def moment_curvature_loop(
    arm: PeelArm, k0: float, steps: int = 200
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Bend the section from 0 to κ0 and back to 0 (bilinear fibre model).

    Every fibre follows a monotonic strain path on each branch, so its stress is closed-form: on
    loading σ = sign(ε)·min(E|ε|, σ_y + E_t(|ε| − ε_y)), E_t = EH/(E + H); on unloading from
    (ε0, σ0) it is elastic, σ0 + E(ε − ε0), until reverse yield at σ_r (isotropic: −(σ_y + Hε_p0);
    kinematic: Hε_p0 − σ_y for a fibre stretched at the peak), then follows σ_r + E_t(ε − ε_r).

    Returns:
        (κ_load, M_load, κ_unload, M_unload), unloading ordered from κ0 down to 0 (M in N·m/m).
    """
    n = arm.fibres
    h, E, H = arm.thickness, arm.youngs_modulus, arm.hardening_modulus
    z = ((np.arange(n) + 0.5) / n - 0.5) * h
    dz = h / n
    sy = math.inf if arm.yield_stress is None else arm.yield_stress
    Et = E * H / (E + H)
    kl = np.linspace(0.0, k0, steps + 1)
    ku = kl[::-1].copy()

    def loading(eps: np.ndarray) -> np.ndarray:
        a = np.abs(eps)
        return np.sign(eps) * np.minimum(E * a, sy + Et * (a - sy / E)) if math.isfinite(sy) else E * eps

    # the stretched half (z > 0) and by symmetry the compressed half: stress is odd in z
    e0 = k0 * np.abs(z)
    s0 = loading(e0)
    ep0 = e0 - s0 / E
    s_rev = -(sy + H * ep0) if arm.hardening == "isotropic" else H * ep0 - sy
    e_rev = e0 + (s_rev - s0) / E
    # row sums rather than BLAS products: these small products are slower threaded than not
    M_load = np.sum(loading(np.outer(kl, z)) * z, axis=1) * dz
    e = np.outer(ku, np.abs(z))
    s = np.maximum(s0 + E * (e - e0), s_rev + Et * (e - e_rev)) if math.isfinite(sy) else E * e
    M_unload = np.sum(s * np.abs(z), axis=1) * dz
    return kl, M_load, ku, M_unload


@dataclass(frozen=True)
class PeelResult:
    """Steady peel of an arm at a given interface toughness.

    Attributes:
        force_per_width: P/b (N/m).
        toughness: Γ, the interface's adhesive fracture energy (J/m²).
        plastic_work: G_P (J/m²).
        root_curvature: κ0 (1/m); κ0/κ_y is the normalised root curvature k0 of the peel model
            (docs/theory/adhesion.md).
        root_rotation: θ0 (rad).
        angle_deg: Peel angle θ.
    """

    force_per_width: float
    toughness: float
    plastic_work: float
    root_curvature: float
    root_rotation: float
    angle_deg: float

    @property
    def total_energy(self) -> float:
        """G = Γ + G_P (J/m²)."""
        return self.toughness + self.plastic_work

    @property
    def N_per_cm(self) -> float:
        return self.force_per_width / 100.0


def _loop_quantities(arm: PeelArm, k0: float) -> tuple[float, float, float]:
    """(G_P, loading complementary energy ∫_0^{M0} κ dM, M0) of the loop to κ0 and back to M = 0.

    Exact in κ: ∫M dκ over a path is the section integral of each fibre's ∫σ dε, closed-form on the
    bilinear branches (trapezoids); only the section is discretised (midpoint fibres, one half by
    symmetry). The loop ends at the residual curvature where the unloading moment vanishes.
    """
    E, H, sy = arm.youngs_modulus, arm.hardening_modulus, arm.yield_stress
    if sy is None:
        return 0.0, 0.5 * arm.bending_stiffness * k0**2, arm.bending_stiffness * k0
    Et = E * H / (E + H)
    ey = sy / E
    n = max(arm.fibres // 2, 1)
    c = arm.thickness / 2
    z = (np.arange(n) + 0.5) * (c / n)
    dz = 2 * c / n  # both halves
    e0 = k0 * z
    s0 = np.where(e0 <= ey, E * e0, sy + Et * (e0 - ey))
    w_load = np.where(e0 <= ey, 0.5 * E * e0**2, 0.5 * sy * ey + 0.5 * (sy + s0) * (e0 - ey))
    ep0 = e0 - s0 / E
    s_rev = -(sy + H * ep0) if arm.hardening == "isotropic" else H * ep0 - sy
    e_rev = e0 + (s_rev - s0) / E

    def stress(e: np.ndarray) -> np.ndarray:
        return np.maximum(s0 + E * (e - e0), s_rev + Et * (e - e_rev))

    def moment(k: float) -> float:
        return float(np.sum(stress(k * z) * z) * dz)

    M0 = float(np.sum(s0 * z) * dz)
    W_load = float(np.sum(w_load) * dz)
    lo = k0 - M0 / arm.bending_stiffness  # elastic unloading would stop here; reverse yield goes further
    while moment(lo) > 0:
        lo -= k0
    k_res = float(brentq(moment, lo, k0, xtol=1e-14 * k0, rtol=1e-12))
    e_res = k_res * z
    a = np.maximum(e_res, e_rev)
    recovered = (e0 - a) * (s0 + stress(a)) / 2 + np.where(
        e_res < e_rev, (e_rev - e_res) * (s_rev + stress(e_res)) / 2, 0.0
    )
    work = W_load - float(np.sum(recovered) * dz)
    return max(work, 0.0), k0 * M0 - W_load, M0


def foundation_stiffness(arm: PeelArm, toughness: float) -> float | None:
    """Stiffness (Pa/m) of what holds the arm down ahead of the peel front, None if rigid.

    The layer under the arm (``foundation``) in series with the interface's cohesive zone, taken as
    the energy-equivalent linear spring that breaks at σ_max after storing Γ: k_cz = σ_max²/(2Γ).
    A weak interface (σ_max well below the arm's yield stress) lets the arm turn within a long
    process zone before it leaves the substrate; this is what lowers its plastic bending (Wei &
    Hutchinson's strength effect) and what the finite-element peel reference measures
    (benchmarks/verification/peel_fe.py).
    """
    compliance = 0.0 if arm.foundation is None else 1.0 / arm.foundation
    if arm.cohesive_strength is not None:
        compliance += 2 * toughness / arm.cohesive_strength**2
    return None if compliance == 0.0 else 1.0 / compliance


def _root_rotation(arm: PeelArm, P: float, M0: float, theta: float, toughness: float) -> float:
    """θ0 of a semi-infinite beam on a Winkler foundation under the root's force and moment."""
    k = foundation_stiffness(arm, toughness)
    if k is None:
        return 0.0
    lam = (k / (4 * arm.bending_stiffness)) ** 0.25
    return min((2 * lam**2 / k) * (P * math.sin(theta) + 2 * lam * M0), 0.95 * theta)


def _energy_force(arm: PeelArm, G: float, theta: float) -> float:
    c = 1 - math.cos(theta)
    Eh = arm.youngs_modulus * arm.thickness
    return Eh * (-c + math.sqrt(c * c + 2 * G / Eh))


def peel_force(arm: PeelArm, toughness: float, angle_deg: float = 90.0) -> PeelResult:
    """Steady peel force per width (N/m) for an interface toughness Γ (J/m²), see module docstring."""
    if toughness <= 0:
        raise ValueError("toughness must be positive")
    if not 0 < angle_deg <= 180:
        raise ValueError("peel angle must be in (0, 180] degrees")
    theta = math.radians(angle_deg)
    EI = arm.bending_stiffness
    if toughness <= arm.first_yield_energy:
        P = _energy_force(arm, toughness, theta)
        k0 = math.sqrt(2 * P * (1 - math.cos(theta - _root_rotation(arm, P, 0.0, theta, toughness))) / EI)
        return PeelResult(P, toughness, 0.0, k0, _root_rotation(arm, P, EI * k0, theta, toughness), angle_deg)

    Eh = arm.youngs_modulus * arm.thickness

    def residual(logk: float) -> float:
        k0 = math.exp(logk)
        GP, comp_load, M0 = _loop_quantities(arm, k0)
        P = _energy_force(arm, toughness + GP, theta)
        t0 = _root_rotation(arm, P, M0, theta, toughness)
        # the root rotation θ0 > 0 leaves the peeled arm less to bend: it lowers κ0
        return comp_load - (toughness + P * (math.cos(theta) - math.cos(theta - t0)) - P**2 / (2 * Eh))

    ky = arm.yield_curvature
    lo, hi = math.log(ky * 0.5), math.log(ky * 2.0)
    while residual(hi) < 0:
        hi += math.log(2.0)
        if hi > math.log(ky * 1e6):
            raise RuntimeError("no steady peel solution found (root curvature beyond 1e6 κ_y)")
    k0 = math.exp(brentq(residual, lo, hi, xtol=1e-10, rtol=1e-9))
    GP, _, M0 = _loop_quantities(arm, k0)
    P = _energy_force(arm, toughness + GP, theta)
    return PeelResult(P, toughness, GP, k0, _root_rotation(arm, P, M0, theta, toughness), angle_deg)


def toughness_from_peel(arm: PeelArm, force_per_width: float, angle_deg: float = 90.0) -> PeelResult:
    """Γ from a measured steady peel force per width (N/m): the inverse of :func:`peel_force`."""
    if force_per_width <= 0:
        raise ValueError("peel force must be positive")
    theta = math.radians(angle_deg)
    c = 1 - math.cos(theta)
    G_total = force_per_width * c + force_per_width**2 / (2 * arm.youngs_modulus * arm.thickness)

    def gamma_of(G: float) -> float:
        return peel_force(arm, G, angle_deg).force_per_width - force_per_width

    if G_total <= arm.first_yield_energy:
        return peel_force(arm, G_total, angle_deg)
    # P grows monotonically with Γ: bracket and solve
    lo, hi = 1e-9 * G_total, G_total
    Gamma = brentq(gamma_of, lo, hi, xtol=1e-12 * G_total, rtol=1e-10)
    return peel_force(arm, Gamma, angle_deg)
