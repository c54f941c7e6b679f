"""Overhead of the study driver, and cases per hour, for a 16-case study of the flagship case.

Target (issue: parameter studies): the driver's own work — expansion, submission, collection — under
5 % of the summed case times. Case time is each case's own wall time (``metadata.json``); the
start-up of each case process (Python, DOLFINx, cached forms) is neither: it is the case runner's,
paid under any driver, and is reported separately (``summed_process_time_s``). Also measured: the
cases per hour on this machine (2 cores) with the local executor and with SLURM (a one-node
cluster started here, as in the tests). Run:
    .venv/bin/python -m benchmarks.performance.study_driver [--skip-slurm]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from thermobond.study import load_study, run_study

from benchmarks.common import check, write_result

TARGET = 0.05
FLAGSHIP = Path(__file__).resolve().parents[2] / "cases" / "flagship_single_sided.toml"
STUDY = f"""schema_version = 1
name = "flagship16"
base = "{FLAGSHIP}"
[[parameters]]
key = "stack.tpi.thickness"
values = ["2 um", "4 um", "6 um", "8 um"]
[[parameters]]
key = "cycle.cool.rate"
values = ["2 K/min", "3 K/min", "5 K/min", "8 K/min"]
"""


def _measure(root: Path, study: Path, executor: str) -> dict[str, float]:
    t0 = time.perf_counter()
    run = run_study(load_study(study), root, executor=executor, poll=1.0)
    makespan = time.perf_counter() - t0
    if run.not_done:
        raise RuntimeError(f"{executor}: cases not done: {run.not_done}")
    cases = [json.loads((run.study.case_dir(c) / "metadata.json").read_text())["wall_time_s"] for c in run.study.cases]
    case_sum = float(sum(cases))
    driver = run.timings["expand"] + run.timings.get("submit", 0.0) + run.timings["collect"]
    out = {
        "cases": len(cases),
        "makespan_s": makespan,
        "summed_case_time_s": case_sum,
        "expand_s": run.timings["expand"],
        "submit_s": run.timings.get("submit", 0.0),
        "collect_s": run.timings["collect"],
        "driver_overhead_s": driver,
        "driver_overhead_fraction": driver / case_sum,
        "cases_per_hour": len(cases) / makespan * 3600,
        "cores": os.cpu_count() or 1,
    }
    if run.outcomes:  # local: the processes' wall time includes each case's Python start-up
        out["summed_process_time_s"] = float(sum(o.seconds for o in run.outcomes))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--skip-slurm", action="store_true")
    args = ap.parse_args(argv)
    result: dict[str, object] = {"target_fraction": TARGET}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        study = tmp / "flagship16.toml"
        study.write_text(STUDY)
        result["local"] = local = _measure(tmp / "local", study, "local")
        print(f"local: {json.dumps(local, indent=1)}")
        if not args.skip_slurm:
            from tests.slurmcluster import LocalSlurm

            with LocalSlurm(tmp / "cluster") as cluster:
                os.environ.update(cluster.env)
                result["slurm"] = sl = _measure(tmp / "slurm", study, "slurm")
                print(f"slurm: {json.dumps(sl, indent=1)}")
    checks = [
        check(
            f"study driver's overhead, {name} executor ({v['cases']} cases)",
            f"{100 * v['driver_overhead_fraction']:.3g} %",
            "summed case time",
            f"< {100 * TARGET:g} %",
            v["driver_overhead_fraction"] < TARGET,
        )
        for name, v in result.items()
        if isinstance(v, dict)
    ]
    return write_result("study_driver", result, checks)


if __name__ == "__main__":
    raise SystemExit(main())
