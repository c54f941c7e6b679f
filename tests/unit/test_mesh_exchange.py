"""Mesh exchange without DOLFINx: every format carries every group, a round trip keeps every group's
area or length (against the analytical values of a layered rectangle), outside meshes are checked
with errors that name the set, and a Gmsh-written micrograph section keeps its traced geometry."""

from __future__ import annotations

from pathlib import Path

import meshio
import numpy as np
import pytest
from mpi4py import MPI
from thermobond.errors import InputError
from thermobond.meshes.exchange import FORMATS, read, with_polyline, write
from thermobond.meshes.importing import check_cell, import_cell
from thermobond.meshes.micrograph import NodularSection, write_section
from thermobond.meshes.plainmesh import PlainMesh, signed_areas
from thermobond.meshes.polyline import LinearProfile

W, H_TPI, H_PI = 4e-6, 3e-6, 2e-6
MATERIALS = {"tpi": "tpi_reference (thermoplastic)", "pi": "kapton_hn (polymer)"}
BUNDLED = Path(__file__).resolve().parents[2] / "cases" / "meshes" / "nodular_micrograph.med"


def layered_cell(nx: int = 8, rows: tuple[int, int] = (3, 2)) -> PlainMesh:
    """A structured TPI/PI cell [0, W] × [0, H_TPI + H_PI] with the interface cell's groups."""
    ys = np.concatenate([np.linspace(0, H_TPI, rows[0] + 1), np.linspace(H_TPI, H_TPI + H_PI, rows[1] + 1)[1:]])
    xs = np.linspace(0, W, nx + 1)
    X, Y = np.meshgrid(xs, ys)
    points = np.column_stack([X.ravel(), Y.ravel()])
    node = np.arange(points.shape[0]).reshape(ys.size, xs.size)
    cells = np.array(
        [
            [node[r, c], node[r, c + 1], node[r + 1, c + 1], node[r + 1, c]]
            for r in range(ys.size - 1)
            for c in range(nx)
        ]
    )
    ntpi = rows[0] * nx

    def row(r: int) -> np.ndarray:
        return np.column_stack([node[r, :-1], node[r, 1:]])

    def col(c: int) -> np.ndarray:
        return np.column_stack([node[:-1, c], node[1:, c]])

    return PlainMesh(
        points,
        cells,
        "quad",
        {"tpi": np.arange(ntpi), "pi": np.arange(ntpi, cells.shape[0])},
        {"surface": row(0), "tpi/pi": row(rows[0]), "top": row(-1), "left": col(0), "right": col(-1)},
    )


def with_metal(plain: PlainMesh, depth: float = 0.5e-6, n: int = 33) -> PlainMesh:
    """The cell over a cosine valley z = −depth (1 − cos(πx/W))/2 that touches its bottom at x = 0."""
    x = np.linspace(0, W, n)
    return with_polyline(plain, "metal", x, -0.5 * depth * (1 - np.cos(np.pi * x / W)))


EXPECTED_AREA = {"tpi": W * H_TPI, "pi": W * H_PI}
EXPECTED_LENGTH = {"surface": W, "tpi/pi": W, "top": W, "left": H_TPI + H_PI, "right": H_TPI + H_PI}


def measures(plain: PlainMesh) -> dict[str, float]:
    out = {n: float(np.sum(np.abs(signed_areas(plain.points, plain.cells[i])))) for n, i in plain.cell_sets.items()}
    for n, e in plain.line_sets.items():
        d = plain.points[e[:, 1]] - plain.points[e[:, 0]]
        out[n] = float(np.sum(np.hypot(d[:, 0], d[:, 1])))
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_opens_with_meshio_and_carries_every_group_and_material(tmp_path, fmt):
    plain = with_metal(layered_cell())
    # plane stress (CPS4) for Abaqus: the element meshio's stock reader knows
    path = write(plain, tmp_path / f"cell.{fmt}", materials=MATERIALS, idealisation="stress")
    mesh = meshio.read(path)
    if fmt == "inp":
        names = {n.strip('"') for n in [*mesh.cell_sets, *mesh.point_sets]}
    elif fmt == "med":
        names = {n for group in mesh.cell_tags.values() for n in group}
    elif fmt == "msh":
        names = set(mesh.field_data)
    else:
        names = set(mesh.cell_data)
    assert set(plain.group_names) <= names
    text = path.read_text(errors="replace") if fmt != "med" else ""
    for material in MATERIALS.values():
        name = material.split()[0]
        assert name in text or f"material:{material}" in mesh.cell_data


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_keeps_cells_and_every_group_measure(tmp_path, fmt):
    plain = layered_cell()
    back = read(write(plain, tmp_path / f"cell.{fmt}", materials=MATERIALS))
    if fmt == "inp":  # Abaqus names faces by node sets: the importer turns them into edges
        assert set(back.node_sets) >= set(plain.line_sets)
        back = PlainMesh(back.points, back.cells, back.cell_type, back.cell_sets, plain.line_sets)
    assert back.cells.shape == plain.cells.shape and back.cell_type == "quad"
    got = measures(back)
    for name, value in {**EXPECTED_AREA, **EXPECTED_LENGTH}.items():
        assert got[name] == pytest.approx(value, rel=1e-12, abs=0), name
    centroids = [np.sort(m.points[m.cells].mean(axis=1).view("f8,f8").ravel()) for m in (plain, back)]
    assert np.allclose(centroids[0].view(float), centroids[1].view(float), rtol=0, atol=1e-12 * W)
    assert np.all(signed_areas(back.points, back.cells) > 0)  # counter-clockwise, as Abaqus needs


@pytest.mark.parametrize("fmt", ["inp", "msh"])
def test_checked_cell_has_builtin_groups_and_the_metal_profile(tmp_path, fmt):
    plain = with_metal(layered_cell())
    path = write(plain, tmp_path / f"cell.{fmt}", idealisation="hybrid")
    cell, (x, z) = check_cell(read(path), {}, "m")
    assert list(cell.cell_sets) == ["tpi", "pi"]
    assert list(cell.line_sets) == ["surface", "tpi/pi", "top", "left", "right"]
    got = measures(cell)
    for name, value in {**EXPECTED_AREA, **EXPECTED_LENGTH}.items():
        assert got[name] == pytest.approx(value, rel=1e-12, abs=0), name
    xs = np.linspace(0, W, 33)
    assert np.allclose(x, xs, atol=1e-15) and np.allclose(z, -0.25e-6 * (1 - np.cos(np.pi * xs / W)), atol=1e-18)


def _bad(tmp_path: Path, plain: PlainMesh, name: str = "cell.msh") -> Path:
    return write(plain, tmp_path / name)


def _replace(plain: PlainMesh, **changes) -> PlainMesh:
    fields = {k: getattr(plain, k) for k in ("points", "cells", "cell_type", "cell_sets", "line_sets")}
    return PlainMesh(**{**fields, **changes})


def _flip_one(plain: PlainMesh) -> PlainMesh:
    cells = plain.cells.copy()
    cells[5] = cells[5][::-1]
    return _replace(plain, cells=cells)


def _collapse_one(plain: PlainMesh) -> PlainMesh:
    cells = plain.cells.copy()
    cells[5] = [cells[5][0], cells[5][1], cells[5][1], cells[5][0]]
    return _replace(plain, cells=cells)


def _arrowhead(plain: PlainMesh) -> PlainMesh:
    points = plain.points.copy()
    a, c = plain.cells[5][0], plain.cells[5][2]
    points[c] = points[a] + 0.3 * (points[c] - points[a])  # the far corner pushed past the diagonal
    return _replace(plain, points=points)


def _overhang(plain: PlainMesh) -> PlainMesh:
    x = np.array([0.0, 0.6, 0.4, 1.0]) * W  # the outline turns back over x = 0.4 … 0.6 W
    return with_polyline(plain, "metal", x, np.array([0.0, -1.0, -2.0, -1.0]) * 1e-7)


def _above(plain: PlainMesh) -> PlainMesh:
    x = np.linspace(0, W, 9)
    return with_polyline(plain, "metal", x, 2e-7 * np.sin(np.pi * x / W))  # a bump through the TPI


def _tilted_side(plain: PlainMesh) -> PlainMesh:
    points = plain.points.copy()
    left = np.unique(plain.line_sets["left"])
    points[left, 0] += 0.01 * W * points[left, 1] / (H_TPI + H_PI)
    return _replace(plain, points=points)


BAD = {
    "missing cell set": (lambda p: _replace(p, cell_sets={"tpi": p.cell_sets["tpi"], "core": p.cell_sets["pi"]}), "pi"),
    "missing line set": (lambda p: _replace(p, line_sets={k: v for k, v in p.line_sets.items() if k != "top"}), "top"),
    "in none of the layers": (
        lambda p: _replace(p, cell_sets={"tpi": p.cell_sets["tpi"][1:], "pi": p.cell_sets["pi"]}),
        "tpi, pi",
    ),
    "inverted": (_flip_one, "cells"),
    "degenerate": (_collapse_one, "cells"),
    "not convex": (_arrowhead, "cells"),
    "overhangs": (_overhang, "metal"),
    "below the metal": (_above, "surface"),
    "vertical line": (_tilted_side, "left"),
}


@pytest.mark.parametrize("problem", BAD)
def test_bad_imports_name_the_file_and_the_set(tmp_path, problem):
    change, key = BAD[problem]
    path = _bad(tmp_path, change(layered_cell()), "cell.vtu")  # (meshio reads no msh cell outside a group)
    with pytest.raises(InputError, match=problem) as err:
        import_cell(path, MPI.COMM_SELF)
    assert err.value.file == str(path) and err.value.key == key


def test_units_are_checked_and_scaled(tmp_path):
    plain = layered_cell()
    in_um = _replace(plain, points=plain.points * 1e6)
    path = _bad(tmp_path, in_um)
    with pytest.raises(InputError, match="implausible") as err:
        import_cell(path, MPI.COMM_SELF)  # read as metres: a 4 m wide cell
    assert err.value.key == "units" and "um" in (err.value.accepted or "")
    cell, _ = check_cell(read(path, scale=1e-6), {}, "um")
    assert measures(cell)["tpi"] == pytest.approx(W * H_TPI, rel=1e-12, abs=0)
    with pytest.raises(InputError, match="not a length unit"):
        import_cell(path, MPI.COMM_SELF, units="parsec/s")


def test_unreadable_and_renamed_files(tmp_path):
    with pytest.raises(InputError, match="no such mesh file"):
        import_cell(tmp_path / "missing.msh", MPI.COMM_SELF)
    junk = tmp_path / "junk.msh"
    junk.write_text("not a mesh\n")
    with pytest.raises(InputError, match="meshio cannot read it") as err:
        import_cell(junk, MPI.COMM_SELF)
    assert err.value.file == str(junk)
    plain = layered_cell()
    renamed = _replace(plain, cell_sets={"TPI": plain.cell_sets["tpi"], "PI": plain.cell_sets["pi"]})
    cell, _ = check_cell(read(_bad(tmp_path, renamed)), {"tpi": "TPI", "pi": "PI"}, "m")
    assert set(cell.cell_sets) == {"tpi", "pi"}


def _polygon_area(x: np.ndarray, z: np.ndarray) -> float:
    return float(0.5 * abs(np.sum(x * np.roll(z, -1) - np.roll(x, -1) * z)))


@pytest.mark.parametrize("source", ["bundled.med", "gmsh.inp"])
def test_gmsh_written_micrograph_keeps_the_traced_geometry(tmp_path, source):
    """The section meshed and written by Gmsh (MED, or Abaqus with CPS/T3D elements): the TPI's area
    is the area of the traced polygon, the metal profile its traced outline."""
    section = NodularSection()
    path = BUNDLED if source == "bundled.med" else write_section(tmp_path / "section.inp", section)
    cell, (x, z) = check_cell(read(path, scale=1e-6), {}, "um")
    tx, metal, bottom = (a * 1e-6 for a in section.outline())
    polygon_x = np.concatenate([tx, [section.width * 1e-6, 0.0]])
    polygon_z = np.concatenate([bottom, [section.tpi_top * 1e-6] * 2])
    got = measures(cell)
    assert got["tpi"] == pytest.approx(_polygon_area(polygon_x, polygon_z), rel=1e-12, abs=0)
    assert got["pi"] == pytest.approx(section.width * (section.pi_top - section.tpi_top) * 1e-12, rel=1e-12, abs=0)
    assert got["surface"] == pytest.approx(float(np.sum(np.hypot(np.diff(tx), np.diff(bottom)))), rel=1e-12, abs=0)
    assert np.allclose(np.interp(tx, x, z), metal, rtol=0, atol=1e-15)


def test_linear_profile_against_a_triangle_wave():
    """A triangle wave of slope s: Rz = peak-to-valley, true/projected length √(1 + s²), Ra = Rz/4."""
    s, L = 0.75, 2e-6
    x = np.linspace(0, L, 5)
    z = s * np.array([0, 0.5, 0, 0.5, 0]) * L / 2
    prof = LinearProfile(tuple(x), tuple(z))
    r = prof.roughness()
    assert r["Rz_m"] == pytest.approx(s * L / 4, rel=1e-12, abs=0)
    assert r["length_ratio"] == pytest.approx(np.sqrt(1 + s**2), rel=1e-12)
    assert r["Ra_m"] == pytest.approx(s * L / 16, rel=1e-3)
    assert np.allclose(prof(x), z, rtol=0, atol=1e-12 * s * L)
    assert np.allclose(prof.slope(x[:-1] + 1e-9), [s, -s, s, -s])
    with pytest.raises(ValueError, match="increasing"):
        LinearProfile((0.0, 1.0, 1.0), (0.0, 0.0, 0.0))


def test_abaqus_surfaces_are_the_named_element_faces(tmp_path):
    """Abaqus face Sk of a CPE4/CPE3 element is its edge from node k to node k+1 (the Abaqus element
    library's convention): every face of every ``*SURFACE`` must be an edge of the group it names, and
    the faces must cover the group."""
    plain = layered_cell()
    text = write(plain, tmp_path / "cell.inp", idealisation="strain").read_text().splitlines()
    nodes: dict[int, list[int]] = {}
    elsets: dict[str, list[int]] = {}
    surfaces: dict[str, list[tuple[str, int]]] = {}
    key, name = None, None
    for line in text:
        if line.startswith("*") and not line.startswith("**"):
            words = [w.strip() for w in line.split(",")]
            key = words[0].upper()
            params = dict(w.split("=", 1) for w in words[1:] if "=" in w)
            name = (params.get("ELSET") or params.get("NAME") or "").strip('"')
            if key == "*ELSET":
                elsets[name] = []
            elif key == "*SURFACE":
                surfaces[name] = []
            continue
        values = [v.strip() for v in line.split(",") if v.strip()]
        if key == "*ELEMENT":
            nodes[int(values[0])] = [int(v) - 1 for v in values[1:]]
        elif key == "*ELSET" and name is not None:
            elsets[name] += [int(v) for v in values]
        elif key == "*SURFACE" and name is not None:
            surfaces[name].append((values[0].strip('"'), int(values[1].lstrip("S"))))
    assert set(surfaces) == set(plain.line_sets)
    for group, faces in surfaces.items():
        edges = {tuple(sorted(e)) for e in plain.line_sets[group].tolist()}
        found = set()
        for elset, k in faces:
            for element in elsets[elset]:
                n = nodes[element]
                found.add(tuple(sorted((n[k - 1], n[k % len(n)]))))
        assert found == edges, group
