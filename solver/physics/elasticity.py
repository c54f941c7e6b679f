"""Isotropic thermo-elasticity with a transversely isotropic thermal strain."""

from __future__ import annotations

from typing import Any

import ufl

from ..materials import Expansion
from .uflmath import UFL

__all__ = ["lame", "thermal_strain", "thermoelastic_stress"]


def lame(E: Any, nu: float) -> tuple[Any, Any]:
    """Lamé constants (λ, μ) (Pa) of Young's modulus E (Pa) and Poisson's ratio ν."""
    return E * nu / ((1 + nu) * (1 - 2 * nu)), E / (2 * (1 + nu))


def thermal_strain(expansion: Expansion, T: Any, T_ref: float) -> Any:
    """Free thermal strain tensor (3×3) of a layer whose thickness direction is y.

    ε_th = diag(ε_in, ε_through, ε_in) with ε = ∫_{T_ref}^{T} α dT' (a core PI film:
    α_in ≈ 20, α_through ≈ 55–81 ppm/K).

    Args:
        expansion: The layer's thermal expansion.
        T: Temperature (K), a UFL expression.
        T_ref: Stress-free temperature (K).
    """
    e_in = expansion.in_plane.strain(T, T_ref, UFL)
    e_th = expansion.through_thickness.strain(T, T_ref, UFL)
    return ufl.as_tensor([[e_in, 0.0, 0.0], [0.0, e_th, 0.0], [0.0, 0.0, e_in]])


def thermoelastic_stress(eps: Any, eps_th: Any, E: Any, nu: float) -> Any:
    """σ = λ tr(ε − ε_th) I + 2μ (ε − ε_th) (Pa), all 3×3."""
    lmbda, mu = lame(E, nu)
    ee = eps - eps_th
    return lmbda * ufl.tr(ee) * ufl.Identity(3) + 2 * mu * ee
