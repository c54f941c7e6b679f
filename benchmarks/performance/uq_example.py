"""The documentation's uncertainty example runs on 2 cores, locally and on a SLURM cluster, in < 15 min.

Acceptance of the issue "Uncertainty and an adaptive process window": ``thermobond study
docs/casefile/examples/adaptive_study.toml`` (the single-sided lamination with the interface model
chained; hold temperature × pressure × TPI thickness × the calibrated card's Γ_int factor; 16
Latin-hypercube cases, then batches of 4 where the spec "peel ≥ 5 N/cm and curl ≤ 40 1/m" is least
certain; the probability of meeting the spec with the recipe's tolerances and the card's calibrated
Γ_int scatter) is run twice, exactly as a user runs it:

1. with the local executor on this machine's cores (``--workers`` = the core count);
2. on a real one-node SLURM cluster started on this machine (``tests.slurmcluster.LocalSlurm``,
   Debian's slurm-wlm: slurmctld, slurmd and munge), ``--executor slurm``.

Checks: each run's wall time < 15 min; every case done; the two executors ran the same cases (the
adaptive search is deterministic: the same batches, case ids and responses to 1e-9); the
probability map reaches ≥ 0.95 far inside the window and ≤ 0.05 far outside. Run:
    .venv/bin/python -m benchmarks.performance.uq_example [--keep DIR] [--skip-slurm]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks.common import ROOT, check, write_result

STUDY = ROOT / "docs" / "casefile" / "examples" / "adaptive_study.toml"
TARGET_S = 15 * 60.0
THERMOBOND = Path(sys.executable).with_name("thermobond")


def _run(args: list[str], env: dict[str, str], log: Path) -> tuple[int, float]:
    t0 = time.perf_counter()
    with log.open("w") as out:
        code = subprocess.run(
            [str(THERMOBOND), "study", str(STUDY), *args],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        ).returncode
    return code, time.perf_counter() - t0


def _table(root: Path) -> dict[str, dict[str, str]]:
    with (root / "collected.csv").open(newline="") as f:
        return {r["case"]: r for r in csv.DictReader(f)}


def _same(a: dict[str, dict[str, str]], b: dict[str, dict[str, str]]) -> tuple[bool, float]:
    """Same case ids, and the same responses (numbers to 1e-9 relative, wall times excluded)."""
    if a.keys() != b.keys():
        return False, float("inf")
    worst = 0.0
    for cid, ra in a.items():
        rb = b[cid]
        for k, va in ra.items():
            if "wall_time" in k or k.endswith("_s_per_case"):
                continue
            vb = rb.get(k, "")
            try:
                x, y = float(va), float(vb)
            except ValueError:
                if va != vb and k not in ("run_dir", "log"):
                    return False, float("inf")
                continue
            if x != y:
                worst = max(worst, abs(x - y) / max(abs(x), abs(y), 1e-300))
    return worst <= 1e-9, worst


def _summary(root: Path) -> dict[str, Any]:
    rows = list(_table(root).values())
    prob = json.loads((root / "probability.json").read_text())
    p_all = [v for row in prob["all"] for v in row]
    return {
        "cases": len(rows),
        "done": sum(r.get("status") == "done" for r in rows),
        "probability_max": max(p_all),
        "probability_min": min(p_all),
        "probability_inputs": prob["inputs"],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--keep", type=Path, help="keep the studies in this folder")
    ap.add_argument("--skip-slurm", action="store_true", help="the local run only (the record then fails)")
    args = ap.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="tb-uq-example-"))
    work.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count() or 1
    data: dict[str, Any] = {"study": str(STUDY.relative_to(ROOT)), "cores": cores}
    checks = []

    local = work / "local"
    code, wall = _run(["-o", str(local), "--workers", str(cores)], {}, work / "local.log")
    print(f"local executor: exit {code} in {wall:.0f} s", flush=True)
    data["local"] = {"exit": code, "wall_time_s": wall, **(_summary(local) if code == 0 else {})}
    checks.append(
        check(
            "local executor, wall time",
            f"{wall:.0f} s (exit {code})",
            "target (issue 17)",
            "< 15 min",
            code == 0 and wall < TARGET_S,
        )
    )

    slurm_ok, worst = False, float("inf")
    if not args.skip_slurm:
        from tests.slurmcluster import LocalSlurm, SlurmUnavailable

        cluster = LocalSlurm(work / "cluster")
        try:
            cluster.start()
        except SlurmUnavailable as exc:
            data["slurm"] = {"error": str(exc)}
        else:
            try:
                far = work / "slurm"
                code_s, wall_s = _run(["-o", str(far), "--executor", "slurm"], cluster.env, work / "slurm.log")
            finally:
                cluster.stop()
            print(f"SLURM executor: exit {code_s} in {wall_s:.0f} s", flush=True)
            data["slurm"] = {"exit": code_s, "wall_time_s": wall_s, **(_summary(far) if code_s == 0 else {})}
            if code == 0 and code_s == 0:
                slurm_ok, worst = _same(_table(local), _table(far))
            checks.append(
                check(
                    "SLURM executor, wall time",
                    f"{wall_s:.0f} s (exit {code_s})",
                    "< 15 min",
                    "",
                    code_s == 0 and wall_s < TARGET_S,
                )
            )
    if "slurm" not in data or "error" in data["slurm"]:
        checks.append(check("SLURM executor", data.get("slurm", {}).get("error", "not run"), "runs", "exit 0", False))
    checks.append(
        check(
            "SLURM and local: same cases and responses",
            f"largest relative difference {worst:.1e}",
            "identical",
            "≤ 1e-9",
            slurm_ok,
        )
    )
    if code == 0:
        s = data["local"]
        checks.append(
            check(
                "every case done (local)", f"{s['done']} of {s['cases']}", "all", "none failed", s["done"] == s["cases"]
            )
        )
        checks.append(
            check(
                "probability far inside the window",
                f"{s['probability_max']:.3f}",
                "≈ 1",
                "≥ 0.95",
                s["probability_max"] >= 0.95,
            )
        )
        checks.append(
            check(
                "probability far outside the window",
                f"{s['probability_min']:.3f}",
                "≈ 0",
                "≤ 0.05",
                s["probability_min"] <= 0.05,
            )
        )
    return write_result("uq_example", data, checks)


if __name__ == "__main__":
    raise SystemExit(main())
