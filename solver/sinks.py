"""The results folder of a run: files written from the models' results, never read back by them.

``results/<case>/`` holds ``case.toml`` (the case as resolved), ``metadata.json``, ``history.csv``,
the model's tables and ``plots/``, ``fields/*.bp`` (ParaView), ``interface/`` for a chained
interface model, and ``summary.json`` — written last and only on success, so its presence marks a
complete result; a failed run writes ``failure.json`` instead. Rank 0 writes; every write is
atomic; an error on rank 0 is broadcast so that every rank raises it.

A run owns its folder: a lock file names the process that writes it, a second writer is refused,
and a run starts by removing what an earlier run of the folder wrote, so files of two runs never mix.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import json
import os
import shutil
import socket
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from .errors import InputError, ThermobondError, as_terminated
from .outputs import TMP_MARK, atomic_write_text, csv_text, dumps_json, software_versions
from .results import RunSummary
from .signals import StopFlag

__all__ = ["LOCK_NAME", "OUTPUTS", "FolderInUse", "RunFolder", "lock_holder", "on_rank0", "output_folder"]

R = TypeVar("R")

LOCK_NAME = ".thermobond.lock"
#: What a run writes into its folder; a new run of the folder removes these first.
OUTPUTS = (
    "case.toml",
    "metadata.json",
    "summary.json",
    "failure.json",
    "history.csv",
    "history.csv.part",
    "interface_history.csv",
    "interface_stress.csv",
    "deflection.csv",
    "surface.csv",
    "surface_profile.csv",
    "bond.csv",
    "peel_vs_thickness.csv",
    "measured",
    "centre_stress.csv",
    "plots",
    "fields",
    "interface",
    "report",
    "export",
)


class FolderInUse(ThermobondError):
    """Another live process is writing the results folder."""


def on_rank0[T](comm: Any, fn: Callable[..., T], *args: Any) -> T | None:
    """Run ``fn`` on rank 0 and return its result there (None elsewhere); collective.

    An exception on rank 0 is raised on every rank, of the same kind — bad input as
    :class:`InputError`, a system error as :class:`OSError`, anything else as
    :class:`ThermobondError` — so that every rank leaves with the same exit code (``mpiexec``
    combines them) and none waits in a collective the others have left.
    """
    result: T | None = None
    error: BaseException | None = None
    if comm.rank == 0:
        # no garbage collection while rank 0 works alone: freeing a solver's PETSc objects is collective
        enabled = gc.isenabled()
        gc.disable()
        try:
            result = fn(*args)
        except BaseException as exc:  # re-raised on every rank below
            error = exc
        finally:
            if enabled:
                gc.enable()
    failed = comm.bcast(None if error is None else (_kind(error), str(error)), root=0)
    if failed is None:
        return result
    if error is not None:
        raise error
    kind, text = failed
    if kind == "input":
        raise InputError(text)
    if kind == "os":
        raise OSError(text)
    raise ThermobondError(f"rank 0 failed: {text}")


def _kind(error: BaseException) -> str:
    return "input" if isinstance(error, InputError) else "os" if isinstance(error, OSError) else "other"


def output_folder(comm: Any, path: Path, option: str = "--output") -> Path:
    """Create an output folder that is not a run's (``thermobond mesh``): rank 0 makes it, every rank
    raises if it could not (collective).

    Raises:
        InputError: ``path`` is a file.
        ThermobondError: It cannot be created (a permission, a parent that is a file).
    """

    def make() -> None:
        if path.exists() and not path.is_dir():
            raise InputError("the output folder is a file", key=option, value=str(path), accepted="a folder")
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ThermobondError(f"cannot create the output folder {path}: {exc.strerror or exc}") from None

    on_rank0(comm, make)
    return path


def lock_holder(folder: Path) -> tuple[int, str] | None:
    """(pid, host) of the live process holding ``folder``'s lock on this host, else None."""
    try:
        pid_s, host = (folder / LOCK_NAME).read_text(encoding="utf-8").split()[:2]
        pid = int(pid_s)
    except (OSError, ValueError):
        return None
    if host != socket.gethostname():
        return pid, host  # another machine's process: assume it is alive
    return (pid, host) if _alive(pid) else None


def _alive(pid: int) -> bool:
    """Whether process ``pid`` of this host is alive. A zombie is not: a rank killed with its
    ``mpiexec`` is re-parented, and where nothing reaps orphans (PID 1 of a container that is not an
    init) it stays a zombie that ``kill(pid, 0)`` still finds."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True  # no /proc (not Linux): trust kill
    return state not in ("Z", "X")


class RunFolder:
    """The results folder of one run (collective constructor: rank 0 prepares it, all ranks wait).

    Args:
        comm: The run's communicator.
        path: The folder.
        resolved_case: TOML text of the case as resolved.

    Raises:
        InputError: ``path`` is a file, or cannot be created or written (permissions).
        FolderInUse: A live process holds the folder.
    """

    def __init__(self, comm: Any, path: Path, resolved_case: str) -> None:
        self.comm = comm
        self.path = Path(path)
        self.rank = comm.rank
        self.started = time.time()
        self.timings: dict[str, float] = {}
        self._locked = False
        self.on_rank0(self._prepare, resolved_case)

    # ---- collective helpers -----------------------------------------------------------------------
    def on_rank0(self, fn: Callable[..., R], *args: Any) -> R | None:
        """Run ``fn`` on rank 0; an exception there is raised on every rank (collective)."""
        return on_rank0(self.comm, fn, *args)

    # ---- the folder ---------------------------------------------------------------------------------
    def _prepare(self, resolved_case: str) -> None:
        p = self.path
        if p.exists() and not p.is_dir():
            raise InputError("the results folder is a file", key="--output", value=str(p), accepted="a folder")
        try:
            p.mkdir(parents=True, exist_ok=True)
            fd = os.open(p / LOCK_NAME, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = lock_holder(p)
            if holder is not None:
                raise FolderInUse(
                    f"{p} is being written by process {holder[0]} on {holder[1]} (lock {LOCK_NAME}); wait for it, "
                    "stop it, or write this run elsewhere with -o"
                ) from None
            (p / LOCK_NAME).unlink(missing_ok=True)  # a stale lock of a process that is gone
            fd = os.open(p / LOCK_NAME, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except OSError as exc:  # a permission, a parent that is a file, a read-only file system
            raise ThermobondError(f"cannot create the results folder {p}: {exc.strerror or exc}") from None
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} {socket.gethostname()}\n")
        self._locked = True
        self._clean()
        atomic_write_text(p / "case.toml", resolved_case)

    def _clean(self) -> None:
        """Remove what an earlier run of this folder wrote, and leftover temporary files.

        Only a folder an earlier run wrote (it has its ``case.toml``) is cleaned; a folder holding
        other files of those names is refused rather than emptied.
        """
        present = [name for name in OUTPUTS if (self.path / name).exists()]
        if present and not (self.path / "case.toml").is_file():
            self.release()
            raise InputError(
                "the results folder holds files that a thermobond run did not write: " + ", ".join(present[:5]),
                key="--output",
                value=str(self.path),
                accepted="an empty folder or the folder of an earlier run",
            )
        for name in OUTPUTS:
            q = self.path / name
            if q.is_dir() and not q.is_symlink():
                shutil.rmtree(q)
            else:
                q.unlink(missing_ok=True)
        for q in self.path.glob(f".*{TMP_MARK}*"):
            q.unlink(missing_ok=True)

    def release(self) -> None:
        """Give up the folder (rank 0 removes the lock; not collective)."""
        if self._locked:
            (self.path / LOCK_NAME).unlink(missing_ok=True)
            self._locked = False

    def subfolder(self, name: str) -> Path:
        """A folder inside the run's (created by rank 0; collective)."""
        q = self.path / name
        self.on_rank0(q.mkdir, 0o777, False, True)
        return q

    # ---- writing ------------------------------------------------------------------------------------
    def write_text(self, name: str, text: str) -> None:
        """Write a file atomically on rank 0 (collective: an error is raised on every rank)."""
        self.on_rank0(atomic_write_text, self.path / name, text)

    def write_csv(self, name: str, header: Sequence[str], rows: np.ndarray | Sequence[Sequence[Any]]) -> None:
        self.write_text(name, csv_text(header, rows))

    def write_json(self, name: str, obj: Any) -> None:
        self.write_text(name, dumps_json(obj))

    def history_factory(self, name: str) -> Callable[[Sequence[str]], HistorySink]:
        """Makes the streaming history of a time loop once it knows its columns (rank 0 appends to
        ``<name>.part``; the file gets its name when the loop closes it)."""

        def make(columns: Sequence[str]) -> HistorySink:
            return HistorySink(self.path / name, columns, self.rank == 0)

        return make

    def metadata(self, extra: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "software": software_versions(),
            "mpi_size": self.comm.size,
            "host": socket.gethostname(),
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(self.started)),
            "wall_time_s": time.time() - self.started,
            "timings_s": dict(self.timings),
            "command": " ".join(sys.argv),
            **extra,
        }

    def write_summary(self, summary: RunSummary) -> None:
        """``summary.json``: the last file of a successful run (collective)."""
        self.write_json("summary.json", summary.to_json())

    def write_failure(self, error: BaseException, stage: str = "") -> None:
        """``failure.json`` (rank 0, atomic; not collective: called on the way out of a failure)."""
        if self.rank != 0:
            return
        message = f"{stage}: {error}" if stage else str(error)
        with contextlib.suppress(OSError):  # a full disk or a vanished folder: the exit code still says it
            atomic_write_text(
                self.path / "failure.json", dumps_json({"error": type(error).__name__, "message": message})
            )

    @contextlib.contextmanager
    def failures_recorded(self, stage: Callable[[], str] | None = None, stop: StopFlag | None = None) -> Iterator[None]:
        """Record any exception raised inside in ``failure.json``, release the lock, and re-raise.

        Once a termination signal has arrived the run failed because of it, whatever surfaced
        first: that is recorded and raised as :class:`~thermobond.errors.Terminated`.
        """
        try:
            yield
        except BaseException as exc:
            signum = stop.signum if stop is not None else None
            cause = as_terminated(exc, signum) if isinstance(exc, Exception) else exc
            self.write_failure(cause, stage() if stage is not None else "")
            if cause is not exc:
                raise cause from exc
            raise
        finally:
            self.release()


class HistorySink:
    """``history.csv`` written while the run goes: rows appended to ``<name>.part`` and flushed, the
    file renamed to its name when the model finishes (a killed run leaves only the ``.part``)."""

    def __init__(self, path: Path, columns: Sequence[str], writer: bool) -> None:
        self.path = path
        self.columns = list(columns)
        self.part = path.with_name(path.name + ".part")
        self._fh = None
        if writer:
            self._fh = open(self.part, "w", encoding="utf-8", newline="")
            self._fh.write(csv_text(self.columns, []))
            self._fh.flush()

    def __call__(self, row: Mapping[str, Any]) -> None:
        if self._fh is None:
            return
        try:
            self._fh.write(csv_text(self.columns, [[row.get(c, "") for c in self.columns]]).split("\n", 1)[1])
            self._fh.flush()
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise OSError(exc.errno, f"no space left on the device writing {self.part}") from None
            raise

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
            os.replace(self.part, self.path)


def read_summary(folder: Path) -> RunSummary | None:
    """The typed summary of a finished run, or None if there is none (or of another format)."""
    try:
        return RunSummary.from_json(json.loads((Path(folder) / "summary.json").read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None
