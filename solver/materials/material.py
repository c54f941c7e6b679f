"""Material records: what the solvers read from a validated material card."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .expansion import Expansion
from .prony import PronySeries
from .shift import ShiftLaw
from .tabulated import PiecewiseLinear

__all__ = ["Elasticity", "Material", "Plasticity", "ThermalProperties", "Viscoelasticity"]

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
    """Generalized Maxwell solid on reduced time (physics.md §2.1).

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


@dataclass(frozen=True)
class Material:
    """A validated material card.

    Attributes:
        name: Human-readable name.
        kind: ``metal`` (elastic–plastic), ``polymer`` (thermo-elastic), ``thermoplastic``
            (viscoelastic TPI), or ``thermal`` (press pads: thermal properties only).
        path: The card file.
        thermal: Conduction properties.
        elastic: Elasticity; for a thermoplastic, the glassy (instantaneous) limit.
        expansion: Thermal expansion.
        plastic: J2 data for metals, else None.
        viscoelastic: Prony/shift data for thermoplastics, else None.
        glass_transition: Tg (K) where the card gives one.
    """

    name: str
    kind: Kind
    path: Path
    thermal: ThermalProperties
    elastic: Elasticity | None
    expansion: Expansion | None
    plastic: Plasticity | None = None
    viscoelastic: Viscoelasticity | None = None
    glass_transition: float | None = None
    description: str = ""
