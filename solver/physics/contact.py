"""Contact of a deforming body with a rigid rough surface z = f(x): an energy, so its derivative
(the residual) and second derivative (the Jacobian) are consistent.

For a boundary point at current position x = X + u, the vertical gap is g = x_y − f(x_x) and the
normal gap g_n = g / √(1 + f′²). Free points see a unilateral penalty (k/2)⟨−g_n⟩²; bonded points
are tied to the surface point where they bonded, (k/2)|x − x_a|², and so carry tension and shear.
"""

from __future__ import annotations

from typing import Any

import ufl

from .uflmath import UFL

__all__ = ["contact_energy", "gap"]


def gap(x: Any, profile: Any) -> Any:
    """Normal gap to the surface (UFL), x the current position (2-vector)."""
    f = profile(x[0], UFL)
    fp = profile.slope(x[0], UFL)
    return (x[1] - f) / ufl.sqrt(1.0 + fp**2)


def contact_energy(x: Any, profile: Any, k: Any, bonded: Any, anchor: Any) -> Any:
    """Energy density (per reference length) of contact and bonds.

    Args:
        x: Current position of the boundary point.
        profile: The surface (a :class:`~thermobond.meshes.surface.CosineProfile`).
        k: Penalty stiffness (Pa/m).
        bonded: 1 where bonded, 0 where free (nodal indicator).
        anchor: Position on the surface the point is bonded to (2-vector).
    """
    g = gap(x, profile)
    free = 0.5 * k * ufl.max_value(-g, 0.0) ** 2
    tie = 0.5 * k * ufl.inner(x - anchor, x - anchor)
    return (1.0 - bonded) * free + bonded * tie
