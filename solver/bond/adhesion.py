"""Adhesion of a solved case: bond degree along the surface, effective toughness, peel strength.

* Each bonded surface point develops its bond from the moment it bonded, on the temperature history
  of the interface; D_b = 1 − exp(−∫ k dt).
* Γ(x) = D_b(x) Γ_int; the effective toughness over the nominal (projected) area counts only bonded
  surface, along its true length: Γ_eff = (1/L) ∫_bonded Γ ds (``docs/theory/adhesion.md``).
* Without an interface model (the metallized route, where the conductor is formed on the TPI) the
  contact is complete from the start and only the kinetics act.
* The peel strength follows from Γ_eff by the elastic–plastic peel of the case's conductor, at its
  own thickness and at the claims' thickness (15 µm in seed 002 claims 14–15), for a wide
  (plane-strain) strip.
* Polymer–polymer interfaces (TPI–TPI, TPI–core PI) heal by reptation: D_h on the TPI's clock.

The inputs come from the models' results (:class:`~thermobond.results.InterfaceResult`, the stack's
interface programmes) or, for a calibration against finished runs, from their files
(:mod:`thermobond.bond.runfiles`).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..case import AdhesionSpec, Case, Layer
from ..materials import MetalMaterial, ShiftLaw, ThermoplasticMaterial
from ..materials.claims import storage_modulus
from ..materials.interfacecard import InterfaceCard
from ..process import Programme
from ..results import AdhesionSummary, InterfaceResult, PeelSummary
from .healing import bond_degree, healing_degree
from .peel import PeelArm, peel_force

__all__ = [
    "AdhesionInputs",
    "AdhesionResult",
    "SurfaceBonds",
    "adhesion_inputs",
    "arm_for",
    "effective_toughness",
    "evaluate",
    "healing_degrees",
]


@dataclass(frozen=True)
class SurfaceBonds:
    """Bonded surface points of an interface run: where (anchor x), when bonded, and the surface shape.

    Attributes:
        x: Surface position of each point (m), increasing along the cell.
        bonded_at: Time each point bonded (s), NaN if it never did.
        length: Cell length L (m).
        profile_x, profile_z: The surface profile (for the true length of bonded stretches).
    """

    x: np.ndarray
    bonded_at: np.ndarray
    length: float
    profile_x: np.ndarray
    profile_z: np.ndarray

    @classmethod
    def full_contact(cls, start: float = 0.0, length: float = 1.0) -> SurfaceBonds:
        """A flat surface in contact everywhere from ``start`` (a conductor formed on the TPI)."""
        x = np.linspace(0.0, length, 3)
        return cls(x, np.full(3, start), length, x.copy(), np.zeros(3))

    @classmethod
    def from_points(
        cls,
        x_reference: np.ndarray,
        x_anchor: np.ndarray,
        bonded: np.ndarray,
        bonded_at: np.ndarray,
        profile_x: np.ndarray,
        profile_z: np.ndarray,
    ) -> SurfaceBonds:
        """From the interface model's surface nodes: a bonded node sits where it is anchored."""
        order = np.argsort(x_reference)
        b = np.asarray(bonded)[order] > 0.5
        at = np.where(b, np.asarray(bonded_at)[order], np.nan)
        x = np.where(b, np.asarray(x_anchor)[order], np.asarray(x_reference)[order])
        return cls(x, at, float(profile_x[-1]), np.asarray(profile_x), np.asarray(profile_z))

    @classmethod
    def from_result(cls, result: InterfaceResult) -> SurfaceBonds:
        s = result.surface
        return cls.from_points(s.x_reference, s.x_anchor, s.bonded, s.bonded_at_s, result.profile_x, result.profile_z)


def effective_toughness(
    bonds: SurfaceBonds, t: np.ndarray, T: np.ndarray, card: InterfaceCard, shift: ShiftLaw | None
) -> tuple[float, np.ndarray]:
    """(Γ_eff (J/m²), bond degree D_b of every surface point (0 where unbonded))."""
    D = np.array(
        [0.0 if np.isnan(tb) else bond_degree(t, T, card.kinetics, shift, start=float(tb)) for tb in bonds.bonded_at]
    )
    both = ~np.isnan(bonds.bonded_at[:-1]) & ~np.isnan(bonds.bonded_at[1:])
    # true length of each stretch between neighbouring points, along the surface profile
    px, pz = bonds.profile_x, bonds.profile_z
    slope = np.diff(pz) / np.diff(px)
    arc = np.concatenate([[0.0], np.cumsum(np.sqrt(1 + slope**2) * np.diff(px))])
    s = np.interp(bonds.x, px, arc)
    ds = np.abs(np.diff(s))
    gamma = float(np.sum((0.5 * (D[:-1] + D[1:]) * ds)[both]) * card.intrinsic_toughness / bonds.length)
    return gamma, D


@dataclass(frozen=True)
class AdhesionInputs:
    """Everything the peel prediction of one solved case needs besides the interface card.

    Attributes:
        bonds: The bonded surface.
        times, temperatures: The interface's temperature history (s, K).
        shift: The bonded thermoplastic's shift law (for a shift-clock kinetics), or None.
        arm: The peeled conductor.
        angle: Peel angle (degrees).
        claim_thickness: Conductor thickness of the adhesion claim (m).
        source: Where the temperature history came from (for the report).
    """

    bonds: SurfaceBonds
    times: np.ndarray
    temperatures: np.ndarray
    shift: ShiftLaw | None
    arm: PeelArm
    angle: float
    claim_thickness: float
    source: str

    def arm_of_thickness(self, thickness: float) -> PeelArm:
        return dataclasses.replace(self.arm, thickness=thickness)


def _polymer_modulus(layer: Layer, T: float) -> float:
    mat = layer.material
    if isinstance(mat, ThermoplasticMaterial):
        return float(storage_modulus(mat.viscoelastic, T, 1.0))
    return float(mat.elastic.youngs_modulus(np.float64(T)))


def arm_for(case: Case, spec: AdhesionSpec, thickness: float | None = None) -> PeelArm:
    """The plane-strain peel arm of the case's conductor at the test temperature.

    Properties are thickness-weighted over the arm's layers; the wide strip's plane-strain values
    are E/(1 − ν²), 2σ_y/√3 and 4H/3 (an incompressible plastic fibre under ε_zz = 0). With
    ``foundation = auto`` the polymer layers under the arm (down to the next metal) form a Winkler
    foundation of stiffness k = 1/Σ(h_i/E_i), E_i at the test temperature (1 Hz E′ for a TPI); the
    interface card's cohesive strength adds the cohesive zone's compliance.
    """
    T = spec.test_temperature
    h = sum(layer.thickness for layer in spec.arm)
    E = sy = H = nu = 0.0
    elastic_only = False
    for layer in spec.arm:
        mat = layer.material
        w = layer.thickness / h
        E += w * float(mat.elastic.youngs_modulus(np.float64(T)))
        nu += w * mat.elastic.poissons_ratio
        plastic = mat.plastic if isinstance(mat, MetalMaterial) else None
        if plastic is None:
            elastic_only = True
        else:
            sy += w * float(plastic.yield_stress(np.float64(T)))
            H += w * float(plastic.hardening_modulus(np.float64(T)))
    foundation = None
    if spec.foundation == "auto":
        under = case.stack.polymers_behind(spec.layer.name, away_from=spec.arm[0].name)
        foundation = 1.0 / sum(layer.thickness / _polymer_modulus(layer, T) for layer in under)
    return PeelArm(
        h if thickness is None else thickness,
        E / (1 - nu**2),
        None if elastic_only else 2 * sy / math.sqrt(3.0),
        4 * H / 3,
        foundation=foundation,
        cohesive_strength=spec.card.cohesive_strength,
    )


def adhesion_inputs(
    case: Case, interface: InterfaceResult | SurfaceBonds | None, programme: Programme, source: str
) -> AdhesionInputs:
    """The adhesion inputs of a solved case.

    Args:
        case: The case (its ``[adhesion]`` table).
        interface: The interface model's result (or its bonded surface), for ``contact = "interface"``.
        programme: The temperature history of the bonded interface (the stack model's, or the recipe).
        source: Where that history comes from, for the report.

    Raises:
        ValueError: The case has no adhesion table, or the interface result a contact needs is missing.
    """
    spec = case.adhesion
    if spec is None:
        raise ValueError(f"case '{case.name}' has no [adhesion] table")
    if spec.contact == "interface":
        if interface is None:
            raise ValueError("adhesion.contact = 'interface' needs the interface model's result")
        bonds = interface if isinstance(interface, SurfaceBonds) else SurfaceBonds.from_result(interface)
    else:
        born = spec.arm[0].active_from
        bonds = SurfaceBonds.full_contact(case.programme.segment(born)[0] if born else 0.0)
    mat = spec.layer.material
    return AdhesionInputs(
        bonds,
        np.asarray(programme.times, float),
        np.asarray(programme.temperatures, float),
        mat.viscoelastic.shift if isinstance(mat, ThermoplasticMaterial) else None,
        arm_for(case, spec),
        spec.angle,
        spec.claim_thickness,
        source,
    )


@dataclass(frozen=True)
class AdhesionResult:
    """What a case's adhesion evaluation gives (SI units).

    The ``*_sigma`` values are one standard deviation from the card's calibration (None for an
    estimated card).
    """

    effective_toughness: float
    bond_degree_mean: float
    bonded_fraction: float
    peel_strength: float
    claim_peel_strength: float
    peel_strength_sigma: float | None
    claim_peel_strength_sigma: float | None
    plastic_work: float
    root_curvature_ratio: float
    angle_deg: float
    arm: PeelArm
    claim_thickness: float
    card: InterfaceCard
    bond_degree: np.ndarray
    x: np.ndarray
    source: str

    def summary(self) -> AdhesionSummary:
        a = self.arm
        peel = PeelSummary(
            angle_deg=self.angle_deg,
            arm_thickness_m=a.thickness,
            claim_thickness_m=self.claim_thickness,
            plane_strain_modulus_Pa=a.youngs_modulus,
            plane_strain_yield_stress_Pa=a.yield_stress,
            plane_strain_hardening_modulus_Pa=a.hardening_modulus,
            foundation_Pa_per_m=a.foundation,
            plastic_work_J_per_m2=self.plastic_work,
            root_curvature_over_yield=self.root_curvature_ratio,
            first_yield_energy_J_per_m2=a.first_yield_energy,
            temperature_history=self.source,
        )
        return AdhesionSummary(
            effective_toughness_J_per_m2=self.effective_toughness,
            bond_degree_mean=self.bond_degree_mean,
            peel_strength_N_per_m=self.peel_strength,
            peel_strength_N_per_m_sigma=self.peel_strength_sigma,
            claim_peel_strength_N_per_m=self.claim_peel_strength,
            claim_peel_strength_N_per_m_sigma=self.claim_peel_strength_sigma,
            peel=peel,
            interface_card=str(self.card.path),
            interface_card_name=self.card.name,
            intrinsic_toughness_J_per_m2=self.card.intrinsic_toughness,
            interface_card_calibrated=not self.card.estimated,
        )


def _peel(arm: PeelArm, gamma: float, angle: float) -> float:
    """Steady peel force per width (N/m); zero without toughness."""
    return peel_force(arm, gamma, angle).force_per_width if gamma > 0 else 0.0


def _sigma(inputs: AdhesionInputs, card: InterfaceCard, arm: PeelArm) -> float | None:
    """1σ of the peel strength (N/m) from the calibration covariance, by central differences in the logs."""
    cal = card.calibration
    if cal is None:
        return None
    x0 = card.log_parameters[: len(cal.parameters)]
    grad = np.zeros(x0.size)
    for k in range(x0.size):
        d = np.zeros(x0.size)
        d[k] = 0.05
        lp = []
        for sgn in (1, -1):
            c = card.with_log_parameters(x0 + sgn * d)
            g, _ = effective_toughness(inputs.bonds, inputs.times, inputs.temperatures, c, inputs.shift)
            lp.append(math.log(max(_peel(arm, g, inputs.angle), 1e-300)))
        grad[k] = (lp[0] - lp[1]) / 0.1
    g0, _ = effective_toughness(inputs.bonds, inputs.times, inputs.temperatures, card, inputs.shift)
    p0 = _peel(arm, g0, inputs.angle)
    return float(p0 * math.sqrt(max(float(grad @ cal.covariance @ grad), 0.0)))


def evaluate(inputs: AdhesionInputs, card: InterfaceCard) -> AdhesionResult:
    """Γ_eff and the peel strengths (at the arm's thickness and at the claim thickness)."""
    gamma, D = effective_toughness(inputs.bonds, inputs.times, inputs.temperatures, card, inputs.shift)
    bonded = ~np.isnan(inputs.bonds.bonded_at)
    arm_claim = inputs.arm_of_thickness(inputs.claim_thickness)
    if gamma > 0:
        r = peel_force(inputs.arm, gamma, inputs.angle)
        P, GP, k0 = r.force_per_width, r.plastic_work, r.root_curvature / inputs.arm.yield_curvature
        P_claim = _peel(arm_claim, gamma, inputs.angle)
    else:
        P = GP = k0 = P_claim = 0.0
    return AdhesionResult(
        gamma,
        float(D[bonded].mean()) if bonded.any() else 0.0,
        float(bonded.mean()),
        P,
        P_claim,
        _sigma(inputs, card, inputs.arm) if gamma > 0 else None,
        _sigma(inputs, card, arm_claim) if gamma > 0 else None,
        GP,
        k0,
        inputs.angle,
        inputs.arm,
        inputs.claim_thickness,
        card,
        D,
        inputs.bonds.x,
        inputs.source,
    )


def healing_degrees(case: Case, programmes: Mapping[str, Programme] | None = None) -> dict[str, float]:
    """D_h at the end of the cycle of every thermoplastic–polymer interface of the stack.

    The films are in contact from the start; the clock is the thermoplastic side's, driven by the
    stack model's interface temperature where ``programmes`` has one, else by the recipe.
    """
    out = {}
    for iface in case.stack.healing_interfaces:
        tpi = iface.lower if isinstance(iface.lower.material, ThermoplasticMaterial) else iface.upper
        mat = tpi.material
        if not isinstance(mat, ThermoplasticMaterial):
            continue
        prog = (programmes or {}).get(iface.name, case.programme)
        out[iface.name] = healing_degree(prog.times, prog.temperatures, mat.viscoelastic)
    return out
