"""Quasi-static mechanics of the laminate cross-section (plane strain or plane stress).

Weak form, summed over the layers ℓ with their own constitutive law σ_ℓ:

    F(w; δw) = Σ_ℓ ∫_ℓ σ_ℓ(ε(u, ε_zz)) : ε(δu, δε_zz) dx = 0

with ε the 3-D strain of the section (:func:`thermobond.physics.section_strain`). In plane strain
ε_zz ≡ 0. In plane stress ε_zz is an extra discontinuous field of degree k−1 and the same form
enforces σ_zz = 0 cell by cell, so every 3-D law works unchanged in both.

Rigid-body motions are removed by three point constraints that cannot stress the laminate:
u = 0 at the bottom-centre point and u_x = 0 at the top-centre point.
"""

from __future__ import annotations

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
from .laws import LayerLaw, StepContext, make_law
from .petscopts import DIRECT_LU, merged, unique_prefix
from .probes import FaceDeflection, InterfaceProbe, fit_curvature

__all__ = ["StackMechanics"]


class StackMechanics:
    """The mechanics problem of a case's stack on its 2-D mesh.

    Args:
        mesh_data: MeshData from :func:`thermobond.meshes.stack_mesh`.
        case: The case.
    """

    def __init__(self, mesh_data: Any, case: Case) -> None:
        msh = mesh_data.mesh
        self.mesh = msh
        self.mesh_data = mesh_data
        self.case = case
        deg = case.mesh.degree
        cell = msh.basix_cell()
        self.plane = case.mechanics.plane
        Ve = basix.ufl.element("Lagrange", cell, deg, shape=(2,))
        if self.plane == "stress":
            Ze = basix.ufl.element("DG", cell, deg - 1)
            W = fem.functionspace(msh, basix.ufl.mixed_element([Ve, Ze]))
            self.w = fem.Function(W, name="state")
            u, ezz = ufl.split(self.w)
            v, q = ufl.TestFunctions(W)
            self.Vu = W.sub(0)
        else:
            W = fem.functionspace(msh, Ve)
            self.w = fem.Function(W, name="displacement")
            u, ezz = self.w, 0.0
            v, q = ufl.TestFunction(W), 0.0
            self.Vu = W
        self.W = W
        self.u_expr = u

        # temperature (K) on P1, set from the thermal model each step
        VT = fem.functionspace(msh, ("Lagrange", 1))
        self.T = fem.Function(VT, name="temperature")
        self.T_old = fem.Function(VT)
        T0 = float(case.cycle.temperatures[0])
        self.T.x.array[:] = T0
        self.T_old.x.array[:] = T0
        self.dt = fem.Constant(msh, default_scalar_type(1.0))

        qdeg = 2 * deg
        groups = mesh_data.physical_groups
        self.dx = ufl.Measure(
            "dx", domain=msh, subdomain_data=mesh_data.cell_tags, metadata={"quadrature_degree": qdeg}
        )
        ctx = StepContext(self.T, self.T_old, self.dt, case.mechanics.stress_free_temperature, qdeg, msh)
        self.ctx = ctx
        self.eps = section_strain(u, ezz)
        eps_v = section_strain(v, q)
        self.laws: dict[str, LayerLaw] = {}
        self.layer_cells: dict[str, np.ndarray] = {}
        self.sigma: dict[str, Any] = {}
        terms = []
        for layer in case.layers:
            law = make_law(layer.material, ctx)
            self.laws[layer.name] = law
            tag = groups[layer.name].tag
            self.layer_cells[layer.name] = mesh_data.cell_tags.find(tag)
            self.sigma[layer.name] = law.stress(self.eps)
            terms.append(ufl.inner(self.sigma[layer.name], eps_v) * self.dx(tag))
        F = sum(terms[1:], terms[0])
        self.residual = F
        self.nonlinear = any(law.nonlinear for law in self.laws.values())

        self.bcs = self._pins()
        E_max = max(
            float(np.max(layer.material.elastic.youngs_modulus.y)) for layer in case.layers if layer.material.elastic
        )
        # residual is a force per unit depth (N/m); scale it by a stiff layer at 0.1 % strain
        self.force_scale = E_max * case.total_thickness * 1e-3
        opts = merged(
            {
                "snes_type": "newtonls",
                "snes_linesearch_type": "basic",  # full Newton steps; the tangent is exact
                "snes_rtol": 1e-9,
                "snes_atol": 1e-11 * self.force_scale,
                "snes_stol": 0.0,
                "snes_max_it": 25,
                **DIRECT_LU,
            },
            case.solver.petsc_options,
        )
        self.problem = NonlinearProblem(
            F,
            self.w,
            bcs=self.bcs,
            J=ufl.derivative(F, self.w),
            petsc_options_prefix=unique_prefix("stack"),
            petsc_options=opts,
        )

        # output fields and diagnostics
        sdeg = max(deg - 1, 0)
        self.S = fem.functionspace(msh, ("DG", sdeg, (3, 3)))
        self.sigma_h = fem.Function(self.S, name="stress")
        self.VM = fem.functionspace(msh, ("DG", sdeg))
        self.vm_h = fem.Function(self.VM, name="von_mises")
        self._sigma_expr = {n: fem.Expression(s, self.S.element.interpolation_points) for n, s in self.sigma.items()}
        self._vm_expr = {
            n: fem.Expression(von_mises(s), self.VM.element.interpolation_points) for n, s in self.sigma.items()
        }
        width = case.mesh.width
        self.deflection = FaceDeflection(mesh_data, self.Vu.sub(1), width)
        self.probes = {
            interface_name(a, b): InterfaceProbe(mesh_data, interface_name(a, b), width) for a, b, _ in case.interfaces
        }
        self.iterations = 0

    # ---------------------------------------------------------------------------------------
    def _pins(self) -> list[Any]:
        H = self.case.total_thickness
        tol = 1e-9 * self.case.mesh.width

        def at(y: float) -> Any:
            return lambda x: np.isclose(x[0], 0.0, atol=tol) & np.isclose(x[1], y, atol=tol * 1e-3 + 1e-3 * H)

        bcs = []
        for comp, y in ((0, 0.0), (1, 0.0), (0, H)):
            sub = self.Vu.sub(comp)
            Vc, _ = sub.collapse()
            dofs = fem.locate_dofs_geometrical((sub, Vc), at(y))
            bcs.append(fem.dirichletbc(0.0, dofs[0], sub))
        found = self.mesh.comm.allreduce(sum(len(b.dof_indices()[0]) for b in bcs), op=MPI.SUM)
        if found < 3:
            raise RuntimeError("could not locate the three centre-line pin points of the stack mesh")
        return bcs

    @property
    def dofs(self) -> int:
        im = self.W.dofmap.index_map
        return int(im.size_global * self.W.dofmap.index_map_bs)

    def set_temperature(self, T_of_y: Any) -> None:
        """Set the end-of-step temperature from a function of y (m) → T (K)."""
        self.T_old.x.array[:] = self.T.x.array
        self.T.interpolate(lambda x: T_of_y(x[1]))

    def solve(self, dt: float) -> tuple[bool, int, int]:
        """Solve the step; returns (converged, Newton iterations, SNES reason)."""
        self.dt.value[...] = dt
        w_backup = self.w.x.array.copy()
        self.problem.solve()
        snes = self.problem.solver
        reason = int(snes.getConvergedReason())  # type: ignore[call-overload]
        its = int(snes.getIterationNumber())
        if reason <= 0:
            self.w.x.array[:] = w_backup
            return False, its, reason
        self.w.x.scatter_forward()
        self.iterations += its
        return True, its, reason

    def restore_temperature(self) -> None:
        """Undo :meth:`set_temperature` after a failed step."""
        self.T.x.array[:] = self.T_old.x.array

    def commit(self) -> None:
        """Update every layer's internal variables after a converged step."""
        for name, law in self.laws.items():
            law.commit(self.eps, self.layer_cells[name])

    # ---------------------------------------------------------------------------------------
    def update_stress_fields(self) -> None:
        for name, cells in self.layer_cells.items():
            self.sigma_h.interpolate(self._sigma_expr[name], cells0=cells)
            self.vm_h.interpolate(self._vm_expr[name], cells0=cells)
        self.sigma_h.x.scatter_forward()
        self.vm_h.x.scatter_forward()

    def curvature(self) -> Any:
        """Mid-plane curvature fitted away from the free edges (see :class:`CurvatureFit`)."""
        x, w = self.deflection.midplane(self.w.x.array)
        W = self.case.mesh.width
        window = 0.5 * W - max(5 * self.case.total_thickness, 0.1 * W)
        return fit_curvature(x, w, window)

    def interface_tractions(self) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """(x, σ_yy, σ_xy) along each interface (call :meth:`update_stress_fields` first)."""
        return {name: probe.evaluate(self.sigma_h) for name, probe in self.probes.items()}

    def max_von_mises(self) -> dict[str, float]:
        """Largest von Mises stress (Pa) in each layer, over the DG stress nodes."""
        out = {}
        n = self.VM.dofmap.index_map.size_local
        dm = self.VM.dofmap
        for name, cells in self.layer_cells.items():
            dofs = np.unique(dm.list[cells].ravel())
            dofs = dofs[dofs < n]
            local = float(self.vm_h.x.array[dofs].max()) if dofs.size else 0.0
            out[name] = self.mesh.comm.allreduce(local, op=MPI.MAX)
        return out

    def displacement(self) -> Any:
        """The displacement as a stand-alone function (collapsed from the mixed state)."""
        if self.plane == "stress":
            return self.w.sub(0).collapse()
        return self.w
