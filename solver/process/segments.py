"""Reading a press recipe, the ``[cycle]`` table of a case, into a :class:`Programme`.

A cycle is either a list of segments, each giving the end temperature and/or pressure reached
linearly over its duration (or at a temperature rate), or a measured press log (CSV of t, T, p
with units in the header). Both become the same object: piecewise-linear T(t) and p(t) with named
breakpoints that the time stepper must hit.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from ..errors import InputError
from ..schema import Section
from ..units import parse_quantity
from .presslog import LogTolerance, simplify_log
from .programme import Programme

__all__ = ["read_cycle", "read_log_samples", "read_press_log"]

T_MIN, T_MAX = 173.15, 873.15  # K (−100 … 600 °C): the range a press cycle may visit
P_MAX = 500e6  # Pa


def read_cycle(sec: Section) -> Programme:
    """Build the cycle from the ``[cycle]`` table (segments or ``log``)."""
    if sec.has("log"):
        path = sec.path("log")
        tol = LogTolerance(
            sec.quantity(
                "temperature_tolerance",
                "temperature_difference",
                LogTolerance.temperature,
                lo=0.0,
                lo_open=True,
                hi=50.0,
            ),
            sec.quantity("pressure_tolerance", "pressure", LogTolerance.pressure, lo=0.0, lo_open=True, hi=10e6),
        )
        sec.finish()
        return read_press_log(path, tol)
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
    return Programme.from_breakpoints(times, temps, pres, names)


def _unit_of(header: str) -> tuple[str, str | None]:
    """'T [degC]' or 'T (degC)' → ('T', 'degC')."""
    h = header.strip()
    for o, c in (("[", "]"), ("(", ")")):
        if o in h and h.endswith(c):
            name, unit = h[: h.index(o)], h[h.index(o) + 1 : -1]
            return name.strip(), unit.strip()
    return h, None


def read_press_log(path: Path, tolerance: LogTolerance | None = None) -> Programme:
    """Read a press log CSV with columns ``t``, ``T`` and ``p``, units in the header, as the recipe
    it records within the sensors' resolution (:func:`~thermobond.process.presslog.simplify_log`).

    Example header: ``t [s], T [degC], p [MPa]``. Rows must have increasing time. Pressures down
    to −``tolerance.pressure`` (a gauge's zero offset) are accepted and read as an open press.
    """
    t, T, p = read_log_samples(path, tolerance or LogTolerance())
    return simplify_log(t, T, p, tolerance or LogTolerance())


def read_log_samples(path: Path, tolerance: LogTolerance) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The logged samples (t from 0 in s, T in K, p in Pa), validated (see :func:`read_press_log`)."""
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
    if np.any((p < -tolerance.pressure) | (p > P_MAX)):
        i = int(np.argmax((p < -tolerance.pressure) | (p > P_MAX))) + 2
        raise InputError(
            f"row {i}: pressure out of range",
            file=path,
            key="p",
            value=f"{p[i - 2] / 1e6:.6g} MPa",
            accepted=f"-{tolerance.pressure / 1e6:.3g} (the pressure_tolerance) … 500 MPa",
        )
    return t, T, np.maximum(p, 0.0)
