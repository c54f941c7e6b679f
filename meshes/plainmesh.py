"""A 2-D mesh with named groups as plain arrays: what travels between thermobond and other tools.

:class:`PlainMesh` is the common currency of :mod:`thermobond.meshes.exchange` (writing and reading
foreign formats) and :mod:`thermobond.meshes.importing` (checking an outside mesh): NumPy arrays on
one process, no DOLFINx object. :func:`gather` makes one from distributed DOLFINx ``MeshData`` (on
rank 0), :func:`to_mesh_data` distributes one back.

Conventions: cells list their nodes counter-clockwise in the VTK/meshio order (for a quadrilateral
around the cell, not DOLFINx's tensor order); 2-D groups are sets of cells, 1-D groups sets of edges
given as node pairs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["PlainMesh", "edge_cells", "gather", "signed_areas", "to_mesh_data"]

#: DOLFINx vertex order of a cell type → VTK (around the cell); the inverse is its argsort
_DOLFINX_TO_VTK = {"quad": np.array([0, 1, 3, 2]), "triangle": np.array([0, 1, 2])}


@dataclass(frozen=True)
class PlainMesh:
    """A 2-D mesh and its named groups.

    Attributes:
        points: Node coordinates (N, 2) (m, or the file's unit before scaling).
        cells: Node indices of each cell (M, 3 or 4), counter-clockwise.
        cell_type: ``"triangle"`` or ``"quad"``.
        cell_sets: 2-D group name → indices into ``cells``.
        line_sets: 1-D group name → node pairs (E, 2); a group may use nodes of no cell (the rigid
            metal surface of an interface cell, written beside the mesh).
        node_sets: Named node sets (indices into ``points``): how Abaqus files name faces.
    """

    points: np.ndarray
    cells: np.ndarray
    cell_type: str
    cell_sets: Mapping[str, np.ndarray]
    line_sets: Mapping[str, np.ndarray]
    node_sets: Mapping[str, np.ndarray] = field(default_factory=dict)

    @property
    def group_names(self) -> list[str]:
        """Every group name, 2-D first."""
        return [*self.cell_sets, *self.line_sets]


def signed_areas(points: np.ndarray, cells: np.ndarray) -> np.ndarray:
    """Signed area of each polygon (shoelace; positive counter-clockwise) (m²)."""
    x, y = points[cells, 0], points[cells, 1]
    return 0.5 * np.sum(x * np.roll(y, -1, axis=1) - np.roll(x, -1, axis=1) * y, axis=1)


def edge_cells(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The unique edges of the cells (E, 2) (sorted node pairs) and, per edge, its two cells
    (E, 2), −1 where an edge is on the boundary."""
    k = cells.shape[1]
    pairs = np.stack([cells, np.roll(cells, -1, axis=1)], axis=2).reshape(-1, 2)
    owner = np.repeat(np.arange(cells.shape[0]), k)
    pairs = np.sort(pairs, axis=1)
    edges, inverse = np.unique(pairs, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    adjacent = np.full((edges.shape[0], 2), -1, dtype=np.int64)
    order = np.argsort(inverse, kind="stable")
    first = np.ones(order.size, bool)
    first[1:] = inverse[order][1:] != inverse[order][:-1]
    adjacent[inverse[order][first], 0] = owner[order][first]
    adjacent[inverse[order][~first], 1] = owner[order][~first]
    return edges, adjacent


def gather(mesh_data: Any) -> PlainMesh | None:
    """The distributed DOLFINx ``MeshData`` of a 2-D mesh as a :class:`PlainMesh` on rank 0
    (collective; None on the other ranks).

    Only linear (straight-sided) geometry is supported: every thermobond builder makes it.

    Raises:
        ValueError: The mesh is not 2-D with a linear geometry.
    """
    # DOLFINx only where a mesh is made (reading files works without it)
    from dolfinx.mesh import entities_to_geometry

    msh = mesh_data.mesh
    tdim = msh.topology.dim
    cell_type = {"quadrilateral": "quad", "triangle": "triangle"}.get(msh.topology.cell_type.name, "")
    dofmap = msh.geometry.dofmaps[0]
    if tdim != 2 or not cell_type or dofmap.shape[1] != len(_DOLFINX_TO_VTK[cell_type]):
        raise ValueError(f"only 2-D linear triangle or quadrilateral meshes can be exported, not {msh.ufl_cell()}")
    comm = msh.comm
    msh.topology.create_connectivity(tdim - 1, tdim)
    gmap = msh.geometry.index_map()
    nodes_global = gmap.local_to_global(np.arange(gmap.size_local + gmap.num_ghosts, dtype=np.int32))
    owned_nodes = (nodes_global[: gmap.size_local], msh.geometry.x[: gmap.size_local, :2])
    ncell = msh.topology.index_map(tdim).size_local
    cells = nodes_global[dofmap[:ncell]][:, _DOLFINX_TO_VTK[cell_type]]
    cell_values = np.full(ncell, -1, dtype=np.int32)
    ct = mesh_data.cell_tags
    own = ct.indices < ncell
    cell_values[ct.indices[own]] = ct.values[own]
    ft = mesh_data.facet_tags
    nfacet = msh.topology.index_map(tdim - 1).size_local
    own = ft.indices < nfacet
    facets = ft.indices[own]
    facet_nodes = nodes_global[entities_to_geometry(msh, tdim - 1, facets)] if facets.size else np.zeros((0, 2), int)
    parts = comm.gather((owned_nodes, cells, cell_values, facet_nodes, ft.values[own]), root=0)
    if comm.rank != 0:
        return None
    points = np.zeros((gmap.size_global, 2))
    for (ids, x), *_ in parts:
        points[ids] = x
    all_cells = np.concatenate([p[1] for p in parts]).astype(np.int64)
    values = np.concatenate([p[2] for p in parts])
    fnodes = np.concatenate([p[3] for p in parts]).astype(np.int64)
    fvalues = np.concatenate([p[4] for p in parts])
    flip = signed_areas(points, all_cells) < 0  # DOLFINx may reorder a triangle's vertices
    all_cells[flip] = all_cells[flip][:, ::-1]
    groups = mesh_data.physical_groups
    return PlainMesh(
        points=points,
        cells=all_cells,
        cell_type=cell_type,
        cell_sets={n: np.flatnonzero(values == g.tag) for n, g in groups.items() if g.dim == tdim},
        line_sets={n: fnodes[fvalues == g.tag] for n, g in groups.items() if g.dim == tdim - 1},
    )


def to_mesh_data(plain: PlainMesh | None, comm: Any) -> Any:
    """Distribute a :class:`PlainMesh` held on rank 0 as DOLFINx ``MeshData`` (collective).

    Nodes that no cell uses (a metal surface written beside the mesh) are dropped. Groups are tagged
    1, 2, … in the order of :attr:`PlainMesh.group_names`; every cell must be in exactly one 2-D
    group and every 1-D group's edges must be edges of the cells (the importer checks both).
    """
    # DOLFINx only where a mesh is made (reading files works without it)
    import basix.ufl
    import ufl
    from dolfinx.graph import adjacencylist
    from dolfinx.io import distribute_entity_data
    from dolfinx.io.gmsh import MeshData, PhysicalGroup
    from dolfinx.mesh import GhostMode, create_cell_partitioner, create_mesh, meshtags_from_entities

    if comm.rank == 0:
        if plain is None:
            raise ValueError("rank 0 must hold the mesh")
        used = np.unique(plain.cells)
        renumber = np.full(plain.points.shape[0], -1, dtype=np.int64)
        renumber[used] = np.arange(used.size)
        x = np.ascontiguousarray(plain.points[used])
        cells = renumber[plain.cells][:, np.argsort(_DOLFINX_TO_VTK[plain.cell_type])]
        names = plain.group_names
        header: tuple[str, list[tuple[str, int]]] | None = (
            plain.cell_type,
            [(n, 2 if n in plain.cell_sets else 1) for n in names],
        )
        cell_values = np.zeros(cells.shape[0], dtype=np.int32)
        for tag, name in enumerate(names, start=1):
            if name in plain.cell_sets:
                cell_values[plain.cell_sets[name]] = tag
        line_nodes = [renumber[e] for n, e in plain.line_sets.items()]
        lines = np.concatenate(line_nodes) if line_nodes else np.zeros((0, 2), np.int64)
        line_values = np.concatenate(
            [np.zeros(0, np.int32)]
            + [np.full(e.shape[0], names.index(n) + 1, np.int32) for n, e in plain.line_sets.items()]
        )
    else:
        header = None
    header = comm.bcast(header, root=0)
    if header is None:
        raise ValueError("rank 0 holds no mesh")
    cell_type, dims = header
    nv = len(_DOLFINX_TO_VTK[cell_type])
    if comm.rank != 0:
        x = np.zeros((0, 2))
        cells = np.zeros((0, nv), dtype=np.int64)
        cell_values = np.zeros(0, dtype=np.int32)
        lines = np.zeros((0, 2), dtype=np.int64)
        line_values = np.zeros(0, dtype=np.int32)
    basix_cell = "quadrilateral" if cell_type == "quad" else "triangle"
    domain = ufl.Mesh(basix.ufl.element("Lagrange", basix_cell, 1, shape=(2,)))
    # ghosts across shared facets: an interface group may lie on a partition boundary, and its
    # interior-facet integrals (dS) need the cell on the other side
    partitioner = create_cell_partitioner(GhostMode.shared_facet, 2) if comm.size > 1 else None  # type: ignore[call-arg]
    msh = create_mesh(comm, cells, domain, x, partitioner=partitioner)
    tags: list[Any] = []
    for dim, entities, values in ((2, cells, cell_values), (1, lines, line_values)):
        local, local_values = distribute_entity_data(msh, dim, entities, values)
        msh.topology.create_connectivity(dim, 2)
        meshtags = meshtags_from_entities(msh, dim, adjacencylist(local), local_values.astype(np.int32, copy=False))
        meshtags.name = "cell_tags" if dim == 2 else "facet_tags"
        tags.append(meshtags)
    groups = {name: PhysicalGroup(dim, tag) for tag, (name, dim) in enumerate(dims, start=1)}
    return MeshData(msh, tags[0], tags[1], None, None, groups)
