"""Material records: what the solvers read from a validated material card."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal

from .expansion import Expansion
from .prony import PronySeries
from .shift import ShiftLaw
from .tabulated import PiecewiseLinear

__all__ = [
    "AnyMaterial",
    "Elasticity",
    "GlassTransition",
    "Material",
    "MetalMaterial",
    "Plasticity",
    "PolymerMaterial",
    "SolidMaterial",
    "StructuralMaterial",
    "ThermalMaterial",
    "ThermalProperties",
    "ThermoplasticMaterial",
    "Viscoelasticity",
]

Kind = Literal["metal", "polymer", "thermoplastic", "thermal"]


@dataclass(frozen=True)
class ThermalProperties:
    """Conductivity k (W/(m K)), density ρ (kg/m³), specific heat c_p (J/(kg K))."""

    conductivity: float
    density: float
    specific_heat: float

    @property
    def diffusivity(self) -> float:
        """α = k/(ρ c_p) (m²/s)."""
        return self.conductivity / (self.density * self.specific_heat)

    @property
    def effusivity(self) -> float:
        """e = √(k ρ c_p) (W s^½/(m² K))."""
        return (self.conductivity * self.density * self.specific_heat) ** 0.5


@dataclass(frozen=True)
class Elasticity:
    """Isotropic elasticity: Young's modulus E(T) (Pa, T in K) and a constant Poisson ratio."""

    youngs_modulus: PiecewiseLinear
    poissons_ratio: float

    def __post_init__(self) -> None:
        if not -1.0 < self.poissons_ratio < 0.5:
            raise ValueError("Poisson's ratio must be in (−1, 0.5)")


@dataclass(frozen=True)
class Plasticity:
    """J2 plasticity with linear isotropic hardening: σ_y(T), H(T) (Pa)."""

    yield_stress: PiecewiseLinear
    hardening_modulus: PiecewiseLinear


@dataclass(frozen=True)
class Viscoelasticity:
    """Generalized Maxwell solid on reduced time (docs/theory/viscoelasticity.md).

    Attributes:
        shear: Shear relaxation series G(t) at the reference temperature of ``shift``.
        bulk_modulus: Elastic bulk modulus K (Pa); no bulk relaxation.
        shift: The time–temperature shift law.
        given: The series as written in the card (tensile or shear), for reporting and claims.
        data_range: Temperatures (K) of the lowest and highest measured isotherm of the DMA data a
            fitted card comes from: where the description is backed by data. None for a card that
            was not fitted (its shift law's own validity applies).
    """

    shear: PronySeries
    bulk_modulus: float
    shift: ShiftLaw
    given: PronySeries
    data_range: tuple[float, float] | None = None

    @property
    def glassy_youngs_modulus(self) -> float:
        G, K = self.shear.instantaneous, self.bulk_modulus
        return 9 * K * G / (3 * K + G)

    @property
    def glassy_poissons_ratio(self) -> float:
        G, K = self.shear.instantaneous, self.bulk_modulus
        return (3 * K - 2 * G) / (2 * (3 * K + G))


#: The definition of a Tg the card states.
CARD_VALUE = "card value"


@dataclass(frozen=True)
class GlassTransition:
    """Tg and how it was obtained (resolved once, when a card is loaded).

    Attributes:
        value: Tg (K).
        definition: ``"card value"``, ``"α tan δ peak at 1 Hz"``, ``"E″ peak at 1 Hz"`` or a
            user's statement (e.g. ``"given on the command line"``).
    """

    value: float
    definition: str

    def __post_init__(self) -> None:
        if not (math.isfinite(self.value) and self.value > 0):
            raise ValueError(f"Tg must be a positive temperature in K (got {self.value})")

    @property
    def celsius(self) -> float:
        return self.value - 273.15

    def describe(self) -> str:
        return f"Tg = {self.celsius:.1f} °C ({self.definition})"


@dataclass(frozen=True, kw_only=True)
class Material:
    """What every material card gives: a name, where it came from, and its conduction properties.

    Attributes:
        name: Human-readable name.
        path: The card file.
        thermal: Conduction properties.
        description: Free text from the card.
    """

    kind: ClassVar[Kind]
    name: str
    path: Path
    thermal: ThermalProperties
    description: str = ""


@dataclass(frozen=True, kw_only=True)
class ThermalMaterial(Material):
    """A press pad or release film: conduction only."""

    kind: ClassVar[Kind] = "thermal"


@dataclass(frozen=True, kw_only=True)
class SolidMaterial(Material):
    """A layer material of the laminate: elasticity and thermal expansion.

    Attributes:
        elastic: Elasticity; for a thermoplastic, its glassy (instantaneous) limit.
        expansion: Thermal expansion.
    """

    elastic: Elasticity
    expansion: Expansion


@dataclass(frozen=True, kw_only=True)
class MetalMaterial(SolidMaterial):
    """A metal foil or plated conductor: elastic, or elastic–plastic with J2 data."""

    kind: ClassVar[Kind] = "metal"
    plastic: Plasticity | None = None


@dataclass(frozen=True, kw_only=True)
class PolymerMaterial(SolidMaterial):
    """A thermo-elastic polymer (core polyimide); a Tg only where the card states one."""

    kind: ClassVar[Kind] = "polymer"
    glass_transition: GlassTransition | None = None


@dataclass(frozen=True, kw_only=True)
class ThermoplasticMaterial(SolidMaterial):
    """A thermoplastic (TPI): viscoelastic on reduced time, with a Tg that is always known."""

    kind: ClassVar[Kind] = "thermoplastic"
    viscoelastic: Viscoelasticity
    glass_transition: GlassTransition


StructuralMaterial = MetalMaterial | PolymerMaterial | ThermoplasticMaterial
AnyMaterial = StructuralMaterial | ThermalMaterial
