"""A 3-D interface patch of the TPI: the finite-strain Prony fluid pressed into an areal surface.

The layer [0, λx] × [0, λy] × [0, H] of a thermoplastic on a rigid, doubly periodic surface
z = h(x, y) − max h, truly periodic in x and y (the multi-point constraint of
:mod:`thermobond.simulation.periodic`), its top pressed by a uniform pressure p̄(t) (a dead load, as
in the interface cell) at a temperature T(t). This is the interface cell
(:mod:`thermobond.simulation.cell`) in three dimensions:

* the TPI's law is the cell's, in 3-D (:mod:`thermobond.simulation.corotational3d`): Prony branches
  on objective strain increments, relaxing on the reduced time of the card's shift law;
* the mixed form of every layer of the cell, Q2 displacement and discontinuous linear pressure
  (``DPC1``), so that the nearly incompressible melt (K/G up to 10⁷) does not lock:
  ∫ (S̄ + J p C⁻¹) : ½δC dX + ∫ (J − 1 − p/K) δp dX, with S̄ = F⁻¹ τ' F⁻ᵀ;
* frictionless node-based penalty contact on the bottom (Gauss–Lobatto points = the Q2 nodes): the
  normal penetration at the current position x = X + u, (h(x, y) − max h − u_z)/√(1 + |∇h|²), as in
  the cell, for a surface that gives its height in UFL (``ufl_height``); otherwise linearised about
  the reference point, d = h(X) − max h + ∇h·(u_x, u_y) − u_z, as in the elastic patch
  (:mod:`thermobond.simulation.patch`). The melt slides along the surface by a good part of a
  wavelength, so the linearisation errs by about ½ h″ u_x² there. The penalty follows the TPI's
  current modulus and the press pressure as in the cell, k = max(100 G, 1000 p̄)/(element size);
* the contact area located between the nodes (:mod:`thermobond.simulation.patcharea`) and measured
  where the nodes are now (the melt slides along the surface as it fills the valleys: on the
  reference grid the area of *material* in contact would be measured instead, which in the
  benchmark below ran up to 18 % ahead of the surface covered).

Thermal strain relative to the rigid metal is split off each layer's volume as in the cell (given
the metal's CTE). A bottom node in contact at or above the bonding temperature bonds to the point of
the surface it touches, as in the cell without an interface card: from then on it is tied to that
point (the contact penalty acting in all three directions, so it neither slides nor lifts off), and
the bonded area is located between the nodes as the contact area is. Gas may be trapped in the
pockets the contact seals (:mod:`thermobond.simulation.patchgas`: a pocket is a region of open gap
that does not wrap around the periodic patch; it seals as the contact around it closes). The case's
``[patch]`` table and :mod:`thermobond.simulation.patchmodel` run it through a press cycle. The linear
systems are solved by MUMPS (``linear_solver="direct"``, the default) or by flexible GMRES with a
Schur-complement field split, multigrid on the displacements and PETSc's ``selfp`` approximation of
the Schur complement (``"iterative"``, :mod:`thermobond.simulation.mixedsolver`): the
mixed, nearly incompressible problem is where the elastic patch's CG + GAMG alone does not apply.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import basix.ufl
import numpy as np
import ufl
from dolfinx import default_scalar_type, fem, la, mesh
from dolfinx.fem.petsc import NonlinearProblem
from mpi4py import MPI
from petsc4py import PETSc

from ..materials import SolidMaterial, ThermoplasticMaterial
from ..materials.expansion import SteppedCTE
from ..physics.finitestrain import isochoric_pk2, volumetric_pk2
from ..physics.objective import deformation3
from ..physics.uflmath import UFL
from .cell import DIVERGED_LINEAR_SOLVE, PETSC_ERR_LIB, warn_leak
from .corotational3d import CorotationalProny3
from .mixedsolver import ITERATIVE_MIXED, SchurFieldSplit
from .patch import PatchMesh, box_mesh, corner_pins, face_measures, periodic_ties
from .patcharea import scattered_contact_area
from .patchgas import PatchGas, SurfaceGrid, pocket_slots
from .patchsurface import ArealSurface, slopes
from .periodic import ConstrainedSolver, block_indices
from .petscopts import DIRECT_LU, forget, weak_method

__all__ = ["TPIPatch", "TPIPatchStep"]

log = logging.getLogger(__name__)

PREFIX = "thermobond_tpi_patch_"
LINEAR_SOLVERS = ("direct", "iterative")
DEFAULT_MESH = PatchMesh(elements_xy=8, elements_z=4)
# the melt sunk into the surface beyond the penalty's compliance, over the surface's relief, above which
# a run is warned that the node-based contact has leaked (docs/patch.md, Limits): three times the
# cell's, since where the contact's edge crosses a Q2 face the melt dips between the nodes by about
# 1e-3 of the relief without any leak (0.76 nm filling a 1 µm pit, 1.11 nm in the bundled case)
LEAK_LIMIT = 3e-3


@dataclass(frozen=True)
class TPIPatchStep:
    """The patch at the end of a converged step.

    Attributes:
        time_s, temperature_K, pressure_Pa: Where the step ended.
        contact_fraction: The area in contact over the cell's area, its edge located between the nodes
            (bonded nodes count as in contact, whether their bond presses or pulls).
        contact_fraction_nodes: The area shares of the nodes in contact over the cell's area.
        contact_force_N: The contact pressure and the bonds' normal forces (tension negative)
            integrated over the bottom (= p̄ λx λy at equilibrium).
        bonded_fraction: The bonded area over the cell's area, its edge located between the nodes.
        mean_gap_m: The volume between the bottom and the surface over the cell's area: the vertical
            gaps at the nodes' current positions, over the part of the surface they cover now.
        newton_iterations: Newton iterations of the step.
        linear_iterations: Iterations of the linear solver summed over them (the direct solver
            counts one per Newton iteration).
        gas_pressure_max_Pa: The largest absolute pressure of the gas in the sealed pockets in the step
            (the press atmosphere's where none is sealed; 0 without gas).
        sealed_pockets: How many pockets hold trapped gas at the end of the step.
    """

    time_s: float
    temperature_K: float
    pressure_Pa: float
    contact_fraction: float
    contact_fraction_nodes: float
    contact_force_N: float
    mean_gap_m: float
    newton_iterations: int
    bonded_fraction: float = 0.0
    linear_iterations: int = 0
    gas_pressure_max_Pa: float = 0.0
    sealed_pockets: int = 0


class TPIPatch:
    """The TPI patch (collective: build and step on every rank).

    Args:
        comm: Communicator.
        surface: The rigid surface (its periods are the patch's).
        thickness_m: H (m).
        material: The TPI's card (its Prony series, shift law and bulk modulus are used).
        temperature_K: The temperature at the start (the state is stress-free there).
        mesh_spec: The mesh of the TPI (Q2 elements: half as many per period as the elastic patch
            needs for the same node spacing).
        core: The core film on the TPI (a neo-Hookean solid with the card's modulus at the current
            temperature, as in the cell); None: the press pressure acts on the TPI's top.
        core_thickness_m, core_elements: Its thickness and elements through it (uniform).
        metal_expansion: The in-plane CTE of the surface's metal. As in the cell, the rigid metal is
            the frame: each layer's free thermal stretch relative to it, 1 + e with
            e = ε_th,layer − ε_th,metal from the starting temperature (each card's in-plane CTE),
            is split off its volume, J_m = J/(1 + e)³. None: no thermal strain (the cards' CTEs
            are not used).
        bonding_temperature_K: A bottom node in contact at or above it at the end of a step bonds
            (a tie of unlimited strength to the surface point it touches); None: nothing bonds.
        linear_solver: ``"direct"`` (MUMPS) or ``"iterative"`` (:mod:`~thermobond.simulation.mixedsolver`).
        gas_pressure_Pa: Absolute pressure of the press atmosphere (Pa) that the pockets trap as they
            seal (an ideal gas, :mod:`~thermobond.simulation.patchgas`; direct solver only); 0: no gas
            (a vacuum press, or gas vented to the edge).

    Raises:
        ValueError: A value out of range.
    """

    def __init__(
        self,
        comm: Any,
        surface: ArealSurface,
        thickness_m: float,
        material: ThermoplasticMaterial,
        temperature_K: float,
        mesh_spec: PatchMesh = DEFAULT_MESH,
        core: SolidMaterial | None = None,
        core_thickness_m: float = 0.0,
        core_elements: int = 2,
        metal_expansion: SteppedCTE | None = None,
        bonding_temperature_K: float | None = None,
        linear_solver: str = "direct",
        gas_pressure_Pa: float = 0.0,
    ) -> None:
        if linear_solver not in LINEAR_SOLVERS:
            raise ValueError(f"linear_solver must be one of {', '.join(LINEAR_SOLVERS)}, got {linear_solver!r}")
        if not 0.0 <= gas_pressure_Pa < np.inf:
            raise ValueError(f"gas pressure must be ≥ 0 Pa, got {gas_pressure_Pa}")
        if gas_pressure_Pa > 0 and linear_solver != "direct":
            raise ValueError("trapped gas in the patch needs the direct linear solver (each pocket is a dense row)")
        Lx, Ly, H = float(surface.period_x_m), float(surface.period_y_m), float(thickness_m)
        if not (Lx > 0 and Ly > 0 and H > 0):
            raise ValueError(f"periods and thickness must be > 0 m, got {Lx}, {Ly}, {H}")
        if not temperature_K > 0:
            raise ValueError(f"temperature must be > 0 K, got {temperature_K}")
        self.comm, self.surface, self.area_m2 = comm, surface, Lx * Ly
        if core is not None and not (core_thickness_m > 0 and core_elements >= 1):
            raise ValueError(f"a core needs a thickness > 0 m and ≥ 1 element, got {core_thickness_m}, {core_elements}")
        Hc = core_thickness_m if core is not None else 0.0
        self.mesh = msh = box_mesh(comm, Lx, Ly, H, mesh_spec, Hc, core_elements if core else 0)
        top_z = H + Hc
        n = mesh_spec.elements_xy
        self.h_elem = min(Lx, Ly) / n * (1 - mesh_spec.clustering_xy)
        cell = msh.basix_cell()
        self.V = V = fem.functionspace(msh, basix.ufl.element("Lagrange", cell, 2, shape=(3,)))
        self.Q = Q = fem.functionspace(msh, basix.ufl.element("DPC", cell, 1, discontinuous=True))
        # the pressure unknown is p/c (a length) with c = K/h: the volume rows of the Newton system,
        # multiplied by c, are then forces like the displacement rows, so that a residual norm — of
        # Newton and of an iterative linear solver — weighs a volume error by the pressure it costs (K
        # times it, over a node's area); unscaled, they are volumes of 1e-18 m³ that no norm sees
        self.u, self.p = fem.Function(V, name="displacement_m"), fem.Function(Q, name="pressure_over_c_m")
        c = float(material.viscoelastic.bulk_modulus) / self.h_elem
        pressure = c * self.p
        S = fem.functionspace(msh, ("Lagrange", 2))
        XS = S.tabulate_dof_coordinates()
        if not np.array_equal(XS, V.tabulate_dof_coordinates()):
            raise RuntimeError("the scalar and vector Q2 spaces of the patch number their nodes differently")
        hs = np.asarray(surface.height(XS[:, 0], XS[:, 1]), dtype=float)
        on_bottom = np.isclose(XS[:, 2], 0.0)
        # gas trapped in the pockets the contact seals (:mod:`.patchgas`): a slot per pocket
        self.gas: PatchGas | None = None
        if gas_pressure_Pa > 0:
            grid = SurfaceGrid(comm, XS, on_bottom, Lx, Ly)
            slots = pocket_slots(grid.values(hs, S.dofmap.index_map.size_local))
            self.gas = PatchGas(msh, grid, slots, gas_pressure_Pa)
        spaces = [V, Q] if self.gas is None else [V, Q, self.gas.R]
        tests = ufl.TestFunctions(ufl.MixedFunctionSpace(*spaces))
        v, q = tests[0], tests[1]
        # the volume rows' rounding: one unit of rounding in det F at every point moves row i by
        # ε c ∫ q_i dX; Newton's absolute tolerance is kept above its norm, which 1e-8 of the
        # load falls below where the melt is stiff in bulk (K/G = 1e7) and the press pressure small
        rows = fem.assemble_vector(fem.form(c * ufl.TestFunction(Q) * ufl.dx(domain=msh)))
        rows.scatter_reverse(la.InsertMode.add)
        self.rounding_N = np.finfo(float).eps * la.norm(rows)

        ds_node, ds = face_measures(msh, top_z, 3)  # Gauss–Lobatto points of degree 3: the Q2 nodes

        # the surface at the nodes, shifted so that its highest node presses the bottom by a hair
        # (one contact carries the first load, as in the cell)
        top_h = comm.allreduce(float(hs[on_bottom].max()) if on_bottom.any() else -np.inf, op=MPI.MAX)
        low_h = comm.allreduce(float(hs[on_bottom].min()) if on_bottom.any() else np.inf, op=MPI.MIN)
        hair = 1e-6 * max(top_h - low_h, 1e-9 * H)
        gx, gy = slopes(surface, XS[:, 0], XS[:, 1])
        self.s = fem.Function(S, name="surface")
        self.s.x.array[:] = hs - top_h + hair
        self.grad_h = fem.Function(fem.functionspace(msh, ("Lagrange", 2, (2,))), name="slope")
        self.grad_h.x.array[0::2], self.grad_h.x.array[1::2] = gx, gy
        self.s_nodes, self.gx, self.gy = self.s.x.array.copy(), gx, gy
        w = fem.assemble_vector(fem.form(ufl.TestFunction(S) * ds_node(1)))
        w.scatter_reverse(la.InsertMode.add)
        self.n_owned = S.dofmap.index_map.size_local
        self.node_area = w.array[: self.n_owned].copy()
        self.X_nodes = XS[: self.n_owned]
        # per owned node: when it bonded (s; NaN: not bonded), its contact pressure and penetration then
        self.bond_time = np.full(self.n_owned, np.nan)
        self.bond_pressure = np.zeros(self.n_owned)
        self.bond_penetration = np.zeros(self.n_owned)
        tdim = 3
        n_cells = msh.topology.index_map(tdim).size_local + msh.topology.index_map(tdim).num_ghosts
        centre_z = mesh.compute_midpoints(msh, tdim, np.arange(n_cells, dtype=np.int32))[:, 2]
        region = np.where(centre_z < H, 1, 2).astype(np.int32)
        cell_tags = mesh.meshtags(msh, tdim, np.arange(n_cells, dtype=np.int32), region)

        visco = material.viscoelastic
        self.T = fem.Constant(msh, default_scalar_type(temperature_K))
        self.T_old = fem.Constant(msh, default_scalar_type(temperature_K))
        self.dt = fem.Constant(msh, default_scalar_type(0.0))
        qdeg = 4
        dx = ufl.Measure("dx", domain=msh, subdomain_data=cell_tags, metadata={"quadrature_degree": qdeg})
        self.prony = CorotationalProny3(msh, qdeg, visco, self.T_old, self.T, self.dt, "tpi")
        self.cells = cell_tags.find(1)
        self.cells = self.cells[self.cells < msh.topology.index_map(tdim).size_local]
        F = deformation3(self.u)
        self.F = F
        Finv = ufl.inv(F)
        dE = ufl.sym(F.T * ufl.grad(v))

        T0 = float(temperature_K)

        def free_stretch(layer: Any) -> Any:
            if metal_expansion is None:
                return 1.0
            e = layer.expansion.in_plane.strain(self.T, T0, UFL) - metal_expansion.strain(self.T, T0, UFL)
            return (1.0 + e) ** 3

        def solid(S_iso: Any, K: float, where: int, layer: Any) -> Any:
            return ufl.inner(S_iso + volumetric_pk2(F, pressure), dE) * dx(where) + c * (
                ufl.det(F) / free_stretch(layer) - 1.0 - pressure / K
            ) * q * dx(where)

        tpi_stress = Finv * self.prony.kirchhoff_deviator(F) * Finv.T
        residual = solid(tpi_stress, float(visco.bulk_modulus), 1, material)
        if core is not None:
            Ec, nuc = core.elastic.youngs_modulus(self.T, UFL), core.elastic.poissons_ratio
            Kc = float(np.max(core.elastic.youngs_modulus.y)) / (3 * (1 - 2 * nuc))
            Gc = Ec / (2 * (1 + nuc))
            residual += solid(Gc * isochoric_pk2(F), Kc, 2, core)
        self.pressure = fem.Constant(msh, default_scalar_type(0.0))
        self.k = fem.Constant(msh, default_scalar_type(1.0))
        # bonds: 1 at a bonded bottom node, tied to its anchor (the surface point below it when it bonded)
        self.bonded = fem.Function(S, name="bonded")
        self.anchor = fem.Function(V, name="anchor_m")
        self.bonding_temperature = bonding_temperature_K
        free, tied = 1.0 - self.bonded, self.bonded
        tie = 0.5 * self.k * tied * ufl.inner(self.u - self.anchor, self.u - self.anchor) * ds_node(1)
        self.exact_gap = hasattr(surface, "ufl_height")
        if self.exact_gap:
            # the normal penetration at the current position x = X + u, as in the cell
            xc = ufl.SpatialCoordinate(msh) + self.u
            x0, y0 = ufl.variable(xc[0]), ufl.variable(xc[1])
            h = surface.ufl_height(x0, y0)  # type: ignore[attr-defined]
            norm = ufl.sqrt(1.0 + ufl.diff(h, x0) ** 2 + ufl.diff(h, y0) ** 2)
            d = (h - top_h + hair - self.u[2]) / norm
            energy = 0.5 * self.k * free * ufl.max_value(d, 0.0) ** 2 * ds_node(1) + tie
            residual += self.pressure * v[2] * ds(2) + ufl.derivative(energy, self.u, v)
        else:
            d = self.s + self.grad_h[0] * self.u[0] + self.grad_h[1] * self.u[1] - self.u[2]
            dv = self.grad_h[0] * v[0] + self.grad_h[1] * v[1] - v[2]
            contact = self.k * free * ufl.conditional(ufl.gt(d, 0.0), d, 0.0) * dv * ds_node(1)
            residual += self.pressure * v[2] * ds(2) + contact + ufl.derivative(tie, self.u, v)
        self._top_h, self._hair = top_h, hair
        # the volume between the bottom and the surface: vertical gaps over the area they cover now
        g = ufl.grad(self.u)
        covered = (1.0 + g[0, 0]) * (1.0 + g[1, 1]) - g[0, 1] * g[1, 0]
        if self.exact_gap:
            vgap = self.u[2] - (h - top_h + hair)
        else:
            vgap = self.u[2] - (self.s + self.grad_h[0] * self.u[0] + self.grad_h[1] * self.u[1])
        self._gap_form = fem.form(ufl.max_value(vgap, 0.0) * covered * ds_node(1))
        if self.gas is not None:
            density = ufl.max_value(vgap, 0.0) * covered
            residual += self.gas.residual(F, density, self.T, tests[2], v, ds_node(1), self.area_m2)
            self.gas.set_volume_form(fem.form(self.gas.slot_volume_form(density, ds_node(1))))
            self._vented_warned = False
        # the leak: the volume of melt below the surface now (a high-order rule over the faces) less
        # the penalty's own compliance at the nodes, over the area (docs/patch.md, Limits)
        ds_exact = ufl.Measure(
            "ds", domain=msh, subdomain_data=ds_node.subdomain_data(), metadata={"quadrature_degree": 8}
        )
        self._leak_form = fem.form(
            ufl.max_value(-vgap, 0.0) * covered * ds_exact(1) - ufl.max_value(d, 0.0) * ds_node(1)
        )
        self._leak_limit = LEAK_LIMIT * max(top_h - low_h, 1e-2 * min(Lx, Ly))  # a flat surface: λ/100
        self.leak_m = 0.0  # the largest leak of the run so far (m)
        self.bcs = corner_pins(V, Lx, Ly, top_z)
        options = {
            "snes_type": "newtonls",
            "snes_linesearch_type": "basic",  # semi-smooth Newton on the active set: full steps
            "snes_rtol": 1e-8,
            "snes_stol": 1e-12,
            "snes_max_it": 20,
            "snes_divergence_tolerance": 1e30,
        }
        if linear_solver == "direct":
            options.update({"mat_mumps_icntl_14": 100, **DIRECT_LU})
        else:
            options.update({k: v for k, v in ITERATIVE_MIXED.items() if not k.startswith("fieldsplit_")})
        self.problem = NonlinearProblem(
            ufl.extract_blocks(residual),
            [self.u, self.p] if self.gas is None else [self.u, self.p, self.gas.gauge],
            bcs=self.bcs,
            kind="mpi",
            petsc_options_prefix=PREFIX + "full_",
        )
        idx = block_indices(self.problem.x, [V, Q])[0]
        ties = periodic_ties(comm, V, idx, Lx, Ly, 1e-6 * min(Lx, Ly, top_z) / n)
        self.newton = ConstrainedSolver(self.problem, self.bcs, ties, PREFIX, options)
        forget(PREFIX, options)
        self.linear_solver = linear_solver
        self.split = SchurFieldSplit(self.newton, V, Q, PREFIX) if linear_solver != "direct" else None
        self.snes = self.newton.solver
        self.newton_monitors: list[Callable[[], None]] = []  # called at every Newton iteration
        self.snes.setMonitor(weak_method(self, "_snes_monitor"))
        self.dofs = V.dofmap.index_map.size_global * 3 + Q.dofmap.index_map.size_global
        self.dofs += self.gas.slots if self.gas is not None else 0
        self.time_s = 0.0
        self.dt_last = 0.0  # the length of the last accepted step (s)

    def _snes_monitor(self, snes: Any, its: int, norm: float) -> None:
        for fn in self.newton_monitors:
            fn()

    def begin_step(self, dt: float, temperature_K: float, pressure_Pa: float) -> None:
        """Set the step to ``temperature_K`` and ``pressure_Pa`` at its end, ``dt`` long (collective)."""
        self.T_old.value[...] = self.T.value
        self.T.value[...] = temperature_K
        self.dt.value[...] = dt
        self.pressure.value[...] = pressure_Pa
        self._step = (dt, float(temperature_K), float(pressure_Pa))
        self.prony.prepare(self.cells)
        G = self.comm.allreduce(self.prony.effective_modulus(), op=MPI.MAX)
        self.k.value[...] = max(100.0 * G, 1e3 * pressure_Pa) / self.h_elem
        scale = max(pressure_Pa, 1e-3 * G) * self.area_m2
        rtol, _, stol, maxit = self.snes.getTolerances()
        self.snes.setTolerances(rtol=rtol, atol=max(1e-8 * scale, self.rounding_N), stol=stol, max_it=maxit)
        self._backup = [f.x.array.copy() for f in self._unknowns()]

    def _unknowns(self) -> list[Any]:
        return [self.u, self.p] if self.gas is None else [self.u, self.p, self.gas.gauge]

    def solve(self) -> tuple[bool, int, int]:
        """Newton on the step set by :meth:`begin_step` (collective): (converged, iterations, SNES reason)."""
        reason: Any
        if self.split is not None:
            self.split.attach()
        try:
            self.newton.solve()
            reason = self.snes.getConvergedReason()
        except PETSc.Error as exc:
            if self.split is not None:
                self.split.attached = False  # the solver was reset (ConstrainedSolver.solve)
            if getattr(exc, "ierr", None) != PETSC_ERR_LIB:
                raise
            reason = DIVERGED_LINEAR_SOLVE  # the factorisation failed (on every rank): cut back
        finally:
            if self.split is not None:
                self.split.detach()
        return int(reason) > 0, int(self.snes.getIterationNumber()), int(reason)

    def reject(self) -> None:
        """Back to the start of the step after a failed :meth:`solve`."""
        for f, saved in zip(self._unknowns(), self._backup, strict=True):
            f.x.array[:] = saved
        self.T.value[...] = self.T_old.value
        log.info("TPI patch step of %.3g s did not converge", self._step[0])

    def commit(self, iterations: int = 0) -> TPIPatchStep:
        """Accept the solved step: update the TPI's branches and the bonds, measure (collective)."""
        dt, temperature_K, pressure_Pa = self._step
        self.u.x.scatter_forward()
        self.p.x.scatter_forward()
        self.prony.commit(self.F, self.cells)
        self.dt.value[...] = 0.0
        self.T_old.value[...] = self.T.value
        self.time_s += dt
        self.dt_last = dt
        if self.bonding_temperature is not None and temperature_K >= self.bonding_temperature:
            self._bond()
        fraction, nodes, force, bonded = self._contact()
        gas_max, pockets = self._seal_pockets(temperature_K)
        gap = self.comm.allreduce(fem.assemble_scalar(self._gap_form), op=MPI.SUM) / self.area_m2
        leak = self.comm.allreduce(fem.assemble_scalar(self._leak_form), op=MPI.SUM) / self.area_m2
        warn_leak("patch", self.time_s, leak, self.leak_m, self._leak_limit)
        self.leak_m = max(self.leak_m, leak)
        linear = int(self.snes.getLinearSolveIterations())
        return TPIPatchStep(
            self.time_s,
            temperature_K,
            pressure_Pa,
            fraction,
            nodes,
            force,
            gap,
            iterations,
            bonded,
            linear,
            gas_max,
            pockets,
        )

    def _seal_pockets(self, temperature_K: float) -> tuple[float, int]:
        """Seal the pockets the contact has closed, share the gas of those that split, merge the gas of
        those that join (collective): the largest absolute gas pressure (Pa; 0 without gas) and how
        many pockets hold gas."""
        gas = self.gas
        if gas is None:
            return 0.0, 0
        pressures = gas.pressures()  # of the step just solved, before the slots change
        open_nodes = (self.bonded.x.array[: self.n_owned] < 0.5) & (self.penetration() <= 0.0)
        # a grid point (only bottom nodes are on the grid) is open only if every node on it — a node
        # and its periodic images — is
        open_grid = gas.grid.gather(open_nodes, self.n_owned, combine="and")
        gas.seal(open_grid, temperature_K)
        if gas.vented and not self._vented_warned:
            log.warning(
                "patch: at t = %.4g s %d sealed pockets more than the %d gas slots: the smallest stay at the "
                "press atmosphere's pressure",
                self.time_s,
                gas.vented,
                gas.slots,
            )
            self._vented_warned = True
        return float(np.max(pressures)), gas.sealed_count()

    def step(self, dt: float, temperature_K: float, pressure_Pa: float) -> TPIPatchStep | None:
        """Advance by ``dt`` to the given temperature and pressure (collective). None if Newton failed
        (the state is then that of the start of the step: cut the step and try again)."""
        t0 = time.perf_counter()
        self.begin_step(dt, temperature_K, pressure_Pa)
        converged, its, _ = self.solve()
        if not converged:
            self.reject()
            return None
        out = self.commit(its)
        log.debug("TPI patch step to %.4g s in %.2f s: %s", self.time_s, time.perf_counter() - t0, out)
        return out

    def _bond(self) -> None:
        """Bond the bottom nodes now in contact that are not bonded yet (collective): each is tied to
        the point of the surface straight below it, so that the tie takes over the contact's pressure."""
        m = self.n_owned
        b = self.bonded.x.array
        vertical, norm = self._gap()
        d = vertical / norm
        new = (self.node_area > 0) & (d > 0) & (b[:m] < 0.5)
        k = float(self.k.value)
        b[:m][new] = 1.0
        self.bond_time[new] = self.time_s
        self.bond_pressure[new] = k * d[new]
        self.bond_penetration[new] = d[new]
        a, u = self.anchor.x.array.reshape(-1, 3), self.u.x.array.reshape(-1, 3)
        a[:m][new] = u[:m][new]
        a[:m, 2][new] += vertical[new]
        self.bonded.x.scatter_forward()
        self.anchor.x.scatter_forward()

    def _gap(self) -> tuple[np.ndarray, np.ndarray]:
        """How far below the surface each owned node is, vertically (m; negative: above it), and
        √(1 + |∇h|²) there (the vertical over the normal distance; 1 for the linearised surface)."""
        m = self.n_owned
        u = self.u.x.array.reshape(-1, 3)[:m]
        if not self.exact_gap:
            vertical = self.s_nodes[:m] + self.gx[:m] * u[:, 0] + self.gy[:m] * u[:, 1] - u[:, 2]
            return np.asarray(vertical), np.ones(m)
        x, y = self.X_nodes[:, 0] + u[:, 0], self.X_nodes[:, 1] + u[:, 1]
        gx, gy = slopes(self.surface, x, y)
        h = np.asarray(self.surface.height(x, y), dtype=float)
        return np.asarray(h - self._top_h + self._hair - u[:, 2]), np.sqrt(1.0 + gx**2 + gy**2)

    def tie_pressure(self) -> np.ndarray:
        """The normal force per area of each owned node's bond (Pa; pressure positive, tension
        negative; 0 at a node not bonded): the tie's vertical force k (a_z − u_z)."""
        m = self.n_owned
        bonded = self.bonded.x.array[:m] > 0.5
        dz = self.anchor.x.array.reshape(-1, 3)[:m, 2] - self.u.x.array.reshape(-1, 3)[:m, 2]
        return np.where(bonded, float(self.k.value) * dz, 0.0)

    def normal_pressure(self, d: np.ndarray | None = None) -> np.ndarray:
        """What the surface exerts on each owned node, per area (Pa; tension negative): the contact
        pressure k max(d, 0) of a free node, the tie's normal force of a bonded one (``d``: the
        penetration, if already computed)."""
        d = self.penetration() if d is None else d
        bonded = self.bonded.x.array[: self.n_owned] > 0.5
        return np.where(bonded, self.tie_pressure(), float(self.k.value) * np.maximum(d, 0.0))

    def penetration(self) -> np.ndarray:
        """The penetration d (m) at this rank's owned nodes (meaningful on the bottom's)."""
        vertical, norm = self._gap()
        return np.asarray(vertical / norm)

    def _contact(self) -> tuple[float, float, float, float]:
        """Contact fraction (edge located), nodal fraction, contact force and bonded fraction (edge
        located): the same on every rank (collective)."""
        comm = self.comm
        d = self.penetration()
        on = self.node_area > 0
        bonded = self.bonded.x.array[: self.n_owned] > 0.5
        # a bonded node carries the tie's normal force, pressure or tension
        normal = np.where(on, self.normal_pressure(d), 0.0)
        p = np.where(bonded, 0.0, normal)  # the free nodes' contact pressure
        nodes = comm.allreduce(float(np.sum(self.node_area[(p > 0) | (on & bonded)])), op=MPI.SUM)
        force = comm.allreduce(float(np.sum(self.node_area * normal)), op=MPI.SUM)
        X = self.X_nodes[on]
        u = self.u.x.array.reshape(-1, 3)[: self.n_owned][on]
        # a bonded node is in contact; its edge to the open gap is placed as when it bonded
        pc = np.where(bonded, np.maximum(self.bond_pressure, p), p)[on]
        dc = np.where(bonded, np.maximum(self.bond_penetration, d), d)[on]
        pb = np.where(bonded, self.bond_pressure, 0.0)[on]
        db = np.where(bonded, self.bond_penetration, np.minimum(d, 0.0))[on]
        g = np.concatenate(comm.allgather(np.column_stack([X[:, 0], X[:, 1], pc, dc, u[:, 0], u[:, 1], pb, db])))
        Lx, Ly = self.surface.period_x_m, self.surface.period_y_m
        # where the melt covers the surface now: it slides along it as it fills the valleys
        moved = (g[:, 4], g[:, 5])
        area = scattered_contact_area(g[:, 0], g[:, 1], g[:, 2], g[:, 3], Lx, Ly, moved)
        bonded_area = scattered_contact_area(g[:, 0], g[:, 1], g[:, 6], g[:, 7], Lx, Ly, moved)
        # the nodes' shares summed over all nodes exceed the area by round-off where all touch
        A = self.area_m2
        return area / A, min(nodes / A, 1.0), force, bonded_area / A

    def bond_map(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The bottom nodes (x, y, x_now, y_now in m) and when each bonded (s; NaN: not bonded), one row per
        node, gathered on rank 0 (None elsewhere; collective)."""
        on = self.node_area > 0
        u = self.u.x.array.reshape(-1, 3)[: self.n_owned][on]
        X = self.X_nodes[on]
        rows = np.column_stack([X[:, 0], X[:, 1], X[:, 0] + u[:, 0], X[:, 1] + u[:, 1]])
        parts = self.comm.gather((rows, self.bond_time[on]), root=0)
        if parts is None:
            return None
        xy = np.concatenate([r for r, _ in parts])
        t = np.concatenate([b for _, b in parts])
        # one row per node: the images on x = λx and y = λy are dropped, the order fixed by coordinates
        keep = (xy[:, 0] < self.surface.period_x_m * (1 - 1e-9)) & (xy[:, 1] < self.surface.period_y_m * (1 - 1e-9))
        xy, t = xy[keep], t[keep]
        order = np.lexsort((xy[:, 1], xy[:, 0]))
        return xy[order], t[order]
