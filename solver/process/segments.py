"""Reading a press recipe, the ``[cycle]`` table of a case, into a :class:`Programme`.

A cycle is either a list of segments, each giving the end temperature and/or pressure reached
linearly over its duration (or at a temperature rate), or a measured press log (CSV of t, T, p
with units in the header). Both become the same object: piecewise-linear T(t) and p(t) with named
breakpoints that the time stepper must hit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..schema import Section
from ..tables import Column, Table, read_table
from .presslog import LogTolerance, simplify_log
from .programme import Programme

__all__ = ["MAX_CYCLE_LENGTH", "PressLog", "read_cycle", "read_press_log"]

T_MIN, T_MAX = 173.15, 873.15  # K (−100 … 600 °C): the range a press cycle may visit
P_MAX = 500e6  # Pa
#: Longest cycle accepted (s), ≈ 116 days: longer is a unit mistake (a rate in K/h for K/min, "1e-9 K/min")
MAX_CYCLE_LENGTH = 1e7
_LOG_HEADER = "t [s], T [degC], p [MPa] (any time, temperature and pressure units)"


def _days(seconds: float) -> str:
    return f"{seconds:.4g} s = {seconds / 86400:.4g} days"


def read_cycle(sec: Section) -> Programme:
    """Build the cycle from the ``[cycle]`` table (segments or ``log``).

    Keys:
        log: A press log (CSV) to use as the recipe instead of segments, relative to the case file:
            columns ``t``, ``T`` (platen temperature) and ``p`` (press pressure) with units in the
            header (``t [s], T [degC], p [MPa]``); further columns (thermocouples ...) are kept.
            The log is reduced to the fewest breakpoints that reproduce every row within the two
            tolerances, so the time step follows the physics, not the log's sampling.
        temperature_tolerance: How far the reduced recipe may deviate from a logged temperature (K).
        pressure_tolerance: How far the reduced recipe may deviate from a logged pressure (Pa);
            a logged pressure within it of zero is an open press.
        start_temperature: Platen temperature at t = 0; the laminate starts uniformly at it.
        start_pressure: Press pressure at t = 0 (gauge; 0: the press is open).
        segments: The recipe after the start, in order (``[[cycle.segments]]``): each ramps the
            temperature and the pressure linearly from the previous segment's end to its own end
            values, over ``duration`` or at ``rate``.
        segments.name: Segment name, unique; dotted keys (``cycle.hold.temperature``) and
            ``active_from`` refer to it. Default: ``segment1``, ``segment2`` ...
        segments.temperature: Platen temperature at the end of the segment. Default: unchanged.
        segments.pressure: Press pressure at the end of the segment (gauge). Default: unchanged.
        segments.duration: Length of the segment; give ``duration`` or ``rate``.
        segments.rate: Heating or cooling rate (its sign does not matter); the segment lasts
            |ΔT|/rate. Give ``duration`` or ``rate``; a rate needs a temperature change.

    Raises:
        InputError: A bad key (named), a rate whose segment would last longer than
            :data:`MAX_CYCLE_LENGTH`, or a cycle longer than that in total.
    """
    if sec.has("log"):
        path = sec.path("log")
        default = LogTolerance()
        tol = LogTolerance(
            sec.quantity(
                "temperature_tolerance", "temperature_difference", default.temperature, lo=0.0, lo_open=True, hi=50.0
            ),
            sec.quantity("pressure_tolerance", "pressure", default.pressure, lo=0.0, lo_open=True, hi=10e6),
        )
        sec.finish()
        return read_press_log(path, tol).programme(tol)
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
            if dt > MAX_CYCLE_LENGTH:
                raise s.error(
                    "rate",
                    f"at this rate the segment's {abs(T1 - temps[-1]):.4g} K change takes {_days(dt)}, longer than "
                    f"the longest cycle accepted ({_days(MAX_CYCLE_LENGTH)}); is the unit right?",
                    s.data["rate"],
                    f"a rate of at least {abs(T1 - temps[-1]) / MAX_CYCLE_LENGTH * 60:.3g} K/min for this segment",
                )
        else:
            dt = s.quantity("duration", "time", lo=0.0, lo_open=True, hi=MAX_CYCLE_LENGTH)
        s.finish()
        if times[-1] + dt > MAX_CYCLE_LENGTH:
            raise s.error(
                None,
                f"the cycle up to the end of this segment lasts {_days(times[-1] + dt)}, longer than the longest "
                "cycle accepted",
                None,
                f"a whole cycle of at most {_days(MAX_CYCLE_LENGTH)}",
            )
        times.append(times[-1] + dt)
        temps.append(T1)
        pres.append(p1)
        names.append(name)
    sec.finish()
    return Programme.from_breakpoints(times, temps, pres, names)


@dataclass(frozen=True)
class PressLog:
    """A measured press log in SI: the time, temperature and pressure columns and every other column.

    Attributes:
        path: The file.
        times: Time of every row from the first row (s).
        temperatures: Platen (set or measured) temperature (K).
        pressures: Press pressure (Pa, gauge).
        start_time: The first row's time as written, in s (the log's own clock).
        extra: Every other column by its name: (unit as written or None, values as written), e.g. a
            thermocouple ``"T_tc"`` → ``("degC", array([...]))``; finite numbers on every row.
        layout: How the file was read ("comma-separated", "semicolon-separated, decimal commas").
    """

    path: Path
    times: np.ndarray
    temperatures: np.ndarray
    pressures: np.ndarray
    start_time: float
    extra: Mapping[str, tuple[str | None, np.ndarray]] = field(default_factory=dict)
    layout: str = "comma-separated"

    def programme(self, tolerance: LogTolerance | None = None) -> Programme:
        """The recipe the log records, within the sensors' resolution: the fewest rows as breakpoints
        such that the recipe passes within the tolerances of every row, pressures within the
        pressure tolerance of zero an open press (:func:`~thermobond.process.presslog.simplify_log`)."""
        return simplify_log(self.times, self.temperatures, self.pressures, tolerance or LogTolerance())


def _log_column(table: Table, name: str, aliases: tuple[str, ...]) -> Column:
    col = table.find(name) or table.find(*aliases, ignore_case=True)
    if col is None:
        raise table.error(
            f"no column '{name}' in the header (read as {table.layout}: {table.headers})", accepted=_LOG_HEADER
        )
    return col


def read_press_log(path: Path, tolerance: LogTolerance | None = None) -> PressLog:
    """Read a press log: columns ``t``, ``T`` and ``p`` with units in the header, any others kept.

    Example header: ``t [s], T [degC], p [MPa], T_tc [degC]``. Comma- or semicolon-separated (see
    :mod:`thermobond.tables`). Time must increase from row to row; every value must be a finite
    number inside the cycle's ranges (−100 … 600 °C, 0 … 500 MPa; a gauge's zero offset down to
    −``tolerance.pressure`` reads as an open press), and the log at most :data:`MAX_CYCLE_LENGTH` long.

    Raises:
        InputError: Naming the file, the line and column, the value and what is accepted.
    """
    table = read_table(path, "press log", min_rows=2)
    t_col = _log_column(table, "t", ("time",))
    T_col = _log_column(table, "T", ("temperature", "temp"))
    p_col = _log_column(table, "p", ("pressure",))
    t = table.quantities(t_col, "time", accepted="a finite time")
    T = table.quantities(T_col, "temperature", lo=T_MIN, hi=T_MAX, accepted="−100 … 600 °C")
    p_tol = (tolerance or LogTolerance()).pressure
    p = table.quantities(
        p_col, "pressure", lo=-p_tol, hi=P_MAX, accepted=f"−{p_tol / 1e6:.3g} (the pressure_tolerance) … 500 MPa"
    )
    table.check_increasing(t_col, t)
    if t[-1] - t[0] > MAX_CYCLE_LENGTH:
        raise table.error(
            f"the log lasts {_days(t[-1] - t[0])}, longer than the longest cycle accepted",
            row=table.n_rows - 1,
            column=t_col,
            value=table.cells[-1][t_col.index],
            accepted=f"at most {_days(MAX_CYCLE_LENGTH)}; is the time unit right?",
        )
    main = {t_col.index, T_col.index, p_col.index}
    extra = {
        c.name: (c.unit, table.numbers(c, accepted="a finite number (extra columns are kept for later use)"))
        for c in table.columns
        if c.index not in main
    }
    return PressLog(Path(path), t - t[0], T, np.maximum(p, 0.0), float(t[0]), extra, table.layout)
