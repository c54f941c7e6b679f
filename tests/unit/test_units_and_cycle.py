"""Quantities at the input boundary and the press cycle."""

from __future__ import annotations

import numpy as np
import pytest
from thermobond.errors import InputError
from thermobond.units import format_quantity, parse_quantity


@pytest.mark.parametrize(
    ("text", "kind", "si"),
    [
        ("12 um", "length", 12e-6),
        ("12 µm", "length", 12e-6),
        ("3 MPa", "pressure", 3e6),
        ("360 degC", "temperature", 633.15),
        ("633.15 K", "temperature", 633.15),
        ("-40 degF", "temperature", 233.15),
        ("5 K/min", "temperature_rate", 5 / 60),
        ("5 degC/min", "temperature_rate", 5 / 60),
        ("17 ppm/K", "expansion", 17e-6),
        ("17 ppm/degC", "expansion", 17e-6),
        ("30 K", "temperature_difference", 30),
        ("1e4 W/(m^2*K)", "conductance", 1e4),
        ("5 N/cm", "force_per_length", 500.0),
        ("0.49 N/mm", "force_per_length", 490.0),
        ("250 kJ/mol", "energy_per_mole", 250e3),
        ("10 min", "time", 600.0),
        ("1 Hz", "frequency", 1.0),
    ],
)
def test_parse_quantity(text, kind, si):
    assert parse_quantity(text, kind) == pytest.approx(si, rel=1e-12, abs=0)


@pytest.mark.parametrize("kind", ["length", "temperature", "pressure", "time", "expansion", "temperature_rate"])
def test_format_round_trip(kind):
    v = {
        "length": 3.7e-6,
        "temperature": 512.3,
        "pressure": 2.5e6,
        "time": 42.0,
        "expansion": 1.7e-5,
        "temperature_rate": 0.1,
    }[kind]
    assert parse_quantity(format_quantity(v, kind), kind) == pytest.approx(v, rel=1e-12, abs=0)


@pytest.mark.parametrize(
    ("value", "kind", "msg"),
    [
        ("3 MPa", "length", "wrong unit"),
        (3.0, "length", "a unit is required"),
        ("abc", "length", "cannot read"),
        (True, "length", "boolean"),
        ("12 um", "temperature", "wrong unit"),
    ],
)
def test_parse_errors(value, kind, msg):
    with pytest.raises(InputError, match=msg) as exc:
        parse_quantity(value, kind, key="a.b", file="f.toml")
    assert "f.toml" in str(exc.value) and "a.b" in str(exc.value)


def _cycle(text):
    import tomllib

    from thermobond.process import read_cycle
    from thermobond.schema import Section

    return read_cycle(Section(tomllib.loads(text)["cycle"], "c.toml", "cycle"))


RECIPE = """
[cycle]
start_temperature = "25 degC"
[[cycle.segments]]
name = "heat"
temperature = "360 degC"
rate = "10 K/min"
pressure = "3 MPa"
[[cycle.segments]]
name = "hold"
duration = "10 min"
[[cycle.segments]]
name = "release"
pressure = "0 MPa"
duration = "5 s"
[[cycle.segments]]
name = "cool"
temperature = "25 degC"
rate = "5 K/min"
"""


def test_cycle_segments():
    c = _cycle(RECIPE)
    assert c.names == ("start", "heat", "hold", "release", "cool")
    assert c.segment("heat") == pytest.approx((0.0, 335 / 10 * 60))
    assert c.segment("hold")[1] - c.segment("hold")[0] == pytest.approx(600.0)
    assert c.duration == pytest.approx(2010 + 600 + 5 + 4020)
    assert c.peak_temperature == pytest.approx(633.15)
    assert c.pressure(1005.0) == pytest.approx(1.5e6)  # pressure ramps with the heating segment
    assert c.bonding_temperature() == pytest.approx(633.15)
    assert c.time_above(633.15 - 1e-9) == pytest.approx(605.0, rel=1e-6)
    # the pressure ramps 0 → 3 MPa over the 2010 s heating segment: 2 MPa is reached at 2/3 of it
    start, held = c.time_pressed(2e6)
    assert start == pytest.approx(2010 * 2 / 3, rel=1e-12)
    assert held == pytest.approx(2010 / 3 + 600 + 5 / 3, rel=1e-9)  # and 1/3 of the 5 s release


def test_time_at_or_above_is_exact_on_linear_pieces():
    from thermobond.process import time_at_or_above

    # a Hertz-like nip sampled coarsely: the triangle 0 → 10 → 0 over 20 s is at or above 4 for 12 s
    # from t = 4 s, whatever the sampling, where a count of samples above the level is not
    for n in (3, 5, 41):
        t = np.linspace(0.0, 20.0, n)
        y = 10.0 - np.abs(t - 10.0)
        assert time_at_or_above(t, y, 4.0) == pytest.approx((4.0, 12.0), rel=1e-12)
    assert time_at_or_above(np.array([0.0, 1.0]), np.array([1.0, 2.0]), 3.0) == (None, 0.0)
    assert time_at_or_above(np.array([0.0, 1.0]), np.array([5.0, 5.0]), 5.0) == (0.0, 1.0)


@pytest.mark.parametrize(
    ("edit", "msg"),
    [
        (lambda t: t.replace('duration = "10 min"', 'duration = "10 min"\nrate = "5 K/min"'), "exactly one of"),
        (lambda t: t.replace('duration = "10 min"', 'rate = "5 K/min"'), "needs a temperature change"),
        (lambda t: t.replace('name = "hold"', 'name = "heat"'), "unique"),
        (lambda t: t.replace('pressure = "3 MPa"', 'pressure = "-3 MPa"'), "out of range"),
    ],
)
def test_cycle_errors(edit, msg):
    with pytest.raises(InputError, match=msg):
        _cycle(edit(RECIPE))


def test_press_log(tmp_path):
    from thermobond.process import read_press_log

    log = tmp_path / "press.csv"
    log.write_text("# measured\nt [min], T [degC], p [bar]\n0, 25, 0\n10, 300, 30\n20, 300, 30\n30, 40, 0\n")
    c = read_press_log(log).programme()
    assert c.times[-1] == pytest.approx(1800.0)
    assert c.pressures.max() == pytest.approx(3e6)
    assert c.temperature(300.0) == pytest.approx(0.5 * (298.15 + 573.15))
    log.write_text("t [s], T, p [MPa]\n0, 25, 0\n1, 30, 0\n")
    with pytest.raises(InputError, match=r"column 'T': this column needs a unit in its header"):
        read_press_log(log)
    log.write_text("t [s], T [degC], p [MPa]\n0, 25, 0\n0, 30, 0\n")
    with pytest.raises(InputError, match=r"line 3, column 't .s.': t must increase"):
        read_press_log(log)
    log.write_text("t [s], T [degC], p [MPa]\n0, 25, 0\n1, x, 0\n")
    with pytest.raises(InputError, match=r"line 3, column 'T .degC.': not a number"):
        read_press_log(log)


def test_press_log_keeps_extra_columns_and_reads_semicolons(tmp_path):
    """A thermocouple column is kept as written; a semicolon file with decimal commas and a BOM reads
    to the same values as its comma twin."""
    from thermobond.process import read_press_log

    comma = tmp_path / "comma.csv"
    comma.write_text("t [min], T [degC], p [bar], T_tc [degC]\n0, 25, 0, 24.5\n10, 300, 30, 280.25\n")
    semi = tmp_path / "semi.csv"
    semi.write_bytes(b"\xef\xbb\xbft [min];T [degC];p [bar];T_tc [degC]\n0;25;0;24,5\n10;300;30;280,25\n")
    a, b = read_press_log(comma), read_press_log(semi)
    assert a.layout == "comma-separated" and b.layout == "semicolon-separated, decimal commas"
    for log in (a, b):
        assert log.times.tolist() == [0.0, 600.0]
        assert log.temperatures.tolist() == pytest.approx([298.15, 573.15], abs=1e-12)
        assert log.pressures.tolist() == pytest.approx([0.0, 3e6])
        unit, values = log.extra["T_tc"]
        assert unit == "degC" and values.tolist() == [24.5, 280.25]


def test_graded_rows_and_edge_blocks():
    from thermobond.meshes import edge_graded_blocks, graded_rows

    h = graded_rows(10e-6, 7, 3.0)
    assert h.sum() == pytest.approx(10e-6)
    assert h.max() / h.min() == pytest.approx(3.0)
    assert np.allclose(h, h[::-1], rtol=1e-12, atol=0)
    Lg, ng, r, nu = edge_graded_blocks(2e-3, 40e-6, 2e-6, 1.25)
    sizes = 2e-6 * r ** np.arange(ng)
    assert sizes.sum() == pytest.approx(Lg)
    assert sizes[-1] < 40e-6 <= sizes[-1] * r * r
    assert nu >= 1
