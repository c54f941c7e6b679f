"""Claim checks at, just above and just below every threshold (seed claims 000 and 002; IPC/JPCA-6202)."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest
from scipy.optimize import brentq
from thermobond.bond.adhesion import AdhesionInputs, SurfaceBonds, arm_for, evaluate
from thermobond.bond.peel import toughness_from_peel
from thermobond.case import load_case
from thermobond.claims import at_least, at_most, check_case, describe, within
from thermobond.materials import load_material
from thermobond.materials.claims import storage_modulus
from thermobond.process import Programme

from ..casefiles import metallized_case
from ..conftest import MATERIALS

TPI = MATERIALS / "tpi_reference.toml"
C = 273.15


def _case(
    tmp: Path,
    *,
    peak: str = "320 degC",
    pressure: str = "1 MPa",
    seed: str = "0.2 um",
    tpi_card: Path = TPI,
    name: str = "c",
) -> Path:
    """The metallized-route case with the recipe values the claims look at (no solve here)."""
    return metallized_case(tmp / f"{name}.toml", fuse=peak, pressure=pressure, seed=seed, tpi_card=tpi_card)


def _verdict(case_path: Path, cid: str, **kw):
    checks = [c for c in check_case(load_case(case_path), **kw) if c.id == cid]
    assert len(checks) == 1, cid
    return checks[0]


def test_threshold_functions():
    assert at_least(1e6, 1e6) == (True, 0.0)
    assert at_least(1e6 * (1 + 1e-6), 1e6)[0] and not at_least(1e6 * (1 - 1e-6), 1e6)[0]
    assert at_least(5.5, 5.0) == (True, pytest.approx(0.5))
    assert at_most(4.0, 5.0) == (True, pytest.approx(1.0)) and at_most(6.0, 5.0) == (False, pytest.approx(-1.0))
    assert within(5e-6, 0.01e-6, 5e-6) == (True, 0.0)
    ok, m = within(6e-6, 0.01e-6, 5e-6)
    assert not ok and m == pytest.approx(-1e-6)


@pytest.mark.parametrize(
    ("cid", "key", "at", "above", "below", "value"),
    [
        # 000-11: bonding (highest T while pressed) ≥ Tg = 250 °C
        ("000-11", "peak", "250 degC", "250.5 degC", "249.5 degC", 250.0),
        # 002-6: heating ≥ 50 °C
        ("002-6", "peak", "50 degC", "50.5 degC", "49.5 degC", 50.0),
        # 002-7: heating ≥ Tg + 30 °C = 280 °C
        ("002-7", "peak", "280 degC", "280.5 degC", "279.5 degC", 280.0),
        # 002-9: pressure while at or above Tg ≥ 1 MPa
        ("002-9", "pressure", "1 MPa", "1.01 MPa", "0.99 MPa", 1.0),
    ],
)
def test_recipe_thresholds(tmp_path, cid, key, at, above, below, value):
    base = {"peak": "320 degC", "pressure": "1 MPa"}
    for label, v, ok in (("at", at, True), ("above", above, True), ("below", below, False)):
        c = _verdict(_case(tmp_path, **{**base, key: v}, name=f"{label}"), cid)
        assert c.passes is ok, (cid, label, c)
        if label == "at":
            assert c.value == pytest.approx(value, rel=1e-12) and c.margin == 0.0
        else:
            assert c.margin == pytest.approx(c.value - value, rel=1e-9, abs=1e-12)
            assert (c.margin > 0) is ok


def test_dry_plated_thickness_range(tmp_path):
    for t, ok, margin in (
        ("5 um", True, 0.0),
        ("0.01 um", True, 0.0),
        ("5.01 um", False, -0.01),
        ("0.009 um", False, -0.001),
        ("2 um", True, 1.99),
    ):
        c = _verdict(_case(tmp_path, seed=t), "002-5")
        assert c.passes is ok and c.margin == pytest.approx(margin, abs=1e-9), (t, c)


def _tpi_valid_to(tmp: Path, end_K: float) -> Path:
    """The reference TPI card with DMA data up to ``end_K`` (the end of its valid range)."""
    data_range = f'data_range = ["220 degC", "{end_K:.12f} K"]'
    text = TPI.read_text().replace('long_term_modulus = "0 Pa"', f'long_term_modulus = "0 Pa"\n{data_range}')
    p = tmp / f"tpi_{end_K:.6f}.toml"
    p.write_text(text)
    return p


def _crossing() -> float:
    """Temperature (K) where the reference TPI's 1 Hz E′ is exactly 1e6 Pa."""
    visco = load_material(TPI).viscoelastic
    return brentq(lambda T: math.log(float(storage_modulus(visco, T, 1.0)) / 1e6), 523.15, 700.0, xtol=1e-12)


def test_minimum_modulus_claim_on_the_valid_range(tmp_path):
    """000-1: decided where the card is valid. Data up to 0.5 K past the 1e6 Pa crossing: met, with
    the model's E′ at the end of the data as the minimum; data ending 0.5 K before it: undecided (E′
    still falling, the crossing only by extrapolation, flagged); Tg with its definition on the record."""
    T1 = _crossing()
    visco = load_material(TPI).viscoelastic
    for shift, verdict in ((0.5, True), (-0.5, None)):
        c = _verdict(_case(tmp_path, tpi_card=_tpi_valid_to(tmp_path, T1 + shift)), "000-1")
        assert c.passes is verdict, (shift, c)
        E_end = float(storage_modulus(visco, T1 + shift, 1.0))
        assert c.value == pytest.approx(E_end, rel=1e-6) and c.temperature_degC == pytest.approx(T1 + shift - C)
        assert c.margin == pytest.approx(math.log10(1e6 / E_end), rel=1e-6) and (c.margin > 0) is bool(verdict)
        assert c.crossing_temperature_degC == pytest.approx(T1 - C, abs=1e-4)
        assert c.crossing_extrapolated is (verdict is None)
        assert c.valid_range_degC == pytest.approx([250.0, T1 + shift - C])
        assert c.glass_transition_degC == 250.0 and c.glass_transition_definition == "card value"
    # the bundled card states no data range: valid to T_ref + 50 K (WLF), where E′ is still 3 MPa
    c = _verdict(_case(tmp_path), "000-1")
    assert c.passes is None and c.valid_range_degC == pytest.approx([250.0, 300.0])
    assert c.value == pytest.approx(float(storage_modulus(visco, 573.15, 1.0)), rel=1e-6)
    assert c.crossing_extrapolated and c.crossing_temperature_degC == pytest.approx(T1 - C, abs=1e-4)
    assert "EXTRAPOLATED" in describe([c]) and "Tg = 250.0 °C (card value)" in describe([c])


def test_bonding_at_the_modulus_minimum_uses_the_interface_temperature(tmp_path):
    """000-11 and 000-12 at the temperature of the TPI/metal interface while pressed. The reference TPI's
    E′ has no interior minimum, so 000-12 is undecided and reports E′ there and the 1e6 Pa crossing.
    Without the stack model the recipe's temperature is used (and the note says so)."""
    case = load_case(_case(tmp_path, peak="320 degC"))
    visco = load_material(TPI).viscoelastic
    recipe = {c.id: c for c in check_case(case)}
    assert recipe["000-11"].value == pytest.approx(320.0) and "recipe" in recipe["000-11"].note
    # an interface 7 K colder than the platens (what a stack model could give), pressed as the recipe
    prog = case.programme
    iface = case.stack.interface("seed", "tpi").name
    colder = Programme(prog.times, prog.temperatures - 7.0, prog.pressures, prog.breakpoints, prog.names)
    checks = {c.id: c for c in check_case(case, interfaces={iface: colder})}
    eleven, twelve = checks["000-11"], checks["000-12"]
    assert eleven.value == pytest.approx(313.0) and eleven.margin == pytest.approx(63.0)
    assert iface in eleven.note and "stack model" in eleven.note
    assert twelve.passes is None and twelve.threshold is None and twelve.margin is None
    assert twelve.temperature_degC == pytest.approx(313.0)
    assert twelve.value == pytest.approx(float(storage_modulus(visco, 313.0 + C, 1.0)), rel=1e-9)
    assert twelve.extrapolated  # 313 °C lies beyond the card's valid range (T_ref + 50 K)
    assert twelve.crossing_temperature_degC == pytest.approx(_crossing() - C, abs=1e-4)
    assert "no interior minimum" in twelve.note
    assert twelve.glass_transition_definition == "card value"


def test_adhesion_thresholds(tmp_path):
    """002-14 (≥ 5 N/cm at 15 µm) and IPC-6202 (≥ 0.49 N/mm) at, above and below their bounds."""
    case = load_case(_case(tmp_path))
    spec = case.adhesion
    assert spec is not None
    arm15 = arm_for(case, spec, 15e-6)
    inputs = AdhesionInputs(
        SurfaceBonds.full_contact(),
        case.programme.times,
        case.programme.temperatures,
        None,
        arm15,
        90.0,
        15e-6,
        "cycle",
    )
    full = dataclasses.replace(spec.card, kinetics=dataclasses.replace(spec.card.kinetics, prefactor=1e30))
    for cid, target in (("002-14", 500.0), ("IPC-6202", 490.0)):
        gamma = toughness_from_peel(arm15, target, 90.0).toughness
        for f, ok in ((1.0, True), (1.02, True), (0.98, False)):
            card = dataclasses.replace(full, intrinsic_toughness=gamma * f)
            res = evaluate(inputs, card)
            c = next(x for x in check_case(case, res) if x.id == cid)
            assert c.passes is ok, (cid, f, c)
            if f == 1.0:
                assert c.margin == 0.0
            else:
                assert (c.margin > 0) is ok


def test_undecided_elements_say_why(tmp_path):
    checks = check_case(load_case(_case(tmp_path)))
    undecided = {c.id: c for c in checks if c.passes is None}
    # the E′ elements of the bundled TPI (valid to 300 °C, a monotonic E′) and the adhesion without a run
    assert set(undecided) == {"000-1", "000-12", "002-14", "IPC-6202"}
    assert "run" in undecided["002-14"].note
    assert "extrapolation" in undecided["000-1"].note and "no interior minimum" in undecided["000-12"].note
    text = describe(checks)
    assert "002-14" in text and "PASS" in text
