"""Probability of meeting the spec: Monte Carlo through a surrogate against exact normal probabilities."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from scipy.stats import norm
from thermobond.errors import InputError
from thermobond.materials.interfacecard import Calibration
from thermobond.study.adaptive import Criterion
from thermobond.study.space import Axis, from_unit, grid
from thermobond.study.surrogate import OutputTransform, fit_surrogate
from thermobond.study.uncertainty import LogNormal, Normal, Uniform, spec_probability

C0 = 273.15
AXES = (Axis("T", 270.0 + C0, 360.0 + C0), Axis("p", 0.5e6, 4e6))
A_T, A_P = 0.05, 1.0e-6  # response slopes: per K, per Pa
SD_T, SD_P = 5.0, 0.2e6  # recipe tolerances read as standard deviations: ±5 K, ±0.2 MPa
MC_SIGMAS = 4.0  # a Monte Carlo estimate is within 4 standard errors of the exact value


def linear(x):
    return A_T * (x[:, 0] - (300.0 + C0)) + A_P * (x[:, 1] - 2.0e6)


IDENTITY = OutputTransform()


@dataclass(frozen=True)
class ExactModel:
    """An analytic stand-in for a surrogate: mean ``f(x)`` and a constant predictive sd."""

    axes: tuple[Axis, ...]
    sd: float
    transform: OutputTransform = IDENTITY
    log_inputs: bool = False

    def predict_latent(self, x):
        x = np.asarray(x, dtype=float)
        mu = (np.log(x[:, 0]) - 0.5 * np.log(x[:, 1])) if self.log_inputs else linear(x)
        return mu, np.full(len(x), self.sd)


RECIPES = np.array([[305.0 + C0, 2.2e6], [300.0 + C0, 2.0e6], [292.0 + C0, 1.7e6], [310.0 + C0, 1.0e6]])


def _within_mc(estimate, se, exact):
    assert np.all(np.abs(estimate - exact) <= MC_SIGMAS * np.maximum(se, 1e-4)), (estimate, se, exact)


@pytest.mark.parametrize("surrogate_sd", [0.0, 0.3])
def test_normal_inputs_through_a_linear_response_give_the_normal_probability(surrogate_sd):
    """y = a·x + b with x ~ N(x0, diag(sd²)) and a predictive sd s: y ~ N(a·x0 + b, |a sd|² + s²)."""
    model = ExactModel(AXES, surrogate_sd)
    r = spec_probability(
        RECIPES, {"y": model}, [Criterion("y", 0.0)], [Normal("T", SD_T), Normal("p", SD_P)], samples=4000, seed=1
    )
    exact = norm.cdf(linear(RECIPES) / np.sqrt((A_T * SD_T) ** 2 + (A_P * SD_P) ** 2 + surrogate_sd**2))
    _within_mc(r.all, r.all_se, exact)
    np.testing.assert_array_equal(r.all, r.each["y ≥ 0"])


def test_uniform_tolerance_gives_the_exact_interval_fraction():
    """T uniform on T0 ± 5 K, exact model, threshold 0.1: P = (T0 + h − T_t) / 2h clipped to [0, 1]."""
    model = ExactModel(AXES, 0.0)
    r = spec_probability(RECIPES, {"y": model}, [Criterion("y", 0.1)], [Uniform("T", 5.0)], samples=4000, seed=2)
    t_needed = 300.0 + C0 + (0.1 - A_P * (RECIPES[:, 1] - 2.0e6)) / A_T
    exact = np.clip((RECIPES[:, 0] + 5.0 - t_needed) / 10.0, 0.0, 1.0)
    _within_mc(r.all, r.all_se, exact)


def test_correlated_log_normal_parameters_from_a_calibration():
    """ln y = ln Γ − ½ ln t_b with (ln Γ, ln t_b) ~ N(ln x0, Σ): var = Σ11 + Σ22/4 − Σ12, and
    P(y ≥ y_t) = Φ((ln y0 − ln y_t)/√var) — the interface card's calibrated covariance."""
    axes = (Axis("gamma", 50.0, 800.0, "log"), Axis("t_b", 10.0, 1000.0, "log"))
    cal = Calibration(("toughness", "kinetics"), np.array([[0.04, 0.03], [0.03, 0.09]]), 12, 0.1, "peel.csv")
    model = ExactModel(axes, 0.0, OutputTransform("log"), log_inputs=True)
    x0 = np.array([[200.0, 100.0], [150.0, 60.0]])
    y_t = 14.0
    r = spec_probability(
        x0, {"y": model}, [Criterion("y", y_t)], [LogNormal.from_calibration(cal, ("gamma", "t_b"))], samples=4000
    )
    var = 0.04 + 0.09 / 4.0 - 0.03
    exact = norm.cdf((np.log(x0[:, 0]) - 0.5 * np.log(x0[:, 1]) - np.log(y_t)) / np.sqrt(var))
    _within_mc(r.all, r.all_se, exact)
    with pytest.raises(InputError, match="estimate"):
        LogNormal.from_calibration(None, ("gamma",))


def test_fitted_surrogate_of_a_linear_response_recovers_the_normal_probability():
    x = from_unit(grid(2, 5), AXES)
    s = fit_surrogate(x, linear(x), AXES, response="y")
    r = spec_probability(RECIPES, {"y": s}, [Criterion("y", 0.0)], [Normal("T", SD_T), Normal("p", SD_P)])
    exact = norm.cdf(linear(RECIPES) / np.hypot(A_T * SD_T, A_P * SD_P))
    _within_mc(r.all, r.all_se, exact)


def test_recipes_far_inside_and_far_outside_the_window():
    """Window: peel ≥ 5 N/cm (a flow jump at 315 °C) and a claim margin ≥ 0 (T ≤ 350 °C)."""

    def responses(x):
        peel = 0.5 + 5.5 / (1.0 + np.exp(-(x[:, 0] - (315.0 + C0)) / 3.0))
        return {"peel": peel, "claim": 1.0 - (x[:, 0] - (270.0 + C0)) / 80.0}

    x = from_unit(grid(2, 7), AXES)
    sur = {k: fit_surrogate(x, v, AXES, response=k) for k, v in responses(x).items()}
    spec = [Criterion("peel", 5.0), Criterion("claim", 0.0)]
    recipes = np.array([[335.0 + C0, 2.0e6], [280.0 + C0, 2.0e6], [358.0 + C0, 3.0e6]])
    r = spec_probability(recipes, sur, spec, [Normal("T", SD_T), Normal("p", SD_P)], seed=4)
    assert r.all[0] > 0.99  # 15.5 K (3.1 sd) above the peel boundary at 319.5 °C, 15 K below the claim's
    assert r.all[1] < 0.01  # 39.5 K below the peel boundary
    assert r.each["claim ≥ 0"][1] > 0.99 and r.each["peel ≥ 5"][2] > 0.99
    # 8 K above the claim's limit (350 °C) the claim decides: P = Φ(−8 K / 5 K)
    assert abs(r.all[2] - norm.cdf(-8.0 / SD_T)) <= MC_SIGMAS * r.all_se[2]
    assert r.outside[2] > 0.0 and r.outside[0] == 0.0  # 358 °C ± 5 K leaves the surveyed range


def test_draws_beyond_the_surveyed_range_are_held_at_its_edge():
    """At T0 = 270 °C (the range's low end) half of the draws lie below it; held at 270 °C they all
    meet "T ≥ 268 °C" (written as y ≥ y(268 °C)), where extrapolation would give Φ(2/5) ≈ 0.66."""
    model = ExactModel(AXES, 0.0)
    x0 = np.array([[270.0 + C0, 2.0e6]])
    threshold = float(linear(np.array([[268.0 + C0, 2.0e6]]))[0])
    r = spec_probability(x0, {"y": model}, [Criterion("y", threshold)], [Normal("T", SD_T)], samples=4000, seed=5)
    assert r.all[0] == 1.0
    assert r.outside[0] == pytest.approx(0.5, abs=MC_SIGMAS * 0.5 / np.sqrt(4000))


def test_inputs_are_checked():
    model = ExactModel(AXES, 0.1)
    with pytest.raises(InputError, match="not an axis"):
        spec_probability(RECIPES, {"y": model}, [Criterion("y", 0.0)], [Normal("pressure", 1.0)])
    with pytest.raises(InputError, match="two uncertainties"):
        spec_probability(RECIPES, {"y": model}, [Criterion("y", 0.0)], [Normal("T", 1.0), Uniform("T", 1.0)])
    with pytest.raises(InputError, match="positive"):
        Normal("T", -1.0)
    with pytest.raises(InputError, match="semi-definite"):
        LogNormal(("T", "p"), np.array([[1.0, 2.0], [2.0, 1.0]]))
