"""Which recipe passes: the verdict of a run and of a study, in words and numbers (no plotting).

A recipe passes when every check a run decides passes — the claim elements and the specification
of :mod:`thermobond.claims` — and its predicted peel strength at the claim's 15 µm conductor is at
least 5 N/cm (seed 002 claims 14–15; the check ``002-14``). A check the case cannot decide (a claim
about a dry-plated conductor on a foil laminate) neither passes nor fails the recipe; the report
names it. The margins are the checks' own, signed, positive when met.

The most sensitive parameter of a study is the one whose main effect on the deciding response (the
peel strength where an adhesion model ran) is largest: on a grid, the spread of the response's mean
over each parameter's levels; elsewhere, the change across the parameter's range of a linear fit
in all parameters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..claims import ADHESION_MIN
from ..results import ClaimCheck, RunSummary

__all__ = [
    "PEEL_CHECK",
    "CaseVerdict",
    "Effect",
    "bound_text",
    "case_verdict",
    "check_cells",
    "describe_failures",
    "main_effects",
    "margin_text",
    "relative_margin",
    "value_text",
]

#: The check of the adhesion claim: peel ≥ 5 N/cm at 15 µm total conductor thickness
PEEL_CHECK = "002-14"
PEEL_LIMIT_N_PER_M = ADHESION_MIN * 100.0


@dataclass(frozen=True)
class CaseVerdict:
    """The verdict on one recipe.

    Attributes:
        passes: Every decided check passes and the peel reaches 5 N/cm at 15 µm; None without a result.
        failed: The checks that fail, worst margin first.
        undecided: The checks the case cannot decide.
        peel_N_per_m: Predicted peel strength at the claim's conductor thickness (N/m), None without
            an adhesion model.
        closest: The decided check with the smallest margin relative to its bound (the one to watch).
        checks: Every check, as the run wrote it.
    """

    passes: bool | None
    failed: tuple[ClaimCheck, ...]
    undecided: tuple[ClaimCheck, ...]
    peel_N_per_m: float | None
    closest: ClaimCheck | None
    checks: tuple[ClaimCheck, ...]

    @property
    def word(self) -> str:
        return "no result" if self.passes is None else "pass" if self.passes else "fail"


def relative_margin(c: ClaimCheck) -> float:
    """A margin comparable across checks: over the bound's size (decades are already relative)."""
    if c.margin is None:
        return float("inf")
    if c.margin_unit == "decades":
        return c.margin
    if c.threshold is None:
        return c.margin
    bound = c.threshold if isinstance(c.threshold, (int, float)) else max(abs(b) for b in c.threshold)
    return c.margin / abs(bound) if bound else c.margin


def case_verdict(summary: RunSummary | None) -> CaseVerdict:
    """The verdict on a run from its summary (None: the run has no result)."""
    if summary is None:
        return CaseVerdict(None, (), (), None, None, ())
    checks = tuple(summary.claims)
    decided = [c for c in checks if c.passes is not None]
    failed = tuple(sorted((c for c in decided if not c.passes), key=relative_margin))
    undecided = tuple(c for c in checks if c.passes is None)
    peel = summary.adhesion.claim_peel_strength_N_per_m if summary.adhesion is not None else None
    peel_ok = peel is not None and peel >= PEEL_LIMIT_N_PER_M * (1 - 1e-9)
    has_peel_check = any(c.id == PEEL_CHECK and c.passes is not None for c in checks)
    passes = not failed and (peel_ok or has_peel_check)
    closest = min(decided, key=relative_margin) if decided else None
    return CaseVerdict(passes, failed, undecided, peel, closest, checks)


@dataclass(frozen=True)
class Effect:
    """The main effect of one parameter on a response.

    Attributes:
        key: The parameter.
        change: The response's change across the parameter's range (response units; signed:
            positive when the response grows with the parameter).
        method: ``levels`` (mean over the other parameters at each level) or ``linear fit``.
    """

    key: str
    change: float
    method: str


def main_effects(params: Mapping[str, np.ndarray], response: np.ndarray) -> list[Effect]:
    """Each parameter's main effect on ``response``, largest first (cases without a value are left out).

    Args:
        params: Parameter values per case (numbers, any unit), by key.
        response: The response per case (NaN where a case has none).
    """
    ok = np.isfinite(response)
    for v in params.values():
        ok &= np.isfinite(v)
    if ok.sum() < 2 or not params:
        return []
    y = response[ok]
    cols = {k: v[ok] for k, v in params.items() if np.ptp(v[ok]) > 0}
    if not cols:
        return []
    levels = {k: np.unique(v) for k, v in cols.items()}
    grid = int(np.prod([lv.size for lv in levels.values()])) == y.size and all(lv.size <= 12 for lv in levels.values())
    effects = []
    if grid:
        for k, v in cols.items():
            means = np.array([y[v == lv].mean() for lv in levels[k]])
            effects.append(Effect(k, _spread(means), "levels"))
    else:
        X = np.column_stack([np.ones(y.size), *[(v - v.mean()) / np.ptp(v) for v in cols.values()]])
        coef, *_ = np.linalg.lstsq(X, y, rcond=None)
        effects = [Effect(k, float(c), "linear fit") for k, c in zip(cols, coef[1:], strict=True)]
    return sorted(effects, key=lambda e: -abs(e.change))


def _spread(means: np.ndarray) -> float:
    """The spread of level means, signed by the trend from the lowest to the highest level."""
    spread = float(np.max(means) - np.min(means))
    return spread if means[-1] >= means[0] else -spread


def describe_failures(verdict: CaseVerdict, limit: int = 3) -> str:
    """The failed checks in words: ``002-7 heating temperature ≥ Tg + 30 °C (270 °C, bound 280 °C)``."""
    parts = []
    for c in verdict.failed[:limit]:
        parts.append(f"{c.id} {c.element} ({value_text(c)})")
    more = len(verdict.failed) - limit
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def bound_text(c: ClaimCheck) -> str:
    """``280 °C`` or ``150–250 °C``: a check's bound in its unit; ``no bound`` where the model gives none."""
    if c.threshold is None:
        return "no bound"
    if isinstance(c.threshold, (int, float)):
        return f"{c.threshold:.4g} {c.unit}"
    return "–".join(f"{b:.4g}" for b in c.threshold) + f" {c.unit}"


def value_text(c: ClaimCheck) -> str:
    """``270 °C against 280 °C``: a check's value and bound in its unit."""
    value = "no value" if c.value is None else f"{c.value:.4g} {c.unit}"
    return f"{value} against {bound_text(c)}"


def margin_text(c: ClaimCheck) -> str:
    """``+20 K`` / ``−0.5 MPa`` / ``–`` for a check's margin."""
    if c.margin is None:
        return "–"
    return f"{c.margin:+.3g} {c.margin_unit}".replace("-", "−")


def check_cells(checks: Sequence[ClaimCheck]) -> dict[str, str]:
    """A table cell per check id: ``pass +20 K``, ``fail −10 K``, ``undecided``."""
    return {c.id: c.verdict if c.margin is None else f"{c.verdict} {margin_text(c)}" for c in checks}
