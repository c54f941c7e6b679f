"""A measured press log reduced to the recipe it records.

A logger samples the press every second or so, with sensor noise. Followed sample by sample, a
2-hour log is thousands of time steps, and a gauge that reads a few kPa with the press open would
keep a platen on the laminate through the whole cool-down. :func:`simplify_log` turns the samples
into the piecewise-linear recipe they record, within the sensor's resolution:

1. Pressures within ``pressure_tolerance`` of zero are zero: the press is open. This is the one
   pressure threshold in thermobond, and it is the gauge's, stated in the case
   (``[cycle] pressure_tolerance``).
2. The breakpoints are the fewest samples such that the straight lines between them pass within
   the tolerances of every sample (Ramer–Douglas–Peucker on T and p scaled by their tolerances;
   Douglas & Peucker 1973, Cartographica 10:112). Each breakpoint keeps its logged values, so the
   recipe follows the log to within its noise and the tolerance.

The result is an ordinary :class:`~thermobond.process.Programme`: the same recipe written as
segments and as a log gives the same steps, the same histories and the same curl.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..outputs import atomic_write_text
from .programme import Programme

__all__ = ["LogTolerance", "sample_log", "simplify_log", "write_log"]


@dataclass(frozen=True)
class LogTolerance:
    """How closely the recipe follows the logged samples.

    Attributes:
        temperature: Largest distance (K) between a logged temperature and the recipe.
        pressure: Largest distance (Pa) between a logged pressure and the recipe; pressures at or
            below it are an open press.
    """

    temperature: float = 0.5
    pressure: float = 0.05e6


def _breakpoints(t: np.ndarray, values: np.ndarray) -> list[int]:
    """Indices of the samples kept: lines between them stay within 1 of every (scaled) sample."""
    keep = [0, t.size - 1]
    stack = [(0, t.size - 1)]
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        s = (t[a + 1 : b] - t[a]) / (t[b] - t[a])
        chord = values[a] + s[:, None] * (values[b] - values[a])
        dev = np.max(np.abs(values[a + 1 : b] - chord), axis=1)
        k = int(np.argmax(dev))
        if dev[k] > 1.0:
            m = a + 1 + k
            keep.append(m)
            stack += [(a, m), (m, b)]
    return sorted(keep)


def simplify_log(
    times: np.ndarray, temperatures: np.ndarray, pressures: np.ndarray, tolerance: LogTolerance
) -> Programme:
    """The recipe a log records (see the module docstring).

    Args:
        times: Sample times (s), increasing, from 0.
        temperatures: Logged temperatures (K).
        pressures: Logged pressures (Pa, gauge).
        tolerance: The sensors' resolution.

    Returns:
        A programme whose breakpoints are the kept samples, named ``row<k>`` after the log's data
        row k (1 is the first data row).
    """
    t = np.asarray(times, dtype=float)
    T = np.asarray(temperatures, dtype=float)
    p = np.where(np.asarray(pressures, dtype=float) <= tolerance.pressure, 0.0, pressures)
    scaled = np.column_stack([T / tolerance.temperature, p / tolerance.pressure])
    keep = _breakpoints(t, scaled)
    names = ["start", *(f"row{k + 1}" for k in keep[1:])]
    return Programme.from_breakpoints(t[keep].tolist(), T[keep].tolist(), p[keep].tolist(), names)


def sample_log(
    programme: Programme,
    period: float = 1.0,
    temperature_noise: float = 0.1,
    pressure_noise: float = 5e3,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What a logger would record of a recipe: samples every ``period`` s with Gaussian sensor noise
    (standard deviations in K and Pa); a gauge reads the magnitude of its noise when the press is
    open (it never reads below zero). For testing the log reader against the recipe it records.

    Returns:
        (t in s, T in K, p in Pa).
    """
    rng = np.random.default_rng(seed)
    t = np.arange(0.0, programme.duration + 0.5 * period, period)
    t[-1] = min(t[-1], programme.duration)
    T = programme.temperature(t) + rng.normal(0.0, temperature_noise, t.size)
    p = np.abs(programme.pressure(t) + rng.normal(0.0, pressure_noise, t.size))
    return t, T, p


def write_log(path: Any, t: np.ndarray, T: np.ndarray, p: np.ndarray) -> None:
    """A press log CSV as :func:`~thermobond.process.read_press_log` reads it (s, °C, MPa)."""

    rows = ["t [s], T [degC], p [MPa]"] + [
        f"{a:.6g}, {b - 273.15:.4f}, {c / 1e6:.6f}" for a, b, c in zip(t, T, p, strict=True)
    ]
    atomic_write_text(path, "\n".join(rows) + "\n")
