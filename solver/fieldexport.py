"""A finished run's fields for tools that cannot read VTX: VTU series (with a ParaView ``.pvd``) or
XDMF time series.

A run writes its fields as VTX (ADIOS2 ``.bp`` folders, one per field; DOLFINx's ``VTXWriter``):
each holds, per time step and per writing rank, the points of the field's space, the cells
(VTK Lagrange cells), the values, and the points' global numbers. :func:`read_vtx` reads one back
with the ADIOS2 Python bindings (the ``exchange`` extra), merging the ranks' blocks (points by their
global number, cells by their points, so ghosts are counted once); :func:`export_fields` writes every
field of a run folder in the chosen format. It runs on one process and does not need DOLFINx.
"""

from __future__ import annotations

import contextlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import InputError, ThermobondError

__all__ = ["EXPORT_FORMATS", "FieldSeries", "export_fields", "read_vtx", "write_series"]

EXPORT_FORMATS = ("vtu", "xdmf")
#: VTK Lagrange cell (type, nodes) → meshio cell type (the node orders agree up to order 2, except
#: the hexahedron's face nodes: :data:`_REORDER`)
_CELLS = {
    (70, 4): "quad",
    (70, 9): "quad9",
    (69, 3): "triangle",
    (69, 6): "triangle6",
    (9, 4): "quad",
    (5, 3): "triangle",
    (72, 8): "hexahedron",
    (12, 8): "hexahedron",
    (72, 27): "hexahedron27",
}
#: The Lagrange hexahedron (VTK 72) lists its face nodes as x = 0, x = 1, y = 0, y = 1, z = 0, z = 1;
#: the triquadratic hexahedron (VTK 29, meshio's ``hexahedron27``) as y = 0, x = 1, y = 1, x = 0,
#: z = 0, z = 1 (VTK's vtkTriQuadraticHexahedron documentation); corners and edges agree
_REORDER = {(72, 27): np.array([*range(20), 22, 21, 23, 20, 24, 25, 26])}
_BOOKKEEPING = {"geometry", "connectivity", "types", "vtkGhostType", "vtkOriginalPointIds", "step"}


@dataclass(frozen=True)
class FieldSeries:
    """One VTX file read back: a mesh and its values at each written time.

    Attributes:
        name: The file's name without ``.bp``.
        points: Point coordinates (N, 3) (m).
        cell_type: meshio cell type.
        cells: Point indices of each cell (M, k).
        times: Time of each step (s).
        point_data: Per step, field name → values at the points.
        cell_data: Per step, field name → values per cell.
    """

    name: str
    points: np.ndarray
    cell_type: str
    cells: np.ndarray
    times: tuple[float, ...]
    point_data: tuple[dict[str, np.ndarray], ...]
    cell_data: tuple[dict[str, np.ndarray], ...]


def _adios2() -> Any:
    try:
        import adios2  # optional: the ADIOS2 Python bindings (thermobond[exchange])
    except ImportError:
        raise ThermobondError(
            "reading VTX fields needs the ADIOS2 Python bindings: pip install 'thermobond[exchange]'"
        ) from None
    return adios2


def _layout(reader: Any) -> tuple[list[str], list[str]]:
    """Names of the point and cell fields, from the VTK schema the file carries."""
    xml = reader.available_attributes()["vtk.xml"]["Value"].strip('"')
    piece = ET.fromstring(xml).find("UnstructuredGrid/Piece")
    if piece is None:
        raise ValueError("no VTK schema in the file")

    def names(tag: str) -> list[str]:
        node = piece.find(tag)
        return [] if node is None else [a.get("Name", "") for a in node if a.get("Name") not in _BOOKKEEPING | {"TIME"}]

    return names("PointData"), names("CellData")


def read_vtx(path: Path) -> FieldSeries:
    """Read a VTX ``.bp`` folder written by DOLFINx (serial; every rank's blocks merged).

    Raises:
        InputError: Not a readable VTX folder, or cells of a type VTU/XDMF cannot hold here.
        ThermobondError: The ADIOS2 Python bindings are missing.
    """
    adios2 = _adios2()
    try:
        with adios2.FileReader(str(path)) as f:
            point_names, cell_names = _layout(f)
            steps = f.num_steps()
            blocks = len(f.all_blocks_info("geometry")[0])

            def get(name: str, step: int, block: int | None) -> np.ndarray:
                v = f.inquire_variable(name)
                v.set_step_selection([step, 1])
                if block is not None:
                    v.set_block_selection(block)
                return np.asarray(f.read(v))

            times, pdata, cdata = [], [], []
            mesh: tuple[np.ndarray, np.ndarray, str] | None = None
            for step in range(steps):
                times.append(float(get("step", step, None).ravel()[0]))
                parts = [
                    {
                        n: get(n, step, b)
                        for n in ["geometry", "connectivity", "vtkOriginalPointIds", *point_names, *cell_names]
                    }
                    for b in range(blocks)
                ]
                kind = int(get("types", step, None).ravel()[0])
                points, cells, keep_p, keep_c = _merge(parts)
                if mesh is None:
                    nodes = cells.shape[1]
                    if (kind, nodes) not in _CELLS:
                        raise InputError(
                            "cells of a type not exported", file=path, value=f"VTK type {kind}, {nodes} nodes"
                        )
                    if (kind, nodes) in _REORDER:
                        cells = cells[:, _REORDER[kind, nodes]]
                    mesh = (points, cells, _CELLS[kind, nodes])
                elif points.shape != mesh[0].shape or not np.allclose(points, mesh[0]):
                    raise InputError("the mesh moves between steps; export needs a fixed mesh", file=path)
                pdata.append({n: np.concatenate([p[n] for p in parts])[keep_p] for n in point_names})
                cdata.append({n: np.concatenate([p[n] for p in parts])[keep_c] for n in cell_names})
    except (ValueError, KeyError, RuntimeError) as exc:
        raise InputError(f"not a readable VTX folder: {exc}", file=path) from None
    if mesh is None:
        raise InputError("the VTX folder holds no step", file=path)
    return FieldSeries(path.stem, mesh[0], mesh[2], mesh[1], tuple(times), tuple(pdata), tuple(cdata))


def _merge(parts: list[dict[str, np.ndarray]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The ranks' blocks as one mesh: points by global number, cells by their points.

    Returns:
        Points, cells, and which of the concatenated points and cells were kept.
    """
    for p in parts:
        c = p["connectivity"]
        p["connectivity"] = c.reshape(-1, int(c.ravel()[0]) + 1) if c.ndim == 1 else c
    ids = np.concatenate([p["vtkOriginalPointIds"].ravel() for p in parts]).astype(np.int64)
    xyz = np.concatenate([p["geometry"].reshape(-1, 3) for p in parts])
    offsets = np.cumsum([0] + [p["geometry"].reshape(-1, 3).shape[0] for p in parts])
    conn = np.concatenate([p["connectivity"][:, 1:] + o for p, o in zip(parts, offsets, strict=False)])
    unique_ids, keep_p, where = np.unique(ids, return_index=True, return_inverse=True)
    cells_global = unique_ids[where[conn]]
    _, keep_c = np.unique(np.sort(cells_global, axis=1), axis=0, return_index=True)
    keep_c = np.sort(keep_c)
    return xyz[keep_p], where.reshape(-1)[conn[keep_c]], keep_p, keep_c


def write_series(series: FieldSeries, folder: Path, fmt: str) -> Path:
    """Write a series as ``<name>.pvd`` + ``<name>_<k>.vtu`` or ``<name>.xdmf`` + ``.h5``.

    Returns:
        The file to open (the ``.pvd`` or the ``.xdmf``).
    """
    # meshio: optional extra `exchange`
    import meshio

    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; accepted: {', '.join(EXPORT_FORMATS)}")
    folder.mkdir(parents=True, exist_ok=True)
    cells = [(series.cell_type, series.cells)]
    if fmt == "xdmf":
        out = folder.resolve() / f"{series.name}.xdmf"
        # meshio 5.3 puts the .h5 in the working directory, not beside the .xdmf (meshio issue 1442)
        with contextlib.chdir(out.parent), meshio.xdmf.TimeSeriesWriter(out.name) as writer:
            writer.write_points_cells(series.points, cells)
            for t, pd, cd in zip(series.times, series.point_data, series.cell_data, strict=True):
                writer.write_data(t, point_data=pd, cell_data={n: [v] for n, v in cd.items()})
        return out
    entries = []
    for k, (t, pd, cd) in enumerate(zip(series.times, series.point_data, series.cell_data, strict=True)):
        name = f"{series.name}_{k:04d}.vtu"
        meshio.write(
            folder / name, meshio.Mesh(series.points, cells, point_data=pd, cell_data={n: [v] for n, v in cd.items()})
        )
        entries.append(f'    <DataSet timestep="{t!r}" group="" part="0" file="{name}"/>')
    out = folder / f"{series.name}.pvd"
    out.write_text(
        '<?xml version="1.0"?>\n<VTKFile type="Collection" version="0.1">\n  <Collection>\n'
        + "\n".join(entries)
        + "\n  </Collection>\n</VTKFile>\n"
    )
    return out


def export_fields(run: Path, fmt: str, output: Path | None = None) -> list[Path]:
    """Export every VTX field of a run folder (``fields/*.bp``, ``interface/fields/*.bp``).

    Args:
        run: The results folder of a finished run.
        fmt: ``vtu`` or ``xdmf``.
        output: Where to write (default ``<run>/export``); the folders under ``run`` are kept.

    Returns:
        The files to open, one per field.

    Raises:
        InputError: No fields in the folder (a run with ``[output] fields = false``), or a bad format.
    """
    if fmt not in EXPORT_FORMATS:
        raise InputError("unknown export format", key="--format", value=fmt, accepted=", ".join(EXPORT_FORMATS))
    sources = sorted(p for p in run.glob("**/fields/*.bp") if p.is_dir() and "export" not in p.relative_to(run).parts)
    if not sources:
        raise InputError(
            "the folder holds no fields (fields/*.bp)", file=run, accepted="a finished run with [output] fields = true"
        )
    target = run / "export" if output is None else output
    return [write_series(read_vtx(src), target / src.parent.relative_to(run), fmt) for src in sources]
