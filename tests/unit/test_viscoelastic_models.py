"""Prony series, shift laws, reduced time, CTE and the E′ claim (Zener solid, WLF with universal constants)."""

from __future__ import annotations

import numpy as np
import pytest
from thermobond.materials import (
    WLF,
    Arrhenius,
    HybridShift,
    PronySeries,
    SteppedCTE,
    TabulatedShift,
    load_material,
    reduced_time,
)
from thermobond.materials.shift import apparent_activation_energy

from tests.conftest import MATERIALS

# V1: standard linear solid, E1 = 1 MPa ∥ (E2 = 9 MPa, η = 9 MPa·s): τ = 1 s, τ_c = 10 s
SLS = PronySeries([9e6], [1.0], long_term=1e6, form="tensile")


def test_v1_relaxation():
    t = [0, 0.5, 1, 2, 5, 10]
    ref = [1.0000e7, 6.4588e6, 4.3109e6, 2.2180e6, 1.0606e6, 1.0004e6]
    assert SLS.relaxation(t) == pytest.approx(ref, rel=1e-4)


def test_v1_creep():
    t = [0, 0.5, 1, 2, 5, 10]
    ref = [0.010000, 0.014389, 0.018565, 0.026314, 0.045412, 0.066891]
    assert 0.1e6 * SLS.creep_compliance(t) == pytest.approx(ref, rel=1e-4)
    ret = SLS.retardation()
    assert ret.times == pytest.approx([10.0])  # τ_c = η(E1+E2)/(E1E2)


def test_v1_dynamic():
    f = np.array([0.01, 0.1, 1 / (2 * np.pi), 1, 10])
    w = 2 * np.pi * f
    assert SLS.storage(w) == pytest.approx([1.0354e6, 3.5474e6, 5.5000e6, 9.7777e6, 9.9977e6], rel=1e-4)
    assert SLS.tan_delta(w) == pytest.approx([0.544, 1.143, 0.818, 0.143, 0.0143], rel=2e-3)


def test_melt_creep_compliance_satisfies_convolution():
    """For a liquid (M∞ = 0), a unit creep stress: G(t)J(0) + ∫₀ᵗ G(t−s) J′(s) ds = 1 (Boltzmann,
    by quadrature), and J ends in steady flow t/η0."""
    p = PronySeries([1e6, 2e6, 5e5], [0.1, 1.0, 10.0])
    ret = p.retardation()
    assert ret.fluidity == pytest.approx(1 / p.viscosity(), rel=1e-9, abs=0)
    assert ret(0.0) == pytest.approx(1 / p.instantaneous, rel=1e-9, abs=0)
    t = 7.0
    s = np.linspace(0, t, 200001)
    dJ = np.gradient(ret(s), s)
    lhs = p.relaxation(t) * ret(0.0) + np.trapezoid(p.relaxation(t - s) * dJ, s)
    assert lhs == pytest.approx(1.0, rel=1e-4)


def test_tensile_to_shear_with_bulk_modulus():
    """G* = 3K E*/(9K − E*) for the reference TPI (K = 3 GPa), exact to round-off over 20 decades."""
    tpi = load_material(MATERIALS / "tpi_reference.toml").viscoelastic
    E, G, K = tpi.given, tpi.shear, tpi.bulk_modulus
    w = np.logspace(-12, 8, 200)
    Es = E.complex_modulus(w)
    Gs = 3 * K * Es / (9 * K - Es)
    assert np.abs(G.storage(w) / Gs.real - 1).max() < 1e-8
    assert np.abs(G.loss(w) / Gs.imag - 1).max() < 1e-8
    assert G.n_terms == E.n_terms
    assert G.instantaneous == pytest.approx(3 * K * E.instantaneous / (9 * K - E.instantaneous), rel=1e-12)
    # melt: the long-time viscosity η0 = ΣE_iτ_i/3
    assert G.viscosity() == pytest.approx(E.viscosity() / 3, rel=1e-8)


def _printed(text: str) -> tuple[float, float]:
    """A number as printed in a reference table and half a unit of its last printed digit."""
    mant, _, exp = text.lower().partition("e")
    decimals = len(mant.split(".")[1]) if "." in mant else 0
    return float(text), 0.5 * 10.0 ** (-decimals + (int(exp) if exp else 0))


def test_reference_tpi_dma_table():
    """E′(1 Hz), tan δ and η0 of the reference TPI, to the printed digits of its derivation table."""
    tpi = load_material(MATERIALS / "tpi_reference.toml").viscoelastic
    rows = [
        ("250", "2.58e9", "0.098", "5.7e15"),
        ("260", "3.59e8", "1.32", "8.4e12"),
        ("270", "3.15e6", "2.63", "7.6e10"),
        ("280", "3.00e6", "0.080", "2.2e9"),
        ("300", "3.00e6", "0.011", "1.5e7"),
        ("320", "2.74e6", "0.31", "5.2e5"),
        ("330", "1.33e6", "1.12", "1.4e5"),
        ("340", "2.38e5", "3.4", "4.7e4"),
        ("360", "6.9e3", "21", "7.6e3"),
        ("400", "43", "265", "600"),
    ]
    for Tc, E1, td, eta in rows:
        aT = 10 ** tpi.shift.log10_aT(np.float64(float(Tc) + 273.15))
        for got, printed in (
            (tpi.given.storage(2 * np.pi, aT), E1),
            (tpi.given.tan_delta(2 * np.pi, aT), td),
            (tpi.given.shear_viscosity(aT), eta),
        ):
            ref, tol = _printed(printed)
            assert abs(got - ref) <= tol * 1.0001, (Tc, printed, got)


UNIVERSAL = WLF(17.44, 51.6, 523.15)


def test_v9_wlf_table():
    T = np.array([260, 280, 300, 350, 400]) + 273.15
    assert UNIVERSAL.log10_aT(T) == pytest.approx([-2.8312, -6.4118, -8.5827, -11.5040, -12.9762], abs=1e-4)
    assert apparent_activation_energy(UNIVERSAL, 523.15) == pytest.approx(1771e3, rel=1e-3)
    for dT, Ea in ((30, 792e3), (50, 548e3), (100, 291e3)):  # E_a,app = 2.303 R C1 C2 T²/(C2 + T − T_ref)²
        assert apparent_activation_energy(UNIVERSAL, 523.15 + dT) == pytest.approx(Ea, rel=2e-3)


def test_wlf_never_reaches_its_pole():
    T = np.linspace(0.0, 2000.0, 20001)  # includes T_ref − C2
    v = UNIVERSAL.log10_aT(T)
    assert np.all(np.isfinite(v))
    assert v.max() == pytest.approx(17.44)  # clamped at T_ref − C2/2: log a_T = C1
    lo, _ = UNIVERSAL.valid_range
    assert lo > 523.15 - 51.6
    with pytest.raises(ValueError, match="pole"):
        WLF(17.44, 51.6, 523.15, lower_limit=523.15 - 51.6)


def test_hybrid_is_continuous_and_arrhenius_below():
    h = HybridShift(UNIVERSAL, 300e3)
    Ts = h.T_switch
    left, right = h.log10_aT(np.float64(Ts - 1e-9)), h.log10_aT(np.float64(Ts + 1e-9))
    assert left == pytest.approx(right, abs=1e-6)
    arr = Arrhenius(300e3, Ts)
    T = np.linspace(400, Ts - 1, 50)
    assert h.log10_aT(T) == pytest.approx(arr.log10_aT(T), abs=1e-12)
    h2 = HybridShift(UNIVERSAL, 300e3, switch_temperature=Ts + 20)  # switch above T_ref: still continuous
    assert h2.log10_aT(np.float64(Ts + 20 - 1e-9)) == pytest.approx(h2.log10_aT(np.float64(Ts + 20 + 1e-9)), abs=1e-6)


def test_tabulated_shift_clamps():
    tab = TabulatedShift((500.0, 520.0, 560.0), (2.0, 0.0, -6.0), 520.0)
    assert tab.log10_aT(np.array([400.0, 510.0, 540.0, 900.0])) == pytest.approx([2.0, 1.0, -3.0, -6.0])


def test_reduced_time():
    # isothermal: ξ = t / a_T
    t = np.linspace(0, 100, 11)
    T = np.full_like(t, 553.15)
    aT = 10 ** UNIVERSAL.log10_aT(np.float64(553.15))
    assert reduced_time(t, T, UNIVERSAL)[-1] == pytest.approx(100 / aT, rel=1e-12)
    # a ramp through Tg in one interval: Gauss–Legendre vs a fine trapezoid
    t2, T2 = np.array([0.0, 60.0]), np.array([513.15, 573.15])
    fine_t = np.linspace(0, 60, 600001)
    fine = np.trapezoid(10 ** -UNIVERSAL.log10_aT(np.interp(fine_t, t2, T2)), fine_t)
    assert reduced_time(t2, T2, UNIVERSAL, points=16)[-1] == pytest.approx(fine, rel=1e-6)


def test_stepped_cte_strain():
    cte = SteppedCTE((30e-6, 200e-6), (523.15,))
    assert cte.strain(np.float64(473.15), 298.15) == pytest.approx(30e-6 * 175)
    assert cte.strain(np.float64(573.15), 298.15) == pytest.approx(30e-6 * 225 + 200e-6 * 50)
    assert cte.strain(np.float64(298.15), 573.15) == pytest.approx(-(30e-6 * 225 + 200e-6 * 50))
    assert cte.alpha(np.array([500.0, 530.0])) == pytest.approx([30e-6, 200e-6])


def test_claim_on_reference_tpi():
    """The reference TPI (synthetic, built from Aurum PL450C [R10] and universal WLF constants [R32]):
    E′(1 Hz) first below 1e6 Pa at 332 °C; α tan δ peak at 266 °C."""
    from thermobond.materials.claims import claim_minimum_storage_modulus
    from thermobond.materials.transition import model_glass_transition

    tpi = load_material(MATERIALS / "tpi_reference.toml")
    tg = tpi.glass_transition
    c = claim_minimum_storage_modulus(tpi.viscoelastic, tg, window_end=(tg.value + 150.0, "Tg + 150 K"))
    assert c.verdict is True
    assert c.crossing_temperature - 273.15 == pytest.approx(332.0, abs=0.5) and not c.crossing_extrapolated
    assert c.minimum_temperature == pytest.approx(523.15 + 150)
    assert c.margin_decades == pytest.approx(np.log10(1e6 / c.minimum))
    peak = model_glass_transition(tpi.viscoelastic)
    assert peak.celsius == pytest.approx(266.0, abs=0.5) and "tan δ" in peak.definition
