"""The records of a validated case (what the solvers consume; built by :mod:`.readers`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import tomli_w

from ..materials import Material, StructuralMaterial
from ..materials.interfacecard import InterfaceCard
from ..process import MeasuredTrace, Programme, time_at_or_above
from ..results import RollSummary
from ..roll import Discretisation, Line, Ply, Roll, RollHistory, ThinFoundation, roll_programme
from ..roll.records import Cooling, Preheat
from ..units import to_celsius

if TYPE_CHECKING:
    from .stack import Stack

__all__ = [
    "DRY_PLATING",
    "METAL_ROUTES",
    "POLYMER_ROUTES",
    "AdhesionSpec",
    "Case",
    "CellFile",
    "InterfaceSpec",
    "Layer",
    "MechanicsSpec",
    "MeshSpec",
    "OutputSpec",
    "Pad",
    "RollSpec",
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
    """One layer of the laminate (bottom → top order in :attr:`Case.stack`).

    Attributes:
        name: Layer name (a letter, then letters, digits, ``_`` or ``-``; unique): it names the
            mesh region, the interfaces (``cu/tpi``) and the history columns.
        material: The layer's material card (a metal, polymer or thermoplastic card; the path is
            relative to the case file).
        thickness: Layer thickness (m).
        elements: Elements through the layer's thickness in the stack model.
        intrinsic_stress: In-plane biaxial stress (Pa, tension positive) the layer carries at the
            stress-free temperature when bonded and unbent: the growth stress of a sputtered or
            evaporated film.
        active_from: Name of the cycle segment at whose start the layer is born, stress-free (a
            wet-plated conductor); it must lie above every layer that exists from the start, and
            the press must be open from then on. Empty: the layer exists from the start.
        formed_by: How the layer was made. Metals: ``foil`` (the default), a dry plating method
            (``sputtering``, ``evaporation``, ``ion_plating``, ``cvd``: the seed 002 claims on the
            conductor's thickness apply) or wet plating (``electroplating``, the default of a
            layer with ``active_from``; ``electroless``). Polymers: ``film`` or ``cast``.
    """

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
    """A press pad or release film between a platen and the laminate (thermal only).

    Attributes:
        name: Pad name (unique among the pads).
        material: Its material card (any kind: only the thermal properties are used).
        thickness: Pad thickness (m).
        side: ``top``, ``bottom`` or ``both`` (one pad of this kind on each side).
        elements: Elements through the pad's thickness in the thermal column.
    """

    name: str
    material: Material
    thickness: float
    side: Literal["top", "bottom", "both"]
    elements: int


@dataclass(frozen=True)
class MeshSpec:
    """In-plane meshing of the 2-D cross-section.

    Attributes:
        width: Coupon width (m): the diameter of the round coupon of an axisymmetric section, the
            width of a plane one. Required for the stack model; default otherwise 50 × the stack
            thickness.
        element_size: In-plane element size away from the edges (m). Default: the smaller of
            width/50 and twice the stack thickness.
        edge_element_size: In-plane element size at the free edges (m). Default: the smaller of
            ``element_size`` and the thinnest layer's thickness.
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
    """Thermal boundary conditions: perfect platen contact or a contact conductance h (W/(m² K)).

    Attributes:
        conductance: Contact conductance h between each platen and the outermost pad or laminate
            face (W/(m² K)); absent: perfect contact, the face is at the platen temperature.
        pads: Press pads and release films between the platens and the laminate (``[[thermal.pads]]``),
            listed from the laminate outward.
        elements_per_layer: Elements through each laminate layer in the thermal column.
    """

    conductance: float | None
    pads: tuple[Pad, ...]
    elements_per_layer: int


@dataclass(frozen=True)
class MechanicsSpec:
    """Options of the stack model.

    Attributes:
        section: ``axisymmetric`` (the default: a round coupon of diameter ``mesh.width``, isotropic in
            its plane, free to curl the same in every direction), ``strain`` (a plane section, ε_zz = 0:
            a cut through a long strip held straight along its length) or ``stress`` (σ_zz = 0: a
            narrow strip).
        stress_free_temperature: Temperature (K) at which the bonded stack carries no stress.
            Default: the cycle's start temperature.
        viscoelastic: Thermoplastic layers follow their Prony series (False: glassy elastic).
        plasticity: Metal layers with plastic data yield (False: elastic).
        platen: While pressed, the upper platen is a flat rigid body pushed with the press force onto
            the laminate, touching it only where the laminate reaches it (``rigid``), or the press
            pressure acts as a uniform traction on the top face (``pressure``). The lower platen is
            a fixed rigid flat the laminate rests on under its own weight.
        edges_while_pressed: ``sheet``: in the press the coupon is part of a much wider sheet: the
            edges of its thermoplastic layers stay straight between their neighbours (the shear
            flow of a wide sheet's melt: it neither squeezes out nor bulges), while the metal and
            film edges are free (in a wide sheet a molten layer lets its neighbours slide past each
            other); the coupon is cut free when the press opens. ``free``: a coupon pressed on
            its own (its melt squeezes out at the edge, within small strains).
        own_weight: The laminate's weight presses it onto the lower platen (or a table).
        sheet_size: Side (square) or diameter (round) of the sheet whose curl is reported (m).
        sheet_shape: ``square`` or ``round``.
        edge_distance: Distance from the free edge at which interface stresses are reported (m).
            Default: the stack thickness.
        edge_length: Length next to the free edge over which interface stresses are averaged (m).
            Default: the stack thickness.
    """

    section: Literal["axisymmetric", "strain", "stress"]
    stress_free_temperature: float
    viscoelastic: bool = True
    plasticity: bool = True
    platen: Literal["rigid", "pressure"] = "rigid"
    edges_while_pressed: Literal["sheet", "free"] = "sheet"
    own_weight: bool = True
    sheet_size: float = 0.1
    sheet_shape: Literal["square", "round"] = "square"
    edge_distance: float = 0.0
    edge_length: float = 0.0


@dataclass(frozen=True)
class SolverSpec:
    """Time stepping and PETSc options.

    Attributes:
        initial_step: First time step (s). Default: the smaller of 1 s and a tenth of the cycle.
        max_step: Largest step (s). Default: the larger of ``initial_step`` and 1/50 of the cycle.
        min_step: Smallest step before giving up (s): a step that fails to converge is halved
            down to this length, then the run stops with a convergence error. Default: the
            smaller of 1 µs and ``initial_step``/10.
        max_temperature_change: Largest platen temperature change per step (K).
        max_log_aT_change: Largest change of a thermoplastic's log10 a_T per step (decades).
        petsc_options: Extra options merged over each problem's defaults.
        max_pressure_ratio: Largest factor by which the pressure may rise or fall in one step once it
            exceeds ``CLOSING_PRESSURE`` (None: no limit). A roll nip takes the pressure from zero to
            tens of MPa and back within milliseconds; a penalty contact follows it in a few Newton
            iterations per decade.
    """

    initial_step: float
    max_step: float
    min_step: float
    max_temperature_change: float
    max_log_aT_change: float = 0.5
    petsc_options: dict[str, Any] = field(default_factory=dict)
    max_pressure_ratio: float | None = None


@dataclass(frozen=True)
class OutputSpec:
    """What a run writes besides history and summary.

    Attributes:
        fields: Write the VTX fields (``fields/*.bp``: displacement, temperature, stress) for ParaView.
        field_every: Write the fields every this many time steps (and at the end).
        plots: Write the figures (``plots/*.png`` and ``*.pdf``).
    """

    fields: bool
    field_every: int
    plots: bool


@dataclass(frozen=True)
class CellFile:
    """An interface cell meshed outside thermobond (``[interface.surface] kind = "mesh"``): what
    :func:`thermobond.meshes.importing.import_cell` needs to read it.

    Attributes:
        file: The mesh file (any format meshio reads).
        units: Length unit of the file's coordinates.
        names: (thermobond group name, the file's name) where they differ.
        profile: ``linear`` (the metal line's polyline) or ``cosine`` (a series fitted to it).
        modes: Terms of the cosine series.
        cells: Cells of the mesh (as read when the case was loaded, for reports).
    """

    file: Path
    units: str = "m"
    names: tuple[tuple[str, str], ...] = ()
    profile: Literal["linear", "cosine"] = "linear"
    modes: int = 256
    cells: int = 0


@dataclass(frozen=True)
class SurfaceSpec:
    """The metal surface of the interface cell: the profile and how it was described.

    Attributes:
        profile: The rigid surface z(x) (a CosineProfile, FourierProfile or, from a mesh file, a
            LinearProfile).
        description: The ``[interface.surface]`` table as resolved.
        cell: The cell's mesh file when the cell is imported (its metal line is ``profile``);
            None: the cell is meshed over ``profile``.
    """

    profile: Any
    description: dict[str, Any]
    cell: CellFile | None = None


@dataclass(frozen=True)
class InterfaceSpec:
    """The micro-scale interface model (docs/theory/interface.md).

    Attributes:
        layer: The thermoplastic (or, for verification, elastic polymer) layer flowing into the
            surface. Default: the first thermoplastic layer.
        core: The layer above it in the cell (core PI), or None for a TPI-only cell.
        metal: The metal layer whose surface it fills (its CTE is the cell's frame). Default: the
            first metal layer next to ``layer``; ``""`` for none.
        surface: The rough surface.
        core_thickness: Thickness of the core in the cell (m). Default: the smaller of the core
            layer's thickness and twice the cell's length.
        history: ``cycle`` (T, p from the case's cycle) or ``stack`` (the stack model's interface
            temperature and mean normal pressure). Default: ``stack`` when the stack model runs.
        bonding_temperature: A contact made at or above it bonds (K); None: contact never bonds.
            Default: the Tg of the layer's material.
        gas: ``none``, ``vented`` (the valleys stay at the press atmosphere's pressure: no load) or
            ``sealed`` (each valley traps the atmosphere's gas as it closes: an ideal gas).
        gas_pressure: Absolute pressure of the press atmosphere (Pa); 0 for a vacuum press.
        elements_along, tpi_elements, core_elements: Mesh divisions.
        grading: Growth ratio of the TPI rows away from the surface.
        max_step: Largest time step (s). Default: the smaller of 60 s and 1/20 of the cycle.
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
class PatchSpec:
    """The 3-D interface patch (docs/theory/interface.md, "The TPI in 3-D").

    Attributes:
        layer: The thermoplastic layer pressed into the surface. Default: the first thermoplastic layer.
        core: The layer above it in the patch (core PI), or None for a TPI-only patch.
        metal: The metal layer whose surface it fills (its CTE is the patch's frame).
        surface: The rigid areal surface (an areal surface of :mod:`thermobond.meshes.areal` or the
            bisinusoid of :mod:`thermobond.simulation.patchsurface`).
        description: The ``[patch.surface]`` table as resolved.
        core_thickness: Thickness of the core in the patch (m). Default: the smaller of the core
            layer's thickness and the patch's longer side.
        history: ``cycle`` or ``stack`` (as for the interface model).
        bonding_temperature: A contact made at or above it bonds (K); None: nothing bonds.
            Default: the Tg of the layer's material.
        elements_xy: Q2 elements along x (and along y of a square patch).
        elements_z: Q2 elements through the thermoplastic layer.
        core_elements: Q2 elements through the core.
        grading: Growth g of the thermoplastic's element heights away from the surface
            (z = H ζ^g; 1: uniform).
        max_step: Largest time step (s). Default: the smaller of 60 s and 1/20 of the cycle.
        linear_solver: ``direct`` (MUMPS) or ``iterative`` (flexible GMRES with a Schur-complement
            field split and multigrid: :mod:`thermobond.simulation.mixedsolver`).
        gas: ``none``, ``vented`` (the gap stays at the press atmosphere's pressure: no load) or
            ``sealed`` (each pocket the contact closes off traps the atmosphere's gas: an ideal gas,
            :mod:`thermobond.simulation.patchgas`).
        gas_pressure: Absolute pressure of the press atmosphere (Pa); 0 for a vacuum press.
    """

    layer: Layer
    core: Layer | None
    metal: Layer | None
    surface: Any
    description: dict[str, Any]
    core_thickness: float
    history: Literal["cycle", "stack"]
    bonding_temperature: float | None
    elements_xy: int
    elements_z: int
    core_elements: int
    grading: float
    max_step: float
    linear_solver: Literal["direct", "iterative"] = "direct"
    gas: Literal["none", "vented", "sealed"] = "none"
    gas_pressure: float = 0.101325e6


@dataclass(frozen=True)
class AdhesionSpec:
    """Bond development and the peel test of the case (docs/theory/adhesion.md).

    Attributes:
        card: The metal/TPI interface card (intrinsic toughness, bond kinetics, calibration).
        layer: The thermoplastic layer bonded to the conductor. Default: the interface model's
            layer, else the first thermoplastic next to a metal.
        arm: The conductor layers peeled together (adjacent to ``layer`` first). Default: the
            whole run of metal layers on ``layer``.
        angle: Peel angle (degrees).
        test_temperature: Temperature of the peel test (K).
        claim_thickness: Total conductor thickness of the adhesion claim (m), seed 002 claims 14–15.
        foundation: ``auto`` (the polymer under the arm as an elastic foundation) or ``rigid``.
        contact: ``interface`` (bonded surface from the interface model) or ``complete`` (in contact
            everywhere from the start: a conductor formed on the TPI). Default: ``interface``
            when the interface model runs on this layer and metal, ``complete`` for a dry-plated
            conductor; otherwise it must be given.
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
class RollSpec:
    """The roll-lamination line of a case (``[roll]``, in place of a press ``[cycle]``).

    The records are those of :mod:`thermobond.roll`; ``history`` is a slice of web taken through the
    line when the case is read (1-D conduction and a boundary-element nip: no mesh), and the case's
    programme is :meth:`programme` of it.

    Attributes:
        line: Line load, speed, web tension, ambient and air heat transfer.
        bottom: The roll under the stack's bottom layer.
        top: The roll on the stack's top layer.
        plies: The webs that meet in the nip, bottom to top (the stack's layers, grouped).
        preheat: Zones before the nip.
        cooling: Zones after the nip.
        ply_conductance: Contact conductance between plies from the nip on (W/(m² K); ∞ = perfect).
        web: The web's through-thickness compliance in the nip, or None (rigid web).
        discretisation: Mesh and time-step controls of the conduction through the web.
        history: T(t) through the web and the nip pressure p(t) of a slice of web.
        interface: The point whose temperature is the recipe's temperature (a metal/thermoplastic
            interface, ``"<lower>/<upper>"``).
        nip_divisions: Pieces the nip is cut into by the programme's breakpoints.
    """

    line: Line
    bottom: Roll
    top: Roll
    plies: tuple[Ply, ...]
    preheat: tuple[Preheat, ...]
    cooling: tuple[Cooling, ...]
    ply_conductance: float
    web: ThinFoundation | None
    discretisation: Discretisation
    history: RollHistory
    interface: str
    nip_divisions: int

    def programme(self, interface: str | None = None) -> Programme:
        """The recipe a slice of web sees, its temperature taken at ``interface`` (default: :attr:`interface`)."""
        return roll_programme(self.history, interface or self.interface, self.nip_divisions)

    def summary(self, pressed_threshold: float = 1e6) -> RollSummary:
        """The line and its nip as the run summary reports them.

        Args:
            pressed_threshold: Pressure (Pa) of the ``*_while_pressed_*`` values; 1 MPa is seed 002
                claim 9's pressure during heating.
        """
        h = self.history
        T = h.temperature(self.interface)
        pressed = h.pressures >= pressed_threshold
        t_min = t_max = None
        if np.any(pressed):
            lo, hi = h.temperature_while_pressed(self.interface, pressed_threshold)
            t_min, t_max = to_celsius(lo), to_celsius(hi)
        thickness = sum(ply.thickness for ply in self.plies)
        note = ""
        if self.line.web_tension > 0:
            note = "the web tension is reported, not applied: the stack model's coupon carries no in-plane load"
        return RollSummary(
            interface=self.interface,
            line_load_N_per_m=self.line.line_load,
            line_speed_m_per_s=self.line.speed,
            web_tension_N_per_m=self.line.web_tension,
            web_tension_stress_Pa=self.line.web_tension / thickness,
            bottom_roll_temperature_degC=to_celsius(self.bottom.temperature),
            top_roll_temperature_degC=to_celsius(self.top.temperature),
            nip_method=h.nip.method,
            nip_width_m=h.nip_width,
            dwell_s=h.dwell,
            peak_nip_pressure_Pa=h.nip.peak_pressure,
            mean_nip_pressure_Pa=h.nip.mean_pressure(),
            nip_entry_s=h.nip_start,
            nip_exit_s=h.nip_end,
            line_time_s=float(h.times[-1]),
            interface_temperature_at_nip_entry_degC=to_celsius(float(h.temperature(self.interface, h.nip_start))),
            interface_temperature_at_nip_exit_degC=to_celsius(float(h.temperature(self.interface, h.nip_end))),
            interface_peak_temperature_degC=to_celsius(float(T.max())),
            pressed_threshold_Pa=pressed_threshold,
            pressed_s=time_at_or_above(h.times, h.pressures, pressed_threshold)[1],
            interface_temperature_while_pressed_min_degC=t_min,
            interface_temperature_while_pressed_max_degC=t_max,
            note=note,
        )


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
        models: The models to run, in order: ``["stack"]`` (the default), ``["interface"]``,
            ``["patch"]`` (the 3-D interface patch) or the stack followed by one or both of them
            (``["stack", "interface"]``: the interface cell driven by the stack's interface history).
        interface: The interface model's section, if it runs.
        adhesion: The bond and peel evaluation, if asked for.
        roll: The roll-lamination line whose slice of web is the programme (None: a press cycle).
        patch: The 3-D interface patch's section, if it runs (``"patch"`` in ``models``).
        quantity_kinds: The kind of quantity (``temperature``, ``pressure`` ...) of every key read,
            by its dotted key as the file writes it (``cycle.segments[0].temperature``).
        measured: Measured temperatures of the cycle to compare the run with (``[cycle.measured]``).
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
    roll: RollSpec | None = None
    patch: PatchSpec | None = None
    quantity_kinds: dict[str, str] = field(default_factory=dict)
    measured: tuple[MeasuredTrace, ...] = ()

    def materials(self) -> dict[str, Material]:
        """Every material card the case uses, by file path."""
        mats: dict[str, Material] = {str(layer.material.path): layer.material for layer in self.stack.layers}
        mats.update({str(p.material.path): p.material for p in self.thermal.pads})
        return mats

    def to_toml(self) -> str:
        """The case as resolved (defaults filled, paths absolute), as TOML text."""
        return tomli_w.dumps(self.resolved)
