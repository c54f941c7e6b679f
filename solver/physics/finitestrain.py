"""Finite-strain solids for the interface cell (total Lagrangian, plane strain, mixed u–p).

Deformation F = I + ∇u (3×3 with F_zz = 1), C = FᵀF, J = det F. A free thermal stretch
(1 + e_th) I, measured relative to the rigid metal (which is the cell's frame), is split off
multiplicatively: the mechanical volume ratio is J_m = J / (1 + e_th)³.

Every layer uses the mixed form with its own bulk modulus K, a pressure field p and
    Π = ∫ [W_iso(C) + p (J_m − 1) − p²/(2K)] dX,
so the nearly incompressible melt (K/G up to 10⁷) does not lock. The isochoric PK2 stress of a
unit-modulus neo-Hookean solid, S̄ = J^{−2/3}(I − tr C/3 · C⁻¹), is the strain measure of the
viscoelastic branches (Simo 1987): for small strain S̄ → 2 dev ε.
"""

from __future__ import annotations

from typing import Any

import ufl

__all__ = ["deformation", "isochoric_pk2", "mixed_residual", "volumetric_pk2"]


def deformation(u: Any) -> Any:
    """F (3×3) of a plane-strain displacement u = (u_x, u_y)."""
    g = ufl.grad(u)
    return ufl.as_tensor([[1.0 + g[0, 0], g[0, 1], 0.0], [g[1, 0], 1.0 + g[1, 1], 0.0], [0.0, 0.0, 1.0]])


def isochoric_pk2(F: Any) -> Any:
    """S̄ = J^{−2/3} (I − tr(C)/3 · C⁻¹): isochoric PK2 stress of a neo-Hookean solid with G = 1/2·…
    (so that S̄ ≈ 2 dev ε for small strain)."""
    C = F.T * F
    J = ufl.det(F)
    return J ** (-2.0 / 3.0) * (ufl.Identity(3) - ufl.tr(C) / 3.0 * ufl.inv(C))


def volumetric_pk2(F: Any, p: Any) -> Any:
    """J p C⁻¹: the PK2 stress of the pressure p (p > 0 in tension here, p = K(J_m − 1))."""
    C = F.T * F
    return ufl.det(F) * p * ufl.inv(C)


def mixed_residual(F: Any, S_iso: Any, p: Any, e_th: Any, K: float, v: Any, q: Any, dx: Any) -> Any:
    """∫ (S_iso + J p C⁻¹) : ½δC dX + ∫ (J_m − 1 − p/K) δp dX with ½δC = sym(Fᵀ ∇δu)."""
    gv = ufl.grad(v)
    dF = ufl.as_tensor([[gv[0, 0], gv[0, 1], 0.0], [gv[1, 0], gv[1, 1], 0.0], [0.0, 0.0, 0.0]])
    dE = ufl.sym(F.T * dF)
    S = S_iso + volumetric_pk2(F, p)
    Jm = ufl.det(F) / (1.0 + e_th) ** 3
    return ufl.inner(S, dE) * dx + (Jm - 1.0 - p / K) * q * dx
