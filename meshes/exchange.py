"""Meshes in the formats of the tools users already have, through meshio.

Writing (:func:`write_mesh` for DOLFINx ``MeshData``, :func:`write` for a :class:`PlainMesh`) and
reading (:func:`read`) carry every named group under its own name:

============  =====================================  ==================================  ==========================
format        layers (2-D groups)                    faces, interfaces (1-D groups)      materials
============  =====================================  ==================================  ==========================
``inp``       ``*ELEMENT, ELSET=`` (CPE4/CPS4/…)     ``*NSET`` and ``*SURFACE``          ``**`` comments
              and ``*NSET``                          (element faces; the metal as an
                                                     analytical ``TYPE=SEGMENTS``)
``med``       element groups (families)              ``SEG2`` element groups             ``material:<name>`` fields
``msh``       physical groups (Gmsh 4.1, ASCII)      line physical groups                ``$Comments``, fields
``vtu``       a 0/1 cell array per group name        line cells, 0/1 array per group     fields, XML comment
``xdmf``      as ``vtu`` (HDF5 heavy data)           as ``vtu``                          fields, XML comment
============  =====================================  ==================================  ==========================

Lengths are written in metres. Abaqus element types follow the 2-D idealisation (``CPE`` plane
strain, ``CPEG`` generalized plane strain, ``CPS`` plane stress, ``CPE…H`` hybrid for the nearly
incompressible interface cell); meshio 5.3 does not know CPE/CPEG/CAX names, so :func:`read`
teaches them to its Abaqus reader while it reads (they have the nodes of CPS elements).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .abaqus import ABAQUS_ELEMENTS, INTERNAL, abaqus_text, plane_elements
from .plainmesh import PlainMesh, gather

__all__ = ["ABAQUS_ELEMENTS", "FORMATS", "read", "with_polyline", "write", "write_mesh"]

FORMATS = ("inp", "med", "msh", "vtu", "xdmf")
_MATERIAL = "material:"


def _format(path: Path, fmt: str | None) -> str:
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown mesh format {fmt!r} of {path}; accepted: {', '.join(FORMATS)}")
    return fmt


def write_mesh(
    mesh_data: Any,
    path: Path,
    fmt: str | None = None,
    *,
    materials: Mapping[str, str] | None = None,
    metal: tuple[np.ndarray, np.ndarray] | None = None,
    idealisation: str = "strain",
    title: str = "thermobond mesh",
) -> Path:
    """Write distributed DOLFINx ``MeshData`` in a foreign format (collective; rank 0 writes).

    Args:
        mesh_data: A 2-D mesh with named groups (a stack section or an interface cell).
        path: File to write; its suffix gives the format unless ``fmt`` does.
        fmt: One of :data:`FORMATS`.
        materials: Layer name → its material, written as comments and fields.
        metal: The rigid metal surface of an interface cell, sampled as (x, z) (m), written as the
            1-D group ``metal`` on nodes of its own.
        idealisation: Abaqus element family: ``axisymmetric`` (x is the radius), ``strain``,
            ``plate``, ``stress`` or ``hybrid``.
        title: First line of the file's comments.

    Returns:
        The path written.

    Raises:
        ValueError: An unknown format or idealisation (on every rank, before any collective).
    """
    fmt = _format(path, fmt)
    if idealisation not in ABAQUS_ELEMENTS:
        raise ValueError(f"unknown idealisation {idealisation!r}; accepted: {', '.join(ABAQUS_ELEMENTS)}")
    plain = gather(mesh_data)
    comm = mesh_data.mesh.comm
    error = None
    if comm.rank == 0 and plain is not None:
        try:
            if metal is not None:
                plain = with_polyline(plain, "metal", *metal)
            write(plain, path, fmt, materials=materials, idealisation=idealisation, title=title)
        except Exception as exc:  # re-raised on every rank below
            error = f"{type(exc).__name__}: {exc}"
    error = comm.bcast(error, root=0)
    if error is not None:
        raise RuntimeError(f"writing {path} failed: {error}")
    return path


def with_polyline(plain: PlainMesh, name: str, x: np.ndarray, z: np.ndarray) -> PlainMesh:
    """``plain`` with a 1-D group ``name``: the polyline through (x, z) on nodes of its own (m)."""
    n0 = plain.points.shape[0]
    nodes = np.arange(n0, n0 + x.size)
    return PlainMesh(
        np.vstack([plain.points, np.column_stack([x, z])]),
        plain.cells,
        plain.cell_type,
        plain.cell_sets,
        {**plain.line_sets, name: np.column_stack([nodes[:-1], nodes[1:]])},
    )


def _comments(plain: PlainMesh, materials: Mapping[str, str], title: str) -> list[str]:
    lines = [title, "lengths in m; groups: " + ", ".join(plain.group_names)]
    lines += [f"layer {name}: material {materials[name]}" for name in plain.cell_sets if name in materials]
    return lines


def write(
    plain: PlainMesh,
    path: Path,
    fmt: str | None = None,
    *,
    materials: Mapping[str, str] | None = None,
    idealisation: str = "strain",
    title: str = "thermobond mesh",
) -> Path:
    """Write a :class:`PlainMesh` (one process). Arguments as :func:`write_mesh`."""
    fmt = _format(path, fmt)
    materials = dict(materials or {})
    notes = _comments(plain, materials, title)
    if fmt == "inp":
        path.write_text(abaqus_text(plain, notes, idealisation))
        return path
    if fmt == "msh":
        _gmsh(plain, path)
        with path.open("a") as f:  # Gmsh skips sections it does not know: the usual place for notes
            f.write("$Comments\n" + "\n".join(notes) + "\n$EndComments\n")
        return path
    # meshio, h5py, Gmsh: optional, loaded by the format that needs them
    import meshio

    mesh = _to_meshio(plain, materials, fmt)
    if fmt == "med":
        meshio.write(path, mesh, file_format="med")
        _med_families(path, {-i: [n] for i, n in enumerate(plain.group_names, start=1)})
    else:
        meshio.write(path, mesh, file_format=fmt)
        text = path.read_text()
        head, sep, rest = text.partition("?>")
        comment = "<!--\n" + "\n".join(n.replace("--", "- -") for n in notes) + "\n-->"
        path.write_text(f"{head}{sep}\n{comment}{rest}" if sep else f"{comment}\n{text}")
    return path


def _gmsh(plain: PlainMesh, path: Path) -> None:
    """A Gmsh 4.1 file written by Gmsh itself: a discrete entity per group, named physical groups."""
    # meshio, h5py, Gmsh: optional, loaded by the format that needs them
    import gmsh

    # meshio, h5py, Gmsh: optional, loaded by the format that needs them
    from .gmshmodel import initialized

    kinds = {"quad": 3, "triangle": 2}  # Gmsh element types
    with initialized(gmsh):
        gmsh.model.add("thermobond-export")
        try:
            model = gmsh.model
            nodes = np.arange(1, plain.points.shape[0] + 1)
            xyz = np.column_stack([plain.points, np.zeros(nodes.size)]).ravel()
            entities: list[tuple[int, str | None, np.ndarray, int]] = [
                (2, n, plain.cells[idx], kinds[plain.cell_type]) for n, idx in plain.cell_sets.items()
            ]
            assigned = np.zeros(plain.cells.shape[0], bool)
            for idx in plain.cell_sets.values():
                assigned[idx] = True
            if not assigned.all():  # cells of no group: an entity without a physical group
                entities.append((2, None, plain.cells[~assigned], kinds[plain.cell_type]))
            entities += [(1, n, e, 1) for n, e in plain.line_sets.items()]
            for i, (dim, name, cells, etype) in enumerate(entities, start=1):
                model.addDiscreteEntity(dim, i)
                if i == 1:  # nodes live on the first entity; elements elsewhere may use them
                    model.mesh.addNodes(dim, i, nodes, xyz)
                model.mesh.addElementsByType(i, etype, [], (cells + 1).ravel())
                if name is not None:
                    model.addPhysicalGroup(dim, [i], i, name=name)
            gmsh.option.setNumber("Mesh.SaveAll", 1)  # keep elements of no physical group
            gmsh.option.setNumber("Mesh.MshFileVersion", 4.1)
            gmsh.option.setNumber("Mesh.Binary", 0)
            gmsh.write(str(path))
        finally:
            gmsh.model.remove()


def _to_meshio(plain: PlainMesh, materials: Mapping[str, str], fmt: str) -> Any:
    """One cell block per group; how the names travel depends on the format (module docstring)."""
    # meshio, h5py, Gmsh: optional, loaded by the format that needs them
    import meshio

    blocks: list[tuple[str, np.ndarray]] = []
    owners: list[str | None] = []
    assigned = np.zeros(plain.cells.shape[0], bool)
    for name, idx in plain.cell_sets.items():
        blocks.append((plain.cell_type, plain.cells[idx]))
        owners.append(name)
        assigned[idx] = True
    if not assigned.all():
        blocks.append((plain.cell_type, plain.cells[~assigned]))
        owners.append(None)
    for name, edges in plain.line_sets.items():
        blocks.append(("line", edges))
        owners.append(name)
    names = plain.group_names
    tags = {name: i for i, name in enumerate(names, start=1)}
    cell_data: dict[str, list[np.ndarray]] = {}
    sizes = [b[1].shape[0] for b in blocks]

    def per_block(value: Any, dtype: Any = np.int32) -> list[np.ndarray]:
        return [np.full(n, value(o), dtype=dtype) for n, o in zip(sizes, owners, strict=True)]

    if fmt == "med":
        # MED: element families are negative, each carrying the names of its groups
        cell_data["cell_tags"] = per_block(lambda o: -tags[o] if o is not None else 0)
    else:
        for name in names:
            cell_data[name] = per_block(lambda o, name=name: o == name, np.int8)
    for material in sorted(set(materials.values())):
        cell_data[_MATERIAL + material] = per_block(lambda o, m=material: materials.get(o or "") == m, np.int8)
    if fmt == "med":
        return _merged_by_type(plain.points, blocks, cell_data)
    points = np.column_stack([plain.points, np.zeros(plain.points.shape[0])])
    return meshio.Mesh(points, blocks, cell_data=cell_data)


def _merged_by_type(
    points: np.ndarray,
    blocks: list[tuple[str, np.ndarray]],
    cell_data: dict[str, list[np.ndarray]],
) -> Any:
    """A MED mesh: one block per cell type (MED allows no more); families by :func:`_med_families`."""
    # meshio, h5py, Gmsh: optional, loaded by the format that needs them
    import meshio

    kinds = list(dict.fromkeys(k for k, _ in blocks))
    merged = [(k, np.concatenate([c for kk, c in blocks if kk == k])) for k in kinds]
    data = {
        name: [np.concatenate([a for (kk, _), a in zip(blocks, arrays, strict=True) if kk == k]) for k in kinds]
        for name, arrays in cell_data.items()
    }
    return meshio.Mesh(points, merged, cell_data=data)


def _med_families(path: Path, families: Mapping[int, list[str]]) -> None:
    """Name the element families of a MED file (meshio 5.3 would use each group name as an HDF5
    path, so ``tpi/pi`` would become a nested group)."""
    # meshio, h5py, Gmsh: optional, loaded by the format that needs them
    import h5py

    with h5py.File(path, "a") as f:
        eleme = f["FAS"]["mesh"].require_group("ELEME")
        for num, names in families.items():
            family = eleme.create_group(f"FAM_{num}")
            family.attrs.create("NUM", num)
            groups = family.create_group("GRO")
            groups.attrs.create("NBR", len(names))
            nom = groups.create_dataset("NOM", (len(names),), dtype="80int8")
            for i, name in enumerate(names):
                encoded = name.encode()[:80]
                nom[i] = np.frombuffer(encoded.ljust(80, b"\0"), dtype=np.int8)


def read(path: Path, *, scale: float = 1.0) -> PlainMesh:
    """Read a 2-D mesh with named groups from any format meshio reads (one process).

    Names are taken from, in this order: meshio's cell and point sets (Abaqus ``*ELSET``/``*NSET``,
    Gmsh physical groups), MED families, Gmsh physical names with ``gmsh:physical`` tags, and 0/1
    cell arrays (what :func:`write` puts in VTU/XDMF). Node sets (Abaqus) are kept in
    :attr:`PlainMesh.node_sets`; :mod:`thermobond.meshes.importing` turns them into edges. Element
    sets whose names start with ``_`` (the faces of Abaqus surfaces) are skipped.

    Args:
        path: The file.
        scale: Metres per file length unit.

    Raises:
        ValueError: No 2-D cells, or cells of more than one 2-D type (``meshio`` errors pass through).
    """
    # meshio, h5py, Gmsh: optional, loaded by the format that needs them
    import meshio

    with plane_elements():
        mesh = meshio.read(path)
    kinds = {b.type for b in mesh.cells if b.dim == 2}
    if not kinds:
        raise ValueError("the file has no 2-D cells")
    if len(kinds) > 1 or not kinds <= {"triangle", "quad"}:
        raise ValueError(f"cells of type {', '.join(sorted(kinds))}; accepted: one of triangle, quad (linear)")
    (kind,) = kinds
    surfaces = [i for i, b in enumerate(mesh.cells) if b.type == kind]
    start = np.cumsum([0] + [mesh.cells[i].data.shape[0] for i in surfaces])
    offset = dict(zip(surfaces, start[:-1], strict=True))
    cells = np.concatenate([mesh.cells[i].data for i in surfaces]).astype(np.int64)
    cell_sets: dict[str, list[np.ndarray]] = {}
    line_sets: dict[str, list[np.ndarray]] = {}

    def add(name: str, block: int, idx: np.ndarray) -> None:
        b = mesh.cells[block]
        if name.startswith((INTERNAL, "gmsh:")) or idx.size == 0:
            return
        if b.type == kind:
            cell_sets.setdefault(name, []).append(offset[block] + idx)
        elif b.type == "line":
            line_sets.setdefault(name, []).append(b.data[idx].astype(np.int64))

    for name, per_block in _named_blocks(mesh).items():
        for block, idx in per_block:
            add(name.strip('"'), block, np.asarray(idx, dtype=np.int64))
    points = np.asarray(mesh.points[:, :2], dtype=float) * scale
    node_sets = {n.strip('"'): np.asarray(v, dtype=np.int64) for n, v in _node_sets(mesh).items()}
    return PlainMesh(
        points,
        cells,
        kind,
        {n: np.unique(np.concatenate(v)) for n, v in cell_sets.items()},
        {n: np.concatenate(v) for n, v in line_sets.items()},
        node_sets,
    )


def _named_blocks(mesh: Any) -> dict[str, list[tuple[int, np.ndarray]]]:
    """Group name → (block, indices in the block), from whichever convention the file uses."""
    out: dict[str, list[tuple[int, np.ndarray]]] = {}
    for name, per_block in mesh.cell_sets.items():
        for b, idx in enumerate(per_block):
            if idx is not None and len(idx):
                out.setdefault(name, []).append((b, np.asarray(idx)))
    if out:
        return out
    families = getattr(mesh, "cell_tags", None) or {}
    if families and "cell_tags" in mesh.cell_data:
        for b, fam in enumerate(mesh.cell_data["cell_tags"]):
            for tag, names in families.items():
                for name in names:
                    out.setdefault(name, []).append((b, np.flatnonzero(fam == tag)))
        return out
    if "gmsh:physical" in mesh.cell_data and mesh.field_data:
        for name, (tag, dim) in mesh.field_data.items():
            for b, phys in enumerate(mesh.cell_data["gmsh:physical"]):
                if mesh.cells[b].dim == dim:
                    out.setdefault(name, []).append((b, np.flatnonzero(phys == tag)))
        return out
    for name, arrays in mesh.cell_data.items():
        values = np.concatenate([np.asarray(a).ravel() for a in arrays])
        if name.startswith(_MATERIAL) or values.dtype.kind not in "iub" or not np.isin(values, (0, 1)).all():
            continue
        out[name] = [(b, np.flatnonzero(np.asarray(a).ravel() == 1)) for b, a in enumerate(arrays)]
    return out


def _node_sets(mesh: Any) -> dict[str, np.ndarray]:
    out = {n: np.asarray(v) for n, v in mesh.point_sets.items()}
    families = getattr(mesh, "point_tags", None) or {}
    if families and "point_tags" in mesh.point_data:
        fam = mesh.point_data["point_tags"]
        for tag, names in families.items():
            for name in names:
                out[name] = np.union1d(out.get(name, np.zeros(0, int)), np.flatnonzero(fam == tag))
    return out
