"""Incremental corotational Hencky kinematics of a plane-strain step (UFL).

Between the converged deformation F_n and the current F the relative deformation is
F_rel = F F_n⁻¹ (in-plane 2×2 block; F_zz = 1). Its polar decomposition F_rel = R U has, in 2-D,
the closed-form rotation R = [[c, −s], [s, c]]/√(c² + s²), c = F11 + F22, s = F21 − F12 (of F_rel).
The strain of the step is the logarithmic (Hencky 1928) stretch of the step, ½ log(F_relᵀ F_rel),
rotated to the step's midpoint by half the rotation, R_½ (the midpoint rule of Hughes & Winget,
Int. J. Numer. Meth. Eng. 15 (1980) 1862): for a constant velocity gradient L it is D Δt with an
O(Δt³) error, so steady simple shear shows no spurious normal-stress difference (the end-point
strain ½ log(F_rel F_relᵀ) has one of O(Δγ) relative to the shear stress).

The logarithm of a symmetric positive-definite 2×2 tensor b with mean eigenvalue m and squared
half-difference of eigenvalues s = ((b11 − b22)/2)² + b12² is

    log b = ½ log(det b) I + g(m, s) (b − m I),   g = atanh(√s / m) / √s,

and g is written as its series (1/m) Σ_k (s/m²)^k / (2k + 1) near equal eigenvalues, so that the
form and its derivatives stay finite in an undeformed state.
"""

from __future__ import annotations

from typing import Any

import ufl

__all__ = ["half_rotation2", "in_plane", "log_spd2", "polar_rotation2", "step_kinematics", "to_3d"]

SERIES_BELOW = 1e-3  # s/m² below which g is evaluated by its series (truncation error < (s/m²)⁴/9)


def in_plane(F: Any) -> Any:
    """The in-plane 2×2 block of a 3×3 tensor."""
    return ufl.as_tensor([[F[0, 0], F[0, 1]], [F[1, 0], F[1, 1]]])


def to_3d(t2: Any, zz: Any = 0.0) -> Any:
    """A 3×3 tensor from a 2×2 in-plane block and its zz component."""
    return ufl.as_tensor([[t2[0, 0], t2[0, 1], 0.0], [t2[1, 0], t2[1, 1], 0.0], [0.0, 0.0, zz]])


def polar_rotation2(F2: Any) -> Any:
    """R of the polar decomposition F2 = R U of a 2×2 tensor with det F2 > 0."""
    c = F2[0, 0] + F2[1, 1]
    s = F2[1, 0] - F2[0, 1]
    n = ufl.sqrt(c**2 + s**2)
    return ufl.as_tensor([[c / n, -s / n], [s / n, c / n]])


def log_spd2(b: Any) -> Any:
    """log b of a symmetric positive-definite 2×2 tensor (closed form, see the module docstring)."""
    m = 0.5 * (b[0, 0] + b[1, 1])
    s = (0.5 * (b[0, 0] - b[1, 1])) ** 2 + b[0, 1] ** 2
    z2 = s / m**2
    series = (1.0 + z2 * (1.0 / 3.0 + z2 * (1.0 / 5.0 + z2 * (1.0 / 7.0 + z2 / 9.0)))) / m
    r = ufl.sqrt(ufl.max_value(s, 1e-300))
    closed = ufl.ln((m + r) / (m - r)) / (2.0 * r)
    g = ufl.conditional(ufl.lt(z2, SERIES_BELOW), series, closed)
    det = b[0, 0] * b[1, 1] - b[0, 1] ** 2
    return 0.5 * ufl.ln(det) * ufl.Identity(2) + g * (b - m * ufl.Identity(2))


def half_rotation2(R: Any) -> Any:
    """The rotation by half the angle of a 2×2 rotation R (|angle| < π)."""
    c = ufl.sqrt(0.5 * (1.0 + R[0, 0]))
    s = 0.5 * R[1, 0] / c
    return ufl.as_tensor([[c, -s], [s, c]])


def step_kinematics(F: Any, F_old: Any) -> tuple[Any, Any]:
    """(R, Δε) of the step from ``F_old`` to ``F`` (3×3 plane-strain deformation gradients).

    Returns:
        The 2×2 rotation of the relative deformation and the 3×3 logarithmic strain increment of
        the step in its midpoint configuration (zz = 0).
    """
    F_rel = in_plane(F) * ufl.inv(in_plane(F_old))
    R = polar_rotation2(F_rel)
    Rh = half_rotation2(R)
    return R, to_3d(0.5 * Rh * log_spd2(F_rel.T * F_rel) * Rh.T)
