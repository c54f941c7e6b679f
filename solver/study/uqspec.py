"""Study-file keys of the uncertainty analysis: adaptive sampling, the spec's criteria, uncertain inputs.

These tables extend a study file (:func:`thermobond.study.spec.load_study`)::

    [sampling]       mode = "adaptive", samples (initial design), batch, budget, tolerance
    [[criteria]]     response = "adhesion.peel_strength_N_per_m", at_least = 500.0
    [[uncertainty]]  key = "cycle.heat.temperature", sd = "2.5 K"     (or half_width, or cv)

Values are kept as written; their SI values need the kind of quantity the case reads at each key,
which is known only when the study is expanded (:func:`thermobond.study.expand.expand` writes them
to the manifest).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..errors import InputError
from ..schema import Section
from ..units import convention_value, parse_quantity

if TYPE_CHECKING:
    from .spec import Parameter, StudySpec

__all__ = [
    "AdaptiveSettings",
    "CriterionSpec",
    "UncertainSpec",
    "manifest_entries",
    "read_adaptive",
    "read_criteria",
    "read_uncertainty",
]

_NUMBER_UNIT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")
_DISTRIBUTIONS = ("sd", "half_width", "cv")
_SPREAD_KEY = {"normal": "sd", "uniform": "half_width", "lognormal": "cv"}


@dataclass(frozen=True)
class AdaptiveSettings:
    """How an adaptive study adds cases (``[sampling] mode = "adaptive"``).

    Attributes:
        batch: Cases added per batch.
        budget: Largest number of cases in all (the initial design included).
        tolerance: Stop when the boundary's location is known to this along the first parameter
            (standard deviation at the worst value of the other parameters), as written: a
            difference in the first parameter's unit (``"3 K"``).
        patience: Consecutive batches within the tolerance needed to stop.
    """

    batch: int
    budget: int
    tolerance: str
    patience: int = 2


@dataclass(frozen=True)
class CriterionSpec:
    """One requirement of the spec, as written (``[[criteria]]``).

    Attributes:
        response: A column of the collected table (``adhesion.peel_strength_N_per_m``,
            ``claim.7.margin_K``).
        threshold: The limit, in the column's units.
        above: True for ``response ≥ threshold`` (``at_least``), False for ``≤`` (``at_most``).
    """

    response: str
    threshold: float
    above: bool


@dataclass(frozen=True)
class UncertainSpec:
    """One uncertain input, as written (``[[uncertainty]]``).

    Attributes:
        key: A varied parameter's key (the first of ``keys`` for a calibration).
        distribution: ``normal`` (``sd``), ``uniform`` (``half_width``), ``lognormal`` (``cv``) or
            ``calibration`` (the interface card's calibrated covariance, jointly over ``keys``).
        spread: The spread as written: ``"2.5 K"``, ``"0.2 MPa"``, for ``cv`` a number, for a
            calibration ``"calibration"``.
        keys: The factors a calibration's covariance scatters, in its order.
    """

    key: str
    distribution: Literal["normal", "uniform", "lognormal", "calibration"]
    spread: str
    keys: tuple[str, ...] = ()


CALIBRATED_FACTORS = ("adhesion.toughness_factor", "adhesion.kinetics_factor")


def _positive_amount(sec: Section, name: str, text: str) -> None:
    m = _NUMBER_UNIT.match(text)
    if not m or not math.isfinite(float(m.group(1))) or float(m.group(1)) <= 0.0:
        raise sec.error(name, "expected a positive number with its unit", text, "e.g. '3 K' or '0.2 MPa'")


def read_adaptive(samp: Section, samples: int) -> AdaptiveSettings:
    """The adaptive-search keys of ``[sampling]`` (``samples`` is the initial Latin-hypercube size).

    Keys:
        sampling.batch: Cases added per batch (each batch is one run of the executor).
        sampling.budget: Largest number of cases in all, the initial design included (≥ ``samples``).
        sampling.tolerance: Stop when the boundary of the window is located to within this along the
            first parameter (one standard deviation, at the worst value of the others): a difference
            in its unit (``"3 K"``; on a log-scale parameter the same relative change at the range's
            geometric middle).
        sampling.patience: Consecutive batches within the tolerance needed to stop (guards against
            one over-confident fit).

    Raises:
        InputError: Naming the key, the value and the accepted range.
    """
    batch = samp.integer("batch", 4, lo=1, hi=1000)
    budget = samp.integer("budget", lo=samples, hi=100000)
    tolerance = samp.string("tolerance")
    _positive_amount(samp, "tolerance", tolerance)
    patience = samp.integer("patience", 2, lo=1, hi=100)
    return AdaptiveSettings(batch, budget, tolerance, patience)


def read_criteria(top: Section) -> tuple[CriterionSpec, ...]:
    """The spec the window is judged by (``[[criteria]]``); none: no window, no probability map.

    Keys:
        criteria: Requirements that must all hold (``[[criteria]]``): the window of an adaptive
            study and of the probability of meeting the spec.
        criteria.response: A column of the collected table (``adhesion.peel_strength_N_per_m``,
            ``claim.7.margin_K``).
        criteria.at_least: Met when the response is at least this (the column's units, e.g. 500
            N/m for 5 N/cm).
        criteria.at_most: Met when the response is at most this (give ``at_least`` or ``at_most``).

    Raises:
        InputError: Neither or both limits, or a response named twice.
    """
    out: list[CriterionSpec] = []
    for sec in top.sections("criteria", required=False):
        response = sec.string("response")
        if sec.has("at_least") == sec.has("at_most"):
            raise sec.error("at_least", "give one limit: 'at_least' or 'at_most'", response)
        above = sec.has("at_least")
        threshold = sec.number("at_least") if above else sec.number("at_most")
        sec.finish()
        if any(c.response == response and c.above == above for c in out):
            raise sec.error("response", "this limit of the response is given twice", response)
        out.append(CriterionSpec(response, threshold, above))
    return tuple(out)


def read_uncertainty(top: Section, keys: list[str]) -> tuple[UncertainSpec, ...]:
    """How the inputs scatter about a recipe (``[[uncertainty]]``), for the probability of meeting the spec.

    An entry gives ``key`` and one spread, or ``keys`` and ``covariance = "calibration"`` (:func:`_calibrated`).

    Keys:
        uncertainty: Uncertain inputs (``[[uncertainty]]``); each is a varied parameter with one spread.
        uncertainty.key: The varied parameter (a ``[[parameters]]`` key).
        uncertainty.sd: Standard deviation of a normal scatter, in the parameter's unit (``"2.5 K"``).
        uncertainty.half_width: Half-width of a uniform tolerance band ``±h`` (``"0.2 MPa"``).
        uncertainty.cv: Coefficient of variation of a log-normal scatter (a positive parameter
            spreading in proportion to its value), a number in (0, 1].

    Raises:
        InputError: An unknown key, a key given twice, or not exactly one spread.
    """
    out: list[UncertainSpec] = []
    for sec in top.sections("uncertainty", required=False):
        if sec.has("keys") or sec.has("covariance"):
            out.append(_calibrated(sec, keys, out))
            continue
        key = sec.string("key")
        if key not in keys:
            raise sec.error("key", "not a varied parameter", key, ", ".join(keys))
        given = [d for d in _DISTRIBUTIONS if sec.has(d)]
        if len(given) != 1:
            raise sec.error("sd", "give one spread: 'sd', 'half_width' or 'cv'", given or None)
        if given[0] == "cv":
            spread = f"{sec.number('cv', lo=0.0, hi=1.0, lo_open=True):g}"
            dist: Literal["normal", "uniform", "lognormal"] = "lognormal"
        elif given[0] == "sd":
            spread = sec.string("sd")
            _positive_amount(sec, "sd", spread)
            dist = "normal"
        else:
            spread = sec.string("half_width")
            _positive_amount(sec, "half_width", spread)
            dist = "uniform"
        sec.finish()
        if any(u.key == key for u in out):
            raise sec.error("key", "an input is given two spreads", key)
        out.append(UncertainSpec(key, dist, spread))
    return tuple(out)


def _calibrated(sec: Section, keys: list[str], out: list[UncertainSpec]) -> UncertainSpec:
    """An ``[[uncertainty]]`` with ``keys`` and ``covariance = "calibration"``.

    Keys:
        uncertainty.keys: In place of ``key``, with ``covariance = "calibration"``: the factors
            ``adhesion.toughness_factor`` (and ``adhesion.kinetics_factor``) of the base case's
            interface card, scattered jointly log-normally about 1 with the covariance that
            ``thermobond calibrate`` wrote into the card.
        uncertainty.covariance: ``"calibration"`` (the only source).
    """
    source = sec.string("covariance", choices=("calibration",))
    names = tuple(sec.array("keys"))
    if names not in (CALIBRATED_FACTORS[:1], CALIBRATED_FACTORS):
        raise sec.error(
            "keys",
            "the card's calibrated factors, in the calibration's order",
            list(names),
            str(list(CALIBRATED_FACTORS)),
        )
    if "adhesion.interface" in keys:  # the covariance is read from one card: the base case's
        raise sec.error(
            "covariance",
            "a calibrated scatter is about one interface card: the study must not also vary adhesion.interface",
            source,
        )
    for k in names:
        if k not in keys:
            raise sec.error(
                "keys", f"'{k}' is not a varied parameter (add it to [[parameters]] with a range)", list(names)
            )
        if any(k == u.key or k in u.keys for u in out):
            raise sec.error("keys", "an input is given two spreads", k)
    sec.finish()
    return UncertainSpec(names[0], "calibration", source, names)


def _amount(text: str, kind: str | None, key: str) -> float:
    """A spread or tolerance as written, in the output convention of the parameter's kind (a
    temperature difference in K = °C)."""
    m = _NUMBER_UNIT.match(text)
    if m is None:
        raise InputError("expected a number with its unit", key=key, value=text)
    if kind is None or not m.group(2):
        return float(m.group(1))
    return parse_quantity(text, "temperature_difference" if kind == "temperature" else kind, key=key)


def _range(p: Parameter, kind: str | None) -> tuple[float, float] | None:
    if p.low is None or p.high is None:
        return None
    if kind is None:
        return float(_NUMBER_UNIT.match(p.low).group(1)), float(_NUMBER_UNIT.match(p.high).group(1))  # type: ignore[union-attr]
    return convention_value(p.low, kind), convention_value(p.high, kind)


def _calibration_entry(
    spec: StudySpec, i: int, u: UncertainSpec, ranges: Mapping[str, Any], calibration: Any
) -> dict[str, Any]:
    """The manifest entry of a calibrated card's covariance over its factors (nominal 1: the card)."""
    where = f"uncertainty[{i}].covariance"
    if calibration is None:
        raise InputError(
            "the base case's interface card is an estimate without a calibration: no covariance to propagate "
            "(fit it to measured peel values with `thermobond calibrate`)",
            file=spec.path,
            key=where,
        )
    cov = [[float(v) for v in row] for row in calibration.covariance]
    if len(u.keys) > len(cov):
        raise InputError(
            f"the card's calibration covers {len(cov)} parameter(s) {tuple(calibration.parameters)}",
            file=spec.path,
            key=f"uncertainty[{i}].keys",
            value=list(u.keys),
            accepted=str(list(CALIBRATED_FACTORS[: len(cov)])),
        )
    for k in u.keys:
        lo, hi, _ = ranges[k]
        if not lo <= 1.0 <= hi:
            raise InputError(
                "a calibrated factor scatters about 1 (the card as calibrated): its range must contain 1",
                file=spec.path,
                key=f"uncertainty[{i}].keys",
                value=f"{k}: {lo:g} … {hi:g}",
            )
    n = len(u.keys)  # a marginal of the joint law when only Γ_int is varied
    return {"key": u.key, "keys": list(u.keys), "distribution": "calibration", "covariance": [r[:n] for r in cov[:n]]}


def manifest_entries(spec: StudySpec, kinds: Mapping[str, str | None], calibration: Any = None) -> dict[str, Any]:
    """The analysis settings in numbers (output convention: SI, temperatures in °C), for the manifest.

    Args:
        spec: The study.
        kinds: The kind of quantity the case reads at each parameter key (None: a plain number or a path).
        calibration: The base case's interface-card calibration
            (:class:`~thermobond.materials.interfacecard.Calibration`), for ``covariance = "calibration"``.

    Returns:
        ``sampling`` (mode, samples, seed; for adaptive also batch, budget, patience and the
        tolerance as a fraction of the first parameter's range, ``tolerance_unit``), ``ranges``
        (key → [low, high, scale]), ``criteria`` and ``uncertainty`` (spreads in numbers).

    Raises:
        InputError: A spread or tolerance whose unit does not fit its parameter.
    """
    ranges: dict[str, list[Any]] = {}
    for p in spec.parameters:
        r = _range(p, kinds.get(p.key))
        if r is not None:
            ranges[p.key] = [r[0], r[1], p.scale]
    sampling: dict[str, Any] = {"mode": spec.mode, "samples": spec.samples, "seed": spec.seed}
    if spec.adaptive is not None:
        first = spec.parameters[0]
        lo, hi, scale = ranges[first.key]
        try:
            tol = _amount(spec.adaptive.tolerance, kinds.get(first.key), "sampling.tolerance")
        except InputError as exc:
            raise InputError(
                exc.reason,
                file=spec.path,
                key="sampling.tolerance",
                value=spec.adaptive.tolerance,
                accepted=exc.accepted,
            ) from None
        if scale == "log":  # a relative change at the geometric middle, in ln units over ln(hi/lo)
            unit_tol = tol / math.sqrt(lo * hi) / math.log(hi / lo)
        else:
            unit_tol = tol / (hi - lo)
        if not 0.0 < unit_tol < 0.5:
            raise InputError(
                "the tolerance must be a positive part of the first parameter's range",
                file=spec.path,
                key="sampling.tolerance",
                value=spec.adaptive.tolerance,
                accepted=f"less than half of {first.low} … {first.high}",
            )
        sampling.update(
            batch=spec.adaptive.batch,
            budget=spec.adaptive.budget,
            patience=spec.adaptive.patience,
            tolerance=spec.adaptive.tolerance,
            tolerance_unit=unit_tol,
        )
    uncertainty = []
    for i, u in enumerate(spec.uncertainty):
        if u.distribution == "calibration":
            uncertainty.append(_calibration_entry(spec, i, u, ranges, calibration))
            continue
        key = f"uncertainty[{i}].{_SPREAD_KEY[u.distribution]}"
        try:
            spread = float(u.spread) if u.distribution == "lognormal" else _amount(u.spread, kinds.get(u.key), key)
        except InputError as exc:
            raise InputError(exc.reason, file=spec.path, key=key, value=u.spread, accepted=exc.accepted) from None
        uncertainty.append({"key": u.key, "distribution": u.distribution, "spread": spread})
    return {
        "sampling": sampling,
        "ranges": ranges,
        "criteria": [{"response": c.response, "threshold": c.threshold, "above": c.above} for c in spec.criteria],
        "uncertainty": uncertainty,
    }
