"""Constitutive laws of the layers, as the section solver uses them.

A law turns the 3-D strain of the current iterate into a stress (UFL), owns its internal variables
at quadrature points, and updates them in :meth:`commit` once a step has converged. Common to all:

* the free strain: thermal ∫_{T_ref}^{T} α dT' (transversely isotropic) plus an in-plane eigenstrain
  that produces a given intrinsic film stress (a sputtered conductor);
* birth: a layer that does not exist yet (a wet-plated conductor) carries a negligible stiffness
  until it is activated; from then on it is stress-free at the strain and temperature it was born
  with, and its internal variables start from zero.

The formulas are in :mod:`thermobond.physics`.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import Any

import basix.ufl
import numpy as np
import ufl
from dolfinx import default_scalar_type, fem

from ..materials import MetalMaterial, StructuralMaterial, ThermoplasticMaterial
from ..physics import thermal_strain, thermoelastic_stress
from ..physics.plasticity import radial_return
from ..physics.uflmath import UFL
from .pronystate import PronyState

__all__ = ["ElasticPlastic", "GeneralizedMaxwell", "LayerLaw", "LayerModel", "StepContext", "ThermoElastic", "make_law"]

# stiffness of a layer before its birth, relative to its own (keeps the matrix regular)
_UNBORN = 1e-8


@dataclass(frozen=True)
class LayerModel:
    """What the section solver needs to know about a layer.

    Attributes:
        name: Layer (and physical group) name.
        material: Its material card.
        intrinsic_stress: In-plane biaxial stress (Pa) the layer carries when bonded and unbent at
            the stress-free temperature (a deposited film); 0 for none.
        born: Whether the layer exists from the start (False: activated later by the solver).
        viscoelastic: Use the card's Prony series (thermoplastics); False uses its glassy modulus.
        plastic: Use the card's J2 data (metals).
    """

    name: str
    material: StructuralMaterial
    intrinsic_stress: float = 0.0
    born: bool = True
    viscoelastic: bool = True
    plastic: bool = True


@dataclass
class StepContext:
    """UFL objects the laws share: temperature (K) at the end and start of the step, Δt (s)."""

    T: Any
    T_old: Any
    dt: Any
    stress_free_temperature: float
    quadrature_degree: int
    mesh: Any


def _vec(t: Any) -> Any:
    """Symmetric 3×3 tensor of a 2-D section → (xx, yy, zz, xy)."""
    return ufl.as_vector([t[0, 0], t[1, 1], t[2, 2], t[0, 1]])


def _ten(v: Any) -> Any:
    return ufl.as_tensor([[v[0], v[3], 0.0], [v[3], v[1], 0.0], [0.0, 0.0, v[2]]])


class LayerLaw(abc.ABC):
    """Base of the laws: free strains, birth, quadrature-point state.

    Subclasses implement :meth:`_stress` (3×3 stress of the strain measured from birth, minus the
    free strain) and :meth:`_updates` (UFL expressions of the new internal variables).
    """

    nonlinear = False
    #: the volumetric part (no internal variables) is integrated with reduced quadrature
    reduced_volumetric = False

    def __init__(self, layer: LayerModel, ctx: StepContext) -> None:
        m = layer.material
        self.layer = layer
        self.ctx = ctx
        msh = ctx.mesh
        self._q = ctx.quadrature_degree
        self.youngs_modulus = m.elastic.youngs_modulus
        self.poissons_ratio = m.elastic.poissons_ratio
        self.expansion = m.expansion
        self.alive = fem.Constant(msh, default_scalar_type(1.0 if layer.born else _UNBORN))
        # a layer that exists from the start is stress-free at T_sf and zero strain: constants, so
        # that parts of its stress without internal variables can use any quadrature rule
        self.eps_birth: Any = ufl.as_vector([0.0] * 4)
        self.T_birth: Any = fem.Constant(msh, default_scalar_type(ctx.stress_free_temperature))
        if not layer.born:
            self.eps_birth = self.state((4,), "birth_strain")
            self.T_birth = self.state((), "birth_temperature")
            self.T_birth.x.array[:] = ctx.stress_free_temperature
        self._state: list[tuple[Any, Any, Any]] = []  # (function, update expression, scratch)
        self._updates_built = False

    # ---- helpers -----------------------------------------------------------------------------
    def state(self, shape: tuple[int, ...], name: str) -> Any:
        """A zero function on the quadrature points (one per law, mesh-wide, used on its cells)."""
        el = basix.ufl.quadrature_element(self.ctx.mesh.basix_cell(), value_shape=shape, degree=self._q)
        return fem.Function(fem.functionspace(self.ctx.mesh, el), name=f"{self.layer.name}_{name}")

    def free_strain(self) -> Any:
        """Thermal strain from the birth temperature plus the intrinsic-stress eigenstrain."""
        eth = thermal_strain(self.expansion, self.ctx.T, self.T_birth)
        s = self.layer.intrinsic_stress
        if s == 0.0:
            return eth
        E0 = float(self.youngs_modulus(np.float64(self.ctx.stress_free_temperature)))
        e = -s * (1 - self.poissons_ratio) / E0  # in-plane biaxial: σ = E/(1−ν) (−e)
        return eth + ufl.as_tensor([[e, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, e]])

    def E(self) -> Any:
        return self.youngs_modulus(self.ctx.T, UFL)

    # ---- interface ---------------------------------------------------------------------------
    def stress(self, eps: Any) -> Any:
        """3×3 Cauchy stress (Pa) for the 3×3 strain ``eps`` of the current iterate."""
        mech = eps - _ten(self.eps_birth)
        return self.alive * self._stress(mech)

    def volumetric(self, eps: Any) -> Any:
        """Mean stress (Pa)."""
        return ufl.tr(self.stress(eps)) / 3.0

    def deviatoric(self, eps: Any) -> Any:
        """Deviatoric stress (Pa)."""
        return ufl.dev(self.stress(eps))

    @abc.abstractmethod
    def _stress(self, eps: Any) -> Any:
        """Stress of the strain measured from birth (before the birth factor)."""

    def _build_updates(self, eps: Any) -> None:
        if not self._updates_built:
            mech = eps - _ten(self.eps_birth)
            pts = None
            for f, expr in self._updates(mech):
                if pts is None:
                    pts = f.function_space.element.interpolation_points
                self._state.append((f, fem.Expression(expr, pts), fem.Function(f.function_space)))
            self._updates_built = True

    def _updates(self, eps: Any) -> list[tuple[Any, Any]]:
        return []

    def prepare(self, cells: np.ndarray) -> None:  # noqa: B027  (a hook: most laws need nothing)
        """Per-step work before the solve (after T, T_old and Δt are set); nothing by default."""

    def commit(self, eps: Any, cells: np.ndarray) -> None:
        """Update the internal variables on ``cells`` after a converged step."""
        self._build_updates(eps)
        for _, expr, scratch in self._state:
            scratch.x.array[:] = 0.0
            scratch.interpolate(expr, cells0=cells)
        for f, _, scratch in self._state:  # every expression reads the old state: assign after all
            f.x.array[:] = scratch.x.array

    def activate(self, eps: Any, cells: np.ndarray) -> None:
        """Birth: stress-free at the current strain and temperature, internal variables zero."""
        if self.layer.born:
            raise RuntimeError(f"layer '{self.layer.name}' exists from the start and cannot be born again")
        pts = self.eps_birth.function_space.element.interpolation_points
        self.eps_birth.interpolate(fem.Expression(_vec(eps), pts), cells0=cells)
        self.T_birth.interpolate(fem.Expression(self.ctx.T, pts), cells0=cells)
        for f in self._zero_at_birth():
            f.x.array[:] = 0.0
        self.alive.value[...] = 1.0

    def _zero_at_birth(self) -> list[Any]:
        return []


class ThermoElastic(LayerLaw):
    """Isotropic thermo-elasticity, E(T) from the card, transversely isotropic CTE (total form).

    σ = λ(T) tr(ε − ε_0) I + 2μ(T)(ε − ε_0), ε_0 the free strain.
    """

    def _stress(self, eps: Any) -> Any:
        return thermoelastic_stress(eps, self.free_strain(), self.E(), self.poissons_ratio)


class ElasticPlastic(LayerLaw):
    """J2 plasticity with linear isotropic hardening, σ_y(T) and H(T) from the card (metals)."""

    nonlinear = True

    def __init__(self, layer: LayerModel, ctx: StepContext) -> None:
        super().__init__(layer, ctx)
        m = layer.material
        pl = m.plastic if isinstance(m, MetalMaterial) else None
        if pl is None:
            raise ValueError(f"material '{m.name}' has no plastic data")
        self.plastic_data = pl
        self.eps_p = self.state((4,), "plastic_strain")
        self.p = self.state((), "equivalent_plastic_strain")
        self._q_floor = 1e-9 * float(min(pl.yield_stress.y))

    def _return(self, eps: Any) -> tuple[Any, Any, Any]:
        pl = self.plastic_data
        trial = eps - _ten(self.eps_p) - self.free_strain()
        # before its birth a layer is a soft elastic filler: no plastic flow (the yield stress is out of reach)
        sy = pl.yield_stress(self.ctx.T, UFL) + (1.0 - self.alive) * 1e30
        return radial_return(
            trial, self.E(), self.poissons_ratio, sy, pl.hardening_modulus(self.ctx.T, UFL), self.p, self._q_floor
        )

    def _stress(self, eps: Any) -> Any:
        return self._return(eps)[0]

    def _updates(self, eps: Any) -> list[tuple[Any, Any]]:
        _, dep, dp = self._return(eps)
        return [(self.eps_p, self.eps_p + _vec(dep)), (self.p, self.p + dp)]

    def _zero_at_birth(self) -> list[Any]:
        return [self.eps_p, self.p]


class GeneralizedMaxwell(LayerLaw):
    """Thermoplastic: elastic bulk, deviatoric Prony branches on reduced time (docs/theory/viscoelasticity.md).

    The branches live in a :class:`~thermobond.simulation.pronystate.PronyState` with the small-strain
    measure m = 2 dev ε, so s = 2G∞ dev ε + Σ h_i. The volumetric part K tr(ε − ε_0) has no internal
    variables and is integrated with reduced quadrature by the solver, so the nearly incompressible
    melt (K/G up to 10⁷) does not lock.
    """

    def __init__(self, layer: LayerModel, ctx: StepContext) -> None:
        super().__init__(layer, ctx)
        # a layer born later has quadrature-point birth data in its volumetric part: full integration
        self.reduced_volumetric = layer.born
        m = layer.material
        if not isinstance(m, ThermoplasticMaterial):
            raise ValueError(f"material '{m.name}' has no viscoelastic data")
        ve = m.viscoelastic
        self.visco = ve
        self.K = ve.bulk_modulus
        self.prony = PronyState(ctx.mesh, ctx.quadrature_degree, ve, ctx.T_old, ctx.T, ctx.dt, layer.name)

    def _measure(self, eps: Any) -> Any:
        return 2.0 * _vec(ufl.dev(eps - _ten(self.eps_birth)))

    def prepare(self, cells: np.ndarray) -> None:
        self.prony.prepare(cells)

    def volumetric(self, eps: Any) -> Any:
        mech = eps - _ten(self.eps_birth)
        return self.alive * self.K * ufl.tr(mech - self.free_strain())

    def deviatoric(self, eps: Any) -> Any:
        return self.alive * _ten(self.prony.deviatoric(self._measure(eps)))

    def stress(self, eps: Any) -> Any:
        return self.volumetric(eps) * ufl.Identity(3) + self.deviatoric(eps)

    def _stress(self, eps: Any) -> Any:  # stress() is overridden: volumetric and deviatoric parts
        return self.stress(eps)

    def commit(self, eps: Any, cells: np.ndarray) -> None:
        self.prony.commit(self._measure(eps), cells)

    def activate(self, eps: Any, cells: np.ndarray) -> None:
        super().activate(eps, cells)
        self.prony.reset()


def make_law(layer: LayerModel, ctx: StepContext) -> LayerLaw:
    """The law of a layer: Prony for thermoplastics, J2 for metals with plastic data, else elastic."""
    m = layer.material
    if isinstance(m, ThermoplasticMaterial) and layer.viscoelastic:
        return GeneralizedMaxwell(layer, ctx)
    if isinstance(m, MetalMaterial) and layer.plastic and m.plastic is not None:
        return ElasticPlastic(layer, ctx)
    return ThermoElastic(layer, ctx)
