"""A ``[roll]`` case end to end (the stack model driven by the roll line's T(t), p(t)) against closed forms.

The line is chosen so that every number has an analytical reference: two bare steel rolls on a rigid
web (the nip is the Hertz line contact, Johnson 1985, Contact Mechanics, §4.3), perfect contact with
rolls held at their temperature, no preheat and no heat lost outside the nip. The web is a 100 µm
homogeneous polyimide film cut into two equal layers, so its "interface" is the mid-plane of a slab
whose faces jump from ambient to the roll temperature at nip entry: the mid-plane temperature at nip
exit is the Fourier series of a slab with fixed face temperatures (Carslaw & Jaeger 1959, Conduction
of Heat in Solids, §3.3), and after the nip the adiabatic slab settles at its mean temperature, the
heat taken in the nip (conservation of energy: the series' mean).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import thermobond

CASES = Path(__file__).resolve().parents[2] / "cases"
MATERIALS = CASES / "materials"

T_ROLL, T_AIR = 380.0, 25.0  # °C
LOAD, SPEED = 2.0e4, 0.025  # N/m (200 N/cm), m/s (1.5 m/min)
DIAMETER, E_STEEL, NU_STEEL = 0.3, 210e9, 0.3  # m, Pa, -
HALF = 50e-6  # m: each of the two PI layers
K, RHO, CP = 0.12, 1420.0, 1090.0  # the Kapton HN card's thermal properties (W/(m K), kg/m³, J/(kg K))


def _case_text() -> str:
    layers = "".join(
        f'[[stack.layers]]\nname = "{name}"\nmaterial = "{MATERIALS / "kapton_hn.toml"}"\nthickness = "50 um"\n'
        "elements = 4\n\n"
        for name in ("pi_a", "pi_b")
    )
    return f"""schema_version = 1
name = "roll_slab"
{layers}
[mesh]
width = "4 mm"
element_size = "100 um"

[roll]
line_load = "{LOAD / 100:g} N/cm"
line_speed = "{SPEED * 60:g} m/min"
temperature = "{T_ROLL:g} degC"
ambient_temperature = "{T_AIR:g} degC"
air_heat_transfer = "0 W/(m^2*K)"
web_compliance = false
nip_divisions = 4

[roll.conduction]
resolve_rolls = false
elements_per_layer = 24

[roll.bottom]
diameter = "{DIAMETER * 1e3:g} mm"

[roll.top]
diameter = "{DIAMETER * 1e3:g} mm"

[[roll.cooling]]
kind = "air"
length = "25 mm"
heat_transfer_coefficient = "0 W/(m^2*K)"

[thermal]
elements_per_layer = 8

[output]
fields = false
plots = false
"""


def _slab_midplane(fourier: float) -> float:
    """θ = (T − T_roll)/(T₀ − T_roll) at the mid-plane of a slab of thickness L whose faces are held
    at T_roll from t = 0, at Fourier number α t / L²."""
    n = np.arange(200)
    m = 2 * n + 1
    return float(np.sum(4.0 / (m * math.pi) * (-1.0) ** n * np.exp(-(m**2) * math.pi**2 * fourier)))


def _slab_mean(fourier: float) -> float:
    """θ of the slab's mean temperature (the heat it has taken in) at Fourier number α t / L²."""
    m = 2 * np.arange(200) + 1
    return float(np.sum(8.0 / (m**2 * math.pi**2) * np.exp(-(m**2) * math.pi**2 * fourier)))


@pytest.fixture(scope="module")
def roll_run(tmp_path_factory: Any) -> Any:
    from mpi4py import MPI

    comm = MPI.COMM_WORLD
    path = None
    if comm.rank == 0:
        path = tmp_path_factory.mktemp("roll") / "roll_slab.toml"
        path.write_text(_case_text(), encoding="utf-8")
    path = comm.bcast(path, root=0)
    case = thermobond.load_case(path)
    return thermobond.run(case, comm=comm)


@pytest.mark.solver
def test_nip_width_and_dwell_are_hertz(roll_run: Any) -> None:
    """Nip width 2a = 2 √(4 w R*/(π E*)), peak pressure 2w/(π a), dwell 2a/v (Hertz line contact of two
    equal steel cylinders: R* = D/4, E* = E/(2(1 − ν²)))."""
    r = roll_run.summary.roll
    a = math.sqrt(4.0 * LOAD * (DIAMETER / 4.0) / (math.pi * E_STEEL / (2.0 * (1.0 - NU_STEEL**2))))
    assert r.nip_method == "hertz"
    assert r.nip_width_m == pytest.approx(2.0 * a, rel=0.01)
    assert r.peak_nip_pressure_Pa == pytest.approx(2.0 * LOAD / (math.pi * a), rel=0.01)
    assert r.dwell_s == pytest.approx(2.0 * a / SPEED, rel=0.01)
    # the stack model saw the nip: its pressure history peaks at the Hertz peak pressure within the
    # nip's sampling (p(t) piecewise linear between the stack's time steps)
    p = roll_run.history["pressure_Pa"].to_numpy()
    assert p.max() == pytest.approx(2.0 * LOAD / (math.pi * a), rel=0.05)


@pytest.mark.solver
def test_interface_temperature_is_the_slab_solution(roll_run: Any) -> None:
    """The mid-plane ("interface") temperature at nip exit within 1 % of the slab series, the peak after
    the nip within 1 % of the mean the series gives (energy conservation in the adiabatic slab); the
    stack model's own thermal column, driven by the face temperatures, agrees at nip exit within 2 %."""
    r = roll_run.summary.roll
    L = 2 * HALF
    fourier = K / (RHO * CP) * r.dwell_s / L**2
    exit_ref = T_ROLL - (T_ROLL - T_AIR) * _slab_midplane(fourier)
    mean_ref = T_ROLL - (T_ROLL - T_AIR) * _slab_mean(fourier)
    assert 0.05 < fourier < 0.5  # the mid-plane lags the faces: the check is not trivially T_roll
    assert r.interface == "pi_a/pi_b"
    assert r.interface_temperature_at_nip_exit_degC - T_AIR == pytest.approx(exit_ref - T_AIR, rel=0.01)
    assert r.interface_peak_temperature_degC - T_AIR == pytest.approx(mean_ref - T_AIR, rel=0.01)
    h = roll_run.history
    t = h["time_s"].to_numpy()
    column = np.interp(r.nip_exit_s, t, h["pi_a/pi_b.temperature_degC"].to_numpy())
    assert column - T_AIR == pytest.approx(exit_ref - T_AIR, rel=0.02)
    assert h["pi_a/pi_b.temperature_degC"].max() - T_AIR == pytest.approx(mean_ref - T_AIR, rel=0.02)


@pytest.fixture(scope="module")
def bundled_roll(tmp_path_factory: Any) -> Any:
    """The bundled roll case: a Cu/TPI/PI laminate that enters the nip curled by its preheat."""
    from mpi4py import MPI

    case = thermobond.load_case(CASES / "roll_lamination.toml", **{"output.plots": False, "output.fields": False})
    return thermobond.run(case, comm=MPI.COMM_WORLD)


@pytest.mark.solver
def test_a_curled_web_carries_the_nip_pressure(bundled_roll: Any) -> None:
    """Static equilibrium of the plies above an interface: while the nip presses, the mean compressive
    normal stress on each interface is the nip pressure, whatever the laminate's curl at nip entry;
    the upper roll's contact covers the coupon at the peak; and the interface model is driven by that
    pressure. (A platen that lost the laminate at nip entry once carried 2.7 kPa of a 46 MPa nip.)"""
    h = bundled_roll.history
    p = h["pressure_Pa"].to_numpy()
    pressed = p >= 1e6
    peak = int(np.argmax(p))
    assert pressed.sum() >= 5  # the nip is resolved by several steps
    assert h["top_contact_fraction"].to_numpy()[peak] == pytest.approx(1.0)
    for name in ("cu_bottom/tpi_bottom", "tpi_bottom/pi"):
        carried = -h[f"{name}.mean_normal_stress_Pa"].to_numpy()
        np.testing.assert_allclose(carried[pressed], p[pressed], rtol=0.02)
    drive = bundled_roll.stack.interface_programmes["cu_bottom/tpi_bottom"]
    assert drive.pressures.max() == pytest.approx(bundled_roll.summary.roll.peak_nip_pressure_Pa, rel=0.02)
