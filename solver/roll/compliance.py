"""Surface compliances of the bodies in a nip, as influence coefficients of pressure panels.

Plane strain, frictionless surfaces. The surface is cut into panels of width Δ, each carrying a
uniform pressure; ``kernel(n, Δ)[m]`` is the normal displacement (positive into the body, m) at the
centre of a panel due to unit pressure (1 Pa) on a panel m positions away. The influence matrix of the
contact problem is the symmetric Toeplitz matrix of this vector. Each kernel is defined up to one
additive constant (the displacement of a half-space under a load is unbounded at infinity): the rigid
approach of the rolls, an unknown of the contact problem, absorbs it.

In Fourier terms a body has the compliance C(k): a pressure p̂ cos kx gives a surface displacement
C(k) p̂ cos kx. For a panel of half-width c, the displacement at x is

    u(x) = (1/π) ∫₀^∞ C(k) (2 sin kc / k) cos kx dk,

and subtracting the (possibly infinite) constant u at the panel's own centre gives the regularised

    ũ(x) = (1/π) ∫₀^∞ C(k) (2 sin kc / k) (cos kx − 1) dk,

which converges for every body here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["BondedLayer", "Compliance", "HalfSpace", "ThinFoundation", "layer_compliance_factor"]

# Gauss–Legendre nodes per panel of the wavenumber quadrature, and the panel's phase budget (rad):
# 8 nodes integrate a cosine of up to π/2 per panel to round-off.
_GAUSS_NODES = 8
_PHASE_PER_PANEL = 0.5 * math.pi
# F(s) − 1 of a bonded layer decays like −(4 s²/κ) e^{−2s}: below 1e-16 beyond s = 22.
_S_MAX = 22.0
# Positions per block when evaluating the quadrature (bounds the work array to ~10⁷ doubles).
_BLOCK = 64


@dataclass(frozen=True)
class HalfSpace:
    """An elastic half-space (a bare steel roll; its radius ≫ the contact width).

    C(k) = 2/(E′ |k|) with E′ = E/(1 − ν²). A uniform pressure p on |ξ| ≤ c displaces the surface by
    (Johnson 1985, Contact Mechanics, ch. 2: line loading of an elastic half-space)

        u(x) = (2 p/(π E′)) [(x − c) ln|x − c| − (x + c) ln|x + c|] + const.

    Attributes:
        plane_strain_modulus: E′ = E/(1 − ν²) (Pa).
    """

    plane_strain_modulus: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.plane_strain_modulus) and self.plane_strain_modulus > 0):
            raise ValueError(
                f"HalfSpace.plane_strain_modulus = {self.plane_strain_modulus!r} Pa; accepted: a finite value > 0"
            )

    def fourier(self, k: np.ndarray) -> np.ndarray:
        """C(k) (m/Pa) at wavenumbers k > 0 (1/m)."""
        return 2.0 / (self.plane_strain_modulus * np.abs(k))

    def kernel(self, n: int, spacing: float) -> np.ndarray:
        """Regularised influence coefficients ũ(mΔ), m = 0 … n−1, of panels of width Δ (m/Pa)."""
        c = 0.5 * spacing
        x = spacing * np.arange(n, dtype=float)

        def xlogx(y: np.ndarray) -> np.ndarray:
            out = np.zeros_like(y)
            nz = y != 0.0
            out[nz] = y[nz] * np.log(np.abs(y[nz]))
            return out

        u = xlogx(x - c) - xlogx(x + c)
        return 2.0 / (math.pi * self.plane_strain_modulus) * (u - u[0])


def layer_compliance_factor(s: np.ndarray, poissons_ratio: float) -> np.ndarray:
    """F(s) = C(k)/C_half-space(k) of a layer bonded to a rigid base, s = k h.

    Plane strain, layer 0 ≤ z ≤ h bonded (u = 0) at z = 0, loaded at z = h by σ_zz = −p̂ cos kx with
    no shear. The Fourier-mode solution of the Navier equations, u_x = sin kx [(A + Bz) e^{kz} +
    (C + Dz) e^{−kz}] and the matching u_z, with these four conditions gives, with κ = 3 − 4ν,

        F(s) = [κ sinh 2s − 2s] / [κ cosh 2s + 2s² + (1 + κ²)/2].

    Limits: F → 1 for s → ∞ (half-space); F → s(1 − 2ν)/(2(1 − ν)²) for s → 0, i.e.
    C → h(1 + ν)(1 − 2ν)/(E(1 − ν)) = h/M, the compressible Winkler layer (Johnson 1985, §5.9);
    for ν = 1/2, F → 2s³/3 and C → k²h³/(3G), the thin incompressible layer.
    """
    kappa = 3.0 - 4.0 * poissons_ratio
    s = np.asarray(s, dtype=float)
    # divide numerator and denominator by cosh 2s to stay finite for large s
    e = np.exp(-2.0 * s)
    sech = 2.0 * e / (1.0 + e * e)
    tanh = (1.0 - e * e) / (1.0 + e * e)
    num = kappa * tanh - 2.0 * s * sech
    den = kappa + (2.0 * s * s + 0.5 * (1.0 + kappa * kappa)) * sech
    return np.asarray(num / den)


@dataclass(frozen=True)
class BondedLayer:
    """An elastic layer (an elastomer roll covering) bonded to a rigid core, frictionless surface.

    C(k) = (2/(E′ k)) F(k h) with :func:`layer_compliance_factor`. The regularised influence
    coefficients are the half-space ones plus the layer's correction

        ũ(x) − ũ_hs(x) = (4h/(π E′)) ∫₀^∞ (F(s) − 1) sin(s c/h) (cos(s x/h) − 1) / s² ds,

    integrated by composite Gauss–Legendre quadrature (the integrand is smooth, vanishes at s = 0 and
    decays like s² e^{−2s}).

    Attributes:
        thickness: h (m).
        youngs_modulus: E (Pa).
        poissons_ratio: ν (–), up to 0.5 (incompressible).
    """

    thickness: float
    youngs_modulus: float
    poissons_ratio: float

    def __post_init__(self) -> None:
        for name in ("thickness", "youngs_modulus"):
            v = getattr(self, name)
            if not (math.isfinite(v) and v > 0):
                raise ValueError(f"BondedLayer.{name} = {v!r}; accepted: a finite value > 0")
        if not -1.0 < self.poissons_ratio <= 0.5:
            raise ValueError(f"BondedLayer.poissons_ratio = {self.poissons_ratio!r}; accepted: −1 < ν ≤ 0.5")

    @property
    def plane_strain_modulus(self) -> float:
        return self.youngs_modulus / (1.0 - self.poissons_ratio**2)

    def fourier(self, k: np.ndarray) -> np.ndarray:
        """C(k) (m/Pa) at wavenumbers k > 0 (1/m)."""
        k = np.abs(np.asarray(k, dtype=float))
        return np.asarray(
            2.0 / (self.plane_strain_modulus * k) * layer_compliance_factor(k * self.thickness, self.poissons_ratio)
        )

    def kernel(self, n: int, spacing: float) -> np.ndarray:
        """Regularised influence coefficients ũ(mΔ), m = 0 … n−1, of panels of width Δ (m/Pa)."""
        h = self.thickness
        c = 0.5 * spacing / h
        x = spacing * np.arange(n, dtype=float) / h
        npanel = max(math.ceil(_S_MAX * (x[-1] + c) / _PHASE_PER_PANEL), 64)
        g, wg = np.polynomial.legendre.leggauss(_GAUSS_NODES)
        edges = np.linspace(0.0, _S_MAX, npanel + 1)
        half = 0.5 * np.diff(edges)
        s = ((edges[:-1] + half)[:, None] + half[:, None] * g[None, :]).ravel()
        w = (half[:, None] * wg[None, :]).ravel()
        weight = w * (layer_compliance_factor(s, self.poissons_ratio) - 1.0) * np.sin(s * c) / (s * s)
        correction = np.empty(n)
        for lo in range(0, n, _BLOCK):
            block = x[lo : lo + _BLOCK]
            correction[lo : lo + _BLOCK] = (np.cos(np.outer(block, s)) - 1.0) @ weight
        correction *= 4.0 * h / (math.pi * self.plane_strain_modulus)
        return HalfSpace(self.plane_strain_modulus).kernel(n, spacing) + correction


@dataclass(frozen=True)
class ThinFoundation:
    """A thin compressible layer acting as a Winkler foundation: u = C p, point by point.

    For a web (or a layer) of thickness h pressed without lateral strain, C = Σ h_i/M_i with the
    confined (P-wave) modulus M = E(1 − ν)/((1 + ν)(1 − 2ν)) (Johnson 1985, §5.9, the elastic
    foundation model).

    Attributes:
        compliance: C (m/Pa).
    """

    compliance: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.compliance) and self.compliance > 0):
            raise ValueError(f"ThinFoundation.compliance = {self.compliance!r} m/Pa; accepted: a finite value > 0")

    @classmethod
    def confined(cls, layers: list[tuple[float, float, float]]) -> ThinFoundation:
        """From (thickness (m), Young's modulus (Pa), Poisson's ratio) of each layer, ν < 0.5."""
        total = 0.0
        for h, E, nu in layers:
            if not (h > 0 and E > 0 and -1.0 < nu < 0.5):
                raise ValueError(
                    f"ThinFoundation layer (thickness={h!r}, E={E!r}, ν={nu!r}); accepted: h > 0, E > 0, −1 < ν < 0.5"
                )
            total += h * (1.0 + nu) * (1.0 - 2.0 * nu) / (E * (1.0 - nu))
        return cls(total)

    def fourier(self, k: np.ndarray) -> np.ndarray:
        return np.full_like(np.asarray(k, dtype=float), self.compliance)

    def kernel(self, n: int, spacing: float) -> np.ndarray:
        out = np.zeros(n)
        out[0] = self.compliance
        return out


Compliance = HalfSpace | BondedLayer | ThinFoundation
