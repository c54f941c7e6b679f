"""The input space of a study's uncertainty analysis: named axes with SI ranges and a scale.

Every uncertainty module (:mod:`.sensitivity`, :mod:`.surrogate`, :mod:`.adaptive`,
:mod:`.uncertainty`) works on points of a study's parameter space, written as an ``(n, d)`` array in
SI units with one column per :class:`Axis`. The unit cube ``[0, 1]^d`` is the same space with each
axis mapped linearly (``scale = "linear"``) or logarithmically (``"log"``) onto ``[0, 1]`` — the
coordinate :meth:`thermobond.study.spec.Parameter.at` takes, so a design made on the unit cube becomes
study cases by ``parameter.at(u)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import InputError
from ..units import convention_value, unit_suffix

if TYPE_CHECKING:
    from .spec import Parameter

__all__ = [
    "Axis",
    "axes_from_parameters",
    "axis_index",
    "from_unit",
    "grid",
    "parameter_value",
    "table_columns",
    "to_unit",
]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Axis:
    """One input of the analysis: a study parameter's range in SI units.

    Attributes:
        name: The parameter's dotted key (``cycle.heat.temperature``) or any unique name.
        low: Lower end of the range (SI unit of the parameter, e.g. K or Pa).
        high: Upper end, ``> low``.
        scale: ``linear`` or ``log`` (then ``low > 0``): how the range maps onto ``[0, 1]``.
        label: Axis label for reports (defaults to the name).
    """

    name: str
    low: float
    high: float
    scale: Literal["linear", "log"] = "linear"
    label: str = ""

    def __post_init__(self) -> None:
        if not (math.isfinite(self.low) and math.isfinite(self.high) and self.high > self.low):
            raise InputError("an axis range must be finite and increasing", key=self.name, value=(self.low, self.high))
        if self.scale not in ("linear", "log"):
            raise InputError("unknown axis scale", key=self.name, value=self.scale, accepted="'linear' or 'log'")
        if self.scale == "log" and self.low <= 0.0:
            raise InputError("a log-scale axis must be positive", key=self.name, value=self.low)

    def to_unit(self, x: ArrayLike) -> FloatArray:
        """Coordinate in ``[0, 1]`` of values ``x`` (SI; outside the range gives < 0 or > 1)."""
        v = np.asarray(x, dtype=float)
        if self.scale == "log":
            return np.asarray((np.log(v) - math.log(self.low)) / (math.log(self.high) - math.log(self.low)))
        return np.asarray((v - self.low) / (self.high - self.low))

    def from_unit(self, u: ArrayLike) -> FloatArray:
        """Values (SI) at unit coordinates ``u``."""
        w = np.asarray(u, dtype=float)
        if self.scale == "log":
            return np.asarray(np.exp(math.log(self.low) + w * (math.log(self.high) - math.log(self.low))))
        return np.asarray(self.low + w * (self.high - self.low))


def _matrix(x: ArrayLike, d: int, what: str) -> FloatArray:
    a = np.asarray(x, dtype=float)
    if a.ndim == 1 and d == 1:
        a = a[:, None]
    if a.ndim != 2 or a.shape[1] != d:
        raise InputError(f"{what} must be an (n, {d}) array, one column per axis", value=a.shape)
    return a


def to_unit(x: ArrayLike, axes: Sequence[Axis]) -> FloatArray:
    """Unit-cube coordinates of the points ``x`` ((n, d), SI, columns in the order of ``axes``)."""
    a = _matrix(x, len(axes), "points")
    return np.column_stack([ax.to_unit(a[:, j]) for j, ax in enumerate(axes)]) if len(a) else a.copy()


def from_unit(u: ArrayLike, axes: Sequence[Axis]) -> FloatArray:
    """Points in SI of unit-cube coordinates ``u`` ((n, d))."""
    a = _matrix(u, len(axes), "unit-cube points")
    return np.column_stack([ax.from_unit(a[:, j]) for j, ax in enumerate(axes)]) if len(a) else a.copy()


def axis_index(axes: Sequence[Axis], name: str) -> int:
    """Position of the axis called ``name``.

    Raises:
        InputError: No axis of that name (the message lists the names).
    """
    for j, ax in enumerate(axes):
        if ax.name == name:
            return j
    raise InputError("not an axis of the analysis", value=name, accepted=", ".join(a.name for a in axes))


def grid(d: int, per_axis: int, *, centred: bool = False) -> FloatArray:
    """A regular grid of ``per_axis**d`` points in the unit cube, first axis fastest.

    Args:
        d: Number of axes.
        per_axis: Points per axis (≥ 2).
        centred: False: ends included (``i/(n−1)``, a study's grid); True: cell centres
            (``(i + ½)/n``), which never fall on round-number limits such as "p ≥ 1 MPa" and
            integrate by the midpoint rule.
    """
    if d < 1 or per_axis < 2:
        raise InputError("a grid needs d ≥ 1 axes and ≥ 2 points per axis", value=(d, per_axis))
    ticks = (np.arange(per_axis) + 0.5) / per_axis if centred else np.linspace(0.0, 1.0, per_axis)
    mesh = np.meshgrid(*([ticks] * d), indexing="ij")
    # first axis fastest: in 2-D, values.reshape(per_axis, per_axis) has rows of constant y (a map)
    return np.column_stack([m.ravel(order="F") for m in mesh])


def parameter_value(value: Any, kind: str | None) -> tuple[float | None, str | None]:
    """(number, unit) of a parameter value in the output convention (temperatures in °C, else SI):
    a quantity of the kind the case reads at that key, a plain number, or (None, None) (a path)."""
    if isinstance(value, bool):
        return float(value), ""
    if isinstance(value, (int, float)):
        return float(value), ""
    if kind is None:
        return None, None
    try:
        return convention_value(value, kind), unit_suffix(kind)
    except InputError:
        return None, None


def axes_from_parameters(parameters: Sequence[Parameter], kinds: Mapping[str, str | None]) -> tuple[Axis, ...]:
    """Axes of a study's range parameters (``low``/``high``/``scale``), in the output convention of
    the collected table (SI; temperatures in °C).

    Args:
        parameters: The study's parameters.
        kinds: The kind of quantity the case reads at each parameter's key (the manifest's
            ``kind``: ``temperature``, ``pressure``…).

    Raises:
        InputError: A parameter given by a list of ``values`` (a discrete choice has no range), or a
            range without a unit.
    """
    out = []
    for p in parameters:
        if p.values is not None or p.low is None or p.high is None:
            raise InputError(
                "an uncertainty analysis needs a range (low, high, scale), not a list of values", key=p.key
            )
        lo, u1 = parameter_value(p.low, kinds.get(p.key))
        hi, u2 = parameter_value(p.high, kinds.get(p.key))
        if lo is None or hi is None or u1 != u2:
            raise InputError("the range has no SI value", key=p.key, value=f"{p.low} … {p.high}")
        out.append(Axis(p.key, lo, hi, p.scale, p.label or p.key))
    return tuple(out)


def table_columns(rows: Sequence[Mapping[str, Any]], names: Sequence[str], *, done_only: bool = True) -> FloatArray:
    """Numeric columns of a collected study table as an ``(n, len(names))`` array.

    Args:
        rows: The table's rows (:attr:`thermobond.study.collect.StudyTable.rows`), in case order.
        names: Column names: a parameter in the output convention (``cycle.heat.temperature_degC``)
            or a response (``adhesion.claim_peel_strength_N_per_m``, ``claim.002-7.margin_K``).
        done_only: Give ``nan`` for every row whose ``status`` is not ``done`` (a failed, pending
            or stale case has no valid response).

    Returns:
        Values as floats; ``nan`` where a value is missing, empty or not a number.

    Raises:
        InputError: A column that no row has (the message lists the ones that exist).
    """
    known = {k for r in rows for k in r}
    absent = [n for n in names if n not in known]
    if absent:
        raise InputError("no such column in the study table", value=absent, accepted=", ".join(sorted(known)))
    out = np.full((len(rows), len(names)), np.nan)
    for i, r in enumerate(rows):
        if done_only and r.get("status", "done") != "done":
            continue
        for j, n in enumerate(names):
            v = r.get(n)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                out[i, j] = float(v)
            elif isinstance(v, str):
                try:
                    out[i, j] = float(v)
                except ValueError:
                    pass
    return out
