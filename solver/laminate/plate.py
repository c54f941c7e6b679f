"""Small-deflection states of a free laminate: curvature, stress through the thickness, and the inverse.

Biaxial laminate theory (the plate form of Timoshenko's bimetal, Timoshenko 1925, J. Opt. Soc.
Am. 11:233): with the conventions of :mod:`thermobond.laminate.section`, a free plate under an
equi-biaxial misfit takes ε_x = ε_y = ε0 and κ_x = κ_y = κ with

    A_s ε0 − B_s κ = N_T,    B_s ε0 − D_s κ = M_T,    X_s = X11 + X12 = Σ_plies ∫ E/(1 − ν) (1, ζ, ζ²) dζ.

The beam variants replace the biaxial modulus E/(1 − ν) and free strain e of every ply by
E and e (``"stress"``: a narrow strip, uniaxial stress) or E/(1 − ν²) and (1 + ν) e (``"strain"``:
plane strain, ε_y = 0); ``"biaxial"`` is the plate itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.optimize import brentq

from ..errors import InputError
from ..materials.expansion import Expansion, SteppedCTE
from .layers import Laminate, Ply
from .section import plate_section

__all__ = [
    "BeamPlane",
    "LaminateState",
    "beam_curvature",
    "laminate_curvature",
    "laminate_state",
    "stress_free_temperature",
]

BeamPlane = Literal["stress", "strain", "biaxial"]


@dataclass(frozen=True, eq=False)
class LaminateState:
    """Strain, curvature and in-plane stress through the thickness at one point of the laminate.

    Attributes:
        temperature: T (K).
        stress_free_temperature: T_sf (K).
        midplane_strain: (ε_x, ε_y) at the geometric mid-plane.
        curvatures: (κ_x, κ_y) (1/m), positive when concave toward the top face.
        z: Height above the bottom face (m), two points per ply (its bottom and top face), bottom first.
        stress_x: σ_xx (Pa) at ``z`` (tension positive), linear in z within a ply.
        stress_y: σ_yy (Pa) at ``z``.
        ply: Index of the ply each entry of ``z`` belongs to.
    """

    temperature: float
    stress_free_temperature: float
    midplane_strain: tuple[float, float]
    curvatures: tuple[float, float]
    z: np.ndarray
    stress_x: np.ndarray
    stress_y: np.ndarray
    ply: np.ndarray

    @property
    def curvature(self) -> float:
        """κ_x (1/m); equal to κ_y for the free plate."""
        return self.curvatures[0]

    def ply_stress(self, index: int) -> tuple[float, float]:
        """σ_xx (Pa) at the bottom and top face of ply ``index``."""
        sel = self.stress_x[self.ply == index]
        return float(sel[0]), float(sel[1])


def laminate_state(
    laminate: Laminate,
    temperature: float,
    stress_free_temperature: float,
    *,
    curvatures: tuple[float, float] | None = None,
    membrane_force: tuple[float, float] = (0.0, 0.0),
) -> LaminateState:
    """In-plane strain and stress through the thickness.

    Without ``curvatures`` this is the free plate of small-deflection theory (N = M = 0, κ_x = κ_y).
    With ``curvatures`` the bending is imposed (a large-deflection state, or a laminate held flat
    with ``(0, 0)``) and the mid-plane strains carry the resultant forces ``membrane_force``.

    Args:
        laminate: The plies, bottom first.
        temperature: T (K); moduli are E(T).
        stress_free_temperature: T_sf (K).
        curvatures: Imposed (κ_x, κ_y) (1/m), or None for the free plate.
        membrane_force: (N_x, N_y) (N/m) carried by the section when ``curvatures`` is given.

    Returns:
        The state; σ is reported at the faces of every ply.
    """
    sec = plate_section(laminate, temperature, stress_free_temperature)
    if curvatures is None:
        kappa = np.array([sec.curvature, sec.curvature])
    else:
        kappa = np.asarray(curvatures, dtype=float)
    A, B = sec.A[:2, :2], sec.B[:2, :2]
    # N = A ε0 − B κ − N_T  →  ε0 = A⁻¹ (N + B κ + N_T)
    eps0 = np.linalg.solve(A, np.asarray(membrane_force, dtype=float) + B @ kappa + sec.N_T)
    h = laminate.thickness
    zs, sx, sy, idx = [], [], [], []
    for k, (ply, z0, z1) in enumerate(
        zip(laminate.plies, laminate.interfaces[:-1], laminate.interfaces[1:], strict=True)
    ):
        E, nu = ply.modulus(temperature), ply.poissons_ratio
        q11, q12 = E / (1 - nu**2), nu * E / (1 - nu**2)
        e = ply.free_strain(temperature, stress_free_temperature)
        for z in (z0, z1):
            ex, ey = eps0 - (z - h / 2) * kappa - e
            zs.append(z)
            sx.append(q11 * ex + q12 * ey)
            sy.append(q12 * ex + q11 * ey)
            idx.append(k)
    return LaminateState(
        temperature=temperature,
        stress_free_temperature=stress_free_temperature,
        midplane_strain=(float(eps0[0]), float(eps0[1])),
        curvatures=(float(kappa[0]), float(kappa[1])),
        z=np.asarray(zs),
        stress_x=np.asarray(sx),
        stress_y=np.asarray(sy),
        ply=np.asarray(idx),
    )


def laminate_curvature(laminate: Laminate, temperature: float, stress_free_temperature: float) -> float:
    """Small-deflection curvature κ_x = κ_y (1/m) of the free plate, positive when concave toward the top.

    Args:
        laminate: The plies, bottom first.
        temperature: T (K).
        stress_free_temperature: T_sf (K).
    """
    return plate_section(laminate, temperature, stress_free_temperature).curvature


def beam_curvature(
    laminate: Laminate, temperature: float, stress_free_temperature: float, plane: BeamPlane = "stress"
) -> tuple[float, float]:
    """Mid-plane strain and curvature (1/m) of the laminate as a free beam bending in x.

    Args:
        laminate: The plies, bottom first.
        temperature: T (K).
        stress_free_temperature: T_sf (K).
        plane: ``"stress"`` (narrow strip: E, e), ``"strain"`` (plane strain in y: E/(1 − ν²),
            (1 + ν) e) or ``"biaxial"`` (the plate: E/(1 − ν), e).

    Returns:
        (ε0, κ) with ε_x(ζ) = ε0 − ζ κ, ζ from the geometric mid-plane; κ > 0 concave toward the top.
    """
    if plane not in ("stress", "strain", "biaxial"):
        raise InputError("unknown beam plane", key="plane", value=plane, accepted="stress, strain, biaxial")
    h = laminate.thickness
    z = np.asarray(laminate.interfaces) - h / 2
    lhs, rhs = np.zeros((2, 2)), np.zeros(2)
    for ply, z0, z1 in zip(laminate.plies, z[:-1], z[1:], strict=True):
        E, nu = ply.modulus(temperature), ply.poissons_ratio
        e = ply.free_strain(temperature, stress_free_temperature)
        Ep, ep = {"stress": (E, e), "strain": (E / (1 - nu**2), (1 + nu) * e), "biaxial": (E / (1 - nu), e)}[plane]
        m0, m1, m2 = z1 - z0, (z1**2 - z0**2) / 2, (z1**3 - z0**3) / 3
        # ∫ E' (ε0 − ζ κ − e') (1, ζ) dζ = 0
        lhs += Ep * np.array([[m0, -m1], [m1, -m2]])
        rhs += Ep * ep * np.array([m0, m1])
    eps0, kappa = np.linalg.solve(lhs, rhs)
    return float(eps0), float(kappa)


def _cte_breaks(ply: Ply) -> tuple[float, ...]:
    cte = ply.expansion
    if isinstance(cte, Expansion):
        cte = cte.in_plane
    return cte.breaks if isinstance(cte, SteppedCTE) else ()


def stress_free_temperature(
    laminate: Laminate,
    curvature: float,
    temperature: float,
    bracket: tuple[float, float] = (1.0, 2000.0),
    plane: BeamPlane = "biaxial",
) -> float:
    """The stress-free temperature from which elastic plate theory gives ``curvature`` at ``temperature``.

    The effective T_sf of a computed or measured curl: with E(T) fixed, κ is linear in the free
    strains, which are piecewise linear in T_sf (between the CTE breaks of the plies), so the root
    is found exactly segment by segment.

    Args:
        laminate: The plies, bottom first.
        curvature: Small-deflection curvature κ (1/m), positive when concave toward the top.
        temperature: Temperature of the laminate T (K).
        bracket: (low, high) range of T_sf searched (K).
        plane: ``"biaxial"`` (the free plate: a round coupon, a sheet) or the beam of a plane
            section, ``"strain"`` or ``"stress"`` (see :func:`beam_curvature`).

    Returns:
        T_sf (K).

    Raises:
        InputError: If no T_sf in ``bracket`` gives ``curvature`` (the laminate cannot curl that
            way, e.g. a symmetric one), or if several do (narrow the bracket).
    """
    lo, hi = float(bracket[0]), float(bracket[1])
    if not 0.0 < lo < hi:
        raise InputError(
            "bad stress-free temperature bracket", key="bracket", value=bracket, accepted="0 < low < high (K)"
        )
    knots = sorted({lo, hi, *(b for p in laminate.plies for b in _cte_breaks(p) if lo < b < hi)})

    def curvature_of(t_sf: float) -> float:
        if plane == "biaxial":
            return laminate_curvature(laminate, temperature, t_sf)
        return beam_curvature(laminate, temperature, t_sf, plane)[1]

    f = [curvature_of(t) - curvature for t in knots]
    roots: list[float] = []
    for t0, t1, f0, f1 in zip(knots[:-1], knots[1:], f[:-1], f[1:], strict=True):
        if f0 == 0.0:
            roots.append(t0)
        elif f0 * f1 < 0.0:
            # linear on the segment; brentq only guards against round-off in the E(T) evaluation
            roots.append(brentq(lambda t: curvature_of(t) - curvature, t0, t1))
    if f[-1] == 0.0:
        roots.append(knots[-1])
    roots = sorted(set(roots))
    if not roots:
        raise InputError(
            f"no stress-free temperature in [{lo:.6g}, {hi:.6g}] K gives κ = {curvature:.6g} 1/m",
            key="curvature",
            value=curvature,
            accepted=f"between {min(f) + curvature:.6g} and {max(f) + curvature:.6g} 1/m",
        )
    if len(roots) > 1:
        raise InputError(
            "several stress-free temperatures give this curvature; narrow the bracket",
            key="bracket",
            value=[round(r, 3) for r in roots],
        )
    return float(roots[0])
