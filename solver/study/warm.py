"""Warm workers for the local executor: a few long-lived processes that each run many serial cases.

A cold case (:func:`thermobond.study.local.case_command`) pays the interpreter, the imports of
DOLFINx, PETSc and the form compiler, and the loading of the compiled forms, every time (about 3 s,
most of a small case). A warm worker pays them once and then runs case after case in its own
process, with the same command-line entry point (``thermobond -q run input.toml -o DIR``), its
output in ``DIR/run.log``.

Isolation, so that a failing case cannot poison the next:

* Workers are *spawned* (a fresh interpreter, not a fork): the driver has MPI initialised and
  DOLFINx loaded, and a forked copy of an initialised MPI process is not safe to use.
* A worker that ran a case which did not end in a result is retired, and the next case gets a
  fresh process: an exception may leave PETSc objects, options or the form cache in any state. A
  worker is also retired after ``cases_per_worker`` cases (bounded memory growth).
* A worker that dies (a segmentation fault, the out-of-memory killer) or exceeds the case timeout
  is ended and replaced; its case is recorded as failed (``failure.json``, as the SLURM epilogue
  does) so that it never looks complete.
* Each worker runs in its own session, so Ctrl-C reaches the driver only; the driver terminates the
  workers' cases itself (each records its failure through its own SIGTERM handler).

Serial cases only: a case on several MPI ranks needs ``mpiexec`` around it and runs cold.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path

from ..outputs import atomic_write_text, dumps_json
from .expand import case_state, short_reason
from .outcome import CaseOutcome, child_environment
from .record import record

__all__ = ["CaseFunction", "run_case_in_process", "run_warm"]

log = logging.getLogger(__name__)

CaseFunction = Callable[[Path], int]
_STOP_GRACE_S = 20.0  # SIGTERM → SIGKILL, as for a cold case


def run_case_in_process(case_dir: Path) -> int:
    """Run the case in ``case_dir`` in this process, as ``thermobond -q run input.toml -o DIR``; its exit code."""
    # the command line's own `run` (exit codes, failure records); imported here because the
    # command line imports this package
    from ..cli import main

    return main(["-q", "run", str(case_dir / "input.toml"), "-o", str(case_dir)])


def _run_logged(target: CaseFunction, case_dir: Path) -> int:
    """``target(case_dir)`` with file descriptors 1 and 2 (Python's and PETSc's output) in ``run.log``."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    try:
        with open(case_dir / "run.log", "wb") as fh:
            fh.write(f"thermobond: run in warm worker pid {os.getpid()}\n".encode())
            fh.flush()
            os.dup2(fh.fileno(), 1)
            os.dup2(fh.fileno(), 2)
            try:
                return int(target(case_dir))
            except BaseException:  # any failure of a case is its exit code; the worker retires
                traceback.print_exc()
                return 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(saved[0])
        os.close(saved[1])


def _serve(conn: Connection, target: CaseFunction) -> None:
    """A worker's loop: receive a case folder, run it, answer its exit code; ``None`` ends it."""
    os.setsid()  # Ctrl-C in the terminal goes to the driver, which ends the cases itself
    while True:
        try:
            item = conn.recv()
        except EOFError:
            return
        if item is None:
            return
        code = _run_logged(target, Path(item))
        for s in (signal.SIGTERM, signal.SIGINT):  # a case's stop handler must not outlive it
            signal.signal(s, signal.SIG_DFL)
        conn.send(code)
        if code != 0:  # retire: the next case gets a fresh process (module docstring)
            return


_ENVIRON_LOCK = threading.Lock()  # the slots spawn workers from several threads


@contextlib.contextmanager
def _child_environ() -> Iterator[None]:
    """The case processes' environment (one thread each) while a worker is spawned.

    A spawned process inherits ``os.environ`` as it is at its start, so the variables are set around
    the start, under a lock: two slots spawning at once would otherwise see each other's restore (an
    environment cleared mid-update killed a worker at birth).
    """
    with _ENVIRON_LOCK:
        wanted = child_environment()
        saved = {k: os.environ.get(k) for k in wanted}
        os.environ.update(wanted)
        try:
            yield
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v


class _Worker:
    """One spawned worker process and the driver's end of its pipe."""

    def __init__(self, target: CaseFunction) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        with _child_environ():
            self.proc = ctx.Process(target=_serve, args=(child, target), daemon=True)
            self.proc.start()
        child.close()
        self.cases = 0
        # the driver's main thread ends the workers on Ctrl-C while their slot threads may be ending
        # them too: closing one pipe twice at once closed a descriptor twice (EBADF in the driver)
        self._lock = threading.RLock()

    def run(self, case_dir: Path, timeout: float | None) -> int | None:
        """The case's exit code; None if the worker died or the timeout passed (the worker is then ended)."""
        self.cases += 1
        try:
            self.conn.send(str(case_dir))
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                if self.conn.poll(0.5 if left is None else min(0.5, left)):
                    return int(self.conn.recv())
                if not self.proc.is_alive() or (left is not None and left <= 0.0):
                    self.end()
                    return None
        except (EOFError, OSError):
            self.end()
            return None

    def end(self) -> None:
        """SIGTERM (the case records its failure), SIGKILL after the grace period (any thread, once)."""
        with self._lock:
            if self.proc.is_alive():
                self.proc.terminate()
                self.proc.join(_STOP_GRACE_S)
                if self.proc.is_alive():
                    self.proc.kill()
            self.proc.join()
            self.conn.close()

    def close(self) -> None:
        """Let an idle worker leave its loop."""
        with self._lock:
            with contextlib.suppress(OSError):
                self.conn.send(None)
            self.proc.join(5.0)
            if self.proc.is_alive():
                self.end()
            else:
                self.conn.close()


def run_warm(
    cases: list[tuple[str, Path]],
    *,
    workers: int,
    cases_per_worker: int = 100,
    timeout: float | None = None,
    progress: Callable[[CaseOutcome, int, int], None] | None = None,
    target: CaseFunction = run_case_in_process,
) -> list[CaseOutcome]:
    """Run the cases (id, directory) on ``workers`` warm worker processes; returns their outcomes.

    Args:
        cases: The cases, in the order to start them.
        workers: Worker processes (cases at a time).
        cases_per_worker: Cases a worker runs before it is replaced (≥ 1).
        timeout: Wall-clock limit of one case (s); None: no limit.
        progress: Called after each case with (outcome, cases finished, total).
        target: What runs one case in a worker (a module-level function of the case folder returning
            an exit code; default the ``thermobond run`` command): a model of another kind, or a
            stand-in in tests.

    Raises:
        KeyboardInterrupt: After ending the running cases, if the driver was interrupted.
        ValueError: ``workers`` or ``cases_per_worker`` below 1.
    """
    if workers < 1 or cases_per_worker < 1:
        raise ValueError(f"workers ({workers}) and cases_per_worker ({cases_per_worker}) must be ≥ 1")
    if threading.current_thread() is threading.main_thread():
        # thermobond starts PETSc without its signal handlers; where something started PETSc with
        # them first, its SIGPIPE handler would end the driver at the next write to a dead worker's
        # pipe. Ignored (Python's default), the write raises BrokenPipeError and the case is failed.
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    todo: queue.SimpleQueue[tuple[str, Path]] = queue.SimpleQueue()
    for c in cases:
        todo.put(c)
    done: queue.SimpleQueue[CaseOutcome] = queue.SimpleQueue()
    stopping = threading.Event()
    alive: list[_Worker] = []
    lock = threading.Lock()

    def slot() -> None:
        worker: _Worker | None = None
        try:
            while not stopping.is_set():
                try:
                    cid, d = todo.get_nowait()
                except queue.Empty:
                    return
                if worker is None or worker.cases >= cases_per_worker:
                    if worker is not None:
                        worker.close()
                    worker = _Worker(target)
                    with lock:
                        alive.append(worker)
                t0 = time.perf_counter()
                code = worker.run(d, timeout)
                dt = time.perf_counter() - t0
                done.put(_outcome(cid, d, code, dt, timeout, stopping.is_set()))
                if code != 0:  # a case without a result retires its worker (module docstring)
                    if code is not None:
                        worker.close()
                    worker = None
        finally:
            if worker is not None:
                worker.close()

    threads = [threading.Thread(target=slot, daemon=True) for _ in range(min(workers, max(1, len(cases))))]
    for t in threads:
        t.start()
    outcomes: list[CaseOutcome] = []
    try:
        while len(outcomes) < len(cases) and any(t.is_alive() for t in threads):
            try:
                out = done.get(timeout=0.5)
            except queue.Empty:
                continue
            outcomes.append(out)
            if progress is not None:
                progress(out, len(outcomes), len(cases))
        while not done.empty():
            outcomes.append(done.get())
    except KeyboardInterrupt:
        stopping.set()
        with lock:
            running = list(alive)
        for w in running:
            w.end()
        for t in threads:
            t.join()
        raise
    return outcomes


def _outcome(cid: str, d: Path, code: int | None, dt: float, timeout: float | None, stopping: bool) -> CaseOutcome:
    """The outcome from the case's files; a case that left no record of its end gets one."""
    st = case_state(d)
    if st.state == "done":
        return CaseOutcome(cid, "done", dt)
    if stopping and st.state in ("incomplete", "pending", "running"):
        # ended by the driver's interrupt before the run's own SIGTERM handler could record it
        message = "terminated by the study driver's interrupt before the run recorded it; see run.log"
        record_ = {"error": "Terminated", "message": message, "exit_code": code}
        atomic_write_text(d / "failure.json", dumps_json(record_))
        return CaseOutcome(cid, "failed", dt, case_state(d).reason)
    if code is None or st.state in ("incomplete", "pending"):
        what = "timed out" if timeout is not None and dt >= timeout else "died"
        record(d, code, state="" if code is not None else what.upper().replace(" ", "_"))
        st = case_state(d)
        reason = f"{what} after {dt:.1f} s; {st.reason}" if code is None else st.reason
        return CaseOutcome(cid, "failed", dt, reason)
    return CaseOutcome(cid, "failed", dt, st.reason or short_reason(_tail(d / "run.log")) or f"exit code {code}")


def _tail(path: Path, lines: int = 3) -> str:
    try:
        text = path.read_text(errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " | ".join(text[-lines:])
