"""Gaussian-process surrogates of study responses, with cross-validated error and predictive spread.

Why Gaussian-process regression (scikit-learn) and not polynomial chaos (chaospy) or OpenTURNS:

* A process window has 2–5 inputs and tens to a few hundred cases: the regime where a GP is exact
  interpolation with a cost of O(n³) that stays below a second.
* Responses such as the peel strength jump across a flow threshold. A global polynomial expansion
  rings across a jump (Gibbs) and gives no local error; a GP with a Matérn-5/2 kernel and one
  length scale per input (automatic relevance determination) follows the jump with a short length
  scale and, above all, reports a *predictive standard deviation* that grows where the data are
  sparse or change fast.
* That standard deviation is what the adaptive boundary search (:mod:`.adaptive`, misclassification
  probability) and the probability of meeting the spec (:mod:`.uncertainty`) need. PCE has none
  without bootstrapping; OpenTURNS' kriging has one but brings a large native library and its own
  object model for what scikit-learn does with NumPy arrays (Rasmussen & Williams 2006, *Gaussian
  Processes for Machine Learning*, MIT Press, ch. 2 and 5; Pedregosa et al. 2011, *JMLR* 12:2825).

Inputs are scaled to the unit cube (log axes in ``ln x``, :mod:`.space`), outputs optionally
transformed (``ln(y + shift)`` for a positive response spanning two decades or more) and standardised.
The kernel is ``C · Matérn52(ℓ_1 … ℓ_d) + white noise``; the white-noise term (its standard
deviation bounded to 0.1 %–10 % of the response's) absorbs the solver's numerical noise (mesh, step
cut-backs) and keeps the covariance matrix well conditioned when cases lie close together (adaptive
designs put them next to each other along the boundary). Hyperparameters maximise the marginal
likelihood from ``restarts + 1`` starting points, seeded: a fit is deterministic given its seed. The
predictive standard deviation includes the noise term, i.e. it is the spread of what a new case
would return.

Quality is measured by k-fold cross-validation with the hyperparameters refitted in every fold:
RMSE (response units), RMSE / standard deviation of the response, Q² = 1 − PRESS / SS and the
fraction of held-out values inside the ±2σ band (nominally 95.4 %).
"""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal, Protocol

import numpy as np
from numpy.typing import ArrayLike

from ..errors import InputError
from .space import Axis, FloatArray, axis_index, to_unit

__all__ = [
    "CrossValidation",
    "GridPrediction",
    "OutputTransform",
    "Prediction",
    "ResponseModel",
    "Surrogate",
    "fit_surrogate",
    "fit_surrogates",
]

log = logging.getLogger(__name__)

BAND_SIGMAS = 2.0  # the uncertainty band of maps and of the coverage check: ±2σ (95.4 % if Gaussian)
_NOISE_BOUNDS = (1e-6, 1e-2)  # white-noise variance / response variance: 0.1 %–10 % in sd
_LENGTH_BOUNDS = (1e-2, 1e2)  # length scales in unit-cube coordinates
_LOG_SPAN = 100.0  # "auto": log transform when all values are positive and max/min ≥ this (two decades)


@dataclass(frozen=True)
class OutputTransform:
    """A monotone map of a response before fitting: ``z = y`` or ``z = ln(y + shift)``.

    Attributes:
        kind: ``identity`` or ``log``.
        shift: Added before the logarithm (response units, ≥ 0), so a response with zeros can be
            fitted in log scale.
    """

    kind: Literal["identity", "log"] = "identity"
    shift: float = 0.0

    def forward(self, y: ArrayLike) -> FloatArray:
        """``z`` of response values ``y`` (a threshold maps the same way: P(y ≥ t) = P(z ≥ forward(t)))."""
        v = np.asarray(y, dtype=float)
        if self.kind == "log":
            if np.any(v + self.shift <= 0.0):
                raise InputError("a log transform needs y + shift > 0", value=float(np.min(v)))
            return np.asarray(np.log(v + self.shift))
        return v

    def inverse(self, z: ArrayLike) -> FloatArray:
        v = np.asarray(z, dtype=float)
        return np.asarray(np.exp(v) - self.shift) if self.kind == "log" else v

    @staticmethod
    def auto(y: ArrayLike) -> OutputTransform:
        """``log`` for positive values spanning two decades or more (max/min ≥ 100), else ``identity``."""
        v = np.asarray(y, dtype=float)
        if v.size and np.all(v > 0.0) and float(v.max()) >= _LOG_SPAN * float(v.min()):
            return OutputTransform("log")
        return OutputTransform("identity")


class ResponseModel(Protocol):
    """What probability calculations need of a surrogate: its axes, its output transform and a
    Gaussian prediction of the transformed response (:class:`Surrogate`, or an analytic stand-in)."""

    @property
    def axes(self) -> tuple[Axis, ...]: ...

    @property
    def transform(self) -> OutputTransform: ...

    def predict_latent(self, x: ArrayLike) -> tuple[FloatArray, FloatArray]: ...


@dataclass(frozen=True)
class CrossValidation:
    """k-fold cross-validated error of a surrogate (hyperparameters refitted in each fold).

    Attributes:
        folds: Number of folds.
        rmse: Root-mean-square error of held-out predictions (response units).
        nrmse: ``rmse`` divided by the standard deviation of the response.
        q2: ``1 − Σ(y − ŷ)² / Σ(y − ȳ)²`` (1 is perfect, ≤ 0 no better than the mean).
        coverage: Fraction of held-out values inside the predicted ±2σ band.
        predicted: Held-out prediction at every training case (response units).
    """

    folds: int
    rmse: float
    nrmse: float
    q2: float
    coverage: float
    predicted: FloatArray


@dataclass(frozen=True)
class Prediction:
    """Surrogate prediction at points (arrays of the points' shape).

    Attributes:
        mean, std: Mean and standard deviation of the response (its units; for a log transform the
            log-normal moments).
        lower, upper: The ±2σ band of the transformed response mapped back (quantiles 2.3 % and
            97.7 %; for a log transform ``lower < median < upper``, asymmetric about ``mean``).
        latent_mean, latent_std: Gaussian prediction of the transformed response ``z``.
    """

    mean: FloatArray
    std: FloatArray
    lower: FloatArray
    upper: FloatArray
    latent_mean: FloatArray
    latent_std: FloatArray


@dataclass(frozen=True)
class GridPrediction:
    """A surrogate map over two axes (the others held fixed), for process-window figures.

    Attributes:
        x_axis, y_axis: Names of the map's axes.
        x, y: Grid values (SI), spaced in each axis' scale; ``prediction`` arrays are ``(len(y), len(x))``.
        at: The point (SI, one value per axis) the other axes are held at.
        prediction: The prediction on the grid.
    """

    x_axis: str
    y_axis: str
    x: FloatArray
    y: FloatArray
    at: FloatArray
    prediction: Prediction


@dataclass(frozen=True)
class Surrogate:
    """A fitted Gaussian-process surrogate of one response.

    Attributes:
        response: Name of the response.
        axes: The inputs (their order is the column order of every point array).
        transform: Output transform applied before fitting.
        x, y: Training points (SI) and responses actually used.
        dropped: Row numbers of the input table left out (response missing: failed cases).
        kernel: The fitted kernel, as text (length scales in unit-cube coordinates).
        cv: Cross-validated error, or None when not computed.
        model: The fitted scikit-learn regressor (on standardised ``z``).
        z_mean, z_scale: Standardisation of ``z``.
    """

    response: str
    axes: tuple[Axis, ...]
    transform: OutputTransform
    x: FloatArray
    y: FloatArray
    dropped: tuple[int, ...]
    kernel: str
    cv: CrossValidation | None
    model: Any
    z_mean: float
    z_scale: float

    def predict_latent(self, x: ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Gaussian mean and standard deviation of the transformed response at points ``x`` ((n, d), SI)."""
        u = to_unit(x, self.axes)
        if not len(u):
            return np.zeros(0), np.zeros(0)
        with _one_thread():
            mu, sd = self.model.predict(u, return_std=True)
        return self.z_mean + self.z_scale * np.asarray(mu, dtype=float), self.z_scale * np.asarray(sd, dtype=float)

    def predict(self, x: ArrayLike) -> Prediction:
        """Prediction (mean, standard deviation, ±2σ band) at points ``x`` ((n, d), SI)."""
        mu, sd = self.predict_latent(x)
        return _prediction(mu, sd, self.transform)

    def grid(self, x_axis: str, y_axis: str, *, at: Mapping[str, float] | None = None, n: int = 60) -> GridPrediction:
        """The prediction on an ``n × n`` grid over two axes, the others at ``at`` (SI; default mid-range).

        Raises:
            InputError: Unknown or equal axes, or a missing/unknown name in ``at``.
        """
        ix, iy = axis_index(self.axes, x_axis), axis_index(self.axes, y_axis)
        if ix == iy:
            raise InputError("a map needs two different axes", value=x_axis)
        centre = np.array([ax.from_unit(0.5) for ax in self.axes], dtype=float)
        for name, value in (at or {}).items():
            centre[axis_index(self.axes, name)] = float(value)
        ticks = np.linspace(0.0, 1.0, max(int(n), 2))
        gx, gy = self.axes[ix].from_unit(ticks), self.axes[iy].from_unit(ticks)
        pts = np.tile(centre, (ticks.size**2, 1))
        pts[:, ix] = np.tile(gx, ticks.size)
        pts[:, iy] = np.repeat(gy, ticks.size)
        p = self.predict(pts)
        shape = (ticks.size, ticks.size)
        grid_p = Prediction(*(np.reshape(getattr(p, f), shape) for f in Prediction.__dataclass_fields__))
        return GridPrediction(x_axis, y_axis, gx, gy, centre, grid_p)

    def condition(self, x_new: ArrayLike) -> Surrogate:
        """The surrogate with its own mean added as data at ``x_new`` (hyperparameters kept).

        The "kriging believer" step of batch design (Ginsbourger, Le Riche & Carraro 2010, in
        *Computational Intelligence in Expensive Optimization Problems*, Springer, 131–162): the
        mean does not change, the standard deviation shrinks near ``x_new``.
        """
        from sklearn.gaussian_process import GaussianProcessRegressor  # optional dependency (extra "uq")

        xn = np.asarray(x_new, dtype=float).reshape(-1, len(self.axes))
        with _one_thread():
            mu, _ = self.model.predict(to_unit(xn, self.axes), return_std=True)
            u = np.vstack([self.model.X_train_, to_unit(xn, self.axes)])
            zs = np.concatenate([self.model.y_train_, np.asarray(mu, dtype=float)])
            gp = GaussianProcessRegressor(self.model.kernel_, optimizer=None, alpha=1e-10).fit(u, zs)
        return replace(self, model=gp)


def _prediction(mu: FloatArray, sd: FloatArray, t: OutputTransform) -> Prediction:
    lo, hi = t.inverse(mu - BAND_SIGMAS * sd), t.inverse(mu + BAND_SIGMAS * sd)
    if t.kind == "log":
        m = np.exp(mu + 0.5 * sd**2)
        return Prediction(m - t.shift, m * np.sqrt(np.expm1(sd**2)), lo, hi, mu, sd)
    return Prediction(mu.copy(), sd.copy(), lo, hi, mu, sd)


def _one_thread() -> Any:
    """BLAS limited to one thread: GP matrices are small, and threads contending for shared cores
    slow a fit tenfold."""
    from threadpoolctl import threadpool_limits  # a dependency of scikit-learn (extra "uq")

    return threadpool_limits(limits=1, user_api="blas")


def _gp(d: int, restarts: int, seed: int) -> Any:
    from sklearn.gaussian_process import GaussianProcessRegressor  # optional dependency (extra "uq")
    from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel

    kernel = ConstantKernel(1.0, (1e-2, 1e5)) * Matern(
        length_scale=np.full(d, 0.3), length_scale_bounds=_LENGTH_BOUNDS, nu=2.5
    ) + WhiteKernel(1e-6, _NOISE_BOUNDS)
    return GaussianProcessRegressor(kernel, alpha=1e-10, n_restarts_optimizer=restarts, random_state=seed)


def _fit(u: FloatArray, z: FloatArray, restarts: int, seed: int) -> tuple[Any, float, float]:
    """A GP on standardised ``z``: (model, mean, scale)."""
    from sklearn.exceptions import ConvergenceWarning  # optional dependency (extra "uq")

    m = float(z.mean())
    s = float(z.std()) or 1.0
    gp = _gp(u.shape[1], restarts, seed)
    with warnings.catch_warnings(), _one_thread():  # a hyperparameter at its bound is expected (no noise)
        warnings.simplefilter("ignore", ConvergenceWarning)
        gp.fit(u, (z - m) / s)
    return gp, m, s


def _cross_validate(
    u: FloatArray, y: FloatArray, t: OutputTransform, folds: int, restarts: int, seed: int
) -> CrossValidation:
    from sklearn.model_selection import KFold  # optional dependency (extra "uq")

    z = t.forward(y)
    k = min(folds, len(y))
    mu, sd = np.zeros_like(z), np.zeros_like(z)
    for train, test in KFold(k, shuffle=True, random_state=seed).split(u):
        gp, m, s = _fit(u[train], z[train], restarts, seed)
        with _one_thread():
            a, b = gp.predict(u[test], return_std=True)
        mu[test], sd[test] = m + s * a, s * b
    pred = t.inverse(mu)
    err = pred - y
    rmse = float(np.sqrt(np.mean(err**2)))
    sy = float(y.std())
    ss = float(np.sum((y - y.mean()) ** 2))
    inside = np.abs(z - mu) <= BAND_SIGMAS * sd
    return CrossValidation(
        k,
        rmse,
        rmse / sy if sy > 0 else math.nan,
        1.0 - float(np.sum(err**2)) / ss if ss > 0 else math.nan,
        float(inside.mean()),
        pred,
    )


def fit_surrogate(
    x: ArrayLike,
    y: ArrayLike,
    axes: Sequence[Axis],
    *,
    response: str = "",
    transform: Literal["auto", "identity", "log"] | OutputTransform = "auto",
    folds: int = 5,
    restarts: int = 3,
    seed: int = 0,
) -> Surrogate:
    """Fit a GP surrogate of one response on a collected table.

    Args:
        x: ``(n, d)`` parameter values (SI), one column per axis.
        y: ``n`` response values (response units); ``nan``/``None`` marks a missing value (a failed
            case), which is left out and listed in ``dropped``.
        axes: The inputs.
        response: Name of the response (messages, records).
        transform: Output transform: ``auto`` (:meth:`OutputTransform.auto`), ``identity``, ``log``
            (needs y > 0) or an explicit :class:`OutputTransform`.
        folds: k of the k-fold cross-validation; 0 skips it.
        restarts: Extra random starts of the hyperparameter optimiser.
        seed: Seed of the optimiser starts and of the fold assignment.

    Raises:
        InputError: Shapes that do not match, fewer than 3 usable cases, or a transform that does
            not apply to the values.
    """
    d = len(axes)
    xa = np.asarray(x, dtype=float)
    if xa.ndim == 1 and d == 1:
        xa = xa[:, None]
    ya = np.array([np.nan if v is None else v for v in np.asarray(y, dtype=object).ravel()], dtype=float)
    if xa.ndim != 2 or xa.shape[1] != d or xa.shape[0] != ya.size:
        raise InputError(f"points {xa.shape} and values ({ya.size},) do not match {d} axes", key=response or None)
    ok = np.isfinite(ya) & np.all(np.isfinite(xa), axis=1)
    dropped = tuple(int(i) for i in np.flatnonzero(~ok))
    if dropped:
        log.info("surrogate of '%s': %d case(s) without a value left out", response, len(dropped))
    xa, ya = xa[ok], ya[ok]
    if ya.size < 3:
        raise InputError("a surrogate needs at least 3 cases with a value", key=response or None, value=int(ya.size))
    if isinstance(transform, OutputTransform):
        t = transform
    elif transform == "auto":
        t = OutputTransform.auto(ya)
    elif transform in ("identity", "log"):
        t = OutputTransform(transform)
    else:
        raise InputError(
            "unknown output transform", key=response or None, value=transform, accepted="auto, identity, log"
        )
    z = t.forward(ya)
    u = to_unit(xa, axes)
    gp, m, s = _fit(u, z, restarts, seed)
    cv = _cross_validate(u, ya, t, folds, restarts, seed) if folds >= 2 else None
    return Surrogate(response, tuple(axes), t, xa, ya, dropped, str(gp.kernel_), cv, gp, m, s)


def fit_surrogates(
    x: ArrayLike, responses: Mapping[str, ArrayLike], axes: Sequence[Axis], **options: Any
) -> dict[str, Surrogate]:
    """:func:`fit_surrogate` for each response (same points and options)."""
    return {name: fit_surrogate(x, y, axes, response=name, **options) for name, y in responses.items()}
