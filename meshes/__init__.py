"""Gmsh geometry builders of thermobond (``thermobond.meshes``).

Every builder makes its Gmsh model on rank 0 only, names every region and boundary with a
physical group, and returns DOLFINx ``MeshData`` distributed over the given communicator.
"""

from .cell import cell_mesh
from .column import column_mesh
from .grading import edge_graded_blocks, graded_rows
from .layered import LayerSpec, interface_name, stack_mesh

__all__ = [
    "LayerSpec",
    "cell_mesh",
    "column_mesh",
    "edge_graded_blocks",
    "graded_rows",
    "interface_name",
    "stack_mesh",
]
