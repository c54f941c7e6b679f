"""The SLURM executor: one job array, each array task running one case or a chunk of cases, followed
through squeue/sacct.

The batch script lists the case directories of this submission; array task i runs the cases
``i·k … i·k + k − 1`` (``k = cases_per_task``, 1 by default) in turn. A case on several ranks runs
with ``srun --mpi=pmi2 -n R`` (or ``mpiexec -n R`` inside the allocation) of ``thermobond run``; a
chunk of serial cases runs in one warm worker process (:mod:`.chunk`: the interpreter, DOLFINx and
the compiled forms are loaded once per task, not once per case; a case that fails retires its
worker, as on the local executor). A case that ends without a result records why (``failure.json``,
from the run's own SIGTERM handler at a time limit, or from the script's epilogue with the exit
code), so a killed case is never mistaken for a finished one. While the job runs, the driver polls
``squeue``; at the end it asks ``sacct`` (or ``scontrol`` where accounting is off) for each task's
final state, and a task that did not complete fails every case of its chunk that left no record.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..outputs import atomic_write_text
from .spec import SlurmSettings

__all__ = ["SlurmJob", "array_states", "follow", "submit", "write_batch_script"]


@dataclass(frozen=True)
class SlurmJob:
    """A submitted job array: its id, script, the case directories and how many each task runs.

    Array task ``i`` runs ``cases[i * cases_per_task : (i + 1) * cases_per_task]``.
    """

    job_id: str
    script: Path
    cases: list[Path]
    cases_per_task: int = 1

    @property
    def tasks(self) -> int:
        """Array tasks of the job."""
        return -(-len(self.cases) // self.cases_per_task)

    def task_cases(self, task: int) -> list[int]:
        """Indices into :attr:`cases` of the cases array task ``task`` runs."""
        k = self.cases_per_task
        return list(range(task * k, min((task + 1) * k, len(self.cases))))


def _sbatch_lines(name: str, n: int, settings: SlurmSettings, ranks: int, logdir: Path) -> list[str]:
    array = f"0-{n - 1}" + (f"%{settings.max_parallel}" if settings.max_parallel else "")
    lines = [
        f"#SBATCH --job-name=tb-{name}",
        f"#SBATCH --array={array}",
        f"#SBATCH --ntasks={ranks}",
        f"#SBATCH --time={settings.time}",
        f"#SBATCH --output={logdir}/%A_%a.log",
        "#SBATCH --open-mode=append",
    ]
    if settings.partition:
        lines.append(f"#SBATCH --partition={settings.partition}")
    if settings.account:
        lines.append(f"#SBATCH --account={settings.account}")
    lines += [f"#SBATCH {opt}" for opt in settings.options]
    return lines


def write_batch_script(
    path: Path, name: str, cases: list[Path], settings: SlurmSettings, ranks: int, python: str | None = None
) -> Path:
    """The sbatch script of a job array over ``cases`` (array index = position in the list)."""
    py = shlex.quote(python or sys.executable)
    if settings.launcher == "srun":
        launch = f"srun --mpi=pmi2 -n {ranks} --kill-on-bad-exit=1"
    else:
        mpiexec = Path(python or sys.executable).parent / "mpiexec"
        launch = f"{shlex.quote(str(mpiexec)) if mpiexec.is_file() else 'mpiexec'} -n {ranks}"
    dirs = "\n".join(f"  {shlex.quote(str(c))}" for c in cases)
    k = settings.cases_per_task
    task = "${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"
    if k > 1 and ranks == 1:  # serial cases: one warm worker runs the chunk
        body = [
            f'{py} -m thermobond.study.chunk "${{CHUNK[@]}}"',
            "rc=$?",
            'for CASE in "${CHUNK[@]}"; do',
            f'  {py} -m thermobond.study.record "$CASE" "$rc" "{task}"',
            "done",
        ]
    else:
        body = [
            "rc=0",
            'for CASE in "${CHUNK[@]}"; do',
            f'  echo "thermobond: case $CASE on $(hostname), job {task}"',
            f'  {launch} {py} -m thermobond -q run "$CASE/input.toml" -o "$CASE" > "$CASE/run.log" 2>&1',
            "  code=$?",
            f'  {py} -m thermobond.study.record "$CASE" "$code" "{task}"',
            '  [ "$code" -eq 0 ] || rc=$code',
            "done",
        ]
    text = "\n".join(
        [
            "#!/bin/bash",
            *_sbatch_lines(name, -(-len(cases) // k), settings, ranks, path.parent),
            f"# thermobond study: {k} case(s) per array task (written by `thermobond study --executor slurm`)",
            "set -u",
            f"CASES=(\n{dirs}\n)",
            f'CHUNK=("${{CASES[@]:$((SLURM_ARRAY_TASK_ID * {k})):{k}}}")',
            "export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1",
            *body,
            "exit $rc",
            "",
        ]
    )
    atomic_write_text(path, text)
    path.chmod(0o755)
    return path


def _run(cmd: list[str]) -> str:
    r = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr.strip() or r.stdout.strip()}")
    return r.stdout


def submit(root: Path, name: str, cases: list[Path], settings: SlurmSettings, ranks: int) -> SlurmJob:
    """Write the batch script into ``root/slurm/`` and submit it; returns the job."""
    logdir = root / "slurm"
    logdir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    script = write_batch_script(logdir / f"array-{stamp}.sbatch", name, cases, settings, ranks)
    out = _run(["sbatch", "--parsable", str(script)]).strip()
    job_id = out.split(";")[0]
    k = settings.cases_per_task
    atomic_write_text(
        logdir / f"job-{job_id}.json",
        json.dumps(
            {"job_id": job_id, "script": str(script), "cases": [str(c) for c in cases], "cases_per_task": k}, indent=2
        ),
    )
    return SlurmJob(job_id, script, cases, k)


def _queued(job_id: str) -> dict[int, str]:
    """Array index → state of the tasks still known to squeue (pending tasks may be grouped)."""
    out = _run(["squeue", "-h", "-r", "-j", job_id, "-o", "%i|%T"])
    states: dict[int, str] = {}
    for line in out.splitlines():
        jid, _, state = line.strip().partition("|")
        _, _, idx = jid.partition("_")
        if idx.isdigit():
            states[int(idx)] = state
    return states


def array_states(job_id: str) -> dict[int, str]:
    """Final state of every array task: from sacct, or from scontrol where accounting is off."""
    r = subprocess.run(
        ["sacct", "-n", "-P", "-X", "-j", job_id, "-o", "JobID,State"], capture_output=True, text=True, check=False
    )
    states: dict[int, str] = {}
    if r.returncode == 0:
        for line in r.stdout.splitlines():
            jid, _, state = line.partition("|")
            _, _, idx = jid.partition("_")
            if idx.isdigit():
                states[int(idx)] = state.split()[0]
        if states:
            return states
    r = subprocess.run(["scontrol", "-o", "show", "job", job_id], capture_output=True, text=True, check=False)
    for line in r.stdout.splitlines():
        fields = dict(f.split("=", 1) for f in line.split() if "=" in f)
        idx = fields.get("ArrayTaskId", "")
        if idx.isdigit():
            states[int(idx)] = fields.get("JobState", "UNKNOWN")
    return states


def follow(
    job: SlurmJob, *, poll: float = 5.0, progress: Callable[[dict[str, int]], None] | None = None
) -> dict[int, str]:
    """Wait until no task of the job is queued or running; returns the final state of each array task
    (``progress`` gets counts of tasks)."""
    last: dict[str, int] = {}
    while True:
        queued = _queued(job.job_id)
        counts = {"pending": 0, "running": 0}
        for s in queued.values():
            counts["running" if s in ("RUNNING", "COMPLETING") else "pending"] += 1
        counts["finished"] = job.tasks - len(queued)
        if progress is not None and counts != last:
            progress(counts)
            last = counts
        if not queued:
            # squeue lists a pending array as one line until its tasks start: make sure it is gone
            if not _run(["squeue", "-h", "-j", job.job_id, "-o", "%i"]).strip():
                break
        time.sleep(poll)
    return array_states(job.job_id)
