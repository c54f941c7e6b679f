"""Constitutive laws of the layers, as the stack solver uses them.

A law turns the 3-D strain of the current iterate into a stress (UFL), owns whatever internal
variables it needs at quadrature points, and updates them in :meth:`commit` once a step has
converged. The formulas themselves live in :mod:`thermobond.physics`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from ..materials import Material
from ..physics import thermal_strain, thermoelastic_stress
from ..physics.uflmath import UFL

__all__ = ["LayerLaw", "StepContext", "ThermoElastic", "make_law"]


@dataclass
class StepContext:
    """UFL objects every law may use: temperatures (K) at the end and start of the step, Δt (s)."""

    T: Any
    T_old: Any
    dt: Any
    stress_free_temperature: float
    quadrature_degree: int
    mesh: Any


class LayerLaw(Protocol):
    """What the stack solver needs from a layer's law."""

    nonlinear: bool

    def stress(self, eps: Any) -> Any:
        """3×3 Cauchy stress (Pa) for the 3×3 strain ``eps`` of the current iterate."""
        ...

    def commit(self, eps: Any, cells: Any) -> None:
        """Update internal variables after a converged step."""
        ...


class ThermoElastic:
    """Isotropic thermo-elasticity, E(T) from the card, transversely isotropic CTE (total form).

    σ = λ(T) tr(ε − ε_th) I + 2μ(T)(ε − ε_th), ε_th = ∫_{T_sf}^{T} α dT'.
    """

    nonlinear = False

    def __init__(self, material: Material, ctx: StepContext) -> None:
        if material.elastic is None or material.expansion is None:
            raise ValueError(f"material '{material.name}' has no elastic or expansion data")
        self.youngs_modulus = material.elastic.youngs_modulus
        self.poissons_ratio = material.elastic.poissons_ratio
        self.expansion = material.expansion
        self.ctx = ctx

    def stress(self, eps: Any) -> Any:
        c = self.ctx
        E = self.youngs_modulus(c.T, UFL)
        eps_th = thermal_strain(self.expansion, c.T, c.stress_free_temperature)
        return thermoelastic_stress(eps, eps_th, E, self.poissons_ratio)

    def commit(self, eps: Any, cells: Any) -> None:
        return None


def make_law(material: Material, ctx: StepContext, *, elastic_only: bool = False) -> LayerLaw:
    """The law for a layer's material (thermo-elastic for every material in this version)."""
    return ThermoElastic(material, ctx)
