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
import time
from pathlib import Path
from typing import Any

import basix.ufl
import numpy as np
import ufl
from dolfinx import default_scalar_type, fem, io
from dolfinx.fem.petsc import NonlinearProblem
from mpi4py import MPI

from ..case import Case, InterfaceSpec
from ..errors import ConvergenceError, InputError
from ..materials import Material
from ..meshes import cell_mesh
from ..outputs import HistoryWriter, RunDirectory
from ..physics.contact import contact_energy
from ..physics.finitestrain import deformation, isochoric_pk2, mixed_residual
from ..physics.uflmath import UFL
from ..process import Cycle
from ..units import to_celsius
from .petscopts import DIRECT_LU, merged, release_petsc_objects, unique_prefix
from .projection import Projector
from .pronystate import PronyState
from .stepping import StepController

__all__ = ["InterfaceCell", "InterfaceHistory", "run_interface"]

log = logging.getLogger(__name__)

# minimum press pressure (Pa): the film's own weight keeps the cell on the surface when unpressed
P_FLOOR = 1e3
# contact is "made" within this fraction of the surface's peak-to-valley height
CONTACT_TOLERANCE = 2e-3


def _vec4(t: Any) -> Any:
    return ufl.as_vector([t[0, 0], t[1, 1], t[2, 2], t[0, 1]])


def _ten4(v: Any) -> Any:
    return ufl.as_tensor([[v[0], v[3], 0.0], [v[3], v[1], 0.0], [0.0, 0.0, v[2]]])


class InterfaceHistory:
    """Temperature and pressure programmes seen by the interface (piecewise linear)."""

    def __init__(self, times: np.ndarray, T: np.ndarray, p: np.ndarray, breaks: np.ndarray) -> None:
        self.times, self.T, self.p = np.asarray(times, float), np.asarray(T, float), np.asarray(p, float)
        self.breaks = np.asarray(breaks, float)

    @classmethod
    def from_cycle(cls, cycle: Cycle) -> InterfaceHistory:
        return cls(cycle.times, cycle.temperatures, cycle.pressures, cycle.times)

    @classmethod
    def from_csv(cls, path: Path, interface: str, cycle: Cycle) -> InterfaceHistory:
        """The stack model's ``interface_history.csv`` (columns T_<name>_degC, p_<name>_Pa)."""
        import csv

        with open(path, newline="") as fh:
            rows = list(csv.reader(fh))
        head = rows[0]
        try:
            jt, jT, jp = head.index("time_s"), head.index(f"T_{interface}_degC"), head.index(f"p_{interface}_Pa")
        except ValueError:
            raise InputError(f"no columns for interface '{interface}'", file=path) from None
        d = np.array([[float(r[jt]), float(r[jT]) + 273.15, max(float(r[jp]), 0.0)] for r in rows[1:]])
        return cls(d[:, 0], d[:, 1], d[:, 2], cycle.times)

    @property
    def duration(self) -> float:
        return float(self.times[-1])

    def temperature(self, t: float) -> float:
        return float(np.interp(t, self.times, self.T))

    def pressure(self, t: float) -> float:
        return float(np.interp(t, self.times, self.p))

    def as_cycle(self) -> Cycle:
        """The history as a cycle object (for the step controller's breakpoints and rates)."""
        keep = np.unique(np.concatenate([self.breaks[self.breaks <= self.duration], [self.duration]]))
        return Cycle(
            keep,
            np.interp(keep, self.times, self.T),
            np.interp(keep, self.times, self.p),
            tuple(f"b{k}" for k in range(keep.size)),
        )


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
        prof = spec.surface.profile
        self.profile = prof
        L = prof.length
        self.length = L
        rough = prof.roughness()
        self.rz = max(rough["Rz_m"], 1e-3 * spec.layer.thickness)  # a flat surface still needs a contact scale
        self.length_ratio = rough["length_ratio"]
        # the flat TPI rests on the surface's highest mesh node, pressing it by a hair so that one
        # contact carries the pre-load from the first solve (no free rigid-body motion)
        xn = np.linspace(0.0, L, 2 * spec.elements_along + 1)
        h_t = spec.layer.thickness
        self.y0 = float(np.max(prof(xn))) - max(1e-6 * (prof.peak - prof.valley), 1e-9 * h_t)
        h_c = spec.core_thickness if spec.core is not None else 0.0
        md = cell_mesh(
            comm,
            L,
            self.y0,
            h_t,
            h_c if h_c > 0 else 0.25 * h_t,
            nx=spec.elements_along,
            n_tpi=spec.tpi_elements,
            n_pi=spec.core_elements if h_c > 0 else 1,
            ratio=spec.grading,
        )
        self.mesh_data = md
        msh = md.mesh
        self.mesh = msh
        groups = md.physical_groups
        cell = msh.basix_cell()
        self.V = fem.functionspace(msh, basix.ufl.element("Lagrange", cell, 2, shape=(2,)))
        self.Q = fem.functionspace(msh, basix.ufl.element("DPC", cell, 1, discontinuous=True))
        self.u = fem.Function(self.V, name="displacement")
        self.p = fem.Function(self.Q, name="pressure")
        v, q = ufl.TestFunctions(ufl.MixedFunctionSpace(self.V, self.Q))
        self.T = fem.Constant(msh, default_scalar_type(T0))
        self.T_old = fem.Constant(msh, default_scalar_type(T0))
        self.dt = fem.Constant(msh, default_scalar_type(0.0))
        self.T0 = T0
        qdeg = 4
        md_q = {"quadrature_degree": qdeg, "quadrature_rule": "default"}
        dx = ufl.Measure("dx", domain=msh, subdomain_data=md.cell_tags, metadata=md_q)
        self.dx = dx
        F = deformation(self.u)
        self.F = F
        metal_exp = spec.metal.material.expansion if spec.metal is not None else None
        metal_cte = metal_exp.in_plane if metal_exp is not None else None

        def rel_strain(mat: Material) -> Any:
            assert mat.expansion is not None  # validated: polymers and thermoplastics have one
            e = mat.expansion.in_plane.strain(self.T, T0, UFL)
            return e - metal_cte.strain(self.T, T0, UFL) if metal_cte is not None else e

        # soft layer: Prony TPI, or (for verification) an elastic polymer as a neo-Hookean solid
        terms = []
        self.tpi_cells = md.cell_tags.find(groups["tpi"].tag)
        self.core_cells = md.cell_tags.find(groups["pi"].tag)
        mat = spec.layer.material
        Sbar = isochoric_pk2(F)
        self._measure = _vec4(Sbar)
        if mat.viscoelastic is not None:
            self.prony: PronyState | None = PronyState(msh, qdeg, mat.viscoelastic, self.T_old, self.T, self.dt, "tpi")
            S_t = _ten4(self.prony.deviatoric(self._measure))
            K_t = mat.viscoelastic.bulk_modulus
            self.glassy_shear = mat.viscoelastic.shear.instantaneous
        else:
            assert mat.elastic is not None
            self.prony = None
            E = mat.elastic.youngs_modulus(self.T, UFL)
            nu = mat.elastic.poissons_ratio
            S_t = E / (2 * (1 + nu)) * Sbar
            K_t = float(mat.elastic.youngs_modulus.y[0]) / (3 * (1 - 2 * nu))
            self.glassy_shear = float(max(mat.elastic.youngs_modulus.y)) / (2 * (1 + nu))
        terms.append(mixed_residual(F, S_t, self.p, rel_strain(mat), K_t, v, q, dx(groups["tpi"].tag)))
        self.S = {"tpi": S_t}
        if spec.core is not None and h_c > 0:
            cm = spec.core.material
            assert cm.elastic is not None
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
        S2 = fem.functionspace(msh, ("Lagrange", 2))
        self.bonded = fem.Function(S2, name="bonded")
        self.anchor = fem.Function(self.V, name="anchor")
        self.k = fem.Constant(msh, default_scalar_type(1.0))
        X = ufl.SpatialCoordinate(msh)
        x = X + self.u
        self.x = x
        energy = contact_energy(x, prof, self.k, self.bonded, self.anchor) * ds_c
        terms.append(ufl.derivative(energy, self.u, v))
        # gas in the valleys: a pressure on the free (unbonded) surface
        self.gas_pressure = fem.Constant(msh, default_scalar_type(spec.gas_pressure if spec.gas != "none" else 0.0))
        if spec.gas != "none":
            N = ufl.FacetNormal(msh)
            cof = ufl.det(F[:2, :2]) * ufl.inv(F[:2, :2]).T
            terms.append((1.0 - self.bonded) * self.gas_pressure * ufl.inner(cof * N, v) * ds_c)
        F_form = sum(terms[1:], terms[0])
        self.residual = ufl.extract_blocks(F_form)

        # supports: the sides are symmetry planes (periodic by reflection)
        tdim = msh.topology.dim
        sides = md.facet_tags.find(groups["left"].tag)
        if not open_right:
            sides = np.concatenate([sides, md.facet_tags.find(groups["right"].tag)])
        Vx, _ = self.V.sub(0).collapse()
        dofs = fem.locate_dofs_topological((self.V.sub(0), Vx), tdim - 1, sides)
        self.bcs = [fem.dirichletbc(0.0, dofs[0], self.V.sub(0))]
        self.force_scale = max(K_t, 1.0) * L * 1e-6
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
        )
        self.problem = NonlinearProblem(
            self.residual,
            [self.u, self.p],
            bcs=self.bcs,
            kind="mpi",
            petsc_options_prefix=unique_prefix("interface"),
            petsc_options=opts,
        )
        self.h_surface = L / spec.elements_along

        # surface nodes: all ranks hold the whole (small) list, ordered along x
        sdofs = fem.locate_dofs_topological(S2, tdim - 1, md.facet_tags.find(groups["surface"].tag))
        nloc = S2.dofmap.index_map.size_local
        coords = S2.tabulate_dof_coordinates()
        self._sdofs = sdofs  # local (owned and ghost) surface DOFs
        self._sX = coords[sdofs, 0]
        own = sdofs[sdofs < nloc]
        allX = np.concatenate(msh.comm.allgather(coords[own, 0]))
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
        self.iterations = 0

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
        reason = int(snes.getConvergedReason())  # type: ignore[call-overload]
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


def _snapshot(cell: InterfaceCell) -> dict[str, Any] | None:
    """Deformed cells and their von Mises (Cauchy) stress, gathered on rank 0 for a picture."""
    msh = cell.mesh
    vm = fem.Function(fem.functionspace(msh, ("DG", 0)))
    F = cell.F
    J = ufl.det(F)
    groups = cell.mesh_data.physical_groups

    def rhs(v: Any) -> Any:  # cell averages of the von Mises stress (it uses quadrature-point state)
        out = []
        for name in ("tpi", "pi"):
            s = ufl.dev(F * (cell.S[name] + J * cell.p * ufl.inv(F.T * F)) * F.T / J)
            out.append(ufl.sqrt(1.5 * ufl.inner(s, s)) * v * cell.dx(groups[name].tag))
        return out[0] + out[1]

    Projector(vm, rhs, cell.dx)()
    # displacement at the cell vertices: Q1 interpolation, aligned with the Q1 geometry cell by cell
    V1 = fem.functionspace(msh, ("Lagrange", 1, (2,)))
    u1 = fem.Function(V1)
    u1.interpolate(cell.u)
    n = msh.topology.index_map(2).size_local
    order = [0, 1, 3, 2]  # tensor-product vertex order → around the quadrilateral
    xg = msh.geometry.x[msh.geometry.dofmaps[0][:n]][:, order, :2]
    ug = u1.x.array.reshape(-1, 2)[V1.dofmap.list[:n]][:, order]
    allv = msh.comm.gather(xg + ug, root=0)
    allvm = msh.comm.gather(vm.x.array[:n].copy(), root=0)
    if msh.comm.rank != 0:
        return None
    return {"verts": np.concatenate(allv), "von_mises": np.concatenate(allvm)}


def run_interface(
    case: Case, outdir: Path, comm: Any, history: InterfaceHistory | None = None, *, final: bool = True
) -> dict[str, Any]:
    """Run the interface model of ``case`` and write ``outdir`` (collective); ``summary.json`` only
    when ``final`` (see :func:`thermobond.simulation.stack.run_stack`)."""
    spec = case.interface
    if spec is None:
        raise InputError("the case has no [interface] section", file=case.path)
    run = RunDirectory(comm, outdir, case.to_toml())
    try:
        with run.failures_recorded():  # any failure, a PETSc error too
            return _solve(case, spec, outdir, comm, run, history or InterfaceHistory.from_cycle(case.cycle), final)
    finally:
        release_petsc_objects()


def _solve(
    case: Case, spec: InterfaceSpec, outdir: Path, comm: Any, run: RunDirectory, hist: InterfaceHistory, final: bool
) -> dict[str, Any]:
    t0 = time.perf_counter()
    T0 = hist.temperature(0.0)
    cell = InterfaceCell(comm, spec, T0, case.solver.petsc_options)
    run.timings["setup"] = time.perf_counter() - t0
    log.info(
        "%s interface: %s surface, cell %.3g µm, Rz %.3g µm, %d DOFs",
        case.name,
        cell.profile.kind,
        cell.length * 1e6,
        cell.rz * 1e6,
        cell.dofs,
    )
    columns = [
        "time_s",
        "step",
        "dt_s",
        "newton_iterations",
        "temperature_degC",
        "pressure_MPa",
        "bonded_fraction",
        "bonded_fraction_true_area",
        "contact_fraction",
        "void_area_m2",
        "penalty_Pa_per_m",
    ]
    history = HistoryWriter(outdir / "history.csv", columns, comm.rank)
    cyc = hist.as_cycle()
    shift = spec.layer.material.viscoelastic.shift if spec.layer.material.viscoelastic else None
    last_change = {"bonded": 0.0, "dt": 1.0}

    def log_aT_limit(t: float, dt: float) -> float:
        if shift is None:
            return dt
        for _ in range(30):
            Ts = np.linspace(hist.temperature(t), hist.temperature(t + dt), 9)
            change = float(np.ptp(np.asarray(shift.log10_aT(Ts))))
            if change <= case.solver.max_log_aT_change:
                return dt
            dt *= 0.8 * case.solver.max_log_aT_change / change
        return dt

    def filling_limit(t: float, dt: float) -> float:
        # the bonded area may grow by at most 5 % of the surface per step
        if last_change["bonded"] > 0.05:
            return last_change["dt"] * 0.05 / last_change["bonded"]
        return dt

    stepper = StepController(
        cyc,
        min(case.solver.initial_step, spec.max_step),
        case.solver.min_step,
        spec.max_step,
        case.solver.max_temperature_change,
        limiters=[log_aT_limit, filling_limit],
        easy_iterations=6,
    )
    timings = {"solve": 0.0, "commit": 0.0, "diagnostics": 0.0}
    fields = [io.VTXWriter(comm, str(outdir / "fields" / "displacement.bp"), [cell.u])] if case.output.fields else []
    snapshots: list[tuple[float, str, Any]] = []

    def record(t: float, step: int, dt: float, its: int) -> dict[str, float]:
        fr = cell.fractions(t)
        history.append(
            {
                "time_s": t,
                "step": step,
                "dt_s": dt,
                "newton_iterations": its,
                "temperature_degC": to_celsius(hist.temperature(t)),
                "pressure_MPa": hist.pressure(t) / 1e6,
                "penalty_Pa_per_m": float(cell.k.value),
                **fr,
            }
        )
        return fr

    cell.set_state(T0, hist.pressure(0.0), 0.0)
    ok, its, reason = cell.solve()
    if not ok:
        raise ConvergenceError("initial contact equilibrium failed", time=0.0, step=0.0, reason=reason)
    cell.commit()
    cell.update_contact(0.0)
    fr = record(0.0, 0, 0.0, its)
    series = [(0.0, fr["bonded_fraction"])]
    t, step = 0.0, 0
    wall_last = time.perf_counter()
    end = hist.duration
    pressed = np.flatnonzero(hist.p >= hist.p.max() * (1 - 1e-9))
    p_end = float(hist.times[pressed[-1]]) if hist.p.max() > 0 else end  # end of the hold at peak pressure
    shots = {"half": False, "hold": False}
    while t < end * (1 - 1e-12):
        dt = stepper.propose(t)
        ts = time.perf_counter()
        cell.set_state(hist.temperature(t + dt), hist.pressure(t + dt), dt)
        ok, its, reason = cell.solve()
        timings["solve"] += time.perf_counter() - ts
        if not ok:
            cell.restore_temperature()
            log.info("interface step at t = %.4g s, dt = %.3g s failed (SNES reason %d); cutting back", t, dt, reason)
            stepper.rejected(t, dt, reason)
            continue
        ts = time.perf_counter()
        cell.commit()
        t += dt
        step += 1
        cell.update_contact(t)
        timings["commit"] += time.perf_counter() - ts
        ts = time.perf_counter()
        prev = series[-1][1]
        fr = record(t, step, dt, its)
        series.append((t, fr["bonded_fraction"]))
        last_change.update(bonded=fr["bonded_fraction"] - prev, dt=dt)
        stepper.accepted(its)
        if fields and step % case.output.field_every == 0:
            for w in fields:
                w.write(t)
        if case.output.plots and not shots["half"] and fr["bonded_fraction"] >= 0.5:
            shots["half"] = True
            snapshots.append((t, "half bonded", _snapshot(cell)))
        if case.output.plots and not shots["hold"] and t >= p_end * (1 - 1e-12):
            shots["hold"] = True
            snapshots.append((t, "end of the hold", _snapshot(cell)))
        timings["diagnostics"] += time.perf_counter() - ts
        if time.perf_counter() - wall_last > 2.0 or t >= end * (1 - 1e-12):
            wall_last = time.perf_counter()
            log.info(
                "interface step %4d  t = %9.2f s (%5.1f %%)  T = %6.1f °C  p = %5.2f MPa  bonded %5.1f %%  "
                "dt = %.3g s  Newton %d",
                step,
                t,
                100 * t / end,
                to_celsius(hist.temperature(t)),
                hist.pressure(t) / 1e6,
                100 * fr["bonded_fraction"],
                dt,
                its,
            )
    history.close()
    for w in fields:
        w.write(t)
        w.close()
    if case.output.plots:
        snapshots.append((t, "end of the cycle", _snapshot(cell)))

    # ---- results -----------------------------------------------------------------------------------
    ts_, bf = np.array(series).T

    def time_to(level: float) -> float | None:
        k = np.flatnonzero(bf >= level)
        return float(ts_[k[0]]) if k.size else None

    _, pc = cell.contact_pressure()
    run.write_csv(
        "surface.csv",
        ["x_reference_m", "x_anchor_m", "first_contact_s", "bonded_at_s", "bonded", "contact_pressure_Pa"],
        np.column_stack([cell.X, cell.anchor_x, cell.first_contact, cell.bond_time, cell.is_bonded, pc]),
    )
    run.write_csv("surface_profile.csv", ["x_m", "z_m"], np.column_stack(cell.profile.sample(801)))
    valley = float(np.trapezoid(cell.y0 - cell.profile.sample(4001)[1], cell.profile.sample(4001)[0]))
    summary: dict[str, Any] = {
        "case": case.name,
        "status": "ok",
        "model": "interface",
        "surface": cell.profile.kind,
        "surface_roughness": cell.profile.roughness(),
        "cell_length_m": cell.length,
        "bonded_fraction_final": float(bf[-1]),
        "bonded_fraction_true_area_final": fr["bonded_fraction_true_area"],
        "contact_fraction_final": fr["contact_fraction"],
        "time_to_50pct_bonded_s": time_to(0.5),
        "time_to_90pct_bonded_s": time_to(0.9),
        "void_area_final_m2": fr["void_area_m2"],
        "void_fraction_final": fr["void_area_m2"] / valley if valley > 0 else 0.0,
        "max_contact_pressure_Pa": float(np.max(pc)) if pc.size else 0.0,
        "bonding_temperature_degC": None if spec.bonding_temperature is None else to_celsius(spec.bonding_temperature),
        "history_source": spec.history,
        "gas": spec.gas,
        "dofs": cell.dofs,
        "steps": step,
        "newton_iterations": cell.iterations,
        "cutbacks": stepper.cutbacks,
        "wall_time_s": time.time() - run.started,
    }
    run.timings.update(timings)
    run.write_json(
        "metadata.json",
        run.metadata(
            {
                "solver": {
                    "steps": step,
                    "newton_iterations": cell.iterations,
                    "cutbacks": stepper.cutbacks,
                    "dofs": cell.dofs,
                }
            }
        ),
    )
    if case.output.plots and comm.rank == 0:
        from ..report.interfaceplots import plot_interface_run

        plot_interface_run(outdir, summary, [s for s in snapshots if s[2] is not None])
    if final:
        run.write_json("summary.json", summary)
    comm.barrier()
    return summary
