"""Case files (TOML, schema version 1) → a validated, unit-resolved :class:`Case`.

A case is complete and checked before any mesh or PETSc object exists. Layout (see
``cases/*.toml`` for complete examples)::

    schema_version = 1
    name = "..."
    [[stack.layers]]  name, material (card path), thickness, elements,     (bottom → top)
                      intrinsic_stress (deposited film), active_from (segment where a plated layer is born),
                      formed_by (foil | sputtering | evaporation | ion_plating | cvd | electroplating |
                      electroless for metals; film | cast for polymers)
    [mesh]            width, element_size, edge_element_size, growth, interface_grading, degree
    [cycle]           start_temperature, start_pressure, [[cycle.segments]] | log = "press.csv"
    [thermal]         conductance (optional), [[thermal.pads]] name, material, thickness, side, elements
    [mechanics]       plane, stress_free_temperature, platen, edges_while_pressed, viscoelastic, plasticity
    [solver]          initial_step, max_step, min_step, max_temperature_change, max_log_aT_change,
                      [solver.petsc]
    [output]          fields, field_every, plots
    [analysis]        models = ["stack"] | ["interface"] | ["stack", "interface"]
    [interface]       layer, metal, history, bonding_temperature, core_thickness, max_step,
                      [interface.surface] kind = sinusoid | nodules | trace | random (+ its sizes),
                      [interface.gas] mode, pressure, [interface.mesh] elements_along, tpi_elements, ...
    [adhesion]        interface (card path), layer, arm, angle, test_temperature, claim_thickness,
                      foundation, contact: bond development, peel strength and the adhesion claims

Lists of named tables (layers, segments, pads) are addressed by name in dotted keys, e.g.
``stack.layers.tpi.thickness``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import numpy as np
import tomli_w

from .bond.interfacecard import InterfaceCard, load_interface_card
from .errors import InputError
from .materials import Material, load_material
from .process import Cycle, read_cycle
from .schema import MISSING, Section, load_toml

__all__ = [
    "SCHEMA_VERSION",
    "AdhesionSpec",
    "Case",
    "InterfaceSpec",
    "Layer",
    "MechanicsSpec",
    "MeshSpec",
    "OutputSpec",
    "Pad",
    "SolverSpec",
    "SurfaceSpec",
    "ThermalSpec",
    "load_case",
    "read_case",
]

SCHEMA_VERSION = 1
# how a layer came to be: metals (seed 002 claims 10–12) and polymers
DRY_PLATING = ("sputtering", "evaporation", "ion_plating", "cvd")
METAL_ROUTES = ("foil", *DRY_PLATING, "electroplating", "electroless")
POLYMER_ROUTES = ("film", "cast")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,40}$")


@dataclass(frozen=True)
class Layer:
    """One layer of the laminate (bottom → top order in :attr:`Case.layers`)."""

    name: str
    material: Material
    thickness: float
    elements: int
    intrinsic_stress: float = 0.0
    active_from: str | None = None
    formed_by: str = "foil"

    @property
    def dry_plated(self) -> bool:
        """Formed by a dry plating method (seed 002 claims 10–11)."""
        return self.formed_by in DRY_PLATING


@dataclass(frozen=True)
class Pad:
    """A press pad or release film between a platen and the laminate (thermal only)."""

    name: str
    material: Material
    thickness: float
    side: Literal["top", "bottom", "both"]
    elements: int


@dataclass(frozen=True)
class MeshSpec:
    """In-plane meshing of the 2-D cross-section.

    Attributes:
        width: Coupon width (m), centred on x = 0.
        element_size: In-plane element size away from the edges (m).
        edge_element_size: In-plane element size at the free edges (m).
        growth: Ratio between neighbouring element widths in the graded edge zone.
        interface_grading: Ratio of mid-layer to interface element height (1 = uniform).
        degree: Polynomial degree of the displacement field.
    """

    width: float
    element_size: float
    edge_element_size: float
    growth: float
    interface_grading: float
    degree: int


@dataclass(frozen=True)
class ThermalSpec:
    """Thermal boundary conditions: perfect platen contact or a contact conductance h (W/(m² K))."""

    conductance: float | None
    pads: tuple[Pad, ...]
    elements_per_layer: int


@dataclass(frozen=True)
class MechanicsSpec:
    """Mechanics options.

    Attributes:
        plane: ``plate`` (generalized plane strain: a wide sheet that contracts and curls freely out of
            plane; the default), ``strain`` (ε_zz = 0, the classical 2-D section), or ``stress``
            (σ_zz = 0, a narrow strip).
        stress_free_temperature: Temperature (K) at which the bonded stack carries no stress.
        viscoelastic: Thermoplastic layers follow their Prony series (False: glassy elastic).
        plasticity: Metal layers with plastic data yield (False: elastic).
        platen: While pressed, the top face is held flat by a rigid frictionless platen carrying the
            press force (``rigid``), or loaded by a uniform pressure (``pressure``). The bottom face
            always rests on a flat frictionless platen while pressed.
        edges_while_pressed: ``sheet``: in the press the section is a cut through a much wider
            sheet, so its lateral faces stay plane (free to move with thermal expansion) and the melt
            cannot squeeze out through them; the coupon is cut free when the pressure is released.
            ``free``: a coupon pressed on its own (squeeze-out at its edges is small-strain only).
    """

    plane: Literal["plate", "strain", "stress"]
    stress_free_temperature: float
    viscoelastic: bool = True
    plasticity: bool = True
    platen: Literal["rigid", "pressure"] = "rigid"
    edges_while_pressed: Literal["sheet", "free"] = "sheet"


@dataclass(frozen=True)
class SolverSpec:
    """Time stepping and PETSc options.

    Attributes:
        initial_step: First time step (s).
        max_step: Largest step (s).
        min_step: Smallest step before giving up (s).
        max_temperature_change: Largest platen temperature change per step (K).
        max_log_aT_change: Largest change of a thermoplastic's log10 a_T per step (decades).
        petsc_options: Extra options merged over each problem's defaults.
    """

    initial_step: float
    max_step: float
    min_step: float
    max_temperature_change: float
    max_log_aT_change: float = 0.5
    petsc_options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OutputSpec:
    """What a run writes besides history and summary."""

    fields: bool
    field_every: int
    plots: bool


@dataclass(frozen=True)
class SurfaceSpec:
    """The metal surface of the interface cell: the profile and how it was described."""

    profile: Any  # thermobond.meshes.surface.CosineProfile
    description: dict[str, Any]


@dataclass(frozen=True)
class InterfaceSpec:
    """The micro-scale interface model (DESIGN.md, scales and models, item 3).

    Attributes:
        layer: The thermoplastic (or, for verification, elastic polymer) layer flowing into the surface.
        core: The layer above it in the cell (core PI), or None for a TPI-only cell.
        metal: The metal layer whose surface it fills (its CTE is the cell's frame).
        surface: The rough surface.
        core_thickness: Thickness of the core in the cell (m).
        history: ``cycle`` (T, p from the case's cycle) or ``stack`` (the stack model's interface).
        bonding_temperature: A contact made at or above it bonds (K); None: contact never bonds.
        gas: ``none``, ``vented`` (constant gas pressure in the valleys) or ``sealed`` (ideal gas
            trapped as the valleys close).
        gas_pressure: Vented pressure, or the sealed gas's initial pressure (Pa).
        elements_along, tpi_elements, core_elements: Mesh divisions.
        grading: Growth ratio of the TPI rows away from the surface.
        max_step: Largest time step (s).
    """

    layer: Layer
    core: Layer | None
    metal: Layer | None
    surface: SurfaceSpec
    core_thickness: float
    history: Literal["cycle", "stack"]
    bonding_temperature: float | None
    gas: Literal["none", "vented", "sealed"]
    gas_pressure: float
    elements_along: int
    tpi_elements: int
    core_elements: int
    grading: float
    max_step: float


@dataclass(frozen=True)
class AdhesionSpec:
    """Bond development and the peel test of the case (DESIGN.md item 4; physics.md §4.3, §5).

    Attributes:
        card: The metal/TPI interface card (intrinsic toughness, bond kinetics, calibration).
        layer: The thermoplastic layer bonded to the conductor.
        arm: The conductor layers peeled together (adjacent to ``layer`` first).
        angle: Peel angle (degrees).
        test_temperature: Temperature of the peel test (K).
        claim_thickness: Total conductor thickness of the adhesion claim (m), seed 002 claims 14–15.
        foundation: ``auto`` (the polymer under the arm as an elastic foundation) or ``rigid``.
        contact: ``interface`` (bonded surface from the interface model) or ``complete`` (in contact
            everywhere from the start: a conductor formed on the TPI).
    """

    card: InterfaceCard
    layer: Layer
    arm: tuple[Layer, ...]
    angle: float
    test_temperature: float
    claim_thickness: float
    foundation: Literal["auto", "rigid"]
    contact: Literal["interface", "complete"]

    @property
    def arm_thickness(self) -> float:
        return sum(layer.thickness for layer in self.arm)


@dataclass(frozen=True)
class Case:
    """A validated case; every quantity in SI (temperatures in K)."""

    path: Path
    name: str
    description: str
    layers: tuple[Layer, ...]
    mesh: MeshSpec
    cycle: Cycle
    thermal: ThermalSpec
    mechanics: MechanicsSpec
    solver: SolverSpec
    output: OutputSpec
    resolved: dict[str, Any]
    models: tuple[str, ...] = ("stack",)
    interface: InterfaceSpec | None = None
    adhesion: AdhesionSpec | None = None

    @property
    def total_thickness(self) -> float:
        return sum(layer.thickness for layer in self.layers)

    def layer(self, name: str) -> Layer:
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise KeyError(name)

    @property
    def interfaces(self) -> list[tuple[str, str, float]]:
        """(lower, upper, y) of every internal interface, y measured from the bottom face (m)."""
        out, y = [], 0.0
        for lo, up in zip(self.layers, self.layers[1:], strict=False):
            y += lo.thickness
            out.append((lo.name, up.name, y))
        return out

    def materials(self) -> dict[str, Material]:
        """Every material card the case uses, by file path."""
        mats = {str(layer.material.path): layer.material for layer in self.layers}
        mats.update({str(p.material.path): p.material for p in self.thermal.pads})
        return mats

    def to_toml(self) -> str:
        """The case as resolved (defaults filled, paths absolute), as TOML text."""
        return tomli_w.dumps(self.resolved)


def _material(sec: Section, key: str, kinds: tuple[str, ...]) -> Material:
    path = sec.path(key)
    try:
        mat = load_material(path)
    except InputError as exc:
        raise InputError(f"in material card: {exc}", file=sec.file, key=sec.key(key)) from None
    if mat.kind not in kinds:
        raise sec.error(key, f"material '{mat.name}' is of kind '{mat.kind}'", str(path), " or ".join(kinds))
    return mat


def _name(sec: Section, seen: set[str]) -> str:
    name = sec.string("name")
    if not _NAME.match(name):
        raise sec.error("name", "names start with a letter and use letters, digits, '_' or '-' (≤ 41 chars)", name)
    if name in seen:
        raise sec.error("name", "names must be unique", name)
    seen.add(name)
    return name


def _layers(stack: Section) -> tuple[Layer, ...]:
    secs = stack.sections("layers")
    if not 1 <= len(secs) <= 20:
        raise stack.error("layers", "wrong number of layers", len(secs), "1 … 20 layers")
    seen: set[str] = set()
    layers = []
    for s in secs:
        name = _name(s, seen)
        mat = _material(s, "material", ("metal", "polymer", "thermoplastic"))
        t = s.quantity("thickness", "length", lo=1e-9, hi=5e-3)
        n = s.integer("elements", 4, lo=1, hi=200)
        sig = s.quantity("intrinsic_stress", "stress", 0.0, lo=-5e9, hi=5e9)
        born = s.string("active_from", "") or None
        if mat.kind == "metal":
            formed = s.string("formed_by", "electroplating" if born else "foil", choices=METAL_ROUTES)
        else:
            formed = s.string("formed_by", "film", choices=POLYMER_ROUTES)
        s.finish()
        layers.append(Layer(name, mat, t, n, sig, born, formed))
    stack.finish()
    return tuple(layers)


def _mesh(sec: Section, layers: tuple[Layer, ...], needed: bool = True) -> MeshSpec:
    total = sum(layer.thickness for layer in layers)
    width = sec.quantity("width", "length", MISSING if needed else 50 * total, lo=2 * total, hi=1.0)
    size = sec.quantity("element_size", "length", min(width / 50, 20 * total / 10), lo=width / 5000, hi=width / 4)
    edge = sec.quantity(
        "edge_element_size", "length", min(size, min(layer.thickness for layer in layers)), lo=size / 1000, hi=size
    )
    growth = sec.number("growth", 1.2, lo=1.0, hi=2.0)
    grading = sec.number("interface_grading", 1.0, lo=1.0, hi=10.0)
    degree = sec.integer("degree", 2, lo=1, hi=3)
    sec.finish()
    return MeshSpec(width, size, edge, growth, grading, degree)


def _thermal(sec: Section) -> ThermalSpec:
    h = sec.optional_quantity("conductance", "conductance", lo=1.0, hi=1e9)
    n = sec.integer("elements_per_layer", 4, lo=1, hi=100)
    pads = []
    seen: set[str] = set()
    for s in sec.sections("pads", required=False):
        name = _name(s, seen)
        mat = _material(s, "material", ("thermal", "polymer", "metal", "thermoplastic"))
        t = s.quantity("thickness", "length", lo=1e-7, hi=0.05)
        side = s.string("side", "both", choices=("top", "bottom", "both"))
        ne = s.integer("elements", 8, lo=1, hi=200)
        s.finish()
        pads.append(Pad(name, mat, t, side, ne))  # type: ignore[arg-type]
    sec.finish()
    return ThermalSpec(h, tuple(pads), n)


def _surface(sec: Section) -> SurfaceSpec:
    from .meshes import surface as srf

    kind = sec.string("kind", choices=("sinusoid", "nodules", "trace", "random"))
    try:
        if kind == "sinusoid":
            prof = srf.sinusoid(
                sec.quantity("amplitude", "length", lo=1e-9, hi=1e-3, lo_open=True),
                sec.quantity("wavelength", "length", lo=1e-8, hi=1e-2, lo_open=True),
            )
        elif kind == "nodules":
            prof = srf.nodules(
                sec.quantity("radius", "length", lo=1e-9, hi=1e-3, lo_open=True),
                sec.quantity("height", "length", lo=1e-9, hi=1e-3, lo_open=True),
                sec.quantity("spacing", "length", lo=1e-9, hi=1e-2, lo_open=True),
                count=sec.integer("count", 1, lo=1, hi=50),
                randomize=sec.number("randomize", 0.0, lo=0.0, hi=1.0),
                seed=sec.integer("seed", 0, lo=0),
            )
        elif kind == "trace":
            x, z = srf.read_trace(sec.path("file"))
            prof = srf.trace_profile(x, z, modes=sec.integer("modes", 128, lo=8, hi=1024))
        else:
            has_ra, has_rz = sec.has("ra"), sec.has("rz")
            if has_ra == has_rz:
                raise sec.error(None, "give exactly one of 'ra' or 'rz'")
            prof = srf.random_profile(
                sec.quantity("length", "length", lo=1e-8, hi=1e-2, lo_open=True),
                sec.quantity("correlation_length", "length", lo=1e-9, hi=1e-2, lo_open=True),
                ra=sec.quantity("ra", "length", lo=0, lo_open=True) if has_ra else None,
                rz=sec.quantity("rz", "length", lo=0, lo_open=True) if has_rz else None,
                seed=sec.integer("seed", 0, lo=0),
                modes=sec.integer("modes", 128, lo=8, hi=1024),
            )
    except ValueError as exc:
        raise sec.error(None, str(exc)) from None
    sec.finish()
    return SurfaceSpec(prof, dict(sec.resolved))


def _interface(sec: Section, layers: tuple[Layer, ...], cycle: Cycle, models: tuple[str, ...]) -> InterfaceSpec:
    names = [layer.name for layer in layers]
    soft = [i for i, layer in enumerate(layers) if layer.material.kind == "thermoplastic"]
    default = layers[soft[0]].name if soft else names[0]
    lname = sec.string("layer", default, choices=names)
    i = names.index(lname)
    layer = layers[i]
    if layer.material.kind not in ("thermoplastic", "polymer"):
        raise sec.error("layer", "the interface layer must be a thermoplastic or polymer layer", lname)
    neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(layers)]
    metals = [j for j in neighbours if layers[j].material.kind == "metal"]
    mname = sec.string("metal", layers[metals[0]].name if metals else "", choices=[*names, ""])
    metal = layers[names.index(mname)] if mname else None
    cores = [j for j in neighbours if metal is None or layers[j].name != metal.name]
    core = layers[cores[0]] if cores else None
    surf = _surface(sec.section("surface"))
    L = surf.profile.length
    core_t = sec.quantity("core_thickness", "length", min(core.thickness, 2 * L) if core else 0.0, lo=0.0, hi=1e-3)
    if core is None:
        core_t = 0.0
    history = sec.string("history", "stack" if "stack" in models else "cycle", choices=("cycle", "stack"))
    if history == "stack" and "stack" not in models:
        raise sec.error("history", "history = 'stack' needs the stack model in analysis.models", history)
    if history == "stack" and metal is None:
        raise sec.error("history", "history = 'stack' needs a metal layer next to the interface layer", history)
    tg = layer.material.glass_transition
    tb = sec.optional_quantity("bonding_temperature", "temperature", lo=0, hi=873.15)
    bond = tb if tb is not None else tg
    gas = sec.section("gas", required=False)
    gmode = gas.string("mode", "none", choices=("none", "vented", "sealed"))
    gp = gas.quantity("pressure", "pressure", 0.0 if gmode != "sealed" else 0.1e6, lo=0.0, hi=10e6)
    gas.finish()
    m = sec.section("mesh", required=False)
    along = m.integer("elements_along", 32, lo=4, hi=2000)
    n_t = m.integer("tpi_elements", 10, lo=2, hi=200)
    n_c = m.integer("core_elements", 3, lo=1, hi=50)
    grading = m.number("grading", 1.15, lo=1.0, hi=2.0)
    m.finish()
    max_step = sec.quantity("max_step", "time", min(60.0, cycle.duration / 20), lo=1e-6, hi=cycle.duration)
    sec.finish()
    return InterfaceSpec(
        layer,
        core,
        metal,
        surf,
        core_t,
        cast(Literal["cycle", "stack"], history),
        bond,
        cast(Literal["none", "vented", "sealed"], gmode),
        gp,
        along,
        n_t,
        n_c,
        grading,
        max_step,
    )


def _adhesion(
    sec: Section, layers: tuple[Layer, ...], models: tuple[str, ...], interface: InterfaceSpec | None
) -> AdhesionSpec:
    cpath = sec.path("interface")
    try:
        card = load_interface_card(cpath)
    except InputError as exc:
        raise InputError(f"in interface card: {exc}", file=sec.file, key=sec.key("interface")) from None
    names = [layer.name for layer in layers]

    def metal_next_to(i: int) -> list[int]:
        return [j for j in (i - 1, i + 1) if 0 <= j < len(layers) and layers[j].material.kind == "metal"]

    if interface is not None and interface.metal is not None:
        default_layer = interface.layer.name
    else:
        bonded = [i for i, layer in enumerate(layers) if layer.material.kind == "thermoplastic" and metal_next_to(i)]
        default_layer = names[bonded[0]] if bonded else MISSING
    lname = sec.string("layer", default_layer, choices=names)
    i = names.index(lname)
    layer = layers[i]
    if layer.material.kind not in ("thermoplastic", "polymer") or not metal_next_to(i):
        raise sec.error("layer", "the bonded layer must be a polymer layer next to a metal layer", lname)
    if card.kinetics.law == "shift_clock" and layer.material.viscoelastic is None:
        raise sec.error(
            "layer", "a shift-clock bond kinetics needs a thermoplastic layer with viscoelastic data", lname
        )
    # default arm: the metal layers stacked on the bonded layer, walking away from it
    if interface is not None and interface.metal is not None and interface.layer.name == lname:
        first = names.index(interface.metal.name)
    else:
        first = metal_next_to(i)[0]
    step = 1 if first > i else -1
    run = []
    j = first
    while 0 <= j < len(layers) and layers[j].material.kind == "metal":
        run.append(layers[j].name)
        j += step
    arm_names = sec.array("arm", run)
    if not arm_names or any(a not in run for a in arm_names) or arm_names != run[: len(arm_names)]:
        raise sec.error(
            "arm",
            "the peeled arm is the run of metal layers on the bonded layer, starting next to it",
            arm_names,
            " then ".join(run),
        )
    arm = tuple(layers[names.index(a)] for a in arm_names)
    angle = sec.number("angle", 90.0, lo=1.0, hi=180.0)
    t_test = sec.quantity("test_temperature", "temperature", 296.15, lo=173.15, hi=673.15)
    h15 = sec.quantity("claim_thickness", "length", 15e-6, lo=1e-7, hi=1e-3)
    foundation = sec.string("foundation", "auto", choices=("auto", "rigid"))
    has_interface = "interface" in models and interface is not None
    if (
        has_interface
        and interface is not None
        and (interface.layer.name != lname or interface.metal is None or interface.metal.name != arm[0].name)
    ):
        has_interface = False
    default_contact: Any = "interface" if has_interface else "complete" if arm[0].dry_plated else MISSING
    if default_contact is MISSING and not sec.has("contact"):
        raise sec.error(
            "contact",
            f"how much of the {arm[0].formed_by} '{arm[0].name}' is in contact with '{lname}' comes from the "
            "interface model: add 'interface' to analysis.models (with [interface] layer and metal set to "
            "these layers), or set adhesion.contact = 'complete' to assume full contact from the start",
        )
    contact = sec.string("contact", default_contact, choices=("interface", "complete"))
    if contact == "interface" and not has_interface:
        raise sec.error(
            "contact",
            f"contact = 'interface' needs the interface model of '{lname}' against '{arm[0].name}'",
            contact,
            "'complete', or add the interface model",
        )
    sec.finish()
    return AdhesionSpec(
        card,
        layer,
        arm,
        angle,
        t_test,
        h15,
        cast(Literal["auto", "rigid"], foundation),
        cast(Literal["interface", "complete"], contact),
    )


def read_case(data: dict[str, Any], path: Path) -> Case:
    """Validate a parsed case (see module docstring).

    Raises:
        InputError: The first problem found, naming file, key, value and what is accepted.
    """
    top = Section(data, path)
    version = top.integer("schema_version")
    if version != SCHEMA_VERSION:
        raise top.error("schema_version", "unsupported schema version", version, str(SCHEMA_VERSION))
    name = top.string("name")
    if not _NAME.match(name):
        raise top.error("name", "a case name starts with a letter and uses letters, digits, '_' or '-'", name)
    description = top.string("description", "")
    layers = _layers(top.section("stack"))
    an = top.section("analysis", required=False)
    models = tuple(an.array("models", ["stack"]))
    if not models or any(m not in ("stack", "interface") for m in models) or len(set(models)) != len(models):
        raise an.error("models", "unknown or repeated model", list(models), "a list of 'stack' and/or 'interface'")
    an.finish()
    mesh = _mesh(top.section("mesh", required=False), layers, "stack" in models)
    cycle = read_cycle(top.section("cycle"))
    thermal = _thermal(top.section("thermal", required=False))
    for i, layer in enumerate(layers):
        if layer.active_from is None:
            continue
        key = f"stack.layers[{i}].active_from"
        if layer.active_from not in cycle.names[1:]:
            raise InputError(
                "active_from must name a cycle segment",
                file=path,
                key=key,
                value=layer.active_from,
                accepted=", ".join(cycle.names[1:]),
            )
        if any(other.active_from is None for other in layers[i + 1 :]):
            raise InputError(
                "a layer born during the cycle (plated) must lie above every layer that exists from the start",
                file=path,
                key=key,
                value=layer.active_from,
            )
        t_birth = cycle.segment(layer.active_from)[0]
        if np.any(cycle.pressures[cycle.times >= t_birth - 1e-9] > 0):
            raise InputError(
                "pressing after a layer is born is not supported: release the pressure before the "
                "segment the layer is born in",
                file=path,
                key=key,
                value=layer.active_from,
            )

    mech = top.section("mechanics", required=False)
    plane = mech.string("plane", "plate", choices=("plate", "strain", "stress"))
    tsf = mech.quantity("stress_free_temperature", "temperature", float(cycle.temperatures[0]), lo=173.15, hi=873.15)
    platen = mech.string("platen", "rigid", choices=("rigid", "pressure"))
    edges = mech.string("edges_while_pressed", "sheet", choices=("sheet", "free"))
    visco = mech.boolean("viscoelastic", True)
    plastic = mech.boolean("plasticity", True)
    mech.finish()

    sol = top.section("solver", required=False)
    init = sol.quantity("initial_step", "time", min(1.0, cycle.duration / 10), lo=1e-9, hi=cycle.duration)
    maxs = sol.quantity("max_step", "time", max(init, cycle.duration / 50), lo=init, hi=cycle.duration)
    mins = sol.quantity("min_step", "time", min(1e-6, init / 10), lo=1e-12, hi=init)
    dT = sol.quantity("max_temperature_change", "temperature_difference", 5.0, lo=0.01, hi=200.0)
    dlog = sol.number("max_log_aT_change", 0.5, lo=0.01, hi=20.0)
    petsc: dict[str, Any] = {}
    pet = sol.section("petsc", required=False)
    for k, v in pet.data.items():
        if not isinstance(v, (str, int, float, bool)):
            raise pet.error(k, "PETSc option values must be strings, numbers or booleans", v)
        petsc[k] = v
        pet.used.add(k)
        pet.keep(k, v)
    sol.finish()

    interface = None
    if "interface" in models:
        interface = _interface(top.section("interface"), layers, cycle, models)
    elif top.has("interface"):
        raise top.error("interface", "an [interface] table needs 'interface' in analysis.models")

    adhesion = None
    if top.has("adhesion"):
        adhesion = _adhesion(top.section("adhesion"), layers, models, interface)

    out = top.section("output", required=False)
    fields = out.boolean("fields", True)
    every = out.integer("field_every", 10, lo=1, hi=100000)
    plots = out.boolean("plots", True)
    out.finish()
    top.finish()
    return Case(
        path=path,
        name=name,
        description=description,
        layers=layers,
        mesh=mesh,
        cycle=cycle,
        thermal=thermal,
        mechanics=MechanicsSpec(plane, tsf, visco, plastic, platen, edges),  # type: ignore[arg-type]
        solver=SolverSpec(init, maxs, mins, dT, dlog, petsc),
        output=OutputSpec(fields, every, plots),
        resolved=top.resolved,
        models=models,
        interface=interface,
        adhesion=adhesion,
    )


def load_case(path: str | Path) -> Case:
    """Read and validate a case file.

    Raises:
        InputError: The file is missing, not TOML, or fails validation.
    """
    p = Path(path).resolve()
    return read_case(load_toml(p), p)
