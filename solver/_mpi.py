"""MPI, loaded once for every entry point: the ``dolfinx-solver-real`` wheel needs ``mpi4py.MPI``
imported before ``dolfinx`` (it loads the MPI library DOLFINx links to). Importing thermobond does it.
"""

from __future__ import annotations

from typing import Any

_MPI: Any
try:
    from mpi4py import MPI as _MPI
except ImportError:  # mpi4py comes with the 'fem' extra; without it only the non-FE parts work
    _MPI = None

__all__ = ["MPI", "available", "rank", "world"]

MPI: Any = _MPI


def available() -> bool:
    return MPI is not None


def world() -> Any:
    """MPI.COMM_WORLD (raises ImportError where mpi4py is missing)."""
    if MPI is None:
        raise ImportError("mpi4py is not installed: install thermobond[fem] (or your site's MPI stack)")
    return MPI.COMM_WORLD


def rank() -> int:
    return int(MPI.COMM_WORLD.rank) if MPI is not None else 0
