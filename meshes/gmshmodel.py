"""Run a Gmsh model builder on rank 0 and distribute the result."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any

from mpi4py import MPI

__all__ = ["build_on_rank0", "initialized"]


def _keep_signal_handlers(start: Callable[[], None]) -> None:
    """Run ``start`` (Gmsh's initialisation) without losing Python's SIGTERM/SIGINT handlers.

    Gmsh installs C signal handlers that end the process on SIGTERM; thermobond's own handler
    records a terminated run in ``failure.json`` (a batch time limit), so it is put back.
    """
    if threading.current_thread() is not threading.main_thread():
        start()
        return
    saved = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    start()
    for s, h in saved.items():
        if h is not None:
            signal.signal(s, h)


@contextlib.contextmanager
def initialized(gmsh: Any) -> Iterator[None]:
    """Gmsh initialised (quietly, keeping Python's signal handlers) for the block, unless it already was."""
    here = not gmsh.isInitialized()
    if here:
        _keep_signal_handlers(lambda: gmsh.initialize(readConfigFiles=False, interruptible=False))
    try:
        gmsh.option.setNumber("General.Terminal", 0)
        yield
    finally:
        if here:
            gmsh.finalize()


def build_on_rank0(comm: MPI.Comm, build: Callable[[Any], None], gdim: int) -> Any:
    """Build a Gmsh model with ``build(gmsh)`` on rank 0, mesh it, and return DOLFINx MeshData.

    An exception raised by the builder on rank 0 is broadcast so that every rank raises it,
    instead of the other ranks waiting forever in ``model_to_mesh``.
    """
    # Gmsh and DOLFINx only where a mesh is built (thermobond.meshes imports without them)
    import gmsh
    from dolfinx.io import gmsh as gmshio

    initialized_here = not gmsh.isInitialized()
    if initialized_here:
        _keep_signal_handlers(lambda: gmsh.initialize(readConfigFiles=False, interruptible=False))
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
