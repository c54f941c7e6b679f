"""Membrane stress of a free sheet bent to a uniform Gaussian curvature K: the stretching energy of curl.

A free, thin sheet bent to uniform curvatures (κ_x, κ_y) cannot stay stress-free when
K = κ_x κ_y ≠ 0: its mid-plane strains must satisfy the von Kármán compatibility condition
ε_x,yy + ε_y,xx − γ_xy,xy = −K. With the Airy function Φ of the membrane forces
(N_x = Φ,yy, N_y = Φ,xx, N_xy = −Φ,xy) and the membrane modulus Y of an in-plane isotropic
laminate, this is ∇⁴Φ = −Y K, and free edges make Φ = ∂Φ/∂n = 0 on the boundary. Hence
Φ = −Y K φ, with φ the deflection of a *clamped* plate of unit bending stiffness under unit
pressure (∇⁴φ = 1, φ = ∂φ/∂n = 0): the problem of Timoshenko & Woinowsky-Krieger, *Theory of
Plates and Shells* (1959), §32 (disk) and §44 (square). The membrane energy per unit area is

    U_m / area = (1/(2Y)) ⟨(∇²Φ)²⟩ = (Y K² / 2) ⟨φ⟩,

since ∫(Φ,xx Φ,yy − Φ,xy²) vanishes with clamped data and ∫(∇²φ)² = ∫φ; it depends on Y only,
not on the laminate's Poisson ratio. At the centre N_x = N_y = −(Y K/2) ∇²φ(0).

Round sheet of diameter L (radius a = L/2): φ = (a² − r²)²/64, ⟨φ⟩ = a⁴/192, ∇²φ(0) = −a²/8.
Square of side L: no closed form; a Galerkin solution on φ = (1 − ξ²)²(1 − η²)² Σ c_ij P_2i(ξ) P_2j(η)
(ξ = 2x/L, Legendre P) converges to 1e-6 with a few dozen terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.polynomial import legendre

from ..errors import InputError

__all__ = ["ClampedPlate", "SheetShape", "clamped_plate"]

SheetShape = Literal["square", "round"]

_TERMS = 10  # Legendre terms per direction (even degrees 0…18): ⟨φ⟩ converged to ~1e-8 relative
_GAUSS_POINTS = 48


@dataclass(frozen=True)
class ClampedPlate:
    """Clamped plate ∇⁴φ = 1 on a sheet of unit size (side or diameter L = 1).

    For size L the deflection scales as L⁴ and its Laplacian as L².

    Attributes:
        shape: ``"square"`` (side L) or ``"round"`` (diameter L).
        mean: ⟨φ⟩ / L⁴, the mean deflection.
        centre: φ(0) / L⁴.
        centre_laplacian: ∇²φ(0) / L².
    """

    shape: SheetShape
    mean: float
    centre: float
    centre_laplacian: float


def _square(terms: int) -> ClampedPlate:
    # unit half-side (−1 ≤ ξ ≤ 1), then scaled to unit side: φ_L=1 = φ_half=1 / 16
    xi, w = legendre.leggauss(_GAUSS_POINTS)
    g = (1 - xi**2) ** 2
    g1 = -4 * xi * (1 - xi**2)
    g2 = -4 + 12 * xi**2
    f, f2 = [], []
    for i in range(terms):
        c = np.zeros(2 * i + 1)
        c[-1] = 1.0
        p, p1, p2 = (
            legendre.legval(xi, c),
            legendre.legval(xi, legendre.legder(c)),
            legendre.legval(xi, legendre.legder(c, 2)),
        )
        f.append(g * p)
        f2.append(g2 * p + 2 * g1 * p1 + g * p2)
    F, F2 = np.array(f), np.array(f2)
    M = (F * w) @ F.T  # ∫ f_i f_k
    C = (F2 * w) @ F.T  # ∫ f_i'' f_k
    S = (F2 * w) @ F2.T  # ∫ f_i'' f_k''
    # ∫ (∇²ψ_ij)(∇²ψ_kl) with ψ_ij = f_i(ξ) f_j(η): ∇²ψ_ij = f_i'' f_j + f_i f_j''
    K = np.kron(S, M) + np.kron(C, C.T) + np.kron(C.T, C) + np.kron(M, S)
    one = F @ w
    load = np.kron(one, one)
    coef = np.linalg.solve(K, load).reshape(terms, terms)
    mean_half = float(one @ coef @ one) / 4.0  # ⟨φ⟩ over the area 4
    at0 = np.array([legendre.legval(0.0, np.eye(2 * i + 1)[-1]) for i in range(terms)])  # g(0) = 1
    d2_at0 = np.array(
        [legendre.legval(0.0, legendre.legder(np.eye(2 * i + 1)[-1], 2)) - 4.0 * at0[i] for i in range(terms)]
    )
    centre_half = float(at0 @ coef @ at0)
    lap_half = float(d2_at0 @ coef @ at0 + at0 @ coef @ d2_at0)
    return ClampedPlate("square", mean_half / 16.0, centre_half / 16.0, lap_half / 4.0)


def clamped_plate(shape: SheetShape) -> ClampedPlate:
    """The clamped-plate solution that sets the membrane stress of a curled sheet of ``shape``.

    Args:
        shape: ``"square"`` or ``"round"``.
    """
    if shape == "round":
        a = 0.5
        return ClampedPlate("round", a**4 / 192.0, a**4 / 64.0, -(a**2) / 8.0)
    if shape == "square":
        return _square(_TERMS)
    raise InputError("unknown sheet shape", key="shape", value=shape, accepted="square, round")
