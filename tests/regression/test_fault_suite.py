"""The fault suite: termination at random moments, a killed run re-run, two writers, a full disk.

Each trial runs ``thermobond run`` as a user or a batch system would (a fresh process, serially or
under ``mpiexec -n 2``) and checks what it leaves: a run either finishes (``summary.json``, exit 0)
or fails as a whole (``failure.json`` saying why, exit 143 for SIGTERM, no ``summary.json``, no
temporary files, the lock released) — never a hang (every process gone within the watchdog's grace
period), never a signal swallowed (exit 0 although the signal came before the summary was written),
never the files of two runs mixed.

The default suite runs a few trials of each; ``-m slow`` runs the 20 trials per mode of the
acceptance. These tests start their own processes: run them in the serial session only.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import CASES

BIN = Path(sys.executable).parent
GRACE = 30.0  # thermobond.signals.GRACE_SECONDS: the watchdog's limit after a signal
HANG = GRACE + 30.0  # a run still alive this long after its signal is hung


def _case(folder: Path) -> Path:
    """The flagship case without fields and plots (a run of a few seconds)."""
    text = (CASES / "flagship_single_sided.toml").read_text().replace('"materials/', f'"{CASES}/materials/')
    text = text.replace("fields = true", "fields = false\nplots = false")
    path = folder / "flagship.toml"
    path.write_text(text)
    return path


def _command(case: Path, out: Path, ranks: int) -> list[str]:
    cmd = [str(BIN / "thermobond"), "run", str(case), "-o", str(out)]
    return [str(BIN / "mpiexec"), "-n", str(ranks), *cmd] if ranks > 1 else cmd


def _start(cmd: list[str], log: Path) -> subprocess.Popen:
    # a session of its own (a SIGTERM to mpiexec is forwarded to its ranks, as a batch system's is)
    return subprocess.Popen(cmd, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)


def _wait(proc: subprocess.Popen, timeout: float) -> int | None:
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_tree(proc.pid)
        proc.wait()
        return None


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, or None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[0], int(fields[1])


def _tree(pid: int) -> list[int]:
    """``pid`` and every process below it. MPICH's ``mpiexec`` starts its proxy and the ranks each in a
    session of their own, so a signal to ``mpiexec``'s group does not reach them."""
    children: dict[int, list[int]] = {}
    for p in Path("/proc").iterdir():
        if p.name.isdigit() and (st := _stat(int(p.name))) is not None:
            children.setdefault(st[1], []).append(int(p.name))
    found, todo = [], [pid]
    while todo:
        found.append(q := todo.pop())
        todo += children.get(q, [])
    return found


def _kill_tree(pid: int) -> list[int]:
    """SIGKILL ``pid`` and all its descendants at once, as a batch system ending a job (or a lost
    node) does; the pids killed."""
    pids = _tree(pid)
    for q in pids:
        try:
            os.kill(q, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return pids


def _gone(pids: list[int], timeout: float = 60.0) -> bool:
    """Whether every process of ``pids`` has exited (a zombie has), waiting up to ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all((st := _stat(q)) is None or st[0] in "ZX" for q in pids):
            return True
        time.sleep(0.05)
    return False


def _leftovers(out: Path) -> list[str]:
    """Temporary files and a held lock: what a finished (or failed) run must never leave. (A failed
    run keeps the history it streamed as ``history.csv.part``: where it stopped, named as partial.)"""
    if not out.exists():
        return []
    names = [p.name for p in out.rglob("*") if ".tmp" in p.name]
    if (out / "summary.json").exists():
        names += [p.name for p in out.rglob("*.part")]
    if (out / ".thermobond.lock").exists():
        names.append(".thermobond.lock")
    return names


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """One undisturbed run: its wall time sets the range of the random moments."""
    if "OMPI_COMM_WORLD_SIZE" in os.environ or "PMI_RANK" in os.environ:
        pytest.skip("the fault suite starts its own processes: serial session only")
    d = tmp_path_factory.mktemp("faults")
    case = _case(d)
    t0 = time.perf_counter()
    proc = _start(_command(case, d / "ref", 1), d / "ref.log")
    assert _wait(proc, 600) == 0, (d / "ref.log").read_text()
    return case, time.perf_counter() - t0, json.loads((d / "ref" / "summary.json").read_text())


def _sigterm_trials(reference, tmp_path: Path, ranks: int, trials: int, seed: int) -> dict[str, int]:
    case, wall, _ = reference
    if ranks > 1:  # the moments span a run on these ranks (mpiexec's start-up, the parallel solve)
        t0 = time.perf_counter()
        proc = _start(_command(case, tmp_path / "undisturbed", ranks), tmp_path / "undisturbed.log")
        assert _wait(proc, 600) == 0, (tmp_path / "undisturbed.log").read_text()
        wall = time.perf_counter() - t0
    rng = np.random.default_rng(seed)
    # moments from the interpreter's start to past the end (the last ones land after it finished)
    moments = rng.uniform(0.05 * wall, 1.1 * wall, trials)
    counts = {"terminated": 0, "finished before": 0, "before the folder": 0}
    for k, delay in enumerate(moments):
        out = tmp_path / f"t{k}"
        proc = _start(_command(case, out, ranks), tmp_path / f"t{k}.log")
        time.sleep(delay)
        summary_before = (out / "summary.json").exists()
        alive = proc.poll() is None
        if alive:
            os.killpg(proc.pid, signal.SIGTERM)
        code = _wait(proc, HANG)
        log = (tmp_path / f"t{k}.log").read_text()
        where = f"trial {k} ({ranks} rank(s), SIGTERM after {delay:.2f} s): exit {code}\n{log[-2000:]}"
        assert code is not None, "hung: " + where
        assert _leftovers(out) == [], where
        if not alive or summary_before:
            assert code == 0 and (out / "summary.json").is_file(), where
            counts["finished before"] += 1
            continue
        if (out / "summary.json").exists():  # it wrote its summary between the look and the signal
            json.loads((out / "summary.json").read_text())  # complete, never half-written
            assert code in (0, 143, -signal.SIGTERM) and not (out / "failure.json").exists(), where
            counts["finished before"] += 1
            continue
        assert code != 0, "signal swallowed: " + where
        assert not (out / "summary.json").exists(), where
        if (out / "case.toml").exists():  # the run had its folder: it records why it stopped
            assert code in (143, -signal.SIGTERM), where
            failure = json.loads((out / "failure.json").read_text())
            assert "Terminated" in failure["error"] or "SIGTERM" in json.dumps(failure), where
            counts["terminated"] += 1
        else:  # the signal came during start-up, before the handler: its default action, nothing written
            assert code in (143, -signal.SIGTERM, signal.SIGTERM), where  # (mpiexec reports the rank's 15)
            counts["before the folder"] += 1
    return counts


@pytest.mark.parametrize("ranks", [1, 2])
def test_sigterm_at_random_moments(reference, tmp_path, ranks):
    counts = _sigterm_trials(reference, tmp_path, ranks, trials=4, seed=ranks)
    assert sum(counts.values()) == 4


@pytest.mark.slow
@pytest.mark.parametrize("ranks", [1, 2])
def test_sigterm_at_random_moments_20_trials(reference, tmp_path, ranks):
    counts = _sigterm_trials(reference, tmp_path, ranks, trials=20, seed=100 + ranks)
    print(f"\n{ranks} rank(s): {counts}")
    assert counts["terminated"] >= 10  # most moments fall inside the run


@pytest.mark.parametrize("ranks", [1, 2])
def test_sigkill_then_rerun(reference, tmp_path, ranks):
    """SIGKILL (out of memory, a node lost) leaves a stale lock and partial files; the same command
    run again takes the folder over and gives the reference's summary."""
    case, wall, ref = reference
    out = tmp_path / "run"
    proc = _start(_command(case, out, ranks), tmp_path / "killed.log")
    # killed while it solves, whatever the machine's load: once the partial history holds a few steps
    # (a sleep of a fraction of the reference's wall time was sometimes after the end on a busy machine)
    part = out / "history.csv.part"
    deadline = time.perf_counter() + 10 * wall + 60
    while time.perf_counter() < deadline and proc.poll() is None:
        if part.exists() and part.read_text().count("\n") >= 4:
            break
        time.sleep(0.02)
    killed = _kill_tree(proc.pid)
    proc.wait()
    assert _gone(killed)
    assert part.exists() and not (out / "summary.json").exists()
    again = _start(_command(case, out, ranks), tmp_path / "again.log")
    assert _wait(again, 10 * wall + 120) == 0, (tmp_path / "again.log").read_text()
    assert _leftovers(out) == []
    new = json.loads((out / "summary.json").read_text())
    assert new["stack"]["curvature_1_per_m"] == pytest.approx(ref["stack"]["curvature_1_per_m"], rel=1e-7)
    rows = (out / "history.csv").read_text().strip().splitlines()
    assert len(rows) == new["stack"]["solver"]["steps"] + 2  # header + step 0 + every step: one run's rows


def test_two_writers(reference, tmp_path):
    """A second run into a folder that a live run is writing is refused, and the first finishes."""
    case, wall, ref = reference
    out = tmp_path / "run"
    first = _start(_command(case, out, 1), tmp_path / "first.log")
    deadline = time.perf_counter() + 10 * wall + 60
    while not (out / ".thermobond.lock").exists() and time.perf_counter() < deadline:
        time.sleep(0.05)
    # hold the first run while the second starts (a stopped process is alive and keeps its lock):
    # the second's start-up takes as long as the whole first run, which on a loaded machine had
    # finished and let go of the folder before the second looked (the race failed the suite once)
    os.kill(first.pid, signal.SIGSTOP)
    try:
        second = subprocess.run(_command(case, out, 1), capture_output=True, text=True, timeout=300)
    finally:
        os.kill(first.pid, signal.SIGCONT)
    assert second.returncode == 1, second.stdout + second.stderr
    assert "is being written by process" in second.stderr and "Traceback" not in second.stderr
    assert _wait(first, 10 * wall + 120) == 0, (tmp_path / "first.log").read_text()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["stack"]["curvature_1_per_m"] == pytest.approx(ref["stack"]["curvature_1_per_m"], rel=1e-7)


def _tmpfs(path: Path, size: str) -> bool:
    path.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    return done.returncode == 0


def test_full_disk(reference, tmp_path):
    """A results folder on a 16 kB file system: the run fails with exit 1 and one paragraph, and
    leaves nothing half-written (no summary, no temporary files)."""
    case, _, _ = reference
    disk = tmp_path / "disk"
    if not _tmpfs(disk, "16k"):
        pytest.skip("cannot mount a small tmpfs here (needs root and mount permission)")
    try:
        done = subprocess.run(_command(case, disk / "run", 1), capture_output=True, text=True, timeout=600)
        assert done.returncode == 1, done.stdout + done.stderr
        assert "Traceback" not in done.stderr
        assert "space" in done.stderr.lower()
        out = disk / "run"
        assert not (out / "summary.json").exists()
        assert _leftovers(out) == []
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_petsc_leaves_the_signals_to_python(tmp_path):
    """Once thermobond and DOLFINx are loaded, a closed pipe is Python's BrokenPipeError and SIGTERM
    is the default (or thermobond's handler), not PETSc's handler, which ends the process through
    MPI_Abort with exit code 15 and a request to attach a debugger."""
    probe = (
        "import os, signal, sys\n"
        "import thermobond, dolfinx\n"
        "from petsc4py import PETSc\n"
        "os.kill(os.getpid(), signal.SIGPIPE)\n"  # ignored, as in any Python program
        "r, w = os.pipe(); os.close(r)\n"
        "try:\n    os.write(w, b'x')\nexcept BrokenPipeError:\n    print('broken pipe seen')\n"
        "sys.stdout.flush()\n"
        "os.kill(os.getpid(), signal.SIGTERM)\n"
    )
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False)
    assert "broken pipe seen" in r.stdout, r.stdout + r.stderr
    assert r.returncode == -signal.SIGTERM, (r.returncode, r.stderr[-2000:])
    assert "Caught signal" not in r.stderr
