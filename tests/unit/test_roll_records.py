"""Validation of the roll-line records: every bad value is refused with its name, value and range."""

from __future__ import annotations

import math

import pytest
from thermobond.materials import ThermalProperties
from thermobond.roll import (
    AirCooling,
    ChillRoll,
    Discretisation,
    ElastomerCovering,
    HeatedDrum,
    InfraredHeater,
    Line,
    Ply,
    Roll,
    SteelSurface,
    WebLayer,
    nip_history,
)

STEEL_THERMAL = ThermalProperties(45.0, 7850.0, 470.0)
STEEL = SteelSurface(210e9, 0.3, STEEL_THERMAL)
RUBBER = ElastomerCovering(10e-3, 8e6, 0.5, ThermalProperties(0.25, 1200.0, 1400.0), STEEL)
CU = ThermalProperties(401.0, 8930.0, 390.0)


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (lambda: SteelSurface(-1.0, 0.3, STEEL_THERMAL), ["youngs_modulus", "-1.0"]),
        (lambda: SteelSurface(210e9, 0.6, STEEL_THERMAL), ["poissons_ratio", "0.6", "ν ≤ 0.5"]),
        (lambda: SteelSurface(210e9, 0.3, ThermalProperties(0.0, 1.0, 1.0)), ["conductivity", "0.0"]),
        (lambda: ElastomerCovering(0.0, 8e6, 0.5, STEEL_THERMAL, STEEL), ["thickness", "0.0"]),
        (lambda: Roll(0.3, 100.0, STEEL, 1e4), ["temperature", "100.0", "873.15"]),
        (lambda: Roll(0.3, 600.0, STEEL, 0.0), ["contact_conductance", "0.0"]),
        (lambda: Roll(0.015, 600.0, RUBBER, 1e4), ["thickness", "radius"]),
        (lambda: Roll(math.nan, 600.0, STEEL, 1e4), ["diameter", "nan"]),
        (lambda: Line(-2e4, 0.02), ["line_load", "-20000.0"]),
        (lambda: Line(2e4, 0.0), ["speed", "0.0"]),
        (lambda: Line(2e4, 0.02, air_heat_transfer=-1.0), ["air_heat_transfer", "-1.0"]),
        (lambda: HeatedDrum(500.0, 0.2, 1e3, "film", side="left"), ["side", "left", "bottom, top"]),
        (lambda: InfraredHeater(0.1, "film"), ["exactly one", "heat_flux", "emitter_temperature"]),
        (lambda: InfraredHeater(0.1, "film", heat_flux=1e3, emitter_temperature=900.0), ["exactly one"]),
        (lambda: InfraredHeater(0.1, "film", emitter_temperature=900.0, emissivity=1.5), ["emissivity", "1.5"]),
        (lambda: AirCooling(1.0, -5.0), ["heat_transfer_coefficient", "-5.0"]),
        (lambda: ChillRoll(330.0, 0.0, 1e3), ["wrap_length", "0.0"]),
        (lambda: WebLayer("cu/tpi", 12e-6, CU), ["name", "cu/tpi"]),
        (lambda: WebLayer("cu", 0.0, CU), ["thickness", "0.0"]),
        (lambda: Ply("foil", ()), ["foil", "no layers"]),
        (lambda: Discretisation(elements_per_layer=0), ["elements_per_layer=0"]),
    ],
)
def test_bad_values_are_refused_with_their_name_and_range(build, words):
    with pytest.raises(ValueError) as err:
        build()
    for word in words:
        assert word in str(err.value)


def test_line_setup_errors_name_the_culprit():
    foil = Ply("foil", (WebLayer("cu", 12e-6, CU),))
    roll = Roll(0.3, 650.0, STEEL, 1e4)
    line = Line(2e4, 0.02)
    with pytest.raises(ValueError, match="unknown ply 'film'"):
        nip_history([foil], line, roll, roll, preheat=[HeatedDrum(500.0, 0.2, 1e3, "film")])
    with pytest.raises(ValueError, match=r"foil\.bottom at once"):
        nip_history(
            [foil],
            line,
            roll,
            roll,
            preheat=[HeatedDrum(500.0, 0.2, 1e3, "foil"), InfraredHeater(0.2, "foil", heat_flux=1e3, side="both")],
        )
    with pytest.raises(ValueError, match="unique"):
        nip_history([foil, foil], line, roll, roll)
    with pytest.raises(ValueError, match="ply_conductance"):
        nip_history([foil], line, roll, roll, ply_conductance=0.0)


def test_valid_records_expose_derived_quantities():
    assert STEEL.plane_strain_modulus == pytest.approx(210e9 / 0.91)
    assert RUBBER.shear_modulus == pytest.approx(8e6 / 3)
    assert Roll(0.3, 650.0, STEEL, math.inf).radius == 0.15
    assert InfraredHeater(0.1, "film", heat_flux=1e3, side="both").sides == ("bottom", "top")
    assert Ply("film", (WebLayer("tpi", 5e-6, CU), WebLayer("pi", 25e-6, CU))).thickness == pytest.approx(30e-6)
