"""Plate stiffnesses A, B, D and misfit resultants of an in-plane isotropic laminate.

Conventions (used throughout :mod:`thermobond.laminate`):

* ζ is the through-thickness coordinate measured upward from the geometric mid-plane of the
  laminate (ζ = z − h/2, z from the bottom face).
* Each ply is an isotropic plane-stress solid, Q11 = E/(1 − ν²), Q12 = νE/(1 − ν²),
  Q66 = E/(2(1 + ν)). A, B, D are the classical lamination-theory integrals
  (A, B, D) = ∫ Q (1, ζ, ζ²) dζ in Voigt form (ε_x, ε_y, γ_xy) — Jones, *Mechanics of Composite
  Materials* (1999), §4.2. Being isotropic, each is fixed by its 11 and 12 entries.
* The misfit resultants of an equi-biaxial free strain e(ζ) are N_T = ∫ Q̄ e dζ (N/m) and
  M_T = ∫ Q̄ e ζ dζ (N), with the biaxial modulus Q̄ = Q11 + Q12 = E/(1 − ν); they act equally in
  x and y.
* Curvature κ = ∂²w/∂x² (1/m) is positive when the plate is concave toward the top face (its edges
  lift when its bottom lies on a table). The strain is ε(ζ) = ε0 − ζκ, so that, per direction,
  N = A ε0 − B κ − N_T and M = ∫σζ dζ = B ε0 − D κ − M_T.

Under an equi-biaxial state (ε_x = ε_y, κ_x = κ_y) only the sums A_s = A11 + A12 = Σ Q̄ h etc.
enter: this is the laminate with biaxial moduli E/(1 − ν) and unchanged free strains, i.e.
Timoshenko's bimetal formula (Timoshenko 1925, J. Opt. Soc. Am. 11:233) with E → E/(1 − ν).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import ArrayLike

from ..errors import InputError
from .layers import Laminate

__all__ = ["PlateSection", "plate_section"]


@dataclass(frozen=True)
class PlateSection:
    """An in-plane isotropic laminate reduced to plate quantities at one temperature.

    Attributes:
        A11: Membrane stiffness A11 (N/m); A22 = A11, A66 = (A11 − A12)/2.
        A12: Membrane stiffness A12 (N/m).
        B11: Coupling stiffness B11 (N).
        B12: Coupling stiffness B12 (N).
        D11: Bending stiffness D11 (N m).
        D12: Bending stiffness D12 (N m).
        N_T: Misfit force resultant ∫ Q̄ e dζ (N/m), equal in x and y.
        M_T: Misfit moment resultant ∫ Q̄ e ζ dζ (N), equal in x and y.
        thickness: Total thickness h (m), for normalised numbers in reports.
    """

    A11: float
    A12: float
    B11: float
    B12: float
    D11: float
    D12: float
    N_T: float
    M_T: float
    thickness: float

    def __post_init__(self) -> None:
        if not self.thickness > 0.0:
            raise InputError("laminate thickness must be positive", key="thickness", value=self.thickness)
        if not (self.A11 > abs(self.A12) and self.D11 > abs(self.D12)):
            raise InputError(
                "A and D must be positive definite",
                value=(self.A11, self.A12, self.D11, self.D12),
                accepted="A11 > |A12| and D11 > |D12|",
            )
        if not (self.reduced_bending_sum > 0.0 and self.reduced_bending_difference > 0.0):
            raise InputError("the ABD matrix is not positive definite", value=(self.A, self.B, self.D))

    @classmethod
    def from_matrices(
        cls, A: ArrayLike, B: ArrayLike, D: ArrayLike, N_T: float, M_T: float, thickness: float, rtol: float = 1e-6
    ) -> PlateSection:
        """A section from 3×3 Voigt matrices, checked to be in-plane isotropic.

        Args:
            A: Membrane stiffness (N/m), 3×3 in (ε_x, ε_y, γ_xy).
            B: Coupling stiffness (N), with ζ from the geometric mid-plane, upward.
            D: Bending stiffness (N m).
            N_T: Equi-biaxial misfit force ∫ Q̄ e dζ (N/m).
            M_T: Equi-biaxial misfit moment ∫ Q̄ e ζ dζ (N).
            thickness: Total thickness (m).
            rtol: Relative tolerance of the isotropy check.

        Raises:
            InputError: If a matrix is not 3×3 or not in-plane isotropic (X22 = X11, X16 = X26 = 0,
                X66 = (X11 − X12)/2).
        """
        mats = {}
        for name, value, scale in (("A", A, 1.0), ("B", B, thickness), ("D", D, thickness**2)):
            m = np.asarray(value, dtype=float)
            if m.shape != (3, 3):
                raise InputError(f"{name} must be a 3×3 matrix", key=name, value=m.shape, accepted="(3, 3)")
            ref = max(abs(np.asarray(A, dtype=float)[0, 0]) * scale, np.abs(m).max())
            iso = np.array([[m[0, 0], m[0, 1], 0], [m[0, 1], m[0, 0], 0], [0, 0, (m[0, 0] - m[0, 1]) / 2]])
            if np.abs(m - iso).max() > rtol * ref:
                raise InputError(
                    f"{name} is not in-plane isotropic", key=name, value=m.tolist(), accepted="an isotropic laminate"
                )
            mats[name] = m
        a, b, d = mats["A"], mats["B"], mats["D"]
        return cls(a[0, 0], a[0, 1], b[0, 0], b[0, 1], d[0, 0], d[0, 1], float(N_T), float(M_T), float(thickness))

    @staticmethod
    def _voigt(x11: float, x12: float) -> np.ndarray:
        return np.array([[x11, x12, 0.0], [x12, x11, 0.0], [0.0, 0.0, (x11 - x12) / 2]])

    @property
    def A(self) -> np.ndarray:
        """Membrane stiffness matrix (N/m), Voigt 3×3."""
        return self._voigt(self.A11, self.A12)

    @property
    def B(self) -> np.ndarray:
        """Coupling stiffness matrix (N), Voigt 3×3."""
        return self._voigt(self.B11, self.B12)

    @property
    def D(self) -> np.ndarray:
        """Bending stiffness matrix (N m), Voigt 3×3."""
        return self._voigt(self.D11, self.D12)

    @property
    def reduced_bending_sum(self) -> float:
        """D*_s = D_s − B_s²/A_s (N m), sums X_s = X11 + X12: the equi-biaxial bending stiffness of
        a free plate (its mid-plane strain relaxes)."""
        As, Bs, Ds = self.A11 + self.A12, self.B11 + self.B12, self.D11 + self.D12
        return Ds - Bs**2 / As

    @property
    def reduced_bending_difference(self) -> float:
        """D*_d = D_d − B_d²/A_d (N m), differences X_d = X11 − X12."""
        Ad, Bd, Dd = self.A11 - self.A12, self.B11 - self.B12, self.D11 - self.D12
        return Dd - Bd**2 / Ad

    @property
    def reduced_bending(self) -> tuple[float, float]:
        """(d1, d2) = (D*11, D*12) (N m) of D* = D − B A⁻¹ B, the bending stiffness of the free plate."""
        s, d = self.reduced_bending_sum, self.reduced_bending_difference
        return (s + d) / 2, (s - d) / 2

    @property
    def misfit_moment(self) -> float:
        """m = M_T − B_s N_T/A_s (N): the misfit moment about the free plate's neutral plane.

        The energy per unit area of a plate with uniform curvatures (κ_x, κ_y), its mid-plane
        strains relaxed, is ½ κ·D*κ + m (κ_x + κ_y) + const.
        """
        return self.M_T - (self.B11 + self.B12) * self.N_T / (self.A11 + self.A12)

    @property
    def membrane_modulus(self) -> float:
        """Y = (A11² − A12²)/A11 (N/m): the plane-stress 'E h' of the laminate's membrane."""
        return (self.A11**2 - self.A12**2) / self.A11

    @property
    def curvature(self) -> float:
        """Small-deflection curvature of the free plate, κ_x = κ_y = −m/D*_s (1/m)."""
        return -self.misfit_moment / self.reduced_bending_sum

    @property
    def midplane_strain(self) -> float:
        """Small-deflection mid-plane strain ε0 = (N_T + B_s κ)/A_s of the free plate."""
        return (self.N_T + (self.B11 + self.B12) * self.curvature) / (self.A11 + self.A12)

    @property
    def cylindrical_curvature(self) -> float:
        """Curvature of cylindrical bending, −m/D*11 (1/m): κ_x with κ_y held at 0 and both
        mid-plane strains free (N_x = N_y = M_x = 0). It is the limit of a large sheet's roll."""
        return -self.misfit_moment / self.reduced_bending[0]

    def matching_curvature(self, curvature: float) -> PlateSection:
        """This section with the misfit moment that gives ``curvature`` in small-deflection theory.

        For a curl computed elsewhere (a finite-element coupon with a viscoelastic or plastic history):
        the sheet's large-deflection response depends on the misfit only through m = −D*_s κ0, so
        the section of the final elastic stiffnesses with this M_T (N_T unchanged) curls like it,
        provided the laminate answers the extra bending elastically.

        Args:
            curvature: Small-deflection (free, equi-biaxial) curvature κ0 (1/m).
        """
        m = -self.reduced_bending_sum * curvature
        M_T = m + (self.B11 + self.B12) * self.N_T / (self.A11 + self.A12)
        return replace(self, M_T=float(M_T))


def plate_section(laminate: Laminate, temperature: float, stress_free_temperature: float) -> PlateSection:
    """A, B, D and the misfit resultants of ``laminate`` at ``temperature``.

    Args:
        laminate: The plies, bottom first.
        temperature: Temperature T of the laminate (K), uniform; the moduli are E(T).
        stress_free_temperature: T_sf (K) at which every ply is free of stress (its free strain is
            the eigenstrain alone).

    Returns:
        The section; its :attr:`PlateSection.curvature` is the small-deflection curl.
    """
    h = laminate.thickness
    z = np.asarray(laminate.interfaces) - h / 2
    sums = np.zeros(8)
    for ply, z0, z1 in zip(laminate.plies, z[:-1], z[1:], strict=True):
        E, nu = ply.modulus(temperature), ply.poissons_ratio
        q11, q12 = E / (1 - nu**2), nu * E / (1 - nu**2)
        qbar = q11 + q12
        e = ply.free_strain(temperature, stress_free_temperature)
        m0, m1, m2 = z1 - z0, (z1**2 - z0**2) / 2, (z1**3 - z0**3) / 3
        sums += [q11 * m0, q12 * m0, q11 * m1, q12 * m1, q11 * m2, q12 * m2, qbar * e * m0, qbar * e * m1]
    a11, a12, b11, b12, d11, d12, n_t, m_t = (float(v) for v in sums)
    return PlateSection(a11, a12, b11, b12, d11, d12, n_t, m_t, thickness=h)
