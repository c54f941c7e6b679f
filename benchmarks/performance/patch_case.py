"""The bundled 3-D patch case (``cases/interface_patch_3d.toml``) on 1 and 2 ranks, in one launch.

Issue 21 asks for a bundled patch case that runs in minutes on 2 ranks and gives the same bonded
fraction on 1 and 2 ranks to 1e-6. Measured, nothing written by the runs (the form cache is warmed by
a first 2-rank run): the whole case on 2 ranks, then on rank 0 alone (a sub-communicator; rank 1
sleeps in a polled non-blocking barrier, so that it takes no core). Checks: the 2-rank wall time
under 10 minutes; the bonded fraction, contact fraction and mean gap of every step identical on 1
and 2 ranks to 1e-6 (the same steps: the step controller sees the same Newton counts; fractions of the patch's area, the
gap of the surface's Sz); the bonded
fraction reported. Writes benchmarks/results/patch_case.json. Run on 2 idle cores:
    .venv/bin/mpiexec -n 2 .venv/bin/python -m benchmarks.performance.patch_case
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from mpi4py import MPI

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import thermobond

from benchmarks.common import alone, check, finish

CASE = Path(__file__).resolve().parents[2] / "cases" / "interface_patch_3d.toml"
QUIET = {"output.plots": False, "output.fields": False}
TARGET_S = 600.0  # "runs in minutes on 2 ranks"
COLUMNS = ("time_s", "bonded_fraction", "contact_fraction", "mean_gap_m")


def _run(comm: Any) -> tuple[float, dict[str, np.ndarray], Any]:
    comm.barrier()
    t0 = time.perf_counter()
    result = thermobond.run(thermobond.load_case(CASE, **QUIET), comm=comm)
    wall = comm.allreduce(time.perf_counter() - t0, op=MPI.MAX)
    h = result.patch.history
    return wall, {c: h.column(c) for c in COLUMNS}, result.summary.patch


def main() -> int:
    comm = MPI.COMM_WORLD
    if comm.size != 2:
        raise SystemExit("run on 2 ranks: mpiexec -n 2 python -m benchmarks.performance.patch_case")
    _run(comm)  # warm the form cache
    wall2, hist2, s2 = _run(comm)
    one = alone(comm, _run)
    wall1, hist1, s1 = comm.bcast(one, root=0)
    same_steps = hist1["time_s"].size == hist2["time_s"].size
    # fractions of the patch: absolute differences; the mean gap: relative to the surface's Sz
    sz = s2.surface_roughness["sz_m"]
    worst = {
        c: float(np.max(np.abs(hist1[c] - hist2[c]))) / (sz if c == "mean_gap_m" else 1.0)
        if same_steps
        else float("inf")
        for c in COLUMNS[1:]
    }
    data = {
        "case": CASE.name,
        "dofs": s2.solver.dofs,
        "steps": s2.solver.steps,
        "newton_iterations": s2.solver.newton_iterations,
        "wall_time_np2_s": wall2,
        "wall_time_np1_s": wall1,
        "speed_up": wall1 / wall2,
        "target_s": TARGET_S,
        "bonded_fraction_final": s2.bonded_fraction_final,
        "time_to_90pct_bonded_s": s2.time_to_90pct_bonded_s,
        "largest_relative_difference_1_vs_2_ranks": worst,
        "steps_np1": int(hist1["time_s"].size) - 1,
    }
    checks = [
        check("the bundled patch case on 2 ranks", f"{wall2:.1f} s", "target", f"< {TARGET_S:g} s", wall2 < TARGET_S),
        check(
            "bonded fraction, every step, 1 vs 2 ranks",
            f"{worst['bonded_fraction']:.2e}",
            "the same",
            "≤ 1e-6 (of the patch's area)",
            same_steps and worst["bonded_fraction"] <= 1e-6,
        ),
        check(
            "contact fraction (of the area) and mean gap (of Sz), every step, 1 vs 2 ranks",
            f"{max(worst['contact_fraction'], worst['mean_gap_m']):.2e}",
            "the same",
            "≤ 1e-6",
            same_steps and max(worst["contact_fraction"], worst["mean_gap_m"]) <= 1e-6,
        ),
        check(
            "bonded fraction at the end",
            f"{s2.bonded_fraction_final:.6f} (1 rank {s1.bonded_fraction_final:.6f})",
            "reported",
        ),
        check("1 → 2 ranks speed-up", f"{wall1 / wall2:.2f}", "reported"),
    ]
    if comm.rank == 0:
        print(
            f"patch case: {s2.solver.dofs} DOFs, {s2.solver.steps} steps; 2 ranks {wall2:.1f} s, 1 rank {wall1:.1f} s; "
            f"bonded {s2.bonded_fraction_final:.4f}; worst 1-vs-2 difference {worst}"
        )
    return finish(comm, "patch_case", data, checks)


if __name__ == "__main__":
    sys.exit(main())
