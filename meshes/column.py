"""1-D through-thickness column: press pads and laminate layers, for conduction.

With the platens covering the whole coupon and adiabatic free edges, the temperature in the
laminate depends on y only, so conduction is solved on this column and mapped onto the 2-D section
(checked against a 2-D solve in the tests). Physical groups: each layer by name (1-D), ``"bottom"``
and ``"top"`` platen faces and every internal interface ``"<lower>/<upper>"`` (0-D points).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mpi4py import MPI

from .gmshmodel import build_on_rank0
from .layered import LayerSpec, interface_name

__all__ = ["column_mesh"]


def column_mesh(comm: MPI.Comm, layers: Sequence[LayerSpec], y0: float = 0.0) -> Any:
    """Mesh a stack of layers (bottom → top) as intervals starting at ``y0`` (m).

    Returns:
        DOLFINx ``MeshData`` with geometric dimension 1 (the coordinate is y).
    """

    def build(gmsh: Any) -> None:
        geo = gmsh.model.geo
        y = y0
        pts = [geo.addPoint(y, 0.0, 0.0)]
        lines = []
        for layer in layers:
            y += layer.thickness
            pts.append(geo.addPoint(y, 0.0, 0.0))
            lines.append(geo.addLine(pts[-2], pts[-1]))
        geo.synchronize()
        for line, layer in zip(lines, layers, strict=True):
            gmsh.model.mesh.setTransfiniteCurve(line, layer.elements + 1)
            gmsh.model.addPhysicalGroup(1, [line], name=layer.name)
        gmsh.model.addPhysicalGroup(0, [pts[0]], name="bottom")
        gmsh.model.addPhysicalGroup(0, [pts[-1]], name="top")
        for i in range(len(layers) - 1):
            gmsh.model.addPhysicalGroup(0, [pts[i + 1]], name=interface_name(layers[i].name, layers[i + 1].name))
        gmsh.model.mesh.generate(1)

    return build_on_rank0(comm, build, gdim=1)
