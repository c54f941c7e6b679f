"""Temperature and pressure history of a slice of web through a roll-lamination line.

A Lagrangian slice of the web, time t = x/v, passes the preheat zones (each ply on its own), the nip
(plies pressed together between the two rolls for the dwell 2a/v under p(t) = p(x = −a + v t)) and the
cooling zones (the laminate on a chill roll or in air). :func:`nip_history` builds that sequence of
boundary conditions for :func:`thermobond.roll.conduction.conduct` and returns a
:class:`RollHistory`: piecewise-linear T(t) at every face and layer interface of the web and p(t),
with the zone breakpoints, ready to become a (t, T, p, breakpoints) programme.

Modelling choices:
* Before the nip each ply is a separate web: its faces see their drum or heater, otherwise air (the
  line's air heat-transfer coefficient to ambient). Plies start at ambient temperature.
* In the nip the outer faces touch the rolls through the rolls' contact conductances and the plies
  touch each other through ``ply_conductance`` (perfect by default); they stay joined afterwards.
* A roll is a body at its surface temperature to the depth heat reaches in one pass
  (``Discretisation.roll_depth`` diffusion lengths √(α·dwell)), so a bare steel roll cools slightly
  under a cold web and an elastomer covering (effusivity ~ the web's) cools a lot. With
  ``resolve_rolls=False`` the roll surfaces are held at the roll temperatures instead.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..meshes import interface_name
from .compliance import ThinFoundation
from .conduction import Body, ColumnHistory, Exchange, Joint, Slab, Stepping, conduct
from .contact import NipContact
from .nip import nip_contact
from .records import ChillRoll, Cooling, ElastomerCovering, HeatedDrum, Line, Ply, Preheat, Roll

__all__ = ["Discretisation", "RollHistory", "nip_history"]

_BOTTOM_ROLL, _TOP_ROLL = "bottom roll", "top roll"
# Largest/smallest element of a roll slab (geometric grading toward the surface). A fixed ratio makes
# doubling the number of elements roughly halve every element, so refinement is uniform.
_ROLL_SIZE_RATIO = 200.0


@dataclass(frozen=True)
class Discretisation:
    """Mesh and time-step controls of :func:`nip_history`.

    Attributes:
        elements_per_layer: Linear elements in each web layer (uniform).
        roll_elements: Elements per slab of a roll body, graded toward its surface.
        roll_depth: Depth of a roll body in diffusion lengths √(α·dwell) of its surface material.
        resolve_rolls: False holds the roll surfaces at the roll temperatures (no roll bodies).
        nip_steps: Minimum number of time steps through the nip (they also sample p(t)).
        stepping: Time-step grading after each breakpoint.
    """

    elements_per_layer: int = 16
    roll_elements: int = 40
    roll_depth: float = 6.0
    resolve_rolls: bool = True
    nip_steps: int = 400
    stepping: Stepping = field(default_factory=Stepping)

    def __post_init__(self) -> None:
        if self.elements_per_layer < 1 or self.roll_elements < 2 or self.nip_steps < 2:
            raise ValueError(
                f"Discretisation(elements_per_layer={self.elements_per_layer!r}, roll_elements={self.roll_elements!r}, "
                f"nip_steps={self.nip_steps!r}); accepted: ≥ 1, ≥ 2, ≥ 2"
            )
        if not (math.isfinite(self.roll_depth) and self.roll_depth > 0):
            raise ValueError(f"Discretisation.roll_depth = {self.roll_depth!r}; accepted: > 0")


@dataclass(frozen=True)
class RollHistory:
    """T(t) through the web's thickness and p(t) of a slice of web through the line.

    Attributes:
        times: t (s) from the start of the first zone, increasing.
        points: Names of the through-thickness points, bottom to top: ``bottom``, every layer interface
            ``"<lower>/<upper>"`` (between plies: the mean of the two faces, exact once they are in
            perfect contact), ``top``.
        temperatures: T (K), shape (len(times), len(points)).
        pressures: p (Pa) at ``times``; zero outside the nip.
        breakpoints: (event, t (s)) of every zone boundary, in time order (``nip entry``, ``nip exit`` …).
        nip: The nip's contact (half-width, p(x)).
        nip_start: Time of nip entry (s).
        nip_end: Time of nip exit (s).
        roll_surfaces: T (K) of the bottom and top roll surfaces, shape (len(times), 2) (the roll
            temperatures where the rolls are not resolved).
    """

    times: np.ndarray
    points: tuple[str, ...]
    temperatures: np.ndarray
    pressures: np.ndarray
    breakpoints: tuple[tuple[str, float], ...]
    nip: NipContact
    nip_start: float
    nip_end: float
    roll_surfaces: np.ndarray

    @property
    def dwell(self) -> float:
        """Time in the nip (s)."""
        return self.nip_end - self.nip_start

    @property
    def nip_width(self) -> float:
        """2a (m)."""
        return self.nip.width

    def temperature(self, point: str, t: float | np.ndarray | None = None) -> np.ndarray:
        """T (K) at a named point, at times t (s) (piecewise linear), or at every sample time."""
        try:
            j = self.points.index(point)
        except ValueError:
            raise ValueError(f"RollHistory: unknown point {point!r}; accepted: {', '.join(self.points)}") from None
        column = self.temperatures[:, j]
        return column.copy() if t is None else np.interp(t, self.times, column)

    def pressure(self, t: float | np.ndarray) -> np.ndarray:
        """p (Pa) at times t (s), piecewise linear between the samples."""
        return np.interp(t, self.times, self.pressures)

    def temperature_while_pressed(self, point: str, min_pressure: float) -> tuple[float, float]:
        """(lowest, highest) T (K) at a point over the samples where p ≥ ``min_pressure`` (Pa).

        Raises:
            ValueError: if the pressure never reaches ``min_pressure``.
        """
        pressed = self.pressures >= min_pressure
        if not np.any(pressed):
            raise ValueError(
                f"RollHistory: the nip pressure (peak {self.nip.peak_pressure:.4g} Pa) "
                f"never reaches {min_pressure!r} Pa"
            )
        T = self.temperature(point)[pressed]
        return float(T.min()), float(T.max())


def _roll_body(roll: Roll, name: str, dwell: float, disc: Discretisation, below_web: bool) -> Body:
    """The roll's surface region as a body, graded toward the face that touches the web."""
    surface = roll.surface
    if isinstance(surface, ElastomerCovering):
        depth = disc.roll_depth * math.sqrt(surface.thermal.diffusivity * dwell)
        slabs = [Slab("covering", min(depth, surface.thickness), surface.thermal, disc.roll_elements)]
        if depth > surface.thickness:
            core = surface.core.thermal
            core_depth = disc.roll_depth * math.sqrt(core.diffusivity * dwell)
            slabs.append(Slab("core", core_depth, core, disc.roll_elements))
    else:
        depth = disc.roll_depth * math.sqrt(surface.thermal.diffusivity * dwell)
        slabs = [Slab("steel", depth, surface.thermal, disc.roll_elements)]
    # slabs run from the surface inward; the chain runs bottom → top
    growth = _ROLL_SIZE_RATIO ** (1.0 / (disc.roll_elements - 1))
    graded = [Slab(s.name, s.thickness, s.thermal, s.elements, 1.0 / growth if below_web else growth) for s in slabs]
    ordered = tuple(reversed(graded)) if below_web else tuple(graded)
    return Body(name, ordered, roll.temperature)


def _check_plies(plies: Sequence[Ply]) -> None:
    if not plies:
        raise ValueError("nip_history: no ply; accepted: at least one Ply")
    names = [p.name for p in plies]
    if len(set(names)) != len(names) or {_BOTTOM_ROLL, _TOP_ROLL} & set(names):
        raise ValueError(f"nip_history: ply names {names} must be unique and not {_BOTTOM_ROLL!r}/{_TOP_ROLL!r}")
    layers = [layer.name for p in plies for layer in p.layers]
    if len(set(layers)) != len(layers):
        raise ValueError(f"nip_history: layer names {layers} must be unique across the web")


def _preheat_exchanges(
    preheat: Sequence[Preheat], plies: Sequence[Ply], line: Line, nip_start: float
) -> tuple[list[Exchange], list[tuple[str, float]]]:
    names = [p.name for p in plies]
    exchanges: list[Exchange] = []
    events: list[tuple[str, float]] = []
    for z in preheat:
        if z.ply not in names:
            raise ValueError(f"nip_history: preheat zone on unknown ply {z.ply!r}; accepted: {', '.join(names)}")
        end = nip_start - z.distance_to_nip / line.speed
        start = end - z.length / line.speed
        if start < 1e-12 * nip_start:  # the earliest zone, which set nip_start: t = 0 up to round-off
            start = 0.0
        kind = "drum" if isinstance(z, HeatedDrum) else "infrared"
        events += [(f"{kind} on {z.ply} starts", start), (f"{kind} on {z.ply} ends", end)]
        for side in z.sides:
            if isinstance(z, HeatedDrum):
                exchanges.append(Exchange(z.ply, side, start, end, z.contact_conductance, z.temperature))
            elif z.heat_flux is not None:
                exchanges.append(Exchange(z.ply, side, start, end, heat_flux=z.heat_flux))
            elif z.emitter_temperature is not None:
                exchanges.append(
                    Exchange(
                        z.ply, side, start, end, emissivity=z.emissivity, emitter_temperature=z.emitter_temperature
                    )
                )
    _check_overlaps(exchanges)
    return exchanges, events


def _check_overlaps(exchanges: Sequence[Exchange]) -> None:
    by_face: dict[tuple[str, str], list[Exchange]] = {}
    for e in exchanges:
        by_face.setdefault((e.body, e.face), []).append(e)
    for (body, face), zones in by_face.items():
        zones.sort(key=lambda e: e.start)
        for a, b in itertools.pairwise(zones):
            if b.start < a.end - 1e-12 * max(1.0, abs(a.end)):
                raise ValueError(
                    f"nip_history: two zones act on {body}.{face} at once ({a.start:.4g}–{a.end:.4g} s and "
                    f"{b.start:.4g}–{b.end:.4g} s); accepted: zones on one face that do not overlap"
                )


def nip_history(
    plies: Sequence[Ply],
    line: Line,
    bottom: Roll,
    top: Roll,
    *,
    preheat: Sequence[Preheat] = (),
    cooling: Sequence[Cooling] = (),
    ply_conductance: float = math.inf,
    web: ThinFoundation | None = None,
    nip: NipContact | None = None,
    discretisation: Discretisation | None = None,
) -> RollHistory:
    """Temperatures through the web and nip pressure of a slice of web through the roll line.

    Args:
        plies: The webs that meet in the nip, bottom to top (the bottom roll touches the first).
        line: Line load, speed, ambient and air heat transfer.
        bottom: The bottom roll.
        top: The top roll.
        preheat: Zones before the nip, each on one ply; zones on the same face must not overlap.
        cooling: Zones after the nip, in order, on the laminate's outer faces.
        ply_conductance: Contact conductance between plies from nip entry on (W/(m² K)); ∞ = perfect.
        web: The web's compliance in the nip (see :func:`thermobond.roll.nip.nip_contact`).
        nip: A precomputed nip contact for this line load and these rolls (skips the contact solve).
        discretisation: Mesh and time-step controls.

    Returns:
        The history from the start of the first preheat zone (or nip entry) to the end of the last
        cooling zone (or nip exit).
    """
    disc = discretisation or Discretisation()
    _check_plies(plies)
    if not ply_conductance > 0:
        raise ValueError(f"nip_history: ply_conductance = {ply_conductance!r}; accepted: > 0 (∞ = perfect)")
    if nip is None:
        nip = nip_contact(bottom, top, line.line_load, web=web)
    elif not math.isclose(nip.line_load, line.line_load, rel_tol=1e-12):
        raise ValueError(
            f"nip_history: the given nip carries {nip.line_load!r} N/m, the line {line.line_load!r} N/m; "
            "accepted: the same line load"
        )
    v = line.speed
    nip_start = max((z.distance_to_nip + z.length) / v for z in preheat) if preheat else 0.0
    nip_end = nip_start + nip.dwell(v)
    exchanges, events = _preheat_exchanges(preheat, plies, line, nip_start)
    events += [("nip entry", nip_start), ("nip exit", nip_end)]

    air = (line.air_heat_transfer, line.ambient_temperature)
    bodies = [
        Body(
            p.name,
            tuple(Slab(layer.name, layer.thickness, layer.thermal, disc.elements_per_layer) for layer in p.layers),
            line.ambient_temperature,
            *air,
        )
        for p in plies
    ]
    first, last = plies[0].name, plies[-1].name
    end = nip_end
    for z in cooling:
        start, end = end, end + z.length / v
        for side in z.sides:
            body = first if side == "bottom" else last
            if isinstance(z, ChillRoll):
                exchanges.append(Exchange(body, side, start, end, z.contact_conductance, z.temperature))
            else:
                exchanges.append(
                    Exchange(body, side, start, end, z.heat_transfer_coefficient, line.ambient_temperature)
                )
        events.append(("chill roll ends" if isinstance(z, ChillRoll) else "air cooling ends", end))

    joints = [Joint(p.name, nip_start, end, ply_conductance) for p in plies[:-1]]
    if disc.resolve_rolls:
        bodies.insert(0, _roll_body(bottom, _BOTTOM_ROLL, nip.dwell(v), disc, below_web=True))
        bodies.append(_roll_body(top, _TOP_ROLL, nip.dwell(v), disc, below_web=False))
        joints.append(Joint(_BOTTOM_ROLL, nip_start, nip_end, bottom.contact_conductance))
        joints.append(Joint(last, nip_start, nip_end, top.contact_conductance))
    else:
        exchanges.append(Exchange(first, "bottom", nip_start, nip_end, bottom.contact_conductance, bottom.temperature))
        exchanges.append(Exchange(last, "top", nip_start, nip_end, top.contact_conductance, top.temperature))

    column = conduct(
        bodies, exchanges, joints, 0.0, end, stepping=disc.stepping, windows=[(nip_start, nip_end, disc.nip_steps)]
    )
    points, temperatures = _web_points(plies, column)
    if disc.resolve_rolls:
        rolls = np.stack([column.boundaries[_BOTTOM_ROLL][:, -1], column.boundaries[_TOP_ROLL][:, 0]], axis=1)
    else:
        rolls = np.tile([bottom.temperature, top.temperature], (column.times.size, 1))
    t = column.times
    pressures = np.where((t >= nip_start) & (t <= nip_end), nip.pressure_at_time(t - nip_start, v), 0.0)
    ordered = tuple(sorted(((name, float(time)) for name, time in events), key=lambda e: e[1]))
    return RollHistory(t, points, temperatures, pressures, ordered, nip, float(nip_start), float(nip_end), rolls)


def _web_points(plies: Sequence[Ply], column: ColumnHistory) -> tuple[tuple[str, ...], np.ndarray]:
    """Names and temperatures of the web's faces and interfaces (bottom to top)."""
    names: list[str] = ["bottom"]
    columns: list[np.ndarray] = [column.boundaries[plies[0].name][:, 0]]
    for i, ply in enumerate(plies):
        b = column.boundaries[ply.name]
        for j in range(1, len(ply.layers)):
            names.append(interface_name(ply.layers[j - 1].name, ply.layers[j].name))
            columns.append(b[:, j])
        if i + 1 < len(plies):
            upper = plies[i + 1]
            names.append(interface_name(ply.layers[-1].name, upper.layers[0].name))
            columns.append(0.5 * (b[:, -1] + column.boundaries[upper.name][:, 0]))
    names.append("top")
    columns.append(column.boundaries[plies[-1].name][:, -1])
    return tuple(names), np.stack(columns, axis=1)
