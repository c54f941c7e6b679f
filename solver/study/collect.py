"""Collect a study: one table of parameters and summary values (CSV and Parquet).

Columns: ``case``, ``status`` (done, failed, incomplete, pending, stale), ``reason``, each
parameter as written (``cycle.heat.temperature``) and as a number in the output convention
(``cycle.heat.temperature_degC``), then the summary's scalars, nested tables flattened with dots
(``adhesion.peel.plastic_work_J_per_m2``), and every claim element as ``claim.<id>.verdict``
(pass/fail/undecided) and ``claim.<id>.margin_<unit>``.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..outputs import atomic_write_text
from .expand import case_state, number_column, read_manifest

__all__ = ["StudyTable", "collect", "flatten_summary"]


def flatten_summary(summary: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Scalars of a summary (numbers, strings, booleans, None) keyed by dotted names."""
    out: dict[str, Any] = {}
    for k, v in summary.items():
        name = f"{prefix}{k}"
        if k == "claims" and isinstance(v, list):
            for c in v:
                cid = c.get("id")
                verdict = c.get("passes")
                out[f"claim.{cid}.verdict"] = "undecided" if verdict is None else "pass" if verdict else "fail"
                unit = str(c.get("margin_unit") or "").replace("°C", "K").replace("µ", "u").replace("/", "_per_")
                out[f"claim.{cid}.margin_{unit}" if unit else f"claim.{cid}.margin"] = c.get("margin")
        elif isinstance(v, dict):
            out.update(flatten_summary(v, name + "."))
        elif isinstance(v, (int, float, str, bool)) or v is None:
            out[name] = v
    return out


@dataclass(frozen=True)
class StudyTable:
    """The collected table and where it was written."""

    columns: list[str]
    rows: list[dict[str, Any]]
    csv_path: Path
    parquet_path: Path | None

    def column(self, name: str) -> list[Any]:
        return [r.get(name) for r in self.rows]

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if r["status"] != "done"]


def _parquet(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> bool:
    """Write a Parquet file (pyarrow; the extra ``parquet``). False if pyarrow is missing."""
    try:
        # pyarrow: optional extra `parquet`
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return False
    arrays = {}
    for c in columns:
        vals = [r.get(c) for r in rows]
        kinds = {type(v) for v in vals if v is not None}
        if kinds <= {int, float} and kinds:
            arrays[c] = pa.array([None if v is None else float(v) for v in vals], type=pa.float64())
        elif kinds == {bool}:
            arrays[c] = pa.array(vals, type=pa.bool_())
        else:
            arrays[c] = pa.array([None if v is None else str(v) for v in vals], type=pa.string())
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(pa.table(arrays), tmp)
    tmp.replace(path)
    return True


def collect(root: Path) -> StudyTable:
    """Read every case of the study in ``root`` and write ``collected.csv`` and ``collected.parquet``."""
    root = Path(root)
    man = read_manifest(root)
    keys = [p["key"] for p in man["parameters"]]
    units = {p["key"]: p.get("unit") for p in man["parameters"]}
    rows: list[dict[str, Any]] = []
    result_cols: list[str] = []
    for c in man["cases"]:
        d = root / "cases" / c["id"]
        st = case_state(d)
        row: dict[str, Any] = {"case": c["id"], "status": st.state, "reason": st.reason}
        for k in keys:
            row[k] = c["values"][k]
            if units.get(k) is not None:
                row[number_column(k, units[k])] = c["number"][k]
        if st.state == "done":
            flat = flatten_summary(json.loads((d / "summary.json").read_text()))
            for k in flat:
                if k not in result_cols:
                    result_cols.append(k)
            row.update({k: v for k, v in flat.items() if k not in ("case", "status")})
        rows.append(row)
    param_cols = [x for k in keys for x in ([k, number_column(k, units[k])] if units.get(k) is not None else [k])]
    columns = ["case", "status", "reason", *param_cols, *[c for c in result_cols if c not in ("case", "status")]]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in columns})
    csv_path = root / "collected.csv"
    atomic_write_text(csv_path, buf.getvalue())
    pq_path = root / "collected.parquet"
    wrote = _parquet(pq_path, columns, rows)
    return StudyTable(columns, rows, csv_path, pq_path if wrote else None)
