"""Run the benchmarks and regenerate every record in ``benchmarks/results/``: one command.

    .venv/bin/python -m benchmarks            # all of them (about two hours on 2 idle cores)
    .venv/bin/python -m benchmarks --quick    # the quick ones (a few minutes)
    .venv/bin/python -m benchmarks peel_fe curl   # those whose name contains a word given
    .venv/bin/python -m benchmarks --list

Each benchmark runs in its own process (under ``mpiexec -n N`` where it is an MPI benchmark) from the
repository root, and compares what it measures with its target or published reference; its exit code
says pass (0), fail (1) or "measured on uncommitted code" (3, see ``benchmarks.common``). The command
refuses to start on a tree with uncommitted changes outside ``benchmarks/results/`` (``--allow-dirty``
runs anyway and writes to ``benchmarks/results/dirty/``), prints a table of the verdicts, and exits
non-zero unless every benchmark passed. Commit the regenerated records afterwards: each one names the
commit it was measured on.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.common import ROOT, git_state

_PYTHON = Path(sys.executable)
_VERDICTS = {0: "pass", 1: "FAIL", 3: "dirty tree"}


@dataclass(frozen=True)
class Benchmark:
    """One benchmark script and how to run it.

    Attributes:
        module: The script as a module (``benchmarks.verification.peel_fe``).
        ranks: MPI processes.
        args: Command-line arguments.
        quick: Part of ``--quick``.
        records: The records it writes (``benchmarks/results/<record>.json``).
        env: Extra environment variables.
    """

    module: str
    ranks: int = 1
    args: tuple[str, ...] = ()
    quick: bool = False
    records: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.module.rsplit(".", 1)[-1] + (f" (np {self.ranks})" if self.ranks > 1 else "")

    def command(self) -> list[str]:
        cmd = [str(_PYTHON), "-m", self.module, *self.args]
        return [str(_PYTHON.with_name("mpiexec")), "-n", str(self.ranks), *cmd] if self.ranks > 1 else cmd


ONE_THREAD = {"OMP_NUM_THREADS": "1"}
BENCHMARKS = (
    # validation against published data
    Benchmark("benchmarks.validation.cu_cr_pi", quick=True, records=("cu_cr_pi",)),
    Benchmark("benchmarks.validation.laminate_curl", quick=True, records=("laminate_curl",)),
    Benchmark("benchmarks.validation.esis_tc4", quick=True, records=("esis_tc4",)),
    Benchmark("benchmarks.validation.press_peel", ranks=2, records=("press_peel",)),
    Benchmark("benchmarks.validation.dma_pyvisco", records=("dma_pyvisco",), env=ONE_THREAD),
    # verification against a finite-element reference
    Benchmark("benchmarks.verification.peel_fe", ranks=2, records=("peel_fe",)),
    Benchmark("benchmarks.verification.lee_springer", records=("lee_springer",)),
    Benchmark("benchmarks.verification.patch_vs_cell", records=("patch_vs_cell",)),
    Benchmark("benchmarks.verification.patch_gas", ranks=2, records=("patch_gas",)),
    Benchmark("benchmarks.verification.rough_kappa", ranks=2, records=("rough_kappa",), env=ONE_THREAD),
    Benchmark("benchmarks.verification.foil_classes", args=("--part", "flow"), records=("foil_classes_flow",)),
    Benchmark("benchmarks.verification.foil_classes", args=("--part", "peel"), records=("foil_classes_peel",)),
    Benchmark("benchmarks.verification.adaptive_window", records=("adaptive_window",)),
    # performance targets
    Benchmark("benchmarks.performance.material_fit", quick=True, records=("material_fit",), env=ONE_THREAD),
    Benchmark("benchmarks.performance.stack_cycle", ranks=2, quick=True, records=("stack_cycle_np2",)),
    Benchmark("benchmarks.performance.interface_cycle", records=("interface_cycle_np1",)),
    Benchmark("benchmarks.performance.press_log", records=("press_log_np1",)),
    Benchmark("benchmarks.performance.study_driver", records=("study_driver",)),
    Benchmark("benchmarks.performance.case_overhead", records=("case_overhead",)),
    Benchmark("benchmarks.performance.roll_case", ranks=2, quick=True, records=("roll_case_np2",)),  # "on 2 cores"
    Benchmark("benchmarks.performance.patch_scaling", ranks=2, records=("patch_scaling",)),  # 1 and 2 ranks
    Benchmark("benchmarks.performance.patch_case", ranks=2, records=("patch_case",)),  # 1 and 2 ranks
    Benchmark("benchmarks.performance.patch_mixed_solver", records=("patch_mixed_solver",), env=ONE_THREAD),
    Benchmark("benchmarks.performance.patch_mixed_scaling", ranks=2, records=("patch_mixed_scaling",), env=ONE_THREAD),
    Benchmark("benchmarks.performance.patch_schur", records=("patch_schur",), env=ONE_THREAD),
    Benchmark("benchmarks.performance.uq_example", records=("uq_example",)),  # local and SLURM, 2 cores
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", help="run only benchmarks whose name contains one of these words")
    ap.add_argument("--quick", action="store_true", help="only the quick benchmarks")
    ap.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    ap.add_argument("--allow-dirty", action="store_true", help="run on uncommitted code (records go to results/dirty)")
    ap.add_argument("--timeout", type=float, default=7200.0, help="seconds allowed per benchmark (default 7200)")
    args = ap.parse_args(argv)
    chosen = [
        b
        for b in BENCHMARKS
        if (not args.quick or b.quick) and (not args.names or any(w in b.module for w in args.names))
    ]
    if args.list or not chosen:
        for b in chosen or BENCHMARKS:
            print(f"{b.name:28s} {'quick' if b.quick else '     '}  {' '.join(b.command()[-1 - len(b.args) :])}")
        return 0 if args.list else 2
    commit, changed = git_state()
    if changed and not args.allow_dirty:
        print(
            f"the tree has uncommitted changes ({', '.join(changed[:5])}{' …' if len(changed) > 5 else ''}): "
            "commit them first (each record names the commit it was measured on), or pass --allow-dirty",
            file=sys.stderr,
        )
        return 3
    print(f"{len(chosen)} benchmark(s) on commit {commit[:12]}", flush=True)
    outcomes = []
    for b in chosen:
        print(f"\n=== {b.name}: {' '.join(b.command())}", flush=True)
        t0 = time.perf_counter()
        try:
            code = subprocess.run(
                b.command(), cwd=ROOT, env={**os.environ, **b.env}, timeout=args.timeout, check=False
            ).returncode
        except subprocess.TimeoutExpired:
            code = -1
        outcomes.append((b, code, time.perf_counter() - t0))
    print("\nbenchmark                    verdict      time")
    for b, code, seconds in outcomes:
        verdict = _VERDICTS.get(code, "timeout" if code == -1 else f"error ({code})")
        print(f"{b.name:28s} {verdict:12s} {seconds:7.0f} s")
    return 0 if all(code == 0 for _, code, _ in outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
