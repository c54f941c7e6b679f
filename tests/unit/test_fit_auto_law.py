"""`material fit --law auto` writes a card that a case from room temperature can use.

DMA isotherms that all lie at or above the reference temperature fit a WLF law whose pole T_ref − C2
lies far above room temperature; a case refuses such a law (the WLF form holds from Tg to about
Tg + 50 K: IUPAC Gold Book, "Williams–Landel–Ferry equation"). ``auto`` continues it below T_ref by
the Arrhenius law with the same value and slope there (d log10 a_T/dT = −C1/C2 at T_ref).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from thermobond.case import load_case
from thermobond.materials import FitOptions, GlassTransition, fit_card, load_material
from thermobond.materials.fitting import fit_dma
from thermobond.materials.shift import WLF, HybridShift
from thermobond.materials.synthetic import synthetic_dma, write_pyvisco_csv

from tests.casefiles import MATERIALS, stack_case

C = 273.15
TEMPLATE = load_material(MATERIALS / "tpi_reference.toml")
T_REF = 270.0 + C


def test_auto_law_card_serves_a_cycle_from_room_temperature(tmp_path):
    temps = np.arange(270.0, 331.0, 10.0) + C  # every isotherm at or above T_ref
    f, T, E1, E2 = synthetic_dma(TEMPLATE.viscoelastic, temps, np.logspace(-1, 1.5, 10), noise=0.01, seed=3)
    dma = tmp_path / "above_tg.csv"
    write_pyvisco_csv(dma, f, T, E1, E2)

    card_path = tmp_path / "tpi_auto.toml"
    card = fit_card(
        dma,
        FitOptions(reference_temperature=T_REF),
        TEMPLATE,
        glass_transition=GlassTransition(250.0 + C, "card value"),
        card_path=card_path,
    )
    law = card.viscoelastic.shift
    assert isinstance(law, HybridShift) and law.T_switch == pytest.approx(T_REF)

    # the same data with law = "wlf": the WLF branch is that law (to the card's rounding), so the isotherms
    # sit where they did
    plain = fit_dma(card.fit.data, FitOptions(reference_temperature=T_REF, law="wlf")).shift
    assert isinstance(plain, WLF)
    assert np.asarray(law.log10_aT(temps)) == pytest.approx(np.asarray(plain.log10_aT(temps)), abs=1e-6)
    assert plain.reference_temperature - plain.C2 > 25.0 + C  # its pole lies inside a press cycle

    # continuous in value and slope at T_ref (the slope −C1/C2 decades/K of the WLF law there)
    h = 1e-4
    below = (float(law.log10_aT(T_REF)) - float(law.log10_aT(T_REF - h))) / h
    above = (float(law.log10_aT(T_REF + h)) - float(law.log10_aT(T_REF))) / h
    assert below == pytest.approx(-law.wlf.C1 / law.wlf.C2, rel=1e-3)
    assert above == pytest.approx(-law.wlf.C1 / law.wlf.C2, rel=1e-3)
    assert math.isfinite(float(law.log10_aT(25.0 + C)))

    # the written card is read back and a case heating it from 25 °C to 320 °C accepts it
    card_path.write_text(card.text)
    layers = [
        ("cu", MATERIALS / "cu_ed.toml", "12 um", 2),
        ("tpi", card_path, "4 um", 1),
        ("pi", MATERIALS / "kapton_hn.toml", "25 um", 2),
    ]
    case_path = stack_case(
        tmp_path / "c.toml", layers, width="1 mm", element_size="100 um", start="25 degC", end="320 degC"
    )
    case = load_case(case_path)
    assert isinstance(case.stack.layers[1].material.viscoelastic.shift, HybridShift)
