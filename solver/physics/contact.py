"""Contact of a deforming body with a rigid rough surface z = f(x).

For a boundary point at current position x = X + u, the vertical gap is g = x_y − f(x_x) and the
normal gap g_n = g / √(1 + f′²). The interface cell puts a unilateral penalty (k/2)⟨−g_n⟩² on every
surface node (its derivative is the residual, its second derivative the Jacobian, consistently);
bonds add the cohesive law of :mod:`.cohesive`.
"""

from __future__ import annotations

from typing import Any

import ufl

from .uflmath import UFL

__all__ = ["gap"]


def gap(x: Any, profile: Any) -> Any:
    """Normal gap to the surface (UFL), x the current position (2-vector)."""
    f = profile(x[0], UFL)
    fp = profile.slope(x[0], UFL)
    return (x[1] - f) / ufl.sqrt(1.0 + fp**2)
