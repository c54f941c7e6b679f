"""Outside 2-D meshes as thermobond meshes: an interface cell or a stack section from any format
meshio reads (a cross-section traced from a micrograph, a mesh made in another pre-processor).

The file names its regions with cell sets and its faces with line (or node) sets; these are checked
and returned as DOLFINx ``MeshData`` under the group names the built-in builders use, so a model
cannot tell an imported mesh from a built one:

* interface cell (:func:`import_cell`): cell sets ``tpi`` and ``pi``; line sets ``surface`` (the
  TPI's bottom, where it meets the metal), ``top``, ``left``, ``right`` (the sides are symmetry
  planes, so they must be vertical lines at the cell's ends); ``tpi/pi`` is found from the cells when
  the file has none. The rigid metal surface is the line set ``metal`` if there is one (the TPI may
  then stand above the valleys), else the ``surface`` itself (a TPI that fills the roughness). It
  must be a graph z = f(x) over the whole width and becomes the profile the contact law evaluates.
* stack section (:func:`import_section`): a cell set per layer (bottom to top), line sets
  ``bottom``, ``top``, ``left``, ``right``; the interfaces ``lower/upper`` are found from the cells.

Names in the file may differ (``names`` maps thermobond's name to the file's). Lengths are scaled
from ``units`` to metres. Every problem is an :class:`~thermobond.errors.InputError` naming the file,
the set, the value and what is accepted, raised on every rank.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from mpi4py import MPI
from thermobond.errors import InputError
from thermobond.units import parse_quantity

from .checks import CheckError, check_cells, graph_polyline, line_edges
from .plainmesh import PlainMesh, edge_cells, to_mesh_data
from .polyline import LinearProfile
from .surface import CosineProfile, _from_samples

__all__ = ["CELL_LAYERS", "CELL_LINES", "ImportedCell", "import_cell", "import_section", "length_scale", "read_cell"]

CELL_LAYERS = ("tpi", "pi")
CELL_LINES = ("surface", "top", "left", "right")
SECTION_LINES = ("bottom", "top", "left", "right")
#: plausible widths (m): an interface cell spans nodules, a section a coupon
_CELL_WIDTH = (1e-8, 1e-3)
_SECTION_WIDTH = (1e-5, 1.0)


@dataclass(frozen=True)
class ImportedCell:
    """An interface cell read from a file.

    Attributes:
        mesh_data: DOLFINx ``MeshData`` with the groups ``tpi``, ``pi``, ``surface``, ``tpi/pi``,
            ``top``, ``left``, ``right``; x runs over [0, L].
        profile: The rigid metal surface z = f(x) on [0, L] (m).
        source: The file.
    """

    mesh_data: Any
    profile: LinearProfile | CosineProfile
    source: Path


def length_scale(units: str, *, file: Path | None = None) -> float:
    """Metres per length unit of a mesh file (``"m"``, ``"mm"``, ``"um"``, ``"nm"``, …)."""

    try:
        return parse_quantity(f"1 {units}", "length", key="units", file=None if file is None else str(file))
    except InputError:
        raise InputError("not a length unit", file=file, key="units", value=units, accepted="m, mm, um, nm") from None


def _read(path: Path, scale: float) -> PlainMesh:
    # meshio: optional extra `exchange`
    from meshio import ReadError

    # meshio: optional extra `exchange`
    from .exchange import read

    if not path.is_file():
        raise CheckError("no such mesh file", key="file", value=str(path))
    try:
        return read(path, scale=scale)
    except (ReadError, ValueError, KeyError, IndexError, OSError, SystemExit) as exc:
        # (meshio 5.3 calls sys.exit on a file no reader of its suffix takes, after printing why)
        text = str(exc) if not isinstance(exc, SystemExit) else "no reader takes it"
        raise CheckError(f"meshio cannot read it: {text}", accepted="a 2-D mesh in any format meshio reads") from None


def _collective(comm: Any, path: Path, work: Any) -> Any:
    """Run ``work()`` on rank 0; a :class:`CheckError` there becomes an InputError on every rank."""

    result, problem = None, None
    if comm.rank == 0:
        try:
            result = work()
        except CheckError as exc:
            problem = exc.fields
    problem = comm.bcast(problem, root=0)
    if problem is not None:
        raise InputError(problem.pop("message"), file=path, **problem)
    return result


def read_cell(
    path: Path,
    *,
    units: str = "m",
    names: Mapping[str, str] | None = None,
    profile: Literal["linear", "cosine"] = "linear",
    modes: int = 256,
) -> tuple[PlainMesh, LinearProfile | CosineProfile]:
    """Read and check an interface cell on this process only (no DOLFINx): what a case reader needs
    to validate the file and know the surface before any mesh exists. Arguments as :func:`import_cell`.

    Returns:
        The checked cell (thermobond's groups, x from 0) and the metal surface.

    Raises:
        InputError: See :func:`import_cell`.
    """

    path = Path(path)
    if profile not in ("linear", "cosine"):
        raise InputError("unknown surface profile", file=path, key="profile", value=profile, accepted="linear, cosine")
    scale = length_scale(units, file=path)
    try:
        plain, (x, z) = check_cell(_read(path, scale), dict(names or {}), units)
    except CheckError as exc:
        fields = dict(exc.fields)
        raise InputError(fields.pop("message"), file=path, **fields) from None
    if profile == "linear":
        return plain, LinearProfile(tuple(map(float, x)), tuple(map(float, z)))
    L = float(x[-1])
    n = max(4096, 8 * modes)
    xs = (np.arange(n) + 0.5) * L / n
    return plain, _from_samples(np.interp(xs, x, z), L, modes, "mesh")


def import_cell(
    path: Path,
    comm: Any = None,
    *,
    units: str = "m",
    names: Mapping[str, str] | None = None,
    profile: Literal["linear", "cosine"] = "linear",
    modes: int = 256,
) -> ImportedCell:
    """An interface cell from a mesh file (collective; see the module docstring for the sets).

    Args:
        path: The mesh file.
        comm: Communicator to distribute it over (default ``MPI.COMM_WORLD``).
        units: Length unit of the file.
        names: thermobond group name → name in the file, where they differ.
        profile: The metal surface as a polyline through the traced nodes (``linear``: exact at the
            nodes, kinks kept) or a cosine series of ``modes`` terms fitted to it (``cosine``: smooth,
            reflected at the ends like the built-in surfaces).
        modes: Terms of the cosine series.

    Raises:
        InputError: The file cannot be read, a set is missing, a cell is inverted or degenerate, a
            side is not vertical, the metal surface is not a graph over the width, the TPI lies
            below the metal, or the size is implausible for the units (on every rank).
    """

    comm = MPI.COMM_WORLD if comm is None else comm
    path = Path(path)
    result, problem = None, None
    if comm.rank == 0:
        try:
            result = read_cell(path, units=units, names=names, profile=profile, modes=modes)
        except InputError as exc:
            problem = {"message": exc.reason, "key": exc.key, "value": exc.value, "accepted": exc.accepted}
    problem = comm.bcast(problem, root=0)
    if problem is not None:
        raise InputError(problem.pop("message"), file=path, **problem)
    plain, prof = result if result is not None else (None, None)
    prof = comm.bcast(prof, root=0)
    return ImportedCell(to_mesh_data(plain, comm), prof, path)


def import_section(
    path: Path,
    layers: Sequence[str],
    comm: Any = None,
    *,
    units: str = "m",
    names: Mapping[str, str] | None = None,
) -> Any:
    """A stack section from a mesh file (collective): DOLFINx ``MeshData`` with a group per layer,
    ``bottom``, ``top``, ``left``, ``right`` and every interface ``lower/upper``, in the stack
    model's frame (x centred on the coupon, y = 0 at the bottom face).

    Args:
        path: The mesh file.
        layers: The case's layer names, bottom to top.
        comm: Communicator (default ``MPI.COMM_WORLD``).
        units: Length unit of the file.
        names: thermobond group name → name in the file, where they differ.

    Raises:
        InputError: As :func:`import_cell`; also when a layer does not meet the next one, or the
            section has no nodes at (0, 0) and (0, H) where the stack model holds it.
    """

    comm = MPI.COMM_WORLD if comm is None else comm
    path = Path(path)
    scale = length_scale(units, file=path)
    rename = dict(names or {})
    plain = _collective(comm, path, lambda: check_section(_read(path, scale), list(layers), rename, units))
    return to_mesh_data(plain, comm)


def _take(plain: PlainMesh, layers: Sequence[str], lines: Sequence[str], rename: Mapping[str, str]) -> Any:
    """The named sets under thermobond's names, with the cells checked (shared by cell and section)."""
    missing = [rename.get(n, n) for n in layers if rename.get(n, n) not in plain.cell_sets]
    if missing:
        raise CheckError(
            "missing cell set",
            key=missing[0],
            accepted=f"cell sets found: {', '.join(plain.cell_sets) or 'none'}",
        )
    cells, cell_sets = check_cells(plain, {n: plain.cell_sets[rename.get(n, n)] for n in layers})
    edges, adjacent = edge_cells(cells)
    layer_of = np.full(cells.shape[0], -1)
    for i, n in enumerate(layers):
        layer_of[cell_sets[n]] = i
    line_sets = {}
    for n in lines:
        where = rename.get(n, n)
        line_sets[n] = line_edges(plain, where, edges, adjacent, layer_of)
    return cells, cell_sets, line_sets, edges, adjacent, layer_of


def _interfaces(layers: Sequence[str], edges: np.ndarray, adjacent: np.ndarray, layer_of: np.ndarray) -> Any:
    """``lower/upper`` → the edges shared by a cell of each."""
    a, b = adjacent[:, 0], adjacent[:, 1]
    inner = b >= 0
    out = {}
    for i in range(len(layers) - 1):
        pair = inner & (
            ((layer_of[a] == i) & (layer_of[np.maximum(b, 0)] == i + 1))
            | ((layer_of[a] == i + 1) & (layer_of[np.maximum(b, 0)] == i))
        )
        if not pair.any():
            raise CheckError(
                "these layers do not meet", key=f"{layers[i]}/{layers[i + 1]}", accepted="layers listed bottom to top"
            )
        out[f"{layers[i]}/{layers[i + 1]}"] = edges[pair]
    return out


def _check_width(points: np.ndarray, bounds: tuple[float, float], units: str, what: str) -> float:
    width = float(np.ptp(points[:, 0]))
    if not bounds[0] <= width <= bounds[1]:
        raise CheckError(
            f"a {width:.3g} m wide {what} is implausible: are the file's lengths in {units}?",
            key="units",
            value=units,
            accepted=f"the unit of the file's lengths (m, mm, um, nm); a {what} is {bounds[0]:g}-{bounds[1]:g} m wide",
        )
    return width


def _check_sides(points: np.ndarray, used: np.ndarray, lines: Mapping[str, np.ndarray], tol: float) -> None:
    x0, x1 = points[used, 0].min(), points[used, 0].max()
    for side, at in (("left", x0), ("right", x1)):
        off = np.abs(points[np.unique(lines[side]), 0] - at)
        if off.max() > tol:
            raise CheckError(
                "a side must be the vertical line at the end of the cell (a symmetry plane)",
                key=side,
                value=f"{off.max():.3g} m away from x = {at:.6g} m",
                accepted=f"all its nodes at x = {at:.6g} m",
            )


def check_cell(plain: PlainMesh, rename: Mapping[str, str], units: str) -> tuple[PlainMesh, tuple[Any, Any]]:
    """Check an interface cell and bring it to thermobond's groups and frame (x from 0).

    Returns:
        The cell, and the metal surface (x, z) (m) on [0, L].

    Raises:
        CheckError: See :func:`import_cell`.
    """
    cells, cell_sets, lines, edges, adjacent, layer_of = _take(plain, CELL_LAYERS, CELL_LINES, rename)
    used = np.unique(cells)
    points = plain.points.copy()
    width = _check_width(points[used], _CELL_WIDTH, units, "cell")
    tol = 1e-6 * width
    x0 = points[used, 0].min()
    points[:, 0] -= x0
    _check_sides(points, used, lines, tol)
    span = (0.0, width)
    on_tpi = (adjacent[:, 1] < 0) & np.isin(adjacent[:, 0], cell_sets["tpi"])
    bottom = {tuple(e) for e in edges[on_tpi].tolist()}
    stray = [e for e in np.sort(lines["surface"], axis=1).tolist() if tuple(e) not in bottom]
    if stray:
        raise CheckError(
            "the surface must be boundary edges of TPI cells",
            key=rename.get("surface", "surface"),
            value=f"{len(stray)} edges elsewhere",
        )
    graph_polyline(points, lines["surface"], span, tol, rename.get("surface", "surface"))
    metal = rename.get("metal", "metal")
    if metal in plain.line_sets:
        mx, mz = graph_polyline(points, plain.line_sets[metal], span, tol, metal)
    elif metal in plain.node_sets:
        nodes = plain.node_sets[metal]
        order = np.argsort(points[nodes, 0], kind="stable")
        mx, mz = points[nodes[order], 0], points[nodes[order], 1]
        graph_polyline(points, np.column_stack([nodes[order][:-1], nodes[order][1:]]), span, tol, metal)
    else:
        mx, mz = graph_polyline(points, lines["surface"], span, tol, rename.get("surface", "surface"))
    sx, sz = graph_polyline(points, lines["surface"], span, tol, rename.get("surface", "surface"))
    depth = np.interp(sx, mx, mz) - sz
    rz = max(float(np.ptp(mz)), tol)
    if depth.max() > 1e-6 * rz + tol:
        i = int(np.argmax(depth))
        raise CheckError(
            "the TPI's bottom lies below the metal surface",
            key=rename.get("surface", "surface"),
            value=f"{depth[i]:.3g} m deep at x = {sx[i]:.6g} m",
            accepted="a surface on or above the metal line",
        )
    mx, mz = mx.copy(), mz.copy()
    mx[0], mx[-1] = 0.0, width  # the ends are the cell's sides exactly
    lines["tpi/pi"] = _interfaces(CELL_LAYERS, edges, adjacent, layer_of)["tpi/pi"]
    named = ("surface", "tpi/pi", "top", "left", "right")
    cell = PlainMesh(points, cells, plain.cell_type, cell_sets, {n: lines[n] for n in named})
    return cell, (mx, mz)


def check_section(plain: PlainMesh, layers: list[str], rename: Mapping[str, str], units: str) -> PlainMesh:
    """Check a stack section and bring it to thermobond's groups and frame (x centred, y from 0)."""
    if len(set(layers)) != len(layers) or not layers:
        raise CheckError("layer names must be distinct and at least one", key="layers", value=layers)
    cells, cell_sets, lines, edges, adjacent, layer_of = _take(plain, layers, SECTION_LINES, rename)
    used = np.unique(cells)
    points = plain.points.copy()
    width = _check_width(points[used], _SECTION_WIDTH, units, "section")
    lo, hi = points[used].min(axis=0), points[used].max(axis=0)
    points -= np.array([0.5 * (lo[0] + hi[0]), lo[1]])
    tol = 1e-6 * width
    _check_sides(points, used, lines, tol)
    height = hi[1] - lo[1]
    for y in (0.0, height):
        if np.min(np.hypot(points[used, 0], points[used, 1] - y)) > tol:
            raise CheckError(
                "the stack model holds the section at x = 0 on its bottom and top faces: it needs nodes there",
                key="points",
                value=f"no node at (0, {y:.6g} m)",
            )
    lines.update(_interfaces(layers, edges, adjacent, layer_of))
    return PlainMesh(points, cells, plain.cell_type, cell_sets, lines)
