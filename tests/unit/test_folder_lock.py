"""The run folder's lock: whose it is, and when it is stale."""

import os
import socket
import subprocess
import sys
import time

import pytest
from thermobond.sinks import LOCK_NAME, lock_holder


def _lock(folder, pid):
    (folder / LOCK_NAME).write_text(f"{pid} {socket.gethostname()}\n", encoding="utf-8")


def test_live_holder_is_named(tmp_path):
    _lock(tmp_path, os.getpid())
    assert lock_holder(tmp_path) == (os.getpid(), socket.gethostname())


def _child() -> subprocess.Popen[bytes]:
    """A process that exits at once (not waited for: a zombie until :meth:`wait`). Not ``os.fork``:
    a pytest worker has threads, and forking a threaded process may deadlock the child."""
    return subprocess.Popen([sys.executable, "-c", "pass"])


def test_lock_of_an_exited_process_is_stale(tmp_path):
    child = _child()
    child.wait()
    pid = child.pid
    _lock(tmp_path, pid)
    assert lock_holder(tmp_path) is None


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="zombie state is read from /proc")
def test_lock_of_a_zombie_is_stale(tmp_path):
    """A rank killed with its mpiexec is re-parented; where nothing reaps orphans it stays a zombie,
    which kill(pid, 0) still finds: its lock must not block the re-run (CI failed on exactly this)."""
    child = _child()
    pid = child.pid
    try:
        deadline = time.monotonic() + 10
        while open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z":
            assert time.monotonic() < deadline
            time.sleep(0.01)
        os.kill(pid, 0)  # the zombie is still found by a signal probe
        _lock(tmp_path, pid)
        assert lock_holder(tmp_path) is None
    finally:
        child.wait()


def test_other_hosts_lock_is_respected(tmp_path):
    (tmp_path / LOCK_NAME).write_text("12345 some-other-node\n", encoding="utf-8")
    assert lock_holder(tmp_path) == (12345, "some-other-node")
