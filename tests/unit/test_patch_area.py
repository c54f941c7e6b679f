"""The contact-area measure of the 3-D patch (``thermobond.simulation.patcharea``) on analytic fields.

Hertz's pressure p = p0 √(1 − r²/a²) (Johnson, Contact Mechanics, 1985, §4.2) sampled at the nodes of
a grid: the area the measure finds is that of the disk (or the ellipse, for the elliptical Hertz
pressure p0 √(1 − x²/a² − y²/b²)), π a b, whatever the disk's position on the grid.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from thermobond.simulation.patcharea import contact_area, scattered_contact_area

PERIOD = 1.0


def _graded(n: int, c: float) -> np.ndarray:
    """n nodes in [0, 1), clustered as the patch mesh clusters them (c = 0: uniform)."""
    xi = np.arange(n) / n
    return xi - c / (4 * np.pi) * np.sin(4 * np.pi * xi)


def _hertz(x, y, centre, a, b):
    """Nodal pressure and penetration of an elliptical Hertz contact centred at ``centre`` (periodic)."""
    X, Y = np.meshgrid(x, y)
    dx = (X - centre[0] + PERIOD / 2) % PERIOD - PERIOD / 2
    dy = (Y - centre[1] + PERIOD / 2) % PERIOD - PERIOD / 2
    f = 1 - (dx / a) ** 2 - (dy / b) ** 2
    return np.sqrt(np.maximum(f, 0.0)), f


@pytest.mark.parametrize(("radius_elements", "tolerance"), [(3.0, 0.01), (4.0, 0.01), (6.0, 0.01)])
@pytest.mark.parametrize("clustering", [0.0, 0.5])
def test_a_hertz_disk_has_its_area(radius_elements, tolerance, clustering):
    """A disk of radius 4 or 6 elements anywhere on a uniform 16 × 16 grid, or about the refined spots
    of a grid clustered as the patch's mesh is (x, y ≈ 0 and half the period): the area is π a² within
    1 %, from a radius of 3 elements on (the area of the nodes in contact misses it by ~ 20 %)."""
    rng = np.random.default_rng(7)
    x = _graded(16, clustering)
    for k in range(10):
        if clustering == 0.0:
            centre = rng.uniform(0, PERIOD, 2)
        else:
            centre = (k % 2) * PERIOD / 2 + rng.uniform(-0.02, 0.02, 2) * PERIOD
        a = radius_elements * PERIOD / 16 * (1 - clustering)
        p, f = _hertz(x, x, centre, a, a)
        area = contact_area(x, x, p, 1e-3 * f, PERIOD, PERIOD)
        assert area == pytest.approx(math.pi * a**2, rel=tolerance)


def test_an_ellipse_across_the_periodic_seam_has_its_area():
    """An elliptical Hertz contact centred on the cell's corner (split over the four corners by the
    periodicity), semi-axes 5 and 3 elements: π a b within 1 %."""
    x = np.arange(24) / 24
    a, b = 5 / 24, 3 / 24
    p, f = _hertz(x, x, (0.0, 0.0), a, b)
    assert contact_area(x, x, p, 1e-3 * f, PERIOD, PERIOD) == pytest.approx(math.pi * a * b, rel=0.01)


def test_full_and_no_contact():
    """All nodes in contact: the whole cell; none: nothing."""
    x = _graded(8, 0.3)
    ones = np.ones((8, 8))
    assert contact_area(x, x, ones, ones, PERIOD, PERIOD) == pytest.approx(PERIOD**2, rel=1e-14)
    assert contact_area(x, x, 0 * ones, -ones, PERIOD, PERIOD) == 0.0


def test_scattered_nodes_with_their_periodic_images_give_the_grid_area():
    """The nodes shuffled, with the images on x = λ and y = λ added (as the mesh holds them): the same
    area as the grid."""
    x = _graded(12, 0.4)
    p, f = _hertz(x, x, (0.3, 0.6), 0.2, 0.2)
    X, Y = np.meshgrid(np.append(x, PERIOD), np.append(x, PERIOD))
    P, F = np.pad(p, ((0, 1), (0, 1)), mode="wrap"), np.pad(f, ((0, 1), (0, 1)), mode="wrap")
    order = np.random.default_rng(3).permutation(X.size)
    got = scattered_contact_area(X.ravel()[order], Y.ravel()[order], P.ravel()[order], F.ravel()[order], PERIOD, PERIOD)
    assert got == pytest.approx(contact_area(x, x, p, f, PERIOD, PERIOD), rel=1e-14)


def test_bad_grids_are_refused():
    x = np.arange(4) / 4
    with pytest.raises(ValueError, match="shape"):
        contact_area(x, x, np.ones((3, 4)), np.ones((4, 4)), PERIOD, PERIOD)
    with pytest.raises(ValueError, match="increase"):
        contact_area(x[::-1], x, np.ones((4, 4)), np.ones((4, 4)), PERIOD, PERIOD)
    with pytest.raises(ValueError, match="grid"):
        scattered_contact_area(np.array([0.0, 0.5, 0.5]), np.array([0.0, 0.0, 0.5]), np.ones(3), np.ones(3), 1, 1)


def test_a_contact_carried_by_a_lateral_motion_is_measured_where_it_is_now():
    """Nodes moved by u = (a x', b y') (x', y' from the disk's centre): the disk becomes an ellipse of
    area π r² (1 + a)(1 + b) exactly where the motion is linear, and a rigid slide leaves it π r²;
    through the scattered-node entry point alike."""
    n = 48
    x = np.arange(n) / n
    X, Y = np.meshgrid(x, x)
    r = 0.25
    p, d = _hertz(x, x, (0.5, 0.5), r, r)
    a, b = 0.1, -0.05
    stretch = (a * (X - 0.5), b * (Y - 0.5))
    assert contact_area(x, x, p, d, PERIOD, PERIOD, stretch) == pytest.approx(
        math.pi * r * r * (1 + a) * (1 + b), rel=0.01
    )
    slide = (np.full_like(X, 0.013), np.full_like(X, -0.007))
    assert contact_area(x, x, p, d, PERIOD, PERIOD, slide) == pytest.approx(contact_area(x, x, p, d, PERIOD, PERIOD))
    flat = (X.ravel(), Y.ravel(), p.ravel(), d.ravel())
    moved = (stretch[0].ravel(), stretch[1].ravel())
    assert scattered_contact_area(*flat, PERIOD, PERIOD, moved) == pytest.approx(
        contact_area(x, x, p, d, PERIOD, PERIOD, stretch), rel=1e-12
    )
