"""thermobond: thermocompression bonding of flexible metal-clad laminates, on DOLFINx.

The package root is the ``solver/`` folder of the repository; ``meshes/`` is ``thermobond.meshes``.
Importing thermobond loads MPI (``mpi4py``) first, as the ``dolfinx-solver-real`` wheel requires,
but not DOLFINx: the material layer, case loading and the bond models work without it; the solvers
load it when a case runs.

Python API: :func:`load_case` and :func:`run` (see :mod:`thermobond.api`).
"""

from . import _mpi  # noqa: F401  (MPI before any DOLFINx import, for every entry point)
from ._version import __version__
from .api import load_case, run

__all__ = ["__version__", "load_case", "run"]
