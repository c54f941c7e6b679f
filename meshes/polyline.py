"""A rigid metal surface z = f(x) that is a polyline through traced points (an imported cell).

Where :class:`~thermobond.meshes.surface.CosineProfile` is a smooth series, a polyline passes
exactly through the nodes of a mesh's metal line, so a TPI meshed onto it starts with zero gap at
every node. It has the same interface (``__call__``, ``slope`` in NumPy and in UFL, ``sample``,
``peak``, ``valley``, ``roughness``), so the contact law takes either.

In UFL it is written with hinge functions, z(x) = z_0 + s_0 (x − x_0) + Σ_i (s_i − s_{i−1})
max(x − x_i, 0), one term per kink; beyond the ends it continues along the end segments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from .surface import _balanced_sum

__all__ = ["LinearProfile"]


@dataclass(frozen=True)
class LinearProfile:
    """z(x) through the points (x_i, z_i) on [0, L] (m).

    Attributes:
        x: Abscissae, strictly increasing, x_0 = 0 and x_n = L (m).
        z: Heights (m).
        kind: What it was made from (for reports).
    """

    x: tuple[float, ...]
    z: tuple[float, ...]
    kind: str = "mesh"
    #: an imported cell's sides are vertical symmetry planes (the importer checks them)
    sides: ClassVar[str] = "symmetric"

    def __post_init__(self) -> None:
        x = np.asarray(self.x)
        if x.size < 2 or x.size != len(self.z) or np.any(np.diff(x) <= 0):
            raise ValueError("a polyline profile needs two or more points with strictly increasing x")
        if x[0] != 0.0:
            raise ValueError(f"a polyline profile starts at x = 0, not {x[0]!r} m")

    @property
    def length(self) -> float:
        """Cell length L (m)."""
        return float(self.x[-1])

    def _slopes(self) -> np.ndarray:
        return np.diff(self.z) / np.diff(self.x)

    def __call__(self, x: Any, xp: Any = None) -> Any:
        """z at x (NumPy array, or a UFL expression with ``xp`` = the UFL namespace)."""
        xs, zs, s = np.asarray(self.x), np.asarray(self.z), self._slopes()
        if xp is None:
            x = np.asarray(x, dtype=float)
            i = np.clip(np.searchsorted(xs, x, side="right") - 1, 0, s.size - 1)
            return zs[i] + s[i] * (x - xs[i])
        kinks = [(xi, ds) for xi, ds in zip(xs[1:-1], np.diff(s), strict=True) if ds != 0.0]
        terms = [float(ds) * xp.maximum(x - float(xi), 0.0) for xi, ds in kinks]
        return float(zs[0]) + float(s[0]) * (x - float(xs[0])) + _balanced_sum(terms, 0.0 * x)

    def slope(self, x: Any, xp: Any = None) -> Any:
        """dz/dx (on a node, the slope of the segment to its right)."""
        xs, s = np.asarray(self.x), self._slopes()
        if xp is None:
            x = np.asarray(x, dtype=float)
            return s[np.clip(np.searchsorted(xs, x, side="right") - 1, 0, s.size - 1)]
        kinks = [(xi, ds) for xi, ds in zip(xs[1:-1], np.diff(s), strict=True) if ds != 0.0]
        terms = [xp.where(xp.less(float(xi), x), float(ds), 0.0) for xi, ds in kinks]
        return float(s[0]) + _balanced_sum(terms, 0.0 * x)

    def sample(self, n: int = 2001) -> tuple[np.ndarray, np.ndarray]:
        x = np.union1d(np.linspace(0.0, self.length, n), np.asarray(self.x))
        return x, self(x)

    @property
    def peak(self) -> float:
        return float(max(self.z))

    @property
    def valley(self) -> float:
        return float(min(self.z))

    def arc_length(self, x: np.ndarray) -> np.ndarray:
        """Length along the surface from x = 0 to x (m), exact for a polyline; beyond [0, L] one more
        cell length per cell (as :meth:`CosineProfile.arc_length <thermobond.meshes.surface.CosineProfile>`)."""
        xs, zs = np.asarray(self.x), np.asarray(self.z)
        cum = np.concatenate([[0.0], np.cumsum(np.hypot(np.diff(xs), np.diff(zs)))])
        x = np.asarray(x, dtype=float)
        turns = np.floor(x / self.length)
        return turns * cum[-1] + np.interp(x - turns * self.length, xs, cum)

    def roughness(self) -> dict[str, float]:
        """Ra, Rq, Rz (peak-to-valley over the cell), and the true/projected length ratio (exact
        for a polyline)."""
        xs, zs = np.asarray(self.x), np.asarray(self.z)
        x, z = self.sample(8001)
        zc = z - np.trapezoid(z, x) / self.length
        return {
            "Ra_m": float(np.trapezoid(np.abs(zc), x) / self.length),
            "Rq_m": float(np.sqrt(np.trapezoid(zc**2, x) / self.length)),
            "Rz_m": float(zs.max() - zs.min()),
            "length_ratio": float(np.sum(np.hypot(np.diff(xs), np.diff(zs))) / self.length),
        }
