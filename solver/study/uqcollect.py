"""What ``thermobond collect`` adds to a study's table for its uncertainty analysis.

Beside ``collected.csv`` (:func:`write_analysis`):

* ``sobol_indices.csv`` / ``.json`` — a ``sobol`` study: first- and total-order Sobol' indices of
  every numeric response with their 95 % bootstrap confidence half-widths (:mod:`.sensitivity`).
* ``surrogates.json`` — a study with ``[[criteria]]``: the Gaussian-process surrogate of each
  criterion's response and its 5-fold cross-validated error (:mod:`.surrogate`).
* ``probability.csv`` / ``.json`` — the same study: at each recipe of a grid over the report's
  axes (other parameters at mid-range), the probability of meeting each criterion and all of
  them, with the ``[[uncertainty]]`` inputs scattering about the recipe (:mod:`.uncertainty`).

The axes are the parameters' ranges; a parameter given as a list of numbers (a grid) spans its
smallest to largest value on a linear scale. Nothing here stops the table from being written: a
part that cannot be computed (cases missing, SALib or scikit-learn not installed) is logged and
recorded with its reason in its JSON file.
"""

from __future__ import annotations

import csv
import io
import logging
import math
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..outputs import atomic_write_text, dumps_json
from .expand import number_column
from .space import Axis, FloatArray, table_columns

__all__ = ["analysis_axes", "criteria_of", "numeric_responses", "write_analysis"]

log = logging.getLogger(__name__)

PROBABILITY_GRID = 21  # recipes per report axis of the probability map
PROBABILITY_SAMPLES = 1000  # input draws per recipe (Monte Carlo standard error ≤ 1.6 %)
_SKIP = ("wall_time", "format_version", "_seconds")  # bookkeeping columns, not responses


def analysis_axes(man: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]) -> tuple[tuple[Axis, ...], list[str]]:
    """The analysis' axes (output convention) and the table column of each.

    Raises:
        InputError: A parameter without a numeric range (a card path, or a single value).
    """
    ranges = man.get("ranges", {})
    axes, cols = [], []
    for p in man["parameters"]:
        key, unit = p["key"], p.get("unit")
        if unit is None:
            raise InputError("an uncertainty analysis needs numeric parameters", key=key)
        col = number_column(key, unit)
        if key in ranges:
            lo, hi, scale = ranges[key]
        else:
            vals = table_columns(rows, [col], done_only=False)[:, 0]
            vals = vals[np.isfinite(vals)]
            if vals.size == 0 or vals.max() <= vals.min():
                raise InputError("an uncertainty analysis needs a parameter that varies", key=key)
            lo, hi, scale = float(vals.min()), float(vals.max()), "linear"
        axes.append(Axis(key, float(lo), float(hi), scale, p.get("label") or key))
        cols.append(col)
    return tuple(axes), cols


def numeric_responses(rows: Sequence[Mapping[str, Any]], exclude: Sequence[str]) -> list[str]:
    """Result columns holding a number at every case that is done (``exclude`` and bookkeeping
    columns left out)."""
    done = [r for r in rows if r.get("status") == "done"]
    skip = {"case", "status", "reason", *exclude}
    keys = [k for k in (done[0] if done else {}) if k not in skip and not any(s in k for s in _SKIP)]
    return [k for k in keys if all(isinstance(r.get(k), (int, float)) and not isinstance(r.get(k), bool) for r in done)]


def criteria_of(man: Mapping[str, Any]) -> list[Any]:
    """The manifest's ``[[criteria]]`` as :class:`~thermobond.study.adaptive.Criterion`."""
    from .adaptive import Criterion  # scipy: only for an analysis with a spec

    return [Criterion(c["response"], float(c["threshold"]), bool(c["above"])) for c in man.get("criteria", [])]


def _sobol(root: Path, man: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]) -> list[Path]:
    from .sensitivity import saltelli_design, sobol_indices  # SALib: optional extra "uq"

    axes, cols = analysis_axes(man, rows)
    samp = man["sampling"]
    design = saltelli_design(int(samp["samples"]), axes, seed=int(samp.get("seed", 0)))
    record: dict[str, Any] = {
        "n": design.n,
        "seed": design.seed,
        "cases": design.cases,
        "parameters": [ax.name for ax in axes],
        "labels": [ax.label for ax in axes],
        "confidence": 0.95,
        "responses": {},
    }
    missing = [r["case"] for r in rows if r["status"] != "done"]
    if len(rows) != design.cases:
        record["reason"] = f"{len(rows)} cases in the table for a design of {design.cases}"
    elif missing:
        record["reason"] = "the indices need every case of the design: rerun these with --resume"
        record["missing"] = missing
    if "reason" in record:
        log.warning("Sobol' indices not computed: %s", record["reason"])
    else:
        names = numeric_responses(rows, [*cols, *record["parameters"]])
        values = {k: np.array([r.get(k) for r in rows], dtype=float) for k in names}
        indices = sobol_indices(design, values, case_ids=[r["case"] for r in rows])
        for k, si in indices.items():
            if np.all(np.isnan(si.total)):
                continue  # constant over the design: undefined
            record["responses"][k] = {
                "S1": si.first.tolist(),
                "S1_conf": si.first_conf.tolist(),
                "ST": si.total.tolist(),
                "ST_conf": si.total_conf.tolist(),
                "mean": si.mean,
                "variance": si.variance,
            }
    out = [root / "sobol_indices.json"]
    atomic_write_text(out[0], dumps_json(record))
    if record["responses"]:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["response", "parameter", "S1", "S1_conf", "ST", "ST_conf"])
        for k, v in record["responses"].items():
            for j, name in enumerate(record["parameters"]):
                w.writerow([k, name, v["S1"][j], v["S1_conf"][j], v["ST"][j], v["ST_conf"][j]])
        out.append(root / "sobol_indices.csv")
        atomic_write_text(out[1], buf.getvalue())
    return out


def _report_axes(root: Path, axes: Sequence[Axis]) -> tuple[int, int | None]:
    """Positions of the report's x and y parameters among the axes (defaults: the first two)."""
    rep: dict[str, Any] = {}
    if (root / "study.toml").is_file():
        rep = tomllib.loads((root / "study.toml").read_text()).get("report", {})
    names = [a.name for a in axes]
    ix = names.index(rep["x"]) if rep.get("x") in names else 0
    iy = names.index(rep["y"]) if rep.get("y") in names else (1 if len(axes) > 1 and ix != 1 else None)
    return ix, iy


def _inputs(man: Mapping[str, Any]) -> list[Any]:
    from .uncertainty import LogNormal, Normal, Uniform  # scipy: only for an analysis with a spec

    out: list[Any] = []
    for u in man.get("uncertainty", []):
        if u["distribution"] == "normal":
            out.append(Normal(u["key"], float(u["spread"])))
        elif u["distribution"] == "uniform":
            out.append(Uniform(u["key"], float(u["spread"])))
        elif u["distribution"] == "calibration":  # the card's factors about 1, jointly
            out.append(LogNormal(tuple(u["keys"]), np.array(u["covariance"], dtype=float)))
        else:  # a coefficient of variation cv: ln x has variance ln(1 + cv²)
            out.append(LogNormal((u["key"],), np.array([[math.log1p(float(u["spread"]) ** 2)]])))
    return out


def _fit_record(s: Any) -> dict[str, Any]:
    """A surrogate's fit and cross-validated error, for ``surrogates.json``."""
    out: dict[str, Any] = {"cases": int(s.y.size), "transform": s.transform.kind, "kernel": s.kernel}
    if s.cv is not None:
        out.update(folds=s.cv.folds, rmse=s.cv.rmse, nrmse=s.cv.nrmse, q2=s.cv.q2, coverage_2sd=s.cv.coverage)
    return out


def _probability(root: Path, man: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]) -> list[Path]:
    from .surrogate import fit_surrogate  # scikit-learn: optional extra "uq"
    from .uncertainty import spec_probability

    criteria = criteria_of(man)
    axes, cols = analysis_axes(man, rows)
    x = table_columns(rows, cols)
    responses = list(dict.fromkeys(c.response for c in criteria))
    absent = [k for k in responses if not any(k in r for r in rows)]
    if absent:
        raise InputError("a criterion names a response the cases do not report", key="criteria", value=absent)
    y = table_columns(rows, responses)
    folds = 5 if int(np.isfinite(y[:, 0]).sum()) >= 10 else 0
    surrogates = {k: fit_surrogate(x, y[:, j], axes, response=k, folds=folds) for j, k in enumerate(responses)}
    fits = {k: _fit_record(s) for k, s in surrogates.items()}
    atomic_write_text(root / "surrogates.json", dumps_json({"surrogates": fits}))
    ix, iy = _report_axes(root, axes)
    ticks = np.linspace(0.0, 1.0, PROBABILITY_GRID)
    centre = np.array([ax.from_unit(0.5) for ax in axes], dtype=float)
    gx = axes[ix].from_unit(ticks)
    gy = axes[iy].from_unit(ticks) if iy is not None else np.array([np.nan])
    for u in man.get("uncertainty", []):  # a calibrated factor's nominal is the card itself
        for k in u.get("keys", []) if u["distribution"] == "calibration" else []:
            centre[[a.name for a in axes].index(k)] = 1.0
    pts: FloatArray = np.tile(centre, (gx.size * gy.size, 1))
    pts[:, ix] = np.tile(gx, gy.size)
    if iy is not None:
        pts[:, iy] = np.repeat(gy, gx.size)
    inputs = _inputs(man)
    prob = spec_probability(pts, surrogates, criteria, inputs, samples=PROBABILITY_SAMPLES)
    names = [c.name for c in criteria]
    head = [cols[j] for j in range(len(axes))] + ["P_all", "P_all_se", "outside"] + [f"P[{n}]" for n in names]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(head)
    for i in range(len(pts)):
        w.writerow([*pts[i], prob.all[i], prob.all_se[i], prob.outside[i], *(prob.each[n][i] for n in names)])
    atomic_write_text(root / "probability.csv", buf.getvalue())
    record = {
        "x": axes[ix].name,
        "y": axes[iy].name if iy is not None else None,
        "x_values": gx.tolist(),
        "y_values": gy.tolist() if iy is not None else [],
        "at": dict(zip([a.name for a in axes], centre.tolist(), strict=True)),
        "criteria": names,
        "inputs": man.get("uncertainty", []),
        "samples": prob.samples,
        "all": prob.all.reshape(gy.size, gx.size).tolist(),
        "each": {n: prob.each[n].reshape(gy.size, gx.size).tolist() for n in names},
        "surrogates": fits,
    }
    atomic_write_text(root / "probability.json", dumps_json(record))
    return [root / "surrogates.json", root / "probability.csv", root / "probability.json"]


def write_analysis(root: Path, man: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]) -> list[Path]:
    """Write the uncertainty analysis of a collected study beside its table (module docstring).

    Args:
        root: The study folder.
        man: Its manifest (:func:`thermobond.study.expand.read_manifest`).
        rows: The collected rows, in manifest order.

    Returns:
        The files written (none for a study without a Sobol' design or criteria).
    """
    out: list[Path] = []
    mode = man.get("sampling", {}).get("mode", man.get("mode"))
    parts = []
    if mode == "sobol":
        parts.append(("Sobol' indices", _sobol))
    if man.get("criteria") and sum(r["status"] == "done" for r in rows) >= 3:
        parts.append(("probability of meeting the spec", _probability))
    for what, part in parts:
        try:
            out += part(root, man, rows)
        except ImportError as exc:
            log.warning("%s not computed: %s (install the extra thermobond[uq])", what, exc)
        except InputError as exc:
            log.warning("%s not computed: %s", what, exc)
    return out
