"""Peel mechanics: Kendall (J. Phys. D 8 (1975) 1449), the elastic–plastic arm, its inverse."""

from __future__ import annotations

import math

import numpy as np
import pytest
from thermobond.bond.peel import PeelArm, kendall_peel, moment_curvature_loop, peel_force, toughness_from_peel

# Kendall's elastic peel: Γ = 500 J/m², Eh = 1.8e6 N/m (15 µm, E = 120 GPa)
V8 = {10: (23129.75, 32911.52), 45: (1704.35, 1707.11), 90: (499.93, 500.00), 180: (249.99, 250.00)}


@pytest.mark.parametrize("theta", sorted(V8))
def test_kendall_table_v8(theta):
    ext, inext = V8[theta]
    assert kendall_peel(500.0, theta, 1.8e6) == pytest.approx(ext, rel=1e-4)
    assert kendall_peel(500.0, theta) == pytest.approx(inext, rel=1e-4)
    # the elastic arm of the general model is Kendall's
    arm = PeelArm(15e-6, 120e9)
    assert peel_force(arm, 500.0, theta).force_per_width == pytest.approx(ext, rel=1e-4)


@pytest.mark.parametrize("hardening", ["isotropic", "kinematic"])
def test_below_first_yield_the_arm_is_elastic(hardening):
    # §5.2 table: 15 µm Cu, σ_y = 250 MPa → G_y = 1.3 J/m²
    arm = PeelArm(15e-6, 120e9, 250e6, 1e9, hardening)
    assert arm.first_yield_energy == pytest.approx(1.3, abs=0.01)
    for gamma in (0.2, 0.9 * arm.first_yield_energy):
        r = peel_force(arm, gamma, 90.0)
        assert r.plastic_work == 0.0
        assert r.force_per_width == pytest.approx(kendall_peel(gamma, 90.0, 120e9 * 15e-6), rel=1e-12)
    # and the plastic branch joins it continuously at G_y
    Gy = arm.first_yield_energy
    below = peel_force(arm, Gy * (1 - 1e-6), 90.0).force_per_width
    above = peel_force(arm, Gy * (1 + 1e-3), 90.0).force_per_width
    assert above == pytest.approx(below, rel=3e-3)


@pytest.mark.parametrize(("h_um", "sy_MPa", "Gy"), [(5, 70, 0.034), (12, 150, 0.38), (18, 250, 1.6), (35, 350, 6.0)])
def test_first_yield_energy_table(h_um, sy_MPa, Gy):
    # §5.2 table (E = 120 GPa), rounded to two figures there
    arm = PeelArm(h_um * 1e-6, 120e9, sy_MPa * 1e6)
    assert arm.first_yield_energy == pytest.approx(Gy, rel=0.05)


def test_moment_curvature_elastic_perfectly_plastic():
    """Closed form of a rectangular section: M = M_p (1 − (κ_y/κ)²/3) beyond yield, M_p = σ_y h²/4."""
    arm = PeelArm(15e-6, 120e9, 250e6, 0.0, fibres=2000)
    ky = arm.yield_curvature
    kl, Ml, ku, Mu = moment_curvature_loop(arm, 10 * ky, steps=100)
    Mp = 250e6 * (15e-6) ** 2 / 4
    beyond = kl > ky
    exact = Mp * (1 - (ky / kl[beyond]) ** 2 / 3)
    assert np.max(np.abs(Ml[beyond] - exact)) < 1e-4 * Mp
    # unloading is elastic until the outer fibre has reversed by 2σ_y (Δκ = 2κ_y): M = M0 − EI Δκ
    EI = arm.bending_stiffness
    elastic = ku >= 10 * ky - 2 * ky
    assert np.allclose(Mu[elastic], Ml[-1] - EI * (10 * ky - ku[elastic]), rtol=0, atol=2e-3 * Mp)


def test_energy_balance_and_inverse():
    arm = PeelArm(15e-6, 120e9, 250e6, 1e9, foundation=8e13)
    for theta in (90.0, 180.0):
        r = peel_force(arm, 150.0, theta)
        P = r.force_per_width
        c = 1 - math.cos(math.radians(theta))
        # steady-state energy balance: work of the load = Γ + G_P + stored stretch (§5.2)
        assert P * c + P**2 / (2 * arm.youngs_modulus * arm.thickness) == pytest.approx(
            150.0 + r.plastic_work, rel=1e-9
        )
        assert r.plastic_work > 150.0  # the arm's plasticity dominates a real FCCL peel (§5.2)
        back = toughness_from_peel(arm, P, theta)
        assert back.toughness == pytest.approx(150.0, rel=1e-6)
    # a 180° test shows less force for the same toughness
    assert peel_force(arm, 150.0, 180.0).force_per_width < peel_force(arm, 150.0, 90.0).force_per_width


def test_peel_force_vs_thickness_is_non_monotonic():
    """§5.3: at fixed Γ the 90° peel force rises with arm thickness, peaks, and falls back to the elastic
    value Γ/(1 − cos θ) once the arm stays elastic (h ≥ 6EΓ/σ_y²)."""
    gamma = 50.0
    h = np.geomspace(0.2e-6, 1e-3, 25)
    P = np.array([peel_force(PeelArm(float(x), 120e9, 250e6, 1e9), gamma, 90.0).force_per_width for x in h])
    k = int(np.argmax(P))
    assert 0 < k < h.size - 1
    assert np.all(np.diff(P[: k + 1]) > 0) and np.all(np.diff(P[k:]) < 1e-6 * gamma)
    assert P[k] > 5 * gamma  # plastic bending multiplies the force several times
    h_elastic = 6 * 120e9 * gamma / 250e6**2
    assert P[h > h_elastic] == pytest.approx(gamma, rel=1e-3)
    assert 20e-6 < h[k] < h_elastic


def test_root_rotation_lowers_the_peel_force():
    rigid = PeelArm(15e-6, 120e9, 250e6, 1e9)
    soft = PeelArm(15e-6, 120e9, 250e6, 1e9, foundation=1e12)
    r0, r1 = peel_force(rigid, 150.0), peel_force(soft, 150.0)
    assert r0.root_rotation == 0.0 and r1.root_rotation > 0.05
    assert r1.force_per_width < r0.force_per_width
    assert r1.root_curvature < r0.root_curvature


def test_bad_arguments():
    with pytest.raises(ValueError, match="positive"):
        PeelArm(0.0, 120e9)
    with pytest.raises(ValueError, match="toughness"):
        peel_force(PeelArm(15e-6, 120e9), 0.0)
    with pytest.raises(ValueError, match="angle"):
        peel_force(PeelArm(15e-6, 120e9), 10.0, 190.0)
