"""A 3-D interface patch: an elastic layer pressed on a rigid, doubly periodic areal surface.

The layer of thickness H occupies [0, λx] × [0, λy] × [0, H] in its reference state. Its top carries a
uniform pressure p̄; its bottom touches a rigid surface z = h(x, y) − max h (the surface's highest point
at the bottom's reference plane; the maximum is taken over the mesh's nodes). The patch is truly
periodic in x and y: the displacement of every node on x = λx (y = λy) equals that of its image on
x = 0 (y = 0), by the prolongation of
:mod:`thermobond.simulation.periodic`. Periodicity removes the rigid rotations; the two lateral rigid
translations, which a frictionless contact does not hold, are pinned by u_x = u_y = 0 at the top
corner node (one node, seen four times through the ties): its reaction is the net lateral contact
force, zero for a surface symmetric about its peaks.

Contact is frictionless and node based: the bottom integrates with the vertex (Gauss–Lobatto) rule,
so the penalty acts on each node with the node's share of the area. The deformed bottom point X + u
must stay above the surface; with h linearised about the reference point (slopes ≪ 1),

    d = h(X) − max h + ∇h(X)·(u_x, u_y) − u_z        (the penetration),

and the layer stores the penalty energy ½ k ∫ max(d, 0)² dA, which gives the residual

    ∫ σ(u) : ε(v) dV + ∫ p̄ v_z dA_top + ∫ k max(d, 0) (∇h·(v_x, v_y) − v_z) dA_bottom = 0,

symmetric, so conjugate gradients apply. The contact pressure at a node is k max(d, 0). The contact
area locates the contact's edge between the nodes from the pressure's square-root decay
(:mod:`~thermobond.simulation.patcharea`); the area shares of the nodes with positive pressure, also
reported, exceed it by up to half a ring of elements along the perimeter (+22 % at p̄ = p*/20 on a
bisinusoid, where a peak's contact is about 5 elements in radius).
Newton is semi-smooth (the active set changes between iterations).

The material is linear elastic, small strain (E, ν), for verification. The TPI's finite-strain
viscoelastic law (:mod:`thermobond.simulation.corotational`) is plane: it stores the branches in a
frame turned by one rotation angle per point, which holds only because plane rotations commute.

Solvers (``PatchSolver.method``): ``"gamg"``, conjugate gradients preconditioned by PETSc's smoothed
aggregation multigrid with the six rigid-body modes as near-nullspace, or ``"lu"`` (MUMPS). The
near-nullspace lives on the reduced unknowns (the masters): each mode is evaluated at the full space's
nodes and injected into the reduced space (the value at each master, not an average over the master
and its slaves, which would mix coordinates λ apart). Across the periodic seam an aggregate then sees a
rotation that jumps by λ × angle; away from it the modes are exact.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import ufl
from dolfinx import default_scalar_type, fem, la, mesh
from dolfinx.fem.petsc import NonlinearProblem
from mpi4py import MPI
from petsc4py import PETSc

from .patcharea import scattered_contact_area
from .patchsurface import ArealSurface, Bisinusoid, slopes
from .periodic import ConstrainedSolver, block_indices, coordinate_ties
from .petscopts import DIRECT_LU, forget

__all__ = [
    "ArealSurface",
    "Bisinusoid",
    "ContactPatch",
    "PatchMesh",
    "PatchResult",
    "PatchSolver",
    "solver_options",
]

log = logging.getLogger(__name__)

PREFIX = "thermobond_patch_"
# the penalty k = PENALTY × E* / (the bottom's smallest element size): the penalty's compliance is
# 1/PENALTY of the layer's for the shortest wave the mesh resolves, less for longer ones
PENALTY = 100.0


@dataclass(frozen=True)
class PatchMesh:
    """A structured hexahedral mesh of the patch.

    Attributes:
        elements_xy: Elements along x (along each period of a square patch).
        elements_z: Elements through the thickness.
        grading_z: g in z = H ζ^g (ζ uniform in [0, 1]): g > 1 refines towards the contact.
        clustering_xy: c in x = ξ − c λ/(4π) sin(4πξ/λ) (and alike in y), 0 ≤ c < 1: elements
            (1 − c)/(1 + c) times smaller about x, y = 0 and half a period than between (the peaks
            of a bisinusoid); 0 for a uniform mesh.
        elements_y: Elements along y; 0: as many as along x (a patch two periods long in x and
            one in y keeps square elements with twice ``elements_xy`` along x).
    """

    elements_xy: int = 16
    elements_z: int = 8
    grading_z: float = 1.5
    clustering_xy: float = 0.0
    elements_y: int = 0

    def __post_init__(self) -> None:
        if self.elements_xy < 2 or self.elements_z < 1 or self.elements_y == 1 or self.elements_y < 0:
            raise ValueError(f"patch mesh needs ≥ 2 elements along a period and ≥ 1 through, got {self}")
        if not 1.0 <= self.grading_z <= 4.0:
            raise ValueError(f"grading_z must lie in [1, 4], got {self.grading_z}")
        if not 0.0 <= self.clustering_xy < 1.0:
            raise ValueError(f"clustering_xy must lie in [0, 1), got {self.clustering_xy}")


@dataclass(frozen=True)
class PatchSolver:
    """How the linear systems of Newton's iterations are solved.

    Attributes:
        method: ``"gamg"`` (CG + smoothed-aggregation multigrid, rigid-body near-nullspace) or
            ``"lu"`` (MUMPS).
        krylov_rtol: Relative tolerance of the Krylov solver.
        newton_rtol: Relative tolerance of Newton on the residual.
        max_newton: Newton iterations allowed.
    """

    method: Literal["gamg", "lu"] = "gamg"
    krylov_rtol: float = 1e-10
    newton_rtol: float = 1e-9
    max_newton: int = 40

    def __post_init__(self) -> None:
        if self.method not in ("gamg", "lu"):
            raise ValueError(f"patch solver method must be 'gamg' or 'lu', got {self.method!r}")


@dataclass(frozen=True)
class PatchResult:
    """One converged load of the patch.

    Attributes:
        pressure_Pa: The applied mean pressure p̄.
        contact_fraction: The area in contact over the period cell's area, its edge located between
            the nodes (:mod:`~thermobond.simulation.patcharea`).
        contact_fraction_nodes: The area shares of the nodes in contact over the cell's area (exceeds
            the area in contact by up to half a ring of elements along the contact's edge).
        contact_force_N: The contact pressure integrated over the bottom (= p̄ λx λy by equilibrium).
        max_contact_pressure_Pa: The largest nodal contact pressure.
        dofs: Degrees of freedom of the full (unconstrained) space.
        newton_iterations: Newton iterations of this load.
        krylov_iterations: Krylov iterations summed over them.
        wall_time_s: Wall time of the solve (slowest rank).
    """

    pressure_Pa: float
    contact_fraction: float
    contact_fraction_nodes: float
    contact_force_N: float
    max_contact_pressure_Pa: float
    dofs: int
    newton_iterations: int
    krylov_iterations: int
    wall_time_s: float


def solver_options(solver: PatchSolver) -> dict[str, Any]:
    """The PETSc options of the reduced Newton solver (prefix ``thermobond_patch_``)."""
    newton: dict[str, Any] = {
        "snes_type": "newtonls",
        # semi-smooth Newton on the active set: full steps (a backtracking search stalls at the kinks)
        "snes_linesearch_type": "basic",
        "snes_rtol": solver.newton_rtol,
        "snes_stol": 0.0,
        # an active-set change can raise the residual by orders of magnitude for one iteration
        "snes_divergence_tolerance": 1e30,
        "snes_max_it": solver.max_newton,
    }
    if solver.method == "lu":
        return {**newton, **DIRECT_LU}
    return {
        **newton,
        "ksp_type": "cg",  # the reduced Jacobian PᵀJP is symmetric positive definite
        "ksp_rtol": solver.krylov_rtol,
        "ksp_max_it": 1000,
        "ksp_error_if_not_converged": True,
        "pc_type": "gamg",
        "pc_gamg_type": "agg",
        "pc_gamg_agg_nsmooths": 1,
        "pc_gamg_threshold": 0.02,  # drop weak couplings of the graded (stretched) elements
        "pc_gamg_square_graph": 1,
        "mg_levels_ksp_type": "chebyshev",
        "mg_levels_pc_type": "jacobi",
        "mg_levels_ksp_max_it": 2,
    }


def _graded(x: np.ndarray, period: float, c: float) -> np.ndarray:
    """x − c λ/(4π) sin(4πx/λ): the lateral clustering of :class:`PatchMesh`."""
    return x - c * period / (4 * np.pi) * np.sin(4 * np.pi * x / period)


def box_mesh(comm: Any, Lx: float, Ly: float, H: float, spec: PatchMesh, core: float = 0.0, n_core: int = 0) -> Any:
    """The patch's hexahedral mesh of [0, Lx] × [0, Ly] × [0, H], graded as ``spec`` says, and of a
    core [H, H + ``core``] of ``n_core`` uniform elements above it (none by default); every element
    stays an axis-parallel box (the coordinates are mapped one axis at a time)."""
    n, nz = spec.elements_xy, spec.elements_z
    msh = mesh.create_box(
        comm, [[0, 0, 0], [Lx, Ly, 1.0]], [n, spec.elements_y or n, nz + n_core], mesh.CellType.hexahedron
    )
    X = msh.geometry.x
    X[:, 0] = _graded(X[:, 0], Lx, spec.clustering_xy)
    X[:, 1] = _graded(X[:, 1], Ly, spec.clustering_xy)
    k = X[:, 2] * (nz + n_core)  # the layer index of a node (the unit box is uniform in z)
    X[:, 2] = np.where(
        k <= nz + 1e-9, H * (np.minimum(k, nz) / nz) ** spec.grading_z, H + core * (k - nz) / max(n_core, 1)
    )
    return msh


def face_measures(msh: Any, top_z: float, degree: int) -> tuple[Any, Any]:
    """Measures of the bottom (1, z = 0) and top (2, z = ``top_z``) faces: (Gauss–Lobatto rule of
    ``degree``, whose points are the nodes of a Lagrange element of that degree; the default rule)."""
    fdim = 2
    bottom = mesh.locate_entities_boundary(msh, fdim, lambda p: np.isclose(p[2], 0.0))
    top = mesh.locate_entities_boundary(msh, fdim, lambda p: np.isclose(p[2], top_z))
    facets = np.concatenate([bottom, top]).astype(np.int32)
    marks = np.concatenate([np.full(bottom.size, 1, np.int32), np.full(top.size, 2, np.int32)])
    order = np.argsort(facets)
    tags = mesh.meshtags(msh, fdim, facets[order], marks[order])
    gll = {"quadrature_degree": degree, "quadrature_rule": "GLL"}
    return ufl.Measure("ds", domain=msh, subdomain_data=tags, metadata=gll), ufl.Measure(
        "ds", domain=msh, subdomain_data=tags
    )


def periodic_ties(comm: Any, V: Any, idx: np.ndarray, Lx: float, Ly: float, tol: float) -> Any:
    """u(x = Lx) = u(x = 0) and u(y = Ly) = u(y = 0) for every component of the vector space V."""
    return coordinate_ties(
        comm, V, idx, lambda p: np.isclose(p[:, 0], Lx), lambda p: p - [Lx, 0.0, 0.0], [0, 1, 2], tol
    ) + coordinate_ties(comm, V, idx, lambda p: np.isclose(p[:, 1], Ly), lambda p: p - [0.0, Ly, 0.0], [0, 1, 2], tol)


def corner_pins(V: Any, Lx: float, Ly: float, H: float) -> list[Any]:
    """u_x = u_y = 0 at the top corner node (one node, seen four times through the periodic ties): the
    lateral rigid translations, which frictionless contact does not hold."""

    def corner(p: np.ndarray) -> np.ndarray:
        on_x = np.isclose(p[0], 0.0) | np.isclose(p[0], Lx)
        on_y = np.isclose(p[1], 0.0) | np.isclose(p[1], Ly)
        return np.asarray(on_x & on_y & np.isclose(p[2], H))

    bcs = []
    for c in (0, 1):
        Vc, _ = V.sub(c).collapse()
        dofs = fem.locate_dofs_geometrical((V.sub(c), Vc), corner)[0]
        bcs.append(fem.dirichletbc(0.0, dofs, V.sub(c)))
    return bcs


def rigid_body_fields(X: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The six rigid-body displacement fields (x, y and z components) at points ``X`` (n, 3), measured
    from the centre of rotation: three translations, then the rotations about z, x and y."""
    x, y, z = X[:, 0], X[:, 1], X[:, 2]
    zero, one = np.zeros_like(x), np.ones_like(x)
    return [(one, zero, zero), (zero, one, zero), (zero, zero, one), (-y, x, zero), (zero, -z, y), (z, zero, -x)]


def orthonormal_nullspace(vectors: list[Any], comm: Any) -> Any:
    """A PETSc near-nullspace of ``vectors`` orthonormalised in place (modified Gram–Schmidt, in order)."""
    for i, v in enumerate(vectors):
        for q in vectors[:i]:
            v.axpy(-v.dot(q), q)
        v.normalize()
    return PETSc.NullSpace().create(vectors=vectors, comm=comm)


class _Reduced(ConstrainedSolver):
    """The constrained Newton solver that hands the reduced Jacobian its near-nullspace."""

    near_nullspace: Any = None

    def _jacobian(self, snes: Any, x_red: Any, J: Any, P_mat: Any) -> None:
        super()._jacobian(snes, x_red, J, P_mat)
        if self.near_nullspace is not None:
            J.setNearNullSpace(self.near_nullspace)


class ContactPatch:
    """The patch of an elastic layer on a rigid areal surface (collective: build and solve on every rank).

    Args:
        comm: Communicator.
        surface: The rigid surface (its periods are the patch's).
        thickness_m: H (m).
        youngs_modulus_Pa: E of the layer (Pa).
        poisson_ratio: ν of the layer.
        mesh_spec: The mesh.
        solver: The linear and Newton solvers.

    Raises:
        ValueError: A value out of range.
    """

    def __init__(
        self,
        comm: Any,
        surface: ArealSurface,
        thickness_m: float,
        youngs_modulus_Pa: float,
        poisson_ratio: float,
        mesh_spec: PatchMesh = PatchMesh(),
        solver: PatchSolver = PatchSolver(),
    ) -> None:
        Lx, Ly, H = float(surface.period_x_m), float(surface.period_y_m), float(thickness_m)
        if not (Lx > 0 and Ly > 0 and H > 0):
            raise ValueError(f"periods and thickness must be > 0 m, got {Lx}, {Ly}, {H}")
        if not (youngs_modulus_Pa > 0 and -1.0 < poisson_ratio < 0.5):
            raise ValueError(f"need E > 0 Pa and -1 < ν < 0.5, got {youngs_modulus_Pa}, {poisson_ratio}")
        self.comm, self.surface, self.spec, self.solver_spec = comm, surface, mesh_spec, solver
        self.area_m2 = Lx * Ly
        n = mesh_spec.elements_xy
        self.mesh = msh = box_mesh(comm, Lx, Ly, H, mesh_spec)
        E, nu = float(youngs_modulus_Pa), float(poisson_ratio)
        self.contact_modulus_Pa = E / (1 - nu**2)
        h_min = min(Lx, Ly) / n * (1 - mesh_spec.clustering_xy)
        self.penalty_Pa_per_m = PENALTY * self.contact_modulus_Pa / h_min

        V = fem.functionspace(msh, ("Lagrange", 1, (3,)))
        self.V = V
        self.u = fem.Function(V, name="u")
        v = ufl.TestFunction(V)
        # the vertex rule: the penalty acts node by node, each with its share of the bottom's area
        ds_node, ds = face_measures(msh, H, 1)

        # the surface at the nodes, shifted so that its highest point touches the bottom
        S = fem.functionspace(msh, ("Lagrange", 1))
        XS = S.tabulate_dof_coordinates()
        if not np.array_equal(XS, V.tabulate_dof_coordinates()):  # nodal values are paired by index below
            raise RuntimeError("the scalar and vector P1 spaces of the patch number their nodes differently")
        hs = np.asarray(surface.height(XS[:, 0], XS[:, 1]), dtype=float)
        top_h = comm.allreduce(float(hs.max()) if hs.size else -np.inf, op=MPI.MAX)
        gx, gy = slopes(surface, XS[:, 0], XS[:, 1])
        self.s = fem.Function(S, name="surface")
        self.s.x.array[:] = hs - top_h
        self.grad_h = fem.Function(fem.functionspace(msh, ("Lagrange", 1, (2,))), name="slope")
        self.grad_h.x.array[0::2], self.grad_h.x.array[1::2] = gx, gy
        self.s_nodes, self.gx, self.gy = self.s.x.array.copy(), gx, gy
        # each node's share of the bottom's area (the vertex rule's weights)
        w = fem.assemble_vector(fem.form(ufl.TestFunction(S) * ds_node(1)))
        w.scatter_reverse(la.InsertMode.add)
        self.node_area = w.array[: S.dofmap.index_map.size_local].copy()
        self.n_owned = S.dofmap.index_map.size_local

        lam = E * nu / ((1 + nu) * (1 - 2 * nu))
        mu = E / (2 * (1 + nu))
        self.confined_modulus_Pa = lam + 2 * mu
        eps = ufl.sym(ufl.grad(self.u))
        sigma = lam * ufl.tr(eps) * ufl.Identity(3) + 2 * mu * eps
        self.p = fem.Constant(msh, default_scalar_type(0.0))
        k = fem.Constant(msh, default_scalar_type(self.penalty_Pa_per_m))
        grad_h = self.grad_h
        # every element is an axis-parallel box (the coordinates are mapped one axis at a time), so
        # its trilinear map is affine and Q1 stiffness is exact with 2 × 2 × 2 Gauss points
        dx = ufl.dx(domain=msh, metadata={"quadrature_degree": 2})
        d = self.s + grad_h[0] * self.u[0] + grad_h[1] * self.u[1] - self.u[2]
        dv = grad_h[0] * v[0] + grad_h[1] * v[1] - v[2]
        F = (
            ufl.inner(sigma, ufl.sym(ufl.grad(v))) * dx
            + self.p * v[2] * ds(2)
            + k * ufl.conditional(ufl.gt(d, 0.0), d, 0.0) * dv * ds_node(1)
        )

        bcs = corner_pins(V, Lx, Ly, H)
        options = solver_options(solver)
        self.problem = NonlinearProblem(F, self.u, bcs=bcs, petsc_options_prefix=PREFIX + "full_")
        idx = block_indices(self.problem.x, [V])[0]
        ties = periodic_ties(comm, V, idx, Lx, Ly, 1e-6 * min(Lx, Ly, H) / n)
        self.newton = _Reduced(self.problem, bcs, ties, PREFIX, options, block_size=3)
        forget(PREFIX, options)
        if solver.method == "gamg":
            self.newton.near_nullspace = self._rigid_modes(ties)
        self.dofs = V.dofmap.index_map.size_global * 3
        self._started = False

    def _rigid_modes(self, ties: Any) -> Any:
        """The six rigid-body modes on the reduced unknowns, injected at the masters, orthonormal."""
        x_full = self.problem.x
        keep = x_full.duplicate()
        keep.set(1.0)
        lo = x_full.getOwnershipRange()[0]
        keep.array_w[np.asarray(ties.slaves, np.int64) - lo] = 0.0
        X = self.V.tabulate_dof_coordinates()[: self.V.dofmap.index_map.size_local]
        X = X - X.mean(axis=0) if X.size else X
        basis: list[Any] = []
        work = x_full.duplicate()
        for mx, my, mz in rigid_body_fields(X):
            arr = work.array_w
            arr[0::3], arr[1::3], arr[2::3] = mx, my, mz
            work.pointwiseMult(work, keep)
            red = self.newton.x_red.duplicate()
            self.newton.P.multTranspose(work, red)
            basis.append(red)
        work.destroy()
        keep.destroy()
        return orthonormal_nullspace(basis, self.mesh.comm)

    def _start(self, pressure: float) -> None:
        """A first guess whose active set is not empty: the layer compressed uniformly (p̄ z / M) and
        lowered rigidly by the depth d₀ at which the nodal penalty alone carries p̄ (bisection)."""
        comm, k, A = self.comm, self.penalty_Pa_per_m, self.area_m2
        s, w = self.s_nodes[: self.n_owned], self.node_area

        def carried(d0: float) -> float:
            return float(comm.allreduce(float(np.sum(w * k * np.maximum(s + d0, 0.0))), op=MPI.SUM))

        lo, hi = 0.0, 1.0
        s_min = comm.allreduce(float(s.min()) if s.size else 0.0, op=MPI.MIN)
        hi = max(-s_min, pressure / k) * 2
        while carried(hi) < pressure * A:
            hi *= 2
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            lo, hi = (mid, hi) if carried(mid) < pressure * A else (lo, mid)
        Xv = self.V.tabulate_dof_coordinates()
        self.u.x.array[:] = 0.0
        self.u.x.array[2::3] = -hi - pressure * Xv[:, 2] / self.confined_modulus_Pa
        self._started = True

    def solve(self, pressure_Pa: float) -> PatchResult:
        """Press the patch with the mean pressure p̄ (Pa), starting from the previous load's state.

        Raises:
            ValueError: p̄ ≤ 0.
            RuntimeError: Newton did not converge (the SNES reason is named).
        """
        if not pressure_Pa > 0:
            raise ValueError(f"patch pressure must be > 0 Pa, got {pressure_Pa}")
        if not self._started:
            self._start(pressure_Pa)
        self.p.value[...] = pressure_Pa
        snes = self.newton.solver
        # absolute floor: 1e-12 of the load, far below any force the mesh resolves
        snes.setTolerances(atol=1e-12 * pressure_Pa * self.area_m2)
        t0 = time.perf_counter()
        self.newton.solve()
        wall = self.comm.allreduce(time.perf_counter() - t0, op=MPI.MAX)
        reason: Any = snes.getConvergedReason()
        if reason <= 0:
            raise RuntimeError(f"patch Newton did not converge at {pressure_Pa:.4g} Pa (SNES reason {reason})")
        fraction, fraction_nodes, force, p_max = self._contact()
        result = PatchResult(
            pressure_Pa=float(pressure_Pa),
            contact_fraction=fraction,
            contact_fraction_nodes=fraction_nodes,
            contact_force_N=force,
            max_contact_pressure_Pa=p_max,
            dofs=self.dofs,
            newton_iterations=snes.getIterationNumber(),
            krylov_iterations=snes.getLinearSolveIterations(),
            wall_time_s=wall,
        )
        log.info("patch at %.4g Pa: %s", pressure_Pa, result)
        return result

    def bottom_nodes(self) -> tuple[np.ndarray, np.ndarray]:
        """This rank's owned nodes of the bottom: reference coordinates (n, 3) (m) and area shares (n,)
        (m²), in the order of :meth:`contact_pressure` restricted to them."""
        on = self.node_area > 0
        X = self.s.function_space.tabulate_dof_coordinates()[: self.n_owned]
        return X[on], self.node_area[on]

    def penetration(self) -> np.ndarray:
        """The penetration d (m) at this rank's owned nodes (minus the gap where free; bottom nodes only)."""
        m = self.n_owned
        u = self.u.x.array.reshape(-1, 3)[:m]
        return np.asarray(self.s_nodes[:m] + self.gx[:m] * u[:, 0] + self.gy[:m] * u[:, 1] - u[:, 2])

    def contact_pressure(self) -> np.ndarray:
        """The contact pressure k max(d, 0) (Pa) at this rank's owned nodes (in the order of the scalar
        P1 space's dofs; zero at nodes off the bottom)."""
        d = self.penetration()
        return np.where(self.node_area > 0, self.penalty_Pa_per_m * np.maximum(d, 0.0), 0.0)

    def _contact(self) -> tuple[float, float, float, float]:
        """The contact fraction (edge located, see :mod:`~thermobond.simulation.patcharea`), the nodal
        one, the contact force (N) and the largest contact pressure (Pa): the same on every rank."""
        p = self.contact_pressure()
        comm = self.comm
        nodes = comm.allreduce(float(np.sum(self.node_area[p > 0])), op=MPI.SUM)
        force = comm.allreduce(float(np.sum(self.node_area * p)), op=MPI.SUM)
        p_max = comm.allreduce(float(p.max()) if p.size else 0.0, op=MPI.MAX)
        X, on = self.bottom_nodes()[0], self.node_area > 0
        mine = np.column_stack([X[:, 0], X[:, 1], p[on], self.penetration()[on]])
        g = np.concatenate(comm.allgather(mine))  # all of the bottom on every rank: all compute the same
        Lx, Ly = self.surface.period_x_m, self.surface.period_y_m
        area = scattered_contact_area(g[:, 0], g[:, 1], g[:, 2], g[:, 3], Lx, Ly)
        return area / self.area_m2, nodes / self.area_m2, force, p_max
