"""The records of a validated case (what the solvers consume; built by :mod:`.readers`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import tomli_w

from ..materials import Material, StructuralMaterial
from ..materials.interfacecard import InterfaceCard
from ..process import Programme

if TYPE_CHECKING:
    from .stack import Stack

__all__ = [
    "DRY_PLATING",
    "METAL_ROUTES",
    "POLYMER_ROUTES",
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
]

# how a layer came to be: metals (seed 002 claims 10–12) and polymers
DRY_PLATING = ("sputtering", "evaporation", "ion_plating", "cvd")
METAL_ROUTES = ("foil", *DRY_PLATING, "electroplating", "electroless")
POLYMER_ROUTES = ("film", "cast")


@dataclass(frozen=True)
class Layer:
    """One layer of the laminate (bottom → top order in :attr:`Case.layers`)."""

    name: str
    material: StructuralMaterial
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
        gas: ``none``, ``vented`` (the valleys stay at the press atmosphere's pressure: no load) or
            ``sealed`` (each valley traps the atmosphere's gas as it closes: an ideal gas).
        gas_pressure: Absolute pressure of the press atmosphere (Pa); 0 for a vacuum press.
        elements_along, tpi_elements, core_elements: Mesh divisions.
        grading: Growth ratio of the TPI rows away from the surface.
        max_step: Largest time step (s).
        card: The interface card whose cohesive law bonded points follow (``[interface] card``, else
            the adhesion table's card); None: bonds of unlimited strength.
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
    card: InterfaceCard | None = None


@dataclass(frozen=True)
class AdhesionSpec:
    """Bond development and the peel test of the case (docs/theory/adhesion.md).

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
    """A validated case; every quantity in SI (temperatures in K).

    Attributes:
        path: The case file.
        name: Case name (names the results folder).
        description: Free text.
        stack: The laminate.
        mesh: In-plane meshing of the stack model's section.
        programme: The recipe: temperature and pressure against time.
        thermal: Pads and platen contact.
        mechanics: Stack-model options.
        solver: Time stepping and PETSc options.
        output: What a run writes besides history and summary.
        resolved: The case as understood (defaults filled, paths absolute), for ``case.toml``.
        models: The models to run, in order.
        interface: The interface model's section, if it runs.
        adhesion: The bond and peel evaluation, if asked for.
        quantity_kinds: The kind of quantity (``temperature``, ``pressure`` ...) of every key read,
            by its dotted key as the file writes it (``cycle.segments[0].temperature``).
    """

    path: Path
    name: str
    description: str
    stack: Stack
    mesh: MeshSpec
    programme: Programme
    thermal: ThermalSpec
    mechanics: MechanicsSpec
    solver: SolverSpec
    output: OutputSpec
    resolved: dict[str, Any]
    models: tuple[str, ...] = ("stack",)
    interface: InterfaceSpec | None = None
    adhesion: AdhesionSpec | None = None
    quantity_kinds: dict[str, str] = field(default_factory=dict)

    def materials(self) -> dict[str, Material]:
        """Every material card the case uses, by file path."""
        mats: dict[str, Material] = {str(layer.material.path): layer.material for layer in self.stack.layers}
        mats.update({str(p.material.path): p.material for p in self.thermal.pads})
        return mats

    def to_toml(self) -> str:
        """The case as resolved (defaults filled, paths absolute), as TOML text."""
        return tomli_w.dumps(self.resolved)
