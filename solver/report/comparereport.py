"""Several runs side by side: the same laminate made in a press and on a roll line, or two recipes.

``thermobond report RUN RUN [RUN ...] -o DIR`` reads each finished results folder (never a model's
state) and writes one report: which run passes and why not; the process each saw (a press cycle's
pressed time and peak pressure, a roll line's nip width, dwell and line speed) next to what it gave
(bonded area, peel, curl); every check side by side; and the bonded interface's temperature,
pressure and bonded fraction against time since pressing began, on one symmetric-log axis, so that
a 26 ms nip and a 30 min press hold can be read on the same figure.

Every number is read from the runs' own files: a process quantity that a summary does not carry (a
press's time at or above the pressed threshold, its peak interface temperature) is taken from the
interface programme the run wrote (``interface_history.csv``, linear between its rows, as the
models read it).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .._version import __version__
from ..errors import InputError
from ..process import time_at_or_above
from .display import fmt
from .document import Document, Figure, ReportFiles, Section, Table, write_document
from .runfiles import RunFiles
from .style import COLORS, new_figure
from .verdict import CaseVerdict, case_verdict, check_cells, describe_failures

__all__ = ["PRESSED_THRESHOLD_PA", "ProcessTrace", "comparison_document", "process_trace", "write_comparison_report"]

#: The pressure a run counts as pressed at (seed 002 claim 9: bonding under at least 1 MPa), as the
#: roll line's summary does.
PRESSED_THRESHOLD_PA = 1.0e6


@dataclass(frozen=True)
class ProcessTrace:
    """What the bonded interface of one run saw, from the history the run wrote.

    Attributes:
        where: The interface (``"<lower>/<upper>"``) or ``"interface model"``.
        time_s, temperature_degC, pressure_Pa: The rows of the history.
        bonded_fraction: The interface model's bonded fraction at ``bonded_time_s`` (None: no
            interface model ran).
        pressed_start_s: When the pressure first reached :data:`PRESSED_THRESHOLD_PA` (None: never).
        pressed_s: Time at or above it (s), the pressure linear between the rows.
        peak_pressure_Pa: The highest pressure of the history.
        peak_temperature_degC: The interface's highest temperature.
    """

    where: str
    time_s: np.ndarray
    temperature_degC: np.ndarray
    pressure_Pa: np.ndarray
    bonded_time_s: np.ndarray | None
    bonded_fraction: np.ndarray | None
    pressed_start_s: float | None
    pressed_s: float
    peak_pressure_Pa: float
    peak_temperature_degC: float


def process_trace(files: RunFiles) -> ProcessTrace | None:
    """The bonded interface's temperature and pressure against time (None: the run wrote no history).

    The stack model's ``interface_history.csv`` (the programme that drives the interface model and
    the claims) where it ran, else the interface model's own history.
    """
    s = files.summary
    if s is None:
        return None
    iface = files.interface_history
    programme = files.table("interface_history.csv") if s.stack is not None else None
    where, t, T, p = "", None, None, None
    if programme is not None:
        name = s.roll.interface if s.roll is not None else _interface_column(programme)
        if name is not None and f"{name}.temperature_degC" in programme:
            where, t = name, programme["time_s"]
            T, p = programme[f"{name}.temperature_degC"], programme[f"{name}.pressure_Pa"]
    if t is None and iface is not None:
        where, t, T, p = "interface model", iface["time_s"], iface["temperature_degC"], iface["pressure_Pa"]
    if t is None or T is None or p is None:
        return None
    t, T, p = (np.asarray(a, dtype=float) for a in (t, T, p))
    start, pressed = time_at_or_above(t, p, PRESSED_THRESHOLD_PA)
    bt = bf = None
    if iface is not None:
        bt, bf = np.asarray(iface["time_s"], dtype=float), np.asarray(iface["bonded_fraction"], dtype=float)
    return ProcessTrace(where, t, T, p, bt, bf, start, pressed, float(np.max(p)), float(np.max(T)))


def _interface_column(history: dict[str, Any]) -> str | None:
    """The first internal interface whose temperature the table carries."""
    for k in history:
        if k.endswith(".temperature_degC") and "/" in k:
            return k[: -len(".temperature_degC")]
    return None


@dataclass(frozen=True)
class _Run:
    label: str
    files: RunFiles
    verdict: CaseVerdict
    trace: ProcessTrace | None


def _process_rows(runs: Sequence[_Run]) -> list[tuple[str, ...]]:
    def row(what: str, cell: Any) -> tuple[str, ...]:
        return (what, *(cell(r) for r in runs))

    def roll(r: _Run, attr: str, scale: float = 1.0) -> str:
        s = r.files.summary
        return fmt(getattr(s.roll, attr) * scale) if s is not None and s.roll is not None else "–"

    def trace(r: _Run, attr: str, scale: float = 1.0) -> str:
        v = None if r.trace is None else getattr(r.trace, attr)
        return fmt(None if v is None else v * scale)

    def process(r: _Run) -> str:
        s = r.files.summary
        if s is None:
            return "–"
        return "roll line" if s.roll is not None else "press cycle"

    def pressed(r: _Run) -> str:
        tr = r.trace
        if tr is None:
            return "–"
        return f"{tr.pressed_s:.3g} s" if tr.pressed_s < 120 else f"{tr.pressed_s / 60:.3g} min"

    return [
        row("process", process),
        row("bonded interface", lambda r: r.trace.where if r.trace is not None else "–"),
        row("time pressed at ≥ 1 MPa", pressed),
        row("peak pressure (MPa)", lambda r: trace(r, "peak_pressure_Pa", 1e-6)),
        row("peak interface temperature (°C)", lambda r: trace(r, "peak_temperature_degC")),
        row("nip width (mm)", lambda r: roll(r, "nip_width_m", 1e3)),
        row("nip dwell (ms)", lambda r: roll(r, "dwell_s", 1e3)),
        row("line speed (m/min)", lambda r: roll(r, "line_speed_m_per_s", 60.0)),
        row("line load (N/cm)", lambda r: roll(r, "line_load_N_per_m", 1e-2)),
        row("interface at nip exit (°C)", lambda r: roll(r, "interface_temperature_at_nip_exit_degC")),
    ]


def _result_rows(runs: Sequence[_Run]) -> list[tuple[str, ...]]:
    def get(r: _Run, path: str, scale: float = 1.0) -> str:
        obj: Any = r.files.summary
        for part in path.split("."):
            obj = None if obj is None else getattr(obj, part)
        return fmt(None if obj is None else obj * scale)

    def t90(r: _Run) -> str:
        s = r.files.summary
        if s is None or s.interface is None:
            return "–"
        v = s.interface.time_to_90pct_bonded_s
        return "not reached" if v is None else fmt(v / 60)

    rows = [
        ("verdict", *(r.verdict.word for r in runs)),
        ("checks not met", *(", ".join(c.id for c in r.verdict.failed) or "none" for r in runs)),
        (
            "peel at the claim's 15 µm conductor (N/cm)",
            *(get(r, "adhesion.claim_peel_strength_N_per_m", 1e-2) for r in runs),
        ),
        ("effective interface toughness (J/m²)", *(get(r, "adhesion.effective_toughness_J_per_m2") for r in runs)),
        ("bonded fraction at the end (%)", *(get(r, "interface.bonded_fraction_final", 100.0) for r in runs)),
        ("time to 90 % bonded (min)", *(t90(r) for r in runs)),
        ("void fraction of the valleys (%)", *(get(r, "interface.void_fraction_final", 100.0) for r in runs)),
        ("residual curvature of the coupon (1/m)", *(get(r, "stack.curvature_1_per_m") for r in runs)),
        ("the sheet on a table", *(_sheet_text(r) for r in runs)),
        ("interface shear near the edge (MPa)", *(get(r, "stack.edge_interface_shear_Pa", 1e-6) for r in runs)),
        ("wall time (s)", *(get(r, "wall_time_s") for r in runs)),
    ]
    return [tuple(x) for x in rows]


def _sheet_text(r: _Run) -> str:
    s = r.files.summary
    if s is None or s.stack is None or s.stack.sheet is None:
        return "–"
    return f"{s.stack.sheet.size_m * 1e3:.4g} mm {s.stack.sheet.shape}: {s.stack.sheet.shape_text()}"


def _checks_table(runs: Sequence[_Run]) -> Table:
    ids: dict[str, str] = {}
    for r in runs:
        for c in r.verdict.checks:
            ids.setdefault(c.id, c.element)
    cells = [check_cells(r.verdict.checks) for r in runs]
    rows = tuple((i, element, *(c.get(i, "–") for c in cells)) for i, element in ids.items())
    return Table(("check", "requires", *(r.label for r in runs)), rows)


def _trace_figure(runs: Sequence[_Run]) -> Figure | None:
    drawn = [r for r in runs if r.trace is not None and r.trace.pressed_start_s is not None]
    if not drawn:
        return None
    bonded = any(r.trace is not None and r.trace.bonded_fraction is not None for r in drawn)
    n = 3 if bonded else 2
    fig, axes = new_figure(n, 1, figsize=(8.5, 2.5 * n + 0.6), sharex=True, squeeze=False, layout="constrained")
    span = 1e-3
    for k, r in enumerate(drawn):
        tr = r.trace
        assert tr is not None and tr.pressed_start_s is not None
        x = tr.time_s - tr.pressed_start_s
        color = COLORS[k % len(COLORS)]
        axes[0, 0].plot(x, tr.temperature_degC, color=color, lw=1.5, label=f"{r.label} ({tr.where})")
        axes[1, 0].plot(x, tr.pressure_Pa / 1e6, color=color, lw=1.5, label=r.label)
        if bonded and tr.bonded_time_s is not None and tr.bonded_fraction is not None:
            axes[2, 0].plot(tr.bonded_time_s - tr.pressed_start_s, 100 * tr.bonded_fraction, color=color, lw=1.5)
        if tr.pressed_s > 0:
            span = min(span, tr.pressed_s / 10)
    for ax in axes[:, 0]:
        ax.set_xscale("symlog", linthresh=span)
        ax.axvline(0.0, color="k", lw=0.6, ls=":")
    axes[0, 0].set_ylabel("interface temperature (°C)")
    axes[0, 0].legend(fontsize=7)
    axes[1, 0].set_ylabel("pressure (MPa)")
    axes[1, 0].axhline(PRESSED_THRESHOLD_PA / 1e6, color="k", lw=0.6, ls="--")
    if bonded:
        axes[2, 0].set_ylabel("bonded fraction (%)")
        axes[2, 0].set_ylim(-2, 102)
    axes[-1, 0].set_xlabel(
        f"time since the pressure first reached 1 MPa (s; symmetric log, linear within ±{span:.2g} s)"
    )
    return Figure(
        "process-side-by-side",
        fig,
        "The bonded interface in each run, from its history: negative times are the heating before "
        "pressing (a press's ramp, a roll line's preheat); the dashed line is the 1 MPa pressed threshold.",
    )


def comparison_document(folders: Sequence[Path], labels: Sequence[str] | None = None) -> Document:
    """The side-by-side report of the runs whose results folders are ``folders``.

    Raises:
        InputError: Fewer than two folders, a folder that is not a run's results folder, or a label
            per folder missing.
    """
    if len(folders) < 2:
        raise InputError("a comparison needs at least two runs", accepted="two or more results folders")
    if labels is not None and len(labels) != len(folders):
        raise InputError(f"{len(labels)} labels for {len(folders)} runs", accepted="one label per run")
    runs = []
    for k, folder in enumerate(folders):
        folder = Path(folder)
        if not ((folder / "summary.json").is_file() or (folder / "failure.json").is_file()):
            raise InputError(
                "not a run's results folder (no summary.json or failure.json)",
                file=folder,
                accepted="the -o folder of `thermobond run`",
            )
        files = RunFiles.read(folder)
        label = labels[k] if labels is not None else (files.summary.case if files.summary is not None else folder.name)
        runs.append(_Run(label, files, case_verdict(files.summary), process_trace(files)))
    if len({r.label for r in runs}) < len(runs):  # two runs of one case: tell them by their folders
        runs = [_Run(f"{r.label} ({r.files.folder.name})", r.files, r.verdict, r.trace) for r in runs]
    header = ("", *(r.label for r in runs))
    verdict = Section("Which run passes?")
    passing = [r.label for r in runs if r.verdict.passes]
    verdict.paragraphs.append(
        f"Passing every check and 5 N/cm at 15 µm: {', '.join(passing)}." if passing else "No run passes every check."
    )
    for r in runs:
        if r.verdict.passes is False and r.verdict.failed:
            verdict.items.append(f"{r.label} fails: {describe_failures(r.verdict, limit=4)}.")
        elif r.verdict.passes is None:
            verdict.items.append(f"{r.label} has no result: {r.files.failure or 'no summary.json'}.")
    verdict.tables.append(Table(header, tuple(_result_rows(runs)), caption="What each run gave"))
    process = Section(
        "What the interface saw",
        [
            "Time pressed and peak values are read from the interface programme each run wrote "
            "(interface_history.csv, linear between its rows); a roll line's nip values are those of its summary."
        ],
        [Table(header, tuple(_process_rows(runs)))],
    )
    figure = _trace_figure(runs)
    if figure is not None:
        process.figures.append(figure)
    checks = Section("The checks side by side", ["Each check's verdict and margin in each run."], [_checks_table(runs)])
    folders_table = Table(
        ("run", "results folder", "case description"),
        tuple((r.label, str(r.files.folder), r.files.description) for r in runs),
    )
    about = Section("The runs", tables=[folders_table])
    stamp = time.strftime("%Y-%m-%d %H:%M")
    return Document(
        "Runs side by side: " + " · ".join(r.label for r in runs),
        f"thermobond {__version__}, {stamp}",
        [verdict, process, checks, about],
    )


def write_comparison_report(folders: Sequence[Path], out: Path, labels: Sequence[str] | None = None) -> ReportFiles:
    """Write ``out/report.html`` and ``out/report.pdf`` comparing the runs (see :func:`comparison_document`)."""
    return write_document(comparison_document(folders, labels), Path(out))
