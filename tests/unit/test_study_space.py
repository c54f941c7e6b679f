"""Axes of the uncertainty analysis: SI ranges, unit-cube mapping, agreement with study parameters."""

from __future__ import annotations

import math

import numpy as np
import pytest
from thermobond.errors import InputError
from thermobond.study.expand import si_value
from thermobond.study.space import Axis, axes_from_parameters, from_unit, grid, to_unit
from thermobond.study.spec import Parameter

TEMPERATURE = Parameter("cycle.heat.temperature", None, "270 degC", "360 degC", 4, "linear", "hold temperature")
PRESSURE = Parameter("cycle.heat.pressure", None, "0.5 MPa", "4 MPa", 4, "log", "press pressure")


def test_axes_from_study_parameters_are_in_si():
    t, p = axes_from_parameters([TEMPERATURE, PRESSURE])
    assert (t.low, t.high, t.scale) == (pytest.approx(543.15), pytest.approx(633.15), "linear")
    assert (p.low, p.high, p.scale) == (pytest.approx(0.5e6), pytest.approx(4e6), "log")
    assert p.label == "press pressure"


def test_unit_coordinate_is_the_one_study_parameters_take():
    """A design on the unit cube becomes cases through ``Parameter.at(u)``: same point in SI."""
    axes = axes_from_parameters([TEMPERATURE, PRESSURE])
    for u in (0.0, 0.25, 1.0 / 3.0, 0.9, 1.0):
        for par, ax in zip((TEMPERATURE, PRESSURE), axes, strict=True):
            value, _ = si_value(par.at(u))
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
        axes_from_parameters([Parameter("stack.tpi.thickness", ("3 um", "4 um"))])
