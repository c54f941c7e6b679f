"""A noisy 1 Hz press log against the same recipe written as segments, on the flagship stack.

The recipe a process engineer logs: heat to 330 °C at 3 MPa in 30 min, hold 30 min, release, cool
60 min; sensor noise 0.1 K and 5 kPa, the open press reading the magnitude of its noise. The log is
read with the default tolerances (0.5 K, 0.05 MPa). Targets (issues 16 and 20): the log's wall time
within 1.5× the segments' and its curvature within 1 % of theirs. Run:
    .venv/bin/python benchmarks/performance/press_log.py
    .venv/bin/mpiexec -n 2 .venv/bin/python benchmarks/performance/press_log.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from mpi4py import MPI

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from thermobond.case import load_case
from thermobond.process import Programme
from thermobond.process.presslog import sample_log, write_log
from thermobond.simulation.stackmodel import run_stack

from benchmarks.common import write_result

RATIO_TARGET = 1.5
CURVATURE_TOLERANCE = 0.01
FLAGSHIP = Path(__file__).resolve().parents[2] / "cases" / "flagship_single_sided.toml"

SEGMENTS = """[cycle]
start_temperature = "25 degC"
[[cycle.segments]]
name = "heat"
temperature = "330 degC"
duration = "30 min"
pressure = "3 MPa"
[[cycle.segments]]
name = "hold"
duration = "30 min"
[[cycle.segments]]
name = "release"
pressure = "0 MPa"
duration = "10 s"
[[cycle.segments]]
name = "cool"
temperature = "25 degC"
duration = "60 min"
"""


def _with_cycle(folder: Path, cycle: str, name: str) -> Path:
    """The flagship case file with another [cycle] and a stress-free start at room temperature."""
    text = FLAGSHIP.read_text().replace('"materials/', f'"{FLAGSHIP.parent / "materials"}/')
    head, rest = text.split("[cycle]", 1)
    tail = rest[rest.index("[mechanics]") :]
    tail = tail.replace('stress_free_temperature = "250 degC"', 'stress_free_temperature = "25 degC"')
    tail = tail.replace("fields = true", "fields = false\nplots = false")
    path = folder / f"{name}.toml"
    path.write_text(head.replace(f'name = "{FLAGSHIP.stem}"', f'name = "{name}"') + cycle + "\n" + tail)
    return path


def main() -> int:
    comm = MPI.COMM_WORLD
    with tempfile.TemporaryDirectory() as d:
        folder = Path(comm.bcast(d if comm.rank == 0 else None, root=0))
        if comm.rank == 0:
            seg = _with_cycle(folder, SEGMENTS, "segments")
            recipe = load_case(seg).programme
            log = folder / "press_log.csv"
            write_log(log, *sample_log(recipe, 1.0, 0.1, 5e3, seed=1))
            _with_cycle(folder, f'[cycle]\nlog = "{log}"\n', "logged")
        comm.barrier()
        cases = {name: load_case(folder / f"{name}.toml") for name in ("segments", "logged")}
        run_stack(cases["segments"], comm)  # warm the JIT cache
        results = {}
        for name, case in cases.items():
            t0 = time.perf_counter()
            r = run_stack(case, comm)
            wall = comm.allreduce(time.perf_counter() - t0, op=MPI.MAX)
            prog: Programme = case.programme
            results[name] = {
                "breakpoints": len(prog.breakpoints),
                "steps": r.summary.solver.steps,
                "newton_iterations": r.summary.solver.newton_iterations,
                "wall_time_s": wall,
                "curvature_1_per_m": r.summary.curvature_1_per_m,
                "release_s": r.summary.release_s,
                "note": r.summary.note,
            }
    a, b = results["segments"], results["logged"]
    ratio = b["wall_time_s"] / a["wall_time_s"]
    error = abs(b["curvature_1_per_m"] / a["curvature_1_per_m"] - 1)
    ok = ratio <= RATIO_TARGET and error <= CURVATURE_TOLERANCE
    if comm.rank == 0:
        path = write_result(
            f"press_log_np{comm.size}",
            {
                "case": "flagship stack, 2 h recipe (330 °C, 3 MPa), log at 1 Hz with 0.1 K / 5 kPa noise",
                "mpi_size": comm.size,
                "log_samples": 7211,
                **results,
                "wall_ratio": ratio,
                "wall_ratio_target": RATIO_TARGET,
                "curvature_relative_difference": error,
                "curvature_tolerance": CURVATURE_TOLERANCE,
                "meets_target": ok,
            },
        )
        print(
            f"segments: {a['steps']} steps, {a['wall_time_s']:.1f} s, κ = {a['curvature_1_per_m']:.4g} 1/m; "
            f"log: {b['breakpoints']} breakpoints, {b['steps']} steps, {b['wall_time_s']:.1f} s, "
            f"κ = {b['curvature_1_per_m']:.4g} 1/m; ratio {ratio:.2f} (≤ {RATIO_TARGET}), "
            f"Δκ {100 * error:.2f} % (≤ {100 * CURVATURE_TOLERANCE:.0f} %) → {path}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
