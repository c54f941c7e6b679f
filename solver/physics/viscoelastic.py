"""Generalized Maxwell (Prony) update on reduced time, in UFL (Simo & Hughes, Computational Inelasticity, 1998).

Deviatoric branches h_i with the exponential integrator, exact for a strain that is linear in
reduced time over an interval:

    h_i ← e^{−Δξ/τ_i} h_i + G_i (1 − e^{−Δξ/τ_i})/(Δξ/τ_i) · 2 Δe
    s = 2 G∞ e + Σ_i h_i,    σ = K tr(ε − ε_th) I + s

Over a whole step this is h_i^{n+1} = A_i h_i^n + B_i 2Δe (:func:`step_factors`), so the
deviatoric stress is s = 2G∞ e + Σ A_i h_i^n + 2(Σ B_i) Δe: linear in the displacement with two
per-point coefficients.

The strain of a step is taken linear in *time*; where a_T changes by decades within the step (near
Tg) that is far from linear in reduced time, so each step is integrated in ``substeps`` equal
pieces of time, each with the formula above and its own Δξ. At constant temperature the pieces
compose to the single-step formula exactly. Δξ = ∫ dt / a_T(T(t)) of each piece, with T linear in
time at the point, is integrated by Gauss–Legendre.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import ufl

from ..materials import ShiftLaw
from .uflmath import UFL

__all__ = ["reduced_time_increment", "reduced_time_increments", "relaxation_factor", "step_factors"]

_LN10 = float(np.log(10.0))


def reduced_time_increment(shift: ShiftLaw, T_old: Any, T_new: Any, dt: Any, points: int = 4) -> Any:
    """Δξ = ∫ dt / a_T over a step with T linear from ``T_old`` to ``T_new`` (UFL, s)."""
    xg, wg = np.polynomial.legendre.leggauss(points)
    total = 0
    for x, w in zip(xg, wg, strict=True):
        s = 0.5 * (x + 1.0)
        T = T_old + (T_new - T_old) * s
        total = total + 0.5 * w * ufl.exp(-_LN10 * shift.log10_aT(T, UFL))
    return dt * total


def relaxation_factor(x: Any) -> Any:
    """φ(x) = (1 − e^{−x})/x, with φ → 1 − x/2 for small x (no 0/0)."""
    safe = ufl.max_value(x, 1e-30)
    return ufl.conditional(ufl.lt(x, 1e-8), 1.0 - 0.5 * x, (1.0 - ufl.exp(-safe)) / safe)


def step_factors(dxi: Sequence[Any], moduli: Sequence[float], times: Sequence[float]) -> list[tuple[Any, Any]]:
    """(A_i, B_i) of each branch for a step: h_i^{n+1} = A_i h_i^n + B_i · 2Δe.

    Composing the sub-interval updates (strain linear in time over the step, ``dxi`` the reduced
    time of each of its equal pieces) gives A_i = Π_k d_k and B_i = (G_i/m) Σ_k φ_k Π_{j>k} d_j
    with d_k = e^{−Δξ_k/τ_i}, φ_k = φ(Δξ_k/τ_i). They depend on temperatures and Δt only, not on
    the displacement, so they are evaluated once per step.
    """
    m = len(dxi)
    out = []
    for G, tau in zip(moduli, times, strict=True):
        A, B = 1.0, 0.0
        for d in dxi:
            x = d / tau
            decay = ufl.exp(-x)
            B = decay * B + G * relaxation_factor(x) / m
            A = decay * A
        out.append((A, B))
    return out


def reduced_time_increments(
    shift: ShiftLaw, T_old: Any, T_new: Any, dt: Any, substeps: int, points: int = 3
) -> list[Any]:
    """Δξ of each of ``substeps`` equal sub-intervals of a step with T linear in time (UFL, s)."""
    out = []
    for k in range(substeps):
        a, b = k / substeps, (k + 1) / substeps
        Ta = T_old + (T_new - T_old) * a
        Tb = T_old + (T_new - T_old) * b
        out.append(reduced_time_increment(shift, Ta, Tb, dt / substeps, points))
    return out
