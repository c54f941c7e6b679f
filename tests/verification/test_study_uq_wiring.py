"""The uncertainty analysis through a study file: Sobol' designs, collect's indices and probability map,
the adaptive driver, and the warm workers' isolation.

Cases here are analytic stand-ins run by the local executor's warm workers (``run_study(target=...)``):
each reads its parameter values from the study's manifest and writes a summary, so the study path
(load, expand, execute, collect) is the real one and the reference values are exact.
"""

from __future__ import annotations

import json
import math
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from scipy.special import ndtr
from thermobond.study import collect, expand, load_study, run_study
from thermobond.study.adaptive import probability_met

from tests.conftest import CASES
from tests.verification.test_study_adaptive import C0, boundary_error, dense_grid_error
from tests.verification.test_study_sensitivity import ISHIGAMI_A, ISHIGAMI_B, ishigami_exact

FLAGSHIP = CASES / "flagship_single_sided.toml"
WINDOW_BASE = CASES / "lamination_with_interface.toml"
ISHIGAMI_KEYS = {  # key → (column in the manifest's numbers, low, high): mapped affinely onto [−π, π]
    "cycle.cool.rate": (2.0 / 60.0, 8.0 / 60.0),
    "stack.tpi.thickness": (3e-6, 6e-6),
    "stack.cu.thickness": (9e-6, 18e-6),
}


def _numbers(case_dir: Path) -> dict[str, float]:
    man = json.loads((case_dir.parent.parent / "manifest.json").read_text())
    return next(c["number"] for c in man["cases"] if c["id"] == case_dir.name)


def _finish(case_dir: Path, summary: dict[str, object]) -> int:
    (case_dir / "summary.json").write_text(json.dumps(summary))
    shutil.copyfile(case_dir / "input.toml", case_dir / "case.toml")  # the run's own copy of its input
    return 0


def ishigami_case(case_dir: Path) -> int:
    """f = sin x1 + a sin² x2 + b x3⁴ sin x1 of the case's parameters mapped onto [−π, π]."""
    v = _numbers(case_dir)
    x = [-math.pi + 2.0 * math.pi * (v[k] - lo) / (hi - lo) for k, (lo, hi) in ISHIGAMI_KEYS.items()]
    f = math.sin(x[0]) + ISHIGAMI_A * math.sin(x[1]) ** 2 + ISHIGAMI_B * x[2] ** 4 * math.sin(x[0])
    return _finish(case_dir, {"ishigami": f, "constant": 1.0})


def window_case(case_dir: Path) -> int:
    """The analytic window of test_study_adaptive: peel (N/cm) and a claim margin of T (°C) and p (Pa)."""
    v = _numbers(case_dir)
    t, p = v["cycle.heat.temperature"] + C0, v["cycle.heat.pressure"]
    q = math.log(p / 0.5e6) / math.log(8.0)
    peel = 0.5 + 5.5 / (1.0 + math.exp(-(t - (330.0 + C0 - 30.0 * q)) / 3.0))
    claim = 1.0 - (t - (270.0 + C0)) / 80.0 * (0.6 + 0.4 * q)
    return _finish(case_dir, {"peel_N_per_cm": peel, "claim_margin": claim})


def failing_case(case_dir: Path) -> int:
    """Poisons its process (an environment variable, a module attribute) and fails; or, in a
    clean process, reports whether it found the poison."""
    v = _numbers(case_dir)
    if v["stack.tpi.thickness"] < 3.5e-6:
        os.environ["THERMOBOND_TEST_POISON"] = "1"
        math.tau = 0.0  # type: ignore[misc]
        raise RuntimeError("a case that fails after poisoning its process")
    clean = "THERMOBOND_TEST_POISON" not in os.environ and math.tau > 6.0
    return _finish(case_dir, {"clean_process": float(clean), "pid": float(os.getpid())})


def _study(tmp: Path, body: str, *, base: Path = FLAGSHIP, name: str = "s") -> Path:
    p = tmp / f"{name}.toml"
    p.write_text(f'schema_version = 1\nname = "{name}"\nbase = "{base}"\n' + body)
    return p


ISHIGAMI = "".join(
    f'[[parameters]]\nkey = "{k}"\nlow = "{lo}"\nhigh = "{hi}"\n'
    for k, lo, hi in (
        ("cycle.cool.rate", "2 K/min", "8 K/min"),
        ("stack.tpi.thickness", "3 um", "6 um"),
        ("stack.cu.thickness", "9 um", "18 um"),
    )
)


def test_a_sobol_study_expands_to_the_saltelli_design(tmp_path):
    """N (D + 2) cases in blocks A, AB_1 … AB_D, B: AB_j is A with its j-th value taken from B."""
    spec = load_study(_study(tmp_path, '[sampling]\nmode = "sobol"\nsamples = 8\n' + ISHIGAMI))
    study = expand(spec, tmp_path / "out", write=False)
    d = 3
    assert len(study.cases) == 8 * (d + 2)
    keys = list(ISHIGAMI_KEYS)
    rows = [[c.values[k] for k in keys] for c in study.cases]
    for i in range(8):
        a, b = rows[i * (d + 2)], rows[i * (d + 2) + d + 1]
        assert all(x != y for x, y in zip(a, b, strict=True))
        for j in range(d):
            ab = rows[i * (d + 2) + 1 + j]
            assert ab == [b[m] if m == j else a[m] for m in range(d)]


def _ishigami_study(tmp: Path, n: int, *, executor: bool) -> tuple[dict, Path]:
    spec = load_study(_study(tmp, f'[sampling]\nmode = "sobol"\nsamples = {n}\nseed = 1\n' + ISHIGAMI))
    root = tmp / "out"
    if executor:
        assert run_study(spec, root, workers=1, target=ishigami_case).not_done == []
    else:  # expanded, each case "run" here, collected: the study path without the executor's start-up
        study = expand(spec, root)
        for c in study.cases:
            ishigami_case(study.case_dir(c))
        collect(root)
    record = json.loads((root / "sobol_indices.json").read_text())
    assert record["cases"] == n * 5 and list(record["responses"]) == ["ishigami"]  # the constant has none
    return record["responses"]["ishigami"], root


def _assert_within_intervals(r: dict, widest: float) -> None:
    s1, st = ishigami_exact(ISHIGAMI_A, ISHIGAMI_B)
    first, first_conf = np.array(r["S1"]), np.array(r["S1_conf"])
    total, total_conf = np.array(r["ST"]), np.array(r["ST_conf"])
    assert np.all(first_conf < widest) and np.all(total_conf < widest), (first_conf, total_conf)
    assert np.all(np.abs(first - s1) <= first_conf), (first, first_conf, s1)
    assert np.all(np.abs(total - st) <= total_conf), (total, total_conf, st)


def test_ishigami_indices_through_the_study_path(tmp_path):
    """collect's Sobol' indices of the Ishigami function (Ishigami & Homma 1990) lie within their
    95 % confidence intervals of the exact values (Sobol' & Levitan 1999), with a small design."""
    r, root = _ishigami_study(tmp_path, 64, executor=False)
    _assert_within_intervals(r, 0.35)
    lines = (root / "sobol_indices.csv").read_text().splitlines()
    assert lines[0] == "response,parameter,S1,S1_conf,ST,ST_conf" and len(lines) == 1 + 3
    from thermobond.report.studyreport import write_study_report

    files = write_study_report(root)
    assert "Sensitivity: Sobol" in files.html.read_text(encoding="utf-8")


@pytest.mark.slow
def test_ishigami_indices_through_the_local_executor(tmp_path):
    """The same with 2560 cases run by the warm workers: intervals narrow enough to tell S3 = 0
    from ST3 = 0.24 and S1 = 0.31 from ST1 = 0.56."""
    r, _ = _ishigami_study(tmp_path, 512, executor=True)
    _assert_within_intervals(r, 0.1)


WINDOW = """
[sampling]
mode = "adaptive"
samples = 16
batch = 8
budget = {budget}
tolerance = "0.5 K"
[[parameters]]
key = "cycle.heat.temperature"
low = "270 degC"
high = "360 degC"
[[parameters]]
key = "cycle.heat.pressure"
low = "0.5 MPa"
high = "4 MPa"
scale = "log"
[[criteria]]
response = "peel_N_per_cm"
at_least = 5.0
[[criteria]]
response = "claim_margin"
at_least = 0.0
[[uncertainty]]
key = "cycle.heat.temperature"
sd = "5 K"
[[uncertainty]]
key = "cycle.heat.pressure"
half_width = "0.2 MPa"
"""


@pytest.mark.slow
def test_adaptive_study_locates_the_boundary_with_a_third_of_a_dense_grid(tmp_path):
    """The adaptive study locates the analytic window's boundary to 1 K at every pressure with at
    most a third of the cases of the bilinear grid map that does as well; the probability map is
    ≈ 1 far inside the window and ≈ 0 far outside."""
    m_ref = next(m for m in range(4, 41) if dense_grid_error(m) <= 1.0)
    budget = m_ref**2 // 3
    spec = load_study(_study(tmp_path, WINDOW.format(budget=budget), base=WINDOW_BASE))
    root = tmp_path / "out"
    run = run_study(spec, root, workers=1, target=window_case)
    assert run.adaptive is not None and run.adaptive.stop == "converged", run.adaptive
    assert len(run.study.cases) <= budget
    from thermobond.study.surrogate import fit_surrogate
    from thermobond.study.uqcollect import analysis_axes, criteria_of

    assert run.table is not None
    man = json.loads((root / "manifest.json").read_text())
    axes, cols = analysis_axes(man, run.table.rows)
    x = np.array([[r[c] for c in cols] for r in run.table.rows], dtype=float)
    surrogates = {
        k: fit_surrogate(x, [r[k] for r in run.table.rows], axes, folds=0) for k in ("peel_N_per_cm", "claim_margin")
    }
    criteria = criteria_of(man)

    def inside(xk):  # the test's points are in K and Pa, the study's temperature axis in °C
        return probability_met(surrogates, criteria, np.column_stack([xk[:, 0] - C0, xk[:, 1]]))[1] >= 0.5

    assert boundary_error(inside) <= 1.0
    # resumable: the same study again with --resume runs nothing and keeps its batches
    again = run_study(spec, root, workers=1, resume=True, target=window_case)
    assert again.ran == [] and len(again.study.cases) == len(run.study.cases)
    prob = json.loads((root / "probability.json").read_text())
    p_all = np.array(prob["all"])  # rows: pressure, columns: temperature
    assert p_all[-1, 10] > 0.95  # 315 °C at 4 MPa: inside by 12 K, more than 2 sd of the ±5 K scatter
    assert p_all[0, 0] < 0.01  # 270 °C at 0.5 MPa: no flow
    # 360 °C at 4 MPa: outside the claim's boundary T*(p) = 270 °C + 80 K / (0.6 + 0.4 q) by about 2 sd
    # of the ±5 K scatter; exact P = E_p[Φ((T*(p) − 360 °C) / 5 K)], p uniform on 4 ± 0.2 MPa held at 4 MPa
    p = np.minimum(np.linspace(3.8e6, 4.2e6, 2001), 4e6)
    t_star = 270.0 + 80.0 / (0.6 + 0.4 * np.log(p / 0.5e6) / np.log(8.0))
    exact = float(np.mean(ndtr((t_star - 360.0) / 5.0)))
    assert p_all[-1, -1] == pytest.approx(exact, abs=0.01), exact


def test_a_failing_case_does_not_poison_the_next(tmp_path):
    """A case that raises after changing its process's state is recorded as failed, and the next
    case runs in a fresh process that does not see that state."""
    body = '[[parameters]]\nkey = "stack.tpi.thickness"\nvalues = ["3 um", "4 um", "5 um", "6 um"]\n'
    body += "[execution]\ncases_per_worker = 10\n"
    spec = load_study(_study(tmp_path, body))
    root = tmp_path / "out"
    run = run_study(spec, root, workers=1, target=failing_case)
    states = [r["status"] for r in run.table.rows] if run.table else []
    assert states == ["failed", "done", "done", "done"]
    assert "RuntimeError" in (root / "cases" / run.study.cases[0].id / "run.log").read_text()
    table = collect(root).rows
    assert [r.get("clean_process") for r in table[1:]] == [1.0, 1.0, 1.0]
    pids = [r.get("pid") for r in table[1:]]
    assert len(set(pids)) == 1 and pids[0] != os.getpid()  # one warm worker ran the three good cases


CAL_SD = 0.2  # 1σ of ln Γ_int in the calibrated card below


def _calibrated_card(folder: Path, covariance: str = f"[[{CAL_SD**2}]]", params: str = '["toughness"]') -> Path:
    text = (CASES / "materials" / "interface_cu_tpi.toml").read_text()
    text += f"\n[calibration]\nparameters = {params}\ncovariance = {covariance}\npoints = 6\nrms_log_error = 0.1\n"
    path = folder / "interface_calibrated.toml"
    path.write_text(text)
    return path


def toughness_case(case_dir: Path) -> int:
    """A peel proportional to the card's Γ_int factor (600 N/m at the card as calibrated), whatever
    the temperature and pressure."""
    v = _numbers(case_dir)
    return _finish(case_dir, {"peel_N_per_m": 600.0 * v["adhesion.toughness_factor"]})


CALIBRATED = """
[sampling]
mode = "lhs"
samples = 24
seed = 3
[fixed]
"adhesion.interface" = "{card}"
[[parameters]]
key = "cycle.heat.temperature"
low = "300 degC"
high = "360 degC"
[[parameters]]
key = "cycle.heat.pressure"
low = "1 MPa"
high = "4 MPa"
[[parameters]]
key = "adhesion.toughness_factor"
low = "0.5"
high = "4"
scale = "log"
[[criteria]]
response = "peel_N_per_m"
at_least = 500.0
[[uncertainty]]
keys = ["adhesion.toughness_factor"]
covariance = "calibration"
[report]
x = "cycle.heat.temperature"
y = "cycle.heat.pressure"
"""


def test_the_calibrated_toughness_scatter_gives_the_exact_probability(tmp_path):
    """[[uncertainty]] covariance = "calibration" scatters Γ_int log-normally about the card with the
    covariance `thermobond calibrate` wrote: with peel = 600 N/m · f the probability of ≥ 500 N/m is
    Φ(ln 1.2 / σ) = 0.819 at every recipe (nominal f = 1, the card itself — not the range's middle √2,
    which would give 0.996)."""
    card = _calibrated_card(tmp_path)
    spec = load_study(_study(tmp_path, CALIBRATED.format(card=card), base=WINDOW_BASE))
    root = tmp_path / "out"
    assert run_study(spec, root, workers=1, target=toughness_case).not_done == []
    man = json.loads((root / "manifest.json").read_text())
    (u,) = man["uncertainty"]
    assert u["distribution"] == "calibration" and u["covariance"] == [[pytest.approx(CAL_SD**2)]]
    record = json.loads((root / "probability.json").read_text())
    exact = float(ndtr(math.log(1.2) / CAL_SD))
    p = np.array(record["all"])
    assert record["at"]["adhesion.toughness_factor"] == 1.0
    assert np.all(np.abs(p - exact) < 0.03), (p.min(), p.max(), exact)


def test_a_calibrated_scatter_needs_a_calibrated_card_and_a_range_about_it(tmp_path):
    from thermobond.errors import InputError

    est = CALIBRATED.format(card=CASES / "materials" / "interface_cu_tpi.toml")
    with pytest.raises(InputError, match=r"estimate without a calibration.*thermobond calibrate"):
        expand(load_study(_study(tmp_path, est, base=WINDOW_BASE)), tmp_path / "o1", write=False)
    card = _calibrated_card(tmp_path)
    off = CALIBRATED.format(card=card).replace('low = "0.5"', 'low = "1.5"')
    with pytest.raises(InputError, match="must contain 1"):
        expand(load_study(_study(tmp_path, off, base=WINDOW_BASE, name="o")), tmp_path / "o2", write=False)
    two = CALIBRATED.format(card=card).replace(
        'keys = ["adhesion.toughness_factor"]', 'keys = ["adhesion.toughness_factor", "adhesion.kinetics_factor"]'
    )
    with pytest.raises(InputError, match="not a varied parameter"):
        load_study(_study(tmp_path, two, base=WINDOW_BASE, name="t"))
    estimated = CASES / "materials" / "interface_cu_tpi.toml"
    varied = f'[[parameters]]\nkey = "adhesion.interface"\nvalues = ["{card}", "{estimated}"]\n'
    cards = CALIBRATED.format(card=card).replace(f'"adhesion.interface" = "{card}"\n', "")
    cards = cards.replace("[[criteria]]", varied + "[[criteria]]", 1)
    with pytest.raises(InputError, match="about one interface card"):  # whose covariance would it be?
        load_study(_study(tmp_path, cards, base=WINDOW_BASE, name="c"))


def test_the_factors_scale_the_card_in_its_calibrated_parameters(tmp_path):
    """toughness_factor multiplies Γ_int; kinetics_factor the kinetics parameter of the calibration
    (k0 of this Arrhenius card): the card's log parameters move by ln f, as the covariance assumes."""
    from thermobond.case import load_case

    base = load_case(WINDOW_BASE)
    case = load_case(WINDOW_BASE, **{"adhesion.toughness_factor": 1.5, "adhesion.kinetics_factor": 0.25})
    c0, c1 = base.adhesion.card, case.adhesion.card
    assert c1.intrinsic_toughness == pytest.approx(1.5 * c0.intrinsic_toughness, rel=1e-12)
    assert c1.kinetics.law == "arrhenius" and c1.kinetics.prefactor == pytest.approx(0.25 * c0.kinetics.prefactor)
    assert c1.log_parameters - c0.log_parameters == pytest.approx(np.log([1.5, 0.25]))
    # the bond develops four times more slowly: the degree after 60 s at 300 °C follows 1 − exp(−k t)
    t, T = np.array([0.0, 60.0]), np.full(2, 573.15)
    k0 = c0.kinetics.integral(t, T, None, 0.0)
    assert c1.kinetics.integral(t, T, None, 0.0) == pytest.approx(0.25 * k0, rel=1e-12)
