"""A synthetic "micrograph" cross-section of a nodular copper foil under TPI and core PI, meshed with
Gmsh (quadrilaterals) outside thermobond and written by Gmsh as MED (Code_Aster/Salome): the bundled example of an
imported interface cell (``cases/meshes/nodular_micrograph.med``, lengths in µm).

It stands in for a section traced from an SEM micrograph (none was available): three spherical-cap
nodules (radius 0.7–0.9 µm, protrusion 0.45–0.7 µm, an estimate of bond-treated ED foil) on a flat
base, a TPI that has flowed down the caps to a fill level between them (voids below it), and the
core PI above. Regions and faces are Gmsh physical groups: ``tpi``, ``pi`` (2-D); ``surface`` (the
TPI's bottom), ``metal`` (the copper's outline, on nodes of its own), ``tpi/pi``, ``top``, ``left``,
``right`` (1-D). Regenerate with ``python -m thermobond.meshes.micrograph``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["NodularSection", "main", "write_section"]


@dataclass(frozen=True)
class NodularSection:
    """The traced section (µm, as a micrograph is measured).

    Attributes:
        width: Cell width (µm).
        nodules: (centre, radius, protrusion) of each spherical cap (µm).
        fill: Height down to which the TPI has flowed between the nodules (µm above the base).
        tpi_top: Height of the TPI/PI interface (µm).
        pi_top: Height of the cell's top (µm).
        segments: Straight segments of the traced outline across the width.
        size_top: Element size at the top (µm).
    """

    width: float = 6.0
    nodules: tuple[tuple[float, float, float], ...] = ((0.9, 0.8, 0.6), (3.1, 0.9, 0.7), (5.0, 0.7, 0.45))
    fill: float = 0.3
    tpi_top: float = 3.0
    pi_top: float = 4.5
    segments: int = 40
    size_top: float = 1.2

    def outline(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """x, the copper's height and the TPI's bottom along the trace (µm)."""
        x = np.linspace(0.0, self.width, self.segments + 1)
        metal = np.zeros_like(x)
        for c, r, h in self.nodules:
            d = np.abs(x - c)
            cap = h - r + np.sqrt(np.maximum(r**2 - d**2, 0.0))
            metal = np.maximum(metal, np.where(d < r, cap, 0.0))
        return x, metal, np.maximum(metal, self.fill)


def _build(gmsh: Any, section: NodularSection) -> None:
    geo = gmsh.model.geo
    x, metal, bottom = section.outline()
    h = section.width / section.segments  # one element per traced segment along the bottom (before the split)
    q = [geo.addPoint(xi, zi, 0.0, h) for xi, zi in zip(x, bottom, strict=True)]
    m = [geo.addPoint(xi, zi, 0.0, h) for xi, zi in zip(x, metal, strict=True)]
    corners = [
        (0.0, section.tpi_top),
        (section.width, section.tpi_top),
        (0.0, section.pi_top),
        (section.width, section.pi_top),
    ]
    tl, tr, pl, pr = (geo.addPoint(cx, cz, 0.0, section.size_top) for cx, cz in corners)
    surface = [geo.addLine(a, b) for a, b in itertools.pairwise(q)]
    outline = [geo.addLine(a, b) for a, b in itertools.pairwise(m)]
    interface, top = geo.addLine(tl, tr), geo.addLine(pl, pr)
    left = [geo.addLine(q[0], tl), geo.addLine(tl, pl)]
    right = [geo.addLine(q[-1], tr), geo.addLine(tr, pr)]
    tpi = geo.addPlaneSurface([geo.addCurveLoop([*surface, right[0], -interface, -left[0]])])
    pi = geo.addPlaneSurface([geo.addCurveLoop([interface, right[1], -top, -left[1]])])
    geo.synchronize()
    for line in surface + outline:
        gmsh.model.mesh.setTransfiniteCurve(line, 2)
    model = gmsh.model
    model.addPhysicalGroup(2, [tpi], name="tpi")
    model.addPhysicalGroup(2, [pi], name="pi")
    model.addPhysicalGroup(1, surface, name="surface")
    model.addPhysicalGroup(1, outline, name="metal")
    model.addPhysicalGroup(1, [interface], name="tpi/pi")
    model.addPhysicalGroup(1, [top], name="top")
    model.addPhysicalGroup(1, left, name="left")
    model.addPhysicalGroup(1, right, name="right")
    # quadrilaterals, as the interface model's mixed elements need: recombined, then split into
    # four so that none is left a triangle (each traced segment then holds two element edges)
    gmsh.option.setNumber("Mesh.RecombineAll", 1)
    gmsh.option.setNumber("Mesh.Algorithm", 8)
    gmsh.option.setNumber("Mesh.SubdivisionAlgorithm", 1)
    model.mesh.generate(2)


def write_section(path: Path, section: NodularSection | None = None) -> Path:
    """Mesh the section with Gmsh (triangles) and let Gmsh write it; the suffix picks the format
    (``.med``, ``.inp``, ``.msh``, …)."""
    # Gmsh only where the example section is built
    import gmsh

    # Gmsh only where the example section is built
    from .gmshmodel import initialized

    with initialized(gmsh):
        gmsh.model.add("nodular_micrograph")
        try:
            _build(gmsh, section or NodularSection())
            gmsh.option.setNumber("Mesh.SaveGroupsOfNodes", 1)  # node sets too, for formats that use them
            gmsh.write(str(path))
        finally:
            gmsh.model.remove()
    return path


def main() -> int:
    """Write ``cases/meshes/nodular_micrograph.med`` in the source tree."""
    out = Path(__file__).resolve().parents[1] / "cases" / "meshes" / "nodular_micrograph.med"
    out.parent.mkdir(exist_ok=True)
    write_section(out)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
