"""Run a Gmsh model builder on rank 0 and distribute the result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mpi4py import MPI

__all__ = ["build_on_rank0"]


def build_on_rank0(comm: MPI.Comm, build: Callable[[Any], None], gdim: int) -> Any:
    """Build a Gmsh model with ``build(gmsh)`` on rank 0, mesh it, and return DOLFINx MeshData.

    An exception raised by the builder on rank 0 is broadcast so that every rank raises it,
    instead of the other ranks waiting forever in ``model_to_mesh``.
    """
    import gmsh
    from dolfinx.io import gmsh as gmshio

    initialized_here = not gmsh.isInitialized()
    if initialized_here:
        gmsh.initialize(readConfigFiles=False)
    try:
        gmsh.option.setNumber("General.Terminal", 0)
        error: str | None = None
        if comm.rank == 0:
            gmsh.model.add("thermobond")
            try:
                build(gmsh)
            except Exception as exc:  # re-raised on every rank below
                error = f"{type(exc).__name__}: {exc}"
        error = comm.bcast(error, root=0)
        if error is not None:
            raise RuntimeError(f"mesh generation failed: {error}")
        mesh_data = gmshio.model_to_mesh(gmsh.model, comm, 0, gdim=gdim)
        if comm.rank == 0:
            gmsh.model.remove()
        return mesh_data
    finally:
        if initialized_here:
            gmsh.finalize()
