"""Records of a continuous roll-lamination line: rolls, the line, preheat and cooling zones, the web.

Everything is SI (m, s, K, Pa, N/m, W/(m² K), W/m²). Each record validates itself when built and
raises ``ValueError`` naming the field, the value and the accepted range.

Geometry of the line: the web runs horizontally between a ``bottom`` and a ``top`` roll; "bottom" and
"top" faces of the web and of each ply refer to that picture. Before the nip the plies (a metal foil,
the TPI/PI film, a second foil …) travel as separate webs; they meet in the nip and leave it as one
laminate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from ..materials import ThermalProperties

__all__ = [
    "AirCooling",
    "ChillRoll",
    "Cooling",
    "ElastomerCovering",
    "HeatedDrum",
    "InfraredHeater",
    "Line",
    "Ply",
    "Preheat",
    "Roll",
    "SteelSurface",
    "WebLayer",
]

Face = Literal["bottom", "top"]
Sides = Literal["bottom", "top", "both"]

T_MIN, T_MAX = 173.15, 873.15  # K (−100 … 600 °C), as for a press cycle


def _positive(record: str, name: str, value: float, upper: float = math.inf) -> None:
    if not 0.0 < value <= upper:  # also rejects NaN; ∞ passes only where the upper bound is ∞
        raise ValueError(f"{record}.{name} = {value!r} is out of range; accepted: 0 < {name} ≤ {upper:g}")


def _non_negative(record: str, name: str, value: float) -> None:
    if not (math.isfinite(value) and value >= 0.0):
        raise ValueError(f"{record}.{name} = {value!r} is out of range; accepted: a finite value ≥ 0")


def _temperature(record: str, name: str, value: float) -> None:
    if not (math.isfinite(value) and T_MIN <= value <= T_MAX):
        raise ValueError(f"{record}.{name} = {value!r} K is out of range; accepted: {T_MIN} … {T_MAX} K")


def _poisson(record: str, value: float) -> None:
    if not (math.isfinite(value) and -1.0 < value <= 0.5):
        raise ValueError(f"{record}.poissons_ratio = {value!r} is out of range; accepted: −1 < ν ≤ 0.5")


def _side(record: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{record}.side = {value!r} is not accepted; accepted: {', '.join(allowed)}")


def _thermal(record: str, value: ThermalProperties) -> None:
    for name in ("conductivity", "density", "specific_heat"):
        v = getattr(value, name)
        if not (math.isfinite(v) and v > 0.0):
            raise ValueError(f"{record}.thermal.{name} = {v!r} is out of range; accepted: a finite value > 0")


@dataclass(frozen=True)
class SteelSurface:
    """A bare (steel, chromed) roll: an elastic half-space in the nip and a heat reservoir behind it.

    Attributes:
        youngs_modulus: E (Pa).
        poissons_ratio: ν (–).
        thermal: Conductivity, density and specific heat of the roll body.
    """

    youngs_modulus: float
    poissons_ratio: float
    thermal: ThermalProperties

    def __post_init__(self) -> None:
        _positive("SteelSurface", "youngs_modulus", self.youngs_modulus, 1e13)
        _poisson("SteelSurface", self.poissons_ratio)
        _thermal("SteelSurface", self.thermal)

    @property
    def plane_strain_modulus(self) -> float:
        """E′ = E/(1 − ν²) (Pa)."""
        return self.youngs_modulus / (1.0 - self.poissons_ratio**2)


@dataclass(frozen=True)
class ElastomerCovering:
    """An elastomer (rubber) covering bonded to a steel core.

    In the nip the core is taken as rigid: steel is 10⁴–10⁵ times stiffer than the covering.

    Attributes:
        thickness: Covering thickness h (m).
        youngs_modulus: E of the covering (Pa).
        poissons_ratio: ν of the covering (–); 0.5 is an incompressible rubber.
        thermal: Thermal properties of the covering.
        core: The steel core (its thermal properties matter when the covering is thinner than the
            depth heat penetrates during the nip).
    """

    thickness: float
    youngs_modulus: float
    poissons_ratio: float
    thermal: ThermalProperties
    core: SteelSurface

    def __post_init__(self) -> None:
        _positive("ElastomerCovering", "thickness", self.thickness, 0.5)
        _positive("ElastomerCovering", "youngs_modulus", self.youngs_modulus, 1e11)
        _poisson("ElastomerCovering", self.poissons_ratio)
        _thermal("ElastomerCovering", self.thermal)

    @property
    def shear_modulus(self) -> float:
        """G = E/(2(1 + ν)) (Pa)."""
        return self.youngs_modulus / (2.0 * (1.0 + self.poissons_ratio))


@dataclass(frozen=True)
class Roll:
    """One roll of the nip.

    Attributes:
        diameter: Outer diameter (m).
        temperature: Surface temperature of the roll where it meets the web (K); the roll body is at
            this temperature to the depth heat reaches in one pass.
        surface: Bare steel or an elastomer covering on a steel core.
        contact_conductance: Thermal contact conductance between the roll and the web face in the
            nip (W/(m² K)); ``math.inf`` is perfect contact.
    """

    diameter: float
    temperature: float
    surface: SteelSurface | ElastomerCovering
    contact_conductance: float

    def __post_init__(self) -> None:
        _positive("Roll", "diameter", self.diameter, 10.0)
        _temperature("Roll", "temperature", self.temperature)
        _positive("Roll", "contact_conductance", self.contact_conductance)
        if isinstance(self.surface, ElastomerCovering) and self.surface.thickness >= 0.5 * self.diameter:
            raise ValueError(
                f"Roll: covering thickness {self.surface.thickness!r} m is not below the radius "
                f"{0.5 * self.diameter!r} m; accepted: thickness < diameter/2"
            )

    @property
    def radius(self) -> float:
        """R = D/2 (m)."""
        return 0.5 * self.diameter


@dataclass(frozen=True)
class Line:
    """Operating point of the line.

    Attributes:
        line_load: Nip force per unit web width w (N/m); 100–300 N/cm = 1–3·10⁴ N/m is typical
            (an estimate).
        speed: Web speed v (m/s); 1–5 m/min ≈ 0.017–0.083 m/s is typical (an estimate).
        web_tension: Web tension per unit width (N/m). Carried for the stack model (the in-plane
            load of the web); the nip and conduction models do not use it.
        ambient_temperature: Temperature of the surrounding air and of the unwound plies (K).
        air_heat_transfer: Heat-transfer coefficient to the air of every face not touching a roll,
            drum or heater (W/(m² K)); 10 is an estimate for a slow web in still air.
    """

    line_load: float
    speed: float
    web_tension: float = 0.0
    ambient_temperature: float = 298.15
    air_heat_transfer: float = 10.0

    def __post_init__(self) -> None:
        _positive("Line", "line_load", self.line_load, 1e7)
        _positive("Line", "speed", self.speed, 100.0)
        _non_negative("Line", "web_tension", self.web_tension)
        _temperature("Line", "ambient_temperature", self.ambient_temperature)
        _non_negative("Line", "air_heat_transfer", self.air_heat_transfer)


@dataclass(frozen=True)
class HeatedDrum:
    """A heated drum (or a foil wrapped on a hot roll) one face of a ply touches before the nip.

    Attributes:
        temperature: Drum surface temperature (K).
        wrap_length: Length of web in contact with the drum (m).
        contact_conductance: Drum–web conductance (W/(m² K)).
        ply: Name of the ply that runs over the drum.
        side: The face of that ply touching the drum.
        distance_to_nip: Free span from the end of the wrap to the nip (m), in air.
    """

    temperature: float
    wrap_length: float
    contact_conductance: float
    ply: str
    side: Face = "bottom"
    distance_to_nip: float = 0.0

    def __post_init__(self) -> None:
        _temperature("HeatedDrum", "temperature", self.temperature)
        _positive("HeatedDrum", "wrap_length", self.wrap_length, 100.0)
        _positive("HeatedDrum", "contact_conductance", self.contact_conductance)
        _side("HeatedDrum", self.side, ("bottom", "top"))
        _non_negative("HeatedDrum", "distance_to_nip", self.distance_to_nip)

    @property
    def length(self) -> float:
        return self.wrap_length

    @property
    def sides(self) -> tuple[Face, ...]:
        return (self.side,)


@dataclass(frozen=True)
class InfraredHeater:
    """An infrared zone: either an absorbed heat flux or a grey emitter at a temperature.

    With an emitter the absorbed flux is q = ε σ (T_e⁴ − T_s⁴) at the web surface temperature T_s,
    ε the effective emissivity of the emitter–web exchange (grey parallel surfaces:
    1/ε = 1/ε_e + 1/ε_w − 1).

    Attributes:
        length: Heated length along the line (m).
        ply: Name of the heated ply.
        heat_flux: Absorbed heat flux (W/m²), or None with an emitter.
        emitter_temperature: Emitter temperature (K), or None with a heat flux.
        emissivity: Effective emissivity of the exchange (–), used with an emitter.
        side: The heated face(s) of the ply.
        distance_to_nip: Free span from the end of the zone to the nip (m), in air.
    """

    length: float
    ply: str
    heat_flux: float | None = None
    emitter_temperature: float | None = None
    emissivity: float = 1.0
    side: Sides = "top"
    distance_to_nip: float = 0.0

    def __post_init__(self) -> None:
        _positive("InfraredHeater", "length", self.length, 100.0)
        if (self.heat_flux is None) == (self.emitter_temperature is None):
            raise ValueError(
                "InfraredHeater: give exactly one of heat_flux and emitter_temperature "
                f"(got heat_flux={self.heat_flux!r}, emitter_temperature={self.emitter_temperature!r})"
            )
        if self.heat_flux is not None:
            _non_negative("InfraredHeater", "heat_flux", self.heat_flux)
        if self.emitter_temperature is not None:
            if not (math.isfinite(self.emitter_temperature) and 0.0 < self.emitter_temperature <= 3000.0):
                raise ValueError(
                    f"InfraredHeater.emitter_temperature = {self.emitter_temperature!r} K is out of range; "
                    "accepted: 0 < T ≤ 3000 K"
                )
        _positive("InfraredHeater", "emissivity", self.emissivity, 1.0)
        _side("InfraredHeater", self.side, ("bottom", "top", "both"))
        _non_negative("InfraredHeater", "distance_to_nip", self.distance_to_nip)

    @property
    def sides(self) -> tuple[Face, ...]:
        return ("bottom", "top") if self.side == "both" else (self.side,)


@dataclass(frozen=True)
class AirCooling:
    """Cooling of the laminate in air after the nip.

    Attributes:
        length: Length of the cooling span (m).
        heat_transfer_coefficient: h on the cooled face(s) (W/(m² K)).
        side: The cooled face(s); the other face, if any, sees the line's air heat transfer.
    """

    length: float
    heat_transfer_coefficient: float
    side: Sides = "both"

    def __post_init__(self) -> None:
        _positive("AirCooling", "length", self.length, 1000.0)
        _non_negative("AirCooling", "heat_transfer_coefficient", self.heat_transfer_coefficient)
        _side("AirCooling", self.side, ("bottom", "top", "both"))

    @property
    def sides(self) -> tuple[Face, ...]:
        return ("bottom", "top") if self.side == "both" else (self.side,)


@dataclass(frozen=True)
class ChillRoll:
    """A chill roll one face of the laminate wraps after the nip.

    Attributes:
        temperature: Chill-roll surface temperature (K).
        wrap_length: Length of laminate in contact (m).
        contact_conductance: Roll–laminate conductance (W/(m² K)).
        side: The face touching the chill roll; the other face sees the line's air heat transfer.
    """

    temperature: float
    wrap_length: float
    contact_conductance: float
    side: Face = "bottom"

    def __post_init__(self) -> None:
        _temperature("ChillRoll", "temperature", self.temperature)
        _positive("ChillRoll", "wrap_length", self.wrap_length, 100.0)
        _positive("ChillRoll", "contact_conductance", self.contact_conductance)
        _side("ChillRoll", self.side, ("bottom", "top"))

    @property
    def length(self) -> float:
        return self.wrap_length

    @property
    def sides(self) -> tuple[Face, ...]:
        return (self.side,)


Preheat = HeatedDrum | InfraredHeater
Cooling = AirCooling | ChillRoll


@dataclass(frozen=True)
class WebLayer:
    """A layer of the web: name, thickness (m) and thermal properties."""

    name: str
    thickness: float
    thermal: ThermalProperties

    def __post_init__(self) -> None:
        if not self.name or "/" in self.name:
            raise ValueError(f"WebLayer.name = {self.name!r}; accepted: a non-empty name without '/'")
        _positive("WebLayer", "thickness", self.thickness, 0.01)
        _thermal(f"WebLayer {self.name!r}", self.thermal)


@dataclass(frozen=True)
class Ply:
    """One web entering the nip (a foil, a TPI/PI/TPI film …): its layers from bottom to top."""

    name: str
    layers: tuple[WebLayer, ...]

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("Ply.name is empty; accepted: a non-empty name")
        if not self.layers:
            raise ValueError(f"Ply {self.name!r} has no layers; accepted: at least one WebLayer")

    @property
    def thickness(self) -> float:
        return sum(layer.thickness for layer in self.layers)
