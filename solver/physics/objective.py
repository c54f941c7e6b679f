"""Incremental objective kinematics of a 3-D step (Hughes & Winget 1980), in UFL.

Between the converged deformation F_n and the current F, the gradient of the step's displacement
with respect to the step's midpoint configuration is

    G = (F − F_n) F_½⁻¹,   F_½ = ½ (F + F_n).

Its symmetric part is the strain increment of the step in the midpoint configuration, Δε = sym G,
and its skew part W = skw G gives the step's rotation by the Cayley transform

    R = (I − ½ W)⁻¹ (I + ½ W),

an exact rotation for any W (Hughes & Winget, Int. J. Numer. Meth. Eng. 15 (1980) 1862). For a
constant velocity gradient L over the step, G = 2 tanh(½ L Δt), so Δε = D Δt + O(Δt³); in simple
shear (L² = 0) it is exact at any accumulated strain, and a stress rotated with R shows no spurious
normal-stress difference. The plane law of the interface cell
(:mod:`thermobond.physics.hencky`) uses the exact polar rotation and logarithmic stretch of the step
instead (possible in closed form only in 2-D); the two differ by O(Δt³) per step: in planar extension
by (Δ ln λ)²/12 relative to the increment (8e-6 at Δ ln λ = 0.01).

Everything is rational in F and F_n (one 3 × 3 inverse each), so the forms and their derivatives are
finite in an undeformed state.
"""

from __future__ import annotations

from typing import Any

import ufl

__all__ = ["deformation3", "step_kinematics3"]


def deformation3(u: Any) -> Any:
    """F = I + ∇u of a 3-D displacement."""
    return ufl.Identity(3) + ufl.grad(u)


def step_kinematics3(F: Any, F_old: Any) -> tuple[Any, Any]:
    """(R, Δε) of the step from ``F_old`` to ``F`` (3 × 3): the Cayley rotation of the step's spin
    and its strain increment in the midpoint configuration (see the module docstring)."""
    eye = ufl.Identity(3)
    G = (F - F_old) * ufl.inv(0.5 * (F + F_old))
    W = ufl.skew(G)
    R = ufl.inv(eye - 0.5 * W) * (eye + 0.5 * W)
    return R, ufl.sym(G)
