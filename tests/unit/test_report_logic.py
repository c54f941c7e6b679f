"""The pieces a report stands on: one unit convention for every name, process units on the page,
panels that would only plot round-off, and main effects against analytic responses."""

from __future__ import annotations

import numpy as np
import pytest
from thermobond.report.display import display, label
from thermobond.report.style import negligible
from thermobond.report.verdict import main_effects
from thermobond.results import unit_suffix_of
from thermobond.study.collect import column_unit, flatten_summary, si_margin


def test_unit_suffix_is_the_longest_that_ends_a_name():
    assert unit_suffix_of("adhesion.peel_strength_N_per_m") == "N_per_m"
    assert unit_suffix_of("stack.curvature_1_per_m") == "1_per_m"
    assert unit_suffix_of("interface.void_area_final_m2") == "m2"
    assert unit_suffix_of("interface.time_to_90pct_bonded_s") == "s"
    assert unit_suffix_of("interface.bonded_fraction_final") == ""
    assert unit_suffix_of("stack.solver.dofs") == ""


def test_collected_names_end_in_their_unit_and_margins_are_si():
    """Margins in the claims' units become SI (5 N/cm = 500 N/m, 0.15 µm = 1.5e-7 m, 1 MPa = 1e6 Pa,
    a temperature margin is a difference in K); units written inside a name move to its end."""
    summary = {
        "stack": {"max_von_mises_Pa": {"cu": 2e8, "pi": 1e7}, "curvature_1_per_m": 3.0},
        "adhesion": {"peel_strength_N_per_m": 600.0, "peel_strength_N_per_m_sigma": 30.0},
        "claims": [
            {"id": "002-14", "passes": True, "margin": 1.5, "margin_unit": "N/cm"},
            {"id": "002-5", "passes": True, "margin": 0.15, "margin_unit": "µm"},
            {"id": "002-9", "passes": False, "margin": -0.5, "margin_unit": "MPa"},
            {"id": "002-7", "passes": None, "margin": None, "margin_unit": "°C"},
        ],
        "measured": [{"target": "cu/tpi", "rms_difference_K": 2.0, "time_lag_s": 12.0}],
    }
    flat = flatten_summary(summary)
    assert flat["stack.max_von_mises.cu_Pa"] == 2e8 and flat["stack.max_von_mises.pi_Pa"] == 1e7
    assert flat["adhesion.peel_strength_sigma_N_per_m"] == 30.0
    assert flat["claim.002-14.margin_N_per_m"] == pytest.approx(150.0)
    assert flat["claim.002-5.margin_m"] == pytest.approx(1.5e-7, rel=1e-12, abs=0)
    assert flat["claim.002-9.margin_Pa"] == pytest.approx(-5e5)
    assert flat["claim.002-7.margin_K"] is None and flat["claim.002-7.verdict"] == "undecided"
    assert flat["measured.cu/tpi.time_lag_s"] == 12.0
    assert all(name.endswith(".verdict") or unit_suffix_of(name) for name in flat)  # every value has its unit
    assert column_unit("claim.002-14.margin_N_per_m") == "N/m"
    assert column_unit("cycle.heat.temperature_degC") == "degC"
    assert column_unit("claim.002-14.verdict") == ""
    with pytest.raises(ValueError, match="furlong"):
        si_margin(1.0, "furlong")


def test_process_units_on_the_page():
    """°C stays °C, Pa → MPa, m → µm, s → min, N/m → N/cm."""
    assert display("cycle.heat.pressure_Pa")(3e6) == pytest.approx(3.0)
    assert display("adhesion.peel_strength_N_per_m")(500.0) == pytest.approx(5.0)
    assert display("interface.time_to_90pct_bonded_s")(90.0) == pytest.approx(1.5)
    assert display("stack.tpi.thickness_m")(4e-6) == pytest.approx(4.0)
    assert display("cycle.heat.temperature_degC")(300.0) == pytest.approx(300.0)
    assert label("adhesion.claim_peel_strength_N_per_m") == "peel strength at the claim's 15 µm conductor (N/cm)"


def test_round_off_is_negligible_and_a_signal_is_not():
    """Platen − interface of 1e-5 K against 600 K of temperature: round-off; 0.5 K: a lag worth a panel.
    A stress history at 1e-11 MPa against stresses of 100 MPa: round-off."""
    T = 600.0
    assert negligible(np.array([0.0, 6e-5, -3e-5]), T)
    assert not negligible(np.array([0.0, 0.5, 0.2]), T)
    assert negligible(np.array([1e-5, -2e-5]), 1e8)
    assert negligible(np.full(5, 3.2))  # a constant, by its own size
    assert not negligible(np.array([1.0, 1.1]))


def test_main_effects_on_a_grid_and_off_it():
    """y = 3 + 2·a − 0.5·b on a 4 × 3 grid: effects 2·Δa and −0.5·Δb exactly (level means); the same
    on random points (linear fit)."""
    a, b = np.meshgrid([0.0, 1.0, 2.0, 3.0], [10.0, 20.0, 30.0])
    a, b = a.ravel(), b.ravel()
    effects = main_effects({"a": a, "b": b}, 3 + 2 * a - 0.5 * b)
    assert [e.key for e in effects] == ["b", "a"]  # −10 over b's range beats +6 over a's
    assert effects[0].change == pytest.approx(-10.0) and effects[1].change == pytest.approx(6.0)
    assert effects[0].method == "levels"
    rng = np.random.default_rng(1)
    a, b = rng.uniform(0, 3, 40), rng.uniform(10, 30, 40)
    fit = {e.key: e for e in main_effects({"a": a, "b": b}, 3 + 2 * a - 0.5 * b)}
    assert fit["a"].method == "linear fit"
    assert fit["a"].change == pytest.approx(2 * np.ptp(a)) and fit["b"].change == pytest.approx(-0.5 * np.ptp(b))
