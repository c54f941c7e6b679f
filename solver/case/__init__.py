"""Case files (TOML, schema version 1) → a validated, unit-resolved :class:`Case`.

A case is complete and checked before any mesh or PETSc object exists. Layout (see
``cases/*.toml`` for complete examples and the docs' case-file reference for every key)::

    schema_version = 1
    name = "..."
    [[stack.layers]]  name, material (card path), thickness, elements,     (bottom → top)
                      intrinsic_stress (deposited film), active_from (segment where a plated layer is born),
                      formed_by (foil | sputtering | evaporation | ion_plating | cvd | electroplating |
                      electroless for metals; film | cast for polymers)
    [mesh]            width, element_size, edge_element_size, growth, interface_grading, degree
    [cycle]           start_temperature, start_pressure, [[cycle.segments]]
                      | log = "press.csv", temperature_tolerance, pressure_tolerance,
                      [cycle.measured] "cu/tpi" = "T_tc1" (a log column) | { file, column, cycle_start }:
                      measured temperatures of the platen, a face (top, bottom) or an interface
    [thermal]         conductance (optional), [[thermal.pads]] name, material, thickness, side, elements
    [mechanics]       section (axisymmetric | plane_strain | plane_stress), stress_free_temperature,
                      platen, edges_while_pressed, viscoelastic, plasticity, own_weight,
                      sheet_size, sheet_shape, edge_distance, edge_length
    [solver]          initial_step, max_step, min_step, max_temperature_change, max_log_aT_change,
                      [solver.petsc]
    [output]          fields, field_every, plots
    [analysis]        models = ["stack"] | ["interface"] | ["patch"] | ["stack", "interface"] | ...
    [interface]       layer, metal, history, bonding_temperature, core_thickness, max_step, card (the
                      interface card of the bonds' cohesive law; default: [adhesion] interface),
                      [interface.surface] kind = sinusoid | nodules | trace (file, modes, blend) | random |
                      foil (class = STD | VLP | HVLP | RA, seed) (+ its sizes) | mesh (an imported
                      cell: file, units, profile, modes, [interface.surface.names]),
                      [interface.gas] mode (none | vented | sealed), pressure (the press atmosphere's,
                      absolute; 0 for vacuum), [interface.mesh] elements_along, tpi_elements, ...
    [patch]           layer, metal, history, bonding_temperature, core_thickness, max_step (the 3-D
                      interface patch), [patch.surface] kind = bisinusoid | nodules | self_affine |
                      height_map (+ its sizes), [patch.mesh] elements_xy, elements_z, core_elements, grading
    [adhesion]        interface (card path), layer, arm, angle, test_temperature, claim_thickness,
                      foundation, contact: bond development, peel strength and the adhesion claims

The records live in :mod:`.spec`, the laminate in :mod:`.stack`, the table readers in :mod:`.readers`
and :mod:`.modelreaders`, dotted-key overrides in :mod:`.overrides`.
"""

from .overrides import apply_override
from .readers import SCHEMA_VERSION, load_case, read_case
from .spec import (
    DRY_PLATING,
    AdhesionSpec,
    Case,
    CellFile,
    InterfaceSpec,
    Layer,
    MechanicsSpec,
    MeshSpec,
    OutputSpec,
    Pad,
    PatchSpec,
    SolverSpec,
    SurfaceSpec,
    ThermalSpec,
)
from .stack import Interface, Stack, interface_name

__all__ = [
    "DRY_PLATING",
    "SCHEMA_VERSION",
    "AdhesionSpec",
    "Case",
    "CellFile",
    "Interface",
    "InterfaceSpec",
    "Layer",
    "MechanicsSpec",
    "MeshSpec",
    "OutputSpec",
    "Pad",
    "PatchSpec",
    "SolverSpec",
    "Stack",
    "SurfaceSpec",
    "ThermalSpec",
    "apply_override",
    "interface_name",
    "load_case",
    "read_case",
]
