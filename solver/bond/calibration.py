"""Calibrate an interface card to measured peel strengths (``thermobond calibrate``).

Each measurement is a solved case (its results directory: bonded surface, interface temperature,
peel arm) with the peel force the test gave. The model's peel force P_i(Γ_int, t_b) follows from
the case's bond development and the elastic–plastic peel (docs/theory/adhesion.md). The fit
minimises Σ [(ln P_i − ln P_i,measured)/s_i]², s_i the relative scatter of the measurement (1σ),
over ln Γ_int and, optionally, the log of the kinetics' time (or prefactor). The covariance of the
log parameters is (JᵀJ)⁻¹, inflated by the reduced χ² when the data scatter more than stated;
predictions of other recipes carry it (``*_sigma`` in their summaries).

Measurement file (CSV, units in the header)::

    run,peel [N/cm],angle [deg],thickness [um],scatter [%]
    results/press_300C,6.1,90,15,10
    results/press_340C,8.3,,,

``run`` is a results directory of a case with an ``[adhesion]`` table (relative to the CSV's
folder); ``angle`` and ``thickness`` override the case's peel test; ``scatter`` defaults to 10 %.
"""

from __future__ import annotations

import csv
import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import least_squares

from ..case import load_case
from ..errors import InputError
from ..materials.interfacecard import Calibration, InterfaceCard
from ..units import parse_quantity
from .adhesion import AdhesionInputs, effective_toughness
from .peel import peel_force
from .runfiles import inputs_of_run

__all__ = ["CalibrationResult", "PeelMeasurement", "calibrate", "calibrate_runs", "read_measurements"]

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


def _cell(row: dict[str, str], key: str | None) -> str:
    return "" if key is None else (row.get(key) or "").strip()


def read_measurements(path: Path) -> list[tuple[str, Path, float, float | None, float | None, float]]:
    """Rows (label, run directory, peel N/cm, angle deg or None, thickness m or None, scatter).

    Raises:
        InputError: Missing columns, unparsable values or units (file, column and row named).
    """
    path = Path(path).resolve()
    if not path.is_file():
        raise InputError("measurement file not found", file=path)
    with open(path, newline="") as fh:
        reader = csv.DictReader(fh)
        heads = reader.fieldnames or []
        records = list(reader)

    def column(name: str) -> tuple[str | None, str | None]:
        for h in heads:
            base, _, unit = h.partition("[")
            if base.strip().lower() == name:
                return h, unit.rstrip("] ").strip() or None
        return None, None

    run_col, _ = column("run")
    peel_col, peel_unit = column("peel")
    if run_col is None or peel_col is None:
        raise InputError(
            "a measurement file needs the columns 'run' and 'peel [unit]'",
            file=path,
            value=", ".join(heads),
            accepted="run, peel [N/cm] (optional: angle [deg], thickness [um], scatter [%], label)",
        )
    ang_col, _ = column("angle")
    th_col, th_unit = column("thickness")
    sc_col, sc_unit = column("scatter")
    lab_col, _ = column("label")
    out = []
    for i, rec in enumerate(records, start=2):
        key = f"row {i}"
        try:
            peel = parse_quantity(f"{_cell(rec, peel_col)} {peel_unit or 'N/cm'}", "force_per_length")
            angle = float(_cell(rec, ang_col)) if _cell(rec, ang_col) else None
            thick = parse_quantity(f"{_cell(rec, th_col)} {th_unit or 'um'}", "length") if _cell(rec, th_col) else None
            if _cell(rec, sc_col):
                v = float(_cell(rec, sc_col))
                scatter = v / 100.0 if (sc_unit or "%") == "%" else v
            else:
                scatter = DEFAULT_SCATTER
        except (InputError, ValueError) as exc:
            raise InputError(f"unreadable value: {exc}", file=path, key=key) from None
        if not peel > 0:
            raise InputError("peel must be positive", file=path, key=f"{key}, {peel_col}", value=_cell(rec, peel_col))
        if angle is not None and not 0 < angle <= 180:
            raise InputError(
                "peel angle out of range", file=path, key=f"{key}, {ang_col}", value=angle, accepted="(0, 180] degrees"
            )
        if not 0 < scatter < 1:
            raise InputError(
                "scatter out of range", file=path, key=f"{key}, {sc_col}", value=scatter, accepted="0 … 100 %"
            )
        run = Path(_cell(rec, run_col))
        run = run if run.is_absolute() else (path.parent / run).resolve()
        out.append((_cell(rec, lab_col) or run.name, run, peel, angle, thick, scatter))
    if not out:
        raise InputError("no measurements in the file", file=path)
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
    for label, run, peel, angle, thick, scatter in read_measurements(src):
        if not (run / "summary.json").is_file() or not (run / "case.toml").is_file():
            raise InputError(
                "not a finished run (no summary.json and case.toml): run the case first",
                file=src,
                key=f"run '{label}'",
                value=str(run),
            )
        case = load_case(run / "case.toml")
        if case.adhesion is None:
            raise InputError(
                "the case of this run has no [adhesion] table", file=src, key=f"run '{label}'", value=str(run)
            )
        if start is None:
            start = case.adhesion.card
        elif card is None and case.adhesion.card.path != start.path:
            raise InputError(
                "the runs use different interface cards: name the one to calibrate with --card",
                file=src,
                key=f"run '{label}'",
                value=str(case.adhesion.card.path),
            )
        try:
            inputs = inputs_of_run(case, run)
        except OSError as exc:
            raise InputError(f"cannot read the run: {exc}", file=src, key=f"run '{label}'", value=str(run)) from None
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
