"""Quasi-static mechanics of layered 2-D sections (plane strain or plane stress).

Weak form, summed over the layers ℓ with their own laws σ_ℓ = p_ℓ I + s_ℓ:

    F(w; δw) = Σ_ℓ ∫_ℓ σ_ℓ : ε(δu, δε_zz) dx  −  Σ_faces ∫ t · δu ds  =  0

with ε the 3-D strain of the section (:func:`thermobond.physics.section_strain`). In plane strain
ε_zz ≡ 0. In plane stress ε_zz is an extra discontinuous field of degree k−1 and the same form
enforces σ_zz = 0 cell by cell, so every 3-D law works unchanged in both. For nearly
incompressible laws the volumetric part p_ℓ tr ε(δ·) is integrated with reduced quadrature
(selective reduced integration, Q2 with 2×2 points), which keeps a melt from locking.

:class:`SectionMechanics` is the generic problem (supports and loads are given to it);
:class:`StackMechanics` is the laminate in the press: a frictionless platen under the bottom face
and a rigid flat platen (or a uniform pressure) on the top face while pressed; three stress-free
point constraints when not.
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

from ..case import Case
from ..meshes import interface_name
from ..physics import section_strain, von_mises
from .laws import ElasticPlastic, LayerLaw, LayerModel, StepContext, make_law
from .petscopts import DIRECT_LU, merged, unique_prefix
from .probes import FaceDeflection, InterfaceProbe, LineSampler, fit_curvature
from .projection import Projector

__all__ = ["SectionMechanics", "StackMechanics", "layer_models"]

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
    ) -> None:
        msh = mesh_data.mesh
        self.mesh = msh
        self.mesh_data = mesh_data
        self.plane = plane
        cell = msh.basix_cell()
        self.Vu = fem.functionspace(msh, basix.ufl.element("Lagrange", cell, degree, shape=(2,)))
        self.u = fem.Function(self.Vu, name="displacement")
        # the out-of-plane strain: 0 (plane strain), a DG field fixed by σ_zz = 0 cell by cell (plane
        # stress), or ε0 + κ_z (y − y_c) with two global unknowns fixed by zero force and moment in z
        # (generalized plane strain: a wide plate that contracts and curls freely in z)
        self.fields = [self.u]
        if plane == "stress":
            Z = fem.functionspace(msh, basix.ufl.element("DG", cell, degree - 1))
            self.ezz = fem.Function(Z, name="eps_zz")
            self.fields.append(self.ezz)
        elif plane == "plate":
            R = fem.functionspace(msh, basix.ufl.real_element(cell, value_shape=(2,)))
            self.ezz = fem.Function(R, name="eps_zz_plate")
            self.fields.append(self.ezz)
        elif plane != "strain":
            raise ValueError(f"unknown plane mode {plane!r}")
        self.rigid: dict[str, RigidFace] = {}
        for face, comp in rigid_faces:
            pos = fem.Function(fem.functionspace(msh, basix.ufl.real_element(cell)), name=f"rigid_{face}")
            self.rigid[face] = RigidFace(
                face,
                comp,
                pos,
                fem.Constant(msh, default_scalar_type(0.0)),
                fem.Constant(msh, default_scalar_type(0.0)),
            )
            self.fields.append(pos)
        x = ufl.SpatialCoordinate(msh)
        lims = msh.comm.allgather((float(msh.geometry.x[:, 1].min()), float(msh.geometry.x[:, 1].max())))
        ys = [(min(a for a, _ in lims), max(b for _, b in lims))]
        self.y_centre = 0.5 * (ys[0][0] + ys[0][1])
        spaces = [f.function_space for f in self.fields]
        tests = ufl.TestFunctions(ufl.MixedFunctionSpace(*spaces)) if len(spaces) > 1 else [ufl.TestFunction(spaces[0])]
        v = tests[0]

        def ezz_of(z: Any) -> Any:
            if plane == "strain":
                return 0.0
            if plane == "stress":
                return z
            return z[0] + z[1] * (x[1] - self.y_centre)

        ezz = ezz_of(self.ezz) if plane != "strain" else 0.0
        q = ezz_of(tests[1]) if plane != "strain" else 0.0
        u = self.u
        rigid_tests = tests[len(tests) - len(self.rigid) :]
        VT = fem.functionspace(msh, ("Lagrange", 1))
        self.T = fem.Function(VT, name="temperature")
        self.T_old = fem.Function(VT)
        self.T.x.array[:] = initial_temperature
        self.T_old.x.array[:] = initial_temperature
        self.dt = fem.Constant(msh, default_scalar_type(0.0))

        qdeg = 2 * degree
        groups = mesh_data.physical_groups
        md = {"quadrature_degree": qdeg, "quadrature_rule": "default"}
        self.dx = ufl.Measure("dx", domain=msh, subdomain_data=mesh_data.cell_tags, metadata=md)
        dx_red = ufl.Measure(
            "dx", domain=msh, subdomain_data=mesh_data.cell_tags, metadata={"quadrature_degree": 2 * (degree - 1)}
        )
        self.ds = ufl.Measure("ds", domain=msh, subdomain_data=mesh_data.facet_tags)
        self.ctx = StepContext(self.T, self.T_old, self.dt, stress_free_temperature, qdeg, msh)
        self.eps = section_strain(u, ezz)
        eps_v = section_strain(v, q)
        self.laws: dict[str, LayerLaw] = {}
        self.layer_cells: dict[str, np.ndarray] = {}
        self.sigma: dict[str, Any] = {}
        terms = []
        for layer in layers:
            law = make_law(layer, self.ctx)
            self.laws[layer.name] = law
            tag = groups[layer.name].tag
            self.layer_cells[layer.name] = mesh_data.cell_tags.find(tag)
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
        if force_scale is None:
            moduli = [
                max(
                    float(np.max(layer.material.elastic.youngs_modulus.y)),
                    layer.material.viscoelastic.bulk_modulus if layer.material.viscoelastic else 0.0,
                )
                for layer in layers
                if layer.material.elastic is not None
            ]
            force_scale = max(moduli) * max(ys[0][1] - ys[0][0], 1e-12) * 1e-3
        height = ys[0][1] - ys[0][0]
        k_pen = 1e3 * force_scale / 1e-3 / height**2  # 10³ × (stiffest modulus / section height)
        dS = ufl.Measure("dS", domain=msh, subdomain_data=mesh_data.facet_tags)
        for rf, r in zip(self.rigid.values(), rigid_tests, strict=True):
            # frictionless penalty coupling to the face's common displacement U, and the balance of
            # the face: ∫ k (u_c − U) ds = applied force; when disengaged U is held at 0. An interior
            # face (the top of the layers that exist before plating) is integrated from one side.
            exterior = rf.face in ("top", "bottom", "left", "right")
            ds_f = self.ds(groups[rf.face].tag) if exterior else dS(groups[rf.face].tag)
            uc = u[rf.component] if exterior else u("+")[rf.component]
            vc = v[rf.component] if exterior else v("+")[rf.component]
            U = rf.position if exterior else rf.position("+")
            rr = r if exterior else r("+")
            length = msh.comm.allreduce(fem.assemble_scalar(fem.form(1.0 * ds_f)), op=MPI.SUM)
            gap = uc - U
            terms.append(rf.engaged * k_pen * gap * vc * ds_f)
            terms.append((-rf.engaged * k_pen * gap + rf.force / length + (1.0 - rf.engaged) * k_pen * U) * rr * ds_f)
        F = sum(terms[1:], terms[0])
        self.residual = ufl.extract_blocks(F) if len(self.fields) > 1 else F
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
        )
        self.iterations = 0
        self.linear_solves = 0

        # output fields: the stress (which lives at quadrature points) L2-projected onto DG
        sdeg = max(degree - 1, 0)
        self.S = fem.functionspace(msh, ("DG", sdeg, (3, 3)))
        self.sigma_h = fem.Function(self.S, name="stress")
        self.VM = fem.functionspace(msh, ("DG", sdeg))
        self.vm_h = fem.Function(self.VM, name="von_mises")
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
            self._problems[support] = NonlinearProblem(
                self.residual,
                self.fields if blocked else self.u,
                bcs=self.bcs(support),
                kind="mpi" if blocked else None,
                petsc_options_prefix=unique_prefix(f"section_{support}"),
                petsc_options=self.options,
            )
        return self._problems[support]

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


def layer_models(case: Case) -> list[LayerModel]:
    """The section's layer models from a case's stack and mechanics options."""
    return [
        LayerModel(
            layer.name,
            layer.material,
            layer.intrinsic_stress,
            born=layer.active_from is None,
            viscoelastic=case.mechanics.viscoelastic,
            plastic=case.mechanics.plasticity,
        )
        for layer in case.layers
    ]


def _pressed_face(case: Case) -> str:
    """The face the top platen presses: the top of the layers that exist while pressed (layers born
    later, plated ones, lie above them and are only born after the pressure is released)."""
    born = [layer for layer in case.layers if layer.active_from is None]
    if len(born) == len(case.layers):
        return "top"
    return interface_name(born[-1].name, case.layers[len(born)].name)


class StackMechanics(SectionMechanics):
    """The laminate in the press (see module docstring)."""

    def __init__(self, mesh_data: Any, case: Case) -> None:
        H = case.total_thickness
        W = case.mesh.width
        tol = 1e-6 * min(min(layer.thickness for layer in case.layers), W)
        free = point_constraints([(0, 0.0, 0.0), (1, 0.0, 0.0), (0, 0.0, H)], tol)
        pressed = combine(face_constraint("bottom", 1), point_constraints([(0, 0.0, 0.0)], tol))
        super().__init__(
            mesh_data,
            layer_models(case),
            plane=case.mechanics.plane,
            degree=case.mesh.degree,
            stress_free_temperature=case.mechanics.stress_free_temperature,
            initial_temperature=float(case.cycle.temperatures[0]),
            supports={"free": free, "pressed": pressed},
            tractions=["top"] if case.mechanics.platen == "pressure" else [],
            rigid_faces=([(_pressed_face(case), 1)] if case.mechanics.platen == "rigid" else [])
            + ([("left", 0), ("right", 0)] if case.mechanics.edges_while_pressed == "sheet" else []),
            petsc_options=case.solver.petsc_options,
        )
        self.case = case
        self.deflection = FaceDeflection(mesh_data, self.Vu.sub(1), W)
        self.probes = {
            interface_name(a, b): InterfaceProbe(mesh_data, interface_name(a, b), W) for a, b, _ in case.interfaces
        }
        tpi = [i for i, layer in enumerate(case.layers) if layer.material.kind == "thermoplastic"]
        self.tpi_lines = []
        for i in tpi:
            lo = interface_name(case.layers[i - 1].name, case.layers[i].name) if i > 0 else "bottom"
            hi = interface_name(case.layers[i].name, case.layers[i + 1].name) if i < len(case.layers) - 1 else "top"
            self.tpi_lines.append(
                (
                    case.layers[i].name,
                    case.layers[i].thickness,
                    LineSampler(mesh_data, self.Vu.sub(1), lo, W),
                    LineSampler(mesh_data, self.Vu.sub(1), hi, W),
                )
            )

    def set_pressure(self, p: float) -> None:
        """Press pressure (Pa): a rigid platen pushed with p·W onto the top face, or a uniform
        compressive traction, as the case's ``mechanics.platen`` says. While pressed, the lateral
        faces are cuts through a wider sheet (``mechanics.edges_while_pressed = "sheet"``)."""
        pressed = p > 0
        face = _pressed_face(self.case)
        if face in self.rigid:
            self.rigid[face].engage(pressed, p * self.case.mesh.width)  # contact traction −p on the laminate
        else:
            self.traction["top"].value[:] = (0.0, -p)
        for face in ("left", "right"):
            if face in self.rigid:
                self.rigid[face].engage(pressed, 0.0)

    def curvature(self) -> Any:
        """Mid-plane curvature fitted away from the free edges (see :class:`CurvatureFit`)."""
        x, w = self.deflection.midplane(self.u.x.array)
        W = self.case.mesh.width
        window = 0.5 * W - max(5 * self.case.total_thickness, 0.1 * W)
        return fit_curvature(x, w, window)

    def interface_tractions(self) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """(x, σ_yy, σ_xy) along each interface (call :meth:`update_stress_fields` first)."""
        return {name: probe.evaluate(self.sigma_h) for name, probe in self.probes.items()}

    def tpi_thickness_change(self) -> dict[str, float]:
        """Relative thickness change of each thermoplastic layer over the central half (−)."""
        W = self.case.mesh.width
        out = {}
        for name, h, lo, hi in self.tpi_lines:
            xl, wl = lo.values(self.u.x.array)
            xh, wh = hi.values(self.u.x.array)
            m = np.abs(xl) <= 0.25 * W
            out[name] = float(np.mean(np.interp(xl[m], xh, wh) - wl[m]) / h)
        return out
