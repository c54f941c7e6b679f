"""Quasi-static mechanics of layered 2-D sections (plane strain, plane stress, generalized plane strain).

Weak form, summed over the layers ℓ with their own laws σ_ℓ = p_ℓ I + s_ℓ:

    F(w; δw) = Σ_ℓ ∫_ℓ σ_ℓ : ε(δu, δε_zz) dx  −  Σ_faces ∫ t · δu ds  =  0

with ε the 3-D strain of the section (:func:`thermobond.physics.section_strain`). In plane strain
ε_zz ≡ 0. In plane stress ε_zz is an extra discontinuous field of degree k−1 and the same form
enforces σ_zz = 0 cell by cell, so every 3-D law works unchanged in both. For nearly
incompressible laws the volumetric part p_ℓ tr ε(δ·) is integrated with reduced quadrature
(selective reduced integration, Q2 with 2×2 points), which keeps a melt from locking.

:class:`SectionMechanics` is the generic problem (supports and loads are given to it); the laminate
in the press is :class:`thermobond.simulation.stackmodel.StackMechanics`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import basix.ufl
import numpy as np
import ufl
from dolfinx import default_scalar_type, fem
from dolfinx.fem.petsc import NonlinearProblem
from mpi4py import MPI

from ..materials import ThermoplasticMaterial
from ..physics import section_strain, von_mises
from .laws import ElasticPlastic, LayerLaw, LayerModel, StepContext, make_law
from .petscopts import DIRECT_LU, forget, merged
from .projection import Projector

__all__ = ["BCFactory", "RigidFace", "SectionMechanics", "combine", "face_constraint", "point_constraints"]

BCFactory = Callable[["SectionMechanics"], list[Any]]


class SectionMechanics:
    """A layered section with one law per layer; supports and loads supplied by the caller.

    Args:
        mesh_data: MeshData with a physical group per layer.
        layers: The layers' models (names = physical groups).
        plane: ``"strain"`` or ``"stress"``.
        degree: Displacement degree.
        stress_free_temperature: T_sf (K).
        initial_temperature: T at t = 0 (K).
        supports: Named sets of Dirichlet conditions, each built by a factory from this object.
        tractions: Faces that carry a traction (a 2-vector Constant is created for each).
        rigid_faces: (face, component) pairs: while engaged, that displacement component is the same
            all along the face (a rigid flat platen, or a plane cut through a wider sheet), set by one
            global unknown through a stiff frictionless penalty; the net force on the face is
            prescribed (see :class:`RigidFace`).
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
        rigid_faces: Sequence[tuple[str, int]] = (),
        petsc_options: Mapping[str, Any] | None = None,
        force_scale: float | None = None,
        prefix: str = "thermobond_section_",
    ) -> None:
        if plane not in ("strain", "stress", "plate"):
            raise ValueError(f"unknown plane mode {plane!r}")
        msh = mesh_data.mesh
        self.mesh = msh
        self.mesh_data = mesh_data
        self.plane = plane
        self.prefix = prefix
        lims = msh.comm.allgather((float(msh.geometry.x[:, 1].min()), float(msh.geometry.x[:, 1].max())))
        self.y_range = (min(a for a, _ in lims), max(b for _, b in lims))
        self.y_centre = 0.5 * sum(self.y_range)
        self._build_fields(degree, rigid_faces, initial_temperature)
        qdeg = 2 * degree
        md = {"quadrature_degree": qdeg, "quadrature_rule": "default"}
        self.dx = ufl.Measure("dx", domain=msh, subdomain_data=mesh_data.cell_tags, metadata=md)
        self.ds = ufl.Measure("ds", domain=msh, subdomain_data=mesh_data.facet_tags)
        self.ctx = StepContext(self.T, self.T_old, self.dt, stress_free_temperature, qdeg, msh)
        if force_scale is None:
            force_scale = _stiffest_modulus(layers) * max(self.y_range[1] - self.y_range[0], 1e-12) * 1e-3
        self.residual = self._build_residual(layers, degree, tractions, force_scale)
        self.nonlinear = any(law.nonlinear for law in self.laws.values())
        self._supports = dict(supports)
        self._problems: dict[str, Any] = {}
        self._bcs: dict[str, list[Any]] = {}
        self.options = merged(
            {
                "snes_type": "newtonls",
                "snes_linesearch_type": "basic",  # full Newton steps: the tangent is exact
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

    def _build_fields(self, degree: int, rigid_faces: Sequence[tuple[str, int]], T0: float) -> None:
        """Displacement, out-of-plane strain, rigid-face unknowns; temperature and step length."""
        msh = self.mesh
        cell = msh.basix_cell()
        self.Vu = fem.functionspace(msh, basix.ufl.element("Lagrange", cell, degree, shape=(2,)))
        self.u = fem.Function(self.Vu, name="displacement")
        # the out-of-plane strain: 0 (plane strain), a DG field fixed by σ_zz = 0 cell by cell (plane
        # stress), or ε0 + κ_z (y − y_c) with two global unknowns fixed by zero force and moment in z
        # (generalized plane strain: a wide plate that contracts and curls freely in z)
        self.fields: list[Any] = [self.u]
        if self.plane == "stress":
            Z = fem.functionspace(msh, basix.ufl.element("DG", cell, degree - 1))
            self.ezz = fem.Function(Z, name="eps_zz")
            self.fields.append(self.ezz)
        elif self.plane == "plate":
            R = fem.functionspace(msh, basix.ufl.real_element(cell, value_shape=(2,)))
            self.ezz = fem.Function(R, name="eps_zz_plate")
            self.fields.append(self.ezz)
        self.rigid: dict[str, RigidFace] = {}
        for face, comp in rigid_faces:
            pos = fem.Function(fem.functionspace(msh, basix.ufl.real_element(cell)), name=f"rigid_{face}")
            zero = default_scalar_type(0.0)
            self.rigid[face] = RigidFace(face, comp, pos, fem.Constant(msh, zero), fem.Constant(msh, zero))
            self.fields.append(pos)
        VT = fem.functionspace(msh, ("Lagrange", 1))
        self.T = fem.Function(VT, name="temperature")
        self.T_old = fem.Function(VT)
        self.T.x.array[:] = T0
        self.T_old.x.array[:] = T0
        self.dt = fem.Constant(msh, default_scalar_type(0.0))

    def _out_of_plane(self, z: Any) -> Any:
        """ε_zz of the section from its out-of-plane unknown (or test function) ``z``."""
        if self.plane == "strain":
            return 0.0
        if self.plane == "stress":
            return z
        x = ufl.SpatialCoordinate(self.mesh)
        return z[0] + z[1] * (x[1] - self.y_centre)

    def _build_residual(
        self, layers: Sequence[LayerModel], degree: int, tractions: Sequence[str], force_scale: float
    ) -> Any:
        """F(w; δw) of the module docstring: the layers, the tractions, the rigid faces."""
        msh, groups = self.mesh, self.mesh_data.physical_groups
        spaces = [f.function_space for f in self.fields]
        tests = ufl.TestFunctions(ufl.MixedFunctionSpace(*spaces)) if len(spaces) > 1 else [ufl.TestFunction(spaces[0])]
        v = tests[0]
        q = self._out_of_plane(tests[1]) if self.plane != "strain" else 0.0
        ezz = self._out_of_plane(self.ezz) if self.plane != "strain" else 0.0
        dx_red = ufl.Measure(
            "dx", domain=msh, subdomain_data=self.mesh_data.cell_tags, metadata={"quadrature_degree": 2 * (degree - 1)}
        )
        self.eps = section_strain(self.u, ezz)
        eps_v = section_strain(v, q)
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
                terms.append(ufl.inner(law.deviatoric(self.eps), eps_v) * self.dx(tag))
                terms.append(law.volumetric(self.eps) * ufl.tr(eps_v) * dx_red(tag))
            else:
                terms.append(ufl.inner(self.sigma[layer.name], eps_v) * self.dx(tag))
        self.traction = {}
        for face in tractions:
            t = fem.Constant(msh, np.zeros(2, dtype=default_scalar_type))
            self.traction[face] = t
            terms.append(-ufl.inner(t, v) * self.ds(groups[face].tag))
        height = self.y_range[1] - self.y_range[0]
        k_pen = 1e3 * force_scale / 1e-3 / height**2  # 10³ × (stiffest modulus / section height)
        dS = ufl.Measure("dS", domain=msh, subdomain_data=self.mesh_data.facet_tags)
        rigid_tests = tests[len(tests) - len(self.rigid) :]
        for rf, r in zip(self.rigid.values(), rigid_tests, strict=True):
            # frictionless penalty coupling to the face's common displacement U, and the balance of
            # the face: ∫ k (u_c − U) ds = applied force; when disengaged U is held at 0. An interior
            # face (the top of the layers that exist before plating) is integrated from one side.
            exterior = rf.face in ("top", "bottom", "left", "right")
            ds_f = self.ds(groups[rf.face].tag) if exterior else dS(groups[rf.face].tag)
            uc = self.u[rf.component] if exterior else self.u("+")[rf.component]
            vc = v[rf.component] if exterior else v("+")[rf.component]
            U = rf.position if exterior else rf.position("+")
            rr = r if exterior else r("+")
            length = msh.comm.allreduce(fem.assemble_scalar(fem.form(1.0 * ds_f)), op=MPI.SUM)
            gap = uc - U
            terms.append(rf.engaged * k_pen * gap * vc * ds_f)
            terms.append((-rf.engaged * k_pen * gap + rf.force / length + (1.0 - rf.engaged) * k_pen * U) * rr * ds_f)
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
            problem.solver.setMonitor(lambda snes, its, norm: self._monitor())
            self._problems[support] = problem
        return self._problems[support]

    def add_newton_monitor(self, fn: Callable[[], None]) -> None:
        """Call ``fn`` at every Newton iteration of every solve (collectively: each rank calls it)."""
        self.newton_monitors.append(fn)

    def _monitor(self) -> None:
        for fn in self.newton_monitors:
            fn()

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
        if reason <= 0:
            self._restore(backup)
            return False, its, reason
        for f in self.fields:
            f.x.scatter_forward()
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

    def out_of_plane(self) -> tuple[float, float]:
        """(ε0, κ_z) of plate mode: the uniform out-of-plane strain and the curvature d²w/dz²
        (positive when concave toward +y, as for x); (0, 0) in the other modes."""
        if self.plane != "plate":
            return 0.0, 0.0
        c = self.ezz.x.array  # the two global DOFs, present (owned or ghosted) on every rank
        return float(c[0]), -float(c[1])

    def mean_stress(self, component: tuple[int, int], layer: str) -> float:
        """Volume average of a stress component over a layer (Pa, collective)."""
        tag = self.mesh_data.physical_groups[layer].tag
        num = fem.assemble_scalar(fem.form(self.sigma[layer][component] * self.dx(tag)))
        den = fem.assemble_scalar(fem.form(1.0 * self.dx(tag)))
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


@dataclass
class RigidFace:
    """A face kept plane in one displacement component (rigid platen, or a cut through a sheet).

    Attributes:
        face: Facet group.
        component: 0 (x) or 1 (y).
        position: The common displacement (a real, global unknown).
        engaged: 1 while the constraint acts, 0 when the face is free.
        force: Net force on the face in the component's direction (N per unit depth).
    """

    face: str
    component: int
    position: Any
    engaged: Any
    force: Any

    def engage(self, on: bool, force: float = 0.0) -> None:
        self.engaged.value[...] = 1.0 if on else 0.0
        self.force.value[...] = force


# ---- supports ------------------------------------------------------------------------------------
def point_constraints(points: Sequence[tuple[int, float, float]], tol: float) -> BCFactory:
    """u_c = 0 at given points: [(component, x, y)]; raises if any point is not a mesh node."""

    def build(m: SectionMechanics) -> list[Any]:
        bcs, found = [], 0
        for comp, x0, y0 in points:
            sub = m.Vu.sub(comp)
            Vc, _ = sub.collapse()
            dofs = fem.locate_dofs_geometrical(
                (sub, Vc), lambda x, x0=x0, y0=y0: np.isclose(x[0], x0, atol=tol) & np.isclose(x[1], y0, atol=tol)
            )
            found += m.mesh.comm.allreduce(int(np.sum(dofs[1] < Vc.dofmap.index_map.size_local)), op=MPI.SUM)
            bcs.append(fem.dirichletbc(0.0, dofs[0], sub))
        if found < len(points):
            raise RuntimeError("a point constraint does not sit on a mesh node")
        return bcs

    return build


def face_constraint(face: str, comp: int, value: Any = 0.0) -> BCFactory:
    """u_comp = value (a number or a Constant) on a named face."""

    def build(m: SectionMechanics) -> list[Any]:
        tdim = m.mesh.topology.dim
        facets = m.mesh_data.facet_tags.find(m.mesh_data.physical_groups[face].tag)
        sub = m.Vu.sub(comp)
        Vc, _ = sub.collapse()
        dofs = fem.locate_dofs_topological((sub, Vc), tdim - 1, facets)
        if isinstance(value, fem.Constant):
            return [fem.dirichletbc(value, dofs[0], sub)]
        return [fem.dirichletbc(float(value), dofs[0], sub)]

    return build


def combine(*factories: BCFactory) -> BCFactory:
    def build(m: SectionMechanics) -> list[Any]:
        return [bc for f in factories for bc in f(m)]

    return build
