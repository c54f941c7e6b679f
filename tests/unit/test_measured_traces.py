"""Measured against simulated temperature: numbers checked against synthetic traces whose lag,
offset and difference are known by construction, and the case keys that name the traces."""

from __future__ import annotations

import numpy as np
import pytest
from thermobond.comparison import compare_trace
from thermobond.process import MeasuredTrace, Programme

from tests.casefiles import MATERIALS

# a press cycle with corners (heat, hold, cool): a lag moves every corner by the same time
CYCLE = Programme.from_breakpoints(
    [0.0, 300.0, 2100.0, 3900.0, 7500.0],
    np.array([25.0, 25.0, 330.0, 330.0, 25.0]) + 273.15,
    [0.0, 0.0, 3e6, 3e6, 0.0],
    ["start", "wait", "heat", "hold", "cool"],
)


def _trace(t: np.ndarray, T: np.ndarray) -> MeasuredTrace:
    return MeasuredTrace("cu/tpi", "synthetic", t, T, "cycle.measured.cu/tpi")


def test_a_lagging_offset_thermocouple_gives_its_lag_and_offset():
    """measured(t) = simulated(t − 37 s) + 2.5 K + 0.1 K noise, logged at 1 Hz: the cross-correlation
    finds 37 s (to a fraction of the 1 s sampling) and the offset once the lag is removed is 2.5 K."""
    rng = np.random.default_rng(3)
    t = np.arange(0.0, 7501.0)
    measured = CYCLE.temperature(t - 37.0) + 2.5 + rng.normal(0.0, 0.1, t.size)
    c = compare_trace(_trace(t, measured), CYCLE.times, CYCLE.temperatures, "cu/tpi.temperature_degC").summary
    assert c.time_lag_s == pytest.approx(37.0, abs=0.3)
    assert c.offset_K == pytest.approx(2.5, abs=0.02)
    assert c.correlation is not None and c.correlation > 0.999
    # unshifted, the late trace reads rate × lag warmer on the cooling ramp (305 K in 60 min):
    # 3.13 K + the 2.5 K offset, plus at most ≈ 4σ of noise
    assert c.max_abs_difference_K == pytest.approx(305.0 / 3600.0 * 37.0 + 2.5, abs=0.6)
    assert c.samples == t.size and (c.start_s, c.end_s) == (0.0, 7500.0)


def test_a_pure_offset_is_the_difference_and_no_lag():
    """measured = simulated + 1.7 K: RMS = max = mean difference = 1.7 K, lag 0."""
    t = np.linspace(0.0, 7500.0, 2001)
    c = compare_trace(_trace(t, CYCLE.temperature(t) + 1.7), CYCLE.times, CYCLE.temperatures, "x").summary
    assert c.rms_difference_K == pytest.approx(1.7, rel=1e-9)
    assert c.max_abs_difference_K == pytest.approx(1.7, rel=1e-9)
    assert c.mean_difference_K == pytest.approx(1.7, rel=1e-9)
    assert c.time_lag_s == pytest.approx(0.0, abs=0.05)
    assert c.offset_K == pytest.approx(1.7, abs=1e-6)


def test_on_a_ramp_a_lag_is_rate_times_lag_colder():
    """Inside the heating ramp (305 K in 30 min) a trace 60 s late reads rate × 60 s = 10.17 K low at
    every sample: RMS and mean are that value exactly."""
    t = np.arange(600.0, 1800.0, 2.0)
    c = compare_trace(_trace(t, CYCLE.temperature(t - 60.0)), CYCLE.times, CYCLE.temperatures, "x").summary
    expected = 305.0 / 1800.0 * 60.0
    assert c.rms_difference_K == pytest.approx(expected, rel=1e-9)
    assert c.mean_difference_K == pytest.approx(-expected, rel=1e-9)


def test_a_constant_trace_has_no_lag():
    t = np.linspace(0.0, 200.0, 101)
    flat = Programme.from_breakpoints([0.0, 300.0], [300.0, 300.0], [0.0, 0.0], ["start", "hold"])
    c = compare_trace(_trace(t, np.full(t.size, 301.0)), flat.times, flat.temperatures, "x").summary
    assert c.time_lag_s is None and c.correlation is None
    assert c.offset_K == pytest.approx(1.0)


def test_a_trace_outside_the_run_is_refused():
    t = np.array([8000.0, 8001.0, 8002.0])
    with pytest.raises(ValueError, match="0 measured sample"):
        compare_trace(_trace(t, np.full(3, 300.0)), CYCLE.times, CYCLE.temperatures, "x")


# ---- case keys ---------------------------------------------------------------------------------------
def _case_text(cycle: str) -> str:
    layers = "".join(
        f'[[stack.layers]]\nname = "{n}"\nmaterial = "{MATERIALS / card}"\nthickness = "{h}"\n'
        for n, card, h in (("cu", "cu_ed.toml", "12 um"), ("tpi", "tpi_reference.toml", "4 um"))
    )
    return f'schema_version = 1\nname = "m"\n{layers}[mesh]\nwidth = "1 mm"\n{cycle}'


def _load(tmp_path, cycle: str):
    from thermobond.case import load_case

    p = tmp_path / "m.toml"
    p.write_text(_case_text(cycle))
    return load_case(p)


def test_a_log_column_and_a_separate_file_name_measured_temperatures(tmp_path):
    """``"cu/tpi" = "T_tc1"`` takes a press-log column (°F here, converted), a table takes a CSV with
    its own clock (``cycle_start``: the cycle starts 35 s into the file)."""
    (tmp_path / "press.csv").write_text(
        "t [s]; T [degC]; p [MPa]; T_tc1 [degF]; vacuum [mbar]\n"
        "0; 25; 0; 77; 5\n60; 100; 1,5; 212; 5\n120; 100; 1,5; 212; 5\n"
    )
    (tmp_path / "platen.csv").write_text("time [min], T [degC]\n0, 20\n0.5, 21\n1, 30\n3, 99\n")
    case = _load(
        tmp_path,
        '[cycle]\nlog = "press.csv"\n[cycle.measured]\n"cu/tpi" = "T_tc1"\n'
        'platen = { file = "platen.csv", cycle_start = "30 s" }\n',
    )
    iface, platen = case.measured
    assert iface.target == "cu/tpi" and "T_tc1" in iface.source
    np.testing.assert_allclose(iface.temperatures, [298.15, 373.15, 373.15])
    np.testing.assert_allclose(iface.times, [0.0, 60.0, 120.0])
    assert platen.target == "platen"
    np.testing.assert_allclose(platen.times, [-30.0, 0.0, 30.0, 150.0])
    np.testing.assert_allclose(platen.temperatures, np.array([20.0, 21.0, 30.0, 99.0]) + 273.15)


@pytest.mark.parametrize(
    ("measured", "message"),
    [
        ('"cu/pi" = "T_tc1"', "names the platen, a face of the laminate or an interface"),
        ('"cu/tpi" = "T_tc9"', "no column 'T_tc9'"),
        ('"cu/tpi" = "p"', "no column 'p'"),
        ('"cu/tpi" = { file = "missing.csv" }', "file not found"),
        ('"cu/tpi" = 3', "expected a column name or a table"),
    ],
)
def test_bad_measured_keys_are_named(tmp_path, measured, message):
    from thermobond.errors import InputError

    (tmp_path / "press.csv").write_text("t [s], T [degC], p [MPa], T_tc1 [degC]\n0, 25, 0, 25\n60, 100, 1, 99\n")
    with pytest.raises(InputError, match=message) as err:
        _load(tmp_path, f'[cycle]\nlog = "press.csv"\n[cycle.measured]\n{measured}\n')
    assert "cycle.measured" in str(err.value) or "missing.csv" in str(err.value)


def test_a_log_column_needs_a_log(tmp_path):
    from thermobond.errors import InputError

    segments = (
        '[cycle]\nstart_temperature = "25 degC"\n[[cycle.segments]]\ntemperature = "100 degC"\nduration = "1 min"\n'
    )
    with pytest.raises(InputError, match="needs a press log"):
        _load(tmp_path, segments + '[cycle.measured]\nplaten = "T_tc1"\n')
