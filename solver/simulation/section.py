"""Quasi-static mechanics of layered 2-D sections: axisymmetric, plane strain, plane stress.

Weak form, summed over the layers ℓ with their own laws σ_ℓ = p_ℓ I + s_ℓ:

    F(w; δw) = Σ_ℓ ∫_ℓ σ_ℓ : ε(δu, δε_zz) ω dx − ∫ ρ g · δu ω dx − Σ_faces ∫ t · δu ω ds = 0

with ε the 3-D strain of the section (:func:`thermobond.physics.section_strain`) and ω the measure
of the section: ω = x (the radius) for an axisymmetric section of a round coupon, whose third
strain is the hoop strain ε_θθ = u_x/x; ω = 1 for a plane section, with ε_zz ≡ 0 (plane strain) or
an extra discontinuous field of degree k−1 that enforces σ_zz = 0 cell by cell (plane stress). Every
3-D law works unchanged in all three. For nearly incompressible laws the volumetric part
p_ℓ tr ε(δ·) is integrated with reduced quadrature (selective reduced integration, Q2 with 2×2
points), which keeps a melt from locking.

Flat rigid platens are unilateral contacts (:mod:`.contact`): a penalty acts only where the section
reaches the platen, so a laminate lifts off wherever its own curl is stronger than what holds it.

:class:`SectionMechanics` is the generic problem (supports, loads and platens are given to it); the
laminate in the press is :class:`thermobond.simulation.stackmodel.StackMechanics`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import basix.ufl
import numpy as np
import ufl
from dolfinx import default_scalar_type, fem
from dolfinx.fem.petsc import NonlinearProblem
from mpi4py import MPI

from ..errors import PLATEN_UNBALANCED
from ..materials import ThermoplasticMaterial
from ..physics import section_strain, von_mises
from .contact import ContactLaw, Platen, melt_edge_terms, platen_balance_error, platen_terms
from .laws import ElasticPlastic, LayerLaw, LayerModel, StepContext, make_law
from .petscopts import DIRECT_LU, forget, merged, weak_method
from .projection import Projector
from .supports import BCFactory, combine, face_constraint, point_constraints

__all__ = ["GRAVITY", "BCFactory", "Platen", "SectionMechanics", "combine", "face_constraint", "point_constraints"]

GRAVITY = 9.81  # m/s², the laminate's own weight on the lower platen


class SectionMechanics:
    """A layered section with one law per layer; supports, loads and platens supplied by the caller.

    Args:
        mesh_data: MeshData with a physical group per layer and the faces named below.
        layers: The layers' models (names = physical groups).
        plane: ``"axisymmetric"`` (x is the radius, the axis is the face x = 0), ``"strain"`` or
            ``"stress"``.
        degree: Displacement degree.
        stress_free_temperature: T_sf (K).
        initial_temperature: T at t = 0 (K).
        supports: Named sets of Dirichlet conditions, each built by a factory from this object.
        tractions: Faces that carry a traction (a 2-vector Constant is created for each).
        melt_edges: (face, layers): while :attr:`melt_engaged` is 1, each named layer's part of the
            lateral face stays straight, u_x linear in y between the layers below and above it (the
            shear flow of the melt of a wider sheet around a coupon: it neither squeezes out nor
            bulges, while its neighbours slide freely).
        platens: (face, fixed, level) of each flat rigid platen in unilateral contact (:class:`Platen`).
        gravity: Acceleration of the body force −ρ g ŷ (m/s²); 0 for none.
        petsc_options: Options over the defaults.
        force_scale: Typical nodal force (N/m) for the absolute Newton tolerance; default: the
            stiffest modulus (bulk moduli included) × section height × 10⁻³.
        prefix: PETSc options prefix of the problem (a user targets it with ``PETSC_OPTIONS``).
    """

    def __init__(
        self,
        mesh_data: Any,
        layers: Sequence[LayerModel],
        *,
        plane: str,
        degree: int,
        stress_free_temperature: float,
        initial_temperature: float,
        supports: Mapping[str, BCFactory],
        tractions: Sequence[str] = (),
        melt_edges: tuple[str, Sequence[str]] | None = None,
        platens: Sequence[tuple[str, bool, float]] = (),
        gravity: float = 0.0,
        petsc_options: Mapping[str, Any] | None = None,
        force_scale: float | None = None,
        prefix: str = "thermobond_section_",
    ) -> None:
        if plane not in ("axisymmetric", "strain", "stress"):
            raise ValueError(f"unknown section {plane!r}: axisymmetric, strain or stress")
        msh = mesh_data.mesh
        self.mesh = msh
        self.mesh_data = mesh_data
        self.plane = plane
        self.prefix = prefix
        self.gravity = gravity
        lims = msh.comm.allgather((float(msh.geometry.x[:, 1].min()), float(msh.geometry.x[:, 1].max())))
        self.y_range = (min(a for a, _ in lims), max(b for _, b in lims))
        self.y_centre = 0.5 * sum(self.y_range)
        x = ufl.SpatialCoordinate(msh)
        # the measure of the section: 2π r dr dy of a round coupon (per radian), dx dy of a plane one
        self.weight = x[0] if plane == "axisymmetric" else 1.0
        self._build_fields(degree, platens, melt_edges, initial_temperature)
        qdeg = 2 * degree + (1 if plane == "axisymmetric" else 0)
        md = {"quadrature_degree": qdeg, "quadrature_rule": "default"}
        self.dx = ufl.Measure("dx", domain=msh, subdomain_data=mesh_data.cell_tags, metadata=md)
        self.ds = ufl.Measure("ds", domain=msh, subdomain_data=mesh_data.facet_tags)
        self.ctx = StepContext(self.T, self.T_old, self.dt, stress_free_temperature, qdeg, msh)
        if force_scale is None:
            force_scale = _stiffest_modulus(layers) * max(self.y_range[1] - self.y_range[0], 1e-12) * 1e-3
        self.residual = self._build_residual(layers, degree, tractions, melt_edges, force_scale)
        self.nonlinear = any(law.nonlinear for law in self.laws.values()) or bool(self.platens)
        self._supports = dict(supports)
        self._problems: dict[str, Any] = {}
        self._bcs: dict[str, list[Any]] = {}
        self.options = merged(
            {
                "snes_type": "newtonls",
                "snes_linesearch_type": "bt",  # the exact tangent takes full steps; lift-off may not
                "snes_rtol": 1e-9,
                "snes_atol": 1e-10 * force_scale,
                "snes_stol": 1e-12,  # an update at round-off level also means converged
                "snes_max_it": 25,
                **DIRECT_LU,
            },
            petsc_options or {},
            prefix,
        )
        self.iterations = 0
        self.linear_solves = 0
        self.newton_monitors: list[Callable[[], None]] = []
        self._build_outputs(degree)

    def _build_fields(
        self,
        degree: int,
        platens: Sequence[tuple[str, bool, float]],
        melt_edges: tuple[str, Sequence[str]] | None,
        T0: float,
    ) -> None:
        """Displacement, out-of-plane strain, the heights of movable platens, the melt pressures at
        the edge; temperature and step length."""
        msh = self.mesh
        cell = msh.basix_cell()
        self.Vu = fem.functionspace(msh, basix.ufl.element("Lagrange", cell, degree, shape=(2,)))
        self.u = fem.Function(self.Vu, name="displacement_m")
        self.fields: list[Any] = [self.u]
        if self.plane == "stress":
            Z = fem.functionspace(msh, basix.ufl.element("DG", cell, degree - 1))
            self.ezz = fem.Function(Z, name="eps_zz")
            self.fields.append(self.ezz)
        zero = default_scalar_type(0.0)
        R = fem.functionspace(msh, basix.ufl.real_element(cell))
        self.platens: dict[str, Platen] = {}
        for face, fixed, level in platens:
            pos = old = None
            if not fixed:
                pos, old = fem.Function(R, name=f"platen_{face}"), fem.Function(R)
                self.fields.append(pos)
            on = fem.Constant(msh, default_scalar_type(1.0 if fixed else 0.0))
            self.platens[face] = Platen(face, fixed, level, pos, old, on, fem.Constant(msh, zero))
        self.melt: dict[str, Any] = {}
        for name in melt_edges[1] if melt_edges else ():
            self.melt[name] = fem.Function(R, name=f"melt_edge_slope_{name}")
            self.fields.append(self.melt[name])
        self.melt_engaged = fem.Constant(msh, zero)
        self.melt_pressure = fem.Constant(msh, zero)  # Pa: the surrounding sheet's melt on the edge
        VT = fem.functionspace(msh, ("Lagrange", 1))
        self.T = fem.Function(VT, name="temperature_K")
        self.T_old = fem.Function(VT)
        self.T.x.array[:] = T0
        self.T_old.x.array[:] = T0
        self.dt = fem.Constant(msh, default_scalar_type(0.0))

    def _third_strain(self, u: Any, z: Any) -> Any:
        """The strain normal to the section: hoop u_x/x, 0 (plane strain) or the field z (plane stress)."""
        if self.plane == "axisymmetric":
            return u[0] / ufl.SpatialCoordinate(self.mesh)[0]
        if self.plane == "stress":
            return z
        return 0.0

    def _face(self, face: str) -> tuple[Any, Callable[[Any], Any]]:
        """The measure of a face and how to take a field's trace on it (an interior face — the top of
        the layers that exist before plating — is integrated from one side)."""
        groups = self.mesh_data.physical_groups
        if face in ("top", "bottom", "axis", "right"):
            return self.ds(groups[face].tag), lambda f: f
        dS = ufl.Measure("dS", domain=self.mesh, subdomain_data=self.mesh_data.facet_tags)
        return dS(groups[face].tag), lambda f: f("+")

    def _build_residual(
        self,
        layers: Sequence[LayerModel],
        degree: int,
        tractions: Sequence[str],
        melt_edges: tuple[str, Sequence[str]] | None,
        force_scale: float,
    ) -> Any:
        """F(w; δw) of the module docstring: the layers, gravity, tractions, melt edges, platens."""
        msh, groups, w = self.mesh, self.mesh_data.physical_groups, self.weight
        spaces = [f.function_space for f in self.fields]
        tests = ufl.TestFunctions(ufl.MixedFunctionSpace(*spaces)) if len(spaces) > 1 else [ufl.TestFunction(spaces[0])]
        v = tests[0]
        has_z = self.plane == "stress"
        self.eps = section_strain(self.u, self._third_strain(self.u, self.ezz if has_z else None))
        eps_v = section_strain(v, self._third_strain(v, tests[1] if has_z else None))
        dx_red = ufl.Measure(
            "dx",
            domain=msh,
            subdomain_data=self.mesh_data.cell_tags,
            metadata={"quadrature_degree": 2 * (degree - 1) + (1 if self.plane == "axisymmetric" else 0)},
        )
        self.laws: dict[str, LayerLaw] = {}
        self.layer_cells: dict[str, np.ndarray] = {}
        self.sigma: dict[str, Any] = {}
        terms = []
        for layer in layers:
            law = make_law(layer, self.ctx)
            self.laws[layer.name] = law
            tag = groups[layer.name].tag
            self.layer_cells[layer.name] = self.mesh_data.cell_tags.find(tag)
            self.sigma[layer.name] = law.stress(self.eps)
            if law.reduced_volumetric:
                terms.append(ufl.inner(law.deviatoric(self.eps), eps_v) * w * self.dx(tag))
                terms.append(law.volumetric(self.eps) * ufl.tr(eps_v) * w * dx_red(tag))
            else:
                terms.append(ufl.inner(self.sigma[layer.name], eps_v) * w * self.dx(tag))
            if self.gravity:
                rho = layer.material.thermal.density
                terms.append(law.alive * rho * self.gravity * v[1] * w * self.dx(tag))
        self.traction = {}
        for face in tractions:
            t = fem.Constant(msh, np.zeros(2, dtype=default_scalar_type))
            self.traction[face] = t
            terms.append(-ufl.inner(t, v) * w * self.ds(groups[face].tag))
        self.contact = ContactLaw.for_section(force_scale, self.y_range[1] - self.y_range[0])
        n_movable = sum(not p.fixed for p in self.platens.values())
        n_melt = len(self.melt)
        if melt_edges is not None:
            terms += melt_edge_terms(self, melt_edges, v, tests[len(tests) - n_melt :])
        terms += platen_terms(self, v, tests[len(tests) - n_movable - n_melt : len(tests) - n_melt])
        F = sum(terms[1:], terms[0])
        return ufl.extract_blocks(F) if len(self.fields) > 1 else F

    def _build_outputs(self, degree: int) -> None:
        """Output fields: the stress (which lives at quadrature points) L2-projected onto DG."""
        msh, groups = self.mesh, self.mesh_data.physical_groups
        sdeg = max(degree - 1, 0)
        self.S = fem.functionspace(msh, ("DG", sdeg, (3, 3)))
        self.sigma_h = fem.Function(self.S, name="stress_Pa")
        self.VM = fem.functionspace(msh, ("DG", sdeg))
        self.vm_h = fem.Function(self.VM, name="von_mises_Pa")
        self.peeq_h = fem.Function(self.VM, name="equivalent_plastic_strain")
        tags = {name: groups[name].tag for name in self.laws}
        self._project_sigma = Projector(self.sigma_h, _per_layer(self.sigma, self.dx, tags), self.dx)
        peeq = {n: law.p for n, law in self.laws.items() if isinstance(law, ElasticPlastic)}
        self._project_peeq = Projector(self.peeq_h, _per_layer(peeq, self.dx, tags), self.dx) if peeq else None
        self._vm_expr = fem.Expression(von_mises(self.sigma_h), self.VM.element.interpolation_points)

    # ---- supports and solving ------------------------------------------------------------------
    def bcs(self, support: str) -> list[Any]:
        if support not in self._bcs:
            self._bcs[support] = self._supports[support](self)
        return self._bcs[support]

    def _problem(self, support: str) -> Any:
        if support not in self._problems:
            blocked = len(self.fields) > 1
            problem = NonlinearProblem(
                self.residual,
                self.fields if blocked else self.u,
                bcs=self.bcs(support),
                kind="mpi" if blocked else None,
                petsc_options_prefix=self.prefix,
                petsc_options=self.options,
            )
            forget(self.prefix, self.options)
            problem.solver.setMonitor(weak_method(self, "_snes_monitor"))
            self._problems[support] = problem
        return self._problems[support]

    def add_newton_monitor(self, fn: Callable[[], None]) -> None:
        """Call ``fn`` at every Newton iteration of every solve (collectively: each rank calls it)."""
        self.newton_monitors.append(fn)

    def _monitor(self) -> None:
        for fn in self.newton_monitors:
            fn()

    def _snes_monitor(self, snes: Any, its: int, norm: float) -> None:
        self._monitor()

    @property
    def dofs(self) -> int:
        return int(
            sum(
                f.function_space.dofmap.index_map.size_global * f.function_space.dofmap.index_map_bs
                for f in self.fields
            )
        )

    def _state(self) -> list[np.ndarray]:
        return [f.x.array.copy() for f in self.fields]

    def _restore(self, state: list[np.ndarray]) -> None:
        for f, a in zip(self.fields, state, strict=True):
            f.x.array[:] = a

    def set_temperature(self, T_of_y: Callable[[np.ndarray], np.ndarray]) -> None:
        """Set the end-of-step temperature from a function of y (m) → T (K); keeps the old one."""
        self.T_old.x.array[:] = self.T.x.array
        self.T.interpolate(lambda x: T_of_y(x[1]))

    def restore_temperature(self) -> None:
        """Undo :meth:`set_temperature` after a failed step."""
        self.T.x.array[:] = self.T_old.x.array

    def solve(self, dt: float, support: str) -> tuple[bool, int, int]:
        """Solve the step of length ``dt`` (s) with the named support; (converged, iterations, reason)."""
        self.dt.value[...] = dt
        for name, law in self.laws.items():
            law.prepare(self.layer_cells[name])
        backup = self._state()
        problem = self._problem(support)
        problem.solve()
        snes = problem.solver
        reason = int(snes.getConvergedReason())
        its = int(snes.getIterationNumber())
        self.linear_solves += its  # one LU factorisation and solve per Newton iteration
        for f in self.fields:
            f.x.scatter_forward()
        if reason > 0 and platen_balance_error(list(self.platens.values()), self.mesh.comm) > 1.0:
            reason = PLATEN_UNBALANCED  # converged in norm, but the platen does not carry the press force
        if reason <= 0:
            self._restore(backup)
            return False, its, reason
        self.iterations += its
        return True, its, reason

    def commit(self) -> None:
        """Update every layer's internal variables after a converged step.

        Afterwards Δt is zero, so the stress expressions return exactly the committed state
        (no further relaxation, no strain increment, a plastic point stays on its yield surface)
        for every diagnostic until the next :meth:`solve`.
        """
        for name, law in self.laws.items():
            law.commit(self.eps, self.layer_cells[name])
        self.dt.value[...] = 0.0
        self.T_old.x.array[:] = self.T.x.array
        for pl in self.platens.values():
            if pl.position is not None:
                pl.position_old.x.array[:] = pl.position.x.array
        if hasattr(self, "u_old"):
            self.u_old.x.array[:] = self.u.x.array

    def activate(self, name: str) -> None:
        """Birth of a layer at the current state."""
        self.laws[name].activate(self.eps, self.layer_cells[name])

    # ---- fields and diagnostics -----------------------------------------------------------------
    def update_stress_fields(self) -> None:
        """Project the stress (and equivalent plastic strain) onto DG; von Mises of the projection."""
        self._project_sigma()
        self.vm_h.interpolate(self._vm_expr)
        self.vm_h.x.scatter_forward()
        if self._project_peeq is not None:
            self._project_peeq()

    def layer_max(self, field: Any) -> dict[str, float]:
        """Largest nodal value of a DG field (e.g. von Mises) in each layer (collective)."""
        out = {}
        n = field.function_space.dofmap.index_map.size_local
        dm = field.function_space.dofmap
        for name, cells in self.layer_cells.items():
            dofs = np.unique(dm.list[cells].ravel())
            dofs = dofs[dofs < n]
            local = float(field.x.array[dofs].max()) if dofs.size else -np.inf
            out[name] = self.mesh.comm.allreduce(local, op=MPI.MAX)
        return out

    def mean_stress(self, component: tuple[int, int], layer: str) -> float:
        """Volume average of a stress component over a layer (Pa, collective)."""
        tag = self.mesh_data.physical_groups[layer].tag
        num = fem.assemble_scalar(fem.form(self.sigma[layer][component] * self.weight * self.dx(tag)))
        den = fem.assemble_scalar(fem.form(self.weight * self.dx(tag)))
        return float(self.mesh.comm.allreduce(num, op=MPI.SUM) / self.mesh.comm.allreduce(den, op=MPI.SUM))


def _stiffest_modulus(layers: Sequence[LayerModel]) -> float:
    """The largest Young's or bulk modulus of the layers (Pa): the scale of the section's forces."""
    moduli = []
    for layer in layers:
        m = layer.material
        bulk = m.viscoelastic.bulk_modulus if isinstance(m, ThermoplasticMaterial) else 0.0
        moduli.append(max(float(np.max(m.elastic.youngs_modulus.y)), bulk))
    return max(moduli)


def _per_layer(by_layer: Mapping[str, Any], dx: Any, tags: Mapping[str, int]) -> Callable[[Any], Any]:
    """L(v) = Σ_ℓ ∫_ℓ f_ℓ · v dx for expressions defined layer by layer."""

    def rhs(v: Any) -> Any:
        terms = [ufl.inner(expr, v) * dx(tags[name]) for name, expr in by_layer.items()]
        return sum(terms[1:], terms[0])

    return rhs
