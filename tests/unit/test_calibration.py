"""Calibration of an interface card to peel data: synthetic round trips (docs/theory/adhesion.md)."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pytest
from thermobond.bond.adhesion import AdhesionInputs, SurfaceBonds, evaluate
from thermobond.bond.calibration import PeelMeasurement, calibrate, read_measurements
from thermobond.bond.peel import PeelArm, peel_force
from thermobond.errors import InputError
from thermobond.materials.interfacecard import BondKinetics, InterfaceCard, interface_card_text, load_interface_card

from ..conftest import MATERIALS

TRUE = InterfaceCard(
    "true", Path("true.toml"), 120.0, BondKinetics("arrhenius", prefactor=2.9e8, activation_energy=120e3), 30e6
)
ARM = PeelArm(15e-6, 1.35e11, 2.9e8, 1.3e9, foundation=8e13)


def _recipe(T_hold_C: float, hold_s: float) -> AdhesionInputs:
    """Heat at 10 K/min from 25 °C to the hold, hold, cool: in contact from the start (metallized)."""
    Th = T_hold_C + 273.15
    t1 = (Th - 298.15) / (10 / 60)
    t = np.array([0.0, t1, t1 + hold_s, t1 + hold_s + (Th - 298.15) / (5 / 60)])
    T = np.array([298.15, Th, Th, 298.15])
    return AdhesionInputs(SurfaceBonds.full_contact(), t, T, None, ARM, 90.0, 15e-6, "test")


RECIPES = [
    _recipe(270, 300),
    _recipe(290, 120),
    _recipe(300, 600),
    _recipe(320, 60),
    _recipe(340, 600),
    _recipe(280, 1800),
]


def _synthetic(card: InterfaceCard, noise: float, seed: int) -> list[PeelMeasurement]:
    rng = np.random.default_rng(seed)
    out = []
    for i, inp in enumerate(RECIPES):
        P = evaluate(inp, card).peel_strength
        out.append(PeelMeasurement(f"r{i}", inp, P * math.exp(noise * rng.standard_normal()), noise))
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_toughness_round_trip(seed):
    data = _synthetic(TRUE, 0.05, seed)
    start = dataclasses.replace(TRUE, intrinsic_toughness=40.0)
    res = calibrate(data, start)
    cal = res.card.calibration
    assert cal is not None and cal.parameters == ("toughness",)
    sd = float(cal.log_sd[0])
    err = math.log(res.card.intrinsic_toughness / TRUE.intrinsic_toughness)
    assert abs(err) <= 2 * sd
    # the reported uncertainty is the propagated measurement scatter: 5 %/(m √n), m = d ln P / d ln Γ
    m = math.log(peel_force(ARM, 121.0).force_per_width / peel_force(ARM, 119.0).force_per_width) / math.log(121 / 119)
    assert 0.4 < m < 1.0
    assert sd == pytest.approx(0.05 / (m * math.sqrt(len(RECIPES))), rel=0.5)


def test_toughness_and_kinetics_round_trip():
    data = _synthetic(TRUE, 0.03, 7)
    start = dataclasses.replace(
        TRUE, intrinsic_toughness=300.0, kinetics=dataclasses.replace(TRUE.kinetics, prefactor=1e9)
    )
    res = calibrate(data, start, kinetics=True)
    cal = res.card.calibration
    assert cal is not None and cal.covariance.shape == (2, 2)
    sd = cal.log_sd
    assert abs(math.log(res.card.intrinsic_toughness / 120.0)) <= 2 * sd[0]
    assert abs(math.log(res.card.kinetics.prefactor / 2.9e8)) <= 2 * sd[1]
    assert np.allclose(res.predicted, res.measured, rtol=0.1)


def test_prediction_carries_the_calibration_uncertainty(tmp_path):
    res = calibrate(_synthetic(TRUE, 0.05, 3), TRUE)
    # a recipe not in the data
    other = _recipe(310, 900)
    r = evaluate(other, res.card)
    assert r.peel_strength_sigma is not None and r.peel_strength_sigma > 0
    sd = float(res.card.calibration.log_sd[0])
    P = r.peel_strength
    m = (
        math.log(
            peel_force(ARM, r.effective_toughness * math.exp(0.05)).force_per_width
            / peel_force(ARM, r.effective_toughness * math.exp(-0.05)).force_per_width
        )
        / 0.1
    )
    assert r.peel_strength_sigma == pytest.approx(P * m * sd, rel=0.02)
    # an estimated card has no uncertainty to give
    assert evaluate(other, TRUE).peel_strength_sigma is None
    # the calibrated card survives writing and reading
    path = tmp_path / "cal.toml"
    path.write_text(interface_card_text(res.card, "round trip"))
    back = load_interface_card(path)
    assert back.intrinsic_toughness == pytest.approx(res.card.intrinsic_toughness, rel=1e-5)
    assert back.calibration is not None
    assert np.allclose(back.calibration.covariance, res.card.calibration.covariance)


def test_unidentifiable_kinetics_is_refused():
    same = [PeelMeasurement(f"r{i}", RECIPES[0], 600.0) for i in range(3)]
    with pytest.raises(ValueError, match="cannot separate"):
        calibrate(same, TRUE, kinetics=True)
    never = dataclasses.replace(
        RECIPES[0],
        bonds=SurfaceBonds(np.array([0.0, 1.0]), np.array([np.nan, np.nan]), 1.0, np.array([0.0, 1.0]), np.zeros(2)),
    )
    with pytest.raises(ValueError, match="no bonded surface"):
        calibrate([PeelMeasurement("dry", never, 500.0)], TRUE)


def test_with_log_parameters_sets_logs():
    c = TRUE.with_log_parameters(np.array([math.log(50.0), math.log(1e7)]))
    assert c.intrinsic_toughness == pytest.approx(50.0) and c.kinetics.prefactor == pytest.approx(1e7)


def test_measurement_file_errors(tmp_path):
    bad = tmp_path / "m.csv"
    bad.write_text("case,strength\nx,1\n")
    with pytest.raises(InputError, match="'run' and 'peel"):
        read_measurements(bad)
    bad.write_text("run,peel [N/cm]\nr1,-3\n")
    with pytest.raises(InputError, match=r"line 2, column 'peel .N/cm.': value out of range .* 0 < peel"):
        read_measurements(bad)
    bad.write_text("run,peel [N/mm],angle [deg]\nr1,0.6,200\n")
    with pytest.raises(InputError, match="angle"):
        read_measurements(bad)
    good = tmp_path / "g.csv"
    good.write_text("run,peel [N/mm],thickness [um],scatter [%]\nr1,0.6,18,5\n")
    ((lab, run, P, ang, h, s, line),) = read_measurements(good)
    assert line == 2
    assert (lab, P, ang, s) == ("r1", pytest.approx(600.0), None, pytest.approx(0.05))
    assert h == pytest.approx(18e-6) and run == tmp_path / "r1"


def test_bundled_card_is_an_estimate():
    card = load_interface_card(MATERIALS / "interface_cu_tpi.toml")
    assert card.estimated and card.kinetics.law == "arrhenius"
    assert 47 <= card.intrinsic_toughness <= 254  # Cu/Cr/PI range, Park, Park & Yu (KJMM)
