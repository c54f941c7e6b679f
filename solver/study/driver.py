"""Run a study: expand, run the cases that need it with an executor, collect (``thermobond study``).

An adaptive study repeats this: after each run, :func:`.adaptiverun.advance` adds the next batch
of cases (or says why it stops), and the new cases run through the same executor.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..outputs import dumps_json
from .adaptiverun import advance
from .collect import StudyTable, collect
from .expand import ADAPTIVE_STATE, ExpandedStudy, case_state, expand, read_batches
from .local import run_local
from .outcome import CaseOutcome
from .record import record
from .slurm import follow, submit
from .spec import SlurmSettings, StudySpec

__all__ = ["StudyRun", "run_study", "stale_directories"]

log = logging.getLogger("thermobond.study")


@dataclass
class StudyRun:
    """What a study run did, with the driver's own timings (s)."""

    study: ExpandedStudy
    ran: list[str]
    skipped: list[str]
    outcomes: list[CaseOutcome] = field(default_factory=list)
    slurm_states: dict[str, str] = field(default_factory=dict)
    table: StudyTable | None = None
    timings: dict[str, float] = field(default_factory=dict)
    adaptive: Any = None  # the last AdaptiveDecision of an adaptive study

    @property
    def not_done(self) -> list[tuple[str, str, str]]:
        """(case, state, reason) of every case without a valid result."""
        out: list[tuple[str, str, str]] = []
        for c in self.study.cases:
            st = case_state(self.study.case_dir(c))
            if st.state != "done":
                reason = st.reason or self.slurm_states.get(c.id, "")
                out.append((c.id, st.state, reason))
        return out


def stale_directories(study: ExpandedStudy) -> list[str]:
    """Case directories left from an earlier version of the study (not in its manifest)."""
    ids = {c.id for c in study.cases}
    d = study.root / "cases"
    return sorted(p.name for p in d.iterdir() if p.is_dir() and p.name not in ids) if d.is_dir() else []


def run_study(
    spec: StudySpec,
    root: Path,
    *,
    executor: str | None = None,
    resume: bool = False,
    workers: int | None = None,
    ranks: int | None = None,
    slurm: SlurmSettings | None = None,
    wait: bool = True,
    case_timeout: float | None = None,
    poll: float = 5.0,
    target: Callable[[Path], int] | None = None,
) -> StudyRun:
    """Expand ``spec`` into ``root`` and run its cases (all, or with ``resume`` those without a result).

    An adaptive study then adds batches and runs them until it stops (:mod:`.adaptiverun`);
    without ``resume`` it starts again from its initial design.

    Args:
        spec: The study.
        root: Its folder.
        executor: ``local`` or ``slurm`` (default: the study's).
        resume: Keep the cases that have a result.
        workers: Cases at a time (local; default: the study's).
        ranks: MPI ranks per case (default: the study's).
        slurm: sbatch settings (default: the study's).
        wait: Follow a SLURM job to its end (False: submit and return; an adaptive study then
            goes on with ``resume``).
        case_timeout: Wall-clock limit of one case (s, local).
        poll: Seconds between two looks at the SLURM queue.
        target: What a local warm worker runs for a case instead of ``thermobond run`` (a
            module-level function of the case folder returning an exit code).
    """
    options: dict[str, Any] = dict(
        executor=executor, workers=workers, ranks=ranks, slurm=slurm, wait=wait, case_timeout=case_timeout, poll=poll
    )
    if spec.mode != "adaptive":
        return _run_once(spec, root, resume=resume, target=target, extra=None, **options)
    if not resume:
        (root / ADAPTIVE_STATE).unlink(missing_ok=True)
    run = _run_once(spec, root, resume=resume, target=target, extra=read_batches(root), **options)
    while run.table is not None:
        run.adaptive = advance(root, run.table.rows, seed=spec.seed)
        if run.adaptive.stop:
            break
        again = _run_once(spec, root, resume=True, target=target, extra=read_batches(root), **options)
        again.adaptive, run = run.adaptive, again
    return run


def _run_once(
    spec: StudySpec,
    root: Path,
    *,
    executor: str | None,
    resume: bool,
    workers: int | None,
    ranks: int | None,
    slurm: SlurmSettings | None,
    wait: bool,
    case_timeout: float | None,
    poll: float,
    target: Callable[[Path], int] | None,
    extra: list[list[float]] | None,
) -> StudyRun:
    t0 = time.perf_counter()
    study = expand(spec, root, extra=extra)
    t_expand = time.perf_counter() - t0
    executor = executor or spec.executor
    ranks = ranks or spec.ranks
    todo, skipped = [], []
    running = []
    for c in study.cases:
        state = case_state(study.case_dir(c)).state
        if state == "running":  # another driver's process is still writing it: never two writers
            running.append(c.id)
        elif resume and state == "done":
            skipped.append(c.id)
        else:
            todo.append(c)
    if running:
        log.warning(
            "%d case(s) are being written by another process and are left to it: %s",
            len(running),
            ", ".join(running[:5]) + (" …" if len(running) > 5 else ""),
        )
    run = StudyRun(study, [c.id for c in todo], skipped, timings={"expand": t_expand})
    stale = stale_directories(study)
    if stale:
        log.info(
            "%d case directories are not part of this study any more (ignored): %s",
            len(stale),
            ", ".join(stale[:5]) + (" …" if len(stale) > 5 else ""),
        )
    if resume and skipped:
        log.info("resume: %d of %d cases already have a result", len(skipped), len(study.cases))
    if not todo:
        log.info("nothing to run")
    elif executor == "local":
        n = workers if workers else (spec.workers or max(1, (os.cpu_count() or 1) // ranks))
        log.info(
            "running %d case%s locally: %d at a time, %d MPI rank%s each",
            len(todo),
            "" if len(todo) == 1 else "s",
            n,
            ranks,
            "" if ranks == 1 else "s",
        )

        def progress(out: CaseOutcome, k: int, total: int) -> None:
            note = "" if out.state == "done" else f" — {out.state}: {out.reason}"
            log.info("[%d/%d] %s %s in %.1f s%s", k, total, out.id, out.state, out.seconds, note)

        t1 = time.perf_counter()
        run.outcomes = run_local(
            [(c.id, study.case_dir(c)) for c in todo],
            workers=n,
            ranks=ranks,
            timeout=case_timeout,
            progress=progress,
            cases_per_worker=spec.cases_per_worker,
            target=target,
        )
        run.timings["execute"] = time.perf_counter() - t1
    else:
        settings = slurm or spec.slurm
        t1 = time.perf_counter()
        for c in todo:  # a resubmitted case starts clean: an old failure must not outlive it
            (study.case_dir(c) / "failure.json").unlink(missing_ok=True)
        job = submit(root, spec.name, [study.case_dir(c) for c in todo], settings, ranks)
        run.timings["submit"] = time.perf_counter() - t1
        log.info(
            "submitted job array %s: %d task%s (%s)", job.job_id, job.tasks, "" if job.tasks == 1 else "s", job.script
        )
        if wait:

            def report(counts: dict[str, int]) -> None:
                log.info(
                    "job %s: %d pending, %d running, %d finished of %d",
                    job.job_id,
                    counts["pending"],
                    counts["running"],
                    counts["finished"],
                    job.tasks,
                )

            states = follow(job, poll=poll, progress=report)
            run.timings["execute"] = time.perf_counter() - t1
            for task, final in states.items():
                for i in job.task_cases(task) if task < job.tasks else []:
                    run.slurm_states[todo[i].id] = final
                    if final != "COMPLETED":  # killed together with its script: nothing else said why
                        record(study.case_dir(todo[i]), None, f"{job.job_id}_{task}", final)
    if wait or executor == "local":
        t2 = time.perf_counter()
        run.table = collect(root)
        run.timings["collect"] = time.perf_counter() - t2
    execution: dict[str, Any] = {
        "executor": executor,
        "resume": resume,
        "ranks": ranks,
        "ran": run.ran,
        "skipped": skipped,
        "timings_s": run.timings,
        "case_seconds": {o.id: o.seconds for o in run.outcomes},
        "slurm_states": run.slurm_states,
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    with open(root / "executions.jsonl", "a") as fh:  # one line per run of the study
        fh.write(json.dumps(json.loads(dumps_json(execution))) + "\n")
    return run
