"""Measured temperatures against the run's: the difference, and the time lag between them.

A case names its thermocouple traces in ``[cycle.measured]`` (:mod:`thermobond.process.measured`).
After the stack model has run, :func:`compare_measured` holds each trace against the temperature
the run computed at the same place — the recipe's for the platen, the stack model's history for a
face or an interface — and returns the numbers the summary keeps and the arrays the figure draws.

The time lag is read from the normalised cross-correlation: the shift τ that maximises the
correlation coefficient of measured(t) with simulated(t − τ) on a uniform grid of the measured
window, refined between grid points by the parabola through the peak and its neighbours. A
thermocouple that lags (a bead in a slow holder, a wire under a thick pad) gives τ > 0; a constant
offset (a calibration error) does not move τ and shows as ``offset_K``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .process import FACES, PLATEN, MeasuredTrace, Programme
from .results import MeasuredComparison, StackResult, TraceComparison

__all__ = ["MAX_GRID", "compare_measured", "compare_trace", "file_stem", "simulated_temperature"]

#: Most points of the uniform grid the lag is searched on (a finer log is sampled down to it).
MAX_GRID = 20000
LAG_FRACTION = 0.25  # the lag searched: ± this fraction of the window ...
LAG_CAP = 1800.0  # s ... and at most half an hour


def file_stem(target: str) -> str:
    """The name of a target's files (``measured/cu-tpi.csv``, ``plots/measured_cu-tpi.png``)."""
    return target.replace("/", "-")


def simulated_temperature(target: str, programme: Programme, stack: StackResult | None) -> tuple[str, Any, Any]:
    """The run's temperature at a measured target: (history column, times in s, temperatures in K).

    Raises:
        ValueError: A face or interface target without the stack model's result, or an unknown target.
    """
    if target == PLATEN:
        return "platen_temperature_degC", np.asarray(programme.times), np.asarray(programme.temperatures)
    column = f"{target}_temperature_degC" if target in FACES else f"{target}.temperature_degC"
    if stack is None:
        raise ValueError(f"the measured temperature of '{target}' needs the stack model's result")
    if column not in stack.history.columns:
        raise ValueError(f"the stack model has no temperature at '{target}' (no history column {column})")
    return column, stack.history.column("time_s"), stack.history.column(column) + 273.15


def _pearson(a: np.ndarray, b: np.ndarray) -> float:
    a0, b0 = a - a.mean(), b - b.mean()
    den = float(np.sqrt(np.dot(a0, a0) * np.dot(b0, b0)))
    return float(np.dot(a0, b0)) / den if den > 0 else float("nan")


def _lag(grid: np.ndarray, measured: np.ndarray, ts: np.ndarray, Ts: np.ndarray, max_lag: float) -> tuple[float, float]:
    """(τ, correlation at τ) maximising corr(measured(t), simulated(t − τ)); NaN for constant traces."""
    dt = float(grid[1] - grid[0])
    k_max = int(np.floor(max_lag / dt))
    lags = np.arange(-k_max, k_max + 1) * dt
    r = np.array([_pearson(measured, np.interp(grid - lag, ts, Ts)) for lag in lags])
    if not np.any(np.isfinite(r)):
        return float("nan"), float("nan")
    k = int(np.nanargmax(r))
    shift = 0.0
    if 0 < k < r.size - 1 and np.all(np.isfinite(r[k - 1 : k + 2])):
        den = r[k - 1] - 2 * r[k] + r[k + 1]
        if den < 0:  # a maximum: the vertex of the parabola through the three points
            shift = float(np.clip(0.5 * (r[k - 1] - r[k + 1]) / den, -0.5, 0.5))
    tau = float(lags[k] + shift * dt)
    return tau, _pearson(measured, np.interp(grid - tau, ts, Ts))


def compare_trace(
    trace: MeasuredTrace,
    times: np.ndarray,
    temperatures: np.ndarray,
    simulated: str,
    *,
    max_lag: float | None = None,
) -> TraceComparison:
    """A measured trace against a simulated temperature history.

    Args:
        trace: The measured temperatures.
        times: Times of the simulated temperatures (s), increasing.
        temperatures: Simulated temperatures (K), linear between samples.
        simulated: Name of the simulated quantity, for the summary.
        max_lag: The largest lag searched (s); default a quarter of the window, at most 30 min.

    Raises:
        ValueError: Fewer than two measured samples inside the simulated time span.
    """
    ts, Ts = np.asarray(times, dtype=float), np.asarray(temperatures, dtype=float)
    inside = (trace.times >= ts[0]) & (trace.times <= ts[-1])
    if np.count_nonzero(inside) < 2:
        raise ValueError(
            f"{trace.key}: {np.count_nonzero(inside)} measured sample(s) inside the run's {ts[0]:.6g} … {ts[-1]:.6g} s"
        )
    tm, Tm = trace.times[inside], trace.temperatures[inside]
    Ts_m = np.interp(tm, ts, Ts)
    diff = Tm - Ts_m
    worst = int(np.argmax(np.abs(diff)))
    span = float(tm[-1] - tm[0])
    step = max(float(np.median(np.diff(tm))), span / (MAX_GRID - 1))
    grid = np.linspace(tm[0], tm[-1], round(span / step) + 1)
    measured_grid = np.interp(grid, tm, Tm)
    search = min(LAG_FRACTION * span, LAG_CAP) if max_lag is None else float(max_lag)
    tau, corr = _lag(grid, measured_grid, ts, Ts, search) if grid.size >= 3 else (float("nan"), float("nan"))
    offset = float(np.mean(measured_grid - np.interp(grid - (tau if np.isfinite(tau) else 0.0), ts, Ts)))
    summary = MeasuredComparison(
        target=trace.target,
        source=trace.source,
        simulated=simulated,
        samples=int(tm.size),
        start_s=float(tm[0]),
        end_s=float(tm[-1]),
        rms_difference_K=float(np.sqrt(np.mean(diff**2))),
        max_abs_difference_K=float(abs(diff[worst])),
        max_difference_time_s=float(tm[worst]),
        mean_difference_K=float(np.mean(diff)),
        time_lag_s=tau if np.isfinite(tau) else None,
        lag_search_s=search,
        offset_K=offset,
        correlation=corr if np.isfinite(corr) else None,
    )
    return TraceComparison(summary, tm, Tm, Ts_m)


def compare_measured(
    traces: tuple[MeasuredTrace, ...], programme: Programme, stack: StackResult | None
) -> tuple[TraceComparison, ...]:
    """Every measured trace of a case against the run (the case's ``measured`` and ``programme``).

    Raises:
        ValueError: A face or interface target without the stack model's result.
    """
    out = []
    for trace in traces:
        column, t, T = simulated_temperature(trace.target, programme, stack)
        out.append(compare_trace(trace, t, T, column))
    return tuple(out)
