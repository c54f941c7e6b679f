"""What the models return: frozen result objects and the typed summaries written as ``summary.json``.

Naming convention of every output (summary keys, CSV columns, Parquet columns, VTX field names):
snake case, the unit as the last part of the name — ``_m``, ``_s``, ``_Pa``, ``_N_per_m``,
``_J_per_m2``, ``_1_per_m``, ``_m2`` (:data:`UNIT_SUFFIXES`) — in SI, except temperatures, which
are in degrees Celsius (``_degC``; a temperature difference is ``_K``). Fractions, ratios and counts
carry no unit; ratios of moduli are in ``_decades`` (log10). Models work in kelvin; only the sinks
convert. A name made of parts keeps the unit at its very end: a per-layer value is
``stack.max_von_mises.cu_Pa`` in a table, a standard deviation is ``..._sigma_N_per_m``. Reports show
the same values in process units (°C, MPa, µm, min, N/cm) and say so on every axis and column.
The collected table of a study also carries each column's unit in its Parquet schema (field
metadata ``unit``), spelt as :data:`UNIT_SUFFIXES` gives it.

Each model returns a result object (:class:`StackResult`, :class:`InterfaceResult`); the pipeline
hands them to the next model and to the sinks, which write files from them and never read them back.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .process import Programme
from .records import from_data, to_data

__all__ = [
    "SUMMARY_FORMAT",
    "UNIT_SUFFIXES",
    "AdhesionSummary",
    "CellSnapshot",
    "CentreStress",
    "ClaimCheck",
    "Deflection",
    "History",
    "InterfaceResult",
    "InterfaceStress",
    "InterfaceSummary",
    "InterfaceTraction",
    "MeasuredComparison",
    "PatchResult",
    "PatchSummary",
    "PeelSummary",
    "RollSummary",
    "RunSummary",
    "SheetSummary",
    "SolverStats",
    "StackResult",
    "StackSummary",
    "SurfacePoints",
    "TraceComparison",
    "unit_suffix_of",
]

#: Version of the ``summary.json`` layout (1: the flat dictionary of thermobond 0.1).
SUMMARY_FORMAT = 2

#: The unit suffixes of the naming convention and the unit each stands for (as pint and UDUNITS spell it)
UNIT_SUFFIXES: dict[str, str] = {
    "m": "m",
    "s": "s",
    "Pa": "Pa",
    "degC": "degC",
    "K": "K",
    "m2": "m^2",
    "1_per_m": "1/m",
    "1_per_K": "1/K",
    "N_per_m": "N/m",
    "J_per_m2": "J/m^2",
    "K_per_s": "K/s",
    "Pa_per_m": "Pa/m",
    "Pa_s": "Pa*s",
    "m_per_s": "m/s",
    "J_per_mol": "J/mol",
    "W_per_m_K": "W/(m*K)",
    "W_per_m2_K": "W/(m^2*K)",
    "kg_per_m3": "kg/m^3",
    "J_per_kg_K": "J/(kg*K)",
    "decades": "decades",
}


def unit_suffix_of(name: str) -> str:
    """The unit suffix that ends an output name (``""`` for a number without a unit), longest first:
    ``adhesion.peel_strength_N_per_m`` → ``N_per_m``, ``stack.curvature_1_per_m`` → ``1_per_m``."""
    last = name.rsplit(".", 1)[-1]
    found = [s for s in UNIT_SUFFIXES if last.endswith("_" + s)]
    return max(found, key=len) if found else ""


# ---- time histories ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class History:
    """One row per accepted step; columns named by the convention above.

    Attributes:
        columns: Column names, in order.
        rows: The rows (numbers, or short strings such as a support state).
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def column(self, name: str) -> np.ndarray:
        """One column as an array (float where the column is numeric)."""
        j = self.columns.index(name)
        values = [r[j] for r in self.rows]
        try:
            return np.asarray(values, dtype=float)
        except (TypeError, ValueError):
            return np.asarray(values, dtype=object)

    def to_frame(self) -> Any:
        """A pandas DataFrame of the history."""
        import pandas as pd  # only where a DataFrame is asked for (notebooks, the Python API)

        return pd.DataFrame(list(self.rows), columns=list(self.columns))

    @classmethod
    def from_dicts(cls, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> History:
        return cls(tuple(columns), tuple(tuple(r.get(c, "") for c in columns) for r in rows))


@dataclass(frozen=True)
class SolverStats:
    """How much work a model's time loop did."""

    dofs: int
    steps: int
    newton_iterations: int
    linear_solves: int
    cutbacks: int
    wall_time_s: float


# ---- the stack model ------------------------------------------------------------------------------
@dataclass(frozen=True)
class InterfaceStress:
    """Stresses along one interface of the stack at the end of the cycle (Pa, positions in m).

    The free edge is a stress singularity of the elastic section: the traction at the edge node
    grows without bound as the mesh is refined. The edge values a report should quote are
    ``edge_*`` (at ``MechanicsSpec.edge_distance`` from the edge) and ``edge_mean_*`` (averaged over
    ``MechanicsSpec.edge_length`` next to it), which converge with the mesh; ``peak_*`` is the raw
    nodal extreme, kept only as a detail.
    """

    edge_normal_Pa: float
    edge_shear_Pa: float
    edge_mean_normal_Pa: float
    edge_mean_shear_Pa: float
    mid_normal_Pa: float
    mid_shear_Pa: float
    peak_normal_Pa: float
    x_peak_normal_m: float
    peak_shear_Pa: float
    x_peak_shear_m: float


@dataclass(frozen=True)
class SheetSummary:
    """The curl of the user's sheet (``mechanics.sheet_size``, ``sheet_shape``) with geometric
    nonlinearity, from the coupon's small-deflection curvature (see :func:`thermobond.laminate.sheet_curl`).

    Curvatures are positive when the sheet is concave toward the top face.

    Attributes:
        shape: ``square`` or ``round``.
        size_m: Side or diameter (m).
        branch: ``flat``, ``spherical`` (a cap, equal curvatures) or ``cylindrical`` (a roll).
        curvature_major_1_per_m: The larger principal curvature (1/m).
        curvature_minor_1_per_m: The other one (1/m).
        bifurcation_curvature_1_per_m: Curvature of the cap when the sheet starts to roll (1/m).
        cylindrical_curvature_1_per_m: The roll's curvature for a large misfit (1/m).
        load_ratio: Misfit moment over its value at the bifurcation (> 1: rolled).
        edge_lift_m: Height of the edge above a table, concave side up (m), where the major
            curvature ends (mid-edge of a square rolled parallel to a side).
        edge_lift_max_m: Highest point of the edge (the corners of a square) (m).
        small_deflection_edge_lift_m: κ0 L²/8, what linear plate theory would say (m).
        roll_angle_rad: κ_major × the sheet's extent: π is a U, beyond 2π the sheet rolls up into a
            tube of diameter 2/κ_major and would touch itself (its edge lift then means nothing).
        height_m: Height of the sheet's highest point above the table (m).
    """

    shape: str
    size_m: float
    branch: str
    curvature_major_1_per_m: float
    curvature_minor_1_per_m: float
    bifurcation_curvature_1_per_m: float
    cylindrical_curvature_1_per_m: float
    load_ratio: float
    edge_lift_m: float
    edge_lift_max_m: float
    small_deflection_edge_lift_m: float
    roll_angle_rad: float = 0.0
    height_m: float = 0.0

    @property
    def rolls_up(self) -> bool:
        """More than a full turn: the sheet would roll up into a tube (it touches itself)."""
        return self.roll_angle_rad > 2 * math.pi

    def shape_text(self) -> str:
        """How the sheet lies, in words: its edge lift, or the tube it rolls up into."""
        if self.rolls_up:
            return (
                f"rolls up into a tube of {2e3 / abs(self.curvature_major_1_per_m):.3g} mm diameter "
                f"({self.roll_angle_rad / (2 * math.pi):.2g} turns; it touches itself)"
            )
        text = f"edge lift {self.edge_lift_m * 1e3:.3g} mm on a table"
        if self.roll_angle_rad > math.pi:
            text += f", rolled past a U (its top {self.height_m * 1e3:.3g} mm above the table)"
        return text


@dataclass(frozen=True)
class StackSummary:
    """Scalar results of the stack model (see the module docstring for the naming).

    Attributes (beyond the self-explaining ones):
        curvature_1_per_m: The coupon's curvature at the end (small deflection; for an axisymmetric
            section the same in every direction): κ = d²w/dx², positive when concave toward the top.
        effective_stress_free_temperature_degC: The stress-free temperature from which elastic
            laminate theory gives ``curvature_1_per_m`` at the final temperature (None where no
            temperature in −200 … 1700 °C does, e.g. a symmetric stack).
        sheet: The curl of the user's sheet, with geometric nonlinearity (None for a plane section).
        press_open_s: When the recipe's pressure last drops to zero (None: it never does).
        release_s: When the upper platen last lost contact over the coupon (its contact fraction
            falls below one half and stays there), None if the laminate is still held at the end.
        note: A sentence a user must read (e.g. a recipe that never releases the laminate), or "".
    """

    section: str
    tpi_model: str
    stress_free_temperature_degC: float
    effective_stress_free_temperature_degC: float | None
    final_temperature_degC: float
    curvature_1_per_m: float
    curl_radius_m: float
    concave_side: str
    sheet: SheetSummary | None
    edge_distance_m: float
    edge_length_m: float
    edge_interface_normal_Pa: float
    edge_interface_shear_Pa: float
    interfaces: dict[str, InterfaceStress]
    max_von_mises_Pa: dict[str, float]
    max_equivalent_plastic_strain: float
    equivalent_plastic_strain: dict[str, float]
    tpi_thickness_change: dict[str, float]
    press_open_s: float | None
    release_s: float | None
    note: str
    cells: int
    solver: SolverStats


@dataclass(frozen=True)
class InterfaceTraction:
    """Normal and shear traction along one interface of the section (end of the cycle)."""

    name: str
    x: np.ndarray
    normal: np.ndarray
    shear: np.ndarray


@dataclass(frozen=True)
class Deflection:
    """The mid-plane deflection w(x) of the section and the fitted parabola (m)."""

    x: np.ndarray
    w: np.ndarray
    w_fit: np.ndarray


@dataclass(frozen=True)
class CentreStress:
    """The residual stress through the thickness at the coupon's centre (the axis), end of the cycle.

    Attributes:
        y: Height above the bottom face (m), one row per sample, bottom first.
        layer: The layer of each row (at an interface, one row per side).
        xx: In-plane stress along the section (radial for a coupon) (Pa).
        yy: Through-thickness stress (Pa).
        zz: In-plane stress normal to the section (hoop for a coupon) (Pa).
        xy: Shear stress (Pa), zero on the axis of a coupon.
    """

    y: np.ndarray
    layer: tuple[str, ...]
    xx: np.ndarray
    yy: np.ndarray
    zz: np.ndarray
    xy: np.ndarray


@dataclass(frozen=True)
class StackResult:
    """What the stack model gives the next models and the sinks.

    Attributes:
        summary: The scalars.
        history: One row per step.
        interface_programmes: T(t) (K) and p(t) (Pa) at every internal interface, on the recipe's
            breakpoints: what drives the interface model and the bond kinetics.
        tractions: Interface tractions at the end of the cycle.
        deflection: The final mid-plane deflection.
    """

    summary: StackSummary
    history: History
    interface_programmes: dict[str, Programme]
    tractions: tuple[InterfaceTraction, ...]
    deflection: Deflection
    centre_stress: CentreStress


# ---- the interface model ----------------------------------------------------------------------------
@dataclass(frozen=True)
class InterfaceSummary:
    """Scalar results of the interface model.

    ``bonded_fraction_final`` is the bonded fraction after the cycle (after cooling); the bonded
    fraction at the end of the hold (the last time at peak pressure), the fraction of the bonded
    points that debonded, the mean bond degree of the points still bonded and the largest cohesive
    tension and shear they carry at the end, and the largest gas pressure reached in a valley, follow.
    """

    surface: str
    surface_roughness: dict[str, float]
    cell_length_m: float
    bonded_fraction_final: float
    bonded_fraction_true_area_final: float
    contact_fraction_final: float
    time_to_50pct_bonded_s: float | None
    time_to_90pct_bonded_s: float | None
    void_area_final_m2: float
    void_fraction_final: float
    max_contact_pressure_Pa: float
    bonding_temperature_degC: float | None
    history_source: str
    gas: str
    solver: SolverStats
    bonded_fraction_end_of_hold: float | None = None
    debonded_fraction_final: float = 0.0
    bond_degree_mean_final: float = 0.0
    max_interface_tension_Pa: float = 0.0
    max_interface_shear_Pa: float = 0.0
    max_gas_pressure_Pa: float = 0.0


@dataclass(frozen=True)
class SurfacePoints:
    """The surface nodes of the interface cell at the end of the cycle, ordered along x.

    Attributes:
        x_reference: Reference position of each node (m).
        x_anchor: Surface position a bonded node is tied to (m); its reference position if unbonded.
        first_contact_s: Time of first contact (s), NaN if never.
        bonded_at_s: Time it bonded (s), NaN if never.
        bonded: Whether it is bonded.
        contact_pressure_Pa: Contact pressure at the end (Pa); a bonded point in tension: minus its
            cohesive normal traction.
        bond_degree: D_b of each point at the end (0 where unbonded; 1 for bonds of unlimited strength).
        shear_traction_Pa: Cohesive shear traction of each bonded point at the end (Pa).
        debonded: Whether the point bonded and later debonded.
    """

    x_reference: np.ndarray
    x_anchor: np.ndarray
    first_contact_s: np.ndarray
    bonded_at_s: np.ndarray
    bonded: np.ndarray
    contact_pressure_Pa: np.ndarray
    bond_degree: np.ndarray | None = None
    shear_traction_Pa: np.ndarray | None = None
    debonded: np.ndarray | None = None


@dataclass(frozen=True)
class CellSnapshot:
    """A picture of the deformed cell: its quadrilaterals and their von Mises stress (Pa)."""

    time_s: float
    label: str
    vertices: np.ndarray
    von_mises_Pa: np.ndarray


@dataclass(frozen=True)
class InterfaceResult:
    """What the interface model gives the bond model and the sinks.

    Attributes:
        summary: The scalars.
        history: One row per step.
        surface: The surface nodes and when they bonded.
        profile_x, profile_z: The metal surface sampled along the cell (m).
        programme: The temperature and pressure history that drove the cell.
        snapshots: Pictures of the deformed cell (gathered on rank 0; empty elsewhere).
    """

    summary: InterfaceSummary
    history: History
    surface: SurfacePoints
    profile_x: np.ndarray
    profile_z: np.ndarray
    programme: Programme
    snapshots: tuple[CellSnapshot, ...] = field(default=())


@dataclass(frozen=True)
class PatchSummary:
    """Scalar results of the 3-D interface patch.

    The bonded and contact fractions are areas over the patch's projected area, their edges located
    between the nodes; the mean gap is the volume still open between the TPI and the surface over
    that area, and the void fraction that gap over the surface's mean valley depth (its value at the
    start, when the layer rests on the highest peak). With sealed gas, the largest absolute gas
    pressure of the run and the pockets holding gas at the end (None without gas).
    """

    surface: str
    surface_roughness: dict[str, float]
    patch_size_m: list[float]
    bonded_fraction_final: float
    bonded_fraction_end_of_hold: float | None
    contact_fraction_final: float
    time_to_50pct_bonded_s: float | None
    time_to_90pct_bonded_s: float | None
    mean_gap_final_m: float
    void_fraction_final: float
    bonding_temperature_degC: float | None
    history_source: str
    exact_gap: bool
    solver: SolverStats
    gas_pressure_max_Pa: float | None = None
    sealed_pockets_final: int | None = None


@dataclass(frozen=True)
class PatchResult:
    """What the 3-D interface patch gives the sinks.

    Attributes:
        summary: The scalars.
        history: One row per step.
        bond_points: The surface nodes (rank 0; empty elsewhere), one row each: x, y where they
            started and x, y where they are at the end (m).
        bonded_at_s: When each surface node bonded (s; NaN: never), by row of ``bond_points``.
        programme: The temperature and pressure history that drove the patch.
    """

    summary: PatchSummary
    history: History
    bond_points: np.ndarray
    bonded_at_s: np.ndarray
    programme: Programme


# ---- adhesion and claims -------------------------------------------------------------------------------
@dataclass(frozen=True)
class PeelSummary:
    """The peel test behind the predicted peel strengths (plane-strain arm properties)."""

    angle_deg: float
    arm_thickness_m: float
    claim_thickness_m: float
    plane_strain_modulus_Pa: float
    plane_strain_yield_stress_Pa: float | None
    plane_strain_hardening_modulus_Pa: float
    foundation_Pa_per_m: float | None
    plastic_work_J_per_m2: float
    root_curvature_over_yield: float
    first_yield_energy_J_per_m2: float
    temperature_history: str


@dataclass(frozen=True)
class AdhesionSummary:
    """Bond development and predicted peel strengths of a run."""

    effective_toughness_J_per_m2: float
    bond_degree_mean: float
    peel_strength_N_per_m: float
    peel_strength_N_per_m_sigma: float | None
    claim_peel_strength_N_per_m: float
    claim_peel_strength_N_per_m_sigma: float | None
    peel: PeelSummary
    interface_card: str
    interface_card_name: str
    intrinsic_toughness_J_per_m2: float
    interface_card_calibrated: bool


@dataclass(frozen=True)
class ClaimCheck:
    """The verdict on one claim element.

    Attributes:
        id: Short identifier (``000-1``, ``002-14``, ``IPC-6202``...).
        source: The claim(s) or specification it comes from.
        element: What is required, in words.
        passes: True/False, or None when the case cannot decide it (``note`` says why).
        value: The case's value, in ``unit``.
        threshold: The bound (a [low, high] pair for a range), in ``unit``; None where the model
            gives no bound to compare with (claim 000-12 of a model without an E′ minimum).
        unit: Unit of value and threshold.
        margin: Signed distance to the bound, positive when met (``margin_unit``; a study's table
            names the column ``margin_<unit>``).
        margin_unit: Unit of the margin.
        note: How the value was obtained, or why the element is undecided.
        glass_transition_degC: The Tg the verdict uses (°C), None if it uses none.
        glass_transition_definition: How that Tg was obtained (card value, α tan δ peak at 1 Hz, ...).
        temperature_degC: Where ``value`` was taken (°C): the temperature of the E′ minimum (000-1),
            the interface temperature while pressed (000-11, 000-12).
        extrapolated: ``value`` lies outside the valid range of the material description.
        crossing_temperature_degC: Where E′ (1 Hz) first reaches 1e6 Pa above Tg (°C), None if the
            model does not reach it within 200 K beyond its valid range.
        crossing_extrapolated: That crossing lies beyond the valid range.
        valid_range_degC: [Tg, end of the valid range of the material description] (°C).
    """

    id: str
    source: str
    element: str
    passes: bool | None
    value: float | None
    threshold: float | list[float] | None
    unit: str
    margin: float | None
    margin_unit: str
    note: str = ""
    glass_transition_degC: float | None = None
    glass_transition_definition: str | None = None
    temperature_degC: float | None = None
    extrapolated: bool = False
    crossing_temperature_degC: float | None = None
    crossing_extrapolated: bool = False
    valid_range_degC: list[float] | None = None

    @property
    def verdict(self) -> str:
        return "undecided" if self.passes is None else "pass" if self.passes else "fail"


# ---- the roll line ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class RollSummary:
    """The roll line of a case and what a slice of web sees in it (cases with ``[roll]``).

    Attributes (beyond the self-explaining ones):
        interface: The point of the web whose temperature is the recipe's temperature (the bonded
            interface, ``"<lower>/<upper>"``): what the claims and an interface model driven by the
            recipe see.
        nip_method: How the nip was solved: ``hertz`` (two bare rolls, closed form) or ``numerical``
            (a covering or the web's compliance in series: boundary elements).
        nip_width_m: 2a, the length of web in contact with both rolls.
        dwell_s: 2a/v, the time a point of the web spends in the nip.
        pressed_threshold_Pa: The pressure the ``*_while_pressed_*`` values are taken at or above
            (seed 002 claim 9's 1 MPa).
        pressed_s: Time with the nip pressure at or above the threshold (0: never).
        interface_temperature_while_pressed_min_degC: Lowest interface temperature while pressed at
            or above the threshold (None: never pressed that hard); ``..._max_degC`` the highest.
        web_tension_stress_Pa: The web tension over the laminate's thickness, the in-plane stress the
            line puts on the web (not applied by the stack model: see ``note``).
        note: What the models leave out of the line (a sentence), or "".
    """

    interface: str
    line_load_N_per_m: float
    line_speed_m_per_s: float
    web_tension_N_per_m: float
    web_tension_stress_Pa: float
    bottom_roll_temperature_degC: float
    top_roll_temperature_degC: float
    nip_method: str
    nip_width_m: float
    dwell_s: float
    peak_nip_pressure_Pa: float
    mean_nip_pressure_Pa: float
    nip_entry_s: float
    nip_exit_s: float
    line_time_s: float
    interface_temperature_at_nip_entry_degC: float
    interface_temperature_at_nip_exit_degC: float
    interface_peak_temperature_degC: float
    pressed_threshold_Pa: float
    pressed_s: float
    interface_temperature_while_pressed_min_degC: float | None
    interface_temperature_while_pressed_max_degC: float | None
    note: str = ""


# ---- measured against simulated ---------------------------------------------------------------------
@dataclass(frozen=True)
class MeasuredComparison:
    """A measured temperature against the run's (``summary.json``: ``measured``).

    Differences are measured − simulated at the measured samples that fall inside the simulated
    cycle (``start_s`` … ``end_s``), without any shift.

    Attributes:
        target: Where it was measured: ``platen``, ``top``/``bottom`` (the laminate's faces) or an
            interface (``cu/tpi``).
        source: Where the measured values come from (``column 'T_tc1' of press.csv``).
        simulated: The run's quantity compared with (a history column, ``cu/tpi.temperature_degC``).
        samples: Number of measured samples compared.
        start_s, end_s: The time window compared (s, cycle clock).
        rms_difference_K: Root mean square of measured − simulated (K).
        max_abs_difference_K: Largest |measured − simulated| (K).
        max_difference_time_s: When it occurs (s).
        mean_difference_K: Mean of measured − simulated (K).
        time_lag_s: The shift τ that best aligns the traces — the peak of the correlation
            coefficient of measured(t) with simulated(t − τ) (s); positive when the measurement lags
            behind the simulation. None when a trace is constant over the window (no lag to find).
        lag_search_s: The lags searched, ± this (s).
        offset_K: Mean of measured(t) − simulated(t − τ): the difference once the lag is removed (K).
        correlation: The correlation coefficient at τ (None with ``time_lag_s``).
    """

    target: str
    source: str
    simulated: str
    samples: int
    start_s: float
    end_s: float
    rms_difference_K: float
    max_abs_difference_K: float
    max_difference_time_s: float
    mean_difference_K: float
    time_lag_s: float | None
    lag_search_s: float
    offset_K: float
    correlation: float | None


@dataclass(frozen=True)
class TraceComparison:
    """A measured temperature and the run's at the measured samples (for the table and the figure).

    Attributes:
        summary: The numbers.
        times: Measured sample times inside the window (s).
        measured: Measured temperatures (K).
        simulated: The run's temperature at the same times (K).
    """

    summary: MeasuredComparison
    times: np.ndarray
    measured: np.ndarray
    simulated: np.ndarray


@dataclass(frozen=True)
class RunSummary:
    """The typed ``summary.json`` of a run (format :data:`SUMMARY_FORMAT`)."""

    case: str
    status: str
    models: list[str]
    wall_time_s: float
    roll: RollSummary | None = None
    stack: StackSummary | None = None
    interface: InterfaceSummary | None = None
    adhesion: AdhesionSummary | None = None
    patch: PatchSummary | None = None
    healing_degree: dict[str, float] = field(default_factory=dict)
    claims: list[ClaimCheck] = field(default_factory=list)
    measured: list[MeasuredComparison] = field(default_factory=list)
    format: int = SUMMARY_FORMAT

    def to_json(self) -> dict[str, Any]:
        """Plain JSON data (non-finite numbers become null)."""
        data: dict[str, Any] = to_data(self)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RunSummary:
        """Read a summary written by :meth:`to_json`.

        Raises:
            ValueError: A summary of another format, or one that does not fit the record.
        """
        version = data.get("format", 1)
        if version != SUMMARY_FORMAT:
            raise ValueError(
                f"summary format {version}, this thermobond reads format {SUMMARY_FORMAT}: run the case again"
            )
        try:
            return from_data(cls, dict(data))
        except TypeError as exc:
            raise ValueError(str(exc)) from None

    def replace(self, **changes: Any) -> RunSummary:
        return dataclasses.replace(self, **changes)
