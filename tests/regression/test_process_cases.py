"""The bundled process cases (issue: stack model through the cycle), run with coarser steps."""

from __future__ import annotations

import numpy as np
import pytest

from tests.casefiles import elastic_card
from tests.conftest import CASES

pytestmark = pytest.mark.solver


def _coarse(comm, tmp, name, mechanics=""):
    """A bundled case with larger time steps and no fields/plots (the physics is unchanged), with
    extra ``[mechanics]`` lines."""
    from thermobond.case import load_case

    text = (CASES / f"{name}.toml").read_text().replace('"materials/', f'"{CASES}/materials/')
    text = text.replace("[mechanics]\n", f"[mechanics]\n{mechanics}\n" if mechanics else "[mechanics]\n")
    text = text.replace('max_temperature_change = "10 K"', 'max_temperature_change = "25 K"')
    text = text.replace("fields = true", "fields = false\nplots = false")
    path = tmp / f"{name}.toml"
    if comm.rank == 0:
        path.write_text(text)
    comm.barrier()
    return load_case(path)


def test_double_sided_is_flat_and_symmetric(mpi_tmp_path, comm):
    """Symmetric Cu/TPI/PI/TPI/Cu through the full press cycle: no curl, mirror-equal interfaces, and
    while pressed the mean interface normal stress equals the press pressure plus the weight of the
    layers above (equilibrium)."""
    from thermobond.simulation.stackmodel import run_stack

    case = _coarse(comm, mpi_tmp_path, "lamination_double_sided")
    r = run_stack(case, comm)
    s = r.summary
    assert abs(s.curvature_1_per_m) < 1e-4  # the single-sided stack curls at ≈ 25 1/m
    i = s.interfaces
    assert i["cu_bottom/tpi_bottom"].peak_shear_Pa == pytest.approx(-i["tpi_top/cu_top"].peak_shear_Pa, rel=1e-6)
    assert i["tpi_bottom/pi"].peak_shear_Pa == pytest.approx(-i["pi/tpi_top"].peak_shear_Pa, rel=1e-6)
    h = r.history
    p = h.column("pressure_Pa")
    pressed = p > 0
    layers = case.stack.layers
    for k in range(1, len(layers)):
        # the press pressure plus the weight of the layers above (a few Pa)
        above = 9.81 * sum(layer.material.thermal.density * layer.thickness for layer in layers[k:])
        col = f"{layers[k - 1].name}/{layers[k].name}.mean_normal_stress_Pa"
        # (to 0.1 %: the mean integrates the projected stress, whose error at the free edge enters it)
        assert np.allclose(h.column(col)[pressed], -p[pressed] - above, rtol=1e-3, atol=5.0)
    # the interface programme for the interface model: p = press pressure while pressed
    prog = r.interface_programmes["cu_bottom/tpi_bottom"]
    assert np.allclose(prog.pressures[pressed], p[pressed], rtol=1e-3, atol=5.0)


def test_single_sided_curls_toward_the_pi(mpi_tmp_path, comm):
    """α_PI > α_Cu, so on cooling the single-sided laminate is concave toward the PI."""
    from thermobond.simulation.stackmodel import run_stack

    case = _coarse(comm, mpi_tmp_path, "lamination_single_sided")
    s = run_stack(case, comm).summary
    assert [layer.name for layer in case.stack.layers][-1] == "pi"  # PI on top
    assert s.curvature_1_per_m > 10.0 and s.concave_side == "top"


def test_metallized_route_runs_and_fuses(mpi_tmp_path, comm):
    """Sputtered seed with intrinsic stress → fusion at 320 °C under 1 MPa → plating at 40 °C: the
    plated layer is born stress-free (the curvature does not jump at birth) and the seed's deposition
    stress relaxes in the melt while pressed (the press holds it flat). Without the laminate's own
    weight: the born layer's weight would flatten this weakly curled coupon by 0.2 %."""
    from thermobond.simulation.stackmodel import run_stack

    case = _coarse(comm, mpi_tmp_path, "metallized_fusion", "own_weight = false")
    r = run_stack(case, comm)
    s = r.summary
    t, kappa = r.history.column("time_s"), r.history.column("curvature_1_per_m")
    t_birth = case.programme.segment("plate")[0]
    k = int(np.argmin(np.abs(t - t_birth)))  # the state just before the birth (same temperature after)
    assert t[k] == pytest.approx(t_birth)
    assert kappa[k + 1] == pytest.approx(kappa[k], rel=1e-4)
    assert kappa[0] > 0  # tensile seed on top: concave toward it before fusion
    # the platens hold the coupon flat under a real pressure (they flatten it once the press force
    # beats its curl, ≈ 2 D κ / R² ≈ 100 Pa here)
    p = r.history.column("pressure_Pa")
    assert np.abs(kappa[p > 0.5e6]).max() < 1e-3 * np.abs(kappa).max()
    assert s.max_von_mises_Pa["cu_plated"] < 0.1 * s.max_von_mises_Pa["cu_seed"]


def test_plated_layer_is_born_stress_free(mpi_tmp_path, comm):
    """PI heated freely 25 → 100 °C, Cu born on it at 100 °C, both cooled to 25 °C: the bilayer of a
    bond made at 100 °C — Timoshenko (plate moduli) with ΔT = −75 K, whatever the PI did before."""
    from thermobond.case import load_case
    from thermobond.simulation.stackmodel import run_stack

    from tests.verification.test_bilayer_curvature import timoshenko

    pi = elastic_card(mpi_tmp_path / "pi.toml", E="2.5 GPa", nu=0.34, alpha="20 ppm/K", comm=comm)
    cu = elastic_card(mpi_tmp_path / "cu.toml", E="120 GPa", nu=0.33, alpha="17 ppm/K", comm=comm)
    text = f"""schema_version = 1
name = "birth"
[[stack.layers]]
name = "pi"
material = "{pi}"
thickness = "25 um"
elements = 6
[[stack.layers]]
name = "cu"
material = "{cu}"
thickness = "12 um"
elements = 4
active_from = "plate"
[mesh]
width = "4 mm"
element_size = "50 um"
edge_element_size = "5 um"
[cycle]
start_temperature = "25 degC"
[[cycle.segments]]
name = "heat"
temperature = "100 degC"
rate = "25 K/min"
[[cycle.segments]]
name = "plate"
duration = "1 min"
[[cycle.segments]]
name = "cool"
temperature = "25 degC"
rate = "25 K/min"
[mechanics]
section = "axisymmetric"
[output]
fields = false
plots = false
"""
    path = mpi_tmp_path / "birth.toml"
    if comm.rank == 0:
        path.write_text(text)
    comm.barrier()
    s = run_stack(load_case(path), comm).summary
    # layer 1 = PI (bottom), layer 2 = Cu (top); our curvature is −κ_Timoshenko
    k_ref = timoshenko(2.5e9 / 0.66, 120e9 / 0.67, 25e-6, 12e-6, 20e-6, 17e-6, -75.0)
    assert s.curvature_1_per_m == pytest.approx(-k_ref, rel=0.02)
    assert s.solver.cutbacks == 0
