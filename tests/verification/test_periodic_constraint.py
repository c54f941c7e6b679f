"""Multi-point constraints by prolongation (``thermobond.simulation.periodic``) against exact solutions.

−Δu = 5π² u_e on the unit square with u = 0 at y = 0 and y = 1 and periodic sides has the exact
solution u_e = sin(πy) cos(2πx + φ); the phase φ = 0.7 makes it non-symmetric about the sides, so
mirror (symmetry) conditions could not represent it. Second-degree elements converge at order 3
in L2 (Ciarlet, The Finite Element Method for Elliptic Problems, 1978, Thm 3.2.5): the test asserts
the rate and that the two sides carry identical values.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

pytestmark = pytest.mark.solver


def _solve(comm, n):
    import ufl
    from dolfinx import fem, mesh
    from dolfinx.fem.petsc import NonlinearProblem
    from thermobond.simulation.periodic import ConstrainedSolver, block_indices, coordinate_ties

    msh = mesh.create_unit_square(comm, n, n, mesh.CellType.quadrilateral)
    V = fem.functionspace(msh, ("Lagrange", 2))
    u, v = fem.Function(V), ufl.TestFunction(V)
    x = ufl.SpatialCoordinate(msh)
    phi = 0.7
    exact = ufl.sin(math.pi * x[1]) * ufl.cos(2 * math.pi * x[0] + phi)
    F = ufl.inner(ufl.grad(u), ufl.grad(v)) * ufl.dx - 5 * math.pi**2 * exact * v * ufl.dx
    dofs = fem.locate_dofs_geometrical(V, lambda p: np.isclose(p[1], 0.0) | np.isclose(p[1], 1.0))
    bcs = [fem.dirichletbc(0.0, dofs, V)]
    problem = NonlinearProblem(F, u, bcs=bcs, petsc_options_prefix="test_periodic_full_")
    idx = block_indices(problem.x, [V])[0]
    ties = coordinate_ties(comm, V, idx, lambda p: np.isclose(p[:, 0], 1.0), lambda p: p - [1.0, 0.0, 0.0], [0], 1e-10)
    opts = {
        "snes_type": "newtonls",
        "snes_rtol": 1e-12,
        "snes_atol": 1e-14,
        "ksp_type": "preonly",
        "pc_type": "lu",
        "pc_factor_mat_solver_type": "mumps",
    }
    solver = ConstrainedSolver(problem, bcs, ties, "test_periodic_", opts)
    solver.solve()
    assert solver.solver.getConvergedReason() > 0
    err = fem.assemble_scalar(fem.form((u - exact) ** 2 * ufl.dx))
    err = math.sqrt(comm.allreduce(err))
    X = V.tabulate_dof_coordinates()
    nloc = V.dofmap.index_map.size_local
    left = [(p[1], val) for p, val in zip(X[:nloc], u.x.array[:nloc], strict=True) if abs(p[0]) < 1e-12]
    right = [(p[1], val) for p, val in zip(X[:nloc], u.x.array[:nloc], strict=True) if abs(p[0] - 1) < 1e-12]
    left = sorted(v for part in comm.allgather(left) for v in part)
    right = sorted(v for part in comm.allgather(right) for v in part)
    return err, np.array(left), np.array(right)


def test_periodic_poisson_converges_at_order_three(comm):
    errs = []
    for n in (8, 16):
        err, left, right = _solve(comm, n)
        assert np.allclose(left[:, 0], right[:, 0]) and np.allclose(left[:, 1], right[:, 1], atol=1e-12)
        errs.append(err)
    rate = math.log2(errs[0] / errs[1])
    assert rate > 2.8, (errs, rate)
