"""A results folder that cannot be used ends every MPI rank with the same exit code and one
paragraph, and no rank waits for the others (`mpiexec -n 2`, a fresh process each).

The same inputs run serially and in process in the bad-input catalogue (unit/bad_inputs.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CASE = REPO / "cases" / "flagship_single_sided.toml"

BAD_OUTPUTS = [
    # command, -o (relative to the test folder; "afile" is a file), exit code, words of the message
    ("run", "afile", 2, "the results folder is a file"),
    ("run", "afile/sub", 1, "cannot create the results folder"),
    ("mesh", "afile", 2, "the output folder is a file"),
    ("mesh", "afile/sub", 1, "cannot create the output folder"),
]


@pytest.mark.parametrize(("command", "output", "code", "words"), BAD_OUTPUTS)
def test_bad_output_folder_on_two_ranks(tmp_path: Path, command: str, output: str, code: int, words: str) -> None:
    from mpi4py import MPI

    if MPI.COMM_WORLD.size > 1:
        pytest.skip("starts its own mpiexec: run in the serial session")
    (tmp_path / "afile").write_text("not a folder")
    argv = [str(BIN / "mpiexec"), "-n", "2", str(BIN / "thermobond"), command, str(CASE), "-o", str(tmp_path / output)]
    r = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert r.returncode == code, r.stdout + r.stderr
    assert "Traceback" not in r.stderr and "PETSC ERROR" not in r.stderr, r.stderr
    messages = [ln for ln in r.stderr.splitlines() if ln.startswith("thermobond:")]
    assert len(messages) == 1 and words in messages[0], r.stderr  # one paragraph, from rank 0 only
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


def test_read_only_folder_on_two_ranks(tmp_path: Path) -> None:
    """A folder without write permission: exit 1 on every rank (skipped as root, who may write anywhere)."""
    from mpi4py import MPI

    if MPI.COMM_WORLD.size > 1:
        pytest.skip("starts its own mpiexec: run in the serial session")
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders: the case 'afile/sub' covers an uncreatable folder")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    argv = [str(BIN / "mpiexec"), "-n", "2", str(BIN / "thermobond"), "run", str(CASE), "-o", str(locked / "out")]
    try:
        r = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    finally:
        locked.chmod(0o755)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "cannot create the results folder" in r.stderr and "Permission denied" in r.stderr, r.stderr
