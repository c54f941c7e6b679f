"""Where the field split's Krylov iterations grow with the mesh: the displacement solve or the Schur
complement's approximation.

``patch_mixed_solver`` measures the TPI patch's iterative solver (:mod:`thermobond.simulation.
mixedsolver`) against the size and finds its Krylov iterations per Newton iteration growing. This
script takes the Newton systems of the same runs apart. The bundled patch case through Tg (the cycle
of ``patch_mixed_solver``: 3 MPa from 245 °C, 20 K/min to 300 °C, 30 s hold) on n × n × n/2 + 2 Q2
elements, n = 4, 6, 8, solved with MUMPS; the reduced Newton system of the first Newton iteration of
every fourth step is kept, and each is solved again by flexible GMRES (rtol 1e-8) with the shipped
block upper-triangular preconditioner and with parts of it replaced by exact ones:

* ``shipped``: GAMG on the displacement block, ``selfp`` Schur approximation by block Jacobi/ILU(0);
* ``exact A``: the displacement block by LU, the rest shipped;
* ``exact A, exact selfp``: the displacement block and the ``selfp`` matrix both by LU — what is left
  is the approximation S ≈ −C − B diag(A)⁻¹ Bᵀ itself;
* ``exact A, weighted mass``: the same with the modulus-weighted pressure mass matrix −c²∫(1/K + 1/G)
  p q dX (G the melt's algorithmic shear modulus of the step; the core's own G and K) in place of
  ``selfp`` (Silvester & Wathen, SIAM J. Numer. Anal. 31, 1994);
* ``exact Schur``: both blocks exact (``pc_fieldsplit_schur_precondition full``): the preconditioner
  is then the inverse, and GMRES must converge in two iterations.

Checks: the exact Schur preconditioner converges in ≤ 3 iterations on every system (the split, its
index sets and the saved systems are right); the iterations of ``exact A, exact selfp`` grow by at
most 1.5× from n = 4 to n = 8 (median over the saved systems) — the approximation scales. Reported:
the medians and the iterations of every variant on every system, the bonded fraction when each was
saved. Writes benchmarks/results/patch_schur.json. Run on 1 idle core:
    .venv/bin/python -m benchmarks.performance.patch_schur
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from mpi4py import MPI
from petsc4py import PETSc

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from thermobond.simulation.interfacemodel import micro_loop
from thermobond.simulation.mixedsolver import ITERATIVE_MIXED, SchurFieldSplit
from thermobond.simulation.patchmodel import PatchDiagnostics, PatchModel
from thermobond.simulation.periodic import block_indices

from benchmarks.common import check, finish
from benchmarks.performance.patch_mixed_solver import _case

SIZES = (4, 6, 8)
EVERY = 4  # keep the first Newton system of every fourth step
GROWTH_LIMIT = 1.5
PREFIX = "patch_schur_"
LU = {"pc_type": "lu", "pc_factor_mat_solver_type": "mumps"}
VARIANTS: dict[str, dict[str, Any]] = {
    "shipped": {},
    "exact A": {f"fieldsplit_u_{k}": v for k, v in LU.items()},
    "exact A, exact selfp": {**{f"fieldsplit_u_{k}": v for k, v in LU.items()}, "fieldsplit_p_pc_type": "lu"},
    "exact A, weighted mass": {**{f"fieldsplit_u_{k}": v for k, v in LU.items()}, "fieldsplit_p_pc_type": "lu"},
    "exact Schur": {
        **{f"fieldsplit_u_{k}": v for k, v in LU.items()},
        "pc_fieldsplit_schur_precondition": "full",
        "fieldsplit_p_pc_type": "lu",
    },
}


class Saved:
    """The Newton systems of one run: the first of every ``EVERY``-th step, with what the weighted mass
    matrix needs (the step's melt modulus G, which reduced pressures are the TPI's)."""

    def __init__(self, model: PatchModel) -> None:
        self.model, self.patch = model, model.patch
        self.systems: list[tuple[Any, Any, float, float]] = []  # (J, r, G of the melt, bonded fraction)
        self.step, self._r = 0, None
        patch = self.patch
        self.split = SchurFieldSplit(patch.newton, patch.V, patch.Q, PREFIX)
        # 1 at the TPI's reduced pressures (the pressure has no constraint: Pᵀ carries the mark over)
        Q = patch.Q
        p_idx = block_indices(patch.problem.x, [patch.V, Q])[1]
        tpi = np.unique(Q.dofmap.list[patch.cells].ravel())
        mark = patch.problem.x.duplicate()
        mark.set(0.0)
        mark.setValues(p_idx[tpi].astype(PETSc.IntType), np.ones(tpi.size))
        mark.assemble()
        red = patch.newton.x_red.duplicate()
        patch.newton.P.multTranspose(mark, red)
        sub = red.getSubVector(self.split.is_p)
        self.tpi = sub.getArray(readonly=True) > 0.5
        red.restoreSubVector(self.split.is_p, sub)

    def begin_step(self) -> None:
        self.step += 1

    def monitor(self) -> None:
        its = self.patch.snes.getIterationNumber()
        if self.step % EVERY != 3:
            return
        if its == 0:  # the residual of the first iterate; its Jacobian is the one the first solve used
            self._r = self.patch.snes.getFunction()[0].copy()
        elif its == 1 and self._r is not None:
            G = self.patch.prony.effective_modulus(self.patch.cells)
            bonded = float(self.patch.bonded.x.array[: self.patch.n_owned].sum())
            self.systems.append((self.patch.newton.A_red.copy(), self._r, G, bonded))
            self._r = None


def _weighted_mass(J: Any, split: SchurFieldSplit, tpi: np.ndarray, G: float, K_tpi: float, core_ratio: float) -> Any:
    """−c² M (1/K + 1/G) from the system's own pressure block −c² M / K, row by row (the pressure is
    discontinuous, so its mass matrix is block diagonal by cell and a row scaling is a cell scaling)."""
    App = J.createSubMatrix(split.is_p, split.is_p)
    w = App.createVecLeft()
    w.array[:] = 1.0 + np.where(tpi, K_tpi / G, core_ratio)
    App.diagonalScale(L=w)
    return App


def _solve(J: Any, r: Any, split: SchurFieldSplit, options: dict[str, Any], Sp: Any = None) -> int:
    db = PETSc.Options()
    base = {k: v for k, v in ITERATIVE_MIXED.items() if k != "snes_max_linear_solve_fail"}
    merged = {**base, **options}
    for k, v in merged.items():
        db.setValue(PREFIX + k, v)
    ksp = PETSc.KSP().create(J.getComm())
    ksp.setOptionsPrefix(PREFIX)
    ksp.setOperators(J)
    ksp.setFromOptions()
    pc: Any = ksp.getPC()
    pc.setFieldSplitIS(("u", split.is_u), ("p", split.is_p))
    if Sp is not None:
        pc.setFieldSplitSchurPreType(PETSc.PC.FieldSplitSchurPreType.USER, Sp)
    b = r.copy()
    b.scale(-1.0)
    x = b.duplicate()
    ksp.solve(b, x)
    reason: Any = ksp.getConvergedReason()
    its = ksp.getIterationNumber() if int(reason) > 0 else -ksp.getIterationNumber()
    for k in merged:
        db.delValue(PREFIX + k)
    ksp.destroy()
    return int(its)


def _measure(comm: Any, n: int, folder: Path) -> dict[str, Any]:
    case = _case(comm, n, "direct", folder)
    model = PatchModel(comm, case.patch, case.programme, case)
    saved = Saved(model)
    model.add_newton_monitor(saved.monitor)
    begin = model.begin_step

    def begin_step(t: float, dt: float) -> None:
        saved.begin_step()
        begin(t, dt)

    model.begin_step = begin_step
    diagnostics = PatchDiagnostics(model)
    micro_loop(model, diagnostics, case, case.patch.max_step, comm, observers=[], stop=None, history=None).run()
    mat = case.patch.layer.material
    K_tpi = float(mat.viscoelastic.bulk_modulus)
    nu = case.patch.core.material.elastic.poissons_ratio
    core_ratio = 2 * (1 + nu) / (3 * (1 - 2 * nu))  # K/G of the core
    its: dict[str, list[int]] = {v: [] for v in VARIANTS}
    for J, r, G, _ in saved.systems:
        for name, options in VARIANTS.items():
            Sp = _weighted_mass(J, saved.split, saved.tpi, G, K_tpi, core_ratio) if "weighted" in name else None
            its[name].append(_solve(J, r, saved.split, options, Sp))
    area_nodes = comm.allreduce(float((model.patch.node_area > 0).sum()))
    return {
        "dofs": model.patch.dofs,
        "melt_modulus_Pa": [G for *_, G, _ in saved.systems],
        "bonded_node_fraction": [b / area_nodes for *_, b in saved.systems],
        "iterations": its,
    }


def main() -> int:
    comm = MPI.COMM_WORLD
    if comm.size != 1:
        raise SystemExit("patch_schur runs on one rank")
    runs: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            runs[n] = _measure(comm, n, Path(tmp))
            print(f"n = {n}: {runs[n]['dofs']} DOFs, {len(runs[n]['iterations']['shipped'])} systems", flush=True)
            for name, its in runs[n]["iterations"].items():
                print(f"  {name:24s} {its}", flush=True)
    median = {name: {str(n): float(np.median(np.abs(runs[n]["iterations"][name]))) for n in SIZES} for name in VARIANTS}
    exact = max(max(np.abs(runs[n]["iterations"]["exact Schur"])) for n in SIZES)
    selfp = median["exact A, exact selfp"]
    growth = selfp[str(SIZES[-1])] / selfp[str(SIZES[0])]
    stopped = {name: sum(i < 0 for n in SIZES for i in runs[n]["iterations"][name]) for name in VARIANTS}
    checks = [
        check(
            "GMRES iterations with the exact Schur complement (every saved system)",
            f"≤ {exact}",
            "the preconditioner is the inverse: 2",
            "≤ 3",
            bool(exact <= 3),
        ),
        check(
            f"Krylov iterations, exact A and exact selfp inverse, median, n = {SIZES[0]} → {SIZES[-1]}",
            " → ".join(f"{selfp[str(n)]:.1f}" for n in SIZES) + f" ({growth:.2f}×)",
            "bounded in the size",
            f"growth ≤ {GROWTH_LIMIT}×",
            bool(growth <= GROWTH_LIMIT),
        ),
    ]
    for name in VARIANTS:
        if name not in ("exact Schur", "exact A, exact selfp"):
            checks.append(
                check(
                    f"Krylov iterations, {name}, median",
                    " → ".join(f"{median[name][str(n)]:.1f}" for n in SIZES)
                    + (f"; {stopped[name]} solve(s) stopped at 500" if stopped[name] else ""),
                    "reported",
                )
            )
    data = {
        "sizes_elements_xy": list(SIZES),
        "dofs": [runs[n]["dofs"] for n in SIZES],
        "cycle": "patch_mixed_solver's",
        "saved": f"the first Newton system of every {EVERY}th step (steps 3, 7, 11, …)",
        "median_iterations": median,
        "runs": {str(n): runs[n] for n in SIZES},
        "mpi_size": comm.size,
    }
    return finish(comm, "patch_schur", data, checks)


if __name__ == "__main__":
    sys.exit(main())
