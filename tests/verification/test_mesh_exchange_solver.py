"""Mesh and field exchange with DOLFINx meshes (serial and on 2 ranks): export → import keeps every
group's area or length (against the analytical value and the original mesh), the metal surface
comes back as the same profile, DOLFINx's own Gmsh reader reads the exported .msh, an imported
polyline surface is the same function in UFL and NumPy, and a run's VTX fields come back as VTU or
XDMF with the values of the analytical field that was written."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import ufl
from mpi4py import MPI  # noqa: F401  (before dolfinx, which needs the MPI library loaded)

# isort: split
from dolfinx import fem, io
from dolfinx.mesh import CellType, create_unit_square, entities_to_geometry
from thermobond.meshes import LayerSpec, cell_mesh, stack_mesh
from thermobond.meshes.exchange import FORMATS, write_mesh
from thermobond.meshes.importing import import_cell, import_section
from thermobond.meshes.micrograph import NodularSection
from thermobond.meshes.surface import sinusoid
from thermobond.physics.uflmath import UFL

pytestmark = pytest.mark.solver

L, Y0, H_TPI, H_PI = 2e-6, 0.5e-6, 4e-6, 2e-6
BUNDLED = Path(__file__).resolve().parents[2] / "cases" / "meshes" / "nodular_micrograph.med"


def group_measures(md) -> dict[str, float]:
    """Areas of 2-D groups (∫ 1 dx) and lengths of 1-D groups, exterior and interior: the sum of the
    straight facets each rank owns (an interior-facet integral would need ghosts across every
    partition boundary, which a mesh distributed without them does not have)."""
    msh = md.mesh
    one = fem.Constant(msh, 1.0)
    dx = ufl.Measure("dx", msh, subdomain_data=md.cell_tags)
    owned = msh.topology.index_map(1).size_local
    out = {}
    for name, g in md.physical_groups.items():
        if g.dim == 2:
            local = fem.assemble_scalar(fem.form(one * dx(g.tag)))
        else:
            facets = md.facet_tags.find(g.tag)
            facets = facets[facets < owned]
            nodes = entities_to_geometry(msh, 1, facets)[:, :2]
            ends = msh.geometry.x[nodes][:, :, :2]
            local = float(np.sum(np.linalg.norm(ends[:, 1] - ends[:, 0], axis=1)))
        out[name] = msh.comm.allreduce(local)
    return out


CELL_EXPECTED = {"tpi": L * H_TPI, "pi": L * H_PI, "surface": L, "tpi/pi": L, "top": L, "left": H_TPI + H_PI}


@pytest.mark.parametrize("fmt", FORMATS)
def test_interface_cell_export_import_round_trip(comm, mpi_tmp_path, fmt):
    md = cell_mesh(comm, L, Y0, H_TPI, H_PI, nx=12, n_tpi=5, n_pi=2)
    prof = sinusoid(0.4e-6, 2 * L)
    x = np.linspace(0, L, 4097)
    path = write_mesh(md, mpi_tmp_path / f"cell.{fmt}", materials={"tpi": "tpi", "pi": "pi"}, metal=(x, prof(x)))
    back = import_cell(path, comm, profile="cosine", modes=8)
    assert back.mesh_data.mesh.topology.index_map(2).size_global == md.mesh.topology.index_map(2).size_global
    before, after = group_measures(md), group_measures(back.mesh_data)
    assert set(after) == set(before)
    for name, value in before.items():
        assert after[name] == pytest.approx(value, rel=1e-12, abs=0), name
    for name, value in CELL_EXPECTED.items():
        assert after[name] == pytest.approx(value, rel=1e-12, abs=0), name
    # the cosine series fitted to the written polyline is the sinusoid (interpolation error ~ (πh/L)²/12)
    assert back.profile.coefficients[1] == pytest.approx(prof.coefficients[1], rel=1e-6, abs=0)
    assert max(abs(c) for c in back.profile.coefficients[2:]) < 1e-6 * prof.coefficients[1]


@pytest.mark.parametrize("fmt", ["inp", "msh", "med"])
def test_stack_section_export_import_round_trip(comm, mpi_tmp_path, fmt):
    layers = [LayerSpec("cu", 12e-6, 2), LayerSpec("tpi", 4e-6, 2), LayerSpec("pi", 25e-6, 3)]
    width = 2e-3
    md = stack_mesh(comm, layers, width, 2e-4, 5e-5)
    path = write_mesh(md, mpi_tmp_path / f"section.{fmt}", idealisation="plate")
    back = import_section(path, [layer.name for layer in layers], comm)
    before, after = group_measures(md), group_measures(back)
    assert set(after) == set(before)
    for name, value in before.items():
        assert after[name] == pytest.approx(value, rel=1e-12, abs=0), name
    H = sum(layer.thickness for layer in layers)
    half = width / 2  # the stack model meshes the half section from the axis
    expected = {"cu": half * 12e-6, "cu/tpi": half, "tpi/pi": half, "bottom": half, "axis": H, "right": H}
    for name, value in expected.items():
        assert after[name] == pytest.approx(value, rel=1e-12, abs=0), name


def test_exported_msh_reads_in_dolfinx_gmsh_reader(comm, mpi_tmp_path):
    """DOLFINx's own reader (through the Gmsh API) finds the same groups and measures."""
    md = cell_mesh(comm, L, Y0, H_TPI, H_PI, nx=10, n_tpi=4, n_pi=2)
    path = write_mesh(md, mpi_tmp_path / "cell.msh")
    back = io.gmsh.read_from_msh(path, comm, gdim=2)
    before, after = group_measures(md), group_measures(back)
    for name, value in before.items():
        assert after[name] == pytest.approx(value, rel=1e-12, abs=0), name


def test_bundled_micrograph_imports_on_every_rank(comm):
    cell = import_cell(BUNDLED, comm, units="um")
    got = group_measures(cell.mesh_data)
    assert got["top"] == pytest.approx(6e-6, rel=1e-12, abs=0)
    assert got["left"] == pytest.approx(4.5e-6 - 0.3e-6, rel=1e-12, abs=0)
    assert cell.profile.length == pytest.approx(6e-6, rel=1e-12, abs=0)
    traced = NodularSection().outline()[1] * 1e-6  # the copper's outline at the traced points
    assert cell.profile.peak == pytest.approx(traced.max(), rel=1e-12, abs=0)
    assert np.allclose(cell.profile(np.linspace(0, 6e-6, traced.size)), traced, rtol=0, atol=1e-18)


def test_polyline_profile_is_the_same_function_in_ufl(comm):
    """The UFL hinge form of an imported surface equals its NumPy interpolation everywhere."""
    cell = import_cell(BUNDLED, comm, units="um")
    prof = cell.profile
    msh = cell.mesh_data.mesh
    V = fem.functionspace(msh, ("DG", 2))
    x = ufl.SpatialCoordinate(msh)
    z, dz = fem.Function(V), fem.Function(V)
    z.interpolate(fem.Expression(prof(x[0], UFL), V.element.interpolation_points))
    dz.interpolate(fem.Expression(prof.slope(x[0], UFL), V.element.interpolation_points))
    xs = V.tabulate_dof_coordinates()[:, 0]
    assert np.allclose(z.x.array, prof(xs), rtol=0, atol=1e-12 * prof.peak)
    away = np.min(np.abs(xs[:, None] - np.asarray(prof.x)[None, :]), axis=1) > 1e-12
    assert np.allclose(dz.x.array[away], prof.slope(xs[away]), rtol=1e-12, atol=1e-12)


def _analytic(t: float):
    return lambda x: np.vstack([x[0] ** 2, t * x[0] * x[1]])


@pytest.mark.parametrize("fmt", ["vtu", "xdmf"])
def test_field_export_gives_back_the_written_field(comm, mpi_tmp_path, fmt):
    """u = (x², t·x·y) is exact in P2; the exported values at every exported point equal it, each
    cell once (the ranks' blocks merged)."""
    import meshio
    from thermobond.fieldexport import export_fields

    msh = create_unit_square(comm, 4, 3, CellType.quadrilateral)
    u = fem.Function(fem.functionspace(msh, ("Lagrange", 2, (2,))), name="displacement_m")
    c = fem.Function(fem.functionspace(msh, ("DG", 0)), name="time_s")
    run = mpi_tmp_path / "run"
    times = (0.0, 0.5, 2.0)
    with (
        io.VTXWriter(comm, run / "fields" / "displacement.bp", [u]) as w,
        io.VTXWriter(comm, run / "fields" / "clock.bp", [c]) as wc,
    ):
        for t in times:
            u.interpolate(_analytic(t))
            c.x.array[:] = t
            w.write(t)
            wc.write(t)
    comm.barrier()
    if comm.rank != 0:
        return
    files = export_fields(run, fmt)
    assert [f.suffix for f in files] == [".pvd" if fmt == "vtu" else ".xdmf"] * 2
    if fmt == "vtu":
        steps = [meshio.read(run / "export" / "fields" / f"displacement_{k:04d}.vtu") for k in range(len(times))]
        data = [(m.points, m.cells[0], m.point_data["displacement_m"]) for m in steps]
        clock = meshio.read(run / "export" / "fields" / "clock_0002.vtu").cell_data["time_s"][0]
    else:
        with meshio.xdmf.TimeSeriesReader(files[1]) as r:
            points, cells = r.read_points_cells()
            data = [(points, cells[0], r.read_data(k)[1]["displacement_m"]) for k in range(r.num_steps)]
        with meshio.xdmf.TimeSeriesReader(files[0]) as r:
            r.read_points_cells()
            clock = r.read_data(2)[2]["time_s"][0]
    for t, (points, block, values) in zip(times, data, strict=True):
        assert block.type == "quad9" and block.data.shape[0] == 12
        assert np.allclose(values[:, :2], _analytic(t)(points.T).T, rtol=0, atol=1e-14)
    assert clock.size == 12 and np.allclose(clock, 2.0)


def _export_and_import(comm, case_file: Path, folder: Path, overrides: dict, modes: int | None = None):
    """The case, and the same case whose interface cell is its own built cell exported (with the metal
    surface as a polyline of 4097 samples) and imported back (``kind = "mesh"``, cosine profile)."""
    from thermobond.case import load_case
    from thermobond.cli.mesh import model_mesh

    case = load_case(case_file, **overrides)
    md, materials, metal, idealisation = model_mesh(comm, case, "interface")
    path = write_mesh(md, folder / "cell.msh", materials=materials, metal=metal, idealisation=idealisation)
    surface = {"kind": "mesh", "file": str(path), "profile": "cosine", **({"modes": modes} if modes else {})}
    return case, load_case(case_file, **overrides, **{"interface.surface": surface})


@pytest.mark.slow
def test_imported_copy_of_bundled_cell_gives_the_same_bonded_fraction(comm, mpi_tmp_path):
    """The built-in sinusoid cell, exported with its metal surface and imported back as a case's
    cell, gives the built-in bonded fraction to 1e-6."""
    from thermobond import api

    cases = Path(__file__).resolve().parents[2] / "cases"
    # the whole [interface.surface] table is replaced: a mesh surface has no amplitude or wavelength
    case, imported = _export_and_import(comm, cases / "interface_sinusoid.toml", mpi_tmp_path, {})
    built = api.run(case, comm=comm).summary.interface
    again = api.run(imported, comm=comm).summary.interface
    assert again.bonded_fraction_final == pytest.approx(built.bonded_fraction_final, abs=1e-6)


def test_imported_coarse_cell_bonds_as_the_built_one(comm, mpi_tmp_path):
    """A coarse sinusoid cell (8 × (4 + 1) elements, a short cycle through Tg: 300 °C, 1 min hold)
    built by thermobond and the same cell exported and imported bond alike: the bonded fraction at
    every step (it passes through partial values) and the final void area agree to 1e-6. The imported
    cell reaches the surface through other code (meshio, the importer's checks, a cosine series fitted
    to a polyline of the sinusoid, the mean-height and facet-width sizes) than the built one."""
    from thermobond import api

    cases = Path(__file__).resolve().parents[2] / "cases"
    coarse = {
        "interface.mesh.elements_along": 8,
        "interface.mesh.tpi_elements": 4,
        "interface.mesh.core_elements": 1,
        "cycle.heat.temperature": "300 degC",
        "cycle.hold.duration": "1 min",
        "cycle.cool.temperature": "240 degC",
        "output.fields": False,
        "output.plots": False,
    }
    case, imported = _export_and_import(comm, cases / "interface_sinusoid.toml", mpi_tmp_path, coarse, modes=8)
    assert imported.interface.surface.cell is not None and imported.interface.surface.profile.kind == "mesh"
    built, again = api.run(case, comm=comm), api.run(imported, comm=comm)
    b, a = built.history, again.history
    # the same steps were taken (a step limited by a contact event moves with the round-off, by ~1e-8)
    assert len(a) == len(b) and np.allclose(a["time_s"], b["time_s"], rtol=1e-6, atol=0)
    assert np.max(np.abs(a["bonded_fraction"] - b["bonded_fraction"])) < 1e-6
    assert np.max(np.abs(a["bonded_fraction_true_area"] - b["bonded_fraction_true_area"])) < 1e-6
    partial = b["bonded_fraction"].between(0.1, 0.9)
    assert partial.sum() >= 5  # the comparison covers partial bonding, not only 0 and 1
    bi, ai = built.summary.interface, again.summary.interface
    assert ai.void_area_final_m2 == pytest.approx(bi.void_area_final_m2, rel=1e-6, abs=0)
    assert ai.void_fraction_final == pytest.approx(bi.void_fraction_final, rel=1e-6)
    assert ai.cell_length_m == pytest.approx(bi.cell_length_m, rel=1e-12, abs=0)


@pytest.mark.parametrize(("model", "fmt"), [("interface", "inp"), ("stack", "med")])
def test_mesh_command_names_every_group(comm, mpi_tmp_path, model, fmt):
    """``thermobond mesh CASE --model … --format …``: the file carries the model's groups (and the
    interface cell's metal surface) and every layer's material."""
    from thermobond.case import load_case
    from thermobond.cli import main
    from thermobond.meshes.exchange import read

    case_file = Path(__file__).resolve().parents[2] / "cases" / "interface_nodules.toml"
    out = mpi_tmp_path / "mesh"
    assert main(["mesh", str(case_file), "--model", model, "--format", fmt, "-o", str(out)]) == 0
    stem = "interface_mesh" if model == "interface" else "mesh"
    if comm.rank != 0:
        return
    back = read(out / f"{stem}.{fmt}")
    case = load_case(case_file)
    layers = ["tpi", "pi"] if model == "interface" else [layer.name for layer in case.stack.layers]
    faces = ["surface", "tpi/pi", "top", "left", "right", "metal"] if model == "interface" else ["bottom", "top"]
    assert set(back.cell_sets) == set(layers)
    assert set(faces) <= set(back.line_sets) | set(back.node_sets)
    if fmt == "inp":
        text = (out / f"{stem}.inp").read_text()
        assert f"** layer tpi: material {case.interface.layer.material.name} (thermoplastic)" in text


def test_export_command_needs_a_run_with_fields(comm, mpi_tmp_path):
    from thermobond.cli import main

    assert main(["export", str(mpi_tmp_path), "--format", "vtu"]) == (2 if comm.rank == 0 else 0)
