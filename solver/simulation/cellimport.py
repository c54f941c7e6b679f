"""An interface cell meshed outside thermobond (``[interface.surface] kind = "mesh"``), with the
sizes :class:`~.cell.InterfaceCell` takes from a built cell.

The file's metal line is the rigid surface. The TPI's bottom need not be flat (a traced cell may
already fill part of the roughness), so its reference height is its mean over the width: then
∫ (y0 − z) dx is the valleys' initial void area, as for a built cell whose bottom is flat at y0.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import numpy as np
from dolfinx.mesh import entities_to_geometry
from mpi4py import MPI

from ..case import CellFile

__all__ = ["ImportedCellMesh", "import_cell_mesh"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportedCellMesh:
    """An imported interface cell and its sizes.

    Attributes:
        mesh_data: DOLFINx ``MeshData`` with the groups ``tpi``, ``pi``, ``surface``, ``tpi/pi``,
            ``top``, ``left``, ``right``.
        profile: The rigid metal surface (a LinearProfile or CosineProfile) on [0, L] (m).
        y0: Mean height of the TPI's bottom over the width (m).
        spacing: Mean width of the bottom's facets (m): the contact penalty's length scale.
        core: Mean thickness of the ``pi`` layer (m).
    """

    mesh_data: Any
    profile: Any
    y0: float
    spacing: float
    core: float


def import_cell_mesh(comm: Any, source: CellFile) -> ImportedCellMesh:
    """Read the cell of ``source`` and distribute it over ``comm`` (collective).

    Raises:
        InputError: The file is not a valid cell (see :func:`thermobond.meshes.importing.import_cell`).
    """
    # meshio (the optional extra `exchange`) loads only for an imported cell
    from ..meshes.importing import import_cell

    cell = import_cell(
        source.file, comm, units=source.units, names=dict(source.names), profile=source.profile, modes=source.modes
    )
    md, L = cell.mesh_data, cell.profile.length
    facets, bottom = _under(md, "surface")
    core = (_under(md, "top")[1] - _under(md, "tpi/pi")[1]) / L
    log.info(
        "interface cell from %s: %d cells, %d surface facets, TPI bottom at %.4g µm mean, core %.4g µm",
        source.file,
        md.mesh.topology.index_map(2).size_global,
        facets,
        bottom / L * 1e6,
        core * 1e6,
    )
    return ImportedCellMesh(md, cell.profile, bottom / L, L / facets, core)


def _under(mesh_data: Any, group: str) -> tuple[int, float]:
    """(number of facets, ∫ y dx) of a facet group that is a graph over x (collective; each facet
    counted once, by its owner; a facet is the straight line between its end vertices)."""
    msh = mesh_data.mesh
    facets = mesh_data.facet_tags.find(mesh_data.physical_groups[group].tag)
    facets = facets[facets < msh.topology.index_map(1).size_local]
    ends = msh.geometry.x[entities_to_geometry(msh, 1, facets)[:, :2]]  # (facet, end, xyz)
    area = float(np.sum(np.abs(ends[:, 1, 0] - ends[:, 0, 0]) * 0.5 * (ends[:, 0, 1] + ends[:, 1, 1])))
    count, total = msh.comm.allreduce(np.array([float(facets.size), area]), op=MPI.SUM)
    return int(count), float(total)
