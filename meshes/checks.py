"""Checks of an outside mesh (one process): cells, named edges, a surface that is a graph z = f(x).

Each problem raises :class:`CheckError` with the fields of an
:class:`~thermobond.errors.InputError` (the file is added by the caller, which also makes every rank
raise it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .plainmesh import PlainMesh, signed_areas

__all__ = ["CheckError", "check_cells", "graph_polyline", "line_edges"]

#: a cell smaller than this fraction of the median cell is degenerate
DEGENERATE = 1e-8


class CheckError(Exception):
    """A problem with an outside mesh: message, key (the set), value, accepted."""

    def __init__(self, message: str, *, key: str | None = None, value: object = None, accepted: str | None = None):
        super().__init__(message)
        self.fields: dict[str, Any] = {"message": message, "key": key, "value": value, "accepted": accepted}


def _where(points: np.ndarray, cells: np.ndarray, i: int) -> str:
    c = points[cells[i]].mean(axis=0)
    return f"cell {i} at ({c[0]:.6g}, {c[1]:.6g})"


def check_cells(plain: PlainMesh, sets: Mapping[str, np.ndarray]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Every cell in exactly one set, none degenerate or inverted; cells turned counter-clockwise.

    Returns:
        The cells (counter-clockwise) and the sets.
    """
    count = np.zeros(plain.cells.shape[0], dtype=int)
    for idx in sets.values():
        count[idx] += 1
    names = ", ".join(sets)
    if np.any(count == 0):
        i = int(np.flatnonzero(count == 0)[0])
        raise CheckError(
            f"{int(np.sum(count == 0))} cells are in none of the layers",
            key=names,
            value=_where(plain.points, plain.cells, i),
            accepted=f"every 2-D cell in exactly one of the cell sets {names}",
        )
    if np.any(count > 1):
        i = int(np.flatnonzero(count > 1)[0])
        raise CheckError(
            f"{int(np.sum(count > 1))} cells are in two layers",
            key=names,
            value=_where(plain.points, plain.cells, i),
            accepted=f"every 2-D cell in exactly one of the cell sets {names}",
        )
    cells = plain.cells.copy()
    area = signed_areas(plain.points, cells)
    size = float(np.median(np.abs(area)))
    tiny = np.abs(area) <= DEGENERATE * size
    if np.any(tiny):
        i = int(np.flatnonzero(tiny)[0])
        raise CheckError(
            f"{int(tiny.sum())} degenerate cells (zero area)",
            key="cells",
            value=_where(plain.points, cells, i),
            accepted=f"cells larger than {DEGENERATE:g} of the median cell",
        )
    if np.all(area < 0):  # consistently clockwise: the same mesh listed the other way round
        cells, area = cells[:, ::-1], -area
    if np.any(area < 0):
        i = int(np.flatnonzero(area < 0)[0])
        raise CheckError(
            f"{int(np.sum(area < 0))} inverted cells (turning the other way from the rest: a folded mesh)",
            key="cells",
            value=_where(plain.points, cells, i),
            accepted="cells that all turn the same way",
        )
    if cells.shape[1] == 4:  # a quadrilateral must be convex: every corner turns the same way
        p = plain.points[cells]
        a, b = np.roll(p, -1, axis=1) - p, np.roll(p, -2, axis=1) - np.roll(p, -1, axis=1)
        turn = a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]
        bad = np.any(turn <= DEGENERATE * size, axis=1)
        if np.any(bad):
            i = int(np.flatnonzero(bad)[0])
            raise CheckError(
                f"{int(bad.sum())} quadrilaterals are not convex (inverted or self-intersecting)",
                key="cells",
                value=_where(plain.points, cells, i),
                accepted="convex quadrilaterals",
            )
    return cells, {n: np.asarray(v) for n, v in sets.items()}


def line_edges(
    plain: PlainMesh, name: str, edges: np.ndarray, adjacent: np.ndarray, layer_of: np.ndarray
) -> np.ndarray:
    """The edges of the line set ``name`` (checked to be cell edges), or of the node set ``name``
    (the edges on the boundary or between two layers whose nodes are all in it)."""
    if name in plain.line_sets:
        pairs = np.unique(np.sort(plain.line_sets[name], axis=1), axis=0)
        known = {tuple(e) for e in edges.tolist()}
        stray = [p for p in pairs.tolist() if tuple(p) not in known]
        if stray:
            raise CheckError(
                f"{len(stray)} edges of the line set are not edges of the cells",
                key=name,
                value=f"nodes {stray[0]}",
                accepted="line elements on the cells' edges",
            )
        return pairs
    if name in plain.node_sets:
        inside = np.isin(edges, plain.node_sets[name]).all(axis=1)
        a, b = adjacent[:, 0], adjacent[:, 1]
        face = (b < 0) | (layer_of[a] != layer_of[np.maximum(b, 0)])
        pairs = edges[inside & face]
        if pairs.size == 0:
            raise CheckError("the node set holds no edge of the boundary or between layers", key=name)
        return pairs
    found = sorted(set(plain.line_sets) | set(plain.node_sets))
    raise CheckError("missing line set", key=name, accepted=f"line or node sets found: {', '.join(found) or 'none'}")


def graph_polyline(
    points: np.ndarray, pairs: np.ndarray, span: tuple[float, float], tol: float, name: str
) -> tuple[np.ndarray, np.ndarray]:
    """The nodes (x, z) of a polyline along x, checked to be a graph z = f(x) over ``span``.

    Raises:
        CheckError: A vertical edge or an overhang (two edges over the same x), a gap, or a line
            that does not reach both ends of the span.
    """
    pairs = np.unique(np.sort(pairs, axis=1), axis=0)
    xy = points[pairs]  # (E, 2 nodes, 2)
    order = np.argsort(xy[:, :, 0], axis=1)
    xy = np.take_along_axis(xy, order[:, :, None], axis=1)
    xy = xy[np.argsort(xy[:, 0, 0], kind="stable")]
    left, right = xy[:, 0], xy[:, 1]
    accepted = "a line over the whole width with one height at each x (no overhang, no gap)"
    flat = right[:, 0] - left[:, 0] <= 1e-3 * tol
    if np.any(flat):
        x = left[np.flatnonzero(flat)[0], 0]
        raise CheckError(
            "not a graph over the width: a vertical edge", key=name, value=f"at x = {x:.6g} m", accepted=accepted
        )
    back = left[1:, 0] < right[:-1, 0] - tol
    if np.any(back):
        x = left[1:][np.flatnonzero(back)[0], 0]
        raise CheckError(
            "not a graph over the width: it overhangs", key=name, value=f"at x = {x:.6g} m", accepted=accepted
        )
    gap = left[1:, 0] > right[:-1, 0] + tol
    if np.any(gap):
        x = right[:-1][np.flatnonzero(gap)[0], 0]
        raise CheckError("the line has a gap", key=name, value=f"after x = {x:.6g} m", accepted=accepted)
    if abs(left[0, 0] - span[0]) > tol or abs(right[-1, 0] - span[1]) > tol:
        raise CheckError(
            "the line does not span the cell's width",
            key=name,
            value=f"x from {left[0, 0]:.6g} to {right[-1, 0]:.6g} m",
            accepted=f"x from {span[0]:.6g} to {span[1]:.6g} m",
        )
    nodes = np.vstack([left, right[-1:]])
    return nodes[:, 0], nodes[:, 1]
