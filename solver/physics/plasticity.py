"""J2 plasticity with linear isotropic hardening: radial return in UFL.

For the trial elastic stress σ_tr = C : (ε − ε_p^n − ε_0), deviator s_tr and q_tr = √(3/2 s_tr:s_tr):

    f = q_tr − (σ_y + H p^n),   Δp = ⟨f⟩ / (3μ + H),
    σ = σ_tr − 3μ Δp s_tr/q_tr,  ε_p^{n+1} = ε_p^n + (3/2) Δp s_tr/q_tr,  p^{n+1} = p^n + Δp.

Written in UFL, its derivative is the consistent (algorithmic) tangent, so Newton converges
quadratically. q_tr carries a tiny regularisation so its derivative exists at zero stress.
"""

from __future__ import annotations

from typing import Any

import ufl

from .elasticity import lame

__all__ = ["radial_return"]


def radial_return(
    eps_e_trial: Any, E: Any, nu: float, yield_stress: Any, hardening: Any, p_old: Any, q_floor: float
) -> tuple[Any, Any, Any]:
    """Return-mapped stress, plastic strain increment and Δp.

    Args:
        eps_e_trial: Trial elastic strain (3×3).
        E, nu: Young's modulus (Pa) and Poisson's ratio.
        yield_stress: Initial yield stress σ_y (Pa).
        hardening: Linear hardening modulus H = dσ_y/dp (Pa).
        p_old: Equivalent plastic strain at the start of the step.
        q_floor: Regularisation of q (Pa), far below any yield stress.

    Returns:
        (σ, Δε_p, Δp).
    """
    lmbda, mu = lame(E, nu)
    sig_tr = lmbda * ufl.tr(eps_e_trial) * ufl.Identity(3) + 2 * mu * eps_e_trial
    s = ufl.dev(sig_tr)
    q = ufl.sqrt(1.5 * ufl.inner(s, s) + q_floor**2)
    f = q - (yield_stress + hardening * p_old)
    dp = ufl.max_value(f, 0.0) / (3 * mu + hardening)
    n = s / q
    return sig_tr - 3 * mu * dp * n, 1.5 * dp * n, dp
