"""The interface cell: TPI on a rough metal surface with the core PI above (structured quadrilaterals).

The TPI rests on the highest point of the surface; the surface itself is rigid and not meshed
(it enters the weak form as an obstacle). Rows are refined geometrically toward the TPI's bottom,
where it flows into the roughness. Physical groups: ``tpi``, ``pi`` (2-D); ``surface`` (TPI
bottom), ``tpi/pi``, ``top``, ``left``, ``right`` (1-D).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from mpi4py import MPI

from .gmshmodel import build_on_rank0

__all__ = ["cell_mesh", "cell_rows", "rib_mesh"]


def cell_rows(h_tpi: float, n_tpi: int, h_pi: float, n_pi: int, ratio: float) -> np.ndarray:
    """y offsets of the row boundaries from the TPI bottom: TPI rows growing by ``ratio`` upward."""
    g = ratio ** np.arange(n_tpi)
    t = h_tpi * np.concatenate([[0.0], np.cumsum(g) / g.sum()])
    p = h_tpi + h_pi * np.linspace(0.0, 1.0, n_pi + 1)[1:]
    return np.concatenate([t, p])


def cell_mesh(
    comm: MPI.Comm,
    length: float,
    y0: float,
    h_tpi: float,
    h_pi: float,
    *,
    nx: int,
    n_tpi: int,
    n_pi: int,
    ratio: float = 1.15,
) -> Any:
    """Mesh [0, L] × [y0, y0 + h_tpi + h_pi] (m): ``nx`` columns, ``n_tpi`` TPI rows, ``n_pi`` PI rows."""
    ys = y0 + cell_rows(h_tpi, n_tpi, h_pi, n_pi, ratio)

    def build(gmsh: Any) -> None:
        geo = gmsh.model.geo
        P = [[geo.addPoint(x, y, 0.0) for x in (0.0, length)] for y in ys]
        H = [geo.addLine(P[r][0], P[r][1]) for r in range(len(ys))]
        VL = [geo.addLine(P[r][0], P[r + 1][0]) for r in range(len(ys) - 1)]
        VR = [geo.addLine(P[r][1], P[r + 1][1]) for r in range(len(ys) - 1)]
        S = [geo.addPlaneSurface([geo.addCurveLoop([H[r], VR[r], -H[r + 1], -VL[r]])]) for r in range(len(ys) - 1)]
        geo.synchronize()
        m = gmsh.model.mesh
        for h in H:
            m.setTransfiniteCurve(h, nx + 1)
        for v in VL + VR:
            m.setTransfiniteCurve(v, 2)
        for s in S:
            m.setTransfiniteSurface(s)
            m.setRecombine(2, s)
        model = gmsh.model
        model.addPhysicalGroup(2, S[:n_tpi], name="tpi")
        model.addPhysicalGroup(2, S[n_tpi:], name="pi")
        model.addPhysicalGroup(1, [H[0]], name="surface")
        model.addPhysicalGroup(1, [H[n_tpi]], name="tpi/pi")
        model.addPhysicalGroup(1, [H[-1]], name="top")
        model.addPhysicalGroup(1, VL, name="left")
        model.addPhysicalGroup(1, VR, name="right")
        m.generate(2)

    return build_on_rank0(comm, build, gdim=2)


def rib_mesh(
    comm: MPI.Comm,
    half_width: float,
    height: float,
    y0: float,
    *,
    nx: int,
    ny: int,
    ratio: float = 1.0,
    front: float = 1.0,
) -> Any:
    """Mesh of half a rectangular rib [0, w] × [y0, y0 + h] (m) (a Lee–Springer asperity, or a squeezed film).

    ``nx`` columns shrinking by ``front`` toward the free side (where the flow turns), ``ny`` rows
    growing by ``ratio`` upward. Physical groups: ``tpi`` (2-D);
    ``surface`` (the bottom and the free right side, which rolls onto the surface as the rib
    spreads), ``top``, ``left`` (1-D).
    """
    g = ratio ** np.arange(ny)
    ys = y0 + height * np.concatenate([[0.0], np.cumsum(g) / g.sum()])

    def build(gmsh: Any) -> None:
        geo = gmsh.model.geo
        P = [[geo.addPoint(x, y, 0.0) for x in (0.0, half_width)] for y in ys]
        H = [geo.addLine(P[r][0], P[r][1]) for r in range(len(ys))]
        VL = [geo.addLine(P[r][0], P[r + 1][0]) for r in range(ny)]
        VR = [geo.addLine(P[r][1], P[r + 1][1]) for r in range(ny)]
        S = [geo.addPlaneSurface([geo.addCurveLoop([H[r], VR[r], -H[r + 1], -VL[r]])]) for r in range(ny)]
        geo.synchronize()
        m = gmsh.model.mesh
        for h in H:
            m.setTransfiniteCurve(h, nx + 1, "Progression", front ** (-1.0 / max(nx - 1, 1)))
        for v in VL + VR:
            m.setTransfiniteCurve(v, 2)
        for s in S:
            m.setTransfiniteSurface(s)
            m.setRecombine(2, s)
        model = gmsh.model
        model.addPhysicalGroup(2, S, name="tpi")
        model.addPhysicalGroup(1, [H[0], *VR], name="surface")
        model.addPhysicalGroup(1, [H[-1]], name="top")
        model.addPhysicalGroup(1, VL, name="left")
        m.generate(2)

    return build_on_rank0(comm, build, gdim=2)
