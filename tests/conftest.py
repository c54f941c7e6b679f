"""Shared fixtures. Solver tests run serially and under `mpiexec -n 2` (marker `solver`)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "cases"
MATERIALS = CASES / "materials"
SHARED = REPO.parent / "shared" / "reference"


def _comm():
    from mpi4py import MPI

    return MPI.COMM_WORLD


@pytest.fixture
def comm():
    return _comm()


@pytest.fixture
def mpi_tmp_path(tmp_path_factory):
    """A temporary directory shared by all MPI ranks (created on rank 0, path broadcast)."""
    comm = _comm()
    path = None
    if comm.rank == 0:
        path = tempfile.mkdtemp(prefix="tb-", dir=tmp_path_factory.getbasetemp())
    path = comm.bcast(path, root=0)
    return Path(path)


def pytest_collection_modifyitems(config, items):
    """Long verification (marker ``slow``) runs only when asked for with ``-m slow``."""
    if "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="long verification: run with `-m slow`")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def pytest_sessionstart(session):
    """Start thermobond first (MPI, then PETSc without its signal handlers, as every entry point
    does), so a test module that imports PETSc directly cannot bring PETSc's handlers back. SIGTERM
    keeps its default action: a time limit (``timeout``, a batch system) ends the session."""
    import thermobond  # noqa: F401


@pytest.fixture(autouse=True)
def _collect_garbage_together():
    """Collect garbage at the end of every test, on every rank at the same point: a solver's PETSc
    objects are destroyed collectively, so a model a test built and dropped must not be freed by a
    collection that one rank alone runs later (inside another test's rank-0-only block)."""
    yield
    import gc

    gc.collect()
