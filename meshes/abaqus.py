"""Abaqus input files: a :class:`PlainMesh` written with element sets per layer, node sets and
element-face surfaces per face, the rigid metal as an analytical surface; and the plane elements
meshio 5.3's reader does not know.

Element types follow the 2-D idealisation (``CAX`` axisymmetric, ``CPE`` plane strain, ``CPEG``
generalized plane strain, ``CPS`` plane stress, ``CPE…H`` hybrid for the nearly incompressible
interface cell). meshio's own
writer is not used: it writes a quadrilateral as ``CAX4P`` (the last entry of its type table).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

import numpy as np

from .plainmesh import PlainMesh, edge_cells

__all__ = ["ABAQUS_ELEMENTS", "INTERNAL", "abaqus_text", "plane_elements"]

#: Abaqus element families by 2-D idealisation (the triangle/quad name is family + 3/4 + suffix)
ABAQUS_ELEMENTS = {"strain": "CPE", "plate": "CPEG", "stress": "CPS", "hybrid": "CPE", "axisymmetric": "CAX"}
ABAQUS_SUFFIX = {"hybrid": "H"}
#: prefix of the element sets that define surfaces (Abaqus/CAE's "internal" sets); face k of a cell
#: is its edge from node k to node k+1 (counter-clockwise order)
INTERNAL = "_"


def _quoted(name: str) -> str:
    """An Abaqus label: quoted when it has characters a plain label may not (``tpi/pi``)."""
    return name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_\-]*", name) else f'"{name}"'


def _rows(ids: np.ndarray, per_line: int = 16) -> str:
    return "\n".join(", ".join(str(i) for i in ids[k : k + per_line]) for k in range(0, ids.size, per_line)) + "\n"


def abaqus_text(plain: PlainMesh, notes: list[str], idealisation: str) -> str:
    """An Abaqus input file: nodes, elements by layer, node sets, element-face surfaces."""
    nv = plain.cells.shape[1]
    etype = f"{ABAQUS_ELEMENTS[idealisation]}{nv}{ABAQUS_SUFFIX.get(idealisation, '')}"
    out = ["*HEADING", notes[0], *(f"** {n}" for n in notes[1:]), "*NODE"]
    out += [f"{i + 1}, {x:.16e}, {y:.16e}" for i, (x, y) in enumerate(plain.points)]
    element = np.full(plain.cells.shape[0], -1, dtype=np.int64)
    counter = 0
    body = []
    groups = [(n, idx) for n, idx in plain.cell_sets.items()]
    rest = np.setdiff1d(np.arange(plain.cells.shape[0]), np.concatenate([np.zeros(0, int)] + [i for _, i in groups]))
    if rest.size:
        groups.append(("unassigned", rest))
    for name, idx in groups:
        body.append(f"*ELEMENT, TYPE={etype}, ELSET={_quoted(name)}")
        element[idx] = np.arange(counter + 1, counter + 1 + idx.size)
        counter += idx.size
        body += [
            f"{e}, " + ", ".join(str(n + 1) for n in plain.cells[c]) for e, c in zip(element[idx], idx, strict=True)
        ]
    out += body
    for name, idx in plain.cell_sets.items():
        out += [f"*NSET, NSET={_quoted(name)}", _rows(np.unique(plain.cells[idx]) + 1).rstrip("\n")]
    edges, adjacent = edge_cells(plain.cells)
    lookup = {tuple(e): i for i, e in enumerate(edges)}
    for name, pairs in plain.line_sets.items():
        out += [f"*NSET, NSET={_quoted(name)}", _rows(np.unique(pairs) + 1).rstrip("\n")]
        faces = [lookup.get(tuple(sorted(p)), -1) for p in pairs.tolist()]
        if min(faces, default=-1) < 0:  # not edges of the mesh: an analytical rigid surface
            out += _segments(name, plain.points, pairs)
            continue
        below = plain.cell_sets.get(name.partition("/")[0], np.zeros(0, int))
        by_face: dict[int, list[int]] = {}
        for f in faces:
            # an interface "lower/upper" is a face of its lower layer's elements
            c = adjacent[f, 1] if adjacent[f, 1] >= 0 and adjacent[f, 1] in below else adjacent[f, 0]
            nodes = list(plain.cells[c])
            k = next(j for j in range(nv) if {nodes[j], nodes[(j + 1) % nv]} == set(edges[f]))
            by_face.setdefault(k + 1, []).append(int(element[c]))
        sets = []
        for k, els in sorted(by_face.items()):
            label = _quoted(f"{INTERNAL}{name}_S{k}")
            out += [f"*ELSET, ELSET={label}, INTERNAL", _rows(np.array(sorted(els))).rstrip("\n")]
            sets.append(f"{label}, S{k}")
        out += [f"*SURFACE, TYPE=ELEMENT, NAME={_quoted(name)}", *sets]
    return "\n".join(out) + "\n"


def _segments(name: str, points: np.ndarray, pairs: np.ndarray) -> list[str]:
    """An analytical rigid surface through a polyline (its nodes in order along x)."""
    nodes = np.unique(pairs)
    xy = points[nodes[np.argsort(points[nodes, 0])]]
    lines = [f"*SURFACE, TYPE=SEGMENTS, NAME={_quoted(name)}", f"START, {xy[0, 0]:.16e}, {xy[0, 1]:.16e}"]
    return lines + [f"LINE, {x:.16e}, {y:.16e}" for x, y in xy[1:]]


@contextlib.contextmanager
def plane_elements() -> Iterator[None]:
    """Let meshio's Abaqus reader read plane-strain, generalized plane-strain and axisymmetric
    elements (same nodes as its CPS3/CPS4); restored afterwards."""
    # meshio: optional extra `exchange`
    from meshio.abaqus import _abaqus

    table = _abaqus.abaqus_to_meshio_type
    added = {}
    for family in ("CPE", "CPEG", "CAX"):
        for n, kind in ((3, "triangle"), (4, "quad")):
            for suffix in ("", "H", "R", "RH", "I", "IH"):
                key = f"{family}{n}{suffix}"
                if key not in table:
                    added[key] = kind
    table.update(added)
    try:
        yield
    finally:
        for key in added:
            table.pop(key, None)
