"""A slice of web through a roll line (thermobond.roll.nip_history), end to end.

References: the slab Fourier series (Carslaw & Jaeger 1959) for a slab suddenly pressed between two
isothermal rolls; the contact temperature of two semi-infinite bodies (effusivity-weighted mean) for a
thick web on a resolved steel roll; the lumped (Biot ≪ 1) foil on a drum, T = T_d + (T₀ − T_d) e^{−ht/ρcL},
under a constant flux, T = T₀ + q t/ρcL, and under grey radiation, t(T) = ρcL/(4εσT_e³) [ln((T_e + T)/(T_e − T))
+ 2 arctan(T/T_e)] from T₀; the conservation of the line load, ∫p dt = w/v; and observed convergence
orders (2 in space, 1 in time) of the interface temperature in the nip on refined meshes.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from thermobond.materials import ThermalProperties
from thermobond.roll import (
    AirCooling,
    ChillRoll,
    Discretisation,
    HeatedDrum,
    InfraredHeater,
    Line,
    Ply,
    Roll,
    SteelSurface,
    WebLayer,
    nip_contact,
    nip_history,
    roll_line_study,
)
from thermobond.roll.conduction import Stepping

KAPTON = ThermalProperties(0.12, 1420.0, 1090.0)  # DuPont Kapton HN data sheet
COPPER = ThermalProperties(401.0, 8930.0, 390.0)  # annealed copper (CST material library)
TPI = ThermalProperties(0.22, 1270.0, 1300.0)  # PEI (Ultem) as a TPI analogue: k, ρ; c an estimate
STEEL = ThermalProperties(16.2, 8000.0, 500.0)  # SUS304 handbook values
SIGMA = 5.670374419e-8
C0 = 273.15

ROLL = SteelSurface(193e9, 0.29, STEEL)
FOIL = Ply("foil", (WebLayer("cu", 12e-6, COPPER),))
FILM = Ply("film", (WebLayer("tpi", 5e-6, TPI), WebLayer("pi", 25e-6, KAPTON)))


def _rolls(temperature=380 + C0, conductance=5e4):
    return Roll(0.3, temperature, ROLL, conductance), Roll(0.3, temperature, ROLL, conductance)


def test_slab_pressed_between_isothermal_rolls_follows_the_fourier_series():
    """A Kapton slab enters the nip at 300 K between rolls at 600 K (perfect contact, roll surfaces
    held): θ at its centre within 1 % of the series at Fo = 0.02 … 0.5."""
    L = 25e-6
    slab = Ply("slab", (WebLayer("lower", L / 2, KAPTON), WebLayer("upper", L / 2, KAPTON)))
    bottom, top = _rolls(600.0, math.inf)
    tref = L**2 / KAPTON.diffusivity
    nip = nip_contact(bottom, top, 2e4)
    speed = nip.width / (0.6 * tref)  # the dwell covers Fo = 0.6
    disc = Discretisation(elements_per_layer=20, resolve_rolls=False, nip_steps=5000)
    h = nip_history([slab], Line(2e4, speed, ambient_temperature=300.0), bottom, top, discretisation=disc)
    Fo = np.array([0.02, 0.05, 0.1, 0.2, 0.5])
    theta = (h.temperature("lower/upper", Fo * tref) - 600.0) / (300.0 - 600.0)
    assert np.max(np.abs(theta / np.array([0.975161, 0.772312, 0.474487, 0.176867, 0.009157]) - 1)) < 0.01


def test_thick_web_on_a_steel_roll_meets_it_at_the_contact_temperature():
    """Both faces of a thick Kapton web touch steel rolls (resolved bodies, perfect contact): the roll
    surfaces and web faces sit at (e_PI T_web + e_steel T_roll)/(e_PI + e_steel), within 1 %."""
    bottom, top = _rolls(650.0, math.inf)
    nip = nip_contact(bottom, top, 2e4)
    speed = 0.05
    thick = 16 * math.sqrt(KAPTON.diffusivity * nip.dwell(speed))  # erfc(4) ~ 1e-8 reaches the middle
    web = Ply("web", (WebLayer("a", thick / 2, KAPTON), WebLayer("b", thick / 2, KAPTON)))
    disc = Discretisation(elements_per_layer=200, roll_elements=200, nip_steps=400)
    h = nip_history([web], Line(2e4, speed, ambient_temperature=300.0), bottom, top, discretisation=disc)
    e1, e2 = KAPTON.effusivity, STEEL.effusivity
    Tc = (e1 * 300.0 + e2 * 650.0) / (e1 + e2)
    late = h.times >= h.nip_start + 0.25 * h.dwell
    assert np.max(np.abs(h.temperature("bottom")[late] - Tc)) < 0.01 * 350.0
    assert np.max(np.abs(h.roll_surfaces[late] - Tc)) < 0.01 * 350.0
    assert np.max(np.abs(h.temperature("a/b")[late] - 300.0)) < 1e-3  # the middle has not felt it


def test_preheat_zones_against_lumped_foil_solutions():
    """A 12 µm Cu foil (Biot ~ 10⁻⁶) on a drum, under a flux, under an emitter, air off."""
    bottom, top = _rolls()
    v = 0.05
    line = Line(2e4, v, ambient_temperature=300.0, air_heat_transfer=0.0)
    rc_L = COPPER.density * COPPER.specific_heat * 12e-6
    disc = Discretisation(elements_per_layer=2, stepping=Stepping(1e-6, 1.05, 8000))

    drum = HeatedDrum(500.0, 0.05, 2e3, "foil", "bottom")
    h = nip_history([FOIL], line, bottom, top, preheat=[drum], discretisation=disc)
    tau = rc_L / 2e3
    t = tau * np.array([0.25, 0.5, 1.0, 2.0, 4.0])
    exact = 500.0 + (300.0 - 500.0) * np.exp(-t / tau)
    assert np.max(np.abs(h.temperature("top", t) - exact)) < 5e-3 * 200.0  # backward Euler, 80 steps per τ

    flux = InfraredHeater(0.05, "foil", heat_flux=2e4, side="both")
    h = nip_history([FOIL], line, bottom, top, preheat=[flux], discretisation=disc)
    t = np.linspace(0, flux.length / v, 7)[1:]
    # uniform to q L/k ~ 1e-4 K (Biot ~ 1e-6); backward Euler is exact for a linear rise
    assert np.allclose(h.temperature("bottom", t), 300.0 + 2 * 2e4 * t / rc_L, rtol=0, atol=1e-3)

    emitter = InfraredHeater(0.05, "foil", emitter_temperature=1000.0, emissivity=0.8, side="top")
    h = nip_history([FOIL], line, bottom, top, preheat=[emitter], discretisation=disc)

    def time_to(T, Te=1000.0, T0=300.0):
        F = lambda x: math.log((Te + x) / (Te - x)) + 2 * math.atan(x / Te)  # noqa: E731
        return rc_L / (4 * 0.8 * SIGMA * Te**3) * (F(T) - F(T0))

    for T in (350.0, 400.0, 450.0):
        assert h.temperature("top", time_to(T)) == pytest.approx(T, abs=0.005 * (T - 300.0))


def test_nip_pressure_history_carries_the_line_load():
    """∫ p dt over the nip = w/v; p peaks at the nip's peak pressure; p = 0 outside."""
    bottom, top = _rolls()
    line = Line(2e4, 0.025)
    h = nip_history([FOIL, FILM], line, bottom, top, cooling=[AirCooling(0.5, 20.0)])
    assert np.trapezoid(h.pressures, h.times) == pytest.approx(line.line_load / line.speed, rel=5e-3)
    assert h.pressures.max() == pytest.approx(h.nip.peak_pressure, rel=1e-3)
    outside = (h.times < h.nip_start) | (h.times > h.nip_end)
    assert np.all(h.pressures[outside] == 0.0)
    assert h.dwell == pytest.approx(h.nip.width / line.speed, rel=1e-12)
    assert h.breakpoints[-1] == ("air cooling ends", pytest.approx(h.nip_end + 0.5 / 0.025))


def test_roll_line_bounds_and_ordering():
    """A full line (drum, IR, nip, chill roll, air): every temperature between the coldest (ambient,
    chill) and hottest (rolls, drum) source; the foil side of the nip heats first."""
    bottom, top = _rolls(380 + C0, 5e4)
    h = nip_history(
        [FOIL, FILM],
        Line(2e4, 0.03),
        bottom,
        top,
        preheat=[HeatedDrum(250 + C0, 0.2, 500.0, "film", "top", 0.1), InfraredHeater(0.1, "foil", heat_flux=5e3)],
        cooling=[ChillRoll(60 + C0, 0.3, 2e3, "bottom"), AirCooling(1.0, 15.0)],
    )
    assert h.temperatures.min() >= 298.15 - 1e-9 and h.temperatures.max() <= 380 + C0 + 1e-9
    in_nip = (h.times > h.nip_start) & (h.times < h.nip_start + 0.2 * h.dwell)
    assert np.all(h.temperature("cu/tpi")[in_nip] >= h.temperature("tpi/pi")[in_nip])
    names = [e[0] for e in h.breakpoints]
    assert names.index("nip entry") < names.index("nip exit") < names.index("chill roll ends")


def _nip_interface(n_space, n_time):
    """T at the Cu/TPI interface at nip exit and at the TPI/PI interface mid-nip (K)."""
    bottom, top = _rolls(380 + C0, 5e4)
    line = Line(2e4, 0.025)
    disc = Discretisation(
        elements_per_layer=n_space,
        roll_elements=max(2, 5 * n_space // 2),
        nip_steps=n_time,
        stepping=Stepping(1e-4 / n_time, 1.2 ** (100 / n_time), n_time // 2),
    )
    h = nip_history([FOIL, FILM], line, bottom, top, ply_conductance=1e5, discretisation=disc)
    return np.array([h.temperature("cu/tpi", h.nip_end), h.temperature("tpi/pi", 0.5 * (h.nip_start + h.nip_end))])


def _observed_order(values, ratio=2.0):
    """Order from successive differences of solutions on meshes refined by ``ratio`` (no exact solution)."""
    diffs = np.abs(np.diff(np.asarray(values), axis=0)).max(axis=1)  # ∝ h_k^p, h_k = ratio^-k
    return float(np.polyfit(np.log(ratio ** -np.arange(diffs.size)), np.log(diffs), 1)[0])


def test_nip_interface_temperature_converges_second_order_in_space():
    orders = _observed_order([_nip_interface(n, 3200) for n in (4, 8, 16, 32)])
    assert abs(orders - 2.0) < 0.2, orders


def test_nip_interface_temperature_converges_first_order_in_time():
    orders = _observed_order([_nip_interface(48, n) for n in (100, 200, 400, 800)])
    assert abs(orders - 1.0) < 0.1, orders


def test_roll_line_study_grid_is_physical():
    """Hotter rolls or a slower line give a hotter interface at nip exit; more load, a wider nip."""
    bottom, top = _rolls()
    points = roll_line_study(
        [FOIL, FILM],
        Line(1e4, 0.02),
        bottom,
        top,
        speeds=[1 / 60, 4 / 60],
        roll_temperatures=[350 + C0, 390 + C0],
        line_loads=[1e4, 3e4],
    )
    assert len(points) == 8
    exit_T = {
        (p.setting.speed, p.setting.roll_temperature, p.setting.line_load): p.history.temperature(
            "cu/tpi", p.history.nip_end
        )
        for p in points
    }
    for (v, T, w), value in exit_T.items():
        if T < 390 + C0:
            assert exit_T[(v, 390 + C0, w)] > value
        if v > 1 / 60:
            assert exit_T[(1 / 60, T, w)] > value
    width = {p.setting.line_load: p.history.nip_width for p in points}
    assert width[3e4] / width[1e4] == pytest.approx(math.sqrt(3.0), rel=1e-9)  # Hertz: a ∝ √w
    assert [p.setting.speed for p in points[:4]] == [1 / 60] * 4  # speeds vary slowest
