"""Variance-based (Sobol') sensitivity of study responses: Saltelli design and first/total-order indices.

A study with ``[sampling] mode = "sobol"`` and ``samples = N`` runs the Saltelli design of
:func:`saltelli_design`: ``N (D + 2)`` cases for ``D`` range parameters (no second-order indices),
laid out in blocks of ``D + 2`` rows — for base sample ``i`` the rows ``A_i``, ``AB_i^(1)`` …
``AB_i^(D)``, ``B_i`` where ``AB_i^(j)`` is ``A_i`` with its ``j``-th coordinate taken from ``B_i``
(Saltelli 2002, *Comput. Phys. Commun.* 145:280; Saltelli et al. 2010, *Comput. Phys. Commun.*
181:259). ``A`` and ``B`` are the two halves of a scrambled Sobol' sequence of dimension ``2D``, so
``N`` must be a power of two. The inputs are independent and uniform on each axis' range in its scale
(uniform in ``ln x`` for a log axis): the indices answer "which parameter drives the variance of the
response over the surveyed window", not over a manufacturing spread (that is :mod:`.uncertainty`).

:func:`sobol_indices` estimates, for each response, the first-order index ``S_j = V[E(Y|X_j)]/V(Y)``
(estimator of Saltelli et al. 2010) and the total-order index ``S_Tj = E[V(Y|X_~j)]/V(Y)`` (Jansen
1999, *Comput. Phys. Commun.* 117:35) with bootstrap confidence intervals, through SALib (Herman &
Usher 2017, *J. Open Source Softw.* 2:97). The estimators need every row of the design: a response
missing at some case (a failed or unfinished run) is refused with the list of those cases — rerun
them (``thermobond study --resume``) rather than drop them, since failures cluster in parameter space
and dropping their blocks biases the indices.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ..errors import InputError
from .space import Axis, FloatArray, from_unit

__all__ = ["SaltelliDesign", "SobolIndices", "saltelli_design", "sobol_indices"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SaltelliDesign:
    """The cases of a Saltelli design, in the order the estimators expect.

    Attributes:
        axes: The varied parameters (SI ranges).
        n: Base sample size ``N`` (a power of two).
        seed: Seed of the Sobol' scrambling.
        unit: ``(N (D + 2), D)`` unit-cube coordinates, blocks of ``D + 2`` rows (module docstring).
    """

    axes: tuple[Axis, ...]
    n: int
    seed: int
    unit: FloatArray

    @property
    def points(self) -> FloatArray:
        """The cases in SI (one column per axis)."""
        return from_unit(self.unit, self.axes)

    @property
    def cases(self) -> int:
        """Number of cases, ``N (D + 2)``."""
        return int(self.unit.shape[0])


@dataclass(frozen=True)
class SobolIndices:
    """First- and total-order Sobol' indices of one response, with confidence half-widths.

    Attributes:
        response: The response (a column of the collected table).
        names: Parameter names, the order of every array below.
        first, first_conf: ``S_j`` and the half-width of its confidence interval.
        total, total_conf: ``S_Tj`` and its half-width.
        confidence: Level of the intervals (0.95: ``S ± conf`` is a 95 % bootstrap interval).
        n: Base sample size used.
        mean, variance: Mean and variance of the response over the design (its units, squared).
    """

    response: str
    names: tuple[str, ...]
    first: FloatArray
    first_conf: FloatArray
    total: FloatArray
    total_conf: FloatArray
    confidence: float
    n: int
    mean: float
    variance: float

    def rows(self) -> list[dict[str, Any]]:
        """One record per parameter (for a CSV): response, parameter, S1, S1_conf, ST, ST_conf."""
        return [
            {
                "response": self.response,
                "parameter": name,
                "S1": float(self.first[j]),
                "S1_conf": float(self.first_conf[j]),
                "ST": float(self.total[j]),
                "ST_conf": float(self.total_conf[j]),
            }
            for j, name in enumerate(self.names)
        ]


def _problem(d: int) -> dict[str, Any]:
    return {"num_vars": d, "names": [f"x{j}" for j in range(d)], "bounds": [[0.0, 1.0]] * d}


def saltelli_design(n: int, axes: Sequence[Axis], *, seed: int = 0) -> SaltelliDesign:
    """The ``N (D + 2)`` cases of a Saltelli design over ``axes`` (deterministic given ``seed``).

    Args:
        n: Base sample size ``N``: a power of two, at least 4.
        axes: The ``D`` varied parameters.
        seed: Seed of the scrambled Sobol' sequence (≥ 0).

    Raises:
        InputError: ``n`` not a power of two, or no axes.
    """
    from SALib.sample import sobol as salib_sobol  # optional dependency (extra "uq")

    if n < 4 or n & (n - 1):
        raise InputError("the base sample size of a Sobol' design must be a power of two ≥ 4", key="samples", value=n)
    if not axes:
        raise InputError("a Sobol' design needs at least one parameter")
    if seed < 0:
        raise InputError("the seed must be ≥ 0", key="seed", value=seed)
    unit = salib_sobol.sample(_problem(len(axes)), n, calc_second_order=False, scramble=True, seed=seed)
    return SaltelliDesign(tuple(axes), n, seed, np.asarray(unit, dtype=float))


def sobol_indices(
    design: SaltelliDesign,
    responses: Mapping[str, ArrayLike],
    *,
    case_ids: Sequence[str] | None = None,
    confidence: float = 0.95,
    resamples: int = 1000,
    seed: int = 0,
) -> dict[str, SobolIndices]:
    """First- and total-order Sobol' indices of each response over a Saltelli design.

    Args:
        design: The design the cases were run from.
        responses: Response name → values at the design's cases, in the design's row order (a
            missing value is ``nan`` or ``None``).
        case_ids: Names of the cases (e.g. study case ids) used in error messages; row numbers if None.
        confidence: Level of the bootstrap confidence intervals, in (0, 1).
        resamples: Number of bootstrap resamples (the intervals' own noise falls as 1/√resamples).
        seed: Seed of the bootstrap (the indices themselves do not depend on it).

    Returns:
        Response name → its indices. A response constant over the design has ``nan`` indices
        (its variance is zero, the indices are undefined).

    Raises:
        InputError: A response of the wrong length, or missing at some cases (the message names
            them), or a confidence level outside (0, 1).
    """
    from SALib.analyze import sobol as salib_sobol  # optional dependency (extra "uq")

    if not 0.0 < confidence < 1.0:
        raise InputError("the confidence level must lie in (0, 1)", key="confidence", value=confidence)
    if resamples < 10:
        raise InputError("at least 10 bootstrap resamples are needed", key="resamples", value=resamples)
    d, rows = len(design.axes), design.cases
    ids = list(case_ids) if case_ids is not None else [f"row {i}" for i in range(rows)]
    if len(ids) != rows:
        raise InputError(f"{len(ids)} case ids for a design of {rows} cases", key="case_ids")
    names = tuple(ax.name for ax in design.axes)
    out: dict[str, SobolIndices] = {}
    for name, values in responses.items():
        y = np.array([np.nan if v is None else v for v in np.asarray(values, dtype=object)], dtype=float)
        if y.shape != (rows,):
            raise InputError(f"response '{name}' has {y.size} values for a design of {rows} cases", key=name)
        missing = [ids[i] for i in np.flatnonzero(~np.isfinite(y))]
        if missing:
            shown = ", ".join(missing[:10]) + (f" … ({len(missing)} in all)" if len(missing) > 10 else "")
            raise InputError(
                f"Sobol' indices need the response at every case of the design; '{name}' is missing at {shown}: "
                "rerun those cases (thermobond study --resume)",
                key=name,
            )
        mean, var = float(y.mean()), float(y.var())
        if var <= (1e-12 * max(abs(mean), 1.0)) ** 2:
            log.info("response '%s' is constant over the design: its Sobol' indices are undefined", name)
            nan = np.full(d, np.nan)
            out[name] = SobolIndices(name, names, nan, nan, nan, nan, confidence, design.n, mean, var)
            continue
        # SALib seeds its bootstrap only for a truthy seed: shift by one so that seed = 0 is reproducible
        si = salib_sobol.analyze(
            _problem(d), y, calc_second_order=False, num_resamples=resamples, conf_level=confidence, seed=seed + 1
        )
        out[name] = SobolIndices(
            name,
            names,
            np.asarray(si["S1"], dtype=float),
            np.asarray(si["S1_conf"], dtype=float),
            np.asarray(si["ST"], dtype=float),
            np.asarray(si["ST_conf"], dtype=float),
            confidence,
            design.n,
            mean,
            var,
        )
    return out
