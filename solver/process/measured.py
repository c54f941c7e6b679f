"""Measured temperatures of a press cycle: thermocouple traces to hold a run's temperatures against.

A plant logs more than the set points: thermocouples in a platen, under a release film, or a fine
wire laid into the stack at the copper/TPI interface. A case names them in ``[cycle.measured]``,
one key per place measured — ``platen`` (the platen surface the recipe sets), ``top`` or
``bottom`` (the laminate's outer faces, below a pad or release film) or the name of an interface of
the stack (``lower/upper``, e.g. ``"cu/tpi"``)::

    [cycle]
    log = "press.csv"                      # t [s], T [degC], p [MPa], T_tc1 [degC], T_tc2 [degC]
    [cycle.measured]
    "cu/tpi" = "T_tc1"                     # a column of the press log
    platen = { file = "platen_tc.csv", column = "T", cycle_start = "35 s" }

A string names a column of the press log (its header gives the unit: ``T_tc1 [degC]``). A table
names a separate CSV file (read like every other table, :mod:`thermobond.tables`): ``file``, the
``column`` of temperatures (default: the one column besides time), and ``cycle_start``, the time on
the file's own clock at which the cycle starts (default: its first row, as for a press log).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..errors import InputError
from ..schema import Section
from ..tables import read_table
from ..units import parse_quantity
from .programme import T_MAX, T_MIN

if TYPE_CHECKING:
    from .segments import PressLog

__all__ = ["FACES", "PLATEN", "MeasuredTrace", "read_measured"]

#: The target name of the platen's surface temperature (what the recipe sets).
PLATEN = "platen"
#: Target names of the laminate's outer faces (under a pad they differ from the platen's).
FACES = ("top", "bottom")
_TIME_NAMES = ("t", "time")


@dataclass(frozen=True)
class MeasuredTrace:
    """A measured temperature of the cycle.

    Attributes:
        target: Where it was measured: :data:`PLATEN` or an interface name (``"cu/tpi"``).
        source: Where the values come from, in words (``"column 'T_tc1' of press.csv"``).
        times: Sample times on the cycle's clock (s), increasing.
        temperatures: Measured temperatures (K).
        key: The case key that named it (``cycle.measured."cu/tpi"``), for messages.
    """

    target: str
    source: str
    times: np.ndarray
    temperatures: np.ndarray
    key: str


def _from_log(sec: Section, target: str, column: str, log: PressLog | None) -> MeasuredTrace:
    key = sec.key(f'"{target}"')
    if log is None:
        raise InputError(
            "a column name needs a press log ([cycle] log); this cycle is written as segments",
            file=sec.file,
            key=key,
            value=column,
            accepted='a separate trace: { file = "tc.csv", column = "T" }',
        )
    if column not in log.extra:
        main = "the time, temperature and pressure columns are the recipe" if column in ("t", "T", "p") else ""
        raise InputError(
            f"no column '{column}' besides t, T, p in the press log {log.path.name}" + (f" ({main})" if main else ""),
            file=sec.file,
            key=key,
            value=column,
            accepted=", ".join(repr(c) for c in log.extra) or "no extra column: the log has only t, T and p",
        )
    unit, values = log.extra[column]
    if not unit:
        raise InputError(
            f"column '{column}' of the press log {log.path.name} has no unit in its header",
            file=log.path,
            column=column,
            accepted=f"e.g. '{column} [degC]'",
        )
    try:
        b = parse_quantity(f"0 {unit}", "temperature")
        a = parse_quantity(f"1 {unit}", "temperature") - b
    except InputError:
        raise InputError(
            f"unit '{unit}' of column '{column}' is not a temperature unit",
            file=log.path,
            column=column,
            value=unit,
            accepted="degC, K or degF",
        ) from None
    T = a * np.asarray(values, dtype=float) + b
    _check_range(T, key, sec, f"column '{column}' of {log.path.name}")
    return MeasuredTrace(target, f"column '{column}' of {log.path.name}", log.times.copy(), T, key)


def _from_file(sub: Section, target: str) -> MeasuredTrace:
    """A trace in a separate CSV file.

    Keys:
        file: The CSV file of the trace, relative to the case file: a time column (``t [s]``) and
            temperatures with their unit in the header.
        column: The column of temperatures. Default: the one column besides time.
        cycle_start: The time on the file's own clock at which the cycle starts. Default: the
            file's first row.
    """
    path = sub.path("file")
    name = sub.string("column", "")
    table = read_table(path, "temperature trace", min_rows=2)
    t_col = table.find(*_TIME_NAMES) or table.require("time", accepted="a time column 't [s]'", ignore_case=True)
    if name:
        col = table.require(name, accepted=f"a column named '{name}' (the key 'column')")
    else:
        others = [c for c in table.columns if c.index != t_col.index]
        if len(others) != 1:
            raise sub.error(
                "column",
                f"{path.name} has {len(others)} columns besides time: say which one is the temperature",
                None,
                ", ".join(repr(c.name) for c in others),
            )
        col = others[0]
    t = table.quantities(t_col, "time", accepted="a finite time")
    table.check_increasing(t_col, t)
    T = table.quantities(col, "temperature", lo=T_MIN, hi=T_MAX, accepted="−100 … 600 °C")
    start = sub.quantity("cycle_start", "time", float(t[0]), lo=-1e9, hi=1e9)
    sub.finish()
    return MeasuredTrace(target, f"column '{col.name}' of {path.name}", t - start, T, sub.prefix)


def _check_range(T: np.ndarray, key: str, sec: Section, source: str) -> None:
    bad = (T < T_MIN) | (T > T_MAX)
    if np.any(bad):
        i = int(np.argmax(bad))
        raise InputError(
            f"a measured temperature out of range in {source} (row {i + 1}: {T[i] - 273.15:.6g} °C)",
            file=sec.file,
            key=key,
            accepted="−100 … 600 °C",
        )


def read_measured(sec: Section, log: PressLog | None) -> tuple[MeasuredTrace, ...]:
    """The traces named in a ``[cycle.measured]`` table (see the module docstring).

    Keys:
        <place>: The temperature measured at one place, named by the key: ``platen`` (the platen
            surface the recipe sets), ``top`` or ``bottom`` (the laminate's outer faces) or an
            interface of the stack (``"cu/tpi"``, lower/upper). Its value names a column of the
            press log (``"T_tc1"``; the header gives the unit) or a separate trace file
            (``{ file = "tc.csv", column = "T", cycle_start = "35 s" }``).

    Args:
        sec: The ``[cycle.measured]`` table (empty when the case has none).
        log: The cycle's press log, or None for a cycle written as segments.

    Returns:
        One trace per key, in the file's order. Whether a target names an interface of the stack is
        checked where the stack is known (:func:`thermobond.case.read_case`).

    Raises:
        InputError: A column or file that is missing, a unit that is not a temperature, values
            outside −100 … 600 °C, or a time column that does not increase.
    """
    traces = []
    for target in list(sec.data):
        value = sec.data[target]
        if isinstance(value, str):
            sec.string(target)
            traces.append(_from_log(sec, target, value, log))
        elif isinstance(value, dict):
            traces.append(_from_file(sec.section(target), target))
        else:
            raise sec.error(
                target, "expected a column name or a table", value, "'T_tc1' or { file = 'tc.csv', column = 'T' }"
            )
        if traces[-1].times.size < 2:
            raise sec.error(target, "a trace needs at least two samples", value)
    sec.finish()
    return tuple(traces)
