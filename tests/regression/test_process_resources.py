"""A process that runs case after case (a warm study worker runs 50 before it is replaced, a script
loops over recipes, this test session runs hundreds) must give back what each run took.

MPI has a fixed number of communicator contexts per process (MPICH: 2048). DOLFINx duplicates a
communicator for every mesh, index map and form it builds, and gives it back when the object is
freed. A model whose PETSc solver held a callback to the model itself was never freed (petsc4py
keeps callbacks out of the garbage collector's sight): each stack run kept 52 communicators, and the
fortieth run in one process died in MPI_Comm_dup (exit 15, no Python traceback). The check is a
conservation law: the communicators a process can still create are the same before and after a run.
Serial only: the probe creates communicators until MPI refuses.
"""

from __future__ import annotations

import gc

import pytest

from tests.conftest import CASES


def _free_communicators() -> int:
    from mpi4py import MPI

    held = []
    try:
        while True:
            held.append(MPI.COMM_WORLD.Dup())
    except MPI.Exception:
        pass
    for c in held:
        c.Free()
    return len(held)


@pytest.mark.parametrize(
    ("name", "overrides"),
    [
        ("flagship_single_sided", {}),  # the stack model: platens, melt edge, its SNES monitor
        ("interface_nodules", {"interface.mesh.elements_along": 18}),  # periodic sides: the constrained Newton
        ("roll_lamination", {}),  # the roll line driving stack, interface and adhesion
    ],
)
def test_a_run_gives_back_every_communicator(name, overrides):
    import thermobond

    case = thermobond.load_case(CASES / f"{name}.toml", **{"output.plots": False, "output.fields": False, **overrides})
    gc.collect()
    before = _free_communicators()
    result = thermobond.run(case)
    assert result.summary.status == "ok"
    del result
    gc.collect()
    assert _free_communicators() == before


@pytest.mark.solver
def test_no_rank_collects_garbage_on_its_own(comm):
    """On several ranks no rank may free a solver's PETSc objects (a collective destroy) by an automatic
    garbage collection the others do not run at the same moment: it hung a 2-rank benchmark (rank 0
    freed the previous interface model's nonlinear problem inside the form compiler of the next one,
    rank 1 waited in the compiler's broadcast). Automatic collection is off on several ranks, on in a
    single process (where no other rank waits)."""
    from mpi4py import MPI

    assert gc.isenabled() == (MPI.COMM_WORLD.size == 1)
