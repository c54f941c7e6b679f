"""The ESIS TC4 fixed-arm analysis (Kinloch, Lau & Williams, Int. J. Fracture 66 (1994) 45) in closed form.

An elastic–perfectly-plastic rectangular arm on a rigid substrate, bent to k0 = κ0/κ_y at the root:
the loading moment is m = M/M_y = 3/2 − 1/(2k0²) (M_y = σ_y h²/6, κ_y = 2σ_y/(Eh)) and the unloading
elastic (m0 < 2), so with G_y = σ_y² h/(6E), in units of M_y κ_y = 2G_y,

    G_A − P²/(2Eh) = ∫ κ dM (loading)   = G_y (3 − 2/k0),
    P(1 − cos θ)   = ∫ κ dM (unloading) = 2G_y (k0 m0 − m0²/2).

The full sweep (hardening, reverse bending, angles) is ``benchmarks/validation/esis_tc4.py``.
"""

from __future__ import annotations

import math

import pytest
from thermobond.bond.peel import PeelArm, peel_force, toughness_from_peel


@pytest.mark.parametrize("k0", [3.0, 10.0])
def test_elastic_perfectly_plastic_fixed_arm(k0):
    h, E, sy, theta = 18e-6, 120e9, 250e6, 90.0
    arm = PeelArm(h, E, sy, 0.0)
    Gy = sy**2 * h / (6 * E)
    m0 = 1.5 - 0.5 / k0**2
    c = 1 - math.cos(math.radians(theta))
    P = 2 * Gy * (k0 * m0 - m0**2 / 2) / c
    G_A = Gy * (3 - 2 / k0) + P**2 / (2 * E * h)
    G_P = P * c + P**2 / (2 * E * h) - G_A
    # the protocol's direction: measured peel force → adhesive fracture toughness
    assert toughness_from_peel(arm, P, theta).toughness == pytest.approx(G_A, rel=1e-3)
    forward = peel_force(arm, G_A, theta)
    assert forward.force_per_width == pytest.approx(P, rel=2e-3)
    assert forward.root_curvature / arm.yield_curvature == pytest.approx(k0, rel=2e-3)
    assert forward.plastic_work == pytest.approx(G_P, rel=2e-3)
