"""Roll-line study: the nip history over line speed × roll temperature × line load."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .compliance import ThinFoundation
from .contact import NipContact
from .history import Discretisation, RollHistory, nip_history
from .nip import nip_contact
from .records import Cooling, Line, Ply, Preheat, Roll

__all__ = ["RollLinePoint", "RollSetting", "roll_line_study"]


@dataclass(frozen=True)
class RollSetting:
    """One operating point of the line.

    Attributes:
        speed: Web speed (m/s).
        roll_temperature: Surface temperature of both rolls (K).
        line_load: Line load (N/m).
    """

    speed: float
    roll_temperature: float
    line_load: float


@dataclass(frozen=True)
class RollLinePoint:
    """An operating point and the history of a slice of web through the line at it."""

    setting: RollSetting
    history: RollHistory


def roll_line_study(
    plies: Sequence[Ply],
    line: Line,
    bottom: Roll,
    top: Roll,
    *,
    speeds: Sequence[float],
    roll_temperatures: Sequence[float],
    line_loads: Sequence[float],
    preheat: Sequence[Preheat] = (),
    cooling: Sequence[Cooling] = (),
    ply_conductance: float = math.inf,
    web: ThinFoundation | None = None,
    discretisation: Discretisation | None = None,
) -> tuple[RollLinePoint, ...]:
    """:func:`~thermobond.roll.history.nip_history` on the full grid of settings.

    ``line`` and the rolls give everything but the three swept values: each point replaces the line's
    speed and load and both rolls' temperature. The nip contact depends on the load only and is solved
    once per load.

    Args:
        plies: The webs that meet in the nip, bottom to top.
        line: The line (its speed and load are replaced).
        bottom: The bottom roll (its temperature is replaced).
        top: The top roll (its temperature is replaced).
        speeds: Web speeds (m/s).
        roll_temperatures: Roll surface temperatures (K).
        line_loads: Line loads (N/m).
        preheat: Zones before the nip.
        cooling: Zones after the nip.
        ply_conductance: Contact conductance between plies (W/(m² K)).
        web: The web's compliance in the nip.
        discretisation: Mesh and time-step controls.

    Returns:
        One point per (speed, roll temperature, line load), speeds varying slowest.
    """
    for name, values in (("speeds", speeds), ("roll_temperatures", roll_temperatures), ("line_loads", line_loads)):
        if len(values) == 0:
            raise ValueError(f"roll_line_study: {name} is empty; accepted: at least one value")
    nips: dict[float, NipContact] = {}
    for load in line_loads:
        if load not in nips:
            nips[load] = nip_contact(bottom, top, load, web=web)
    points = []
    for speed, temperature, load in itertools.product(speeds, roll_temperatures, line_loads):
        history = nip_history(
            plies,
            replace(line, speed=speed, line_load=load),
            replace(bottom, temperature=temperature),
            replace(top, temperature=temperature),
            preheat=preheat,
            cooling=cooling,
            ply_conductance=ply_conductance,
            nip=nips[load],
            discretisation=discretisation,
        )
        points.append(RollLinePoint(RollSetting(speed, temperature, load), history))
    return tuple(points)
