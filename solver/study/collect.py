"""Collect a study: one table of parameters and summary values (CSV and Parquet).

Columns: ``case``, ``status`` (done, failed, incomplete, pending, stale), ``reason``, each
parameter as a number in the output convention (``cycle.heat.temperature_degC``; a parameter that
is not a number — a card, a choice — as written, under its key), then the summary's scalars, nested
tables flattened with dots (``adhesion.peel.plastic_work_J_per_m2``), every claim element as
``claim.<id>.verdict`` (pass/fail/undecided) and ``claim.<id>.margin_<unit>`` (SI: a margin of the
claim's 5 N/cm becomes N/m, one in µm becomes m; ``decades`` for moduli), and every measured
temperature as ``measured.<target>.<number>`` (``measured.cu/tpi.time_lag_s``).

Every name ends in its unit (:mod:`thermobond.results`): where a summary puts the unit inside a
name — a table by layer (``max_von_mises_Pa: {cu: ...}``), a standard deviation
(``peel_strength_N_per_m_sigma``) — the column moves it to the end (``stack.max_von_mises.cu_Pa``,
``adhesion.peel_strength_sigma_N_per_m``). The Parquet file carries each column's unit in its
schema (field metadata ``unit``) and the convention in the schema's metadata.

The uncertainty analysis of a ``sobol`` study or of a study with ``[[criteria]]`` is written beside
the table (:mod:`.uqcollect`).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..outputs import atomic_write_text
from ..results import UNIT_SUFFIXES, unit_suffix_of
from .expand import case_state, number_column, read_manifest
from .uqcollect import write_analysis

__all__ = ["CONVENTION", "StudyTable", "collect", "column_unit", "flatten_summary", "si_margin"]

#: What the Parquet schema's metadata says about the columns
CONVENTION = (
    "thermobond output names end in their unit: SI (m, s, Pa, N/m, J/m^2, 1/m, m^2), temperatures in "
    "degC (a temperature difference in K), log10 ratios in decades; no suffix: a fraction, ratio, count "
    "or text. Each field's metadata 'unit' gives its unit."
)

# a claim check's margin unit (as the claim writes it) → (output suffix, factor to SI)
_MARGIN_UNITS: dict[str, tuple[str, float]] = {
    "K": ("K", 1.0),
    "°C": ("K", 1.0),
    "Pa": ("Pa", 1.0),
    "kPa": ("Pa", 1e3),
    "MPa": ("Pa", 1e6),
    "GPa": ("Pa", 1e9),
    "m": ("m", 1.0),
    "mm": ("m", 1e-3),
    "µm": ("m", 1e-6),
    "um": ("m", 1e-6),
    "nm": ("m", 1e-9),
    "N/m": ("N_per_m", 1.0),
    "N/cm": ("N_per_m", 100.0),
    "N/mm": ("N_per_m", 1000.0),
    "s": ("s", 1.0),
    "min": ("s", 60.0),
    "decades": ("decades", 1.0),
    "": ("", 1.0),
}


def si_margin(margin: float | None, unit: str) -> tuple[str, float | None]:
    """(column suffix, margin in SI) of a claim margin written in ``unit``.

    Raises:
        ValueError: A margin unit this table does not know (a new claim must add it here).
    """
    if unit not in _MARGIN_UNITS:
        raise ValueError(f"claim margin unit {unit!r}; known: {', '.join(repr(u) for u in _MARGIN_UNITS)}")
    suffix, factor = _MARGIN_UNITS[unit]
    return suffix, None if margin is None else margin * factor


def _unit_last(name: str, key: str) -> str:
    """``stack.max_von_mises_Pa`` + ``cu`` → ``stack.max_von_mises.cu_Pa``: the unit of a table of
    values by name moves to the end of each value's name."""
    suffix = unit_suffix_of(name)
    if not suffix:
        return f"{name}.{key}"
    return f"{name[: -len(suffix) - 1]}.{key}_{suffix}"


def _sigma_last(name: str) -> str:
    """``x_N_per_m_sigma`` → ``x_sigma_N_per_m``."""
    if name.endswith("_sigma"):
        base = name[: -len("_sigma")]
        suffix = unit_suffix_of(base)
        if suffix:
            return f"{base[: -len(suffix) - 1]}_sigma_{suffix}"
    return name


def flatten_summary(summary: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Scalars of a summary (numbers, strings, booleans, None) keyed by dotted names, each ending in
    its unit (see the module docstring)."""
    out: dict[str, Any] = {}
    for k, v in summary.items():
        name = f"{prefix}{k}"
        if k == "claims" and not prefix and isinstance(v, list):
            for c in v:
                cid = c.get("id")
                verdict = c.get("passes")
                out[f"claim.{cid}.verdict"] = "undecided" if verdict is None else "pass" if verdict else "fail"
                suffix, margin = si_margin(c.get("margin"), str(c.get("margin_unit") or ""))
                out[f"claim.{cid}.margin_{suffix}" if suffix else f"claim.{cid}.margin"] = margin
        elif k == "measured" and not prefix and isinstance(v, list):
            for m in v:
                target = m.get("target")
                out.update(flatten_summary({x: y for x, y in m.items() if x != "target"}, f"measured.{target}."))
        elif isinstance(v, dict):
            if unit_suffix_of(name) and all(not isinstance(x, dict) for x in v.values()):
                out.update({_unit_last(name, str(key)): x for key, x in v.items() if _scalar(x)})
            else:
                out.update(flatten_summary(v, name + "."))
        elif _scalar(v):
            out[_sigma_last(name)] = v
    return out


def _scalar(v: Any) -> bool:
    return isinstance(v, (int, float, str, bool)) or v is None


def column_unit(name: str) -> str:
    """The unit of a collected column (``""`` without one), as :data:`~thermobond.results.UNIT_SUFFIXES`
    spells it."""
    if name.endswith(".verdict"):
        return ""
    return UNIT_SUFFIXES.get(unit_suffix_of(name), "")


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
    """Write a Parquet file with each column's unit in its field metadata (pyarrow; the extra
    ``parquet``). False if pyarrow is missing."""
    try:
        # pyarrow: optional extra `parquet`
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return False
    arrays, fields = [], []
    for c in columns:
        vals = [r.get(c) for r in rows]
        kinds = {type(v) for v in vals if v is not None}
        if kinds <= {int, float} and kinds:
            arr = pa.array([None if v is None else float(v) for v in vals], type=pa.float64())
        elif kinds == {bool}:
            arr = pa.array(vals, type=pa.bool_())
        else:
            arr = pa.array([None if v is None else str(v) for v in vals], type=pa.string())
        arrays.append(arr)
        fields.append(pa.field(c, arr.type, metadata={"unit": column_unit(c)}))
    schema = pa.schema(fields, metadata={"thermobond.convention": CONVENTION})
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), tmp)
    tmp.replace(path)
    return True


def collect(root: Path) -> StudyTable:
    """Read every case of the study in ``root`` and write ``collected.csv`` and ``collected.parquet``
    (and the uncertainty analysis: :func:`thermobond.study.uqcollect.write_analysis`)."""
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
            if units.get(k) is not None:
                row[number_column(k, units[k])] = c["number"][k]
            else:
                row[k] = c["values"][k]
        if st.state == "done":
            flat = flatten_summary(json.loads((d / "summary.json").read_text()))
            for k in flat:
                if k not in result_cols:
                    result_cols.append(k)
            row.update({k: v for k, v in flat.items() if k not in ("case", "status")})
        rows.append(row)
    param_cols = [number_column(k, units[k]) if units.get(k) is not None else k for k in keys]
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
    write_analysis(root, man, rows)  # Sobol' indices, surrogates, probability of meeting the spec
    return StudyTable(columns, rows, csv_path, pq_path if wrote else None)
