"""``thermobond study STUDY``: expand a study into cases, run them (local pool or SLURM), collect."""

from __future__ import annotations

import argparse
import dataclasses

from ..errors import InputError
from ..study import case_state, expand, load_study, run_study
from .common import EXIT_CASES_FAILED, EXIT_OK, results_dir, say

__all__ = ["main"]


def main(args: argparse.Namespace) -> int:
    spec = load_study(args.study)
    root = results_dir(args.output, spec.name)
    if root.exists() and not root.is_dir():
        raise InputError("the study folder is a file", key="--output", value=str(root), accepted="a folder")
    if args.dry_run:
        study = expand(spec, root, write=False)
        keys = [p.key for p in spec.parameters]
        say(f"{spec.path}: study '{spec.name}', {spec.mode}, {len(study.cases)} cases (all valid) in {root}")
        cells = [[c.id, case_state(study.case_dir(c)).state, *[str(c.values[k]) for k in keys]] for c in study.cases]
        widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(["case", "state", *keys])]
        for row in [["case", "state", *keys], *cells]:
            say(("  " + "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True))).rstrip())
        todo = [c for c in study.cases if not args.resume or case_state(study.case_dir(c)).state != "done"]
        say(f"  would run {len(todo)} case(s) with the {args.executor or spec.executor} executor")
        return EXIT_OK
    slurm = spec.slurm
    overrides = {
        k: v
        for k, v in (
            ("partition", args.partition),
            ("time", args.time),
            ("account", args.account),
            ("max_parallel", args.max_parallel),
            ("launcher", args.launcher),
            ("cases_per_task", args.cases_per_task),
        )
        if v is not None
    }
    slurm = dataclasses.replace(slurm, **overrides)
    run = run_study(
        spec,
        root,
        executor=args.executor,
        resume=args.resume,
        workers=args.workers,
        ranks=args.ranks,
        slurm=slurm,
        wait=not args.no_wait,
        case_timeout=args.case_timeout,
    )
    done = len(run.study.cases) - len(run.not_done)
    say(f"Study {spec.name}: {done} of {len(run.study.cases)} cases done ({len(run.skipped)} kept from before)")
    for cid, state, reason in run.not_done:
        say(f"  {state:<10} {cid}  {reason}")
    if run.adaptive is not None:
        a = run.adaptive
        say(
            f"  adaptive: {a.stop or 'continues'} after {a.cases} cases; boundary ±{a.boundary_sd:.3g} along "
            f"{spec.parameters[0].key} (tolerance {a.tolerance:.3g}; adaptive.json)"
        )
    if run.table is not None:
        also = f" and {run.table.parquet_path.name}" if run.table.parquet_path else ""
        say(f"  table: {run.table.csv_path}{also}")
        say(f"  report: thermobond report {root}")
    elif args.no_wait:
        say(f"  submitted; follow with squeue, then: thermobond collect {root}")
    return EXIT_OK if not run.not_done or args.no_wait else EXIT_CASES_FAILED
