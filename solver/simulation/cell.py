"""The interface cell: the TPI flowing into the metal's roughness through the press cycle.

A periodic cell [0, L] of the rough, rigid metal surface (a cosine series: periodic by reflection,
so the sides are symmetry planes), the TPI layer resting on its highest point and the core PI on top
carrying the press pressure. Finite strain, mixed Q2/P1-discontinuous (u, p) in every layer; the TPI
is a Prony (Simo-type) viscoelastic solid on reduced time with a nearly incompressible bulk; the PI
a neo-Hookean solid. Contact with the surface is node-based (Gauss–Lobatto points on the facets)
with a consistent penalty scaled to the TPI's current modulus and to the press pressure. A point
that touches the surface at or above the bonding temperature stays bonded to the point it touched
(it carries tension and shear on cooling); below it, contact is unilateral and frictionless.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import basix.ufl
import numpy as np
import ufl
from dolfinx import default_scalar_type, fem
from dolfinx.fem.petsc import NonlinearProblem
from mpi4py import MPI

from ..case import InterfaceSpec
from ..materials import SolidMaterial, ThermoplasticMaterial
from ..meshes import cell_mesh
from ..physics.contact import contact_energy
from ..physics.finitestrain import deformation, isochoric_pk2, mixed_residual
from ..physics.uflmath import UFL
from .petscopts import DIRECT_LU, forget, merged
from .pronystate import PronyState

__all__ = ["CONTACT_TOLERANCE", "PREFIX", "P_FLOOR", "InterfaceCell"]

log = logging.getLogger(__name__)

# minimum press pressure (Pa): the film's own weight keeps the cell on the surface when unpressed
P_FLOOR = 1e3
# contact is "made" within this fraction of the surface's peak-to-valley height
CONTACT_TOLERANCE = 2e-3
PREFIX = "thermobond_interface_"  # PETSc options prefix of the cell's Newton solver


def _vec4(t: Any) -> Any:
    return ufl.as_vector([t[0, 0], t[1, 1], t[2, 2], t[0, 1]])


def _ten4(v: Any) -> Any:
    return ufl.as_tensor([[v[0], v[3], 0.0], [v[3], v[1], 0.0], [0.0, 0.0, v[2]]])


class InterfaceCell:
    """The cell's spaces, forms and state (see module docstring).

    Args:
        comm: Communicator.
        spec: The case's interface section.
        T0: Initial (stress-free) temperature (K).
        petsc_options: Options over the defaults.
        open_right: Leave the right side free (a strip's free edge, for the squeeze-flow check)
            instead of a symmetry plane.
    """

    def __init__(
        self,
        comm: Any,
        spec: InterfaceSpec,
        T0: float,
        petsc_options: dict[str, Any] | None = None,
        *,
        open_right: bool = False,
    ) -> None:
        self.spec = spec
        self.profile = spec.surface.profile
        self.length = self.profile.length
        rough = self.profile.roughness()
        self.rz = max(rough["Rz_m"], 1e-3 * spec.layer.thickness)  # a flat surface still needs a contact scale
        self.length_ratio = rough["length_ratio"]
        self.T0 = T0
        self.mesh_data = self._build_mesh(comm)
        self.mesh = self.mesh_data.mesh
        self.residual = self._build_residual()
        self.problem = self._build_problem(open_right, petsc_options)
        self._index_surface()
        self.iterations = 0

    def _build_mesh(self, comm: Any) -> Any:
        """The TPI and core rows above the surface; the flat TPI rests on the surface's highest mesh
        node, pressing it by a hair so that one contact carries the pre-load from the first solve."""
        spec, prof = self.spec, self.profile
        xn = np.linspace(0.0, self.length, 2 * spec.elements_along + 1)
        h_t = spec.layer.thickness
        self.y0 = float(np.max(prof(xn))) - max(1e-6 * (prof.peak - prof.valley), 1e-9 * h_t)
        self.h_core = spec.core_thickness if spec.core is not None else 0.0
        return cell_mesh(
            comm,
            self.length,
            self.y0,
            h_t,
            self.h_core if self.h_core > 0 else 0.25 * h_t,
            nx=spec.elements_along,
            n_tpi=spec.tpi_elements,
            n_pi=spec.core_elements if self.h_core > 0 else 1,
            ratio=spec.grading,
        )

    def _build_residual(self) -> Any:
        """The mixed finite-strain residual of the layers, the press load, contact and bonds, gas."""
        spec, msh, md = self.spec, self.mesh, self.mesh_data
        groups = md.physical_groups
        cell = msh.basix_cell()
        self.V = fem.functionspace(msh, basix.ufl.element("Lagrange", cell, 2, shape=(2,)))
        self.Q = fem.functionspace(msh, basix.ufl.element("DPC", cell, 1, discontinuous=True))
        self.u = fem.Function(self.V, name="displacement_m")
        self.p = fem.Function(self.Q, name="pressure_Pa")
        v, q = ufl.TestFunctions(ufl.MixedFunctionSpace(self.V, self.Q))
        T0 = self.T0
        self.T = fem.Constant(msh, default_scalar_type(T0))
        self.T_old = fem.Constant(msh, default_scalar_type(T0))
        self.dt = fem.Constant(msh, default_scalar_type(0.0))
        qdeg = 4
        md_q = {"quadrature_degree": qdeg, "quadrature_rule": "default"}
        dx = ufl.Measure("dx", domain=msh, subdomain_data=md.cell_tags, metadata=md_q)
        self.dx = dx
        F = deformation(self.u)
        self.F = F
        metal_cte = spec.metal.material.expansion.in_plane if spec.metal is not None else None

        def rel_strain(mat: SolidMaterial) -> Any:
            e = mat.expansion.in_plane.strain(self.T, T0, UFL)
            return e - metal_cte.strain(self.T, T0, UFL) if metal_cte is not None else e

        # soft layer: Prony TPI, or (for verification) an elastic polymer as a neo-Hookean solid
        terms = []
        self.tpi_cells = md.cell_tags.find(groups["tpi"].tag)
        self.core_cells = md.cell_tags.find(groups["pi"].tag)
        mat = spec.layer.material
        Sbar = isochoric_pk2(F)
        self._measure = _vec4(Sbar)
        if isinstance(mat, ThermoplasticMaterial):
            self.prony: PronyState | None = PronyState(msh, qdeg, mat.viscoelastic, self.T_old, self.T, self.dt, "tpi")
            S_t = _ten4(self.prony.deviatoric(self._measure))
            K_t = mat.viscoelastic.bulk_modulus
            self.glassy_shear = mat.viscoelastic.shear.instantaneous
        else:
            self.prony = None
            E = mat.elastic.youngs_modulus(self.T, UFL)
            nu = mat.elastic.poissons_ratio
            S_t = E / (2 * (1 + nu)) * Sbar
            K_t = float(mat.elastic.youngs_modulus.y[0]) / (3 * (1 - 2 * nu))
            self.glassy_shear = float(max(mat.elastic.youngs_modulus.y)) / (2 * (1 + nu))
        self.bulk_modulus = K_t
        terms.append(mixed_residual(F, S_t, self.p, rel_strain(mat), K_t, v, q, dx(groups["tpi"].tag)))
        self.S = {"tpi": S_t}
        if spec.core is not None and self.h_core > 0:
            cm = spec.core.material
            Ec, nuc = cm.elastic.youngs_modulus(self.T, UFL), cm.elastic.poissons_ratio
            S_c = Ec / (2 * (1 + nuc)) * Sbar
            Kc = float(np.max(cm.elastic.youngs_modulus.y)) / (3 * (1 - 2 * nuc))
            terms.append(mixed_residual(F, S_c, self.p, rel_strain(cm), Kc, v, q, dx(groups["pi"].tag)))
            self.S["pi"] = S_c
        else:
            # a thin stiff cap stands in for the missing core: it only spreads the press pressure
            Gc = 1e3 * self.glassy_shear
            terms.append(mixed_residual(F, Gc * Sbar, self.p, 0.0, 10 * Gc, v, q, dx(groups["pi"].tag)))
            self.S["pi"] = Gc * Sbar

        # press pressure on the top (dead load), contact and bonds on the surface
        self.pressure = fem.Constant(msh, default_scalar_type(P_FLOOR))
        ds = ufl.Measure("ds", domain=msh, subdomain_data=md.facet_tags)
        terms.append(self.pressure * v[1] * ds(groups["top"].tag))
        ds_c = ufl.Measure(
            "ds", domain=msh, subdomain_data=md.facet_tags, metadata={"quadrature_rule": "GLL", "quadrature_degree": 3}
        )(groups["surface"].tag)
        self.ds_surface = ds_c
        self.S2 = fem.functionspace(msh, ("Lagrange", 2))
        self.bonded = fem.Function(self.S2, name="bonded")
        self.anchor = fem.Function(self.V, name="anchor")
        self.k = fem.Constant(msh, default_scalar_type(1.0))
        x = ufl.SpatialCoordinate(msh) + self.u
        self.x = x
        energy = contact_energy(x, self.profile, self.k, self.bonded, self.anchor) * ds_c
        terms.append(ufl.derivative(energy, self.u, v))
        # gas in the valleys: a pressure on the free (unbonded) surface
        self.gas_pressure = fem.Constant(msh, default_scalar_type(spec.gas_pressure if spec.gas != "none" else 0.0))
        if spec.gas != "none":
            N = ufl.FacetNormal(msh)
            cof = ufl.det(F[:2, :2]) * ufl.inv(F[:2, :2]).T
            terms.append((1.0 - self.bonded) * self.gas_pressure * ufl.inner(cof * N, v) * ds_c)
        return ufl.extract_blocks(sum(terms[1:], terms[0]))

    def _build_problem(self, open_right: bool, petsc_options: dict[str, Any] | None) -> Any:
        """Supports (the sides are symmetry planes: periodic by reflection) and the Newton solver."""
        md = self.mesh_data
        groups = md.physical_groups
        tdim = self.mesh.topology.dim
        sides = md.facet_tags.find(groups["left"].tag)
        if not open_right:
            sides = np.concatenate([sides, md.facet_tags.find(groups["right"].tag)])
        Vx, _ = self.V.sub(0).collapse()
        dofs = fem.locate_dofs_topological((self.V.sub(0), Vx), tdim - 1, sides)
        self.bcs = [fem.dirichletbc(0.0, dofs[0], self.V.sub(0))]
        self.force_scale = max(self.bulk_modulus, 1.0) * self.length * 1e-6
        opts = merged(
            {
                "snes_type": "newtonls",
                "snes_linesearch_type": "basic",  # full Newton steps (a backtracking search stalls at the modulus drop)
                "snes_rtol": 1e-8,
                "snes_atol": 1e-10 * self.force_scale,
                "snes_stol": 1e-12,
                "snes_max_it": 15,  # converged steps take 2–6 iterations: fail fast and cut back instead
                "snes_divergence_tolerance": 1e30,  # contact changes may raise the residual before it falls (−1 means
                # "default" since PETSc 3.22, not "off")
                **DIRECT_LU,
            },
            petsc_options or {},
            PREFIX,
        )
        self.h_surface = self.length / self.spec.elements_along
        problem = NonlinearProblem(
            self.residual,
            [self.u, self.p],
            bcs=self.bcs,
            kind="mpi",
            petsc_options_prefix=PREFIX,
            petsc_options=opts,
        )
        forget(PREFIX, opts)
        self.newton_monitors: list[Callable[[], None]] = []
        problem.solver.setMonitor(lambda snes, its, norm: self._monitor())
        return problem

    def _index_surface(self) -> None:
        """The surface nodes: all ranks hold the whole (small) list, ordered along x, and its state."""
        md, S2 = self.mesh_data, self.S2
        tdim = self.mesh.topology.dim
        sdofs = fem.locate_dofs_topological(S2, tdim - 1, md.facet_tags.find(md.physical_groups["surface"].tag))
        nloc = S2.dofmap.index_map.size_local
        coords = S2.tabulate_dof_coordinates()
        self._sdofs = sdofs  # local (owned and ghost) surface DOFs
        self._sX = coords[sdofs, 0]
        own = sdofs[sdofs < nloc]
        allX = np.concatenate(self.mesh.comm.allgather(coords[own, 0]))
        self.X = np.sort(allX)
        self._index = np.searchsorted(self.X, self._sX)  # position of each local surface DOF in the list
        n = self.X.size
        self.is_bonded = np.zeros(n, bool)
        self.first_contact = np.full(n, np.nan)
        self.bond_time = np.full(n, np.nan)
        self.anchor_x = np.zeros(n)
        self.anchor_y = np.zeros(n)
        self.touching = np.zeros(n, bool)
        self._void0: float | None = None

    def _monitor(self) -> None:
        for fn in self.newton_monitors:
            fn()

    # ---- state --------------------------------------------------------------------------------
    def surface_positions(self) -> tuple[np.ndarray, np.ndarray]:
        """Current (x, y) of every surface node, ordered along the reference x (all ranks)."""
        u = self.u.x.array.reshape(-1, 2)[self._sdofs]
        nloc = self.V.dofmap.index_map.size_local
        own = self._sdofs < nloc
        idx = np.concatenate(self.mesh.comm.allgather(self._index[own]))
        uu = np.concatenate(self.mesh.comm.allgather(u[own]))
        out = np.zeros((self.X.size, 2))
        out[idx] = uu
        return self.X + out[:, 0], self.y0 + out[:, 1]

    def update_contact(self, t: float) -> None:
        """After a converged step: record first contacts and new bonds (identical on all ranks)."""
        x, y = self.surface_positions()
        g = y - self.profile(x)
        touching = g <= CONTACT_TOLERANCE * self.rz
        new = touching & np.isnan(self.first_contact)
        self.first_contact[new] = t
        tb = self.spec.bonding_temperature
        if tb is not None and float(self.T.value) >= tb:
            bond = touching & ~self.is_bonded
            self.is_bonded |= bond
            self.bond_time[bond] = t
            self.anchor_x[bond] = x[bond]
            self.anchor_y[bond] = self.profile(x[bond])
        self.bonded.x.array[self._sdofs] = self.is_bonded[self._index].astype(float)
        a = self.anchor.x.array.reshape(-1, 2)  # the surface point each bonded node is tied to
        a[self._sdofs, 0] = self.anchor_x[self._index]
        a[self._sdofs, 1] = self.anchor_y[self._index]
        self.touching = touching
        if self.spec.gas == "sealed":
            # ideal gas trapped in the valleys (lagged one step): p V = p0 V0 T/T0
            void = self.fractions(t)["void_area_m2"]
            if self._void0 is None:
                self._void0 = void
            self.gas_pressure.value[...] = (
                self.spec.gas_pressure * self._void0 / max(void, 1e-3 * self._void0) * float(self.T.value) / self.T0
            )

    def fractions(self, t: float) -> dict[str, float]:
        """Bonded fraction (projected and true area), contact fraction and void area (per unit depth)."""
        x, y = self.surface_positions()
        L = self.length
        both = self.is_bonded[:-1] & self.is_bonded[1:]
        xa = self.anchor_x
        proj = float(np.sum(np.abs(np.diff(xa))[both])) / L
        xs = np.linspace(0, L, 4001)
        arc = np.sqrt(1 + self.profile.slope(xs) ** 2)
        cum = np.concatenate([[0.0], np.cumsum(0.5 * (arc[1:] + arc[:-1]) * np.diff(xs))])
        s = np.interp(xa, xs, cum)
        true = float(np.sum(np.abs(np.diff(s))[both])) / cum[-1]
        tch = self.touching[:-1] & self.touching[1:]
        contact = float(np.sum(np.abs(np.diff(x))[tch])) / L
        order = np.argsort(x)
        gap_y = np.maximum(y[order] - self.profile(x[order]), 0.0)
        void = float(np.trapezoid(gap_y, x[order]))
        return {
            "bonded_fraction": min(proj, 1.0),
            "bonded_fraction_true_area": min(true, 1.0),
            "contact_fraction": min(contact, 1.0),
            "void_area_m2": void,
        }

    # ---- solving ------------------------------------------------------------------------------
    def set_state(self, T_new: float, p: float, dt: float) -> None:
        self.T_old.value[...] = self.T.value
        self.T.value[...] = T_new
        self.dt.value[...] = dt
        self.pressure.value[...] = max(p, P_FLOOR)
        if self.prony is not None:
            self.prony.prepare(self.tpi_cells)
            G = self.mesh.comm.allreduce(self.prony.effective_modulus(self.tpi_cells), op=MPI.MAX)
        else:
            G = self.glassy_shear
        # penalty: stiff against the TPI's current shear response and against the press pressure
        self.k.value[...] = max(100.0 * G, 1e3 * max(p, P_FLOOR)) / self.h_surface
        # converged when the residual is 1e-8 of the forces in the cell (N per unit depth): the press
        # force, or the stresses the TPI carries (its current modulus at 0.1 % strain) once it is glassy
        # and cooling with the press open -- the round-off floor then follows those stresses
        snes = self.problem.solver
        rtol, _, stol, maxit = snes.getTolerances()
        scale = max(p, P_FLOOR, 1e-3 * G)
        snes.setTolerances(rtol=rtol, atol=1e-8 * scale * self.length, stol=stol, max_it=maxit)

    def solve(self) -> tuple[bool, int, int]:
        backup = (self.u.x.array.copy(), self.p.x.array.copy())
        self.problem.solve()
        snes = self.problem.solver
        reason = int(snes.getConvergedReason())
        its = int(snes.getIterationNumber())
        if reason <= 0:
            self.u.x.array[:], self.p.x.array[:] = backup
            self.u.x.scatter_forward()
            return False, its, reason
        self.u.x.scatter_forward()
        self.p.x.scatter_forward()
        self.iterations += its
        return True, its, reason

    def restore_temperature(self) -> None:
        self.T.value[...] = self.T_old.value

    def commit(self) -> None:
        if self.prony is not None:
            self.prony.commit(self._measure, self.tpi_cells)
        self.dt.value[...] = 0.0
        self.T_old.value[...] = self.T.value

    @property
    def dofs(self) -> int:
        return int(
            sum(
                f.function_space.dofmap.index_map.size_global * f.function_space.dofmap.index_map_bs
                for f in (self.u, self.p)
            )
        )

    def contact_pressure(self) -> tuple[np.ndarray, np.ndarray]:
        """(x, contact pressure) at the surface nodes from the penalty (Pa; bonded: normal tie force)."""
        x, y = self.surface_positions()
        k = float(self.k.value)
        g = (y - self.profile(x)) / np.sqrt(1 + self.profile.slope(x) ** 2)
        pc = np.where(self.is_bonded, -k * (y - self.anchor_y), k * np.maximum(-g, 0.0))
        return x, pc
