"""The E′ claims of seed 000 decided inside the valid range of the material description.

Reference numbers: the reference TPI's E′(1 Hz) first drops below 1e6 Pa at 332 °C and is 6.9e3 Pa at
360 °C (tabulated with the construction of the reference model); WLF is valid from T_ref to
T_ref + 50 K (IUPAC Gold Book, "Williams–Landel–Ferry equation").
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from thermobond.errors import InputError
from thermobond.materials import (
    GlassTransition,
    PronySeries,
    claim_bonding_at_minimum,
    claim_minimum_storage_modulus,
    load_material,
    read_material,
)
from thermobond.materials.material import Viscoelasticity
from thermobond.materials.shift import TabulatedShift
from thermobond.schema import load_toml

from tests.conftest import MATERIALS

C = 273.15
REF = load_material(MATERIALS / "tpi_reference.toml")
TG = GlassTransition(250.0 + C, "card value")


def _with_range(lo_c: float, hi_c: float) -> Viscoelasticity:
    return dataclasses.replace(REF.viscoelastic, data_range=(lo_c + C, hi_c + C))


def test_window_ends_at_the_wlf_validity_of_a_card_without_data():
    """Hand-made card (hybrid law, T_ref 250 °C, no data range): the window is Tg … T_ref + 50 K; E′ is
    still 3 MPa there, so the claim is undecided, and the 332 °C crossing is reported as extrapolated."""
    c = claim_minimum_storage_modulus(REF.viscoelastic, TG)
    assert c.window == pytest.approx((250.0 + C, 300.0 + C))
    assert "WLF" in c.window_end_source and "IUPAC" in c.window_end_source
    assert c.verdict is None
    assert c.minimum == pytest.approx(3.0e6, rel=0.01) and c.minimum_temperature == pytest.approx(300.0 + C)
    assert c.crossing_extrapolated and c.crossing_temperature - C == pytest.approx(332.0, abs=0.5)
    assert c.as_dict()["verdict"] == "undecided" and "extrapolated" in c.describe()


def test_window_ends_at_the_data_range_and_the_claim_is_met_inside():
    """With DMA data up to 360 °C the crossing at 332 °C lies inside the valid window: met, not extrapolated."""
    c = claim_minimum_storage_modulus(_with_range(220.0, 360.0), TG)
    assert c.window[1] == pytest.approx(360.0 + C) and "DMA" in c.window_end_source
    assert c.verdict is True and not c.crossing_extrapolated
    assert c.crossing_temperature - C == pytest.approx(332.0, abs=0.5)
    assert c.minimum == pytest.approx(6.9e3, rel=0.02) and c.minimum_temperature == pytest.approx(360.0 + C)
    assert c.still_falling  # a melt: the "minimum" is the end of the window, not a minimum of E′
    assert c.margin_decades == pytest.approx(np.log10(1e6 / 6.9e3), abs=0.01)


def test_still_falling_at_the_end_of_the_data_is_undecided():
    """Data only up to 325 °C: E′ is falling steeply at the window's end (flagged) but still above
    1e6 Pa, so the claim is undecided; the crossing beyond is flagged as extrapolated."""
    c = claim_minimum_storage_modulus(_with_range(220.0, 325.0), TG)
    assert c.verdict is None and c.still_falling and c.end_slope < -0.01
    assert c.crossing_extrapolated and c.crossing_temperature > c.window[1]


def test_a_rubber_plateau_fails_and_a_window_below_tg_is_undecided():
    """A cross-linked TPI (3 MPa long-term modulus) can never reach 1e6 Pa: fail, whatever the window.
    A description valid only below Tg decides nothing."""
    g = REF.viscoelastic.given
    rubber = PronySeries(g.moduli[:-1], g.times[:-1], long_term=3e6, form="tensile")
    v = Viscoelasticity(rubber.to_shear(bulk_modulus=3e9), 3e9, REF.viscoelastic.shift, rubber)
    c = claim_minimum_storage_modulus(v, TG)
    assert c.verdict is False and c.floor == pytest.approx(3e6, rel=0.01) and c.margin_decades < 0
    below = claim_minimum_storage_modulus(_with_range(200.0, 240.0), TG)
    assert below.verdict is None and below.minimum is None


def test_bonding_at_minimum_is_undecided_for_a_monotonic_model():
    """Claim 12 on the reference TPI: E′(T) has no interior minimum, so 'where E′ is minimal' names no
    temperature; E′ at the interface temperature (360 °C, 6.9e3 Pa) and the crossing are reported."""
    b = claim_bonding_at_minimum(_with_range(220.0, 360.0), 360.0 + C, TG)
    assert b.verdict is None and b.minimum is None and b.region is None
    assert b.storage_at_interface == pytest.approx(6.9e3, rel=0.02) and not b.interface_extrapolated
    assert b.crossing_temperature - C == pytest.approx(332.0, abs=0.5)
    assert claim_bonding_at_minimum(REF.viscoelastic, 360.0 + C, TG).interface_extrapolated


def test_bonding_at_minimum_with_an_interior_minimum():
    """A shift law that turns back (a_T smallest at 330 °C, as a material stiffening again would):
    E′ of a Prony series rises with ω·a_T, so its minimum is where log a_T is smallest. Bonding inside
    its region passes, far from it fails."""
    g = REF.viscoelastic.given
    T = tuple(t + C for t in (250.0, 300.0, 330.0, 360.0))
    shift = TabulatedShift(T, (0.0, -9.0, -11.0, -6.0), 250.0 + C)
    v = Viscoelasticity(g.to_shear(bulk_modulus=3e9), 3e9, shift, g, data_range=(220.0 + C, 360.0 + C))
    inside = claim_bonding_at_minimum(v, 329.5 + C, TG)
    assert inside.minimum_temperature == pytest.approx(330.0 + C, abs=0.2)
    assert inside.region[0] < 329.5 + C < inside.region[1]
    assert inside.verdict is True
    assert claim_bonding_at_minimum(v, 280.0 + C, TG).verdict is False


def _card(tmp_path, data_range):
    text = (MATERIALS / "tpi_reference.toml").read_text()
    text = text.replace('long_term_modulus = "0 Pa"', f'long_term_modulus = "0 Pa"\ndata_range = {data_range}')
    p = tmp_path / "card.toml"
    p.write_text(text)
    return read_material(load_toml(p), p)


def test_card_data_range(tmp_path):
    """[viscoelastic] data_range is read in kelvin; a wrong one is refused with the key named."""
    v = _card(tmp_path, '["220 degC", "360 degC"]').viscoelastic
    assert v.data_range == pytest.approx((220.0 + C, 360.0 + C))
    assert REF.viscoelastic.data_range is None
    for bad in ('["220 degC"]', '["360 degC", "220 degC"]'):
        with pytest.raises(InputError, match="data_range"):
            _card(tmp_path, bad)
