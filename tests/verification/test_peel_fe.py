"""The analytical elastic–plastic peel against the finite-element peel test (benchmarks/verification/peel_fe.py).

The FE reference (benchmarks/verification/peel_fe.py) is a plane-strain, finite-rotation J2 arm of
15 µm Cu pulled at 90° off a rigid backing through a bilinear cohesive zone (σ_max = 30 MPa,
foundation K = 1e14 Pa/m). Its steady force must satisfy its own work balance, and the analytical
model with the same arm, foundation and cohesive strength must agree with it within 10 %.
"""

from __future__ import annotations

import pytest

from benchmarks.verification.peel_fe import PeelSetup, analytical_peel, run_peel

pytestmark = pytest.mark.solver


def _check(setup: PeelSetup, comm) -> dict:
    r = run_peel(setup, comm)
    P = r["steady_peel_N_per_m"]
    assert r["steady_spread"] < 0.1  # a steady state was reached
    assert r["crack_advance_m"] > 15 * setup.thickness
    # work balance at steady state: P dΔ = (Γ + G_P) da (§5.2), from the FE's own plastic dissipation
    assert r["steady_work_per_advance_J_per_m2"] == pytest.approx(
        setup.toughness + r["steady_plastic_work_J_per_m2"], rel=0.03
    )
    assert r["steady_plastic_work_J_per_m2"] > setup.toughness  # the arm's plasticity dominates
    ref = analytical_peel(setup)
    assert P == pytest.approx(ref.force_per_width, rel=0.10)
    return r


def test_peel_fe_coarse(comm):
    """Γ = 50 J/m² on a coarse mesh (4 elements through the arm): quick guard in the default suite."""
    _check(PeelSetup(toughness=50.0, layers=4, element_length=4e-6, pull=250e-6), comm)


@pytest.mark.slow
@pytest.mark.parametrize("toughness", [50.0, 150.0])
def test_peel_fe_two_toughness_levels(comm, toughness):
    """§5.4 resolution (6 elements through 15 µm, 2.5 µm along): within 10 % at Γ = 50 and 150 J/m²."""
    _check(PeelSetup(toughness=toughness, layers=6, element_length=2.5e-6, pull=300e-6), comm)
