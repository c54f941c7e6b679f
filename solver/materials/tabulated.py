"""Piecewise-linear functions of temperature (property tables)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .mathns import NUMPY

__all__ = ["PiecewiseLinear"]


@dataclass(frozen=True)
class PiecewiseLinear:
    """A continuous piecewise-linear function y(x), constant beyond the first and last points.

    Written as a sum of ramps, y(x) = y0 + Σ_k Δs_k · max(x − x_k, 0), so it evaluates with the
    same code in NumPy and UFL (no nested conditionals).

    Args:
        x: Breakpoints, strictly increasing.
        y: Values at the breakpoints.
    """

    x: tuple[float, ...]
    y: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.x) != len(self.y) or len(self.x) == 0:
            raise ValueError("x and y must have the same, non-zero length")
        if any(b <= a for a, b in zip(self.x, self.x[1:], strict=False)):
            raise ValueError("x must be strictly increasing")

    @classmethod
    def constant(cls, value: float) -> PiecewiseLinear:
        return cls((0.0,), (float(value),))

    @property
    def is_constant(self) -> bool:
        return len(set(self.y)) == 1

    def _ramps(self) -> tuple[float, list[tuple[float, float]]]:
        x, y = np.asarray(self.x), np.asarray(self.y)
        if len(x) == 1:
            return float(y[0]), []
        slopes = np.diff(y) / np.diff(x)
        ds = np.diff(np.concatenate([[0.0], slopes, [0.0]]))
        return float(y[0]), [(float(xk), float(d)) for xk, d in zip(x, ds, strict=True) if d != 0.0]

    def __call__(self, t: Any, xp: Any = NUMPY) -> Any:
        """Evaluate at ``t`` (array or UFL expression, with the matching namespace ``xp``)."""
        y0, ramps = self._ramps()
        out = y0 + 0.0 * t
        for xk, d in ramps:
            out = out + d * xp.maximum(t - xk, 0.0)
        return out
