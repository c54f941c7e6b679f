"""The adaptive study's step between two runs of the executor: the next batch, or why it stops.

After each run of its cases an adaptive study (``[sampling] mode = "adaptive"``) fits a surrogate of
every criterion's response on the collected table and asks :func:`.adaptive.propose_batch` where the
window's boundary is least certain. The batches it adds (unit-cube points) and the boundary's
uncertainty before each one are kept in ``adaptive.json`` (:data:`.expand.ADAPTIVE_STATE`): the
study's cases are the initial Latin hypercube followed by those batches, so ``thermobond study
--resume`` rebuilds the same cases and goes on from where it stopped.

It stops when the boundary's location standard deviation along the first parameter, at the worst
value of the others (:attr:`.adaptive.BoundaryStatus.max_line_sd`), has been within
``sampling.tolerance`` for ``sampling.patience`` consecutive fits, or when ``sampling.budget``
cases are spent, or when no candidate is left far enough from the cases run.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..outputs import atomic_write_text, dumps_json
from .expand import ADAPTIVE_STATE, read_manifest
from .space import table_columns
from .uqcollect import analysis_axes, criteria_of

__all__ = ["AdaptiveDecision", "advance", "read_state"]

log = logging.getLogger(__name__)

MIN_DISTANCE = 0.02  # no new case closer than this to another (unit cube): a 50-step grid's spacing


@dataclass(frozen=True)
class AdaptiveDecision:
    """What the step decided.

    Attributes:
        added: Unit-cube points of the new batch (empty when the study stops).
        stop: Why the study stops (``converged``, ``budget``, ``saturated``, ``no fit: …``), or "".
        cases: Cases the surrogates were fitted on.
        boundary_sd: Location standard deviation of the boundary along the first parameter, at the
            worst value of the others (the first parameter's unit; relative for a log scale).
        tolerance: The study's tolerance, in the same unit.
    """

    added: list[list[float]]
    stop: str
    cases: int
    boundary_sd: float
    tolerance: float


def read_state(root: Path) -> dict[str, Any]:
    """The adaptive study's state in ``root`` (no file: no batches, no history)."""
    path = Path(root) / ADAPTIVE_STATE
    if not path.is_file():
        return {"batches": [], "history": []}
    state: dict[str, Any] = json.loads(path.read_text())
    return state


def _in_units(unit_value: float, man: dict[str, Any]) -> float:
    """A unit-cube length along the first parameter in its unit (relative change for a log scale)."""
    first = man["parameters"][0]["key"]
    lo, hi, scale = man["ranges"][first]
    return float(unit_value * (np.log(hi / lo) if scale == "log" else hi - lo))


def advance(root: Path, rows: list[dict[str, Any]], *, seed: int = 0) -> AdaptiveDecision:
    """Fit the surrogates on the collected ``rows`` and add the next batch to the study's state.

    Args:
        root: The study folder (its manifest holds the settings, ``adaptive.json`` the batches).
        rows: The collected table (:attr:`thermobond.study.collect.StudyTable.rows`).
        seed: Seed of the surrogates' optimiser.

    Returns:
        The decision; ``adaptive.json`` is updated with the status and any new batch.
    """
    from .adaptive import propose_batch  # scikit-learn: optional extra "uq"

    man = read_manifest(root)
    samp = man["sampling"]
    state = read_state(root)
    tol_unit = float(samp["tolerance_unit"])
    tol = _in_units(tol_unit, man)
    n = len(rows)
    room = int(samp["budget"]) - n
    axes, cols = analysis_axes(man, rows)
    x = table_columns(rows, cols, done_only=False)  # failed cases count as taken: not proposed again
    criteria = criteria_of(man)
    names = list(dict.fromkeys(c.response for c in criteria))
    present = {k for r in rows for k in r}
    absent = [k for k in names if k not in present]
    try:
        if absent:
            raise InputError("a criterion names a response the cases do not report", key="criteria", value=absent)
        y = table_columns(rows, names)
        step = propose_batch(
            x,
            {k: y[:, j] for j, k in enumerate(names)},
            axes,
            criteria,
            batch=max(1, min(int(samp["batch"]), room)),
            min_distance=MIN_DISTANCE,
            seed=seed,
        )
    except InputError as exc:
        log.warning("adaptive study stops: %s", exc)
        return AdaptiveDecision([], f"no fit: {exc}", n, float("inf"), tol)
    status = step.status
    sd = _in_units(status.max_line_sd, man)
    state["history"].append(
        {
            "cases": n,
            "max_line_sd_unit": status.max_line_sd,
            "boundary_sd": sd,
            "location_sd_unit": status.location_sd,
            "misclassified": status.misclassified,
            "feasible_fraction": status.feasible_fraction,
            "per_criterion": status.per_criterion,
        }
    )
    patience = int(samp.get("patience", 2))
    calm = [h["max_line_sd_unit"] <= tol_unit for h in state["history"][-patience:]]
    if len(calm) == patience and all(calm):
        stop = "converged"
    elif room <= 0:
        stop = "budget"
    elif not len(step.unit):
        stop = "saturated"
    else:
        stop = ""
    added = [] if stop else step.unit.tolist()
    if added:
        state["batches"].append(added)
    state.update(stop=stop, tolerance=samp["tolerance"], tolerance_unit=tol_unit)
    atomic_write_text(root / ADAPTIVE_STATE, dumps_json(state))
    log.info(
        "adaptive: %d cases, boundary ±%.3g along %s (tolerance %.3g)%s",
        n,
        sd,
        man["parameters"][0]["key"],
        tol,
        f": stops ({stop})" if stop else f", adding {len(added)}",
    )
    return AdaptiveDecision(added, stop, n, sd, tol)
