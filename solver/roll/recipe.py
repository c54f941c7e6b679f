"""A slice of web through the roll line as the one recipe representation, a :class:`~thermobond.process.Programme`.

The stack and interface models follow a programme whatever made it (press segments, a press log, a
roll line). :func:`roll_programme` turns a :class:`~thermobond.roll.history.RollHistory` into one:

* ``temperatures``: T(t) at the bonded interface (the point the claims are decided at, and what an
  interface model driven by the recipe sees);
* ``faces``: T(t) of the laminate's bottom and top faces, the boundary conditions of the stack
  model's thermal column (the rolls, drums, heaters and air act on each face differently). Before
  the nip the plies are separate webs, each with its own temperatures; the stack model's laminate
  is joined from the start, and a joined laminate with, say, a hot foil on a cold film would curl
  and carry stresses the separate plies never carry. Until nip entry both faces are therefore given
  the bonded interface's temperature: the laminate arrives at the nip uniform at the temperature its
  interface has, stress-free but for the small mismatch of uniform heating; from nip entry on the
  faces are the web's own;
* ``pressures``: the nip pressure p(t) = p(x = −a + v t), zero outside the nip;
* ``breakpoints``: every zone boundary (preheat zones, nip entry and exit, cooling zones) and
  ``nip_divisions`` − 1 equally spaced times inside the nip, so that a time stepper resolves p(t)
  even where the temperature hardly changes. Segments are named after the zone the web is in.

Every sample of the history is kept: the programme is the history's piecewise-linear T(t), p(t).
"""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np

from ..process import Programme
from .history import RollHistory

__all__ = ["roll_programme"]

_SAME = 1e-9  # relative to the duration: breakpoints this close are one


def _zone_at(history: RollHistory, t: float, divisions: int) -> str:
    """The zone a slice of web is in at time t (s): a preheat zone, the free span, the nip, a cooling zone."""
    if history.nip_start <= t <= history.nip_end:
        if divisions == 1:
            return "nip"
        k = min(int((t - history.nip_start) / history.dwell * divisions), divisions - 1)
        return f"nip {k + 1}/{divisions}"
    events = history.breakpoints
    if t < history.nip_start:
        starts = {name.removesuffix(" starts"): when for name, when in events if name.endswith(" starts")}
        active = [
            zone
            for name, end in events
            if (zone := name.removesuffix(" ends")) in starts and name.endswith(" ends") and starts[zone] <= t < end
        ]
        return " + ".join(active) if active else "free span"
    # after the nip: the cooling zone whose end is the first one after t
    ends = sorted(
        (when, name.removesuffix(" ends"))
        for name, when in events
        if name in ("chill roll ends", "air cooling ends") and when > history.nip_end
    )
    return next((zone for when, zone in ends if t <= when), "after cooling")


def roll_programme(history: RollHistory, interface: str, nip_divisions: int = 8) -> Programme:
    """The recipe a slice of web sees on the roll line (see the module docstring).

    Args:
        history: The slice's history through the line (:func:`~thermobond.roll.history.nip_history`).
        interface: The point of the history whose temperature is the recipe's temperature, an
            interface ``"<lower>/<upper>"`` (or ``"bottom"``, ``"top"``).
        nip_divisions: Pieces the nip is cut into by breakpoints (≥ 1).

    Returns:
        The programme, with ``temperature_of`` = ``interface``.
    """
    if nip_divisions < 1:
        raise ValueError(f"roll_programme: nip_divisions = {nip_divisions!r}; accepted: an integer ≥ 1")
    if interface not in history.points:
        raise ValueError(f"roll_programme: unknown point {interface!r}; accepted: {', '.join(history.points)}")
    t = history.times
    duration = float(t[-1])
    inside = history.nip_start + history.dwell * np.arange(1, nip_divisions) / nip_divisions
    marks = np.array(sorted({0.0, duration, *(when for _, when in history.breakpoints), *inside.tolist()}))
    marks = marks[np.concatenate([[True], np.diff(marks) > _SAME * duration])]
    marks[-1] = duration
    # the breakpoints become samples (values interpolated: the piecewise-linear functions are unchanged)
    missing = marks[np.min(np.abs(marks[:, None] - t[None, :]), axis=1) > _SAME * duration]
    times = np.union1d(t, missing)
    T = history.temperature(interface, times)
    faces = np.column_stack([history.temperature("bottom", times), history.temperature("top", times)])
    before = times <= history.nip_start
    faces[before] = T[before, None]
    p = history.pressure(times)
    snapped = times[np.argmin(np.abs(marks[:, None] - times[None, :]), axis=1)]
    names = ["start"] + [_zone_at(history, 0.5 * (a + b), nip_divisions) for a, b in itertools.pairwise(snapped)]
    seen: Counter[str] = Counter()
    unique = []
    for name in names:
        seen[name] += 1
        unique.append(name if seen[name] == 1 else f"{name} {seen[name]}")
    return Programme(times, T, p, tuple(float(s) for s in snapped), tuple(unique), faces, interface)
