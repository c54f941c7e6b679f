"""Reader of the ``[roll]`` table: a roll-lamination line in place of a press ``[cycle]``.

Layout (SI after reading; every quantity with its unit in the file)::

    [roll]              line_load, line_speed, web_tension, temperature (both rolls), ambient_temperature,
                        air_heat_transfer, web_compliance, ply_conductance, interface, plies, nip_divisions
    [roll.bottom]       diameter, temperature, contact_conductance, youngs_modulus, poissons_ratio,
    [roll.top]          conductivity, density, specific_heat (the steel roll, or the core of a covered one)
    [roll.X.covering]   thickness, youngs_modulus, poissons_ratio, conductivity, density, specific_heat
    [[roll.preheat]]    kind = "drum" | "infrared" | "wrap", layer (a layer of the ply it heats), length;
                        drum: side, temperature, contact_conductance, distance_to_nip; infrared: side,
                        temperature (emitter) or heat_flux, emissivity, distance_to_nip; wrap (the ply
                        wraps a laminating roll just before the nip, at that roll's temperature):
                        roll = "bottom" | "top", contact_conductance
    [[roll.cooling]]    kind = "air" | "chill_roll", length, side; air: heat_transfer_coefficient;
                        chill_roll: temperature, contact_conductance
    [roll.conduction]   elements_per_layer, roll_elements, nip_steps, resolve_rolls

The bottom roll touches the stack's bottom layer. The plies that meet in the nip are the stack's
layers grouped: by default every metal foil (``formed_by = "foil"``) is a web of its own and the
layers between foils form one film. The roll steel's defaults are handbook values of carbon steel
(estimates); the elastomer covering's thermal defaults are those of a silicone rubber (estimates).
"""

from __future__ import annotations

import math
from typing import Any, cast

import numpy as np

from ..errors import InputError, ThermobondError
from ..materials import MetalMaterial, ThermalProperties, ThermoplasticMaterial
from ..roll import (
    AirCooling,
    ChillRoll,
    Discretisation,
    ElastomerCovering,
    HeatedDrum,
    InfraredHeater,
    Line,
    Ply,
    Roll,
    SteelSurface,
    ThinFoundation,
    WebLayer,
    nip_history,
)
from ..roll.records import Cooling, Preheat
from ..schema import MISSING, Section
from .spec import RollSpec
from .stack import Stack

__all__ = ["read_roll", "web_compliance"]

T_MIN, T_MAX = 173.15, 873.15  # K (−100 … 600 °C), as for a press cycle
# carbon steel (roll body): E, ν, k, ρ, c_p — handbook values, estimates
STEEL = (210e9, 0.30, 45.0, 7850.0, 470.0)
# silicone rubber (roll covering): ν, k, ρ, c_p — estimates
RUBBER = (0.49, 0.25, 1200.0, 1400.0)


def _record(sec: Section, build: Any, *args: Any, **kw: Any) -> Any:
    """Build a roll record, its own range checks reported against the table."""
    try:
        return build(*args, **kw)
    except ValueError as exc:
        raise sec.error(None, str(exc)) from None


def _thermal(sec: Section, default: tuple[float, float, float]) -> ThermalProperties:
    """Thermal properties of a roll body or covering.

    Keys:
        conductivity: Thermal conductivity (W/(m K)); default carbon steel for a roll, silicone
            rubber for a covering (estimates).
        density: Density (kg/m³); defaults as for ``conductivity``.
        specific_heat: Specific heat capacity (J/(kg K)); defaults as for ``conductivity``.
    """
    k = sec.quantity("conductivity", "conductivity", default[0], lo=0.01, hi=1000.0)
    rho = sec.quantity("density", "density", default[1], lo=100.0, hi=30000.0)
    c = sec.quantity("specific_heat", "specific_heat", default[2], lo=100.0, hi=10000.0)
    return ThermalProperties(k, rho, c)


def _roll(sec: Section, temperature: float | None) -> Roll:
    """``[roll.bottom]`` / ``[roll.top]``: one laminating roll.

    Keys:
        diameter: Roll diameter (outer, over a covering).
        temperature: Surface temperature of this roll; defaults to ``roll.temperature``.
        contact_conductance: Contact conductance between this roll and the web in the nip (W/(m² K));
            omitted: perfect contact.
        youngs_modulus: Young's modulus of the roll body (steel by default).
        poissons_ratio: Poisson's ratio of the roll body.
        covering: An elastomer covering on the roll body (``[roll.X.covering]``); omitted: bare steel.
        covering.thickness: Thickness of the covering.
        covering.youngs_modulus: Young's modulus of the covering.
        covering.poissons_ratio: Poisson's ratio of the covering (0.5: incompressible rubber).
    """
    diameter = sec.quantity("diameter", "length", lo=0.01, hi=5.0)
    T = sec.quantity("temperature", "temperature", MISSING if temperature is None else temperature, lo=T_MIN, hi=T_MAX)
    h = sec.optional_quantity("contact_conductance", "conductance", lo=1.0, hi=1e9)
    E = sec.quantity("youngs_modulus", "modulus", STEEL[0], lo=1e9, hi=1e12)
    nu = sec.number("poissons_ratio", STEEL[1], lo=0.0, hi=0.499)
    steel = _record(sec, SteelSurface, E, nu, _thermal(sec, STEEL[2:]))
    surface: SteelSurface | ElastomerCovering = steel
    if sec.has("covering"):
        cov = sec.section("covering")
        surface = _record(
            cov,
            ElastomerCovering,
            cov.quantity("thickness", "length", lo=1e-4, hi=0.5),
            cov.quantity("youngs_modulus", "modulus", lo=1e5, hi=1e11),
            cov.number("poissons_ratio", RUBBER[0], lo=0.0, hi=0.5),
            _thermal(cov, RUBBER[1:]),
            steel,
        )
        cov.finish()
    sec.finish()
    return cast(Roll, _record(sec, Roll, diameter, T, surface, math.inf if h is None else h))


def _default_plies(stack: Stack) -> list[list[str]]:
    """Every metal foil a web of its own; the layers between foils one film."""
    groups: list[list[str]] = []
    after_foil = True
    for layer in stack.layers:
        foil = isinstance(layer.material, MetalMaterial) and layer.formed_by == "foil"
        if foil or after_foil:
            groups.append([layer.name])
        else:
            groups[-1].append(layer.name)
        after_foil = foil
    return groups


def _plies(sec: Section, stack: Stack) -> tuple[Ply, ...]:
    """The webs that meet in the nip.

    Keys:
        plies: The stack's layer names, bottom to top, grouped into the webs that meet in the nip
            (``[["cu"], ["tpi", "pi"]]``); default: every metal foil a web of its own, the layers
            between foils one film.
    """
    default = _default_plies(stack)
    groups = sec.array("plies", default)
    flat = [name for g in groups for name in (g if isinstance(g, list) else [g])]
    if not all(isinstance(g, list) and g and all(isinstance(n, str) for n in g) for g in groups) or flat != list(
        stack.names
    ):
        raise sec.error(
            "plies",
            "the plies are the stack's layers, bottom to top, grouped into the webs that meet in the nip",
            groups,
            f"e.g. {default}",
        )
    plies = []
    for g in groups:
        layers = tuple(WebLayer(n, stack.layer(n).thickness, stack.layer(n).material.thermal) for n in g)
        plies.append(Ply("+".join(g), layers))
    return tuple(plies)


def _ply_of(sec: Section, plies: tuple[Ply, ...]) -> str:
    """The ply a zone heats, named by one of its layers.

    Keys:
        layer: A layer of the ply the zone heats (the zone acts on that ply's outer face).
    """
    names = [layer.name for ply in plies for layer in ply.layers]
    layer = sec.string("layer", choices=names)
    return next(ply.name for ply in plies if any(x.name == layer for x in ply.layers))


def _preheat(secs: list[Section], plies: tuple[Ply, ...], bottom: Roll, top: Roll) -> tuple[Preheat, ...]:
    """``[[roll.preheat]]``: zones that heat one ply before the nip.

    Keys:
        kind: ``"drum"`` (a heated drum the ply runs over), ``"infrared"`` (an emitter facing the
            ply) or ``"wrap"`` (the ply wraps a laminating roll just before the nip, at its temperature).
        length: Length of web in the zone.
        roll: The laminating roll a ``wrap`` zone wraps: ``"bottom"`` or ``"top"``.
        contact_conductance: Contact conductance between the drum or roll and the ply (W/(m² K)).
        distance_to_nip: Free span between the zone's end and the nip entry.
        side: The face of the ply the zone acts on (``"both"`` for an infrared zone heating both).
        temperature: The drum's surface temperature, or the infrared emitter's temperature.
        heat_flux: Absorbed infrared heat flux (W/m²), in place of an emitter temperature.
        emissivity: Effective emissivity of the emitter-web exchange, in (0, 1].
    """
    zones: list[Preheat] = []
    for s in secs:
        kind = s.string("kind", choices=("drum", "infrared", "wrap"))
        ply = _ply_of(s, plies)
        length = s.quantity("length", "length", lo=0.0, lo_open=True, hi=100.0)
        if kind == "wrap":
            which = s.string("roll", choices=("bottom", "top"))
            outer = plies[0].name if which == "bottom" else plies[-1].name
            if ply != outer:
                raise s.error(
                    "layer",
                    f"only the ply the {which} roll presses in the nip ('{outer}') can wrap that roll before it",
                    s.data["layer"],
                    f"a layer of '{outer}'",
                )
            h = s.quantity("contact_conductance", "conductance", lo=1.0, hi=1e9)
            T = bottom.temperature if which == "bottom" else top.temperature
            zones.append(_record(s, HeatedDrum, T, length, h, ply, cast(Any, which), 0.0))
            s.finish()
            continue
        distance = s.quantity("distance_to_nip", "length", 0.0, lo=0.0, hi=100.0)
        if kind == "drum":
            side = s.string("side", "bottom", choices=("bottom", "top"))
            T = s.quantity("temperature", "temperature", lo=T_MIN, hi=T_MAX)
            h = s.quantity("contact_conductance", "conductance", lo=1.0, hi=1e9)
            zones.append(_record(s, HeatedDrum, T, length, h, ply, cast(Any, side), distance))
        else:
            side = s.string("side", "top", choices=("bottom", "top", "both"))
            if s.has("temperature") == s.has("heat_flux"):
                raise s.error(None, "give exactly one of 'temperature' (the emitter's) or 'heat_flux' (absorbed)")
            Te = s.optional_quantity("temperature", "temperature", lo=T_MIN, hi=3000.0)
            q = s.optional_quantity("heat_flux", "heat_flux", lo=0.0, hi=1e7)
            eps = s.number("emissivity", 1.0, lo=0.0, lo_open=True, hi=1.0)
            zones.append(_record(s, InfraredHeater, length, ply, q, Te, eps, cast(Any, side), distance))
        s.finish()
    return tuple(zones)


def _cooling(secs: list[Section]) -> tuple[Cooling, ...]:
    """``[[roll.cooling]]``: zones after the nip, in the order the web passes them.

    Keys:
        kind: ``"air"`` (free convection or blown air) or ``"chill_roll"`` (a cooled roll).
        length: Length of web in the zone.
        side: The laminate's face the zone cools (``"both"`` only for air).
        heat_transfer_coefficient: Air heat-transfer coefficient (W/(m² K)) to the line's ambient.
        temperature: Surface temperature of the chill roll.
        contact_conductance: Contact conductance between chill roll and laminate (W/(m² K)).
    """
    zones: list[Cooling] = []
    for s in secs:
        kind = s.string("kind", choices=("air", "chill_roll"))
        length = s.quantity("length", "length", lo=0.0, lo_open=True, hi=1000.0)
        if kind == "air":
            side = s.string("side", "both", choices=("bottom", "top", "both"))
            h = s.quantity("heat_transfer_coefficient", "conductance", lo=0.0, hi=1e4)
            zones.append(_record(s, AirCooling, length, h, cast(Any, side)))
        else:
            side = s.string("side", "bottom", choices=("bottom", "top"))
            T = s.quantity("temperature", "temperature", lo=T_MIN, hi=T_MAX)
            h = s.quantity("contact_conductance", "conductance", lo=1.0, hi=1e9)
            zones.append(_record(s, ChillRoll, T, length, h, cast(Any, side)))
        s.finish()
    return tuple(zones)


def web_compliance(stack: Stack, temperature: float) -> ThinFoundation:
    """The web's through-thickness compliance in the nip, C = Σ hᵢ/Mᵢ (m/Pa), at ``temperature`` (K).

    Each layer is pressed without lateral strain (a thin layer under a nip many times wider than the
    web is thick): M = E(1 − ν)/((1 + ν)(1 − 2ν)), the confined modulus (Johnson 1985, Contact
    Mechanics, ch. 5: the elastic foundation model). A thermoplastic at or above its Tg is a melt whose
    shear relaxes within the nip: its M is its bulk modulus. An estimate: the web is taken at the
    rolls' mean temperature.
    """
    total = 0.0
    for layer in stack.layers:
        mat = layer.material
        if isinstance(mat, ThermoplasticMaterial) and temperature >= mat.glass_transition.value:
            M = mat.viscoelastic.bulk_modulus
        else:
            E = float(np.asarray(mat.elastic.youngs_modulus(temperature)))
            nu = mat.elastic.poissons_ratio
            M = E * (1.0 - nu) / ((1.0 + nu) * (1.0 - 2.0 * nu))
        total += layer.thickness / M
    return ThinFoundation(total)


def _candidates(stack: Stack) -> list[str]:
    """The bonded interfaces (metal against thermoplastic), else every interface."""
    bonded = [
        i.name
        for i in stack.interfaces
        if {type(i.lower.material), type(i.upper.material)} == {MetalMaterial, ThermoplasticMaterial}
    ]
    return bonded or [i.name for i in stack.interfaces]


def read_roll(sec: Section, stack: Stack) -> RollSpec:
    """The roll line of ``[roll]`` and a slice of web taken through it (see the module docstring).

    Keys:
        line_load: Force per unit roll length pressing the rolls together (``"200 N/cm"``).
        line_speed: Web speed through the nip (``"1.5 m/min"``); the nip dwell is the nip width over it.
        web_tension: Web tension per unit width; reported (summary ``roll`` block), not applied.
        temperature: Surface temperature of both laminating rolls (each roll's own ``temperature``
            overrides it).
        ambient_temperature: Air temperature around the line.
        air_heat_transfer: Heat-transfer coefficient (W/(m² K)) of every face not in a zone or the nip.
        bottom: The roll under the stack's bottom layer.
        top: The roll on the stack's top layer.
        preheat: Zones before the nip (``[[roll.preheat]]``).
        cooling: Zones after the nip (``[[roll.cooling]]``).
        ply_conductance: Contact conductance between plies from the nip on (W/(m² K)); omitted: perfect.
        web_compliance: True adds the web's through-thickness (confined) compliance in series with the
            rolls when the nip is solved (Johnson 1985, Contact Mechanics, ch. 5); false: a rigid web
            (two bare steel rolls then give the Hertz closed form).
        nip_divisions: Pieces the nip is cut into by the recipe's breakpoints (the stack model's time
            steps land on them).
        conduction: Mesh and time steps of the conduction through the web (``[roll.conduction]``).
        conduction.elements_per_layer: Linear elements through each web layer.
        conduction.roll_elements: Elements through each roll body (graded toward its surface).
        conduction.nip_steps: Minimum number of time steps through the nip.
        conduction.resolve_rolls: False holds the roll surfaces at the roll temperatures.
        interface: The interface whose temperature is the recipe's temperature (``"cu/tpi"``); default:
            the coldest metal/thermoplastic interface at nip exit.

    Raises:
        InputError: A bad key (named with its value and the accepted range), or a line whose nip
            contact does not solve.
    """
    w = sec.quantity("line_load", "force_per_length", lo=100.0, hi=1e6)
    v = sec.quantity("line_speed", "velocity", lo=0.0, lo_open=True, hi=200.0 / 60.0)
    tension = sec.quantity("web_tension", "force_per_length", 0.0, lo=0.0, hi=1e5)
    T_rolls = sec.optional_quantity("temperature", "temperature", lo=T_MIN, hi=T_MAX)
    ambient = sec.quantity("ambient_temperature", "temperature", 298.15, lo=223.15, hi=373.15)
    air = sec.quantity("air_heat_transfer", "conductance", 10.0, lo=0.0, hi=1e4)
    line = _record(sec, Line, w, v, tension, ambient, air)
    bottom = _roll(sec.section("bottom"), T_rolls)
    top = _roll(sec.section("top"), T_rolls)
    plies = _plies(sec, stack)
    preheat = _preheat(sec.sections("preheat", required=False), plies, bottom, top)
    cooling = _cooling(sec.sections("cooling", required=False))
    h_ply = sec.optional_quantity("ply_conductance", "conductance", lo=1.0, hi=1e9)
    compliant = sec.boolean("web_compliance", True)
    web = web_compliance(stack, 0.5 * (bottom.temperature + top.temperature)) if compliant else None
    divisions = sec.integer("nip_divisions", 8, lo=1, hi=64)
    cond = sec.section("conduction", required=False)
    default = Discretisation()
    disc = _record(
        cond,
        Discretisation,
        elements_per_layer=cond.integer("elements_per_layer", default.elements_per_layer, lo=1, hi=200),
        roll_elements=cond.integer("roll_elements", default.roll_elements, lo=2, hi=400),
        nip_steps=cond.integer("nip_steps", default.nip_steps, lo=2, hi=100000),
        resolve_rolls=cond.boolean("resolve_rolls", default.resolve_rolls),
    )
    cond.finish()
    candidates = _candidates(stack) if stack.interfaces else ["bottom"]
    chosen = sec.string("interface", "", choices=["", *(i.name for i in stack.interfaces)]) or None
    try:
        history = nip_history(
            plies,
            line,
            bottom,
            top,
            preheat=preheat,
            cooling=cooling,
            ply_conductance=math.inf if h_ply is None else h_ply,
            web=web,
            discretisation=disc,
        )
    except ValueError as exc:
        raise sec.error(None, str(exc)) from None
    except ThermobondError as exc:
        raise InputError(f"the nip of this line does not solve: {exc}", file=sec.file, key=sec.prefix) from None
    if chosen is None:
        # the coldest bonded interface at nip exit: where the claims are hardest to meet
        chosen = min(candidates, key=lambda n: float(history.temperature(n, history.nip_end)))
    sec.keep("interface", chosen)
    sec.finish()
    return RollSpec(
        line,
        bottom,
        top,
        plies,
        preheat,
        cooling,
        math.inf if h_ply is None else h_ply,
        web,
        disc,
        history,
        chosen,
        divisions,
    )
