"""A bilinear cohesive law for a bonded point of the TPI on the rigid metal (one formula, NumPy or UFL).

The separation δ = x − x_a of a bonded point from the surface point x_a it bonded to is split
along the surface's unit normal n and tangent t at x_a: δ_n = δ·n, δ_t = δ·t. Compression is not
the cohesive law's business (the contact penalty carries it), so the effective opening is

    λ = √(⟨δ_n⟩₊² + δ_t²)

and the traction is T = (1 − d) K0 (⟨δ_n⟩₊ n + δ_t t) with the damage of the bilinear law
(Camanho & Dávila, NASA/TM-2002-211737; Geubelle & Baylor, Compos. B 29 (1998) 589)

    d = 0                                   for κ ≤ δ0 = σ_c / K0,
    d = δ_f (κ − δ0) / (κ (δ_f − δ0))       for δ0 < κ < δ_f = 2 Γ_c / σ_c,
    d = 1                                   beyond,

κ = max(κ_old, λ) the largest opening so far (irreversible). The peak traction is σ_c and the work
of separation Γ_c. A bond that is still forming has σ_c = D_b σ_max and Γ_c = D_b Γ_int: δ_f does
not depend on D_b, δ0 does.

The damage follows the law with a small viscosity (Gao & Bower, Modelling Simul. Mater. Sci. Eng.
12 (2004) 453): over a step Δt, d = d_old + Δt/(η_d + Δt) · ⟨d(κ) − d_old⟩₊, so that Newton converges
on a softening bond once the step is short against η_d, and the rate-independent law is recovered
for steps long against it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["damage", "effective_opening", "regularized_damage", "separation"]

OPENING_SMOOTHING = 1e-15  # m: λ = √(λ² + ε²) − ε keeps the derivative finite at zero opening


def separation(dx: Any, dy: Any, slope: Any, xp: Any) -> tuple[Any, Any]:
    """(δ_n, δ_t) of a separation (dx, dy) against a surface of slope f′ at the anchor."""
    s = xp.sqrt(1.0 + slope**2)
    return (dy - slope * dx) / s, (dx + slope * dy) / s


def effective_opening(dn: Any, dt: Any, xp: Any) -> Any:
    """λ = √(⟨δ_n⟩₊² + δ_t²) (smoothed at zero by :data:`OPENING_SMOOTHING`)."""
    eps = OPENING_SMOOTHING
    return xp.sqrt(xp.maximum(dn, 0.0) ** 2 + dt**2 + eps**2) - eps


def damage(kappa: Any, delta0: Any, delta_f: Any, xp: Any) -> Any:
    """d(κ) of the bilinear law (0 ≤ d ≤ 1); ``delta0`` may be zero (a bond with no strength yet).

    Written as 1 − d = (δ0/κ)(δ_f − κ)/(δ_f − δ0), with κ floored at :data:`OPENING_SMOOTHING`, so
    that neither it nor its derivative divides by zero at zero strength or zero opening.
    """
    k = xp.maximum(kappa, OPENING_SMOOTHING)
    intact = delta0 / k * (delta_f - k) / xp.maximum(delta_f - delta0, OPENING_SMOOTHING)
    return xp.where(xp.less(kappa, delta0), 0.0, 1.0 - xp.maximum(intact, 0.0))


def regularized_damage(d_old: Any, d_target: Any, dt: Any, viscosity: float, xp: Any) -> Any:
    """d over a step Δt (s) toward d(κ) with the damage viscosity η_d (s); never below d_old."""
    return d_old + dt / (viscosity + dt) * xp.maximum(d_target - d_old, 0.0)
