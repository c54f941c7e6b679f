"""Parameter studies end to end: local pool, failures, interrupt and resume, report, and a real SLURM.

The cases are the flagship laminate on a coarse mesh (a few seconds each); they run as separate
`thermobond run` processes, so these tests are not repeated under `mpiexec` (one of them runs its
case on 2 MPI ranks instead).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CASES

FIXED = """
[fixed]
"output.fields" = false
"output.plots" = false
"mesh.width" = "1 mm"
"mesh.element_size" = "100 um"
"solver.max_temperature_change" = "50 K"
"""
GRID = """
[[parameters]]
key = "stack.tpi.thickness"
label = "TPI thickness"
values = ["3 um", "6 um"]
[[parameters]]
key = "cycle.cool.rate"
label = "cooling rate"
values = ["2 K/min", "8 K/min"]
[report]
responses = ["stack.curvature_1_per_m", "stack.edge_interface_shear_Pa"]
"""


def _study(tmp: Path, name: str, body: str) -> Path:
    p = tmp / f"{name}.toml"
    head = f'schema_version = 1\nname = "{name}"\nbase = "{CASES / "flagship_single_sided.toml"}"\n'
    p.write_text(head + FIXED + body)
    return p


def _thermobond(*args: str) -> int:
    from thermobond.cli import main

    return main(list(args))


@pytest.fixture(scope="module")
def local_study(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("local")
    root = tmp / "out"
    assert _thermobond("study", str(_study(tmp, "window", GRID)), "-o", str(root), "--workers", "2") == 0
    return root


def _table(root: Path) -> list[dict[str, str]]:
    import csv

    with open(root / "collected.csv", newline="") as fh:
        return list(csv.DictReader(fh))


def test_local_study_completes(local_study):
    rows = _table(local_study)
    assert [r["status"] for r in rows] == ["done"] * 4
    # every case solved its own input: the thicker TPI takes more of the mismatch strain
    k = {
        (round(float(r["stack.tpi.thickness_m"]) * 1e6), round(float(r["cycle.cool.rate_K_per_s"]) * 60)): float(
            r["stack.curvature_1_per_m"]
        )
        for r in rows
    }
    assert k[(6, 2)] > k[(3, 2)] > 0
    import pyarrow.parquet as pq

    t = pq.read_table(local_study / "collected.parquet")
    assert t.num_rows == 4 and "stack.tpi.thickness_m" in t.column_names and "claim.002-7.verdict" in t.column_names
    assert t.column("stack.curvature_1_per_m").to_pylist() == [float(r["stack.curvature_1_per_m"]) for r in rows]


def test_a_failing_case_is_reported_and_the_rest_finish(tmp_path, capsys):
    """A case whose Newton solver may not iterate fails at its first solve; the other case finishes."""
    body = '[[parameters]]\nkey = "solver.petsc.snes_max_it"\nvalues = [25, 0]\n'
    root = tmp_path / "out"
    assert _thermobond("study", str(_study(tmp_path, "failing", body)), "-o", str(root)) == 4
    out = capsys.readouterr().out
    assert re.search(r"failed\s+c0001-\w+\s+.*Newton did not converge", out)
    rows = _table(root)
    assert [r["status"] for r in rows] == ["done", "failed"]
    assert "Newton did not converge" in rows[1]["reason"] and rows[1]["stack.curvature_1_per_m"] == ""
    failure = json.loads(next((root / "cases").glob("c0001-*/failure.json")).read_text())
    assert failure["error"] == "ConvergenceError"
    assert not list((root / "cases").glob("c0001-*/summary.json"))


def test_an_unknown_solver_is_refused_before_anything_runs(tmp_path, capsys):
    """PETSc options are checked when the study is expanded: exit 2 naming the case, nothing written."""
    body = '[[parameters]]\nkey = "solver.petsc.pc_factor_mat_solver_type"\nvalues = ["mumps", "nonexistent"]\n'
    root = tmp_path / "out"
    assert _thermobond("study", str(_study(tmp_path, "failing", body)), "-o", str(root)) == 2
    err = re.sub(r"\s+", " ", capsys.readouterr().err)
    assert "c0001" in err and "nonexistent" in err and "mumps" in err
    assert not root.exists()


def test_interrupted_study_resumes_without_redoing_cases(tmp_path):
    body = '[[parameters]]\nkey = "stack.tpi.thickness"\nvalues = ["3 um", "4 um", "5 um", "6 um"]\n'
    study = _study(tmp_path, "interrupted", body)
    root = tmp_path / "out"
    driver = subprocess.Popen(
        [sys.executable, "-m", "thermobond", "study", str(study), "-o", str(root), "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    t0 = time.monotonic()
    while not list((root / "cases").glob("*/summary.json")) and time.monotonic() - t0 < 120:
        time.sleep(0.2)
    driver.send_signal(signal.SIGINT)
    out = driver.communicate(timeout=60)[0].decode()
    assert driver.returncode == 130, out
    assert "--resume" in out
    from thermobond.study import case_state, read_manifest

    ids = [c["id"] for c in read_manifest(root)["cases"]]
    states = {i: case_state(root / "cases" / i) for i in ids}
    done = [i for i, s in states.items() if s.state == "done"]
    assert 1 <= len(done) < 4, states
    # the case that was running when the driver stopped recorded its termination
    assert all(s.state in ("done", "failed", "pending") for s in states.values()), states
    assert (
        any("terminated" in s.reason for s in states.values() if s.state == "failed")
        or len(done) + sum(s.state == "pending" for s in states.values()) == 4
    )
    stamps = {i: (root / "cases" / i / "summary.json").stat().st_mtime_ns for i in done}
    assert _thermobond("study", str(study), "-o", str(root), "--resume", "--workers", "2") == 0
    assert all(case_state(root / "cases" / i).state == "done" for i in ids)
    assert {i: (root / "cases" / i / "summary.json").stat().st_mtime_ns for i in done} == stamps
    last = json.loads((root / "executions.jsonl").read_text().splitlines()[-1])
    assert sorted(last["skipped"]) == sorted(done) and sorted(last["ran"]) == sorted(set(ids) - set(done))


def test_each_case_on_two_mpi_ranks(tmp_path):
    body = '[[parameters]]\nkey = "stack.tpi.thickness"\nvalues = ["4 um"]\n[execution]\nranks = 2\n'
    root = tmp_path / "out"
    assert _thermobond("study", str(_study(tmp_path, "mpi", body)), "-o", str(root)) == 0
    meta = json.loads(next((root / "cases").glob("*/metadata.json")).read_text())
    assert meta["mpi_size"] == 2


def test_report_files_pages_and_embedded_images(local_study):
    """The report of a real (small) study: the verdict first, the maps of the two responses asked
    for, one table row per case, every page in the PDF; vector figures inline in the HTML."""
    assert _thermobond("report", str(local_study)) == 0
    rep = local_study / "report"
    titles = json.loads((rep / "pages.json").read_text())
    assert titles[0] == "Which recipes pass"
    maps = [t for t in titles if t.startswith("Process window: window-")]
    assert maps == ["Process window: window-curvature_1_per_m", "Process window: window-edge_interface_shear_Pa"]
    from pypdf import PdfReader

    pdf = PdfReader(rep / "report.pdf")
    assert len(pdf.pages) == len(titles) == len(list((rep / "pages").glob("*.png")))
    assert "Which recipes pass" in pdf.pages[0].extract_text()
    html = (rep / "report.html").read_text()
    assert html.count("<svg") == len(list((rep / "figures").glob("*.svg"))) > 0
    assert "<img" not in html and not re.search(r"(src|href)=['\"](?!#)", html)  # self-contained
    rows = re.findall(r"<tr( class=\"(pass|fail)\")?><td>[^<]*</td><td>c000\d-", html)
    assert len(rows) >= 4  # every case in the pass/fail table


# ---- a real SLURM cluster on this machine -----------------------------------------------------
@pytest.fixture(scope="module")
def slurm(tmp_path_factory):
    from tests.slurmcluster import LocalSlurm, SlurmUnavailable

    cluster = LocalSlurm(tmp_path_factory.mktemp("slurm"))
    try:
        cluster.start()
    except SlurmUnavailable as exc:
        pytest.skip(f"no SLURM: {exc}")
    saved = os.environ.get("SLURM_CONF")
    os.environ.update(cluster.env)
    yield cluster
    cluster.stop()
    if saved is None:
        os.environ.pop("SLURM_CONF", None)
    else:
        os.environ["SLURM_CONF"] = saved


def _comparable(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{k: v for k, v in r.items() if not k.endswith("wall_time_s")} for r in rows]


@pytest.mark.slurm
def test_slurm_array_gives_the_local_table(slurm, local_study, tmp_path):
    root = tmp_path / "out"
    assert (
        _thermobond(
            "study", str(_study(tmp_path, "window", GRID)), "-o", str(root), "--executor", "slurm", "--time", "00:10:00"
        )
        == 0
    )
    scripts = list((root / "slurm").glob("array-*.sbatch"))
    assert len(scripts) == 1 and "#SBATCH --array=0-3" in scripts[0].read_text()
    assert "srun --mpi=pmi2" in scripts[0].read_text()
    assert _comparable(_table(root)) == _comparable(_table(local_study))


@pytest.mark.slurm
def test_slurm_runs_3d_patches_on_two_ranks_each(slurm, tmp_path):
    """A study of 3-D interface patches with ``--ranks 2`` on SLURM: one array task per case started
    by ``srun -n 2``, each case run on 2 ranks, its bonded fraction in the study's table. (That a
    patch gives the same bonded area on 1 and 2 ranks is ``test_patch_case``'s.)"""
    from tests.regression.test_patch_case import short_case_text

    base = tmp_path / "patch.toml"
    base.write_text(short_case_text().replace("fields = true", "fields = false\nplots = false"))
    study = tmp_path / "patches.toml"
    study.write_text(
        f'schema_version = 1\nname = "patches"\nbase = "{base}"\n[[parameters]]\nkey = "cycle.heat.pressure"\n'
        'values = ["1 MPa", "3 MPa"]\n[report]\nresponses = ["patch.bonded_fraction_final"]\n'
    )
    on_slurm = tmp_path / "slurm"
    args = ("study", str(study), "--time", "00:10:00", "-o", str(on_slurm))
    assert _thermobond(*args, "--executor", "slurm", "--ranks", "2") == 0
    script = next((on_slurm / "slurm").glob("array-*.sbatch")).read_text()
    assert "#SBATCH --array=0-1" in script and "#SBATCH --ntasks=2" in script and "srun --mpi=pmi2 -n 2" in script
    sizes = [json.loads(p.read_text())["mpi_size"] for p in sorted((on_slurm / "cases").glob("*/metadata.json"))]
    assert sizes == [2, 2]
    rows = _table(on_slurm)
    assert [r["status"] for r in rows] == ["done", "done"]
    bonded = {r["cycle.heat.pressure_Pa"]: float(r["patch.bonded_fraction_final"]) for r in rows}
    assert len(bonded) == 2 and all(0.2 < b <= 1.0 for b in bonded.values()), bonded


@pytest.mark.parametrize(("n", "k", "ranks"), [(7, 3, 1), (4, 1, 1), (5, 2, 2)])
def test_each_array_task_gets_its_chunk_of_cases(tmp_path, n, k, ranks):
    """The batch script's array covers ⌈n/k⌉ tasks and task i runs cases i·k … i·k + k − 1 (bash
    evaluates the script's own lines), serial chunks in one warm worker, MPI cases one by one."""
    from thermobond.study.slurm import SlurmJob, write_batch_script
    from thermobond.study.spec import SlurmSettings

    cases = [tmp_path / f"case {i}" for i in range(n)]  # a space in a path must survive
    script = write_batch_script(tmp_path / "a.sbatch", "t", cases, SlurmSettings(cases_per_task=k), ranks).read_text()
    tasks = -(-n // k)
    assert f"#SBATCH --array=0-{tasks - 1}" in script
    lines = script.splitlines()
    start = lines.index("CASES=(")
    chunk = next(ln for ln in lines if ln.startswith("CHUNK="))
    setup = "\n".join(lines[start : lines.index(")", start) + 1])
    for task in range(tasks):
        out = subprocess.run(
            ["bash", "-c", f'{setup}\nSLURM_ARRAY_TASK_ID={task}\n{chunk}\nprintf "%s\\n" "${{CHUNK[@]}}"'],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        assert out == [str(c) for c in cases[task * k : (task + 1) * k]]
        assert SlurmJob("1", tmp_path, cases, k).task_cases(task) == list(range(task * k, min(n, (task + 1) * k)))
    assert ("thermobond.study.chunk" in script) == (k > 1 and ranks == 1)


@pytest.mark.slurm
def test_slurm_tasks_run_chunks_of_cases_in_one_warm_worker(slurm, local_study, tmp_path):
    """Two cases per array task: half the tasks, the same table as the local executor, and each task's
    second case run by the worker process that ran its first (the start-up paid once per task)."""
    root = tmp_path / "out"
    study = _study(tmp_path, "window", GRID)
    assert _thermobond("study", str(study), "-o", str(root), "--executor", "slurm", "--cases-per-task", "2") == 0
    script = next((root / "slurm").glob("array-*.sbatch")).read_text()
    assert "#SBATCH --array=0-1" in script and "-m thermobond.study.chunk" in script
    assert _comparable(_table(root)) == _comparable(_table(local_study))
    logs = "".join(p.read_text() for p in (root / "slurm").glob("*.log"))
    assert len(re.findall(r"case 2 of 2: \S+ done", logs)) == 2, logs
    pids = {}
    for d in sorted((root / "cases").iterdir()):
        m = re.search(r"worker pid (\d+)", (d / "run.log").read_text())
        assert m, (d / "run.log").read_text()
        pids[d.name] = m.group(1)
    assert len(set(pids.values())) == 2, pids  # two tasks, two workers, two cases each


@pytest.mark.slurm
@pytest.mark.slow  # about a minute of batch scheduling; a local interrupted study's resume runs by default
def test_slurm_resume_after_a_cancelled_task(slurm, tmp_path):
    study = _study(tmp_path, "cancel", GRID)
    root = tmp_path / "out"
    assert (
        _thermobond("study", str(study), "-o", str(root), "--executor", "slurm", "--max-parallel", "1", "--no-wait")
        == 0
    )
    job = json.loads(next((root / "slurm").glob("job-*.json")).read_text())["job_id"]
    subprocess.run(["scancel", f"{job}_2"], check=True)
    t0 = time.monotonic()
    while subprocess.run(["squeue", "-h", "-j", job], capture_output=True, text=True).stdout.strip():
        assert time.monotonic() - t0 < 300
        time.sleep(1)
    from thermobond.study import case_state, read_manifest

    ids = [c["id"] for c in read_manifest(root)["cases"]]
    states = [case_state(root / "cases" / i).state for i in ids]
    assert states[2] != "done" and states.count("done") == 3
    assert _thermobond("study", str(study), "-o", str(root), "--executor", "slurm", "--resume") == 0
    assert [case_state(root / "cases" / i).state for i in ids] == ["done"] * 4
    resubmitted = sorted((root / "slurm").glob("array-*.sbatch"))[-1].read_text()
    assert "#SBATCH --array=0-0" in resubmitted and ids[2] in resubmitted


def test_sigterm_leaves_a_failed_case_not_a_result(tmp_path):
    """A batch time limit sends SIGTERM: the run records it and never leaves a summary behind."""
    slow = '[[parameters]]\nkey = "solver.max_step"\nvalues = ["2 s"]\n'  # ~1400 steps: still running when hit
    study = _study(tmp_path, "term", slow)
    from thermobond.study import case_state, expand, load_study

    ex = expand(load_study(study), tmp_path / "out")
    d = ex.case_dir(ex.cases[0])
    proc = subprocess.Popen(
        [sys.executable, "-m", "thermobond", "run", str(d / "input.toml"), "-o", str(d)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    t0 = time.monotonic()
    while not (d / "history.csv.part").is_file() and time.monotonic() - t0 < 60:  # solving
        time.sleep(0.1)
    proc.send_signal(signal.SIGTERM)
    time.sleep(0.01)
    proc.send_signal(signal.SIGTERM)  # as srun forwarding the step's own signal: the record must survive
    out = proc.communicate(timeout=60)[0].decode()
    assert proc.returncode == 143, out
    assert "terminated" in out
    st = case_state(d)
    assert st.state == "failed" and "Terminated" in st.reason
    assert not (d / "summary.json").exists()


@pytest.mark.slurm
@pytest.mark.slow  # waits for a real 1-minute time limit; SIGTERM → failed case runs by default (above)
def test_slurm_time_limit_leaves_a_failed_case(slurm, tmp_path):
    """A task killed at its real SLURM time limit (1 min) shows as failed, with TIMEOUT, never done."""
    slow = (  # a 7.5 h cool-down in 1 s steps: far longer than the limit
        '[[parameters]]\nkey = "solver.max_step"\nvalues = ["1 s"]\n'
        '[[parameters]]\nkey = "cycle.cool.rate"\nvalues = ["0.5 K/min"]\n'
    )
    from thermobond.study import SlurmSettings, case_state, load_study, run_study

    spec = load_study(_study(tmp_path, "limit", slow))
    run = run_study(spec, tmp_path / "out", executor="slurm", slurm=SlurmSettings(time="00:01:00"), poll=2.0)
    (case,) = run.study.cases
    d = run.study.case_dir(case)
    assert run.slurm_states == {case.id: "TIMEOUT"}
    assert not (d / "summary.json").exists()
    st = case_state(d)
    assert st.state == "failed" and "Terminated" in st.reason, st
    assert run.not_done == [(case.id, "failed", st.reason)]
    assert run.table is not None and [r["case"] for r in run.table.failed] == [case.id]


def test_a_task_killed_with_its_batch_script_is_failed_with_its_slurm_state(tmp_path, monkeypatch):
    """SIGKILL (out of memory, a node failure) takes the run and the epilogue together: the driver then
    records the task's final SLURM state, so the case reads as failed, not as still running."""
    import thermobond.study.driver as driver
    from thermobond.study import case_state, load_study, run_study
    from thermobond.study.slurm import SlurmJob

    spec = load_study(_study(tmp_path, "oom", GRID))
    root = tmp_path / "out"

    def submit(root_, name, cases, settings, ranks):
        (cases[1] / "summary.json").write_text("{}")  # as if task 1 had finished
        return SlurmJob("77", root_ / "slurm" / "array.sbatch", cases)

    def follow(job, poll, progress):
        for d in job.cases:
            (d / "case.toml").write_text((d / "input.toml").read_text())  # every task had started
        return {0: "OUT_OF_MEMORY", 1: "COMPLETED", 2: "TIMEOUT", 3: "COMPLETED"}

    monkeypatch.setattr(driver, "submit", submit)  # where the driver looks them up
    monkeypatch.setattr(driver, "follow", follow)
    run = run_study(spec, root, executor="slurm")
    states = [case_state(run.study.case_dir(c)) for c in run.study.cases]
    assert [s.state for s in states] == ["failed", "done", "failed", "incomplete"]
    assert states[0].reason.startswith("SlurmOutOfMemory: the run ended OUT_OF_MEMORY in batch task 77_0")
    assert states[2].reason.startswith("SlurmTimeout: the run ended TIMEOUT in batch task 77_2")
