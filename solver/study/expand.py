"""Expand a study into case directories, and read back the state of each case from its files.

``<study dir>/``
    ``study.toml`` (the study as resolved), ``manifest.json`` and ``manifest.csv`` (case id →
    parameter values, as written and in SI), ``cases/<id>/input.toml`` (the resolved case), and
    after a run ``cases/<id>/`` holds its results (``summary.json`` marks a complete one).

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
from ..errors import InputError
from ..outputs import atomic_write_text, dumps_json
from ..schema import load_toml
from .spec import CaseEntry, StudySpec, apply_parameter

__all__ = ["CaseState", "ExpandedStudy", "case_state", "expand", "read_manifest", "short_reason", "si_value"]

State = Literal["done", "failed", "incomplete", "pending", "stale"]


def si_value(value: Any) -> tuple[float | None, str | None]:
    """(SI number, SI unit) of a parameter value: a quantity, a plain number, or (None, None)."""
    from ..units import DIMENSIONS, _registry

    if isinstance(value, bool):
        return float(value), ""
    if isinstance(value, (int, float)):
        return float(value), ""
    reg = _registry()
    try:
        q = reg.Quantity(str(value))
    except Exception:
        return None, None
    for kind, (dim, unit, _) in DIMENSIONS.items():
        if kind in ("temperature_difference", "stress", "modulus"):
            continue  # the same dimensions as temperature and pressure: one name each
        if dim and q.check(dim):
            return float(q.to(unit).magnitude), unit
    if q.dimensionless:
        return float(q.to("dimensionless").magnitude), ""
    return None, None


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


def expand(spec: StudySpec, root: Path) -> ExpandedStudy:
    """Validate every case of the study, then write the study directory (idempotent).

    Raises:
        InputError: A parameter key that does not exist, or a case that does not validate; the
            message names the study file, the parameter and the case.
    """
    base_data = load_toml(spec.base)
    entries = spec.cases()
    texts: dict[str, str] = {}
    for entry in entries:
        data = copy.deepcopy(base_data)
        for key, value in spec.fixed.items():
            try:
                apply_parameter(data, key, value)
            except KeyError as exc:
                raise InputError(f"no such case key: {exc.args[0]}", file=spec.path, key=f"fixed.{key}") from None
        for i, (key, value) in enumerate(entry.values.items()):
            try:
                apply_parameter(data, key, value)
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
        texts[entry.id] = case.to_toml()
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
            v, u = si_value(entry.values[k])
            si[k] = v
            if u is not None:
                units.setdefault(k, u)
        rows.append({"id": entry.id, "index": entry.index, "values": entry.values, "si": si})
    manifest = {
        "study": spec.name,
        "description": spec.description,
        "base": str(spec.base),
        "mode": spec.mode,
        "parameters": [{"key": p.key, "label": p.label or p.key, "si_unit": units.get(p.key)} for p in spec.parameters],
        "cases": rows,
    }
    _write_if_changed(root / "manifest.json", dumps_json(manifest))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", *keys, *[f"{k} [{units[k]}]" for k in keys if k in units]])
    for r in rows:
        w.writerow([r["id"], *[r["values"][k] for k in keys], *[r["si"][k] for k in keys if k in units]])
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
    (its message is the reason); ``incomplete``: started (``case.toml`` written) but neither —
    interrupted, killed, or still running; ``pending``: not started.
    """
    cid = case_dir.name
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
