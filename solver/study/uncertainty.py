"""Probability of meeting the spec at a recipe, with uncertain inputs propagated through surrogates.

At a nominal point ``x0`` (a recipe, plus nominal values of any material parameter the study
varied) the inputs scatter as stated by the user:

* :class:`Normal` — ``x = x0 + sd · ξ``, ``ξ ~ N(0, 1)``: a recipe tolerance read as a standard
  deviation (``sd = 5 K``) or a material parameter's absolute spread.
* :class:`Uniform` — ``x = x0 + h · (2U − 1)``, ``U ~ U(0, 1)``: a tolerance read as a hard interval
  ``±h`` (a controller band).
* :class:`LogNormal` — ``x = x0 · exp(L ξ)`` jointly for several axes, ``L Lᵀ = Σ`` the covariance of
  the natural logarithms and ``x0`` the median: the calibrated interface parameters
  (:attr:`thermobond.materials.interfacecard.Calibration.covariance`, order Γ_int then t_b or k0) or a
  relative material spread (``Σ = [[cv²]]`` for a small coefficient of variation ``cv``).

Each criterion (:class:`~thermobond.study.adaptive.Criterion`) is met with probability
``P_k(x0) = E_x[Φ(±(μ_k(x) − t_k) / σ_k(x))]``: the expectation over the inputs of the surrogate's own
Gaussian predictive probability. This is exactly ``P(y_k(X) meets t_k)`` under the surrogate's
predictive law — by linearity the surrogate's correlation between points does not enter a single
probability — and integrating the Gaussian analytically per sample lowers the Monte Carlo noise.
``P(all) = E_x[Π_k P_k(x)]`` takes the surrogates of different responses as independent. The
expectation is a plain Monte Carlo mean over ``samples`` input draws, the same draws at every recipe
(common random numbers: a map is smooth, and differences between recipes are sharper than the
stated standard error ``std / √samples`` of each value).

Draws that leave the surveyed range are held at its edge: a Gaussian process extrapolates by
reverting to its mean, which turns a monotone trend around (a pressure margin that falls with
pressure would recover below the lowest surveyed pressure), whereas the edge value keeps the
trend's sign; it also keeps a normal draw of a positive quantity (a pressure tolerance at a low
pressure) from crossing zero. Their fraction is reported as ``outside``: a recipe whose tolerance
reaches well beyond the surveyed window needs a wider study, not this estimate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import ndtr

from ..errors import InputError
from .adaptive import Criterion
from .space import Axis, FloatArray, axis_index
from .surrogate import ResponseModel

__all__ = ["LogNormal", "Normal", "SpecProbability", "Uniform", "spec_probability"]

_CHUNK = 200_000  # input draws predicted at once (memory: a few times chunk × training cases floats)


@dataclass(frozen=True)
class Normal:
    """An input scattering normally about its nominal value.

    Attributes:
        axis: The axis (parameter) name.
        sd: Standard deviation (SI units of the axis, > 0).
    """

    axis: str
    sd: float

    def __post_init__(self) -> None:
        if not self.sd > 0.0:
            raise InputError("a standard deviation must be positive", key=self.axis, value=self.sd)


@dataclass(frozen=True)
class Uniform:
    """An input spread uniformly over ``nominal ± half_width``.

    Attributes:
        axis: The axis name.
        half_width: Half-width of the interval (SI units of the axis, > 0).
    """

    axis: str
    half_width: float

    def __post_init__(self) -> None:
        if not self.half_width > 0.0:
            raise InputError("a half-width must be positive", key=self.axis, value=self.half_width)


@dataclass(frozen=True)
class LogNormal:
    """Inputs whose natural logarithms are jointly normal about ``ln(nominal)``.

    Attributes:
        axes: Axis names, the order of the covariance's rows.
        log_covariance: Covariance of the natural logarithms (dimensionless), symmetric positive
            semi-definite.
    """

    axes: tuple[str, ...]
    log_covariance: FloatArray

    def __post_init__(self) -> None:
        cov = np.asarray(self.log_covariance, dtype=float)
        n = len(self.axes)
        if cov.shape != (n, n) or not np.allclose(cov, cov.T, rtol=1e-10, atol=1e-14):
            raise InputError(f"the log covariance must be a symmetric {n}×{n} matrix", value=cov.tolist())
        if np.linalg.eigvalsh(cov).min() < -1e-12 * max(1.0, float(np.abs(cov).max())):
            raise InputError("the log covariance must be positive semi-definite", value=cov.tolist())
        object.__setattr__(self, "log_covariance", cov)

    @classmethod
    def from_calibration(cls, calibration: Any, axes: Sequence[str]) -> LogNormal:
        """The calibrated uncertainty of an interface card's parameters.

        Args:
            calibration: An :class:`~thermobond.materials.interfacecard.Calibration` (``InterfaceCard.calibration``).
            axes: The study axes that vary those parameters, in the calibration's order (Γ_int
                first, then the kinetics parameter if it was calibrated).

        Raises:
            InputError: No calibration (an estimated card), or a different number of axes.
        """
        if calibration is None:
            raise InputError("the interface card is an estimate without a calibration: no covariance to propagate")
        cov = np.asarray(calibration.covariance, dtype=float)
        if len(axes) != cov.shape[0]:
            raise InputError(
                f"the calibration covers {cov.shape[0]} parameter(s) {tuple(calibration.parameters)}",
                value=tuple(axes),
            )
        return cls(tuple(axes), cov)


UncertainInput = Normal | Uniform | LogNormal


@dataclass(frozen=True)
class SpecProbability:
    """Probabilities of meeting the spec at each nominal point.

    Attributes:
        points: ``(m, d)`` nominal points (SI).
        each: Criterion name → ``(m,)`` probability it is met.
        all: ``(m,)`` probability every criterion is met.
        each_se, all_se: Monte Carlo standard errors of the same.
        outside: ``(m,)`` fraction of input draws outside the surrogates' axis ranges (held at the edge).
        samples: Input draws per point.
    """

    points: FloatArray
    each: dict[str, FloatArray]
    all: FloatArray
    each_se: dict[str, FloatArray]
    all_se: FloatArray
    outside: FloatArray
    samples: int


def _draws(axes: Sequence[Axis], inputs: Sequence[UncertainInput], samples: int, seed: int) -> tuple[Any, ...]:
    """(additive (S, d), log-multiplicative (S, d)) perturbations, the same for every nominal point."""
    rng = np.random.default_rng(seed)
    d = len(axes)
    add, logmul = np.zeros((samples, d)), np.zeros((samples, d))
    seen: set[str] = set()
    for inp in inputs:
        names = inp.axes if isinstance(inp, LogNormal) else (inp.axis,)
        for nm in names:
            if nm in seen:
                raise InputError("an axis is given two uncertainties", value=nm)
            seen.add(nm)
        cols = [axis_index(axes, nm) for nm in names]
        if isinstance(inp, Normal):
            add[:, cols[0]] = inp.sd * rng.standard_normal(samples)
        elif isinstance(inp, Uniform):
            add[:, cols[0]] = inp.half_width * (2.0 * rng.random(samples) - 1.0)
        else:
            w, v = np.linalg.eigh(inp.log_covariance)
            root = v * np.sqrt(np.clip(w, 0.0, None))
            logmul[:, cols] = rng.standard_normal((samples, len(cols))) @ root.T
    return add, logmul


def spec_probability(
    points: ArrayLike,
    surrogates: Mapping[str, ResponseModel],
    criteria: Sequence[Criterion],
    inputs: Sequence[UncertainInput],
    *,
    samples: int = 2000,
    seed: int = 0,
    include_surrogate: bool = True,
) -> SpecProbability:
    """Probability that each criterion, and all, are met at nominal ``points`` under input scatter.

    Args:
        points: ``(m, d)`` nominal points (SI), columns in the surrogates' axis order (recipe axes at
            the recipe, material axes at their nominal value).
        surrogates: Response → surrogate; all over the same axes.
        criteria: The spec.
        inputs: The uncertain inputs (module docstring); axes not named are exact.
        samples: Monte Carlo draws per point (≥ 100).
        seed: Seed of the draws.
        include_surrogate: Include the surrogates' predictive spread (True), or use their mean only
            (False: the probability due to the inputs alone).

    Raises:
        InputError: Surrogates over different axes, an unknown axis, a non-positive log-normal
            nominal value, or too few samples.
    """
    if samples < 100:
        raise InputError("at least 100 Monte Carlo samples are needed", key="samples", value=samples)
    if not surrogates:
        raise InputError("no surrogate given")
    axes = next(iter(surrogates.values())).axes
    if any(tuple(a.name for a in s.axes) != tuple(a.name for a in axes) for s in surrogates.values()):
        raise InputError("all surrogates must be fitted over the same axes")
    x0 = np.asarray(points, dtype=float)
    x0 = x0.reshape(1, -1) if x0.ndim == 1 else x0
    if x0.ndim != 2 or x0.shape[1] != len(axes):
        raise InputError(f"points must be an (m, {len(axes)}) array", value=x0.shape)
    add, logmul = _draws(axes, inputs, samples, seed)
    if np.any(logmul != 0.0) and np.any(x0[:, np.any(logmul != 0.0, axis=0)] <= 0.0):
        raise InputError("a log-normal input needs a positive nominal value")
    m = x0.shape[0]
    lows = np.array([ax.low for ax in axes])
    highs = np.array([ax.high for ax in axes])
    for c in criteria:
        if c.response not in surrogates:
            raise InputError("no surrogate for the response of a criterion", value=c.response)
    vals = {c.name: np.empty((m, samples)) for c in criteria}
    outside = np.empty(m)
    step = max(1, _CHUNK // samples)  # recipes per block: memory stays at a few × _CHUNK points
    for a in range(0, m, step):
        block = x0[a : a + step]
        xs = (block[:, None, :] * np.exp(logmul)[None] + add[None]).reshape(-1, len(axes))
        out = np.any((xs < lows) | (xs > highs), axis=1)
        outside[a : a + step] = out.reshape(len(block), samples).mean(axis=1)
        np.clip(xs, lows, highs, out=xs)  # held at the edge of the surveyed range (module docstring)
        for c in criteria:
            s = surrogates[c.response]
            t = float(s.transform.forward(c.threshold))
            mu, sd = s.predict_latent(xs)
            z = (mu - t) if c.above else (t - mu)
            v = ndtr(z / np.maximum(sd, 1e-300)) if include_surrogate else (z >= 0.0)
            vals[c.name][a : a + step] = np.reshape(v, (len(block), samples))
    prod = np.prod(np.stack(list(vals.values())), axis=0)
    root_n = np.sqrt(samples)
    return SpecProbability(
        x0,
        {k: v.mean(axis=1) for k, v in vals.items()},
        prod.mean(axis=1),
        {k: v.std(axis=1, ddof=1) / root_n for k, v in vals.items()},
        prod.std(axis=1, ddof=1) / root_n,
        outside,
        samples,
    )
