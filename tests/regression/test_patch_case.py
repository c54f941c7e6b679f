"""The 3-D interface patch as a user runs it: a ``[patch]`` case through the pipeline, its files, and
the same bonded area on one rank and on all (under ``mpiexec -n 2``)."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from tests.conftest import CASES

pytestmark = pytest.mark.solver

SHORT_CYCLE = """[cycle]
start_temperature = "240 degC"
[[cycle.segments]]
name = "heat"
temperature = "300 degC"
rate = "20 K/min"
pressure = "3 MPa"
[[cycle.segments]]
name = "hold"
duration = "1 min"
[[cycle.segments]]
name = "release"
pressure = "0 MPa"
duration = "10 s"
[[cycle.segments]]
name = "cool"
temperature = "200 degC"
rate = "20 K/min"

"""


def short_case_text() -> str:
    """The bundled patch case on a coarse mesh, heated from just below Tg through a one-minute hold."""
    text = (CASES / "interface_patch_3d.toml").read_text().replace('"materials/', f'"{CASES}/materials/')
    text = text[: text.index("[cycle]")] + SHORT_CYCLE + text[text.index("[patch]") :]
    text = text.replace("elements_xy = 8", "elements_xy = 4").replace("elements_z = 4", "elements_z = 2")
    return text.replace("core_elements = 2", "core_elements = 1").replace("field_every = 20", "field_every = 5")


def _short_case(comm, tmp):
    from thermobond.case import load_case

    path = tmp / "patch_short.toml"
    if comm.rank == 0:
        path.write_text(short_case_text())
    comm.barrier()
    return load_case(path)


def _exported_hexahedra_are_triquadratic(run):
    """``thermobond export`` of the patch's fields: meshio's hexahedron27 cells, whose nodes sit where
    VTK's triquadratic hexahedron puts them (edge midpoints (0,1) … (3,7), then the face centres of
    (0,1,5,4), (1,2,6,5), (2,3,7,6), (3,0,4,7), (0,1,2,3), (4,5,6,7), then the centre; the patch's
    cells are boxes, so these are the corners' means)."""
    import meshio
    from thermobond.fieldexport import export_fields

    (pvd,) = export_fields(run, "vtu")
    mesh = meshio.read(next(pvd.parent.glob("patch_*.vtu")))
    X = mesh.points[mesh.cells_dict["hexahedron27"]]
    corner = X[:, :8]
    edges = [(0, 1), (1, 2), (2, 3), (3, 0), (4, 5), (5, 6), (6, 7), (7, 4), (0, 4), (1, 5), (2, 6), (3, 7)]
    faces = [(0, 1, 5, 4), (1, 2, 6, 5), (2, 3, 7, 6), (3, 0, 4, 7), (0, 1, 2, 3), (4, 5, 6, 7)]
    expected = [corner[:, list(e)].mean(axis=1) for e in edges] + [corner[:, list(f)].mean(axis=1) for f in faces]
    expected.append(corner.mean(axis=1))
    size = np.ptp(mesh.points, axis=0).max()
    assert np.abs(X[:, 8:] - np.stack(expected, axis=1)).max() < 1e-9 * size
    assert {"displacement_m", "bonded", "contact_pressure_Pa"} <= set(mesh.point_data)


def test_a_patch_case_runs_and_writes_what_a_user_opens(comm, mpi_tmp_path):
    """history.csv, bond_map.csv (one row per surface node), summary.json's patch block, the VTX
    fields (exported to VTU as triquadratic hexahedra) and the plots; bonds of unlimited strength never
    let go (the bonded fraction never falls), the bonded area lies inside the contact area, and the
    pressure's release leaves it bonded; its report. The same case on each rank alone gives the same bonded and
    contact fractions and mean gap after every step, to 1e-6 (the partition changes only the order of
    sums)."""
    from mpi4py import MPI
    from thermobond.pipeline import run_case

    case = _short_case(comm, mpi_tmp_path)
    out = mpi_tmp_path / "out"
    result = run_case(case, out, comm)
    s = result.summary.patch
    assert s is not None and s.surface == "bisinusoid" and s.exact_gap
    assert s.surface_roughness["sz_m"] == pytest.approx(1e-6, rel=1e-9)  # Sz = 2Δ
    h = result.patch.history
    bonded, contact = h.column("bonded_fraction"), h.column("contact_fraction")
    assert np.all(np.diff(bonded) >= -1e-3)  # the bonded nodes' area, measured where they are now
    assert np.all(bonded <= contact + 1e-9)
    assert s.bonded_fraction_final > 0.5
    assert s.bonded_fraction_final == pytest.approx(s.bonded_fraction_end_of_hold, abs=1e-9)
    if comm.rank == 0:
        summary = json.loads((out / "summary.json").read_text())
        assert summary["patch"]["bonded_fraction_final"] == pytest.approx(s.bonded_fraction_final)
        with open(out / "history.csv") as f:
            rows = list(csv.DictReader(f))
        assert len(rows) == len(bonded) and "mean_gap_m" in rows[0]
        with open(out / "bond_map.csv") as f:
            nodes = list(csv.DictReader(f))
        assert len(nodes) == (2 * 4) ** 2  # Q2: 2n nodes per side, the periodic images dropped
        times = np.array([float(r["bonded_at_s"]) for r in nodes])
        share = np.mean(np.isfinite(times))
        assert 0 < share <= 1 and np.nanmax(times) <= case.programme.duration
        assert (out / "fields" / "patch.bp").is_dir()
        assert (out / "plots" / "bond_map.png").is_file() and (out / "plots" / "bonded_fraction.png").is_file()
        _exported_hexahedra_are_triquadratic(out)
    if comm.size == 1:  # one rank alone is the run above; the report is a serial command
        from thermobond.cli import main

        assert main(["report", str(out)]) == 0
        pages = json.loads((out / "report" / "pages.json").read_text())
        assert "Recipe and temperatures: recipe" in pages  # the bonded fraction over the recipe
        assert "3-D patch (bisinusoid): bonded fraction" in (out / "report" / "report.html").read_text()
        return
    alone = run_case(case, None, MPI.COMM_SELF).patch.history
    for c in ("time_s", "bonded_fraction", "contact_fraction"):
        np.testing.assert_allclose(h.column(c), alone.column(c), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(h.column("mean_gap_m"), alone.column("mean_gap_m"), rtol=1e-6, atol=1e-15)


def test_the_iterative_solver_gives_the_patch_of_the_direct_one(comm, mpi_tmp_path):
    """``[patch] linear_solver = "iterative"`` (flexible GMRES, Schur-complement field split, multigrid)
    solves the same Newton systems as MUMPS through Tg and the hold, where the melt's shear modulus
    falls by seven decades under the glassy core: Newton takes the same iterations, and the bonded and
    contact fractions and the mean gap agree after every step (on 1 rank and on 2)."""
    direct, krylov = _direct_and_iterative(comm, mpi_tmp_path)
    newton = direct.column("newton_iterations")
    np.testing.assert_array_equal(krylov.column("newton_iterations"), newton)
    np.testing.assert_array_equal(direct.column("linear_iterations"), newton)  # one LU solve each
    per_newton = krylov.column("linear_iterations") / newton
    assert 5 < per_newton.min() and per_newton.max() < 200  # Krylov iterations, bounded through Tg


def test_the_iterative_solver_stops_on_the_volume_rows_too(comm, mpi_tmp_path, monkeypatch):
    """The Krylov solver's stopping test weighs both halves of the mixed system: with an exact
    displacement solve inside the split (LU in place of the multigrid cycle), the first iterate already
    balances the forces, and only the volume rows — the melt's incompressibility — are left to solve.
    A residual norm that cannot see them (unscaled, they are volumes of 1e-18 m³ against forces of
    1e-6 N) stops there with the pressures of the last Newton iterate, and the patch parts from
    LU's; with the pressure unknown scaled so that the volume rows are forces, it gives LU's patch."""
    from thermobond.simulation import mixedsolver

    monkeypatch.setitem(mixedsolver.ITERATIVE_MIXED, "fieldsplit_u_pc_type", "lu")
    monkeypatch.setitem(mixedsolver.ITERATIVE_MIXED, "fieldsplit_u_pc_factor_mat_solver_type", "mumps")
    direct, exact_u = _direct_and_iterative(comm, mpi_tmp_path)
    per_newton = exact_u.column("linear_iterations") / direct.column("newton_iterations")
    assert per_newton.min() >= 2  # not stopped at the first iterate


def _direct_and_iterative(comm, folder):
    """The short patch case's histories with MUMPS and with the iterative solver, after asserting that
    they took the same steps and agree after every one: bonded and contact fractions to 1e-8 of the
    area, the mean gap to 1e-8 of its largest value."""
    import dataclasses

    from thermobond.pipeline import run_case

    case = _short_case(comm, folder)
    assert case.patch is not None and case.patch.linear_solver == "direct"
    iterative = dataclasses.replace(case, patch=dataclasses.replace(case.patch, linear_solver="iterative"))
    direct, krylov = run_case(case, None, comm).patch.history, run_case(iterative, None, comm).patch.history
    assert len(krylov.column("time_s")) == len(direct.column("time_s"))
    for c in ("bonded_fraction", "contact_fraction"):
        np.testing.assert_allclose(krylov.column(c), direct.column(c), rtol=0, atol=1e-8)
    gap = direct.column("mean_gap_m")
    np.testing.assert_allclose(krylov.column("mean_gap_m"), gap, rtol=0, atol=1e-8 * float(np.max(gap)))
    return direct, krylov


def test_a_patch_case_with_sealed_gas_keeps_its_pockets(comm, mpi_tmp_path):
    """``[patch.gas] mode = "sealed"`` on the short case: the bisinusoid's two valleys seal as the
    contact closes around them and hold their air to the end; pressed, the gas cannot exceed the
    pressure that compresses it (p_a + p̄, plus 1 % for the temperature rising within a step); after
    the release the bonds keep it compressed and the valleys open (bonded < 90 %); the history, the
    summary and the report carry it; the same on each rank alone, to 1e-6."""
    from mpi4py import MPI
    from thermobond.case import load_case
    from thermobond.pipeline import run_case

    path = mpi_tmp_path / "patch_gas.toml"
    if comm.rank == 0:
        path.write_text(short_case_text().replace("[patch.surface]", '[patch.gas]\nmode = "sealed"\n\n[patch.surface]'))
    comm.barrier()
    case = load_case(path)
    assert case.patch is not None and case.patch.gas == "sealed"
    out = mpi_tmp_path / "gas_out"
    result = run_case(case, out, comm)
    h, s = result.patch.history, result.summary.patch
    pa, pressed = 0.101325e6, h.column("pressure_Pa")
    gas, pockets = h.column("gas_pressure_max_Pa"), h.column("sealed_pockets")
    assert s.sealed_pockets_final == 2 and pockets.max() == 2
    sealed = np.flatnonzero(pockets > 0)
    assert np.all(pockets[sealed[0] :] == 2)  # none lost, none split
    assert np.all(gas[pockets == 0] == pa)
    assert np.all(gas[sealed] <= 1.01 * (pa + pressed[sealed].max()))
    released = pressed == 0.0
    assert np.all(gas[released & (pockets > 0)] > 2 * pa)
    assert s.bonded_fraction_final < 0.9 and s.void_fraction_final > 0.005
    assert s.gas_pressure_max_Pa == pytest.approx(gas.max())
    if comm.size == 1:  # what a user opens: the history's columns and the report's key results
        from thermobond.cli import main

        with open(out / "history.csv") as f:
            assert {"gas_pressure_max_Pa", "sealed_pockets"} <= set(next(csv.DictReader(f)))
        assert main(["report", str(out)]) == 0
        assert "highest pressure of the trapped gas" in (out / "report" / "report.html").read_text()
    if comm.size > 1:
        alone = run_case(case, None, MPI.COMM_SELF).patch.history
        for c in ("bonded_fraction", "gas_pressure_max_Pa", "mean_gap_m"):
            np.testing.assert_allclose(h.column(c), alone.column(c), rtol=1e-6, atol=1e-15)
