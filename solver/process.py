"""The press cycle: temperature and pressure programmes T(t), p(t).

A cycle is either a list of segments, each giving the end temperature and/or pressure reached
linearly over its duration (or at a temperature rate), or a measured press log (CSV of t, T, p
with units in the header). Both become the same object: piecewise-linear T(t) and p(t) with named
breakpoints that the time stepper must hit.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import InputError
from .schema import Section
from .units import parse_quantity, to_celsius

__all__ = ["Cycle", "read_cycle", "read_press_log"]

T_MIN, T_MAX = 173.15, 873.15  # K (−100 … 600 °C): the range a press cycle may visit
P_MAX = 500e6  # Pa


@dataclass(frozen=True)
class Cycle:
    """Piecewise-linear temperature and pressure programme.

    Attributes:
        times: Breakpoint times (s), starting at 0, strictly increasing.
        temperatures: Platen temperature at the breakpoints (K).
        pressures: Applied pressure at the breakpoints (Pa).
        names: Name of the segment that ends at each breakpoint (``names[0]`` is "start").
    """

    times: np.ndarray
    temperatures: np.ndarray
    pressures: np.ndarray
    names: tuple[str, ...]

    @property
    def duration(self) -> float:
        return float(self.times[-1])

    def temperature(self, t: float | np.ndarray) -> np.ndarray:
        return np.interp(t, self.times, self.temperatures)

    def pressure(self, t: float | np.ndarray) -> np.ndarray:
        return np.interp(t, self.times, self.pressures)

    def segment(self, name: str) -> tuple[float, float]:
        """(start, end) times of the named segment."""
        k = self.names.index(name)
        return float(self.times[k - 1]), float(self.times[k])

    @property
    def peak_temperature(self) -> float:
        return float(self.temperatures.max())

    @property
    def peak_pressure(self) -> float:
        return float(self.pressures.max())

    def pressed(self) -> np.ndarray:
        """Mask of breakpoints where pressure is applied."""
        return self.pressures > 0

    def bonding_temperature(self) -> float:
        """Highest platen temperature reached while pressure is applied (K).

        Both programmes are linear between breakpoints, so the supremum over pressed times is the
        largest end temperature of any interval with pressure at either end. Returns the start
        temperature if the cycle never applies pressure.
        """
        best = [
            max(self.temperatures[k], self.temperatures[k + 1])
            for k in range(len(self.times) - 1)
            if self.pressures[k] > 0 or self.pressures[k + 1] > 0
        ]
        return float(max(best)) if best else float(self.temperatures[0])

    def time_above(self, temperature: float) -> float:
        """Total time with the platen at or above ``temperature`` (s), exact for linear pieces."""
        total = 0.0
        for k in range(len(self.times) - 1):
            t0, t1 = self.times[k], self.times[k + 1]
            T0, T1 = self.temperatures[k], self.temperatures[k + 1]
            if T0 >= temperature and T1 >= temperature:
                total += t1 - t0
            elif T0 != T1 and (T0 >= temperature or T1 >= temperature):
                frac = (max(T0, T1) - temperature) / abs(T1 - T0)
                total += frac * (t1 - t0)
        return float(total)

    def describe(self) -> str:
        rows = []
        for k in range(1, len(self.times)):
            rows.append(
                f"{self.names[k]:>12s}: {self.times[k - 1]:8.1f}–{self.times[k]:8.1f} s, "
                f"{to_celsius(self.temperatures[k - 1]):6.1f}→{to_celsius(self.temperatures[k]):6.1f} °C, "
                f"{self.pressures[k - 1] / 1e6:6.2f}→{self.pressures[k] / 1e6:6.2f} MPa"
            )
        return "\n".join(rows)


def read_cycle(sec: Section) -> Cycle:
    """Build the cycle from the ``[cycle]`` table (segments or ``log``)."""
    if sec.has("log"):
        path = sec.path("log")
        sec.finish()
        return read_press_log(path)
    T = sec.quantity("start_temperature", "temperature", lo=T_MIN, hi=T_MAX)
    p = sec.quantity("start_pressure", "pressure", 0.0, lo=0.0, hi=P_MAX)
    times, temps, pres, names = [0.0], [T], [p], ["start"]
    segs = sec.sections("segments")
    if not segs:
        raise sec.error("segments", "a cycle needs at least one segment")
    for i, s in enumerate(segs):
        name = s.string("name", f"segment{i + 1}")
        if name in names:
            raise s.error("name", "segment names must be unique", name)
        T1 = s.quantity("temperature", "temperature", temps[-1], lo=T_MIN, hi=T_MAX)
        p1 = s.quantity("pressure", "pressure", pres[-1], lo=0.0, hi=P_MAX)
        if s.has("duration") == s.has("rate"):
            raise s.error(
                None, "give exactly one of 'duration' or 'rate'", None, "duration = '10 min' or rate = '5 K/min'"
            )
        if s.has("rate"):
            rate = s.quantity("rate", "temperature_rate", lo=0.0, lo_open=True, hi=1e3)
            if T1 == temps[-1]:
                raise s.error("rate", "a rate needs a temperature change; use 'duration' for a hold", s.data["rate"])
            dt = abs(T1 - temps[-1]) / rate
        else:
            dt = s.quantity("duration", "time", lo=0.0, lo_open=True, hi=1e7)
        s.finish()
        times.append(times[-1] + dt)
        temps.append(T1)
        pres.append(p1)
        names.append(name)
    sec.finish()
    return Cycle(np.array(times), np.array(temps), np.array(pres), tuple(names))


def _unit_of(header: str) -> tuple[str, str | None]:
    """'T [degC]' or 'T (degC)' → ('T', 'degC')."""
    h = header.strip()
    for o, c in (("[", "]"), ("(", ")")):
        if o in h and h.endswith(c):
            name, unit = h[: h.index(o)], h[h.index(o) + 1 : -1]
            return name.strip(), unit.strip()
    return h, None


def read_press_log(path: Path) -> Cycle:
    """Read a press log CSV with columns ``t``, ``T`` and ``p``, units in the header.

    Example header: ``t [s], T [degC], p [MPa]``. Rows must have increasing time. Breakpoints are
    the logged rows, so the time stepper follows the log exactly.
    """
    try:
        text = path.read_text()
    except OSError as exc:
        raise InputError(f"cannot read press log: {exc}", file=path) from None
    rows = [r for r in csv.reader(text.splitlines()) if r and not r[0].lstrip().startswith("#")]
    if len(rows) < 3:
        raise InputError("a press log needs a header and at least two rows", file=path)
    cols = {}
    for j, h in enumerate(rows[0]):
        name, unit = _unit_of(h)
        cols[name] = (j, unit)
    kinds = {"t": "time", "T": "temperature", "p": "pressure"}
    for c in kinds:
        if c not in cols:
            raise InputError("missing column", file=path, key=c, accepted="header 't [s], T [degC], p [MPa]'")
        if cols[c][1] is None:
            raise InputError(
                "column needs a unit in the header",
                file=path,
                key=c,
                value=rows[0][cols[c][0]],
                accepted="e.g. 'T [degC]'",
            )
    extra = set(cols) - set(kinds)
    if extra:
        raise InputError("unknown column", file=path, key=sorted(extra)[0], accepted="t, T, p")
    data = {c: [] for c in kinds}  # type: dict[str, list[float]]
    for i, r in enumerate(rows[1:], start=2):
        for c, kind in kinds.items():
            j, unit = cols[c]
            try:
                cell = r[j]
                float(cell)
            except (IndexError, ValueError):
                raise InputError(
                    f"row {i}: not a number", file=path, key=c, value=r[j] if j < len(r) else None
                ) from None
            data[c].append(parse_quantity(f"{cell} {unit}", kind, key=c, file=str(path)))
    t = np.array(data["t"])
    t = t - t[0]
    if np.any(np.diff(t) <= 0):
        i = int(np.argmax(np.diff(t) <= 0)) + 3
        raise InputError(f"row {i}: time must increase", file=path, key="t")
    T, p = np.array(data["T"]), np.array(data["p"])
    if np.any((T < T_MIN) | (T > T_MAX)):
        raise InputError("temperature out of range", file=path, key="T", accepted="-100 … 600 °C")
    if np.any((p < 0) | (p > P_MAX)):
        raise InputError("pressure out of range", file=path, key="p", accepted="0 … 500 MPa")
    names = ("start", *tuple(f"log{k}" for k in range(1, len(t))))
    return Cycle(t, T, p, names)
