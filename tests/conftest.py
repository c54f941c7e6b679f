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
    """A SIGTERM that reaches the test session itself (not a run it started) is reported and survived.

    The session starts thermobond first (MPI, then PETSc without its signal handlers, as every entry
    point does), so a test module that imports PETSc directly cannot bring PETSc's handlers back.
    Until the session's full runs have shown no stray signal for a while, one that arrives is
    written on the terminal with the place it interrupted, and the remaining tests still report. A
    run inside a test installs its own handler for its duration (thermobond.signals).
    """
    import os
    import signal
    import sys
    import traceback

    import thermobond  # noqa: F401

    def stray(signum, frame):
        where = "".join(traceback.format_stack(frame, limit=4)) if frame is not None else ""
        text = f"thermobond tests: stray signal {signum} reached the session at\n{where}"
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(text, red=True)
        else:
            os.write(sys.__stderr__.fileno(), text.encode())

    signal.signal(signal.SIGTERM, stray)
