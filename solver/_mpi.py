"""MPI and PETSc, started once for every entry point. Importing thermobond does it.

* The ``dolfinx-solver-real`` wheel needs ``mpi4py.MPI`` imported before ``dolfinx`` (it loads the
  MPI library DOLFINx links to).
* PETSc starts without its signal handlers (``-no_signal_handler``). Its defaults catch SIGTERM,
  SIGPIPE, SIGSEGV and eight more and end the process through ``MPI_Abort`` (exit code 15, a PETSc
  message asking for a debugger): that replaced Python's own behaviour (SIGPIPE ignored so that a
  closed pipe is a ``BrokenPipeError``; SIGTERM handled by :mod:`thermobond.signals` at a collective
  check point) wherever PETSc happened to be imported last. thermobond installs what it needs itself.
* On several MPI ranks, Python's automatic garbage collection is off. A solver's PETSc objects are
  destroyed collectively when the Python objects holding them are freed; objects in reference cycles
  are freed whenever a rank's collector happens to run, which differs between ranks, and one rank
  then waits in a collective destroy while the other waits elsewhere (seen: rank 0 freeing an old
  interface model's nonlinear problem inside the form compiler of the next model, rank 1 waiting in
  the compiler's broadcast, both forever). Reference counting still frees everything that is not in a
  cycle, at the same point of the program on every rank; cycles are collected by
  :func:`thermobond.simulation.petscopts.release_petsc_objects` at points every rank reaches
  together (at the start of each time loop, every 200 steps, and at the end of a run in
  the pipeline). A single process keeps automatic collection.
"""

from __future__ import annotations

from typing import Any

_MPI: Any
try:
    from mpi4py import MPI as _MPI
except ImportError:  # mpi4py comes with the 'fem' extra; without it only the non-FE parts work
    _MPI = None

__all__ = ["MPI", "available", "rank", "world"]

if _MPI is not None:
    try:
        import petsc4py
    except ImportError:  # the non-FE parts do not need it
        pass
    else:
        # before anything imports petsc4py.PETSc (a no-op if something already started PETSc)
        petsc4py.init(["-no_signal_handler"])
    if _MPI.COMM_WORLD.size > 1:
        import gc

        gc.disable()

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
