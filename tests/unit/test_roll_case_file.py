"""The bundled roll case read into a recipe (no solve): the nip and the programme against equilibrium,
the closed forms that bound the nip, and the maximum principle."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import numpy as np
import pytest
from thermobond.case import load_case, read_case
from thermobond.case.rollreader import web_compliance

CASE = Path(__file__).resolve().parents[2] / "cases" / "roll_lamination.toml"


@pytest.fixture(scope="module")
def case():
    return load_case(CASE)


def test_nip_carries_the_line_load(case):
    """Equilibrium: the mean nip pressure over the nip width is the line load, and the programme's
    p(t) integrated over the dwell times the line speed is the line load too (p(t) = p(x = v t))."""
    roll = case.roll
    s = roll.summary()
    w = roll.line.line_load
    assert s.mean_nip_pressure_Pa * s.nip_width_m == pytest.approx(w, rel=0.01)
    p = case.programme
    assert np.trapezoid(p.pressures, p.times) * roll.line.speed == pytest.approx(w, rel=0.01)


def test_compliant_web_widens_the_nip(case):
    """The web's compliance in series with the rolls: the nip is wider than both the Hertz nip of the
    bare rolls (rigid web) and the thin-foundation nip of the web between rigid rolls (Johnson 1985,
    Contact Mechanics, §4.3 and ch. 5), and its peak pressure lower than both."""
    roll = case.roll
    s = roll.summary()
    w = roll.line.line_load
    R = 1.0 / (2.0 / roll.bottom.diameter + 2.0 / roll.top.diameter)
    b, t = roll.bottom.surface, roll.top.surface
    E = 1.0 / ((1 - b.poissons_ratio**2) / b.youngs_modulus + (1 - t.poissons_ratio**2) / t.youngs_modulus)
    a_hertz = math.sqrt(4.0 * w * R / (math.pi * E))
    C = web_compliance(case.stack, 0.5 * (roll.bottom.temperature + roll.top.temperature)).compliance
    a_winkler = (1.5 * w * R * C) ** (1.0 / 3.0)  # a thin foundation: p = (a² − x²)/(2 R C)
    p_hertz, p_winkler = 2.0 * w / (math.pi * a_hertz), a_winkler**2 / (2.0 * R * C)
    assert s.nip_method == "numerical"
    assert s.nip_width_m > 2 * max(a_hertz, a_winkler)
    assert s.peak_nip_pressure_Pa < min(p_hertz, p_winkler)
    assert s.dwell_s == pytest.approx(s.nip_width_m / roll.line.speed, rel=1e-9)


def test_interface_temperature_within_the_line_temperatures(case):
    """Maximum principle: nothing on the line is hotter than the hottest source the web meets (rolls,
    the infrared emitter) nor colder than the coldest (ambient); the interface is heated in the nip."""
    s = case.roll.summary()
    T = case.programme.temperatures - 273.15
    assert T.min() >= 25.0 - 1e-9 and T.max() <= 400.0
    assert s.interface_peak_temperature_degC <= max(s.bottom_roll_temperature_degC, s.top_roll_temperature_degC)
    assert s.interface_temperature_at_nip_exit_degC > s.interface_temperature_at_nip_entry_degC
    assert math.isclose(s.pressed_s, s.dwell_s, rel_tol=0.05)  # nearly the whole nip is above 1 MPa


def test_resolved_roll_case_round_trips(case):
    """The roll case as resolved (defaults and the chosen interface filled in) reads back to the same case."""
    text = case.to_toml()
    again = read_case(tomllib.loads(text), case.path)
    assert again.to_toml() == text
    assert again.roll.interface == case.roll.interface
    assert np.array_equal(again.programme.times, case.programme.times)
