"""Sobol' indices of a Saltelli design against functions whose indices are known in closed form."""

from __future__ import annotations

import math

import numpy as np
import pytest
from thermobond.errors import InputError
from thermobond.study.sensitivity import saltelli_design, sobol_indices
from thermobond.study.space import Axis

ISHIGAMI_A, ISHIGAMI_B = 7.0, 0.1


def ishigami_exact(a: float, b: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact (S1, ST) of f = sin x1 + a sin² x2 + b x3⁴ sin x1, x_i ~ U(−π, π).

    Function of Ishigami & Homma 1990 (Proc. ISUMA '90, 398); its partial variances (Homma &
    Saltelli 1996, Reliab. Eng. Syst. Saf. 52:1; Sobol' & Levitan 1999, Comput. Phys. Commun.
    117:52): V1 = ½(1 + bπ⁴/5)², V2 = a²/8, V3 = 0, V13 = b²π⁸(1/18 − 1/50), all others 0;
    V = a²/8 + bπ⁴/5 + b²π⁸/18 + ½.
    """
    pi = math.pi
    v1 = 0.5 * (1.0 + b * pi**4 / 5.0) ** 2
    v2 = a**2 / 8.0
    v13 = b**2 * pi**8 * (1.0 / 18.0 - 1.0 / 50.0)
    v = a**2 / 8.0 + b * pi**4 / 5.0 + b**2 * pi**8 / 18.0 + 0.5
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


def test_ishigami_reference_values_add_up():
    s1, st = ishigami_exact(ISHIGAMI_A, ISHIGAMI_B)
    # the variance decomposition is complete: S1 + S2 + S3 + S13 = 1, S13 = ST3
    assert s1.sum() + st[2] == pytest.approx(1.0, rel=1e-12)
    assert s1 == pytest.approx([0.3139, 0.4424, 0.0], abs=1e-4)
    assert st == pytest.approx([0.5576, 0.4424, 0.2437], abs=1e-4)


def test_ishigami_indices_within_their_confidence_intervals():
    axes = [Axis(f"x{i}", -math.pi, math.pi) for i in range(3)]
    design = saltelli_design(4096, axes, seed=0)
    assert design.cases == 4096 * (3 + 2)
    x = design.points
    y = np.sin(x[:, 0]) + ISHIGAMI_A * np.sin(x[:, 1]) ** 2 + ISHIGAMI_B * x[:, 2] ** 4 * np.sin(x[:, 0])
    r = sobol_indices(design, {"f": y}, resamples=500, seed=0)["f"]
    s1, st = ishigami_exact(ISHIGAMI_A, ISHIGAMI_B)
    # intervals narrow enough that "within" distinguishes S1 from ST and S3 = 0 from ST3 ≈ 0.24
    assert np.all(r.first_conf < 0.05) and np.all(r.total_conf < 0.05)
    assert np.all(np.abs(r.first - s1) <= r.first_conf), (r.first, r.first_conf, s1)
    assert np.all(np.abs(r.total - st) <= r.total_conf), (r.total, r.total_conf, st)


def test_additive_function_on_a_log_axis():
    """y = x1 + ln x2 with x1 ~ U(0, 1) and x2 log-uniform on [1, e²]: ln x2 ~ U(0, 2), so
    V1 = 1/12, V2 = 4/12 and S = ST = (0.2, 0.8) (no interaction)."""
    axes = [Axis("x1", 0.0, 1.0), Axis("x2", 1.0, math.exp(2.0), "log")]
    design = saltelli_design(1024, axes, seed=3)
    x = design.points
    r = sobol_indices(design, {"y": x[:, 0] + np.log(x[:, 1])}, seed=1)["y"]
    assert r.variance == pytest.approx(5.0 / 12.0, rel=0.02)
    for est, conf in ((r.first, r.first_conf), (r.total, r.total_conf)):
        assert np.all(np.abs(est - [0.2, 0.8]) <= np.maximum(conf, 0.01))


def test_design_blocks_follow_the_saltelli_layout():
    """Rows come in blocks A, AB^(1) … AB^(D), B with AB^(j) = A except column j taken from B."""
    d = 3
    design = saltelli_design(8, [Axis(f"x{i}", 0.0, 1.0) for i in range(d)], seed=5)
    u = design.unit.reshape(8, d + 2, d)
    a, b = u[:, 0], u[:, -1]
    for j in range(d):
        expected = a.copy()
        expected[:, j] = b[:, j]
        np.testing.assert_array_equal(u[:, 1 + j], expected)
    assert not np.any(a == b)  # two independent halves of the Sobol' sequence
    again = saltelli_design(8, design.axes, seed=5)
    np.testing.assert_array_equal(again.unit, design.unit)


def test_failed_cases_are_named_and_refused():
    axes = [Axis("a", 0.0, 1.0), Axis("b", 0.0, 1.0)]
    design = saltelli_design(4, axes)
    y = design.unit.sum(axis=1).astype(object)
    y[5], y[9] = None, np.nan
    ids = [f"c{i:04d}" for i in range(design.cases)]
    with pytest.raises(InputError, match=r"missing at c0005, c0009"):
        sobol_indices(design, {"peel": y}, case_ids=ids)


def test_sample_size_must_be_a_power_of_two():
    with pytest.raises(InputError, match="power of two"):
        saltelli_design(48, [Axis("a", 0.0, 1.0)])


def test_constant_response_has_undefined_indices():
    design = saltelli_design(4, [Axis("a", 0.0, 1.0), Axis("b", 0.0, 1.0)])
    r = sobol_indices(design, {"c": np.full(design.cases, 2.5)})["c"]
    assert np.all(np.isnan(r.first)) and np.all(np.isnan(r.total)) and r.variance == 0.0
