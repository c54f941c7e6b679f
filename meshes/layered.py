"""2-D plane cross-section of a laminate: every layer meshed with structured quadrilaterals.

Geometry: y through the thickness, y = 0 at the bottom face; x across the coupon, from its centre
x = 0 (a symmetry plane of a plane section, the axis of a round coupon) to its free edge x = W/2.
Every laminate here is symmetric about its centre, so only that half is meshed. Physical groups
(names, never integers):

* each layer by its name (2-D);
* each interface as ``"<lower>/<upper>"`` (1-D);
* ``"bottom"``, ``"top"`` (outer faces), ``"axis"`` (x = 0) and ``"right"`` (the free edge) (1-D).

In-plane, the half has a uniform zone at the centre and a zone graded geometrically toward the free
edge. Through the thickness, rows are refined symmetrically toward each layer's faces
(``interface_grading``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from mpi4py import MPI

from .gmshmodel import build_on_rank0
from .grading import edge_graded_blocks, graded_rows

__all__ = ["LayerSpec", "interface_name", "stack_mesh"]


@dataclass(frozen=True)
class LayerSpec:
    """A layer to mesh: name, thickness (m), number of element rows."""

    name: str
    thickness: float
    elements: int


def interface_name(lower: str, upper: str) -> str:
    """Physical-group name of the interface between two layers."""
    return f"{lower}/{upper}"


def stack_mesh(
    comm: MPI.Comm,
    layers: Sequence[LayerSpec],
    width: float,
    element_size: float,
    edge_element_size: float,
    *,
    growth: float = 1.2,
    interface_grading: float = 1.0,
) -> Any:
    """Mesh a layered cross-section (see module docstring).

    Args:
        comm: Communicator to distribute the mesh over.
        layers: Layers, bottom to top.
        width: Coupon width or diameter W (m); the half 0 ≤ x ≤ W/2 is meshed.
        element_size: In-plane size away from the edges (m).
        edge_element_size: In-plane size at the free edges (m).
        growth: Geometric growth ratio in the edge zone.
        interface_grading: Ratio of mid-layer to face row height in each layer.

    Returns:
        DOLFINx ``MeshData`` (mesh, cell_tags, facet_tags, physical_groups).
    """
    half = 0.5 * width
    Lg, ng, ratio, nu = edge_graded_blocks(half, element_size, edge_element_size, growth)
    if Lg == 0.0:
        xs = [0.0, half]
        blocks = [(nu, 1.0)]
    elif nu == 0:
        xs = [0.0, half]
        blocks = [(ng, 1.0 / ratio)]
    else:
        xs = [0.0, half - Lg, half]
        blocks = [(nu, 1.0), (ng, 1.0 / ratio)]

    # y coordinates of every row boundary, and which layer each row belongs to
    ys = [0.0]
    row_layer: list[int] = []
    layer_top_row: list[int] = []
    for i, layer in enumerate(layers):
        for h in graded_rows(layer.thickness, layer.elements, interface_grading):
            ys.append(ys[-1] + h)
            row_layer.append(i)
        layer_top_row.append(len(ys) - 1)
    ys[-1] = float(sum(layer.thickness for layer in layers))  # exact top

    def build(gmsh: Any) -> None:
        geo = gmsh.model.geo
        P = [[geo.addPoint(x, y, 0.0) for x in xs] for y in ys]
        H = [[geo.addLine(P[r][c], P[r][c + 1]) for c in range(len(xs) - 1)] for r in range(len(ys))]
        V = [[geo.addLine(P[r][c], P[r + 1][c]) for c in range(len(xs))] for r in range(len(ys) - 1)]
        S = [
            [
                geo.addPlaneSurface([geo.addCurveLoop([H[r][c], V[r][c + 1], -H[r + 1][c], -V[r][c]])])
                for c in range(len(xs) - 1)
            ]
            for r in range(len(ys) - 1)
        ]
        geo.synchronize()
        mesh = gmsh.model.mesh
        for r in range(len(ys)):
            for c, (n, q) in enumerate(blocks):
                mesh.setTransfiniteCurve(H[r][c], n + 1, "Progression", q)
        for r in range(len(ys) - 1):
            for c in range(len(xs)):
                mesh.setTransfiniteCurve(V[r][c], 2)
            for c in range(len(xs) - 1):
                mesh.setTransfiniteSurface(S[r][c])
                mesh.setRecombine(2, S[r][c])
        model = gmsh.model
        for i, layer in enumerate(layers):
            surfs = [S[r][c] for r in range(len(ys) - 1) if row_layer[r] == i for c in range(len(xs) - 1)]
            model.addPhysicalGroup(2, surfs, name=layer.name)
        for i in range(len(layers) - 1):
            r = layer_top_row[i]
            model.addPhysicalGroup(1, list(H[r]), name=interface_name(layers[i].name, layers[i + 1].name))
        model.addPhysicalGroup(1, list(H[0]), name="bottom")
        model.addPhysicalGroup(1, list(H[-1]), name="top")
        model.addPhysicalGroup(1, [V[r][0] for r in range(len(ys) - 1)], name="axis")
        model.addPhysicalGroup(1, [V[r][-1] for r in range(len(ys) - 1)], name="right")
        mesh.generate(2)

    return build_on_rank0(comm, build, gdim=2)


def row_coordinates(layers: Sequence[LayerSpec], interface_grading: float) -> np.ndarray:
    """y of every row boundary of :func:`stack_mesh` (m), for tests and plots."""
    ys = [0.0]
    for layer in layers:
        for h in graded_rows(layer.thickness, layer.elements, interface_grading):
            ys.append(ys[-1] + h)
    return np.array(ys)
