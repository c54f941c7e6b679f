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

from ..casefiles import metallized_case
from ..conftest import MATERIALS

TPI = MATERIALS / "tpi_reference.toml"


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


def _tpi_with_tg(tmp: Path, tg_K: float) -> Path:
    text = TPI.read_text().replace('glass_transition = "250 degC"', f'glass_transition = "{tg_K:.12f} K"')
    p = tmp / f"tpi_{tg_K:.6f}.toml"
    p.write_text(text)
    return p


def _crossing() -> float:
    """Temperature (K) where the reference TPI's 1 Hz E′ is exactly 1e6 Pa."""
    visco = load_material(TPI).viscoelastic
    return brentq(lambda T: math.log(float(storage_modulus(visco, T, 1.0)) / 1e6), 523.15, 700.0, xtol=1e-12)


def test_minimum_modulus_claim(tmp_path):
    """000-1: the window [Tg, Tg + 150 K] ends exactly at, above or below the 1e6 Pa crossing."""
    T1 = _crossing()
    for shift, ok in ((0.0, True), (0.5, True), (-0.5, False)):
        c = _verdict(_case(tmp_path, tpi_card=_tpi_with_tg(tmp_path, T1 - 150.0 + shift)), "000-1")
        assert c.passes is ok, (shift, c)
        if shift == 0.0:
            assert c.margin == 0.0 and c.value == pytest.approx(1e6, rel=1e-8)
        else:
            assert (c.margin > 0) is ok and c.margin == pytest.approx(math.log10(1e6 / c.value))
    # the bundled TPI meets it by decades
    c = _verdict(_case(tmp_path), "000-1")
    assert c.passes and c.margin > 2


def test_bonding_at_the_modulus_minimum(tmp_path):
    """000-12: E′ (1 Hz) at the bonding temperature ≤ 1e6 Pa."""
    T1 = _crossing()
    for dT, ok in ((0.0, True), (0.5, True), (-0.5, False)):
        c = _verdict(_case(tmp_path, peak=f"{T1 + dT:.12f} K"), "000-12")
        assert c.passes is ok, (dT, c)
        if dT == 0.0:
            assert c.margin == 0.0


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
    assert set(undecided) == {"002-14", "IPC-6202"}
    assert "run" in undecided["002-14"].note
    text = describe(checks)
    assert "002-14" in text and "PASS" in text
