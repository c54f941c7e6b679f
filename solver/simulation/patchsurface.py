"""The rigid areal surface a 3-D interface patch is pressed on (:mod:`thermobond.simulation.patch`).

Any object with the periods and the height and gradient of :class:`ArealSurface` will do (the measured
and synthetic surfaces of ``thermobond.meshes.areal``); :class:`Bisinusoid` is the surface of the
classic elastic solution the patch is verified against. A surface that also gives its height as a UFL
expression (``ufl_height(x, y)``, as :class:`Bisinusoid` does) lets the TPI patch take the penetration
at the current position of each node (:mod:`thermobond.simulation.tpipatch`); otherwise it is
linearised about the node's reference position.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import ufl

__all__ = ["ArealSurface", "Bisinusoid", "slopes"]


class ArealSurface(Protocol):
    """A rigid surface z = h(x, y), periodic with the periods given (all lengths in m)."""

    @property
    def period_x_m(self) -> float: ...

    @property
    def period_y_m(self) -> float: ...

    def height(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """h (m) at the points (x, y) (m)."""
        ...

    def gradient(self, x: np.ndarray, y: np.ndarray) -> Any:
        """(∂h/∂x, ∂h/∂y) at the points, as a pair of arrays or an array of shape (2, n) or (n, 2)."""
        ...


@dataclass(frozen=True)
class Bisinusoid:
    """h = Δ cos(2πx/λ) cos(2πy/λ), the surface of Johnson, Greenwood & Higginson (1985), Int. J. Mech.
    Sci. 27, 383 (two peaks per period cell, at (0, 0) and (λ/2, λ/2)).

    Attributes:
        amplitude_m: Δ (m).
        wavelength_m: λ (m), the period in x and y.
    """

    amplitude_m: float
    wavelength_m: float

    def __post_init__(self) -> None:
        if not (self.amplitude_m > 0 and self.wavelength_m > 0):
            raise ValueError(f"bisinusoid amplitude and wavelength must be > 0 m, got {self}")

    @property
    def period_x_m(self) -> float:
        return self.wavelength_m

    @property
    def period_y_m(self) -> float:
        return self.wavelength_m

    def height(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        q = 2 * np.pi / self.wavelength_m
        return self.amplitude_m * np.cos(q * np.asarray(x)) * np.cos(q * np.asarray(y))

    def ufl_height(self, x: Any, y: Any) -> Any:
        """h at a UFL position (the TPI patch then takes the penetration at the current position)."""
        q = 2 * np.pi / self.wavelength_m
        return self.amplitude_m * ufl.cos(q * x) * ufl.cos(q * y)

    def gradient(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        q = 2 * np.pi / self.wavelength_m
        cx, cy = np.cos(q * np.asarray(x)), np.cos(q * np.asarray(y))
        sx, sy = np.sin(q * np.asarray(x)), np.sin(q * np.asarray(y))
        return np.stack([-q * self.amplitude_m * sx * cy, -q * self.amplitude_m * cx * sy])


def slopes(surface: ArealSurface, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(∂h/∂x, ∂h/∂y) of ``surface`` at the points, whatever layout its ``gradient`` returns them in."""
    g = np.asarray(surface.gradient(x, y), dtype=float)
    if g.shape == (2, x.size):
        return g[0], g[1]
    if g.shape == (x.size, 2):
        return g[:, 0], g[:, 1]
    raise ValueError(f"surface gradient has shape {g.shape}, expected (2, {x.size}) or ({x.size}, 2)")
