"""Adaptive sampling of a process window's boundary: where to run the next cases, and when to stop.

The window is the set of recipes that meet every criterion ``k`` (a response above or below a
threshold: "peel ≥ 5 N/cm", "claim 7 margin ≥ 0"). Each response has a Gaussian-process surrogate
(:mod:`.surrogate`); at a point ``x`` criterion ``k`` is met with probability
``P_k(x) = Φ(±(μ_k(x) − t_k) / σ_k(x))`` (in the transformed response, where the threshold is
transformed the same way), and the whole spec with ``P(x) = Π_k P_k(x)`` — the surrogates' errors
taken as independent. A point is *misclassified* by the predicted window (``P ≥ ½``) with probability
``m(x) = min(P, 1 − P)`` (for one criterion ``Φ(−U)`` with the U-function of Echard, Gayton & Lemaire
2011, *Struct. Saf.* 33:145).

:func:`propose_batch` fits the surrogates, evaluates ``m`` on a regular, cell-centred candidate
grid of the unit cube and picks ``B`` points one at a time: the candidate of largest ``m`` farther than ``min_distance``
from every case and every pick, after which each surrogate is conditioned on its own mean there
("kriging believer", Ginsbourger, Le Riche & Carraro 2010), which lowers ``m`` around the pick and
spreads the batch along the boundary. Deterministic given the seed (it only seeds the surrogates'
optimiser; the candidate grid is fixed and ties go to the first candidate).

:class:`BoundaryStatus` measures what is left to learn (Bect et al. 2012, *Stat. Comput.* 22:773):
the expected misclassified fraction of the window ``∫ m dx`` (unit cube) and, dividing by the
predicted boundary's measure ``L`` (length in 2-D, area in 3-D; a Cauchy–Crofton count of the grid
edges the predicted boundary crosses), the mean standard deviation of the boundary's location
``s = ∫ m dx / (L √(2/π))`` — the identity ``∫ min(Φ(r/s), Φ(−r/s)) dr = s √(2/π)`` across a boundary
whose location is Gaussian with standard deviation ``s``. ``s`` is in unit-cube units: multiplied by
an axis' span (K, decades of Pa) it is the boundary's uncertainty along that axis where the boundary
runs across it. The same ratio on each grid line along the first axis (misclassified length over
crossings) gives ``max_line_sd``, the worst line: with temperature first, "the boundary is known to
±X K at every pressure". A driver stops when one of them is below its tolerance or the case budget is
spent.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import gammaln, ndtr

from ..errors import InputError
from .space import Axis, FloatArray, from_unit, grid, to_unit
from .surrogate import ResponseModel, Surrogate, fit_surrogate

__all__ = [
    "AdaptiveResult",
    "AdaptiveStep",
    "BoundaryStatus",
    "Criterion",
    "adaptive_search",
    "boundary_status",
    "probability_met",
    "propose_batch",
]

log = logging.getLogger(__name__)

_MAX_CANDIDATES = 5000  # candidate grid size: 70² in 2-D, 17³ in 3-D
_UNCERTAIN = 0.025  # a point is "uncertain" while 2.5 % < P < 97.5 %


@dataclass(frozen=True)
class Criterion:
    """One requirement of the spec.

    Attributes:
        response: The response (a collected column: ``peel_strength_N_per_cm``, ``claim 7 margin``).
        threshold: The limit, in the response's units (5.0 for 5 N/cm; 0.0 for a claim margin).
        above: True when met for ``response ≥ threshold``, False for ``≤``.
    """

    response: str
    threshold: float = 0.0
    above: bool = True

    @property
    def name(self) -> str:
        return f"{self.response} {'≥' if self.above else '≤'} {self.threshold:g}"


def _margins(
    surrogates: Mapping[str, ResponseModel], criteria: Sequence[Criterion], x: ArrayLike
) -> dict[str, tuple[FloatArray, FloatArray]]:
    """Criterion name → (mean margin in the transformed response, ≥ 0 when met; its standard deviation)."""
    if not criteria:
        raise InputError("at least one criterion is needed")
    out: dict[str, tuple[FloatArray, FloatArray]] = {}
    for c in criteria:
        if c.response not in surrogates:
            raise InputError("no surrogate for the response of a criterion", value=c.response)
        s = surrogates[c.response]
        mu, sd = s.predict_latent(x)
        t = float(s.transform.forward(c.threshold))
        out[c.name] = (mu - t if c.above else t - mu, sd)
    return out


def _probabilities(margins: Mapping[str, tuple[FloatArray, FloatArray]]) -> tuple[dict[str, FloatArray], FloatArray]:
    each = {k: np.asarray(ndtr(g / np.maximum(sd, 1e-300)), dtype=float) for k, (g, sd) in margins.items()}
    return each, np.prod(np.stack(list(each.values())), axis=0)


def probability_met(
    surrogates: Mapping[str, ResponseModel], criteria: Sequence[Criterion], x: ArrayLike
) -> tuple[dict[str, FloatArray], FloatArray]:
    """Probability that each criterion, and all of them, hold at points ``x`` ((n, d), SI).

    Returns:
        (criterion name → P_k, P_all = Π P_k).

    Raises:
        InputError: No criterion, or a criterion whose response has no surrogate.
    """
    return _probabilities(_margins(surrogates, criteria, x))


@dataclass(frozen=True)
class BoundaryStatus:
    """How well the window's boundary is known (module docstring; unit-cube measures).

    Attributes:
        misclassified: Expected misclassified fraction of the unit cube, ``mean(min(P, 1 − P))``.
        max_line_sd: Largest boundary-location standard deviation along the first axis over the
            grid lines parallel to it (unit-cube units; ×span of the first axis = e.g. K of hold
            temperature at the worst pressure).
        uncertain_fraction: Fraction of the grid with 2.5 % < P < 97.5 %.
        feasible_fraction: Fraction of the grid predicted inside the window (P ≥ ½).
        boundary_measure: Predicted boundary length (2-D) or area (3-D), unit-cube units.
        location_sd: Mean standard deviation of the boundary's location, unit-cube units
            (``inf`` when uncertain points exist but no boundary is predicted; 0 when neither).
        per_criterion: Expected misclassified fraction of each criterion's own boundary.
        cases: Number of cases the surrogates were fitted on.
    """

    misclassified: float
    max_line_sd: float
    uncertain_fraction: float
    feasible_fraction: float
    boundary_measure: float
    location_sd: float
    per_criterion: dict[str, float]
    cases: int


def _resolution(d: int) -> int:
    return max(5, math.floor(_MAX_CANDIDATES ** (1.0 / d) + 1e-9))


def _boundary_measure(inside: np.ndarray, per_axis: int, d: int) -> float:
    """Cauchy–Crofton estimate of the measure of the boundary between True and False grid cells."""
    h = 1.0 / per_axis  # cell-centred grid
    cube = inside.reshape((per_axis,) * d, order="F")
    crossings = sum(int(np.count_nonzero(np.diff(cube, axis=j))) for j in range(d))
    # a unit-measure surface of isotropic orientation crosses Σ_j E|n_j| = d Γ(d/2)/(√π Γ((d+1)/2)) edges per h^(d−1)
    mean_abs_normal_sum = d * math.exp(gammaln(d / 2) - gammaln((d + 1) / 2)) / math.sqrt(math.pi)
    return crossings * h ** (d - 1) / mean_abs_normal_sum


def _line_location_sd(p: FloatArray, n: int, d: int) -> float:
    """Largest boundary-location sd over grid lines along the first axis (unit-cube units).

    On each line: misclassified length / (crossings · √(2/π)); a line with misclassified length but
    no predicted crossing counts with one crossing (a boundary the prediction misses there).
    """
    m = np.minimum(p, 1.0 - p).reshape((n,) * d, order="F")
    cube = (p >= 0.5).reshape((n,) * d, order="F")
    mass = np.sum(m, axis=0) / n  # midpoint rule on the cell-centred grid
    crossings = np.count_nonzero(np.diff(cube, axis=0), axis=0)
    return float(np.max(mass / (np.maximum(crossings, 1) * math.sqrt(2.0 / math.pi))))


def _status(margins: Mapping[str, tuple[FloatArray, FloatArray]], n: int, d: int, cases: int) -> BoundaryStatus:
    each, p = _probabilities(margins)
    m = np.minimum(p, 1.0 - p)
    mis = float(m.mean())
    inside = p >= 0.5
    measure = _boundary_measure(inside, n, d)
    if measure > 0.0:
        loc = mis / (measure * math.sqrt(2.0 / math.pi))
    else:
        loc = math.inf if mis > 1e-9 else 0.0
    return BoundaryStatus(
        mis,
        _line_location_sd(p, n, d),
        float(np.mean((p > _UNCERTAIN) & (p < 1.0 - _UNCERTAIN))),
        float(np.mean(inside)),
        measure,
        loc,
        {k: float(np.minimum(v, 1.0 - v).mean()) for k, v in each.items()},
        cases,
    )


def boundary_status(
    surrogates: Mapping[str, Surrogate], criteria: Sequence[Criterion], *, resolution: int | None = None
) -> BoundaryStatus:
    """How well the surrogates know the window's boundary (on a regular grid over their axes).

    Args:
        surrogates: Response → surrogate, all over the same axes.
        criteria: The spec.
        resolution: Grid points per axis (default: about 5000 points in all).
    """
    first = next(iter(surrogates.values()))
    d = len(first.axes)
    n = resolution or _resolution(d)
    return _status(_margins(surrogates, criteria, from_unit(grid(d, n, centred=True), first.axes)), n, d, len(first.y))


@dataclass(frozen=True)
class AdaptiveStep:
    """One proposal: the next batch and the state of knowledge before it.

    Attributes:
        unit: ``(b, d)`` proposed points (``b ≤ B``) in the unit cube (the coordinate ``Parameter.at`` takes).
        points: The same in SI.
        status: Boundary uncertainty of the surrogates fitted on the current cases.
        surrogates: Those surrogates (response → surrogate).
    """

    unit: FloatArray
    points: FloatArray
    status: BoundaryStatus
    surrogates: dict[str, Surrogate]


def propose_batch(
    x: ArrayLike,
    responses: Mapping[str, ArrayLike],
    axes: Sequence[Axis],
    criteria: Sequence[Criterion],
    *,
    batch: int = 4,
    min_distance: float = 0.02,
    include_each: bool = False,
    resolution: int | None = None,
    seed: int = 0,
    surrogate_options: Mapping[str, Any] | None = None,
) -> AdaptiveStep:
    """The next ``batch`` points where the window's boundary is least certain.

    Args:
        x: ``(n, d)`` parameter values of the cases run so far (SI).
        responses: Response → its ``n`` values (nan/None for a failed case) for every response a
            criterion names.
        axes: The varied parameters.
        criteria: The spec (all must hold).
        batch: Number of points to propose, ``B ≥ 1``.
        min_distance: No proposal closer than this to a case or another proposal (unit-cube
            Euclidean distance, in (0, 0.5)).
        include_each: Also refine each criterion's own boundary (score ``max(m, max_k m_k)``), not
            only the boundary of the whole spec.
        resolution: Candidate-grid points per axis (default: about 5000 candidates).
        seed: Seed of the surrogates' hyperparameter optimiser.
        surrogate_options: Passed to :func:`fit_surrogate` (e.g. ``{"transform": "log"}``, ``folds``;
            default ``folds = 0``: no cross-validation while searching).

    Raises:
        InputError: Bad batch size or distance, or a response missing.

    Returns:
        The step; its batch is smaller than ``batch`` (possibly empty) when the candidate grid has
        no more points at ``min_distance`` from the cases: the grid is saturated, stop there.
    """
    if batch < 1:
        raise InputError("a batch needs at least one point", key="batch", value=batch)
    if not 0.0 < min_distance < 0.5:
        raise InputError("min_distance is a unit-cube distance in (0, 0.5)", key="min_distance", value=min_distance)
    opts: dict[str, Any] = {"folds": 0, "seed": seed, **(surrogate_options or {})}
    needed = list(dict.fromkeys(c.response for c in criteria))
    missing = [r for r in needed if r not in responses]
    if missing:
        raise InputError("responses named by criteria are missing", value=missing, accepted=", ".join(responses))
    surrogates = {r: fit_surrogate(x, responses[r], axes, response=r, **opts) for r in needed}
    d = len(axes)
    n = resolution or _resolution(d)
    cand_u = grid(d, n, centred=True)
    cand_x = from_unit(cand_u, axes)
    taken = to_unit(np.asarray(x, dtype=float).reshape(-1, d), axes)
    margins = _margins(surrogates, criteria, cand_x)
    status = _status(margins, n, d, int(taken.shape[0]))
    each, p = _probabilities(margins)
    free = np.ones(len(cand_u), dtype=bool)
    for t in taken:
        free &= np.sum((cand_u - t) ** 2, axis=1) >= min_distance**2
    believed: dict[str, Surrogate] = dict(surrogates)
    picks: list[int] = []
    for _ in range(batch):
        if not free.any():
            break
        score = np.minimum(p, 1.0 - p)
        if include_each:
            score = np.maximum(score, np.max([np.minimum(v, 1.0 - v) for v in each.values()], axis=0))
        if float(score[free].max()) < 1e-9:  # nothing uncertain left: fill the largest gap instead
            dist = np.min(np.sum((cand_u[:, None, :] - np.vstack([taken, cand_u[picks]])[None]) ** 2, axis=2), axis=1)
            score = dist
        i = int(np.flatnonzero(free)[np.argmax(score[free])])
        picks.append(i)
        free &= np.sum((cand_u - cand_u[i]) ** 2, axis=1) >= min_distance**2
        believed = {r: s.condition(cand_x[i : i + 1]) for r, s in believed.items()}
        each, p = probability_met(believed, criteria, cand_x)
    if len(picks) < batch:
        log.warning(
            "only %d of %d candidates are farther than min_distance = %g from every case",
            len(picks),
            batch,
            min_distance,
        )
    return AdaptiveStep(cand_u[picks].copy(), cand_x[picks].copy(), status, surrogates)


@dataclass(frozen=True)
class AdaptiveResult:
    """An adaptive search run to its end.

    Attributes:
        x: All cases (SI), initial design first, then the batches in order.
        responses: Response → values at ``x``.
        history: Boundary status before each batch, and after the last one.
        surrogates: Surrogates fitted on all cases.
        converged: True if the stop measure stayed within the tolerance (``patience`` times) within
            the budget.
    """

    x: FloatArray
    responses: dict[str, FloatArray]
    history: list[BoundaryStatus] = field(default_factory=list)
    surrogates: dict[str, Surrogate] = field(default_factory=dict)
    converged: bool = False


def adaptive_search(
    evaluate: Callable[[FloatArray], Mapping[str, ArrayLike]],
    initial: ArrayLike,
    axes: Sequence[Axis],
    criteria: Sequence[Criterion],
    *,
    tolerance: float,
    budget: int,
    batch: int = 4,
    patience: int = 2,
    measure: Literal["max_line_sd", "location_sd"] = "max_line_sd",
    **options: Any,
) -> AdaptiveResult:
    """Run batches of :func:`propose_batch` until the boundary's uncertainty ``measure`` is at most
    ``tolerance`` ``patience`` times in a row, or ``budget`` cases are spent.

    For analytic functions and drivers that run a batch synchronously; a resumable study driver
    calls :func:`propose_batch` on its collected table instead.

    Args:
        evaluate: Points ``(B, d)`` (SI) → response → ``B`` values.
        initial: Initial design ``(n0, d)``, unit-cube coordinates.
        axes: The varied parameters.
        criteria: The spec.
        tolerance: Stop when ``measure`` (unit-cube units) is at most this.
        budget: Largest total number of cases (initial design included).
        batch: Points per batch.
        patience: Consecutive statuses within the tolerance needed to stop (the surrogates can be
            over-confident while few cases lie near the boundary; 2 guards against one lucky fit).
        measure: :attr:`BoundaryStatus.max_line_sd` (worst line along the first axis: "located
            within X K at every pressure") or :attr:`BoundaryStatus.location_sd` (mean over the boundary).
        options: Passed to :func:`propose_batch`.
    """
    x = from_unit(initial, axes)
    if len(x) > budget:
        raise InputError("the initial design alone exceeds the case budget", key="budget", value=budget)
    got = evaluate(x)
    ys = {k: np.asarray(v, dtype=float) for k, v in got.items()}
    if measure not in ("max_line_sd", "location_sd"):
        raise InputError("unknown stop measure", key="measure", value=measure, accepted="max_line_sd, location_sd")
    if patience < 1:
        raise InputError("patience must be ≥ 1", key="patience", value=patience)
    history: list[BoundaryStatus] = []
    calm = 0
    while True:
        room = budget - len(x)
        step = propose_batch(x, ys, axes, criteria, batch=max(1, min(batch, room)), **options)
        history.append(step.status)
        value = float(getattr(step.status, measure))
        log.info("adaptive: %d cases, boundary %s %.4g (tolerance %.4g)", len(x), measure, value, tolerance)
        calm = calm + 1 if value <= tolerance else 0
        if calm >= patience or room <= 0 or not len(step.points):
            return AdaptiveResult(x, ys, history, step.surrogates, calm >= patience)
        new = evaluate(step.points)
        x = np.vstack([x, step.points])
        ys = {k: np.concatenate([ys[k], np.asarray(new[k], dtype=float)]) for k in ys}
