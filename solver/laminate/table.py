"""Where a curled sheet touches a flat table, and how high its edges stand.

The curled sheet is described by its principal curvatures κ1 ≥ κ2 (uniform over the sheet) and
drawn exactly, not by the parabola w = κ x²/2, so that the lift stays right for a sheet rolled
far past R ≫ L, a half turn and more. The surface is the torus patch

    X = sin(κ1 s1) ρ(s2),  Y = sin(κ2 s2)/κ2,  Z = 1/κ1 − cos(κ1 s1) ρ(s2),  ρ = 1/κ1 − (1 − cos κ2 s2)/κ2,

with (s1, s2) the material coordinates along the principal directions from the sheet's centre:
its line s2 = 0 is a circle of radius 1/κ1 and its line s1 = 0 a circle of radius 1/κ2, both of
unchanged length, and it is a sphere when κ1 = κ2. Off those lines the lengths change by
O(κ1 κ2 s²), the membrane strain that von Kármán theory carries. Lying concave side up, the sheet
rests on its lowest point (the centre: a circular arc of less than a full turn rests with its
symmetry plane vertical), so the lift of a point is its height Z − Z_min. A sheet rolled more than a
full turn (κ1 × extent > 2π) would overlap itself; the formula ignores that contact.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from .membrane import SheetShape

__all__ = ["TableLift", "table_lift"]

_EDGE_SAMPLES = 801
_GRID = 201


@dataclass(frozen=True)
class TableLift:
    """Heights of a curled sheet lying concave side up on a flat table.

    Attributes:
        edge_lift: Height of the edge where the major curvature ends (m): the middle of the two
            curled edges of a square rolled about an axis parallel to a side, the two corners of a
            square rolled about a diagonal, the ends of the major diameter of a round sheet. For a
            slight curl it is κ L²/8 (square, round), the figure of small-deflection theory.
        edge_lift_max: Height of the highest point of the sheet's edge (m); the corners of a
            spherical cap, the top of a roll wound past a half turn.
        edge_lift_min: Height of the lowest point of the edge (m): for a rolled square, the middle
            of the edges that run across the roll.
        height: Height of the highest point of the whole sheet (m); above ``edge_lift`` once the
            sheet is rolled past a half turn.
        roll_angle: Angle (rad) through which the major curvature turns the sheet from one side to
            the other, κ1 × extent; π is a half turn (a U), 2π a closed tube.
    """

    edge_lift: float
    edge_lift_max: float
    edge_lift_min: float
    height: float
    roll_angle: float

    @property
    def overlaps(self) -> bool:
        """True when the sheet is rolled more than a full turn (it would touch itself)."""
        return self.roll_angle > 2 * np.pi


def _sag(k: float, s: np.ndarray) -> np.ndarray:
    """(1 − cos k s)/k = (k s²/2) sinc²(k s/2π), finite as k → 0."""
    return 0.5 * k * s**2 * np.sinc(k * s / (2 * np.pi)) ** 2


def _height(k1: float, k2: float, s1: np.ndarray, s2: np.ndarray) -> np.ndarray:
    return _sag(k1, s1) + np.cos(k1 * s1) * _sag(k2, s2)


def _outline(shape: SheetShape, size: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x, y) of edge samples and of an interior grid (m), sheet centred at the origin."""
    half = size / 2
    t = np.linspace(-half, half, _EDGE_SAMPLES)
    g = np.linspace(-half, half, _GRID)
    gx, gy = (a.ravel() for a in np.meshgrid(g, g))
    if shape == "square":
        ex = np.concatenate([t, t, np.full_like(t, -half), np.full_like(t, half)])
        ey = np.concatenate([np.full_like(t, -half), np.full_like(t, half), t, t])
        return ex, ey, gx, gy
    phi = np.linspace(0.0, 2 * np.pi, 4 * _EDGE_SAMPLES, endpoint=False)
    inside = gx**2 + gy**2 <= half**2
    return half * np.cos(phi), half * np.sin(phi), gx[inside], gy[inside]


def table_lift(kappa_major: float, kappa_minor: float, shape: SheetShape, size: float, angle: float = 0.0) -> TableLift:
    """Lift of a sheet with uniform principal curvatures, lying concave side up.

    Args:
        kappa_major: Principal curvature of larger magnitude κ1 (1/m); its sign says which face is
            concave and does not change the lift (the sheet is turned concave side up).
        kappa_minor: The other principal curvature κ2 (1/m), with the same sign convention.
        shape: ``"square"`` (side ``size``) or ``"round"`` (diameter ``size``).
        size: Side or diameter L (m).
        angle: Angle (rad) between the direction of κ1 and the sheet's x side (square only):
            0 rolls the sheet about an axis parallel to a side, π/4 about a diagonal.

    Returns:
        The lifts; zero for a flat sheet.
    """
    if shape not in ("square", "round"):
        raise InputError("unknown sheet shape", key="shape", value=shape, accepted="square, round")
    if not size > 0.0:
        raise InputError("sheet size must be positive", key="size", value=size, accepted="> 0 m")
    if abs(kappa_minor) > abs(kappa_major):
        kappa_major, kappa_minor = kappa_minor, kappa_major
    flip = -1.0 if kappa_major < 0 else 1.0
    k1, k2 = flip * kappa_major, flip * kappa_minor
    ex, ey, gx, gy = _outline(shape, size)
    c, s = np.cos(angle), np.sin(angle)
    edge = _height(k1, k2, c * ex + s * ey, -s * ex + c * ey)
    inner = _height(k1, k2, c * gx + s * gy, -s * gx + c * gy)
    floor = min(float(edge.min()), float(inner.min()))
    s1 = c * ex + s * ey
    tip = size / 2 if shape == "round" else size / 2 / max(abs(c), abs(s))
    return TableLift(
        edge_lift=float(_sag(k1, np.array(tip))) - floor,
        edge_lift_max=float(edge.max()) - floor,
        edge_lift_min=float(edge.min()) - floor,
        height=max(float(edge.max()), float(inner.max())) - floor,
        roll_angle=k1 * float(s1.max() - s1.min()),
    )
