"""Expand a study into case directories, and read back the state of each case from its files.

``<study dir>/``
    ``study.toml`` (the study as resolved), ``manifest.json`` and ``manifest.csv`` (case id →
    parameter values, as written and in SI), ``cases/<id>/input.toml`` (the resolved case), and
    after a run ``cases/<id>/`` holds its results (``summary.json`` marks a complete one). An
    adaptive study keeps the batches it added in ``adaptive.json`` (:data:`ADAPTIVE_STATE`).

Ids are ``c<index>-<hash of the values>``: expanding the same study again writes the same files
(nothing is rewritten whose content has not changed), and a changed parameter value gets a new
directory instead of inheriting another case's results.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import tomli_w

from ..case import read_case
from ..case.overrides import apply_override, canonical_key
from ..errors import InputError
from ..outputs import atomic_write_text, dumps_json
from ..pipeline import check_solver_options
from ..schema import load_toml
from ..sinks import lock_holder
from .space import parameter_value
from .spec import CaseEntry, StudySpec
from .uqspec import manifest_entries

__all__ = [
    "ADAPTIVE_STATE",
    "CaseState",
    "ExpandedStudy",
    "case_state",
    "expand",
    "number_column",
    "parameter_value",
    "read_batches",
    "read_manifest",
    "short_reason",
]

#: an adaptive study's state file: the batches it added (unit-cube points) and its progress
ADAPTIVE_STATE = "adaptive.json"

State = Literal["done", "failed", "incomplete", "pending", "stale", "running"]


@dataclass(frozen=True)
class ExpandedStudy:
    """A study written to disk: where, and its cases in order."""

    spec: StudySpec
    root: Path
    cases: list[CaseEntry]

    def case_dir(self, case: CaseEntry) -> Path:
        return self.root / "cases" / case.id


def _write_if_changed(path: Path, text: str) -> None:
    if not path.is_file() or path.read_bytes() != text.encode():
        atomic_write_text(path, text)


def number_column(key: str, unit: str) -> str:
    """The column of a parameter's value as a number: ``cycle.heat.temperature_degC``."""
    return f"{key}_{unit}" if unit else f"{key}_value"


def read_batches(root: Path) -> list[list[float]]:
    """The unit-cube points an adaptive study in ``root`` has added so far, in order (none: [])."""
    path = Path(root) / ADAPTIVE_STATE
    if not path.is_file():
        return []
    state = json.loads(path.read_text())
    return [list(map(float, u)) for batch in state.get("batches", []) for u in batch]


def expand(spec: StudySpec, root: Path, *, write: bool = True, extra: list[list[float]] | None = None) -> ExpandedStudy:
    """Validate every case of the study, then write the study directory (idempotent).

    Args:
        spec: The study.
        root: Its folder.
        write: False: validate only (a dry run).
        extra: An adaptive study's added points (unit cube); default: those recorded in ``root``.

    Raises:
        InputError: A parameter key that does not exist, or a case that does not validate; the
            message names the study file, the parameter and the case.
    """
    try:
        base_data = load_toml(spec.base, "case file")
    except InputError as exc:
        raise InputError(f"the base case: {exc}", file=spec.path, key="base", value=str(spec.base)) from None
    if spec.mode == "adaptive":
        entries = spec.cases(read_batches(root) if extra is None else extra)
    else:
        entries = spec.cases()
    texts: dict[str, str] = {}
    kinds: dict[str, str | None] = {}
    for entry in entries:
        data = copy.deepcopy(base_data)
        for key, value in spec.fixed.items():
            try:
                apply_override(data, key, value)
            except KeyError as exc:
                raise InputError(f"no such case key: {exc.args[0]}", file=spec.path, key=f"fixed.{key}") from None
        for i, (key, value) in enumerate(entry.values.items()):
            try:
                apply_override(data, key, value)
            except KeyError as exc:
                raise InputError(
                    f"no such case key: {exc.args[0]}", file=spec.path, key=f"parameters[{i}].key", value=key
                ) from None
        data["name"] = f"{spec.name}-{entry.id}"
        try:
            case = read_case(data, spec.base)
        except InputError as exc:
            where = ", ".join(f"{k} = {v}" for k, v in entry.values.items())
            raise InputError(f"case {entry.id} ({where}) does not validate: {exc}", file=spec.path) from None
        try:
            check_solver_options(case)
        except InputError as exc:
            where = ", ".join(f"{k} = {v}" for k, v in entry.values.items())
            raise InputError(f"case {entry.id} ({where}): {exc}", file=spec.path) from None
        texts[entry.id] = case.to_toml()
        for key in entry.values:
            if key not in kinds:
                kinds[key] = case.quantity_kinds.get(canonical_key(data, key))
    adhesion = case.adhesion if entries else None  # the cases share the base case's interface card
    uq = manifest_entries(spec, kinds, adhesion.card.calibration if adhesion is not None else None)
    if not write:
        return ExpandedStudy(spec, root, entries)
    root.mkdir(parents=True, exist_ok=True)
    _write_if_changed(root / "study.toml", tomli_w.dumps(spec.resolved))
    for entry in entries:
        d = root / "cases" / entry.id
        d.mkdir(parents=True, exist_ok=True)
        _write_if_changed(d / "input.toml", texts[entry.id])
    keys = [p.key for p in spec.parameters]
    units: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    for entry in entries:
        si = {}
        for k in keys:
            v, u = parameter_value(entry.values[k], kinds.get(k))
            si[k] = v
            if u is not None:
                units.setdefault(k, u)
        rows.append({"id": entry.id, "index": entry.index, "values": entry.values, "number": si})
    manifest = {
        "study": spec.name,
        "description": spec.description,
        "base": str(spec.base),
        "mode": spec.mode,
        **uq,
        "parameters": [
            {"key": p.key, "label": p.label or p.key, "unit": units.get(p.key), "kind": kinds.get(p.key)}
            for p in spec.parameters
        ],
        "cases": rows,
    }
    _write_if_changed(root / "manifest.json", dumps_json(manifest))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", *keys, *[number_column(k, units[k]) for k in keys if k in units]])
    for r in rows:
        w.writerow([r["id"], *[r["values"][k] for k in keys], *[r["number"][k] for k in keys if k in units]])
    _write_if_changed(root / "manifest.csv", buf.getvalue())
    return ExpandedStudy(spec, root, entries)


def read_manifest(root: Path) -> dict[str, Any]:
    """The manifest of an expanded study directory.

    Raises:
        InputError: The directory is not an expanded study.
    """
    path = Path(root) / "manifest.json"
    if not path.is_file():
        raise InputError("not a study directory (no manifest.json): expand it with `thermobond study`", file=root)
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def short_reason(text: str, limit: int = 240) -> str:
    """One line of a failure message: its first line and, for a multi-line message (a PETSc
    traceback), its last, the full text staying in ``failure.json``."""
    lines = [x.strip() for x in str(text).strip().splitlines() if x.strip()]
    if not lines:
        return ""
    out = lines[0] if len(lines) == 1 else f"{lines[0]} … {lines[-1]}"
    return out if len(out) <= limit else out[: limit - 1] + "…"


@dataclass(frozen=True)
class CaseState:
    """What the files of one case say: its state and, for a failure, why."""

    id: str
    state: State
    reason: str = ""


def case_state(case_dir: Path) -> CaseState:
    """State of a case from its directory.

    ``done``: ``summary.json`` and the run's ``case.toml`` equal to ``input.toml`` (the result
    belongs to this input); ``stale``: a summary of a different input; ``failed``: ``failure.json``
    (its message is the reason); ``running``: a live process holds the folder's lock;
    ``incomplete``: started (``case.toml`` written) but neither — interrupted or killed;
    ``pending``: not started.
    """
    cid = case_dir.name
    holder = lock_holder(case_dir)
    if holder is not None:
        return CaseState(cid, "running", f"being written by process {holder[0]} on {holder[1]}")
    summary, failure, ran = case_dir / "summary.json", case_dir / "failure.json", case_dir / "case.toml"
    inp = case_dir / "input.toml"
    if summary.is_file():
        if ran.is_file() and inp.is_file() and ran.read_text() == inp.read_text():
            return CaseState(cid, "done")
        return CaseState(cid, "stale", "the result belongs to a different input")
    if failure.is_file():
        try:
            f = json.loads(failure.read_text())
            reason = short_reason(f"{f.get('error', 'error')}: {f.get('message', '')}")
        except (OSError, ValueError):
            reason = "failure.json unreadable"
        return CaseState(cid, "failed", reason)
    if ran.is_file():
        return CaseState(cid, "incomplete", "no result: interrupted, killed, or still running")
    return CaseState(cid, "pending")
