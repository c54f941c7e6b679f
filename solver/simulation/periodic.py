"""Linear multi-point constraints u_s = u_m (periodic sides, a rigid sliding face) on a nonlinear problem.

DOLFINx has no multi-point constraints of its own here (no dolfinx_mpc), so they are applied by a
prolongation: the unknowns are the reduced vector x_r (every degree of freedom that is not a
slave), the full vector is x = P x_r with P the 0/1 matrix that copies each master onto its
slaves, and Newton solves

    Pᵀ J(P x_r) P δx_r = −Pᵀ F(P x_r)

in its own SNES (``MatPtAP`` for the reduced Jacobian). The residual and Jacobian are those of the
unconstrained :class:`~dolfinx.fem.petsc.NonlinearProblem` (any number of blocks, ``kind="mpi"``),
assembled on the full space: the constraint is exact, the reduced system symmetric when the full
one is, and a slave's residual is added to its master's (the constraint's reaction).

Ties are given by global indices in the problem's monolithic layout (:func:`block_indices`); a tie
whose master is itself a slave is followed to its end (the corner of a doubly periodic 3-D patch).
A slave must not carry a Dirichlet condition that its master does not share.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from dolfinx.fem.petsc import assemble_jacobian, assemble_residual, assign
from petsc4py import PETSc
from scipy.spatial import cKDTree

from .petscopts import weak_method

__all__ = ["ConstrainedSolver", "Ties", "block_indices", "coordinate_ties", "prolongation"]


@dataclass(frozen=True)
class Ties:
    """Pairs u_slave = u_master of global indices in a monolithic layout (slaves owned by this rank).

    Attributes:
        slaves: Global indices of the slave degrees of freedom this rank owns.
        masters: Global index of the master of each (any rank).
    """

    slaves: np.ndarray
    masters: np.ndarray

    def __add__(self, other: Ties) -> Ties:
        return Ties(np.concatenate([self.slaves, other.slaves]), np.concatenate([self.masters, other.masters]))


def block_indices(x: Any, spaces: Sequence[Any]) -> list[np.ndarray]:
    """Global index, in the layout of the monolithic vector ``x``, of every local (owned and ghost)
    degree of freedom of each space: ``out[k][j * bs + c]`` for dof j, component c of space k."""
    start = x.getOwnershipRange()[0]
    work = x.duplicate()
    blocks = x.getAttr("_blocks")
    if blocks is None:
        off_owned, off_ghost = (0, x.getLocalSize()), (x.getLocalSize(), None)
    else:
        off_owned, off_ghost = blocks
    work.array_w[:] = start + np.arange(x.getLocalSize(), dtype=float)
    work.ghostUpdate(addv=PETSc.InsertMode.INSERT, mode=PETSc.ScatterMode.FORWARD)
    with work.localForm() as loc:
        local = loc.array_r.copy()
    work.destroy()
    out = []
    for k, V in enumerate(spaces):
        imap, bs = V.dofmap.index_map, V.dofmap.index_map_bs
        owned = local[off_owned[k] : off_owned[k] + imap.size_local * bs]
        g0 = off_ghost[k]
        ghost = local[g0 : g0 + imap.num_ghosts * bs]
        out.append(np.rint(np.concatenate([owned, ghost])).astype(np.int64))
    return out


def coordinate_ties(
    comm: Any,
    V: Any,
    indices: np.ndarray,
    is_slave: Callable[[np.ndarray], np.ndarray],
    image: Callable[[np.ndarray], np.ndarray],
    components: Sequence[int],
    tolerance: float,
) -> Ties:
    """Ties from geometry: the dof of component c at a point x with ``is_slave(x)`` follows the dof
    of the same component at ``image(x)`` (collective).

    Args:
        comm: Communicator.
        V: The (blocked) space; ``indices`` its global indices from :func:`block_indices`.
        is_slave: Mask of slave points, from coordinates of shape (n, 3).
        image: The master point of each slave point (n, 3) → (n, 3).
        components: The components tied.
        tolerance: Distance (m) within which a master point matches.

    Raises:
        ValueError: A slave point has no master point within the tolerance (on every rank).
    """
    bs = V.dofmap.index_map_bs
    n_owned = V.dofmap.index_map.size_local
    X = V.tabulate_dof_coordinates()
    owned = np.arange(X.shape[0]) < n_owned
    slave = np.asarray(is_slave(X), bool) & owned
    target = image(X[slave])
    # candidate masters: every owned point near some slave's image (all ranks' images are gathered)
    images = np.concatenate(comm.allgather(target)) if comm.size > 1 else target
    if images.size:
        d, _ = cKDTree(images).query(X[owned])
        cand = np.flatnonzero(d <= tolerance)
    else:
        cand = np.zeros(0, np.int64)
    cx = np.concatenate(comm.allgather(X[cand])) if comm.size > 1 else X[cand]
    cidx = [np.concatenate(comm.allgather(indices[cand * bs + c])) for c in components]
    slaves, masters, missing = [], [], 0
    if target.size:
        d, j = cKDTree(cx).query(target) if cx.size else (np.full(len(target), np.inf), np.zeros(len(target), int))
        ok = d <= tolerance
        missing = int(np.sum(~ok))
        sdofs = np.flatnonzero(slave)[ok]
        for c, col in zip(components, cidx, strict=True):
            slaves.append(indices[sdofs * bs + c])
            masters.append(col[j[ok]])
    missing = comm.allreduce(missing)
    if missing:
        raise ValueError(f"{missing} slave points have no master point within {tolerance:.3g} m")
    cat = lambda a: np.concatenate(a) if a else np.zeros(0, np.int64)  # noqa: E731
    return Ties(cat(slaves), cat(masters))


def prolongation(comm: Any, x: Any, ties: Ties, block_size: int = 1) -> Any:
    """P (full × reduced, 0/1): each full degree of freedom copies its master's reduced value.

    Args:
        comm: Communicator.
        x: A vector of the full monolithic layout.
        ties: The constraints (masters that are slaves are followed to the end).
        block_size: Block size of both layouts (the components of a node, tied all together), so
            that the reduced matrix PᵀAP keeps the node blocks that algebraic multigrid aggregates.
    """
    lo, hi = x.getOwnershipRange()
    n = hi - lo
    all_s = np.concatenate(comm.allgather(ties.slaves))
    all_m = np.concatenate(comm.allgather(ties.masters))
    master_of = dict(zip(all_s.tolist(), all_m.tolist(), strict=True))
    for s in list(master_of):  # follow chains s → m → m' (at most a few links)
        m, seen = master_of[s], 0
        while m in master_of:
            m = master_of[m]
            seen += 1
            if seen > 8:
                raise ValueError(f"cyclic multi-point constraint at degree of freedom {s}")
        master_of[s] = m
    is_slave = np.zeros(n, bool)
    mine = all_s[(all_s >= lo) & (all_s < hi)]
    is_slave[mine - lo] = True
    keep = np.flatnonzero(~is_slave)
    n_red = keep.size
    red_start = comm.scan(n_red) - n_red
    # reduced index of every kept full index (global): gathered so that masters on other ranks resolve
    red_of_local = np.full(n, -1, np.int64)
    red_of_local[keep] = red_start + np.arange(n_red)
    needed = np.unique(np.fromiter(master_of.values(), np.int64, len(master_of)))
    local_needed = needed[(needed >= lo) & (needed < hi)]
    pairs = np.stack([local_needed, red_of_local[local_needed - lo]], axis=1) if local_needed.size else np.zeros((0, 2))
    table = np.concatenate(comm.allgather(pairs.astype(np.int64)))
    red_of_master = dict(zip(table[:, 0].tolist(), table[:, 1].tolist(), strict=True))
    cols = np.empty(n, np.int64)
    cols[keep] = red_start + np.arange(n_red)
    for r in np.flatnonzero(is_slave):
        cols[r] = red_of_master[master_of[lo + r]]
    P = PETSc.Mat().createAIJ(((n, PETSc.DETERMINE), (n_red, PETSc.DETERMINE)), bsize=block_size, nnz=(1, 1), comm=comm)
    P.setOption(PETSc.Mat.Option.NEW_NONZERO_ALLOCATION_ERR, False)  # type: ignore[arg-type]
    indptr = np.arange(n + 1, dtype=PETSc.IntType)
    P.setValuesCSR(indptr, cols.astype(PETSc.IntType), np.ones(n))  # type: ignore[arg-type]
    P.assemble()
    return P


class ConstrainedSolver:
    """Newton on the reduced unknowns of a :class:`~dolfinx.fem.petsc.NonlinearProblem` (collective).

    Args:
        problem: The unconstrained problem (its forms, matrix and vectors are used; its own SNES is not).
        bcs: The problem's Dirichlet conditions.
        ties: The constraints.
        prefix: PETSc options prefix of the reduced SNES.
        options: Its options (SNES, KSP, PC), set once.
        block_size: See :func:`prolongation`.
    """

    def __init__(
        self,
        problem: Any,
        bcs: Sequence[Any],
        ties: Ties,
        prefix: str,
        options: dict[str, Any],
        block_size: int = 1,
    ) -> None:
        self.problem = problem
        self.bcs = list(bcs)
        comm = problem.x.getComm().tompi4py()
        self.P = prolongation(comm, problem.x, ties, block_size)
        self.x_red, _ = self.P.createVecs()
        self.r_red = self.x_red.duplicate()
        # how many full degrees of freedom each reduced one stands for (to restrict a state: Pᵀx / count)
        self.count = self.x_red.duplicate()
        ones = problem.x.duplicate()
        ones.set(1.0)
        self.P.multTranspose(ones, self.count)
        ones.destroy()
        self.A_red: Any = None
        self._ctx_f = {"u": problem.u, "residual": problem.F, "jacobian": problem.J, "bcs": self.bcs}
        if (blocks := problem.b.getAttr("_blocks")) is not None:
            self._ctx_f["_blocks"] = blocks
        self.solver = PETSc.SNES().create(comm)
        self.solver.setOptionsPrefix(prefix)
        db = PETSc.Options()
        for k, v in options.items():
            db.setValue(f"{prefix}{k}", v)
        self.solver.setFromOptions()
        for k in options:
            db.delValue(f"{prefix}{k}")
        self.solver.setFunction(weak_method(self, "_residual"), self.r_red)

    def _fresh_vectors(self) -> None:
        """New reduced vectors and Newton work space after an error inside PETSc's Newton loop (a failed
        factorisation): the vectors it had locked for reading stay locked, and the next solve of the
        cut-back step would fail on them."""
        self.x_red = self.x_red.duplicate()
        self.r_red = self.r_red.duplicate()
        self.solver.reset()
        self.solver.setFunction(weak_method(self, "_residual"), self.r_red)
        if self.A_red is not None:
            self.solver.setJacobian(weak_method(self, "_jacobian"), self.A_red)

    def _full(self, x_red: Any) -> Any:
        x = self.problem.x
        self.P.mult(x_red, x)
        return x

    def _residual(self, snes: Any, x_red: Any, r_red: Any) -> None:
        x = self._full(x_red)
        assemble_residual(snes, x, self.problem.b, **self._ctx_f)
        self.P.multTranspose(self.problem.b, r_red)

    def _jacobian(self, snes: Any, x_red: Any, J: Any, P_mat: Any) -> None:
        x = self._full(x_red)
        A = self.problem.A
        assemble_jacobian(snes, x, A, A, self.problem.u, self.problem.J, None, self.bcs)
        A.PtAP(self.P, result=J)

    def solve(self) -> None:
        """Newton from the current state of the problem's functions; they hold the result."""
        if self.A_red is None:
            x = self.problem.x
            assign(self.problem.u, x)
            A = self.problem.A
            assemble_jacobian(self.solver, x, A, A, self.problem.u, self.problem.J, None, self.bcs)
            self.A_red = self.problem.A.PtAP(self.P)
            self.solver.setJacobian(weak_method(self, "_jacobian"), self.A_red)
        # the current state restricted to the reduced unknowns (slaves already equal their masters)
        x = self.problem.x
        assign(self.problem.u, x)
        self.P.multTranspose(x, self.x_red)
        self.x_red.pointwiseDivide(self.x_red, self.count)
        try:
            self.solver.solve(None, self.x_red)
        except PETSc.Error:
            self._fresh_vectors()
            raise
        x = self._full(self.x_red)
        x.ghostUpdate(addv=PETSc.InsertMode.INSERT, mode=PETSc.ScatterMode.FORWARD)
        assign(x, self.problem.u)
