"""Speed of the whole roll-lamination case: the roll line read (nip contact and conduction through the
web), the stack model driven by it, the interface model, adhesion and claims.

Target (issue 18: roll lamination): under 30 s on 2 cores. Run:
    .venv/bin/mpiexec -n 2 .venv/bin/python benchmarks/performance/roll_case.py
The first run warms the JIT cache (form compilation is not the solve); the second is measured, from
reading the case file to the claims, nothing written. Reports the wall time split into reading the
case (the roll line's history) and the run, the steps of each model, and the headline numbers (nip
width and dwell, peak interface temperature, bonded fraction, peel, curvature) so that a change of
speed can be told from a change of the physics. Exit code 1 outside the target.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from mpi4py import MPI

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import thermobond

from benchmarks.common import check, write_result

TARGET_S = 30.0
CASE = Path(__file__).resolve().parents[2] / "cases" / "roll_lamination.toml"
QUIET = {"output.plots": False, "output.fields": False}


def main() -> int:
    comm = MPI.COMM_WORLD
    thermobond.run(thermobond.load_case(CASE, **QUIET), comm=comm)  # warm the JIT cache
    comm.barrier()
    t0 = time.perf_counter()
    case = thermobond.load_case(CASE, **QUIET)
    t_read = time.perf_counter() - t0
    result = thermobond.run(case, comm=comm)
    wall = comm.allreduce(time.perf_counter() - t0, op=MPI.MAX)
    read = comm.allreduce(t_read, op=MPI.MAX)
    s = result.summary
    if s.roll is None or s.stack is None:
        raise RuntimeError(f"{CASE.name} did not run as a roll case with a stack model")
    r = s.roll
    data = {
        "case": case.name,
        "mpi_size": comm.size,
        "wall_time_s": wall,
        "read_case_s": read,
        "run_s": wall - read,
        "target_s": TARGET_S,
        "stack_steps": s.stack.solver.steps,
        "stack_newton_iterations": s.stack.solver.newton_iterations,
        "interface_steps": s.interface.solver.steps if s.interface is not None else None,
        "nip_method": r.nip_method,
        "nip_width_m": r.nip_width_m,
        "dwell_s": r.dwell_s,
        "peak_nip_pressure_Pa": r.peak_nip_pressure_Pa,
        "interface_peak_temperature_degC": r.interface_peak_temperature_degC,
        "bonded_fraction": s.interface.bonded_fraction_final if s.interface is not None else None,
        "peel_strength_N_per_m": s.adhesion.peel_strength_N_per_m if s.adhesion is not None else None,
        "curvature_1_per_m": s.stack.curvature_1_per_m,
    }
    code = 0
    if comm.rank == 0:
        checks = [
            check("whole roll case, read to claims", f"{wall:.1f} s", "target", f"< {TARGET_S:g} s", wall < TARGET_S),
            check("nip width", f"{r.nip_width_m * 1e3:.4g} mm", "reported"),
            check("dwell", f"{r.dwell_s * 1e3:.4g} ms", "reported"),
        ]
        code = write_result(f"roll_case_np{comm.size}", data, checks)
        print(
            f"roll case on {comm.size} rank(s): {wall:.1f} s (target {TARGET_S} s; reading the line {read:.1f} s), "
            f"stack {data['stack_steps']} steps, interface {data['interface_steps']} steps; nip "
            f"{r.nip_width_m * 1e3:.3g} mm, dwell {r.dwell_s * 1e3:.3g} ms, interface peak "
            f"{r.interface_peak_temperature_degC:.1f} °C"
        )
    return int(comm.bcast(code, root=0))


if __name__ == "__main__":
    raise SystemExit(main())
