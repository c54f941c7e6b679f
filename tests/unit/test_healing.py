"""Bond development on the TPI's clock: healing (Wool & O'Connor 1981) and bond-formation kinetics."""

from __future__ import annotations

import math

import numpy as np
import pytest
from thermobond.bond.healing import BondKinetics, bond_degree, healing_degree, reptation_time
from thermobond.materials import load_material
from thermobond.materials.shift import GAS_CONSTANT

from ..conftest import MATERIALS


@pytest.fixture(scope="module")
def tpi():
    visco = load_material(MATERIALS / "tpi_reference.toml").viscoelastic
    assert visco is not None
    return visco


def test_isothermal_healing_is_the_quarter_power(tpi):
    Tref = tpi.shift.reference_temperature
    tr = reptation_time(tpi)
    for T in (Tref, Tref + 15.0):
        tr_T = tr * 10 ** float(tpi.shift.log10_aT(T))
        for frac in (1e-4, 0.01, 0.3, 1.0):
            t = frac * tr_T
            assert healing_degree([0.0, t], [T, T], tpi) == pytest.approx(frac**0.25, rel=1e-10)
        assert healing_degree([0.0, 5 * tr_T], [T, T], tpi) == 1.0  # fully healed after t_r


def test_healing_counts_from_contact(tpi):
    T = tpi.shift.reference_temperature + 10.0
    tr_T = reptation_time(tpi) * 10 ** float(tpi.shift.log10_aT(T))
    d = healing_degree([0.0, 0.5 * tr_T], [T, T], tpi, start=0.4 * tr_T)
    assert d == pytest.approx(0.1**0.25, rel=1e-10)


def test_healing_is_order_independent(tpi):
    """Piecewise-constant histories with equal ∫dt/t_r give equal D_h, in any order."""
    Tref = tpi.shift.reference_temperature
    tr = reptation_time(tpi)
    T1, T2 = Tref + 5.0, Tref + 20.0
    a1, a2 = (10 ** float(tpi.shift.log10_aT(T)) for T in (T1, T2))
    d1, d2 = 0.02 * tr * a1, 0.05 * tr * a2  # durations: clock increments 0.02 and 0.05
    eps = 1e-9 * (d1 + d2)  # near-instant change between the plateaus

    def hist(first: tuple[float, float], second: tuple[float, float]) -> tuple[list[float], list[float]]:
        (Ta, da), (Tb, db) = first, second
        return [0.0, da, da + eps, da + eps + db], [Ta, Ta, Tb, Tb]

    up = healing_degree(*hist((T1, d1), (T2, d2)), tpi)
    down = healing_degree(*hist((T2, d2), (T1, d1)), tpi)
    assert up == pytest.approx(down, rel=1e-6)
    assert up == pytest.approx(0.07**0.25, rel=1e-5)


def test_arrhenius_bond_degree_isothermal_and_ramp():
    kin = BondKinetics("arrhenius", prefactor=2.9e8, activation_energy=120e3)
    T = 573.15
    k = 2.9e8 * math.exp(-120e3 / (GAS_CONSTANT * T))
    for t in (10.0, 300.0, 3000.0):
        assert bond_degree([0.0, t], [T, T], kin, None) == pytest.approx(-math.expm1(-k * t), rel=1e-12)
    # linear ramp: ∫ k dt against a fine trapezoid rule
    ts = np.linspace(0.0, 1800.0, 200001)
    Ts = 298.15 + (633.15 - 298.15) * ts / 1800.0
    ref = np.trapezoid(2.9e8 * np.exp(-120e3 / (GAS_CONSTANT * Ts)), ts)
    assert bond_degree([0.0, 1800.0], [298.15, 633.15], kin, None) == pytest.approx(-math.expm1(-ref), rel=1e-6)


def test_shift_clock_bond_degree(tpi):
    kin = BondKinetics("shift_clock", time=60.0)
    T = tpi.shift.reference_temperature + 3.0
    aT = 10 ** float(tpi.shift.log10_aT(T))
    assert bond_degree([0.0, 100.0], [T, T], kin, tpi.shift) == pytest.approx(-math.expm1(-100.0 / (60.0 * aT)))
    with pytest.raises(ValueError, match="shift law"):
        bond_degree([0.0, 100.0], [T, T], kin, None)
