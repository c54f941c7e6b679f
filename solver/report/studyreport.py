"""The process report of a study: which recipes pass, where the window is, and why.

Sections: the verdict (the recipes that pass every check and reach 5 N/cm at 15 µm, the margins,
the most sensitive parameter, the grid's resolution); the process-window maps (the passing region
shaded, each check's boundary, the cases marked pass/fail); the pass/fail table by case; response
curves; time histories as small multiples (one panel per case, titled by its recipe); measured
against simulated temperatures where the cases have them; the study's set-up. Every value is in
process units (°C, MPa, µm, min, N/cm). Written as HTML and PDF by :mod:`.document`.
"""

from __future__ import annotations

import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .._version import __version__
from ..study import collect, read_manifest
from ..study.expand import number_column
from .display import LABELS, Display, display, label
from .document import Document, Figure, ReportFiles, Section, Table, write_document
from .runfiles import RunFiles
from .studyfigures import CasePanel, history_figures, measured_section, response_curves
from .uqplots import uq_figures
from .verdict import (
    PEEL_CHECK,
    CaseVerdict,
    case_verdict,
    check_cells,
    describe_failures,
    main_effects,
    margin_text,
    relative_margin,
)
from .windowmap import Axis, MapData, grid_note, window_map

__all__ = ["study_document", "write_study_report"]

PEEL_KEY = "adhesion.claim_peel_strength_N_per_m"
PEEL_LIMIT = 5.0  # N/cm at 15 µm, seed 002 claims 14–15
MAX_LISTED = 20


@dataclass(frozen=True)
class _Param:
    key: str
    label: str
    column: str | None
    shown: Display

    @classmethod
    def of(cls, meta: dict[str, Any]) -> _Param:
        unit = meta.get("unit")
        column = None if unit is None else number_column(meta["key"], unit)
        return cls(meta["key"], meta.get("label") or meta["key"], column, display(column or ""))

    @property
    def axis(self) -> str:
        return f"{self.label} ({self.shown.unit})" if self.shown.unit else self.label

    def values(self, rows: list[dict[str, Any]]) -> np.ndarray:
        out = []
        for r in rows:
            v = r.get(self.column) if self.column else None
            out.append(float(v) * self.shown.scale + self.shown.offset if isinstance(v, (int, float)) else np.nan)
        return np.array(out)

    def text(self, row: dict[str, Any], written: Any) -> str:
        v = self.values([row])[0]
        return f"{v:.4g} {self.shown.unit}".strip() if np.isfinite(v) else str(written)


@dataclass(frozen=True)
class _Case:
    id: str
    status: str
    reason: str
    row: dict[str, Any]
    files: RunFiles
    verdict: CaseVerdict
    texts: tuple[str, ...]

    @property
    def label(self) -> str:
        return ", ".join(self.texts)


def _responses(root: Path, rows: list[dict[str, Any]]) -> tuple[list[str], dict[str, Any]]:
    report: dict[str, Any] = {}
    if (root / "study.toml").is_file():
        report = tomllib.loads((root / "study.toml").read_text(encoding="utf-8")).get("report", {})
    done = [r for r in rows if r["status"] == "done"]
    asked = [k for k in report.get("responses", []) if any(isinstance(r.get(k), (int, float)) for r in done)]
    available = [k for k in LABELS if any(isinstance(r.get(k), (int, float)) for r in done)]
    return (asked or available[:4]), report


def _column(rows: list[dict[str, Any]], key: str) -> np.ndarray:
    """A response in process units (NaN where a case has none)."""
    d = display(key)
    return np.array(
        [
            float(r[key]) * d.scale + d.offset
            if isinstance(r.get(key), (int, float)) and r["status"] == "done"
            else np.nan
            for r in rows
        ]
    )


def _verdict_section(
    cases: list[_Case], params: list[_Param], rows: list[dict[str, Any]], numeric: list[_Param]
) -> Section:
    done = [c for c in cases if c.verdict.passes is not None]
    passing = [c for c in done if c.verdict.passes]
    has_peel = any(c.verdict.peel_N_per_m is not None for c in done)
    goal = (
        "every check and reach 5 N/cm at 15 µm" if has_peel else "every check (no adhesion model: peel not predicted)"
    )
    sec = Section("Which recipes pass", verdict="pass" if passing else "fail")
    if passing:
        sec.paragraphs.append(f"{len(passing)} of {len(cases)} recipes pass {goal}.")
        for c in passing[:MAX_LISTED]:
            v = c.verdict
            peel = f"peel {v.peel_N_per_m / 100:.3g} N/cm at 15 µm; " if v.peel_N_per_m is not None else ""
            near = (
                f"closest to its bound: {v.closest.id} {v.closest.element} ({margin_text(v.closest)})"
                if v.closest is not None
                else ""
            )
            sec.items.append(f"{c.label} ({c.id}): {peel}{near}")
        if len(passing) > MAX_LISTED:
            sec.items.append(f"and {len(passing) - MAX_LISTED} more (see the table by case)")
    else:
        sec.paragraphs.append(f"None of the {len(cases)} recipes passes {goal}.")
        if done:
            best = min(done, key=lambda c: (len(c.verdict.failed), -_worst(c.verdict)))
            sec.paragraphs.append(f"Closest: {best.label} ({best.id}) fails {describe_failures(best.verdict)}.")
    ids = [c.id for c in done[0].verdict.checks] if done else []
    always_fail = [i for i in ids if done and all(any(f.id == i for f in c.verdict.failed) for c in done)]
    never = [
        c
        for c in (done[0].verdict.undecided if done else ())
        if all(any(u.id == c.id for u in d.verdict.undecided) for d in done)
    ]
    if always_fail:
        first = {c.id: c for c in done[0].verdict.checks}
        sec.notes.append("Failing in every case: " + "; ".join(f"{i} {first[i].element}" for i in always_fail) + ".")
    if never:
        sec.notes.append(
            "Undecided in every case (not part of the verdict): "
            + "; ".join(f"{c.id} {c.element} ({c.note})" for c in never)
            + "."
        )
    key = PEEL_KEY if has_peel else next((k for k in LABELS if any(isinstance(r.get(k), float) for r in rows)), None)
    if key is not None and numeric:
        effects = main_effects({p.key: p.values(rows) for p in numeric}, _column(rows, key))
        by_key = {p.key: p for p in numeric}
        if effects:
            parts = []
            for e in effects:
                p = by_key[e.key]
                pv = p.values(rows)
                span = f"{np.nanmin(pv):.4g}–{np.nanmax(pv):.4g} {p.shown.unit}".strip()
                parts.append(f"{p.label}: {e.change:+.3g} {display(key).unit} across {span}")
            how = "mean over the other parameters at each level" if effects[0].method == "levels" else "linear fit"
            sec.notes.append(
                f"Most sensitive parameter: {by_key[effects[0].key].label}. Change of the "
                f"{LABELS.get(key, key)} ({how}): " + "; ".join(parts) + "."
            )
    if numeric:
        notes = [grid_note(_axis(p, rows)) for p in numeric]
        sec.notes.append(
            "Resolution: " + "; ".join(notes) + ". A boundary between passing and failing recipes is known only to "
            "within one step of this grid: the maps interpolate linearly between the cases."
        )
    failed = [c for c in cases if c.verdict.passes is None]
    sec.notes.append(
        f"{len(cases)} cases, {len(done)} with a result"
        + (f"; without a result: {', '.join(c.id for c in failed[:10])}" if failed else "")
        + "."
    )
    sec.tables.append(_check_table(done))
    return sec


def _worst(v: CaseVerdict) -> float:
    return min((relative_margin(c) for c in v.failed), default=0.0)


def _check_table(done: list[_Case]) -> Table:
    """Per check: what it requires, in how many cases it passes, and its margins over the study."""
    if not done:
        return Table(("check", "requires", "passes in", "margin range"), ())
    rows, classes = [], []
    for c0 in done[0].verdict.checks:
        same = [next((c for c in d.verdict.checks if c.id == c0.id), None) for d in done]
        got = [c for c in same if c is not None]
        n_pass = sum(c.passes is True for c in got)
        decided = [c for c in got if c.passes is not None]
        m = [c.margin for c in decided if c.margin is not None]
        span = f"{min(m):+.3g} … {max(m):+.3g} {c0.margin_unit}".replace("-", "−") if m else "–"
        rows.append((c0.id, c0.element, f"{n_pass} of {len(decided)}" if decided else "undecided", span))
        classes.append("" if not decided else "pass" if n_pass == len(decided) else "fail" if n_pass == 0 else "")
    return Table(
        ("check", "requires", "passes in", "margin range"), tuple(rows), tuple(classes), "The checks over the study"
    )


def _case_table(cases: list[_Case], params: list[_Param]) -> Table:
    ids = []
    for c in cases:
        for k in c.verdict.checks:
            if k.id not in ids:
                ids.append(k.id)
    header = ("recipe", "case", "verdict", "peel at 15 µm (N/cm)", "fails", *ids)
    rows, classes = [], []
    for c in cases:
        v = c.verdict
        cells = check_cells(v.checks)
        peel = "–" if v.peel_N_per_m is None else f"{v.peel_N_per_m / 100:.3g}"
        word = v.word if v.passes is not None else f"{c.status}: {c.reason[:60]}"
        rows.append(
            (c.label, c.id, word, peel, ", ".join(f.id for f in v.failed) or "–", *[cells.get(i, "–") for i in ids])
        )
        classes.append(v.word if v.passes is not None else "")
    return Table(header, tuple(rows), tuple(classes), "Verdict of every case (margins in each check's unit)")


def study_document(root: Path) -> Document:
    """The report of the study in ``root`` (collects its table first)."""

    root = Path(root)
    man = read_manifest(root)
    table = collect(root)
    rows = table.rows
    params = [_Param.of(p) for p in man["parameters"]]
    numeric = [p for p in params if p.column is not None]
    values = {c["id"]: c["values"] for c in man["cases"]}
    cases = []
    for r in rows:
        files = RunFiles.read(root / "cases" / r["case"])
        v = case_verdict(files.summary if r["status"] == "done" else None)
        texts = tuple(p.text(r, values.get(r["case"], {}).get(p.key, "")) for p in params)
        cases.append(_Case(r["case"], r["status"], str(r.get("reason") or ""), r, files, v, texts))
    panels = [CasePanel(c.label, c.verdict.word) for c in cases]
    responses, rep = _responses(root, rows)
    sections = [_verdict_section(cases, params, rows, numeric)]

    by_key = {p.key: p for p in numeric}
    px = by_key.get(rep.get("x", ""), numeric[0] if numeric else None)
    py = by_key.get(rep.get("y", ""), next((p for p in numeric if p is not px), None))
    if px is not None and py is not None:
        sections.append(_window_section(cases, rows, px, py, responses))
    sections.append(Section("Pass or fail by case", tables=[_case_table(cases, params)]))
    if numeric and responses:
        curves = Section("Responses", ["Each response against each parameter, in process units."])
        plist = [(p.key, p.axis, p.values(rows), _axis(p, rows).log) for p in numeric]
        for key in responses:
            sigma_key = _sigma_key(key)
            sig = _column(rows, sigma_key) if any(isinstance(r.get(sigma_key), float) for r in rows) else None
            limit = PEEL_LIMIT if "peel_strength" in key else None
            fig = response_curves(plist, key, _column(rows, key), sig, limit)
            note = " Error bars: ±1σ from the calibrated interface card." if sig is not None else ""
            curves.figures.append(Figure(f"response-{key.split('.')[-1]}", fig, f"{label(key)}.{note}"))
        sections.append(curves)
    hist = history_figures([c.files for c in cases], panels)
    if hist:
        sections.append(
            Section("Time histories", ["One panel per recipe, titled by its parameters and verdict."], figures=hist)
        )
    measured = measured_section([c.files for c in cases], panels, [c.id for c in cases])
    if measured is not None:
        sections.append(measured)
    # Sobol' indices and the probability of meeting the spec, when collect wrote them
    for k, (fig, title, caption) in enumerate(uq_figures(root, {p.key: p.axis for p in params}, responses)):
        sections.append(Section(title, figures=[Figure(f"uncertainty-{k}", fig, caption)]))
    sections.append(_setup_section(man, params, cases, table))
    stamp = time.strftime("%Y-%m-%d %H:%M")
    subtitle = (
        f"{man.get('description') or ''} — {man['mode']} study of {len(cases)} cases; thermobond {__version__}, {stamp}"
    )
    return Document(f"Process study {man['study']}", subtitle.strip(" —"), sections)


def _sigma_key(key: str) -> str:
    d = key.rsplit("_N_per_m", 1)
    return f"{d[0]}_sigma_N_per_m" if len(d) == 2 and not d[1] else key + "_sigma"


def _window_section(
    cases: list[_Case], rows: list[dict[str, Any]], px: _Param, py: _Param, responses: list[str]
) -> Section:
    sec = Section("Process window")
    sec.paragraphs.append(
        f"The recipes over {px.label} and {py.label}. Shaded (hatched): where every decided check passes"
        + (
            " and the peel strength at 15 µm reaches 5 N/cm"
            if any(c.verdict.peel_N_per_m is not None for c in cases)
            else ""
        )
        + ", interpolated linearly between the cases; lines: where one check's margin is zero. Markers: the cases, "
        "by verdict; the axis ticks are the sampled values, so the boundary is as coarse as that grid."
    )
    ids = [k.id for k in next((c.verdict.checks for c in cases if c.verdict.checks), ())]
    margins = {}
    descriptions = {}
    for cid in ids:
        col = []
        for c in cases:
            k = next((x for x in c.verdict.checks if x.id == cid), None)
            col.append(k.margin if k is not None and k.passes is not None and k.margin is not None else np.nan)
            if k is not None:
                descriptions[cid] = k.element
        margins[cid] = np.array(col, dtype=float)
    xa, ya = _axis(px, rows), _axis(py, rows)
    verdicts = [c.verdict.word for c in cases]
    keys: list[str | None] = [PEEL_KEY] if any(isinstance(r.get(PEEL_KEY), float) for r in rows) else []
    keys += [k for k in responses if k not in keys]
    for key in keys or [None]:
        z = _column(rows, key) if key is not None else None
        # the 5 N/cm line of the claim's peel strength, unless the adhesion check's boundary draws it
        limit = PEEL_LIMIT if key == PEEL_KEY and PEEL_CHECK not in margins else None
        data = MapData(xa, ya, z, label(key) if key else "", verdicts, margins, descriptions, limit)
        title = f"Process window: {label(key)}" if key else "Process window"
        note = (
            f"{grid_note(xa)}; {grid_note(ya)}. Colour: {label(key)}." if key else f"{grid_note(xa)}; {grid_note(ya)}."
        )
        sec.figures.append(Figure(f"window-{key.split('.')[-1] if key else 'verdict'}", window_map(data, title), note))
    return sec


def _axis(p: _Param, rows: list[dict[str, Any]]) -> Axis:
    """A parameter as a map axis: logarithmic for a pressure sampled over more than a factor 5."""
    v = p.values(rows)
    finite = v[np.isfinite(v)]
    wide = bool(finite.size and np.all(finite > 0) and finite.max() / finite.min() > 5)
    return Axis(p.key, p.axis, v, p.shown.unit == "MPa" and wide)


def _setup_section(man: dict[str, Any], params: list[_Param], cases: list[_Case], table: Any) -> Section:
    sec = Section("The study")
    sec.paragraphs.append(
        f"Base case {man['base']}; {man['mode']} sampling; {len(cases)} cases. The collected table of every "
        f"case is {table.csv_path.name}" + (f" and {table.parquet_path.name}" if table.parquet_path else "") + "."
    )
    rows = []
    for i, p in enumerate(params):
        vals = list(dict.fromkeys(c.texts[i] for c in cases))
        rows.append((p.key, p.label, ", ".join(vals[:12]) + (" …" if len(vals) > 12 else "")))
    sec.tables.append(Table(("parameter", "meaning", "values"), tuple(rows), caption="Parameters"))
    failed = [c for c in cases if c.verdict.passes is None]
    if failed:
        sec.tables.append(
            Table(
                ("case", "state", "why"),
                tuple((c.id, c.status, c.reason or c.files.failure) for c in failed),
                tuple("fail" for _ in failed),
                "Cases without a result",
            )
        )
    return sec


def write_study_report(root: Path) -> ReportFiles:
    """Write ``root/report/report.html`` and ``report.pdf`` (with ``pages/`` and ``figures/``)."""
    return write_document(study_document(root), Path(root) / "report")
