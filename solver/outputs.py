"""The results directory of a run: rank 0 writes, every write is atomic (temporary name + rename).

``results/<case>/`` holds ``case.toml`` (as resolved), ``metadata.json``, ``history.csv``,
``summary.json``, ``fields/*.bp`` and ``plots/``. ``summary.json`` is written last and only on
success, so its presence marks a complete result; a failed run writes ``failure.json`` instead.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import platform
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from .errors import as_terminated

__all__ = ["HistoryWriter", "RunDirectory", "atomic_write_text", "dumps_json", "software_versions", "write_csv"]


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(text)
    os.replace(tmp, path)


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return _jsonable(obj.tolist())
    if isinstance(obj, (np.floating, float)):
        f = float(obj)
        return f if math.isfinite(f) else None
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, Path):
        return str(obj)
    return obj


def dumps_json(obj: Any) -> str:
    return json.dumps(_jsonable(obj), indent=2, sort_keys=False) + "\n"


def _git_revision() -> str | None:
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(["git", "-C", str(here), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    dirty = subprocess.run(
        ["git", "-C", str(here), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        timeout=5,
    ).stdout.strip()
    return out.stdout.strip() + ("-dirty" if dirty else "")


def software_versions() -> dict[str, Any]:
    """Versions of thermobond and what it runs on (no DOLFINx import if it is absent)."""
    from importlib.metadata import PackageNotFoundError, version

    out: dict[str, Any] = {"python": sys.version.split()[0], "platform": platform.platform()}
    for pkg in (
        "thermobond",
        "numpy",
        "scipy",
        "gmsh",
        "matplotlib",
        "pint",
        "mpi4py",
        "petsc4py",
        "fenics-dolfinx",
        "dolfinx-solver-real",
        "fenics-basix",
        "fenics-ffcx",
        "fenics-ufl",
    ):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            pass
    try:
        import dolfinx
        import mpi4py.MPI  # noqa: F401  (must precede dolfinx with the PyPI wheel)

        out["dolfinx"] = dolfinx.__version__
        from petsc4py import PETSc

        out["petsc"] = ".".join(str(v) for v in PETSc.Sys.getVersion())
    except ImportError:
        pass
    out["git_revision"] = _git_revision()
    return out


class HistoryWriter:
    """Time history CSV, one row per accepted step, appended and flushed by rank 0."""

    def __init__(self, path: Path, columns: Sequence[str], rank: int) -> None:
        self.columns = list(columns)
        self.rank = rank
        self.path = path
        self._fh: io.TextIOWrapper | None = None
        if rank == 0:
            self._fh = open(path, "w", newline="")
            csv.writer(self._fh).writerow(self.columns)
            self._fh.flush()

    def append(self, row: Mapping[str, float]) -> None:
        if self._fh is None:
            return
        csv.writer(self._fh).writerow([_fmt(row.get(c, "")) for c in self.columns])
        self._fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def _fmt(v: Any) -> str:
    if isinstance(v, (float, np.floating)):
        return f"{float(v):.10g}"
    return str(v)


def write_csv(path: Path, header: Sequence[str], rows: np.ndarray | Sequence[Sequence[Any]]) -> None:
    """Write a CSV table atomically (call on one rank)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    for r in rows:
        w.writerow([_fmt(v) for v in r])
    atomic_write_text(path, buf.getvalue())


class RunDirectory:
    """Creates and fills a run's results directory (collective constructor).

    Args:
        comm: The run's communicator (rank 0 writes).
        path: The directory.
        resolved_case: TOML text of the case as resolved.
    """

    def __init__(self, comm: Any, path: Path, resolved_case: str) -> None:
        self.comm = comm
        self.path = Path(path)
        self.rank = comm.rank
        self.started = time.time()
        self.timings: dict[str, float] = {}
        if self.rank == 0:
            self.path.mkdir(parents=True, exist_ok=True)
            for stale in ("summary.json", "failure.json"):
                (self.path / stale).unlink(missing_ok=True)
            (self.path / "plots").mkdir(exist_ok=True)
            (self.path / "fields").mkdir(exist_ok=True)
            atomic_write_text(self.path / "case.toml", resolved_case)
        comm.barrier()

    def write_json(self, name: str, obj: Any) -> None:
        if self.rank == 0:
            atomic_write_text(self.path / name, dumps_json(obj))

    def write_csv(self, name: str, header: Sequence[str], rows: np.ndarray | Sequence[Sequence[Any]]) -> None:
        if self.rank == 0:
            write_csv(self.path / name, header, rows)

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

    @staticmethod
    def write_summary(comm: Any, path: Path, summary: Any) -> None:
        """(Re)write ``summary.json`` of a finished run directory (rank 0, atomic; collective barrier)."""
        if comm.rank == 0:
            atomic_write_text(Path(path) / "summary.json", dumps_json(summary))
        comm.barrier()

    @staticmethod
    def write_failure(comm: Any, path: Path, error: BaseException, stage: str = "") -> None:
        """Write ``failure.json`` of a run directory (rank 0, atomic); ``stage`` names what failed."""
        if comm.rank == 0:
            message = f"{stage}: {error}" if stage else str(error)
            atomic_write_text(
                Path(path) / "failure.json", dumps_json({"error": type(error).__name__, "message": message})
            )

    def fail(self, error: BaseException) -> None:
        """Record a failed run (no summary.json is written)."""
        self.write_failure(self.comm, self.path, error)

    @contextmanager
    def failures_recorded(self) -> Iterator[None]:
        """Record any exception raised inside in ``failure.json``, and re-raise it.

        Once SIGTERM has arrived the run failed because of it, whatever surfaced first (inside a
        PETSc callback the handler's exception comes out as a PETSc error): that is recorded and
        raised as :class:`~thermobond.errors.Terminated`.
        """
        try:
            yield
        except Exception as exc:
            cause = as_terminated(exc)
            self.fail(cause)
            if cause is not exc:
                raise cause from exc
            raise
