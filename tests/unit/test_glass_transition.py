"""Tg: the α peak of tan δ (the dominant one, not a ripple), its E″-peak fallback, one record per material."""

from __future__ import annotations

import numpy as np
import pytest
from thermobond.materials import FitOptions, GlassTransition, fit_card, load_material, resolve_glass_transition
from thermobond.materials.dma import read_dma
from thermobond.materials.material import Viscoelasticity
from thermobond.materials.prony import PronySeries
from thermobond.materials.shift import WLF
from thermobond.materials.transition import data_alpha_peak, dominant_peak, model_glass_transition

from benchmarks.validation.foreign_tpi import FOREIGN_DMA, FOREIGN_TPI
from tests.conftest import MATERIALS

C = 273.15


def _generating_peaks():
    """The foreign TPI's own tan δ(1 Hz) maxima, by brute force on a 0.01 K grid: the largest value
    in the glass transition (240–280 °C), and the largest local maximum below it (215–245 °C)."""
    T = np.arange(215.0, 280.0, 0.01) + C
    M = FOREIGN_TPI.complex_modulus(2 * np.pi, T)
    td = M.imag / M.real
    alpha = T >= 240.0 + C
    k = int(np.flatnonzero(alpha)[np.argmax(td[alpha])])
    assert 0 < k < T.size - 1, "the α maximum must be interior, or the window is wrong"
    local = np.flatnonzero((td[1:-1] > td[:-2]) & (td[1:-1] >= td[2:]) & (T[1:-1] < 245.0 + C)) + 1
    assert local.size, "no ripple below 245 °C"
    return float(T[k]), float(T[local[np.argmax(td[local])]])


def test_the_foreign_tpi_has_a_ripple_below_its_alpha_peak():
    """The test data must be able to fool a first-local-maximum Tg: the generating model has an
    interior tan δ maximum about 30 K below its α peak."""
    alpha, ripple = _generating_peaks()
    assert 20.0 < alpha - ripple < 40.0


@pytest.fixture(scope="module")
def foreign_card():
    return fit_card(FOREIGN_DMA, FitOptions(), load_material(MATERIALS / "tpi_reference.toml"))


def test_fitted_tg_is_the_alpha_peak_not_the_ripple(foreign_card):
    """Tg of the fit (its α tan δ peak at 1 Hz) lies within 1 K of the generating model's own α peak
    and far from the ripple; the reference isotherm is the one nearest the α peak."""
    alpha, ripple = _generating_peaks()
    tg = foreign_card.glass_transition
    assert tg.definition == "α tan δ peak at 1 Hz"
    assert tg.value == pytest.approx(alpha, abs=1.0)
    assert abs(tg.value - ripple) > 20.0
    assert foreign_card.fit.reference_temperature == pytest.approx(260.0 + C)


def test_data_alpha_peak_is_within_the_isotherm_spacing():
    """From the data alone (tan δ at 1 Hz per isotherm, 5 K apart), the α peak is found within 2.5 K."""
    alpha, _ = _generating_peaks()
    assert data_alpha_peak(read_dma(FOREIGN_DMA)) == pytest.approx(alpha, abs=2.5)


def test_dominant_peak_of_an_analytic_curve():
    """Two Gaussian bumps on a rising exponential: the tall one is found at its centre (to the
    parabola's accuracy), the small one and the rising edge are not peaks."""
    T = np.arange(400.0, 700.0, 0.5)
    y = 0.02 * np.exp(-(((T - 480.0) / 6.0) ** 2)) + 3.0 * np.exp(-(((T - 533.3) / 8.0) ** 2)) + np.exp((T - 700) / 20)
    assert dominant_peak(T, y) == pytest.approx(533.3, abs=0.05)
    assert dominant_peak(T, np.exp((T - 700) / 20)) is None


def test_loss_peak_when_tan_delta_has_no_peak():
    """A single Maxwell element shifted by WLF: tan δ = 1/(ω τ a_T) rises monotonically with T (no
    peak), E″ peaks where ω τ a_T = 1, i.e. log10 a_T = −log10(ωτ); WLF inverted analytically:
    T − T_ref = −C2·L/(C1 + L) with L = log10 a_T."""
    C1, C2, Tr, tau = 15.0, 60.0, 500.0, 10.0
    p = PronySeries(np.array([1e9]), np.array([tau]), 0.0, "tensile")
    v = Viscoelasticity(p.to_shear(bulk_modulus=3e9), 3e9, WLF(C1, C2, Tr), p)
    L = -np.log10(2 * np.pi * tau)
    expected = Tr - C2 * L / (C1 + L)
    tg = model_glass_transition(v, 1.0, (Tr - 20.0, Tr + 60.0))
    assert tg.definition == "E″ peak at 1 Hz"
    assert tg.value == pytest.approx(expected, abs=0.05)


def test_one_tg_per_material():
    """A card that states Tg gives it as its 'card value'; the reference card's model has its α peak
    at 266 °C (tabulated with the construction of the reference model); a Tg must be a positive
    temperature."""
    card = load_material(MATERIALS / "tpi_reference.toml")
    assert resolve_glass_transition(card) == GlassTransition(250.0 + C, "card value")
    assert model_glass_transition(card.viscoelastic).value - C == pytest.approx(266.0, abs=0.5)
    with pytest.raises(ValueError, match="positive"):
        GlassTransition(-3.0, "card value")
