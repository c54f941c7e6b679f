"""An iterative solver for the Newton systems of a mixed displacement–pressure patch.

The TPI patch (:mod:`thermobond.simulation.tpipatch`) solves, at every Newton iteration, the reduced
system of its periodic multi-point constraint (:mod:`thermobond.simulation.periodic`)

    [ A   Bᵀ ] [δu]      A: the displacement block (deviatoric stiffness, contact penalty, bonds),
    [ B  −C  ] [δp]      B: the volume change, C = M_p/K with M_p the pressure mass matrix,

a saddle point whose shear modulus G falls by seven decades through Tg while the core's and the bulk
modulus K stay (the pressure unknown and the volume rows are scaled by K/h, so that both halves are
forces and one residual norm weighs them alike). MUMPS factorises it (the default); this module solves
it by flexible GMRES with a block upper-triangular preconditioner (PCFIELDSPLIT, Schur factorisation
"upper"):

* A by one V-cycle of smoothed-aggregation multigrid (GAMG, the settings of the elastic patch) with the
  six rigid-body modes of the reduced displacement unknowns as its near-nullspace;
* the Schur complement S = −C − B A⁻¹ Bᵀ by PETSc's ``selfp`` approximation −C − B diag(A)⁻¹ Bᵀ,
  assembled from the Jacobian itself at every Newton iteration, and inverted by block Jacobi with
  ILU(0).

Why ``selfp`` and not the modulus-weighted pressure mass matrix −∫ (1/G + 1/K) p q dX that Stokes
solvers use (Silvester & Wathen, SIAM J. Numer. Anal. 31, 1994; May & Moresi, Phys. Earth Planet.
Inter. 171, 2008), which this module used first: once the melt is bonded to the surface it is a layer
sealed between the surface's bonds and the glassy core, and a pressure that cannot drive any flow out
of it is held by the bulk modulus, the bonds' penalty and the core, not by the melt's G — the weighted
mass matrix misjudges exactly those pressures by K/G (up to 10⁷), while ``selfp`` sees the penalty
and the core through diag(A). Measured while choosing it, on one idle core with the scaled rows: the
bundled case through Tg as ``patch_mixed_solver`` runs it (12,807 DOFs), a median of 62.7 Krylov
iterations per Newton iteration against 70.5, and 236 s against 415 s; at 300 °C after bonding, with
an exact displacement solve inside the split, 38 iterations against 210. The record of the solver as
it ships, and its limits: ``benchmarks/results/patch_mixed_solver.json`` and docs/patch.md.

PCFIELDSPLIT makes its inner solvers when the outer one is first set up (inside the first Newton
solve) and reads their options then, while thermobond removes a problem's options from PETSc's
database once read (:func:`~thermobond.simulation.petscopts.forget`): the inner options are therefore
put in just before a solve (:meth:`SchurFieldSplit.attach`) and removed after it
(:meth:`SchurFieldSplit.detach`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from petsc4py import PETSc

from .patch import orthonormal_nullspace, rigid_body_fields
from .periodic import ConstrainedSolver, block_indices
from .petscopts import forget

__all__ = ["ITERATIVE_MIXED", "SchurFieldSplit"]

# flexible GMRES (the multigrid cycle inside is not a fixed linear operator) around the field split;
# the restart length bounds the Krylov basis kept (200 vectors of the local unknowns per rank). Where
# Newton has overshot (the residual grown a hundredfold after an active-set change), the Jacobian can
# be one that the preconditioner does not handle: GMRES then stops at its limit and Newton goes on
# from the inexact direction (as LU's Newton goes on from its exact one); the step is cut back only
# when Newton itself fails. The options of the inner solvers (``fieldsplit_*``) are read when the split
# is first set up.
ITERATIVE_MIXED: dict[str, Any] = {
    "snes_max_linear_solve_fail": 20,
    "ksp_type": "fgmres",
    "ksp_rtol": 1e-8,
    "ksp_max_it": 500,
    "ksp_gmres_restart": 200,
    "pc_type": "fieldsplit",
    "pc_fieldsplit_type": "schur",
    "pc_fieldsplit_schur_fact_type": "upper",
    "fieldsplit_u_ksp_type": "preonly",
    "fieldsplit_u_pc_type": "gamg",
    "fieldsplit_u_pc_gamg_type": "agg",
    "fieldsplit_u_pc_gamg_agg_nsmooths": 1,
    "fieldsplit_u_pc_gamg_threshold": 0.02,
    "fieldsplit_u_pc_gamg_square_graph": 1,
    "fieldsplit_u_mg_levels_ksp_type": "chebyshev",
    "fieldsplit_u_mg_levels_pc_type": "jacobi",
    "fieldsplit_u_mg_levels_ksp_max_it": 2,
    "pc_fieldsplit_schur_precondition": "selfp",
    "fieldsplit_p_ksp_type": "preonly",
    "fieldsplit_p_pc_type": "bjacobi",
    "fieldsplit_p_sub_pc_type": "ilu",
}


class SchurFieldSplit:
    """The field split of a :class:`ConstrainedSolver` of a (V, Q) mixed problem (collective).

    Args:
        newton: The constrained Newton solver, its KSP set from the outer options of
            :data:`ITERATIVE_MIXED` (those without the ``fieldsplit_`` prefix).
        V: The displacement space (3 components), Q: the discontinuous pressure space.
        prefix: The Newton solver's options prefix.
    """

    def __init__(self, newton: ConstrainedSolver, V: Any, Q: Any, prefix: str) -> None:
        comm = V.mesh.comm
        self.newton, self.prefix = newton, prefix
        self.inner = {k: v for k, v in ITERATIVE_MIXED.items() if k.startswith("fieldsplit_")}
        x = newton.problem.x
        u_idx, p_idx = block_indices(x, [V, Q])
        # which reduced unknowns are pressures: the pressure has no constraint, Pᵀ carries it over
        mark = x.duplicate()
        mark.set(0.0)
        owned_p = p_idx[: Q.dofmap.index_map.size_local].astype(PETSc.IntType)
        mark.setValues(owned_p, np.ones(owned_p.size))
        mark.assemble()
        red = newton.x_red.duplicate()
        newton.P.multTranspose(mark, red)
        lo = red.getOwnershipRange()[0]
        is_p = np.flatnonzero(red.array > 0.5) + lo
        is_u = np.flatnonzero(red.array <= 0.5) + lo
        if is_p.size != owned_p.size or is_u.size % 3:
            raise RuntimeError("the reduced unknowns of the patch do not split into nodes and pressures")
        self.is_u = PETSc.IS().createGeneral(is_u.astype(PETSc.IntType), comm=comm)
        self.is_p = PETSc.IS().createGeneral(is_p.astype(PETSc.IntType), comm=comm)
        self.is_u.setBlockSize(3)
        self.near_nullspace = self._rigid_modes(newton, V, u_idx)
        self.is_u.compose("nearnullspace", self.near_nullspace)
        self.attached = False

    def attach(self) -> None:
        """Give the Newton solver's KSP the split and the inner solvers' options (before a solve; again
        after PETSc's solver was reset, which frees the split)."""
        db = PETSc.Options()
        for k, v in self.inner.items():
            db.setValue(f"{self.prefix}{k}", v)
        if self.attached:
            return
        pc = self.newton.solver.getKSP().getPC()
        pc.setFieldSplitIS(("u", self.is_u), ("p", self.is_p))
        self.attached = True

    def detach(self) -> None:
        """Remove the inner solvers' options from PETSc's database (after a solve)."""
        forget(self.prefix, self.inner)

    def _rigid_modes(self, newton: ConstrainedSolver, V: Any, u_idx: np.ndarray) -> Any:
        """Translations and rotations about the patch's centre, restricted to the reduced displacement
        unknowns (a slave's value averaged into its master's; the rotations are not periodic, but the
        multigrid needs them only as the near-kernel of each aggregate), orthonormalised."""
        comm = V.mesh.comm
        n = V.dofmap.index_map.size_local
        X = V.tabulate_dof_coordinates()[:n]
        X = X - np.asarray(comm.allreduce(X.sum(axis=0))) / max(comm.allreduce(n), 1)
        rows = u_idx[: 3 * n].astype(PETSc.IntType)
        modes = []
        for fx, fy, fz in rigid_body_fields(X):
            full = newton.problem.x.duplicate()
            full.set(0.0)
            full.setValues(rows, np.column_stack([fx, fy, fz]).ravel())
            full.assemble()
            red = newton.x_red.duplicate()
            newton.P.multTranspose(full, red)
            red.pointwiseDivide(red, newton.count)
            sub = red.getSubVector(self.is_u)
            modes.append(sub.copy())
            red.restoreSubVector(self.is_u, sub)
        return orthonormal_nullspace(modes, comm)
