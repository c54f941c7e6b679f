"""The interface cell: the TPI flowing into the metal's roughness through the press cycle.

A cell [0, L] of the rough, rigid metal surface (not meshed: it enters the weak form as an
obstacle), the TPI layer resting on its highest point and the core PI on top carrying the press
pressure. The sides are symmetry planes when the surface is symmetric about them (a
:class:`~thermobond.meshes.surface.CosineProfile`) or periodic (a multi-point constraint,
:mod:`.periodic`; then the top is held laterally by the platen and the cell may shear). Finite
strain, mixed Q2/P1-discontinuous (u, p) in every layer; the TPI is a Prony fluid on corotational
logarithmic strain increments (:mod:`.corotational`) with a nearly incompressible bulk; the core a
neo-Hookean solid.

Contact is node-based (Gauss–Lobatto points on the facets) with a penalty scaled to the TPI's
current modulus and to the press pressure; the contact set and its edge follow from the contact
pressure (:mod:`.surfacestate`). A node that is in contact at or above the bonding temperature
bonds to the surface point it touches: with an interface card through the card's cohesive law
(strength and toughness scaled by its bond degree, which develops with the card's kinetics), without
one as a tie of unlimited strength. Gas may be trapped in the closed valleys (:mod:`.gas`).

A rib layout (:class:`RibLayout`) replaces the layer by half of a rectangular rib between a flat
surface and the rib's mid-plane (a rigid plane sliding freely): the Lee–Springer asperity and the
constant-volume Stefan squeeze.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import basix.ufl
import numpy as np
import ufl
from dolfinx import default_scalar_type, fem
from dolfinx.fem.petsc import NonlinearProblem
from mpi4py import MPI
from petsc4py import PETSc

from ..case import InterfaceSpec
from ..materials import SolidMaterial, ThermoplasticMaterial
from ..materials.interfacecard import InterfaceCard
from ..meshes import cell_mesh
from ..meshes.cell import rib_mesh
from ..physics.contact import gap
from ..physics.finitestrain import deformation, isochoric_pk2, mixed_residual
from ..physics.uflmath import UFL
from .cellimport import import_cell_mesh
from .cellsurface import CellSurface
from .corotational import CorotationalProny
from .gas import GasValleys, valley_runs, valley_slots
from .periodic import ConstrainedSolver, Ties, block_indices, coordinate_ties
from .petscopts import DIRECT_LU, forget, merged, weak_method

__all__ = ["LEAK_LIMIT", "PREFIX", "P_FLOOR", "InterfaceCell", "RibLayout", "warn_leak"]

log = logging.getLogger(__name__)

# minimum press pressure (Pa): the film's own weight keeps the cell on the surface when unpressed
P_FLOOR = 1e3
PREFIX = "thermobond_interface_"  # PETSc options prefix of the cell's Newton solver
PETSC_ERR_LIB = 76  # PETSc's error code of a failure in an external library (a MUMPS factorisation)
DIVERGED_LINEAR_SOLVE = -3  # the SNES reason recorded for it
# the melt sunk into the surface between the surface nodes, over the surface's peak-to-valley height
# (at least a hundredth of the cell's length), above which a run is warned that the node-based
# contact has leaked (docs/theory/interface.md, Limits)
LEAK_LIMIT = 1e-3


def warn_leak(model: str, t: float, leak: float, before: float, limit: float) -> None:
    """Warn (once: when ``leak`` passes ``limit`` that the largest leak ``before`` had not) that the
    melt has sunk ``leak`` (m, a mean depth) into the surface beyond the contact penalty's own
    compliance, at ``t`` (s)."""
    if leak > limit >= before:
        log.warning(
            "%s: at t = %.4g s the melt has sunk %.3g nm into the surface between the surface nodes (more "
            "than %.3g nm): the node-based contact leaks where a melt in contact is not bonded, and "
            "results from here on are affected (docs: theory/interface, Limits)",
            model,
            t,
            leak * 1e9,
            limit * 1e9,
        )


@dataclass(frozen=True)
class RibLayout:
    """Half a rectangular TPI rib of width b0 and height a0 on a flat surface, pressed by a rigid
    plane through its mid-plane (the symmetric half of a rib squeezed between two no-slip walls).

    Attributes:
        half_width: b0/2 (m). The cell length (the surface profile's) is half the period, (b0 + w0)/2.
        height: a0/2 (m).
        columns, rows: Elements along and through the half rib.
        front: Ratio of the first column's width to the last one's (> 1: finer at the free side).
    """

    half_width: float
    height: float
    columns: int
    rows: int
    front: float = 1.0


class InterfaceCell:
    """The cell's spaces, forms and state (see module docstring).

    Args:
        comm: Communicator.
        spec: The case's interface section.
        T0: Initial (stress-free) temperature (K).
        petsc_options: Options over the defaults.
        card: Interface card whose cohesive law bonded nodes follow (None: ties of unlimited strength).
        shift: The TPI's shift law, for a shift-clock bond kinetics.
        sides: ``symmetric``, ``periodic`` (default: what the profile is) or ``open`` (right side free:
            a strip's free edge).
        rib: A rib layout instead of the layer (the surface should then be flat).
    """

    def __init__(
        self,
        comm: Any,
        spec: InterfaceSpec,
        T0: float,
        petsc_options: dict[str, Any] | None = None,
        *,
        card: InterfaceCard | None = None,
        shift: Any = None,
        sides: str | None = None,
        rib: RibLayout | None = None,
    ) -> None:
        self.spec = spec
        self.rib = rib
        self.profile = spec.surface.profile
        self.mesh_data = self._build_mesh(comm)  # an imported cell brings its own metal surface
        self.length = self.profile.length
        self.sides = sides or self.profile.sides
        if self.sides not in ("symmetric", "periodic", "open"):
            raise ValueError(f"sides must be 'symmetric', 'periodic' or 'open', not {self.sides!r}")
        rough = self.profile.roughness()
        self.rz = max(rough["Rz_m"], 1e-3 * spec.layer.thickness)  # a flat surface still needs a contact scale
        self.length_ratio = rough["length_ratio"]
        self.T0 = T0
        self.card = card
        self._shift = shift
        self.mesh = self.mesh_data.mesh
        self.residual = self._build_residual()
        self.cyclic = self.sides == "periodic"
        # an imported TPI's bottom may follow the roughness: its nodes are ordered by x alone
        flat = spec.surface.cell is None
        self.surface.index(self.mesh_data, self.y0 if flat else None, self.length, self.cyclic, self._bond_rate())
        self.state = self.surface.state
        self.X = self.surface.X
        self.problem = self._build_problem(petsc_options)
        self.iterations = 0

    # ---- set-up -------------------------------------------------------------------------------
    def _build_mesh(self, comm: Any) -> Any:
        """The rows above the surface; the flat TPI rests on the surface's highest mesh node, pressing
        it by a hair so that one contact carries the pre-load from the first solve."""
        spec, prof = self.spec, self.profile
        if spec.surface.cell is not None:
            if self.rib is not None:
                raise ValueError("a rib layout needs a built cell, not one imported from a mesh file")
            cell = import_cell_mesh(comm, spec.surface.cell)
            self.profile, self.y0, self.h_surface, self.h_core = cell.profile, cell.y0, cell.spacing, cell.core
            return cell.mesh_data
        xn = np.linspace(0.0, prof.length, 2 * spec.elements_along + 1)
        h_t = spec.layer.thickness
        self.y0 = float(np.max(prof(xn))) - max(1e-6 * (prof.peak - prof.valley), 1e-9 * h_t)
        if self.rib is not None:
            self.h_core = 0.0
            self.h_surface = self.rib.half_width / self.rib.columns
            r = self.rib
            return rib_mesh(
                comm, r.half_width, r.height, self.y0, nx=r.columns, ny=r.rows, ratio=spec.grading, front=r.front
            )
        self.h_surface = prof.length / spec.elements_along
        self.h_core = spec.core_thickness if spec.core is not None else 0.0
        return cell_mesh(
            comm,
            prof.length,
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
        self.fields = [self.u, self.p]
        gas = spec.gas == "sealed" and spec.gas_pressure > 0
        self.gas = GasValleys(msh, valley_slots(self.profile, self.length), spec.gas_pressure) if gas else None
        if self.gas is not None:
            self.fields.append(self.gas.gauge)
        tests = ufl.TestFunctions(ufl.MixedFunctionSpace(*[f.function_space for f in self.fields]))
        v, q = tests[0], tests[1]
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

        terms = []
        self.tpi_cells = md.cell_tags.find(groups["tpi"].tag)
        mat = spec.layer.material
        Sbar = isochoric_pk2(F)
        Finv = ufl.inv(F)
        if isinstance(mat, ThermoplasticMaterial):
            self.prony: CorotationalProny | None = CorotationalProny(
                msh, qdeg, mat.viscoelastic, self.T_old, self.T, self.dt, "tpi"
            )
            S_t = Finv * self.prony.kirchhoff_deviator(F) * Finv.T
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
        if "pi" in groups:
            if spec.core is not None and self.h_core > 0:
                cm = spec.core.material
                Ec, nuc = cm.elastic.youngs_modulus(self.T, UFL), cm.elastic.poissons_ratio
                S_c = Ec / (2 * (1 + nuc)) * Sbar
                Kc = float(np.max(cm.elastic.youngs_modulus.y)) / (3 * (1 - 2 * nuc))
                terms.append(mixed_residual(F, S_c, self.p, rel_strain(cm), Kc, v, q, dx(groups["pi"].tag)))
            else:
                # a thin stiff cap stands in for the missing core: it only spreads the press pressure
                S_c = 1e3 * self.glassy_shear * Sbar
                terms.append(mixed_residual(F, S_c, self.p, 0.0, 1e4 * self.glassy_shear, v, q, dx(groups["pi"].tag)))
            self.S["pi"] = S_c

        # press pressure on the top (dead load; on a rib's top, the load of the whole period)
        self.pressure = fem.Constant(msh, default_scalar_type(P_FLOOR))
        ds = ufl.Measure("ds", domain=msh, subdomain_data=md.facet_tags)
        load_factor = self.length / self.rib.half_width if self.rib is not None else 1.0
        terms.append(load_factor * self.pressure * v[1] * ds(groups["top"].tag))
        ds_c = ufl.Measure(
            "ds", domain=msh, subdomain_data=md.facet_tags, metadata={"quadrature_rule": "GLL", "quadrature_degree": 3}
        )(groups["surface"].tag)
        self.ds_surface = ds_c
        self.surface = CellSurface(self.V, self.u, self.profile, self.card, self.glassy_shear, self.h_surface)
        self.k = self.surface.k
        self.x = self.surface.x
        terms.append(self.surface.residual(v, ds_c, self.dt))
        # the leak: the area of melt below the surface now (vertical depth times the length it covers
        # now, by a high-order rule) less the penalty's own compliance at the nodes, over the length
        n = ufl.FacetNormal(msh)
        along = ufl.dot(ufl.Identity(2) + ufl.grad(self.u), ufl.as_vector([-n[1], n[0]]))
        below = ufl.max_value(self.profile(self.x[0], UFL) - self.x[1], 0.0) * abs(along[0])
        ds_exact = ufl.Measure("ds", domain=msh, subdomain_data=md.facet_tags, metadata={"quadrature_degree": 8})
        self._leak_form = fem.form(
            below * ds_exact(groups["surface"].tag) - ufl.max_value(-gap(self.x, self.profile), 0.0) * ds_c
        )
        # (a flat surface, as under a rib, measures against a hundredth of the cell's length)
        relief = max(self.profile.peak - self.profile.valley, 1e-2 * self.length)
        self._leak_limit = LEAK_LIMIT * relief
        self.leak_m = 0.0  # the largest leak of the run so far (m)
        if self.gas is not None:
            N = ufl.FacetNormal(msh)
            self.surface_length = msh.comm.allreduce(fem.assemble_scalar(fem.form(1.0 * ds_c)), op=MPI.SUM)
            terms.append(self.gas.residual(F, self.x, self.profile, self.T, tests[2], v, ds_c, self.surface_length, N))
            self.gas.set_volume_form(fem.form(self.gas.volume_form(F, self.x, self.profile, N, ds_c)), self.surface)
        return ufl.extract_blocks(sum(terms[1:], terms[0]))

    def _build_problem(self, petsc_options: dict[str, Any] | None) -> Any:
        """Supports and the Newton solver (a constrained one for periodic sides or a rib's sliding top)."""
        md = self.mesh_data
        groups = md.physical_groups
        tdim = self.mesh.topology.dim
        Vx, _ = self.V.sub(0).collapse()
        sides = md.facet_tags.find(groups["left"].tag)
        if self.sides == "symmetric" and self.rib is None:
            sides = np.concatenate([sides, md.facet_tags.find(groups["right"].tag)])
        if self.sides == "periodic":  # the platen holds the top laterally: no rigid slip of the cell
            sides = md.facet_tags.find(groups["top"].tag)
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
                # MUMPS: room for the delayed pivots of a badly conditioned step (its default 20 % extra
                # workspace ran out on the squeeze of a rib to 60 % of its height)
                "mat_mumps_icntl_14": 100,
                "snes_divergence_tolerance": 1e30,  # contact changes may raise the residual before it falls (−1 means
                # "default" since PETSc 3.22, not "off")
                **DIRECT_LU,
            },
            petsc_options or {},
            PREFIX,
        )
        make_ties = self._ties()
        self.constrained: ConstrainedSolver | None = None
        self.snes: Any
        if make_ties is None:
            problem = NonlinearProblem(
                self.residual, self.fields, bcs=self.bcs, kind="mpi", petsc_options_prefix=PREFIX, petsc_options=opts
            )
            forget(PREFIX, opts)
            self.snes = problem.solver
        else:
            problem = NonlinearProblem(
                self.residual, self.fields, bcs=self.bcs, kind="mpi", petsc_options_prefix=PREFIX + "full_"
            )
            self.constrained = ConstrainedSolver(problem, self.bcs, make_ties(problem), PREFIX, opts)
            self.snes = self.constrained.solver
        self.newton_monitors: list[Callable[[], None]] = []
        self.snes.setMonitor(weak_method(self, "_snes_monitor"))
        return problem

    def _ties(self) -> Callable[[Any], Ties] | None:
        """The multi-point constraints: periodic sides, or a rib's top as one rigid sliding plane."""
        comm = self.mesh.comm
        tol = 1e-6 * self.h_surface
        if self.rib is not None:
            top = self.y0 + self.rib.height

            def rib(problem: Any) -> Ties:
                idx = block_indices(problem.x, [f.function_space for f in self.fields])[0]

                def slave(X: np.ndarray) -> np.ndarray:
                    return np.isclose(X[:, 1], top, atol=tol, rtol=0) & (X[:, 0] > tol)

                def image(X: np.ndarray) -> np.ndarray:
                    return np.column_stack([np.zeros(len(X)), np.full(len(X), top), np.zeros(len(X))])

                return coordinate_ties(comm, self.V, idx, slave, image, [1], tol)

            return rib
        if self.sides != "periodic":
            return None
        L = self.length

        def periodic(problem: Any) -> Ties:
            idx = block_indices(problem.x, [f.function_space for f in self.fields])[0]
            return coordinate_ties(
                comm,
                self.V,
                idx,
                lambda X: np.isclose(X[:, 0], L, atol=tol, rtol=0),
                lambda X: X - np.array([L, 0.0, 0.0]),
                [0, 1],
                tol,
            )

        return periodic

    def _bond_rate(self) -> Callable[[float, float, float, float], float] | None:
        if self.card is None:
            return None
        kin, shift = self.card.kinetics, self._shift

        def rate(t0: float, t1: float, T0: float, T1: float) -> float:
            return kin.integral(np.array([t0, t1]), np.array([T0, T1]), shift, t0)

        return rate

    def _monitor(self) -> None:
        for fn in self.newton_monitors:
            fn()

    def _snes_monitor(self, snes: Any, its: int, norm: float) -> None:
        self._monitor()

    # ---- state --------------------------------------------------------------------------------
    def commit(self, t: float) -> None:
        """Accept the step that ended at ``t``: the TPI's branches, contact, bonds and gas (collective)."""
        step = (t - float(self.dt.value), t, float(self.T_old.value), float(self.T.value))
        if self.prony is not None:
            self.prony.commit(self.F, self.tpi_cells)
        self.dt.value[...] = 0.0
        self.T_old.value[...] = self.T.value
        tb = self.spec.bonding_temperature
        self.surface.commit(t, step, tb is not None and float(self.T.value) >= tb)
        if self.gas is not None:
            runs = valley_runs(~self.state.in_contact, self.cyclic)
            self.gas.update(runs, self.gas.volumes, float(self.T.value))
        self._check_leak(t)

    def _check_leak(self, t: float) -> None:
        """Measure how far the melt has sunk into the surface between the surface nodes, where the
        node-based penalty does not hold it (collective), and warn once when it passes
        :data:`LEAK_LIMIT` of the surface's height: a melt in contact that is free to slide (not
        bonded) is driven into that volume by the press load (docs/theory/interface.md, Limits)."""
        leak = self.mesh.comm.allreduce(fem.assemble_scalar(self._leak_form), op=MPI.SUM) / self.length
        warn_leak("interface", t, leak, self.leak_m, self._leak_limit)
        self.leak_m = max(self.leak_m, leak)

    def surface_positions(self) -> tuple[np.ndarray, np.ndarray]:
        """Current (x, y) of every surface node, in chain order (collective)."""
        return self.surface.positions()

    def fractions(self) -> dict[str, float]:
        """Bonded fraction (projected and true area), contact fraction, void area (per unit depth),
        the fraction of the surface that debonded, the mean bond degree of bonded nodes."""
        st, L = self.state, self.length
        x, y = st.x, st.y
        true_len = float(self.profile.arc_length(np.array([L]))[0])
        order = np.argsort(x)
        gap_y = np.maximum(y[order] - self.profile(x[order]), 0.0)
        ever = st.ever_bonded
        return {
            "bonded_fraction": min(st.bonded_length() / L, 1.0),
            "bonded_fraction_true_area": min(st.bonded_length(self.profile.arc_length) / true_len, 1.0),
            "contact_fraction": min(st.contact_length() / L, 1.0),
            "void_area_m2": float(np.trapezoid(gap_y, x[order])),
            "debonded_fraction": float(np.sum(st.debonded) / max(np.sum(ever), 1)) if ever.any() else 0.0,
            "bond_degree_mean": float(np.mean(st.bond_degree[st.bonded])) if st.bonded.any() else 0.0,
            "gas_pressure_max_Pa": float(np.max(self.gas.pressures())) if self.gas is not None else 0.0,
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
        rtol, _, stol, maxit = self.snes.getTolerances()
        scale = max(p, P_FLOOR, 1e-3 * G)
        self.snes.setTolerances(rtol=rtol, atol=1e-8 * scale * self.length, stol=stol, max_it=maxit)

    def solve(self) -> tuple[bool, int, int]:
        backup = [f.x.array.copy() for f in self.fields]
        try:
            if self.constrained is not None:
                self.constrained.solve()
            else:
                self.problem.solve()
            reason = int(self.snes.getConvergedReason())
        except PETSc.Error as exc:
            if getattr(exc, "ierr", None) != PETSC_ERR_LIB:
                raise
            # the factorisation failed (MUMPS reports it on every rank): a failed step, cut back
            reason = DIVERGED_LINEAR_SOLVE
        its = int(self.snes.getIterationNumber())
        if reason <= 0:
            for f, b in zip(self.fields, backup, strict=True):
                f.x.array[:] = b
                f.x.scatter_forward()
            return False, its, reason
        for f in self.fields:
            f.x.scatter_forward()
        self.iterations += its
        return True, its, reason

    def restore_temperature(self) -> None:
        self.T.value[...] = self.T_old.value

    @property
    def dofs(self) -> int:
        return int(
            sum(
                f.function_space.dofmap.index_map.size_global * f.function_space.dofmap.index_map_bs
                for f in self.fields
            )
        )

    def contact_pressure(self) -> tuple[np.ndarray, np.ndarray]:
        """(x, pressure) at the surface nodes (Pa): the contact pressure, minus the cohesive normal
        traction of a bonded node in tension."""
        st = self.state
        tn, _ = st.tractions(st.x, st.y)
        return st.x, np.where(st.pressure > 0, st.pressure, -tn)
