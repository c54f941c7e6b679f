"""Axes of the uncertainty analysis: SI ranges, unit-cube mapping, agreement with study parameters."""

from __future__ import annotations

import math

import numpy as np
import pytest
from thermobond.errors import InputError
from thermobond.study.expand import parameter_value
from thermobond.study.space import Axis, axes_from_parameters, from_unit, grid, table_columns, to_unit
from thermobond.study.spec import Parameter

TEMPERATURE = Parameter("cycle.heat.temperature", None, "270 degC", "360 degC", 4, "linear", "hold temperature")
PRESSURE = Parameter("cycle.heat.pressure", None, "0.5 MPa", "4 MPa", 4, "log", "press pressure")
KINDS = {"cycle.heat.temperature": "temperature", "cycle.heat.pressure": "pressure"}


def test_axes_from_study_parameters_are_in_si():
    """SI with temperatures in °C: the units of the collected table the surrogates are fitted on."""
    t, p = axes_from_parameters([TEMPERATURE, PRESSURE], KINDS)
    assert (t.low, t.high, t.scale) == (pytest.approx(270.0), pytest.approx(360.0), "linear")
    assert (p.low, p.high, p.scale) == (pytest.approx(0.5e6), pytest.approx(4e6), "log")
    assert p.label == "press pressure"


def test_unit_coordinate_is_the_one_study_parameters_take():
    """A design on the unit cube becomes cases through ``Parameter.at(u)``: same point in SI."""
    axes = axes_from_parameters([TEMPERATURE, PRESSURE], KINDS)
    for u in (0.0, 0.25, 1.0 / 3.0, 0.9, 1.0):
        for par, ax in zip((TEMPERATURE, PRESSURE), axes, strict=True):
            value, _ = parameter_value(par.at(u), KINDS[par.key])
            assert value == pytest.approx(float(ax.from_unit(u)), rel=1e-6)


def test_round_trip_and_log_midpoint():
    axes = [Axis("T", 543.15, 633.15), Axis("p", 0.5e6, 4e6, "log")]
    u = grid(2, 5)
    np.testing.assert_allclose(to_unit(from_unit(u, axes), axes), u, atol=1e-12)
    assert float(axes[1].from_unit(0.5)) == pytest.approx(math.sqrt(0.5e6 * 4e6))  # geometric mean


def test_grid_runs_first_axis_fastest():
    g = grid(2, 3)
    np.testing.assert_array_equal(g[:3, 0], [0.0, 0.5, 1.0])
    np.testing.assert_array_equal(g[:3, 1], [0.0, 0.0, 0.0])
    assert grid(3, 4).shape == (64, 3)


def test_invalid_axes_and_discrete_parameters_are_refused():
    with pytest.raises(InputError, match="increasing"):
        Axis("T", 600.0, 500.0)
    with pytest.raises(InputError, match="positive"):
        Axis("p", 0.0, 1.0, "log")
    with pytest.raises(InputError, match="range"):
        axes_from_parameters([Parameter("stack.tpi.thickness", ("3 um", "4 um"))], {"stack.tpi.thickness": "length"})


def test_table_columns_mark_failed_and_missing_values():
    rows = [
        {"case": "c0", "status": "done", "T [K]": 550.0, "peel": 4.5, "claim 7": "pass"},
        {"case": "c1", "status": "failed", "T [K]": 560.0},
        {"case": "c2", "status": "done", "T [K]": 570.0, "peel": None},
        {"case": "c3", "status": "done", "T [K]": "580.0", "peel": "6.25"},
    ]
    a = table_columns(rows, ["T [K]", "peel"])
    np.testing.assert_array_equal(a[:, 0], [550.0, np.nan, 570.0, 580.0])
    np.testing.assert_array_equal(a[:, 1], [4.5, np.nan, np.nan, 6.25])
    assert np.isnan(table_columns(rows, ["claim 7"])[0, 0])  # a verdict is not a number
    with pytest.raises(InputError, match="no such column"):
        table_columns(rows, ["bonded"])
