"""The pressure in a nip: a record for p(x) and a numerical plane-strain line-contact solver.

The numerical solver is a boundary-element (influence-coefficient) solution of the frictionless
contact of two cylinders whose surfaces have the compliances of :mod:`thermobond.roll.compliance`
(Johnson 1985, Contact Mechanics, ch. 2 and 5): piecewise-constant
pressure panels, collocation at the panel centres, and the classical active-set iteration on the
contact set.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.linalg

from ..errors import ThermobondError
from .compliance import Compliance

__all__ = ["NipContact", "solve_line_contact"]

_MAX_ACTIVE_SET_ITERATIONS = 200
_MAX_DOMAIN_ROUNDS = 12
# The contact must fill this band of the computational window [−X, X] for the solution to be kept:
# room for the separation outside, and enough panels (≥ panels·0.4/2·2) across the contact.
_FILL_MIN, _FILL_MAX, _FILL_TARGET = 0.45, 0.85, 0.65


@dataclass(frozen=True)
class NipContact:
    """Contact pressure across a nip, p(x) for |x| ≤ a, zero outside; x along the web (m).

    Attributes:
        half_width: a (m); the nip width is 2a.
        peak_pressure: max p (Pa).
        line_load: w = ∫ p dx (N/m).
        positions: x (m), increasing from −a to a.
        pressures: p at ``positions`` (Pa); p(x) is linear between them.
        method: ``hertz``, ``winkler``, ``incompressible-layer`` (closed forms) or ``numerical``.
    """

    half_width: float
    peak_pressure: float
    line_load: float
    positions: np.ndarray
    pressures: np.ndarray
    method: str

    def __post_init__(self) -> None:
        if not (self.half_width > 0 and self.peak_pressure > 0 and self.line_load > 0):
            raise ValueError(
                f"NipContact: half_width={self.half_width!r} m, peak_pressure={self.peak_pressure!r} Pa and "
                f"line_load={self.line_load!r} N/m must all be > 0"
            )
        if self.positions.shape != self.pressures.shape or np.any(np.diff(self.positions) <= 0):
            raise ValueError("NipContact: positions must increase strictly and match pressures in length")

    @property
    def width(self) -> float:
        """2a (m)."""
        return 2.0 * self.half_width

    def pressure(self, x: float | np.ndarray) -> np.ndarray:
        """p(x) (Pa) at positions x (m) from the nip centre; zero outside the contact."""
        return np.interp(x, self.positions, self.pressures, left=0.0, right=0.0)

    def dwell(self, speed: float) -> float:
        """Time a point of the web spends in the nip, 2a/v (s), at web speed v (m/s)."""
        return self.width / speed

    def pressure_at_time(self, t: float | np.ndarray, speed: float) -> np.ndarray:
        """p(t) = p(x = −a + v t) (Pa), t (s) counted from nip entry, at web speed v (m/s)."""
        return self.pressure(np.asarray(t, dtype=float) * speed - self.half_width)

    def mean_pressure(self) -> float:
        """w/(2a) (Pa)."""
        return self.line_load / self.width


def _solve_panels(
    kernel: np.ndarray, x: np.ndarray, spacing: float, radius: float, load: float, guess: float
) -> np.ndarray | None:
    """Pressures on every panel (Pa) by the active-set method (zero off the contact set).

    Returns None as soon as the contact set reaches an end of the window (the window is too small).
    """
    K = scipy.linalg.toeplitz(kernel)
    gap = x * x / (2.0 * radius)
    active = np.abs(x) <= max(guess, 1.5 * spacing)
    tolerance = 1e-10 * float(gap.max())
    for _ in range(_MAX_ACTIVE_SET_ITERATIONS):
        idx = np.flatnonzero(active)
        n = idx.size
        A = np.empty((n + 1, n + 1))
        A[:n, :n] = K[np.ix_(idx, idx)]
        A[:n, n] = -1.0
        A[n, :n] = spacing
        A[n, n] = 0.0
        rhs = np.concatenate([-gap[idx], [load]])
        sol = np.linalg.solve(A, rhs)
        p_active, approach = sol[:n], sol[n]
        if np.any(p_active < 0.0):
            active[idx[p_active < 0.0]] = False
            continue
        p = np.zeros_like(x)
        p[idx] = p_active
        separation = gap - approach + K[:, idx] @ p_active
        penetrating = (~active) & (separation < -tolerance)
        if not np.any(penetrating):
            return p
        active |= penetrating
        if active[0] or active[-1]:
            return None
    raise ThermobondError(
        f"line contact: the active set did not settle in {_MAX_ACTIVE_SET_ITERATIONS} iterations "
        f"(load {load:g} N/m, radius {radius:g} m)"
    )


def solve_line_contact(
    compliances: Sequence[Compliance],
    reduced_radius: float,
    line_load: float,
    *,
    initial_half_width: float,
    panels: int = 800,
) -> NipContact:
    """Frictionless plane-strain contact of two cylinders with the given surface compliances.

    The gap before deformation is x²/(2R*), 1/R* = 1/R₁ + 1/R₂. The panels' pressures p_j ≥ 0 and the
    rigid approach δ satisfy Σ_j K_ij p_j = δ − x_i²/(2R*) on the contact set, a separation ≥ 0 off it,
    and Σ_j p_j Δ = w. The computational window [−X, X] is widened or narrowed until the contact fills
    45–85 % of it, so the contact spans at least ~0.45·``panels`` panels; the half-width is known to
    ± Δ/2 (Δ = 2X/panels), i.e. to ≤ 0.3 % with the default 800 panels.

    Args:
        compliances: The surface compliances in series (both rolls, a web as a thin foundation …).
        reduced_radius: R* (m).
        line_load: w (N/m).
        initial_half_width: A guess of a (m) to size the first window.
        panels: Number of pressure panels across the window.

    Returns:
        The contact (method ``numerical``).
    """
    if not compliances:
        raise ValueError("solve_line_contact: no compliance given; accepted: at least one surface")
    for name, value in (("reduced_radius", reduced_radius), ("line_load", line_load)):
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"solve_line_contact: {name} = {value!r}; accepted: a finite value > 0")
    if not (math.isfinite(initial_half_width) and initial_half_width > 0):
        raise ValueError(f"solve_line_contact: initial_half_width = {initial_half_width!r} m; accepted: > 0")
    if panels < 50:
        raise ValueError(f"solve_line_contact: panels = {panels!r}; accepted: ≥ 50")
    window = initial_half_width / _FILL_TARGET
    for _ in range(_MAX_DOMAIN_ROUNDS):
        spacing = 2.0 * window / panels
        x = (np.arange(panels) - 0.5 * (panels - 1)) * spacing
        kernel = sum((c.kernel(panels, spacing) for c in compliances), np.zeros(panels))
        p = _solve_panels(kernel, x, spacing, reduced_radius, line_load, _FILL_TARGET * window)
        if p is None:
            window *= 2.0
            continue
        idx = np.flatnonzero(p > 0.0)
        half_width = 0.5 * (x[idx[-1]] - x[idx[0]] + spacing)
        fill = half_width / window
        if _FILL_MIN <= fill <= _FILL_MAX and idx[0] > 0 and idx[-1] < panels - 1:
            inner = slice(idx[0], idx[-1] + 1)
            edges = [x[idx[0]] - 0.5 * spacing], [x[idx[-1]] + 0.5 * spacing]
            positions = np.concatenate([edges[0], x[inner], edges[1]])
            pressures = np.concatenate([[0.0], p[inner], [0.0]])
            return NipContact(half_width, float(p.max()), line_load, positions, pressures, "numerical")
        window = half_width / _FILL_TARGET if fill < _FILL_MAX else 2.0 * window
    raise ThermobondError(
        f"line contact: no computational window held the contact after {_MAX_DOMAIN_ROUNDS} rounds "
        f"(load {line_load:g} N/m, radius {reduced_radius:g} m)"
    )
