"""Adhesion of a solved case: bond degree along the surface, effective toughness, peel strength.

* Each bonded surface point develops its bond from the moment it bonded (the interface model's
  ``surface.csv``), on the temperature history of the interface; D_b = 1 − exp(−∫ k dt).
* Γ(x) = D_b(x) Γ_int; the effective toughness over the nominal (projected) area counts only bonded
  surface, along its true length: Γ_eff = (1/L) ∫_bonded Γ ds (physics.md §4.3).
* Without an interface model (the metallized route, where the conductor is formed on the TPI) the
  contact is complete from the start and only the kinetics act (§4.3: D_ic ≈ 1).
* The peel strength follows from Γ_eff by the elastic–plastic peel of the case's conductor, at its
  own thickness and at the claims' 15 µm (seed 002 claims 14–15), for a wide (plane-strain) strip.
* Polymer–polymer interfaces (TPI–TPI, TPI–core PI) heal by reptation: D_h on the TPI's clock.
"""

from __future__ import annotations

import csv
import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..materials import ShiftLaw
from ..materials.claims import storage_modulus
from ..meshes import interface_name
from .healing import bond_degree, healing_degree
from .interfacecard import InterfaceCard
from .peel import PeelArm, peel_force

if TYPE_CHECKING:
    from ..case import AdhesionSpec, Case, Layer

__all__ = [
    "AdhesionInputs",
    "AdhesionResult",
    "SurfaceBonds",
    "arm_for",
    "effective_toughness",
    "evaluate",
    "healing_of_case",
    "inputs_from_run",
    "read_surface_bonds",
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


def _read_columns(path: Path) -> dict[str, np.ndarray]:
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh))
    return {h: np.array([float(r[j]) for r in rows[1:]]) for j, h in enumerate(rows[0])}


def read_surface_bonds(run: Path) -> SurfaceBonds:
    """Read ``surface.csv`` and ``surface_profile.csv`` of an interface run."""
    s = _read_columns(run / "surface.csv")
    p = _read_columns(run / "surface_profile.csv")
    order = np.argsort(s["x_reference_m"])
    bonded = s["bonded"][order] > 0.5
    at = np.where(bonded, s["bonded_at_s"][order], np.nan)
    x = np.where(bonded, s["x_anchor_m"][order], s["x_reference_m"][order])
    return SurfaceBonds(x, at, float(p["x_m"][-1]), p["x_m"], p["z_m"])


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
    """Everything the peel prediction of one solved case needs besides the interface card."""

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
    if mat.viscoelastic is not None:
        return float(storage_modulus(mat.viscoelastic, T, 1.0))
    assert mat.elastic is not None  # every structural card has elastic data
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
        if mat.elastic is None:
            raise ValueError(f"material '{mat.name}' has no elastic data")
        w = layer.thickness / h
        E += w * float(mat.elastic.youngs_modulus(np.float64(T)))
        nu += w * mat.elastic.poissons_ratio
        if mat.plastic is None:
            elastic_only = True
        else:
            sy += w * float(mat.plastic.yield_stress(np.float64(T)))
            H += w * float(mat.plastic.hardening_modulus(np.float64(T)))
    foundation = None
    if spec.foundation == "auto":
        names = [layer.name for layer in case.layers]
        i = names.index(spec.layer.name)
        step = 1 if names.index(spec.arm[0].name) < i else -1
        compliance, j = 0.0, i
        while 0 <= j < len(case.layers) and case.layers[j].material.kind != "metal":
            compliance += case.layers[j].thickness / _polymer_modulus(case.layers[j], T)
            j += step
        foundation = 1.0 / compliance
    return PeelArm(
        h if thickness is None else thickness,
        E / (1 - nu**2),
        None if elastic_only else 2 * sy / math.sqrt(3.0),
        4 * H / 3,
        foundation=foundation,
        cohesive_strength=spec.card.cohesive_strength,
    )


def _history(case: Case, outdir: Path, spec: AdhesionSpec) -> tuple[np.ndarray, np.ndarray, str]:
    """(t, T) of the metal/TPI interface: the stack model's, else the case's cycle."""
    path = outdir / "interface_history.csv"
    if "stack" in case.models and path.is_file():
        names = [layer.name for layer in case.layers]
        i, j = names.index(spec.arm[0].name), names.index(spec.layer.name)
        lo, up = names[min(i, j)], names[max(i, j)]
        cols = _read_columns(path)
        key = f"T_{interface_name(lo, up)}_degC"
        if key in cols:
            return cols["time_s"], cols[key] + 273.15, "stack model (interface temperature)"
    return case.cycle.times, case.cycle.temperatures, "cycle"


def inputs_from_run(case: Case, outdir: Path) -> AdhesionInputs:
    """Gather the adhesion inputs of a solved case from its results directory."""
    spec = case.adhesion
    if spec is None:
        raise ValueError(f"case '{case.name}' has no [adhesion] table")
    t, T, source = _history(case, outdir, spec)
    if spec.contact == "interface":
        sub = outdir / "interface" if case.models != ("interface",) else outdir
        bonds = read_surface_bonds(sub)
    else:
        born = spec.arm[0].active_from
        bonds = SurfaceBonds.full_contact(case.cycle.segment(born)[0] if born else 0.0)
    visco = spec.layer.material.viscoelastic
    return AdhesionInputs(
        bonds,
        np.asarray(t, float),
        np.asarray(T, float),
        visco.shift if visco is not None else None,
        arm_for(case, spec),
        spec.angle,
        spec.claim_thickness,
        source,
    )


@dataclass(frozen=True)
class AdhesionResult:
    """What a case's adhesion evaluation gives (SI units; N/cm where the name says).

    The ``*_sigma`` values are one standard deviation from the card's calibration (None for an
    estimated card).
    """

    effective_toughness: float
    bond_degree_mean: float
    bonded_fraction: float
    peel_strength_N_per_cm: float
    peel_strength_15um_N_per_cm: float
    peel_strength_sigma: float | None
    peel_strength_15um_sigma: float | None
    plastic_work_J_per_m2: float
    root_curvature_ratio: float
    angle_deg: float
    arm: PeelArm
    claim_thickness: float
    card: InterfaceCard
    bond_degree: np.ndarray
    x: np.ndarray

    def summary(self) -> dict[str, Any]:
        a = self.arm
        return {
            "effective_toughness_J_per_m2": self.effective_toughness,
            "bond_degree_mean": self.bond_degree_mean,
            "peel_strength_N_per_cm": self.peel_strength_N_per_cm,
            "peel_strength_N_per_cm_sigma": self.peel_strength_sigma,
            "peel_strength_15um_N_per_cm": self.peel_strength_15um_N_per_cm,
            "peel_strength_15um_N_per_cm_sigma": self.peel_strength_15um_sigma,
            "peel": {
                "angle_deg": self.angle_deg,
                "arm_thickness_m": a.thickness,
                "claim_thickness_m": self.claim_thickness,
                "plane_strain_modulus_Pa": a.youngs_modulus,
                "plane_strain_yield_stress_Pa": a.yield_stress,
                "plane_strain_hardening_modulus_Pa": a.hardening_modulus,
                "foundation_Pa_per_m": a.foundation,
                "plastic_work_J_per_m2": self.plastic_work_J_per_m2,
                "root_curvature_over_yield": self.root_curvature_ratio,
                "first_yield_energy_J_per_m2": a.first_yield_energy,
            },
            "interface_card": {
                "path": str(self.card.path),
                "name": self.card.name,
                "intrinsic_toughness_J_per_m2": self.card.intrinsic_toughness,
                "calibrated": not self.card.estimated,
            },
        }


def _peel_N_per_cm(arm: PeelArm, gamma: float, angle: float) -> float:
    return peel_force(arm, gamma, angle).N_per_cm if gamma > 0 else 0.0


def _sigma(inputs: AdhesionInputs, card: InterfaceCard, arm: PeelArm) -> float | None:
    """1σ of the peel strength (N/cm) from the calibration covariance, by central differences in the logs."""
    cal = card.calibration
    if cal is None:
        return None
    from .calibration import with_parameters

    x0 = np.array([math.log(card.intrinsic_toughness), *([_log_kinetic(card)] if len(cal.parameters) > 1 else [])])
    grad = np.zeros(x0.size)
    for k in range(x0.size):
        d = np.zeros(x0.size)
        d[k] = 0.05
        lp = []
        for sgn in (1, -1):
            c = with_parameters(card, x0 + sgn * d)
            g, _ = effective_toughness(inputs.bonds, inputs.times, inputs.temperatures, c, inputs.shift)
            lp.append(math.log(max(_peel_N_per_cm(arm, g, inputs.angle), 1e-300)))
        grad[k] = (lp[0] - lp[1]) / 0.1
    g0, _ = effective_toughness(inputs.bonds, inputs.times, inputs.temperatures, card, inputs.shift)
    p0 = _peel_N_per_cm(arm, g0, inputs.angle)
    return float(p0 * math.sqrt(max(float(grad @ cal.covariance @ grad), 0.0)))


def _log_kinetic(card: InterfaceCard) -> float:
    k = card.kinetics
    return math.log(k.time if k.law == "shift_clock" else k.prefactor)


def evaluate(inputs: AdhesionInputs, card: InterfaceCard) -> AdhesionResult:
    """Γ_eff and the peel strengths (at the arm's thickness and at the claim thickness)."""
    gamma, D = effective_toughness(inputs.bonds, inputs.times, inputs.temperatures, card, inputs.shift)
    bonded = ~np.isnan(inputs.bonds.bonded_at)
    arm15 = inputs.arm_of_thickness(inputs.claim_thickness)
    if gamma > 0:
        r = peel_force(inputs.arm, gamma, inputs.angle)
        P, GP, k0 = r.N_per_cm, r.plastic_work, r.root_curvature / inputs.arm.yield_curvature
        P15 = _peel_N_per_cm(arm15, gamma, inputs.angle)
    else:
        P = GP = k0 = P15 = 0.0
    return AdhesionResult(
        gamma,
        float(D[bonded].mean()) if bonded.any() else 0.0,
        float(bonded.mean()),
        P,
        P15,
        _sigma(inputs, card, inputs.arm) if gamma > 0 else None,
        _sigma(inputs, card, arm15) if gamma > 0 else None,
        GP,
        k0,
        inputs.angle,
        inputs.arm,
        inputs.claim_thickness,
        card,
        D,
        inputs.bonds.x,
    )


def healing_of_case(case: Case, outdir: Path | None = None) -> dict[str, float]:
    """D_h at the end of the cycle of every thermoplastic–polymer interface of the stack (§4.3).

    The films are in contact from the start; the clock is the thermoplastic side's, driven by the
    stack model's interface temperature when ``outdir`` holds one, else by the cycle.
    """
    cols = None
    if outdir is not None and (outdir / "interface_history.csv").is_file() and "stack" in case.models:
        cols = _read_columns(outdir / "interface_history.csv")
    out = {}
    for lo, up in zip(case.layers, case.layers[1:], strict=False):
        kinds = (lo.material.kind, up.material.kind)
        if "metal" in kinds or "thermoplastic" not in kinds:
            continue
        tpi = lo if lo.material.kind == "thermoplastic" else up
        visco = tpi.material.viscoelastic
        if visco is None:
            continue
        name = interface_name(lo.name, up.name)
        key = f"T_{name}_degC"
        if cols is not None and key in cols:
            t, T = cols["time_s"], cols[key] + 273.15
        else:
            t, T = case.cycle.times, case.cycle.temperatures
        out[name] = healing_degree(t, T, visco)
    return out
