"""Reading a finished run's folder for a report: its summary, histories and tables.

A report sits on top of the pipeline: it reads the files a run wrote (never a model's state), so a
report can be made long after the run, on another machine, from a copied folder.
"""

from __future__ import annotations

import csv
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..comparison import file_stem
from ..results import RunSummary
from ..sinks import read_summary

__all__ = ["RunFiles", "read_columns"]


def read_columns(path: Path) -> dict[str, Any]:
    """A CSV written by thermobond as columns: float arrays where every cell is a number, else text."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    if not rows:
        return {}
    header, body = rows[0], rows[1:]
    out: dict[str, Any] = {}
    for j, h in enumerate(header):
        cells = [r[j] if j < len(r) else "" for r in body]
        try:
            out[h] = np.array([float(c) if c != "" else np.nan for c in cells])
        except ValueError:
            out[h] = cells
    return out


@dataclass(frozen=True)
class RunFiles:
    """The files of one run's folder.

    Attributes:
        folder: The results folder.
        summary: The typed summary (None: the run did not finish, or wrote another format).
        failure: The message of ``failure.json``, or "".
        description: The case's description (from ``case.toml``).
    """

    folder: Path
    summary: RunSummary | None
    failure: str
    description: str

    @classmethod
    def read(cls, folder: Path) -> RunFiles:
        folder = Path(folder)
        failure = ""
        if (folder / "failure.json").is_file():
            data = json.loads((folder / "failure.json").read_text(encoding="utf-8"))
            failure = f"{data.get('error', 'error')}: {data.get('message', '')}"
        description = ""
        for name in ("case.toml", "input.toml"):
            if (folder / name).is_file():
                try:
                    description = str(tomllib.loads((folder / name).read_text(encoding="utf-8")).get("description", ""))
                except tomllib.TOMLDecodeError:
                    pass
                break
        return cls(folder, read_summary(folder), failure, description)

    def table(self, name: str) -> dict[str, Any] | None:
        """A CSV of the folder as columns (``history.csv``, ``interface/history.csv`` ...), None if absent."""
        path = self.folder / name
        return read_columns(path) if path.is_file() else None

    @property
    def stack_history(self) -> dict[str, Any] | None:
        if self.summary is None or self.summary.stack is None:
            return None
        return self.table("history.csv")

    @property
    def interface_history(self) -> dict[str, Any] | None:
        if self.summary is None or self.summary.interface is None:
            return None
        return self.table("interface/history.csv") if self.summary.stack is not None else self.table("history.csv")

    @property
    def patch_history(self) -> dict[str, Any] | None:
        s = self.summary
        if s is None or s.patch is None:
            return None
        return self.table("patch/history.csv" if s.stack is not None or s.interface is not None else "history.csv")

    def measured(self) -> dict[str, dict[str, Any]]:
        """Each measured temperature's table (``measured/<target>.csv``) by target."""
        out: dict[str, dict[str, Any]] = {}
        if self.summary is None:
            return out
        for m in self.summary.measured:
            t = self.table(f"measured/{file_stem(m.target)}.csv")
            if t is not None:
                out[m.target] = t
        return out
