"""Calibrate an interface card to measured peel strengths (``thermobond calibrate``).

Each measurement is a solved case (its results directory: bonded surface, interface temperature,
peel arm) with the peel force the test gave. The model's peel force P_i(Γ_int, t_b) follows from
the case's bond development and the elastic–plastic peel (docs/theory/adhesion.md). The fit
minimises Σ [(ln P_i − ln P_i,measured)/s_i]², s_i the relative scatter of the measurement (1σ),
over ln Γ_int and, optionally, the log of the kinetics' time (or prefactor). The covariance of the
log parameters is (JᵀJ)⁻¹, inflated by the reduced χ² when the data scatter more than stated;
predictions of other recipes carry it (``*_sigma`` in their summaries).

Measurement file (CSV, units in the header; comma- or semicolon-separated, ``#`` comment lines)::

    run,peel [N/cm],angle [deg],thickness [um],scatter [%]
    results/press_300C,6.1,90,15,10
    results/press_340C,8.3,,,

``run`` is a results directory of a case with an ``[adhesion]`` table (relative to the CSV's
folder); ``angle`` and ``thickness`` override the case's peel test; ``scatter`` defaults to 10 %.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
from scipy.optimize import least_squares

from ..case import load_case
from ..errors import InputError
from ..materials.interfacecard import Calibration, InterfaceCard
from ..tables import Column, Table, read_table
from .adhesion import AdhesionInputs, effective_toughness
from .peel import peel_force
from .runfiles import inputs_of_run

__all__ = ["CalibrationResult", "MeasurementRow", "PeelMeasurement", "calibrate", "calibrate_runs", "read_measurements"]

DEFAULT_SCATTER = 0.10  # relative 1σ of a peel measurement [EST]


@dataclass(frozen=True)
class PeelMeasurement:
    """One measured peel strength with the solved case it belongs to."""

    label: str
    inputs: AdhesionInputs
    peel_N_per_m: float
    scatter: float = DEFAULT_SCATTER


@dataclass(frozen=True)
class CalibrationResult:
    """The calibrated card and how well it reproduces the data."""

    card: InterfaceCard
    labels: tuple[str, ...]
    measured: np.ndarray
    predicted: np.ndarray
    effective_toughness: np.ndarray

    @property
    def toughness_interval(self) -> tuple[float, float]:
        """Γ_int ± 1σ (multiplicative, J/m²)."""
        assert self.card.calibration is not None
        s = float(self.card.calibration.log_sd[0])
        g = self.card.intrinsic_toughness
        return g * math.exp(-s), g * math.exp(s)


def _predict(rows: list[PeelMeasurement], card: InterfaceCard) -> tuple[np.ndarray, np.ndarray]:
    P = np.empty(len(rows))
    G = np.empty(len(rows))
    for i, r in enumerate(rows):
        inp = r.inputs
        G[i], _ = effective_toughness(inp.bonds, inp.times, inp.temperatures, card, inp.shift)
        P[i] = peel_force(inp.arm, G[i], inp.angle).force_per_width if G[i] > 0 else 0.0
    return P, G


def calibrate(
    rows: list[PeelMeasurement], card: InterfaceCard, *, kinetics: bool = False, data: str = ""
) -> CalibrationResult:
    """Fit Γ_int (and, with ``kinetics``, the bond-formation time or prefactor) to the measurements.

    Raises:
        ValueError: No rows, a row whose case never bonded, or parameters the data cannot identify.
    """
    if not rows:
        raise ValueError("no measurements")
    npar = 2 if kinetics else 1
    if len(rows) < npar:
        raise ValueError(f"fitting {npar} parameters needs at least {npar} measurements")
    unit = dataclasses.replace(card, intrinsic_toughness=1.0)
    _, a = _predict(rows, unit)
    if np.any(a <= 0):
        bad = [r.label for r, ai in zip(rows, a, strict=True) if ai <= 0]
        raise ValueError(f"no bonded surface in: {', '.join(bad)} — a measured peel cannot calibrate it")
    meas = np.array([r.peel_N_per_m for r in rows])
    s = np.array([r.scatter for r in rows])
    x0 = card.log_parameters[:npar]

    def residual(x: np.ndarray) -> np.ndarray:
        P, _ = _predict(rows, card.with_log_parameters(x))
        return (np.log(np.maximum(P, 1e-300)) - np.log(meas)) / s

    lo = [math.log(1e-3), -30.0][:npar]
    hi = [math.log(1e5), 30.0][:npar]
    sol = least_squares(residual, np.clip(x0, lo, hi), bounds=(lo, hi), diff_step=1e-4, x_scale=1.0, xtol=1e-10)
    J = sol.jac
    JtJ = J.T @ J
    if np.linalg.cond(JtJ) > 1e12:
        raise ValueError(
            "the measurements cannot separate the toughness from the kinetics: give peel values of "
            "recipes that differ in time at temperature, or fit the toughness alone"
        )
    cov = np.linalg.inv(JtJ)
    dof = len(rows) - npar
    chi2 = float(sol.fun @ sol.fun)
    if dof > 0:
        cov *= max(1.0, chi2 / dof)
    fitted = card.with_log_parameters(sol.x)
    logerr = sol.fun * s
    cal = Calibration(("toughness", "kinetics")[:npar], cov, len(rows), float(np.sqrt(np.mean(logerr**2))), data)
    fitted = dataclasses.replace(fitted, calibration=cal)
    P, G = _predict(rows, fitted)
    return CalibrationResult(fitted, tuple(r.label for r in rows), meas, P, G)


_MEASUREMENT_COLUMNS = "run, peel [N/cm] (optional: angle [deg], thickness [um], scatter [%], label, note)"
MAX_PEEL = 1e5  # N/m (1000 N/cm): above any laminate's peel strength, a unit mistake


def _angle_factor(table: Table, col: Column) -> float:
    """Degrees per unit of the angle column (no unit: degrees)."""
    unit = (col.unit or "deg").strip().lower()
    if unit in ("deg", "degree", "degrees", "°"):
        return 1.0
    if unit in ("rad", "radian", "radians"):
        return 180.0 / math.pi
    raise table.error("unknown angle unit", column=col, value=col.unit, accepted="deg or rad")


def _scatter_factor(table: Table, col: Column) -> float:
    """Fraction per unit of the scatter column (no unit: %)."""
    unit = (col.unit or "%").strip()
    if unit == "%":
        return 0.01
    if unit in ("-", "1", ""):
        return 1.0
    raise table.error("unknown scatter unit", column=col, value=col.unit, accepted="% or '-' (a fraction)")


class MeasurementRow(NamedTuple):
    """One row of a measurement file, in SI (angles in degrees).

    Attributes:
        label: The row's label (default: the run folder's name).
        run: The results folder of the finished run.
        peel: Measured peel strength (N/m).
        angle: Peel angle (degrees), or None for the case's.
        thickness: Peeled conductor thickness (m), or None for the case's.
        scatter: Relative 1σ scatter of the measurement.
        line: The row's line in the file.
    """

    label: str
    run: Path
    peel: float
    angle: float | None
    thickness: float | None
    scatter: float
    line: int


def read_measurements(path: Path) -> list[MeasurementRow]:
    """The rows of a peel measurement file (see the module docstring).

    The file is read by :func:`thermobond.tables.read_table` (comma- or semicolon-separated, ``#``
    comment lines); run directories are relative to the file's folder.

    Raises:
        InputError: Missing or unknown columns, empty, unparsable or out-of-range values or units
            (file, line, column, value and what is accepted named).
    """
    path = Path(path).resolve()
    table = read_table(path, "measurement file")
    known = ("run", "peel", "angle", "thickness", "scatter", "label", "note")
    run_col = table.find("run", ignore_case=True)
    peel_col = table.find("peel", ignore_case=True)
    if run_col is None or peel_col is None:
        raise table.error(
            f"a measurement file needs the columns 'run' and 'peel [unit]' (read as {table.layout}: {table.headers})",
            accepted=_MEASUREMENT_COLUMNS,
        )
    for c in table.columns:
        if c.name.lower() not in known:
            raise table.error(f"unknown column '{c.header}' (read as {table.layout})", accepted=_MEASUREMENT_COLUMNS)
    peel = table.quantities(
        peel_col, "force_per_length", lo=1e-9, hi=MAX_PEEL, default_unit="N/cm", accepted="0 < peel ≤ 1000 N/cm"
    )
    n = table.n_rows
    angle = np.full(n, np.nan)
    if (ang := table.find("angle", ignore_case=True)) is not None:
        angle = table.numbers(ang, optional=True, accepted="an angle in (0, 180] degrees") * _angle_factor(table, ang)
        bad = ~np.isnan(angle) & ~((angle > 0) & (angle <= 180))
        if np.any(bad):
            i = int(np.argmax(bad))
            raise table.error(
                "peel angle out of range",
                row=i,
                column=ang,
                value=table.cells[i][ang.index],
                accepted="(0, 180] degrees",
            )
    thick = np.full(n, np.nan)
    if (th := table.find("thickness", ignore_case=True)) is not None:
        thick = table.quantities(
            th, "length", lo=1e-9, hi=1e-3, default_unit="um", optional=True, accepted="0 < thickness ≤ 1 mm"
        )
    scatter = np.full(n, DEFAULT_SCATTER)
    if (sc := table.find("scatter", ignore_case=True)) is not None:
        given = table.numbers(sc, optional=True, accepted="a relative scatter in (0, 100) %") * _scatter_factor(
            table, sc
        )
        bad = ~np.isnan(given) & ~((given > 0) & (given < 1))
        if np.any(bad):
            i = int(np.argmax(bad))
            raise table.error(
                "scatter out of range",
                row=i,
                column=sc,
                value=table.cells[i][sc.index],
                accepted="0 … 100 % (exclusive)",
            )
        scatter = np.where(np.isnan(given), DEFAULT_SCATTER, given)
    lab_col = table.find("label", ignore_case=True)
    out = []
    for i, (name, P, a, h, s) in enumerate(zip(table.text(run_col), peel, angle, thick, scatter, strict=True)):
        if not name:
            raise table.error("empty cell", row=i, column=run_col, accepted="a results folder of a finished run")
        run = Path(name)
        run = run if run.is_absolute() else (path.parent / run).resolve()
        label = (table.cells[i][lab_col.index] if lab_col is not None else "") or run.name
        angle_deg = None if np.isnan(a) else float(a)
        thick_m = None if np.isnan(h) else float(h)
        out.append(MeasurementRow(label, run, float(P), angle_deg, thick_m, float(s), table.lines[i]))
    return out


def calibrate_runs(
    measurements: Path, card: InterfaceCard | None = None, *, kinetics: bool = False
) -> tuple[CalibrationResult, list[PeelMeasurement]]:
    """Calibrate an interface card on measured peel values of finished runs (``thermobond calibrate``).

    Args:
        measurements: The measurement CSV (see the module docstring).
        card: The card to start from; default: the one the runs used (they must all use the same).
        kinetics: Also fit the bond-formation time (or prefactor).

    Raises:
        InputError: A row names a run that did not finish or has no adhesion table, the runs use
            different cards, or the data cannot identify the parameters (file and row named).
    """
    src = Path(measurements).resolve()
    data = []
    start = card
    for label, run, peel, angle, thick, scatter, line in read_measurements(src):
        if not (run / "summary.json").is_file() or not (run / "case.toml").is_file():
            raise InputError(
                f"run '{label}' is not a finished run (no summary.json and case.toml in {run}): run the case first",
                file=src,
                line=line,
                column="run",
                value=str(run),
            )
        case = load_case(run / "case.toml")
        if case.adhesion is None:
            raise InputError(
                f"the case of run '{label}' has no [adhesion] table", file=src, line=line, column="run", value=str(run)
            )
        if start is None:
            start = case.adhesion.card
        elif card is None and case.adhesion.card.path != start.path:
            raise InputError(
                f"run '{label}' used another interface card than the rows before: name the one to calibrate "
                "with --card",
                file=src,
                line=line,
                column="run",
                value=str(case.adhesion.card.path),
            )
        try:
            inputs = inputs_of_run(case, run)
        except OSError as exc:
            raise InputError(
                f"cannot read run '{label}': {exc}", file=src, line=line, column="run", value=str(run)
            ) from None
        if angle is not None:
            inputs = dataclasses.replace(inputs, angle=angle)
        if thick is not None:
            inputs = dataclasses.replace(inputs, arm=inputs.arm_of_thickness(thick))
        data.append(PeelMeasurement(label, inputs, peel, scatter))
    if start is None:
        raise InputError("no measurements in the file", file=src)
    try:
        return calibrate(data, start, kinetics=kinetics, data=str(src)), data
    except ValueError as exc:
        raise InputError(str(exc), file=src) from None
