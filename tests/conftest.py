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

    PETSc, loaded by the first solver test, catches SIGTERM and aborts the process (exit 15) with its
    message lost in pytest's capture; twice in the full suite a SIGTERM of unknown origin ended the
    session that way between tests that pass on their own. Until its source is found the session
    says so on the terminal and goes on, so the remaining tests still report. A run inside a test
    installs its own handler for its duration (thermobond.signals), so the product's own signal tests
    are unaffected.
    """
    import os
    import signal
    import sys
    import traceback

    def stray(signum, frame):
        where = "".join(traceback.format_stack(frame, limit=4)) if frame is not None else ""
        text = f"thermobond tests: stray signal {signum} reached the session at\n{where}"
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(text, red=True)
        else:
            os.write(sys.__stderr__.fileno(), text.encode())

    try:  # PETSc installs its own handler when it starts: start it first, then take the signal back
        from mpi4py import MPI  # noqa: F401
        from petsc4py import PETSc  # noqa: F401
    except ImportError:
        pass
    signal.signal(signal.SIGTERM, stray)
