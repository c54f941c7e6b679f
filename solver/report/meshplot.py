"""Picture of a 2-D mesh coloured by region (gathered to rank 0)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.patches import Patch

from .style import COLORS, new_figure, save

__all__ = ["gather_cells", "plot_mesh"]


def gather_cells(mesh_data: Any) -> tuple[np.ndarray, np.ndarray, dict[str, int]] | None:
    """Vertex coordinates of every owned cell and its region tag, gathered on rank 0 (collective).

    Returns None on other ranks.
    """
    msh = mesh_data.mesh
    tdim = msh.topology.dim
    n = msh.topology.index_map(tdim).size_local
    dm = msh.geometry.dofmaps[0][:n]
    nv = 4 if dm.shape[1] >= 4 else 3
    verts = msh.geometry.x[dm[:, :nv], :2]
    if nv == 4:  # DOLFINx quads are tensor-ordered; reorder to go around the cell
        verts = verts[:, [0, 1, 3, 2]]
    tags = np.full(n, -1, dtype=np.int32)
    ct = mesh_data.cell_tags
    own = ct.indices < n
    tags[ct.indices[own]] = ct.values[own]
    allv = msh.comm.gather(verts, root=0)
    allt = msh.comm.gather(tags, root=0)
    if msh.comm.rank != 0:
        return None
    names = {n_: g.tag for n_, g in mesh_data.physical_groups.items() if g.dim == tdim}
    return np.concatenate(allv), np.concatenate(allt), names


def plot_mesh(
    cells: tuple[np.ndarray, np.ndarray, dict[str, int]], folder: Path, stem: str = "mesh", title: str = ""
) -> list[Path]:
    """Whole cross-section (vertically exaggerated) and a true-aspect zoom on the left free edge."""
    verts, tags, names = cells
    colors = {tag: COLORS[i % len(COLORS)] for i, tag in enumerate(sorted(names.values()))}
    face = [colors.get(int(t), "#cccccc") for t in tags]
    x0, x1 = verts[..., 0].min(), verts[..., 0].max()
    y0, y1 = verts[..., 1].min(), verts[..., 1].max()
    fig, (a1, a2) = new_figure(2, 1, figsize=(8.0, 6.0))
    for ax, scale in ((a1, 1e3), (a2, 1e6)):
        pc = PolyCollection(list(verts * scale), facecolors=face, edgecolors="k", linewidths=0.15, alpha=0.85)
        ax.add_collection(pc)
    a1.set_xlim(x0 * 1e3, x1 * 1e3)
    a1.set_ylim(y0 * 1e3, y1 * 1e3)
    a1.set_xlabel("x (mm)")
    a1.set_ylabel("y (mm)")
    a1.set_title((title + ": " if title else "") + "whole section (vertical scale exaggerated)", fontsize=9)
    zoom = min(4 * (y1 - y0), x1 - x0)
    a2.set_xlim(x0 * 1e6, (x0 + zoom) * 1e6)
    a2.set_ylim(y0 * 1e6, y1 * 1e6)
    a2.set_aspect("equal")
    a2.set_xlabel("x (µm)")
    a2.set_ylabel("y (µm)")
    a2.set_title("left free edge, true aspect", fontsize=9)
    a2.grid(False)
    handles = [Patch(color=colors[t], label=n) for n, t in sorted(names.items(), key=lambda kv: kv[1])]
    a2.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return save(fig, folder, stem)
