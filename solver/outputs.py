"""Writing files: atomically (a temporary name in the same folder, then a rename), JSON and CSV in
thermobond's formats, and the versions a result was made with. The run folder is
:mod:`thermobond.sinks`."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import platform
import subprocess
import sys
from collections.abc import Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["TMP_MARK", "atomic_write_text", "csv_text", "dumps_json", "software_versions", "write_csv"]

TMP_MARK = ".tmp"  # temporary files are ".<name>.tmp<pid>": a later run of the folder removes leftovers


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same directory.

    A failed write (a full disk, say) removes the temporary file and leaves ``path`` as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}{TMP_MARK}{os.getpid()}")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


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
        # optional: the versions of what is installed (outputs are written without DOLFINx too)
        import dolfinx
        import mpi4py.MPI  # noqa: F401  (must precede dolfinx with the PyPI wheel)

        out["dolfinx"] = dolfinx.__version__
        # optional: the versions of what is installed (outputs are written without DOLFINx too)
        from petsc4py import PETSc

        out["petsc"] = ".".join(str(v) for v in PETSc.Sys.getVersion())
    except ImportError:
        pass
    out["git_revision"] = _git_revision()
    return out


def _fmt(v: Any) -> str:
    if isinstance(v, (float, np.floating)):
        return f"{float(v):.10g}"
    return str(v)


def csv_text(header: Sequence[str], rows: np.ndarray | Sequence[Sequence[Any]]) -> str:
    """A CSV table as text (numbers with 10 significant digits)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow([_fmt(v) for v in r])
    return buf.getvalue()


def write_csv(path: Path, header: Sequence[str], rows: np.ndarray | Sequence[Sequence[Any]]) -> None:
    """Write a CSV table atomically (call on one rank)."""
    atomic_write_text(path, csv_text(header, rows))
