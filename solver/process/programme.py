"""The one recipe representation: temperature and pressure against time.

A :class:`Programme` is piecewise linear between its samples and carries the breakpoints a time
stepper must land on (the ends of the recipe's segments). Segments from a case file, a measured
press log, a slice of web through a roll-lamination line and the temperature a stack model computed
at one of its interfaces are all programmes; every question about a recipe (the bonding temperature,
the pressure while hot, the time above a temperature) is answered here, exactly on the linear pieces,
and nowhere else.

A press recipe gives the platen temperature; the laminate's faces follow it through the platens'
contact. A roll line gives the temperatures of the laminate's two faces themselves (``faces``: the
rolls, drums, heaters and air act on each face differently) and, as ``temperatures``, the temperature
of the bonded interface the claims are decided at.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..units import to_celsius

__all__ = ["T_MAX", "T_MIN", "Programme", "time_at_or_above"]

T_MIN, T_MAX = 173.15, 873.15  # K (−100 … 600 °C): the range a press cycle may visit
_TIME_TOL = 1e-9  # relative: breakpoints this close to a time are that time


def time_at_or_above(t: np.ndarray, y: np.ndarray, level: float) -> tuple[float | None, float]:
    """When the piecewise-linear ``y(t)`` through the samples first reaches ``level`` and how long in
    all it is at or above it, exactly on the linear pieces (the one answer for a temperature held, a
    pressure applied, a nip passed).

    Args:
        t: Sample times (s), increasing.
        y: Values at the samples (any unit, ``level``'s).
        level: The threshold.

    Returns:
        The first time (s) ``y`` ≥ ``level`` (None if never) and the total time (s) at or above it.
    """
    t, y = np.asarray(t, dtype=float), np.asarray(y, dtype=float)
    dt = np.diff(t)
    lo, hi = np.minimum(y[:-1], y[1:]), np.maximum(y[:-1], y[1:])
    span = np.where(hi > lo, hi - lo, 1.0)
    frac = np.where(lo >= level, 1.0, np.where(hi < level, 0.0, (hi - level) / span))
    total = float(np.sum(frac * dt))
    if y[0] >= level:
        return float(t[0]), total
    up = np.nonzero((y[:-1] < level) & (y[1:] >= level))[0]
    if up.size == 0:
        return None, total
    k = int(up[0])
    return float(t[k] + (level - y[k]) / (y[k + 1] - y[k]) * dt[k]), total


@dataclass(frozen=True)
class Programme:
    """T(t), p(t) piecewise linear between samples.

    Attributes:
        times: Sample times (s), starting at 0, strictly increasing.
        temperatures: Temperature at the samples (K).
        pressures: Pressure at the samples (Pa, gauge: 0 is an open press).
        breakpoints: Times a time stepper must land on (s), a subset of ``times`` that includes the
            first and the last.
        names: Name of the segment that ends at each breakpoint (``names[0]`` is ``"start"``).
        faces: Temperatures (K) of the laminate's bottom and top faces at the samples, shape
            (len(times), 2), where the recipe sets the faces (a roll line); None where both faces
            follow ``temperatures`` through the platens (a press).
        temperature_of: What ``temperatures`` is the temperature of: ``"platen"`` or the name of the
            interface it was computed at (``"cu/tpi"``).
    """

    times: np.ndarray
    temperatures: np.ndarray
    pressures: np.ndarray
    breakpoints: tuple[float, ...] = field(default=())
    names: tuple[str, ...] = field(default=())
    faces: np.ndarray | None = None
    temperature_of: str = "platen"

    def __post_init__(self) -> None:
        t = np.asarray(self.times, dtype=float)
        T = np.asarray(self.temperatures, dtype=float)
        p = np.asarray(self.pressures, dtype=float)
        if t.ndim != 1 or t.size < 2 or T.shape != t.shape or p.shape != t.shape:
            raise ValueError("a programme needs at least two samples of t, T and p of the same length")
        if not (np.all(np.isfinite(t)) and np.all(np.isfinite(T)) and np.all(np.isfinite(p))):
            raise ValueError("a programme's times, temperatures and pressures must be finite numbers")
        if np.any(np.diff(t) <= 0):
            raise ValueError("a programme's times must increase")
        for name, arr in (("times", t), ("temperatures", T), ("pressures", p)):
            arr = arr.copy()
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)
        if self.faces is not None:
            F = np.array(self.faces, dtype=float)
            if F.shape != (t.size, 2) or not np.all(np.isfinite(F)):
                raise ValueError("a programme's face temperatures must be finite, one (bottom, top) pair per sample")
            F.setflags(write=False)
            object.__setattr__(self, "faces", F)
        breaks = self.breakpoints or (float(t[0]), float(t[-1]))
        breaks = tuple(sorted({float(b) for b in breaks} | {float(t[0]), float(t[-1])}))
        object.__setattr__(self, "breakpoints", breaks)
        if self.names and len(self.names) != len(breaks):
            raise ValueError("a programme needs one name per breakpoint")
        if not self.names:
            object.__setattr__(self, "names", ("start", *(f"b{k}" for k in range(1, len(breaks)))))

    @classmethod
    def from_breakpoints(
        cls, times: Sequence[float], temperatures: Sequence[float], pressures: Sequence[float], names: Sequence[str]
    ) -> Programme:
        """A programme whose every sample is a breakpoint (a list of segments)."""
        return cls(np.asarray(times), np.asarray(temperatures), np.asarray(pressures), tuple(times), tuple(names))

    # ---- evaluation ------------------------------------------------------------------------------
    @property
    def duration(self) -> float:
        return float(self.times[-1])

    def temperature(self, t: float | np.ndarray) -> np.ndarray:
        """T (K) at time(s) t (s)."""
        return np.interp(t, self.times, self.temperatures)

    def pressure(self, t: float | np.ndarray) -> np.ndarray:
        """p (Pa) at time(s) t (s)."""
        return np.interp(t, self.times, self.pressures)

    def face_temperatures(self, t: float) -> tuple[float, float]:
        """(bottom, top) face temperatures (K) at time t (s): the recipe's faces, or the platen
        temperature on both."""
        if self.faces is None:
            T = float(self.temperature(t))
            return T, T
        return float(np.interp(t, self.times, self.faces[:, 0])), float(np.interp(t, self.times, self.faces[:, 1]))

    def temperature_rate(self, t: float) -> float:
        """Mean |dT/dt| (K/s) between the breakpoints around ``t`` (the segment a step from ``t`` is in),
        the largest of the recipe's temperature and its face temperatures."""
        b = np.asarray(self.breakpoints)
        i = int(np.searchsorted(b, t, side="right"))
        if not 0 < i < b.size:
            return 0.0
        ends = [float(self.temperature(b[i - 1])), float(self.temperature(b[i]))]
        change = abs(ends[1] - ends[0])
        if self.faces is not None:
            lo, hi = self.face_temperatures(b[i - 1]), self.face_temperatures(b[i])
            change = max(change, abs(hi[0] - lo[0]), abs(hi[1] - lo[1]))
        return float(change / (b[i] - b[i - 1]))

    def next_breakpoint(self, t: float) -> float:
        """The first breakpoint after ``t`` (the end if there is none)."""
        b = np.asarray(self.breakpoints)
        later = b[b > t * (1 + 1e-12) + 1e-12]
        return float(later[0]) if later.size else self.duration

    def segment(self, name: str) -> tuple[float, float]:
        """(start, end) times (s) of the named segment."""
        k = self.names.index(name)
        if k == 0:
            raise ValueError("'start' names the beginning of the programme, not a segment")
        return self.breakpoints[k - 1], self.breakpoints[k]

    def segment_at(self, t: float) -> str:
        """Name of the segment containing time ``t``."""
        k = int(np.searchsorted(np.asarray(self.breakpoints), t, side="left"))
        return self.names[min(max(k, 1), len(self.names) - 1)]

    @property
    def peak_temperature(self) -> float:
        return float(self.temperatures.max())

    @property
    def peak_pressure(self) -> float:
        return float(self.pressures.max())

    # ---- questions about the recipe (exact on the linear pieces) ----------------------------------
    def _pieces(self) -> zip[tuple[float, float, float, float, float, float]]:
        t, T, p = self.times, self.temperatures, self.pressures
        return zip(t[:-1], t[1:], T[:-1], T[1:], p[:-1], p[1:], strict=True)

    def bonding_temperature(self) -> float | None:
        """Highest temperature (K) reached while pressure is applied; None if never pressed.

        Both programmes are linear on each piece, so the supremum over pressed times is the largest
        end temperature of any piece with pressure at either end.
        """
        best = [max(T0, T1) for _, _, T0, T1, p0, p1 in self._pieces() if p0 > 0 or p1 > 0]
        return float(max(best)) if best else None

    def pressure_while_at_or_above(self, temperature: float) -> float | None:
        """Highest pressure (Pa) while T ≥ ``temperature``; None if that temperature is never reached."""
        best: float | None = None
        for _, _, T0, T1, p0, p1 in self._pieces():
            hot = [(p0, T0), (p1, T1)]
            cands = [p for p, T in hot if T >= temperature]
            if (T0 - temperature) * (T1 - temperature) < 0:  # the piece crosses the temperature
                s = (temperature - T0) / (T1 - T0)
                cands.append(p0 + s * (p1 - p0))
            if cands:
                best = float(max(cands)) if best is None else float(max(best, *cands))
        return best

    def time_above(self, temperature: float) -> float:
        """Total time (s) with T ≥ ``temperature``."""
        return time_at_or_above(self.times, self.temperatures, temperature)[1]

    def time_pressed(self, pressure: float) -> tuple[float | None, float]:
        """When the pressure first reaches ``pressure`` (Pa; None if never) and the total time (s) at
        or above it."""
        return time_at_or_above(self.times, self.pressures, pressure)

    def pressed_after(self, t: float) -> bool:
        """Whether any pressure is applied at or after time ``t`` (s)."""
        return bool(np.any(self.pressures[self.times >= t - _TIME_TOL * max(abs(t), 1.0)] > 0)) or bool(
            self.pressure(t) > 0
        )

    def describe(self, limit: int = 40) -> str:
        """One line per segment (the first and last ``limit``/2 of a long programme)."""
        rows = []
        b = self.breakpoints
        for k in range(1, len(b)):
            rows.append(
                f"{self.names[k]:>12s}: {b[k - 1]:8.1f}–{b[k]:8.1f} s, "
                f"{to_celsius(float(self.temperature(b[k - 1]))):6.1f}→{to_celsius(float(self.temperature(b[k]))):6.1f}"
                f" °C, {float(self.pressure(b[k - 1])) / 1e6:6.2f}→{float(self.pressure(b[k])) / 1e6:6.2f} MPa"
            )
        if len(rows) > limit:
            half = limit // 2
            rows = [*rows[:half], f"{'…':>12s}  ({len(rows) - 2 * half} more segments)", *rows[-half:]]
        return "\n".join(rows)
