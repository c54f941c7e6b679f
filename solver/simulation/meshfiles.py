"""A case's section mesh as a file: XDMF with the layer and boundary tags (for ParaView)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dolfinx import io

__all__ = ["write_xdmf"]


def write_xdmf(mesh_data: Any, path: Path) -> None:
    """Write the mesh, its cell tags (``layers``) and facet tags (``boundaries``) (collective)."""
    msh = mesh_data.mesh
    msh.topology.create_connectivity(msh.topology.dim - 1, msh.topology.dim)
    with io.XDMFFile(msh.comm, str(path), "w") as xf:
        xf.write_mesh(msh)
        mesh_data.cell_tags.name = "layers"
        mesh_data.facet_tags.name = "boundaries"
        xf.write_meshtags(mesh_data.cell_tags, msh.geometry)
        xf.write_meshtags(mesh_data.facet_tags, msh.geometry)
