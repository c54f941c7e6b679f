"""Nip mechanics of thermobond.roll against closed-form contact solutions.

References: Hertz line contact of two cylinders (Johnson 1985, Contact Mechanics, ch. 4); the
half-space strip load (Johnson 1985, ch. 2); the thin-layer limits of a layer bonded to a rigid base —
compressible (Winkler foundation, compliance h/M) and incompressible (p = p₀(1 − x²/a²)²,
a = (15 w R h³/(2G))^{1/5} for a frictionless face) (Johnson 1985, §5.9; lubrication-type derivation).
The formulas are written out here, independently of the library's closed forms.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from thermobond.materials import ThermalProperties
from thermobond.roll import (
    BondedLayer,
    ElastomerCovering,
    HalfSpace,
    Roll,
    SteelSurface,
    ThinFoundation,
    hertz_line_contact,
    incompressible_layer_contact,
    nip_contact,
    solve_line_contact,
    winkler_contact,
)
from thermobond.roll.compliance import layer_compliance_factor

STEEL_THERMAL = ThermalProperties(45.0, 7850.0, 470.0)  # carbon steel, an estimate
RUBBER_THERMAL = ThermalProperties(0.25, 1200.0, 1400.0)  # silicone rubber, an estimate


def _hertz(w, R, Estar):
    """Johnson (1985) ch. 4: b = √(4wR*/(πE*)), p0 = 2w/(πb)."""
    b = math.sqrt(4 * w * R / (math.pi * Estar))
    return b, 2 * w / (math.pi * b)


def test_hertz_numerical_line_contact_matches_closed_form():
    """Two unlike steel rolls, solved by boundary elements: a and p0 within 1 % of Hertz."""
    E1, nu1, R1 = 210e9, 0.30, 0.15
    E2, nu2, R2 = 193e9, 0.29, 0.10  # SUS304 handbook values
    w = 2.0e4  # 200 N/cm
    R = 1 / (1 / R1 + 1 / R2)
    Estar = 1 / ((1 - nu1**2) / E1 + (1 - nu2**2) / E2)
    b, p0 = _hertz(w, R, Estar)
    numerical = solve_line_contact(
        [HalfSpace(E1 / (1 - nu1**2)), HalfSpace(E2 / (1 - nu2**2))], R, w, initial_half_width=0.3 * b
    )
    assert abs(numerical.half_width / b - 1) < 0.01
    assert abs(numerical.peak_pressure / p0 - 1) < 0.01
    # the elliptical distribution: p at x = a/2 is p0 √(3/4)
    assert abs(numerical.pressure(0.5 * b) / (p0 * math.sqrt(0.75)) - 1) < 0.01
    # load balance of the computed distribution
    assert abs(np.trapezoid(numerical.pressures, numerical.positions) / w - 1) < 0.01


def test_nip_contact_of_bare_rolls_is_hertz():
    steel = SteelSurface(210e9, 0.3, STEEL_THERMAL)
    bottom, top = Roll(0.3, 653.15, steel, 1e4), Roll(0.2, 653.15, steel, 1e4)
    w = 1.5e4
    nip = nip_contact(bottom, top, w)
    b, p0 = _hertz(w, 1 / (1 / 0.15 + 1 / 0.1), 210e9 / (2 * (1 - 0.09)))
    assert nip.method == "hertz"
    assert nip.half_width == pytest.approx(b, rel=1e-12, abs=0)
    assert nip.peak_pressure == pytest.approx(p0, rel=1e-12)
    assert np.trapezoid(nip.pressures, nip.positions) == pytest.approx(w, rel=1e-3)
    assert nip.dwell(0.025) == pytest.approx(2 * b / 0.025, rel=1e-12, abs=0)
    # p(t) through the nip is p(x = −a + v t): symmetric, peak at the middle
    v = 0.025
    t = np.linspace(0, nip.dwell(v), 11)
    p = nip.pressure_at_time(t, v)
    assert p[5] == pytest.approx(p0, rel=1e-6) and p[0] == p[-1] == 0.0
    assert np.allclose(p, p[::-1], rtol=1e-9, atol=1e-6 * p0)


def test_half_space_panel_kernel_matches_its_fourier_integral():
    """ũ(x) = (1/π)∫ C(k)(2 sin kc/k)(cos kx − 1) dk with C = 2/(E′k), by quadrature."""
    Ep, spacing = 1e9, 1e-3
    closed = HalfSpace(Ep).kernel(6, spacing)
    c = spacing / 2
    # |integrand| < 8/(πE′k²): the tail beyond k_max is < 8/(πE′k_max) ≈ 1e-14 m/Pa, < 1e-3 of ũ
    k = np.linspace(1e-9, 2e5, 2_000_001)
    for m in range(1, 6):
        f = (2 / (Ep * k)) * 2 * np.sin(k * c) / k * (np.cos(k * m * spacing) - 1) / math.pi
        assert np.trapezoid(f, k) == pytest.approx(closed[m], rel=2e-3, abs=0)


def test_layer_compliance_limits():
    """F = C_layer/C_half-space: 1 for kh ≫ 1; h/M (Winkler) and k²h³/(3G) (incompressible) for kh ≪ 1."""
    assert layer_compliance_factor(np.array([30.0]), 0.3)[0] == pytest.approx(1.0, abs=1e-12)
    s = 1e-3
    for nu in (0.0, 0.3, 0.45):
        E, h = 1.0, 1.0
        k = s / h
        C = 2 * (1 - nu**2) / (E * k) * layer_compliance_factor(np.array([s]), nu)[0]
        M = E * (1 - nu) / ((1 + nu) * (1 - 2 * nu))
        assert C == pytest.approx(h / M, rel=1e-3)
    G = 1.0 / 3.0  # E = 1, ν = 1/2
    k = 1e-2
    C = 2 * 0.75 / k * layer_compliance_factor(np.array([k]), 0.5)[0]
    assert C == pytest.approx(k**2 / (3 * G), rel=1e-3)


def test_thick_bonded_layer_kernel_is_the_half_space():
    layer = BondedLayer(thickness=1.0, youngs_modulus=5e6, poissons_ratio=0.45)
    n, spacing = 200, 1e-4  # the panels span 2 cm ≪ h
    k_layer = layer.kernel(n, spacing)
    k_hs = HalfSpace(layer.plane_strain_modulus).kernel(n, spacing)
    assert np.max(np.abs(k_layer - k_hs)) < 1e-3 * np.max(np.abs(k_hs))


def _incompressible_case(ratio, panels=800):
    """Layer h = 0.5 mm, E = 3 MPa, ν = 0.5, rigid cylinder R = 0.2 m, load set for a/h = ratio."""
    R, h, E = 0.2, 0.5e-3, 3e6
    G = E / 3
    a = ratio * h
    w = 2 * G * a**5 / (15 * R * h**3)  # the thin-layer width law, frictionless face
    p0 = G * a**4 / (8 * R * h**3)
    nip = solve_line_contact([BondedLayer(h, E, 0.5)], R, w, initial_half_width=a, panels=panels)
    return nip, a, p0


def test_covered_roll_reaches_thin_incompressible_limit():
    """a/h = 80: a and p0 within 3 % of the thin-layer limit; the profile is (1 − x²/a²)²."""
    nip, a, p0 = _incompressible_case(80)
    assert abs(nip.half_width / a - 1) < 0.03
    assert abs(nip.peak_pressure / p0 - 1) < 0.03
    x = np.linspace(-0.7, 0.7, 15) * nip.half_width
    shape = nip.peak_pressure * (1 - (x / nip.half_width) ** 2) ** 2
    assert np.max(np.abs(nip.pressure(x) - shape)) < 0.03 * nip.peak_pressure


def test_covered_roll_departs_from_thin_limit_as_h_over_a():
    """The thin-layer limit is the leading term: the half-width error falls like h/a (slope 1)."""
    ratios = np.array([10.0, 20.0, 40.0])
    errors = [abs(_incompressible_case(r)[0].half_width / (r * 0.5e-3) - 1) for r in ratios]
    slope = np.polyfit(np.log(1 / ratios), np.log(errors), 1)[0]
    assert 0.85 < slope < 1.15, (errors, slope)


def test_compressible_thin_layer_is_a_winkler_foundation():
    """ν = 0.3, a/h = 40: half-width and peak within 1 % of a = (3wRh/(2M))^{1/3}, p0 = Ma²/(2Rh)."""
    R, h, E, nu = 0.2, 0.5e-3, 3e6, 0.3
    M = E * (1 - nu) / ((1 + nu) * (1 - 2 * nu))
    a = 40 * h
    w = 2 * M * a**3 / (3 * h * R)
    nip = solve_line_contact([BondedLayer(h, E, nu)], R, w, initial_half_width=a)
    assert abs(nip.half_width / a - 1) < 0.01
    assert abs(nip.peak_pressure / (M * a**2 / (2 * R * h)) - 1) < 0.01


def test_closed_forms_carry_their_load():
    """∫ p dx = w for each closed-form distribution (conservation of the line load)."""
    for nip in (
        hertz_line_contact(2e4, 0.075, 1.15e11),
        winkler_contact(2e4, 0.075, 1.3e-14),
        incompressible_layer_contact(2e4, 0.075, 5e-3, 1e6),
        incompressible_layer_contact(2e4, 0.075, 5e-3, 1e6, surface="adhered"),
    ):
        assert np.trapezoid(nip.pressures, nip.positions) == pytest.approx(2e4, rel=2e-3), nip.method


def test_adhered_incompressible_layer_is_four_times_stiffer():
    """Adhering the face multiplies the thin layer's stiffness by 4: a shrinks by 4^{1/5}."""
    free = incompressible_layer_contact(2e4, 0.1, 5e-3, 1e6, surface="frictionless")
    stuck = incompressible_layer_contact(2e4, 0.1, 5e-3, 1e6, surface="adhered")
    assert free.half_width / stuck.half_width == pytest.approx(4**0.2, rel=1e-12)


def test_covered_roll_nip_and_web_compliance_widen_the_nip():
    steel = SteelSurface(210e9, 0.3, STEEL_THERMAL)
    covering = ElastomerCovering(10e-3, 8e6, 0.49, RUBBER_THERMAL, steel)
    bare = nip_contact(Roll(0.3, 500.0, steel, 1e4), Roll(0.3, 500.0, steel, 1e4), 1e4)
    covered = nip_contact(Roll(0.3, 500.0, covering, 1e4), Roll(0.3, 500.0, steel, 1e4), 1e4)
    with_web = nip_contact(
        Roll(0.3, 500.0, steel, 1e4),
        Roll(0.3, 500.0, steel, 1e4),
        1e4,
        web=ThinFoundation.confined([(25e-6, 2.5e9, 0.34)]),
    )
    assert covered.method == with_web.method == "numerical"
    assert covered.width > 10 * bare.width  # a rubber nip is millimetres wide
    assert with_web.width > bare.width
    # a layer on a rigid core is stiffer than a half-space of the same rubber
    rubber = hertz_line_contact(1e4, 0.075, 1 / ((1 - 0.49**2) / 8e6 + (1 - 0.09) / 210e9))
    assert covered.half_width < rubber.half_width
