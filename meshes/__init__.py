"""Gmsh geometry builders of thermobond (``thermobond.meshes``).

Every builder makes its Gmsh model on rank 0 only, names every region and boundary with a
physical group, and returns DOLFINx ``MeshData`` distributed over the given communicator.
:func:`write_mesh` writes such a mesh for other tools (Abaqus, Code_Aster/Salome, Gmsh, VTK, XDMF);
:func:`import_cell` and :func:`import_section` bring outside meshes in under the same group names;
:mod:`~thermobond.meshes.areal` holds the periodic areal rough surfaces (pure NumPy) for 3-D contact,
:mod:`~thermobond.meshes.heightmap` reads measured height maps into them.
"""

from .areal import ArealRoughness, ArealSurface, bisinusoid, nodular, self_affine
from .cell import cell_mesh
from .column import column_mesh
from .exchange import write_mesh
from .grading import edge_graded_blocks, graded_rows
from .heightmap import read_height_map
from .importing import ImportedCell, import_cell, import_section
from .layered import LayerSpec, interface_name, stack_mesh
from .polyline import LinearProfile

__all__ = [
    "ArealRoughness",
    "ArealSurface",
    "ImportedCell",
    "LayerSpec",
    "LinearProfile",
    "bisinusoid",
    "cell_mesh",
    "column_mesh",
    "edge_graded_blocks",
    "graded_rows",
    "import_cell",
    "import_section",
    "interface_name",
    "nodular",
    "read_height_map",
    "self_affine",
    "stack_mesh",
    "write_mesh",
]
