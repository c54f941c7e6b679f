"""A measured press log against the same recipe written as segments.

The recipe is the one a process engineer logged at 1 Hz on a 2-hour cycle: heat to 330 °C at 3 MPa
in 30 min, hold 30 min, release, cool 60 min; sensor noise of 0.1 K and 5 kPa, and a gauge that
reads the magnitude of its noise (up to ≈ 20 kPa) once the press is open. The log must give the
recipe's curl and interface histories, not a laminate held flat through the cool-down.
"""

from __future__ import annotations

import numpy as np
import pytest
from thermobond.process import LogTolerance, Programme, read_press_log, simplify_log
from thermobond.process.presslog import sample_log, write_log

from tests.casefiles import MATERIALS

SEGMENTS = """
[cycle]
start_temperature = "25 degC"
[[cycle.segments]]
name = "heat"
temperature = "330 degC"
duration = "30 min"
pressure = "3 MPa"
[[cycle.segments]]
name = "hold"
duration = "30 min"
[[cycle.segments]]
name = "release"
pressure = "0 MPa"
duration = "10 s"
[[cycle.segments]]
name = "cool"
temperature = "25 degC"
duration = "60 min"
"""


def _recipe() -> Programme:
    t = np.array([0.0, 1800.0, 3600.0, 3610.0, 7210.0])
    T = np.array([25.0, 330.0, 330.0, 330.0, 25.0]) + 273.15
    p = np.array([0.0, 3e6, 3e6, 0.0, 0.0])
    return Programme.from_breakpoints(t, T, p, ["start", "heat", "hold", "release", "cool"])


def test_a_clean_log_gives_back_its_corners():
    """Samples of a piecewise-linear recipe without noise: exactly its breakpoints."""
    recipe = _recipe()
    t = np.arange(0.0, 7211.0)
    got = simplify_log(t, recipe.temperature(t), recipe.pressure(t), LogTolerance())
    assert got.breakpoints == recipe.breakpoints
    assert np.array_equal(got.temperatures, recipe.temperatures)
    assert np.array_equal(got.pressures, recipe.pressures)


def test_a_noisy_log_is_the_recipe_within_the_tolerance():
    """Every logged sample lies within the tolerances of the simplified recipe, which has a few
    dozen breakpoints instead of 7,211 and an exactly open press after the release."""
    recipe = _recipe()
    tol = LogTolerance(temperature=0.5, pressure=0.05e6)
    t, T, p = sample_log(recipe, period=1.0, temperature_noise=0.1, pressure_noise=5e3, seed=1)
    assert t.size == 7211 and p[t > 3610].max() > 10e3  # the open press reads up to tens of kPa
    got = simplify_log(t, T, p, tol)
    assert len(got.breakpoints) < 60
    assert np.abs(got.temperature(t) - T).max() <= tol.temperature * (1 + 1e-9)
    closed = p > tol.pressure
    assert np.abs(got.pressure(t[closed]) - p[closed]).max() <= tol.pressure * (1 + 1e-9)
    after = t >= 3610.0 + 1.0
    assert np.all(got.pressure(t[after]) == 0.0)
    # and the recipe it describes is the one logged, within the noise
    assert np.abs(got.temperature(t) - recipe.temperature(t)).max() < tol.temperature + 5 * 0.1
    assert not got.pressed_after(3620.0)


def test_log_tolerances_are_case_keys(tmp_path):
    """[cycle] log = ... with temperature_tolerance / pressure_tolerance; a gauge's negative zero
    offset within the tolerance is an open press, beyond it an error naming the row."""
    from thermobond.errors import InputError

    log = tmp_path / "press.csv"
    log.write_text("t [s], T [degC], p [MPa]\n0, 25, -0.01\n60, 100, 3\n120, 100, 3\n180, 100, -0.02\n")
    tol = LogTolerance(0.5, 0.05e6)
    prog = read_press_log(log, tol).programme(tol)
    assert prog.pressures[0] == 0.0 and prog.pressures[-1] == 0.0
    with pytest.raises(InputError, match="line 5") as err:
        read_press_log(log, LogTolerance(0.5, 0.01e6))
    assert "pressure_tolerance" in str(err.value)


def _case(tmp, comm, cycle: str, name: str):
    text = f"""schema_version = 1
name = "{name}"
[[stack.layers]]
name = "cu"
material = "{MATERIALS / "cu_ed.toml"}"
thickness = "12 um"
elements = 3
[[stack.layers]]
name = "tpi"
material = "{MATERIALS / "tpi_reference.toml"}"
thickness = "4 um"
elements = 2
[[stack.layers]]
name = "pi"
material = "{MATERIALS / "kapton_hn.toml"}"
thickness = "25 um"
elements = 4
[mesh]
width = "2 mm"
element_size = "40 um"
edge_element_size = "2 um"
growth = 1.35
{cycle}
[mechanics]
section = "axisymmetric"
stress_free_temperature = "25 degC"
[solver]
max_temperature_change = "10 K"
max_step = "60 s"
[output]
fields = false
plots = false
"""
    path = tmp / f"{name}.toml"
    if comm.rank == 0:
        path.write_text(text)
    comm.barrier()
    return path


@pytest.mark.solver
def test_noisy_log_curls_like_the_segments(mpi_tmp_path, comm):
    """The same recipe as segments and as the noisy 1 Hz log: the same curvature within 1 %, the
    interface temperatures within the log's tolerance plus its noise, the same release."""
    from thermobond.case import load_case
    from thermobond.simulation.stackmodel import run_stack

    log = mpi_tmp_path / "press_log.csv"
    if comm.rank == 0:
        write_log(log, *sample_log(_recipe(), 1.0, 0.1, 5e3, seed=1))
    comm.barrier()
    a = run_stack(load_case(_case(mpi_tmp_path, comm, SEGMENTS, "segments")), comm)
    logged = f'[cycle]\nlog = "{log}"\ntemperature_tolerance = "0.5 K"\npressure_tolerance = "0.05 MPa"\n'
    b = run_stack(load_case(_case(mpi_tmp_path, comm, logged, "logged")), comm)
    sa, sb = a.summary, b.summary
    assert sa.curvature_1_per_m > 10.0  # the laminate curls once released
    assert sb.curvature_1_per_m == pytest.approx(sa.curvature_1_per_m, rel=0.01)
    assert sb.release_s == pytest.approx(sa.release_s, abs=2.0)
    assert sb.note == "" and sa.note == ""
    ta, tb = a.interface_programmes["cu/tpi"], b.interface_programmes["cu/tpi"]
    grid = np.linspace(0.0, 7200.0, 721)
    assert np.abs(ta.temperature(grid) - tb.temperature(grid)).max() < 0.5 + 3 * 0.1
    # while pressed, the interface pressure of both is the press pressure within the gauge's tolerance
    pressed = grid[(grid > 60.0) & (grid < 3590.0)]
    assert np.abs(ta.pressure(pressed) - tb.pressure(pressed)).max() < 0.05e6 + 3 * 5e3
    assert sb.solver.steps < 2 * sa.solver.steps
