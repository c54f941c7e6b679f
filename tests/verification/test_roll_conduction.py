"""1-D conduction of thermobond.roll.conduction against exact solutions of transient conduction.

References (classical solutions, Carslaw & Jaeger 1959, Conduction of Heat in Solids, 2nd ed.): the
Fourier series of a slab with both faces stepped, θ_c = (4/π) Σ (−1)ⁿ/(2n+1) exp(−(2n+1)²π² Fo); the
two-layer slab by its eigenfunction expansion with the eigen-equation tan(λβ₁)tan(λβ₂) = e₁/e₂
(β_i = L_i/√α_i, e_i = √(kρc)_i); two semi-infinite bodies put in contact (contact temperature the
effusivity-weighted mean, erf profiles); a semi-infinite body heated through a surface conductance,
θ_s = 1 − exp(β²) erfc(β), β = h√(αt)/k.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.special import erf, erfcx
from thermobond.materials import ThermalProperties
from thermobond.roll.conduction import Body, Exchange, Joint, Slab, Stepping, conduct

KAPTON = ThermalProperties(0.12, 1420.0, 1090.0)  # DuPont Kapton HN data sheet
COPPER = ThermalProperties(401.0, 8930.0, 390.0)  # annealed copper (CST material library)
STEEL = ThermalProperties(16.2, 8000.0, 500.0)  # SUS304 handbook values

V4A_FO = np.array([0.02, 0.05, 0.1, 0.2, 0.5])
V4A_THETA = np.array([0.975161, 0.772312, 0.474487, 0.176867, 0.009157])


def _windows(times, steps_per_second):
    """Breakpoints at the sample times, so that the history holds them exactly."""
    edges = [0.0, *times]
    return [(a, b, math.ceil((b - a) * steps_per_second)) for a, b in itertools.pairwise(edges)]


def _at(history, times):
    return np.array([int(np.argmin(np.abs(history.times - t))) for t in times])


def test_slab_with_both_faces_stepped_fourier_series():
    """θ at the centre of a Kapton slab at Fo = 0.02 … 0.5 within 1 % (the classical series)."""
    L = 25e-6
    tref = L**2 / KAPTON.diffusivity
    body = Body("slab", (Slab("lower", L / 2, KAPTON, 20), Slab("upper", L / 2, KAPTON, 20)), 0.0)
    faces = [Exchange("slab", f, 0.0, 1.0, math.inf, 1.0) for f in ("bottom", "top")]
    times = V4A_FO * tref
    h = conduct([body], faces, [], 0.0, times[-1], stepping=Stepping(1.0, 1.0, 1), windows=_windows(times, 8e5))
    theta = 1.0 - h.boundaries["slab"][_at(h, times), 1]
    assert np.max(np.abs(theta / V4A_THETA - 1)) < 0.01, theta


def _two_layer_series(times, xs, L1=25e-6, L2=12e-6, modes=60):
    """θ(x, t) of layer 1 (0…L1, face x = 0 held) on layer 2 (insulated back), by eigenfunctions."""
    a1, a2 = KAPTON.diffusivity, COPPER.diffusivity
    b1, b2 = L1 / math.sqrt(a1), L2 / math.sqrt(a2)
    e1, e2 = KAPTON.effusivity, COPPER.effusivity
    rc1, rc2 = KAPTON.density * KAPTON.specific_heat, COPPER.density * COPPER.specific_heat

    def g(lam):  # e2 sin sin − e1 cos cos = 0  ⇔  tan(λβ1) tan(λβ2) = e1/e2, without poles
        return e2 * np.sin(lam * b1) * np.sin(lam * b2) - e1 * np.cos(lam * b1) * np.cos(lam * b2)

    grid = np.linspace(1e-6, 60.0 * modes / b1, 200_000 * modes // 10)
    vals = g(grid)
    roots = [brentq(g, grid[i], grid[i + 1], xtol=1e-14) for i in np.flatnonzero(np.diff(np.sign(vals)) != 0)][:modes]
    theta = np.zeros((len(times), len(xs)))
    for lam in roots:
        s1, A = lam / math.sqrt(a1), math.sin(lam * b1) / math.cos(lam * b2)
        s2 = lam / math.sqrt(a2)
        # ∫ρcX and ∫ρcX² in closed form; X = sin(s1 x) in layer 1, A cos(s2 (L − x)) in layer 2
        num = rc1 * (1 - math.cos(s1 * L1)) / s1 + rc2 * A * math.sin(s2 * L2) / s2
        den = rc1 * (L1 / 2 - math.sin(2 * s1 * L1) / (4 * s1)) + rc2 * A**2 * (
            L2 / 2 + math.sin(2 * s2 * L2) / (4 * s2)
        )
        X = np.array([math.sin(s1 * x) if x <= L1 else A * math.cos(s2 * (L1 + L2 - x)) for x in xs])
        theta += (num / den) * np.outer(np.exp(-(lam**2) * np.asarray(times)), X)
    return theta


def test_two_layer_series_reproduces_the_tabulated_reference():
    """The test's own series against the tabulated numbers (Kapton 25 µm / Cu 12 µm)."""
    theta = _two_layer_series([0.5e-3, 2e-3, 10e-3, 20e-3], [25e-6, 37e-6, 12.5e-6])
    table = np.array(
        [
            [0.99920, 0.99920, 0.84430],
            [0.92760, 0.92764, 0.54234],
            [0.46745, 0.46748, 0.25576],
            [0.19635, 0.19636, 0.10743],
        ]
    )
    assert np.max(np.abs(theta - table)) < 1e-5


def _bilayer(n, dt, times):
    """θ at the PI/Cu interface: Kapton face held at 1 (h = ∞), Cu back face insulated."""
    body = Body("w", (Slab("pi", 25e-6, KAPTON, n), Slab("cu", 12e-6, COPPER, max(1, n // 2))), 0.0)
    held = [Exchange("w", "bottom", 0.0, 1.0, math.inf, 1.0)]
    h = conduct([body], held, [], 0.0, times[-1], stepping=Stepping(dt, 1.0, 1), windows=_windows(times, 1.0 / dt))
    return 1.0 - h.boundaries["w"][_at(h, times), 1]


TIMES = [2e-3, 5e-3, 10e-3]


def test_two_layer_interface_within_one_percent():
    theta = _bilayer(32, 2e-6, TIMES)
    assert np.max(np.abs(theta / _two_layer_series(TIMES, [25e-6])[:, 0] - 1)) < 0.01


def test_two_layer_interface_converges_second_order_in_space():
    """Refining y with Δt ∝ Δy² (so both errors are O(Δy²)): observed order 2 ± 0.15."""
    exact = _two_layer_series(TIMES, [25e-6])[:, 0]
    ns = np.array([4, 8, 16, 32])
    dy = 25e-6 / ns
    errors = [
        np.max(np.abs(_bilayer(n, 0.5 * d * d / KAPTON.diffusivity, TIMES) - exact))
        for n, d in zip(ns, dy, strict=True)
    ]
    order = np.polyfit(np.log(dy), np.log(errors), 1)[0]
    assert abs(order - 2.0) < 0.15, (errors, order)


def test_two_layer_interface_converges_first_order_in_time():
    """Backward Euler on a fine mesh: observed order 1 ± 0.1 in Δt."""
    exact = _two_layer_series(TIMES, [25e-6])[:, 0]
    steps = np.array([2e-4, 1e-4, 5e-5, 2.5e-5])
    errors = [np.max(np.abs(_bilayer(64, dt, TIMES) - exact)) for dt in steps]
    order = np.polyfit(np.log(steps), np.log(errors), 1)[0]
    assert abs(order - 1.0) < 0.1, (errors, order)


def test_two_semi_infinite_bodies_in_contact():
    """PI at 300 K touches steel at 650 K: the contact temperature is (e₁T₁ + e₂T₂)/(e₁ + e₂) at all
    t > 0, and each body follows T_c + (T_i − T_c) erf(d/(2√(α_i t))) at depth d, within 1 %."""
    t_end = 2e-3
    depth = {name: 10 * math.sqrt(p.diffusivity * t_end) for name, p in (("pi", KAPTON), ("steel", STEEL))}
    grading = 1.03  # elements grow away from the contact (the PI's top, the steel's bottom)
    bodies = [
        Body("pi", (Slab("pi", depth["pi"], KAPTON, 200, 1 / grading),), 300.0),
        Body("steel", (Slab("steel", depth["steel"], STEEL, 200, grading),), 650.0),
    ]
    times = [t_end / 4, t_end]
    h = conduct(
        bodies,
        [],
        [Joint("pi", 0.0, 1.0, math.inf)],
        0.0,
        t_end,
        stepping=Stepping(1e-9, 1.05, 1),
        windows=_windows(times, 2e6),
    )
    e1, e2 = KAPTON.effusivity, STEEL.effusivity
    Tc = (e1 * 300.0 + e2 * 650.0) / (e1 + e2)
    span = 650.0 - 300.0
    idx = _at(h, times)
    assert np.max(np.abs(h.boundaries["pi"][idx, 1] - Tc)) < 0.01 * span
    assert np.max(np.abs(h.boundaries["steel"][idx, 0] - Tc)) < 0.01 * span
    # profile at t_end in the PI, measured from the contact face (its top)
    y, T = h.profiles["pi"]
    d = y[-1] - y
    exact = Tc + (300.0 - Tc) * erf(d / (2 * math.sqrt(KAPTON.diffusivity * t_end)))
    assert np.max(np.abs(T - exact)) < 0.01 * span


def test_semi_infinite_body_heated_through_a_conductance():
    """θ_s = 1 − exp(β²) erfc(β), β = h√(αt)/k, within 1 % (Kapton, h = 5·10⁴ W/(m² K))."""
    hc, t_end = 5e4, 5e-3
    depth = 10 * math.sqrt(KAPTON.diffusivity * t_end)
    body = Body("pi", (Slab("pi", depth, KAPTON, 300, 0.99),), 0.0)
    times = [2e-4, 1e-3, t_end]
    h = conduct(
        [body],
        [Exchange("pi", "top", 0.0, 1.0, hc, 1.0)],
        [],
        0.0,
        t_end,
        stepping=Stepping(1e-8, 1.05, 1),
        windows=_windows(times, 4e6),
    )
    beta = hc * np.sqrt(KAPTON.diffusivity * np.array(times)) / KAPTON.conductivity
    exact = 1 - erfcx(beta)
    assert np.max(np.abs(h.boundaries["pi"][_at(h, times), 1] / exact - 1)) < 0.01


def test_energy_is_conserved_between_adiabatic_plies():
    """Hot Cu meets cold PI with no exchange outside: Σ ∫ρcT dy is constant and the end state is the
    capacity-weighted mean temperature."""
    bodies = [
        Body("cu", (Slab("cu", 12e-6, COPPER, 6),), 650.0),
        Body("pi", (Slab("tpi", 5e-6, KAPTON, 5), Slab("pi", 25e-6, KAPTON, 10)), 300.0),
    ]
    h = conduct(bodies, [], [Joint("cu", 0.0, 1.0, 2e5)], 0.0, 0.2)

    def heat(name, T):
        y, _ = h.profiles[name]
        rc = {"cu": COPPER.density * COPPER.specific_heat, "pi": KAPTON.density * KAPTON.specific_heat}[name]
        return rc * np.trapezoid(T, y)

    initial = heat("cu", np.full(h.profiles["cu"][0].size, 650.0)) + heat(
        "pi", np.full(h.profiles["pi"][0].size, 300.0)
    )
    final = heat("cu", h.profiles["cu"][1]) + heat("pi", h.profiles["pi"][1])
    assert final == pytest.approx(initial, rel=1e-9)  # round-off over ~500 solves
    c_cu, c_pi = COPPER.density * COPPER.specific_heat * 12e-6, KAPTON.density * KAPTON.specific_heat * 30e-6
    mean = (c_cu * 650.0 + c_pi * 300.0) / (c_cu + c_pi)
    assert np.allclose(h.profiles["pi"][1], mean, atol=1e-6)


def test_temperatures_stay_within_their_bounds():
    """Discrete maximum principle: a sudden contact never overshoots, even with steps ≫ Δy²/α."""
    bodies = [
        Body("cu", (Slab("cu", 12e-6, COPPER, 4),), 300.0),
        Body("pi", (Slab("pi", 25e-6, KAPTON, 40),), 300.0),
    ]
    held = [Exchange("cu", "bottom", 0.0, 1.0, math.inf, 650.0), Exchange("pi", "top", 0.0, 1.0, 1e3, 650.0)]
    h = conduct(bodies, held, [Joint("cu", 0.0, 1.0, math.inf)], 0.0, 1e-2, stepping=Stepping(1e-3, 1.0, 1))
    for T in h.boundaries.values():
        assert T.min() >= 300.0 - 1e-9 and T.max() <= 650.0 + 1e-9
