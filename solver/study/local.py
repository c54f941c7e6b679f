"""The local executor: a pool of ``thermobond run`` processes, each serial or under ``mpiexec -n k``.

Every case is a plain command (``python -m thermobond run input.toml -o DIR``), its output in
``DIR/run.log``; serial cases run by default on warm workers that each run many of them
(:mod:`.warm`: the same command, in a process that has already loaded DOLFINx). A failing case
is recorded and the others go on. On an interrupt (Ctrl-C or SIGTERM to the driver) the running
cases are terminated — each records ``failure.json`` through its own SIGTERM handler — and
``--resume`` later runs only what has no valid result.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from shutil import which

from .expand import case_state, short_reason
from .outcome import CaseOutcome, child_environment
from .warm import run_case_in_process, run_warm

__all__ = ["CaseOutcome", "case_command", "child_environment", "run_local"]


def _mpiexec(python: str) -> str:
    here = Path(python).parent / "mpiexec"
    if here.is_file():
        return str(here)

    found = which("mpiexec")
    if found is None:
        raise FileNotFoundError("mpiexec not found (needed for ranks > 1)")
    return found


def case_command(case_dir: Path, ranks: int, python: str | None = None) -> list[str]:
    """The command that runs one case (what any driver can call)."""
    py = python or sys.executable
    cmd = [py, "-m", "thermobond", "-q", "run", str(case_dir / "input.toml"), "-o", str(case_dir)]
    return ([_mpiexec(py), "-n", str(ranks)] if ranks > 1 else []) + cmd


def run_local(
    cases: list[tuple[str, Path]],
    *,
    workers: int,
    ranks: int,
    timeout: float | None = None,
    progress: Callable[[CaseOutcome, int, int], None] | None = None,
    cases_per_worker: int = 0,
    target: Callable[[Path], int] | None = None,
) -> list[CaseOutcome]:
    """Run the cases (id, directory) in a pool of ``workers`` processes; returns their outcomes.

    Args:
        cases: (id, folder) of each case, in the order to start them.
        workers: Cases at a time.
        ranks: MPI ranks per case.
        timeout: Wall-clock limit of one case (s).
        progress: Called after each case with (outcome, cases finished, total).
        cases_per_worker: Serial cases a warm worker runs before it is replaced (:mod:`.warm`);
            0: a new process per case (cold). Cases on several ranks always run cold.
        target: What a warm worker runs for a case (:func:`thermobond.study.warm.run_warm`).

    Raises:
        KeyboardInterrupt: After terminating the running cases, if the driver was interrupted.
    """
    if ranks == 1 and (cases_per_worker > 0 or target is not None):
        previous = signal.getsignal(signal.SIGTERM)
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _raise_interrupt)
        try:
            return run_warm(
                cases,
                workers=workers,
                cases_per_worker=max(1, cases_per_worker),
                timeout=timeout,
                progress=progress,
                target=target or run_case_in_process,
            )
        finally:
            if threading.current_thread() is threading.main_thread():
                signal.signal(signal.SIGTERM, previous)
    running: dict[str, subprocess.Popen[bytes]] = {}
    lock = threading.Lock()
    stopping = threading.Event()
    env = child_environment()

    def one(cid: str, d: Path) -> CaseOutcome:
        if stopping.is_set():
            return CaseOutcome(cid, "pending", 0.0, "not started: the study was interrupted")
        t0 = time.perf_counter()
        with open(d / "run.log", "wb") as log:
            proc = subprocess.Popen(
                case_command(d, ranks), stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
            )
            with lock:
                running[cid] = proc
                late = stopping.is_set()  # started while the driver was being interrupted
            if late:
                _terminate(proc)
            try:
                rc = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                _terminate(proc)
                rc = proc.wait()
            finally:
                with lock:
                    running.pop(cid, None)
        dt = time.perf_counter() - t0
        st = case_state(d)
        if st.state == "done":
            return CaseOutcome(cid, "done", dt)
        reason = st.reason or short_reason(_tail(d / "run.log")) or f"exit code {rc}"
        if timeout is not None and dt >= timeout:
            reason = f"timed out after {timeout:g} s; {reason}"
        return CaseOutcome(cid, "failed" if st.state != "incomplete" else "incomplete", dt, reason)

    outcomes: list[CaseOutcome] = []
    pool = ThreadPoolExecutor(max_workers=max(1, workers))
    futures: dict[Future[CaseOutcome], str] = {pool.submit(one, cid, d): cid for cid, d in cases}
    previous = signal.getsignal(signal.SIGTERM)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for f in done:
                out = f.result()
                outcomes.append(out)
                if progress is not None:
                    progress(out, len(outcomes), len(futures))
    except KeyboardInterrupt:
        with lock:
            stopping.set()
            procs = list(running.values())
        for p in procs:
            _terminate(p)
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, previous)
        pool.shutdown(wait=True)
    return outcomes


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _terminate(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the case's process group (mpiexec forwards it to its ranks), SIGKILL after 20 s."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def _tail(path: Path, lines: int = 3) -> str:
    try:
        text = path.read_text(errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " | ".join(text[-lines:])
