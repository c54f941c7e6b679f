"""Adaptive boundary search on an analytic process window with a known boundary."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.interpolate import RegularGridInterpolator
from thermobond.errors import InputError
from thermobond.study.adaptive import Criterion, adaptive_search, boundary_status, probability_met, propose_batch
from thermobond.study.space import Axis, from_unit, grid
from thermobond.study.surrogate import fit_surrogate

C0 = 273.15
T_LO, T_HI = 270.0 + C0, 360.0 + C0
AXES = (Axis("T", T_LO, T_HI), Axis("p", 0.5e6, 4e6, "log"))
WIDTH = 3.0  # K: the flow jump's width — peel rises from 10 % to 90 % of its step within ±6.6 K
SPEC = (Criterion("peel", 5.0), Criterion("claim", 0.0))
TOLERANCE_K = 1.0  # how well the boundary must be located, at every pressure


def _q(p):
    return np.log(p / 0.5e6) / np.log(8.0)


def window(x):
    """Peel (N/cm) jumping across T*(p) = 330 °C − 30 K q, and a claim margin falling with T and p.

    Exact window: peel ≥ 5 ⇔ T ≥ T*(p) + WIDTH ln 4.5 (the sigmoid's inverse); claim ≥ 0 ⇔
    T ≤ 270 °C + 80 K / (0.6 + 0.4 q) — the window is bounded on both sides above q ≈ 0.72.
    """
    q = _q(x[:, 1])
    peel = 0.5 + 5.5 / (1.0 + np.exp(-(x[:, 0] - (330.0 + C0 - 30.0 * q)) / WIDTH))
    claim = 1.0 - (x[:, 0] - T_LO) / 80.0 * (0.6 + 0.4 * q)
    return {"peel": peel, "claim": claim}


def exact_inside(x):
    q = _q(x[:, 1])
    t_low = 330.0 + C0 - 30.0 * q + WIDTH * math.log(4.5)
    t_high = T_LO + 80.0 / (0.6 + 0.4 * q)
    return (x[:, 0] >= t_low) & (x[:, 0] <= t_high)


LINES_Q = np.linspace(0.0, 1.0, 41)
LINE_T = np.linspace(T_LO, T_HI, 3601)  # 0.025 K apart


def boundary_error(inside) -> float:
    """Largest length (K) along a constant-pressure line misclassified by ``inside`` (41 pressures)."""
    worst = 0.0
    for q in LINES_Q:
        x = np.column_stack([LINE_T, np.full_like(LINE_T, 0.5e6 * 8.0**q)])
        wrong = np.count_nonzero(inside(x) != exact_inside(x))
        worst = max(worst, wrong * (LINE_T[1] - LINE_T[0]))
    return worst


def dense_grid_error(m: int) -> float:
    """Boundary error of an m × m grid whose responses are interpolated bilinearly (the usual map)."""
    u = np.linspace(0.0, 1.0, m)
    pts = from_unit(grid(2, m), AXES)
    vals = window(pts)
    interp = {k: RegularGridInterpolator((u, u), v.reshape(m, m)) for k, v in vals.items()}  # [i_p, i_T]

    def inside(x):
        uu = np.column_stack([np.log(x[:, 1] / 0.5e6) / np.log(8.0), (x[:, 0] - T_LO) / 90.0]).clip(0.0, 1.0)
        return (interp["peel"](uu) >= 5.0) & (interp["claim"](uu) >= 0.0)

    return boundary_error(inside)


def test_adaptive_search_locates_the_boundary_with_a_third_of_a_dense_grid():
    m_ref = next(m for m in range(4, 41) if dense_grid_error(m) <= TOLERANCE_K)
    budget = m_ref**2 // 3
    result = adaptive_search(
        window,
        grid(2, 4),  # the bundled window's 4 × 4 grid to start from
        AXES,
        SPEC,
        tolerance=0.5 / 90.0,  # boundary-location sd 0.5 K along T at the worst pressure
        budget=budget,
        batch=4,
        seed=0,
    )
    error = boundary_error(lambda x: probability_met(result.surrogates, SPEC, x)[1] >= 0.5)
    assert result.converged, [h.max_line_sd for h in result.history]
    assert len(result.x) <= budget, (len(result.x), m_ref)
    assert error <= TOLERANCE_K, error
    # the stop quantity went down with the cases, and the sd it claims is not over-confident
    assert result.history[-1].max_line_sd < 0.2 * result.history[0].max_line_sd
    assert error <= 3.0 * result.history[-1].max_line_sd * 90.0 + 0.1


def test_batches_are_spread_deterministic_and_new():
    x = from_unit(grid(2, 4), AXES)
    ys = window(x)
    a = propose_batch(x, ys, AXES, SPEC, batch=6, min_distance=0.05, seed=3)
    b = propose_batch(x, ys, AXES, SPEC, batch=6, min_distance=0.05, seed=3)
    np.testing.assert_array_equal(a.unit, b.unit)
    assert a.unit.shape == (6, 2)
    gaps = np.linalg.norm(a.unit[:, None] - a.unit[None], axis=2) + np.eye(6)
    assert gaps.min() >= 0.05
    assert np.linalg.norm(a.unit[:, None] - grid(2, 4)[None], axis=2).min() >= 0.05
    # proposals go where the verdict is uncertain, not anywhere
    _, p = probability_met(a.surrogates, SPEC, a.points)
    assert np.all(np.minimum(p, 1 - p) > 0.01)


def test_a_saturated_candidate_grid_gives_an_empty_batch():
    x = from_unit(grid(2, 4), AXES)
    step = propose_batch(x, window(x), AXES, SPEC, batch=4, resolution=4, min_distance=0.2)
    assert step.unit.shape == (0, 2)  # every candidate is a case already: the driver stops


def test_boundary_measure_of_a_disc():
    """A disc of radius 0.3 in the unit square: boundary length 2π·0.3 (Cauchy–Crofton estimate)."""
    axes = (Axis("a", 0.0, 1.0), Axis("b", 0.0, 1.0))
    x = grid(2, 15)
    r = 0.3 - np.hypot(x[:, 0] - 0.5, x[:, 1] - 0.5)
    s = fit_surrogate(x, r, axes, folds=0)
    status = boundary_status({"r": s}, [Criterion("r", 0.0)], resolution=101)
    assert status.boundary_measure == pytest.approx(2.0 * math.pi * 0.3, rel=0.05)
    assert status.feasible_fraction == pytest.approx(math.pi * 0.09, rel=0.05)
    assert status.location_sd < 0.01  # 225 cases on a smooth cone: the circle is known


def test_bad_arguments_are_refused():
    x = from_unit(grid(2, 3), AXES)
    with pytest.raises(InputError, match="missing"):
        propose_batch(x, {"peel": window(x)["peel"]}, AXES, SPEC)
    with pytest.raises(InputError, match="min_distance"):
        propose_batch(x, window(x), AXES, SPEC, min_distance=0.0)
