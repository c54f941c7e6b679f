"""Study files and their expansion into cases (issue: parameter studies)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import numpy as np
import pytest
from thermobond.case import apply_override
from thermobond.errors import InputError
from thermobond.study import expand, load_study
from thermobond.units import convention_value

from tests.conftest import CASES, MATERIALS

FLAGSHIP = CASES / "flagship_single_sided.toml"


def _study(tmp: Path, body: str, *, base: Path = FLAGSHIP, name: str = "s") -> Path:
    p = tmp / f"{name}.toml"
    p.write_text(f'schema_version = 1\nname = "{name}"\nbase = "{base}"\n' + body)
    return p


GRID = """
[[parameters]]
key = "stack.tpi.thickness"
values = ["3 um", "4 um", "6 um"]
[[parameters]]
key = "cycle.cool.rate"
low = "2 K/min"
high = "8 K/min"
steps = 2
"""


def test_grid_counts_values_and_si(tmp_path):
    spec = load_study(_study(tmp_path, GRID))
    cases = spec.cases()
    assert len(cases) == 6
    assert [c.values["stack.tpi.thickness"] for c in cases] == ["3 um", "3 um", "4 um", "4 um", "6 um", "6 um"]
    assert [c.values["cycle.cool.rate"] for c in cases] == ["2 K/min", "8 K/min"] * 3
    assert len({c.id for c in cases}) == 6 and all(re.fullmatch(r"c\d{4}-[0-9a-f]{6}", c.id) for c in cases)
    study = expand(spec, tmp_path / "out")
    man = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert [p["unit"] for p in man["parameters"]] == ["m", "K_per_s"]
    si = man["cases"][5]["number"]
    assert si == {"stack.tpi.thickness": pytest.approx(6e-6), "cycle.cool.rate": pytest.approx(8 / 60)}
    # each case's input is the base case with its values: thickness and cooling rate in SI
    from thermobond.case import load_case

    c = load_case(study.case_dir(cases[5]) / "input.toml")
    assert c.stack.layer("tpi").thickness == pytest.approx(6e-6)
    assert c.programme.duration == pytest.approx((250 - 25) / (8 / 60))
    assert c.name == f"s-{cases[5].id}"


def test_zip_and_log_range(tmp_path):
    spec = load_study(
        _study(
            tmp_path,
            """
[sampling]
mode = "zip"
[[parameters]]
key = "stack.tpi.thickness"
values = ["3 um", "6 um", "12 um"]
[[parameters]]
key = "stack.pi.thickness"
low = "12.5 um"
high = "50 um"
steps = 3
scale = "log"
""",
        )
    )
    cases = spec.cases()
    assert len(cases) == 3
    assert [c.values["stack.pi.thickness"] for c in cases] == ["12.5 um", "25 um", "50 um"]
    with pytest.raises(InputError, match="equally many"):
        load_study(_study(tmp_path, GRID.replace('"3 um", "4 um", "6 um"', '"3 um"') + '[sampling]\nmode = "zip"\n'))


def test_latin_hypercube(tmp_path):
    body = """
[sampling]
mode = "lhs"
samples = 10
seed = 3
[[parameters]]
key = "cycle.start_temperature"
low = "240 degC"
high = "260 degC"
[[parameters]]
key = "material.tpi"
values = ["{a}", "{b}"]
""".format(a=MATERIALS / "tpi_reference.toml", b=MATERIALS / "tpi_reference_fitted.toml")
    spec = load_study(_study(tmp_path, body))
    cases = spec.cases()
    assert len(cases) == 10
    T = np.array([convention_value(c.values["cycle.start_temperature"], "temperature") for c in cases])
    assert np.all((T >= 240) & (T <= 260))
    # one sample in each of the 10 strata of the range (the Latin-hypercube property)
    assert sorted(np.floor((T - 240) / 2).astype(int).clip(0, 9).tolist()) == list(range(10))
    cards = [c.values["material.tpi"] for c in cases]
    assert cards.count(str(MATERIALS / "tpi_reference.toml")) == 5  # discrete choices stratified too
    again = load_study(_study(tmp_path, body)).cases()
    assert [c.values for c in again] == [c.values for c in cases]
    other = load_study(_study(tmp_path, body.replace("seed = 3", "seed = 4"))).cases()
    assert [c.values for c in other] != [c.values for c in cases]
    study = expand(spec, tmp_path / "lhs")
    from thermobond.case import load_case

    fitted = next(c for c in study.cases if c.values["material.tpi"].endswith("fitted.toml"))
    assert load_case(study.case_dir(fitted) / "input.toml").stack.layer("tpi").material.name.startswith("TPI fitted")


def test_reexpansion_is_idempotent(tmp_path):
    spec = load_study(_study(tmp_path, GRID))
    first = expand(spec, tmp_path / "out")
    files = sorted(p for p in (tmp_path / "out").rglob("*") if p.is_file())
    stamps = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files}
    os.utime(files[0], ns=(1, 1))  # would change if rewritten
    stamps[files[0]] = (1, stamps[files[0]][1])
    second = expand(load_study(_study(tmp_path, GRID)), tmp_path / "out")
    assert [c.id for c in second.cases] == [c.id for c in first.cases]
    after = sorted(p for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert after == files
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in after} == stamps
    # a changed value is a new case directory, never another case's results
    third = expand(load_study(_study(tmp_path, GRID.replace('"6 um"', '"7 um"'))), tmp_path / "out")
    assert len(set(c.id for c in third.cases) - set(c.id for c in first.cases)) == 2


@pytest.mark.parametrize(
    ("key", "needles"),
    [
        ("stack.tpx.thickness", ["stack.tpx.thickness", "'tpx'", "cu, tpi, pi"]),
        ("cycle.hold.temperature", ["cycle.hold.temperature", "'hold'"]),
        ("cycle.cool.temprature", ["cycle.cool.temprature", "did you mean 'temperature'"]),
        ("mesh.width.value", ["mesh.width.value", "is a value, not a table"]),
    ],
)
def test_wrong_key_names_itself(tmp_path, key, needles):
    spec = load_study(_study(tmp_path, f'[[parameters]]\nkey = "{key}"\nvalues = ["5 um"]\n'))
    with pytest.raises(InputError) as err:
        expand(spec, tmp_path / "out")
    text = re.sub(r"\s+", " ", str(err.value))
    for n in needles:
        assert n in text, (n, text)
    assert str(spec.path) in text
    assert not (tmp_path / "out").exists()  # nothing written for bad input


def test_invalid_value_is_caught_before_anything_runs(tmp_path, capsys):
    from thermobond.cli import main

    p = _study(tmp_path, '[[parameters]]\nkey = "stack.tpi.thickness"\nvalues = ["4 um", "40 MPa"]\n')
    assert main(["study", str(p), "-o", str(tmp_path / "out"), "--dry-run"]) == 2
    err = re.sub(r"\s+", " ", capsys.readouterr().err)
    assert "c0001" in err and "40 MPa" in err and "wrong unit" in err
    assert not (tmp_path / "out").exists()


def test_dry_run_lists_cases(tmp_path, capsys):
    from thermobond.cli import main

    assert main(["study", str(_study(tmp_path, GRID)), "-o", str(tmp_path / "out"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "6 cases (all valid)" in out and out.count("pending") == 6 and "would run 6 case(s)" in out
    assert not (tmp_path / "out").exists()  # a dry run only validates and lists


def test_parameters_keep_the_kind_the_case_reads(tmp_path):
    """A temperature is in °C, a temperature difference in K (never '15 degC' → 288.15 K)."""
    body = """
[[parameters]]
key = "cycle.start_temperature"
values = ["240 degC", "260 degC"]
[[parameters]]
key = "solver.max_temperature_change"
values = ["15 degC", "5 K"]
"""
    expand(load_study(_study(tmp_path, body)), tmp_path / "out")
    man = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert [(p["unit"], p["kind"]) for p in man["parameters"]] == [
        ("degC", "temperature"),
        ("K", "temperature_difference"),
    ]
    numbers = [c["number"] for c in man["cases"]]
    assert numbers[0] == {"cycle.start_temperature": pytest.approx(240.0), "solver.max_temperature_change": 15.0}
    assert numbers[1]["solver.max_temperature_change"] == pytest.approx(5.0)
    head = (tmp_path / "out" / "manifest.csv").read_text().splitlines()[0]
    assert "cycle.start_temperature_degC" in head and "solver.max_temperature_change_K" in head


def test_aliases_and_missing_tables():
    data = {
        "stack": {"layers": [{"name": "cu", "thickness": "12 um"}, {"name": "tpi", "material": "a.toml"}]},
        "cycle": {"segments": [{"name": "heat", "temperature": "300 degC"}]},
        "interface": {"surface": {"kind": "sinusoid", "amplitude": "1 um"}},
    }
    apply_override(data, "stack.cu.thickness", "18 um")
    apply_override(data, "stack.layers.tpi.thickness", "5 um")
    apply_override(data, "cycle.heat.pressure", "2 MPa")
    apply_override(data, "surface.amplitude", "0.5 um")
    apply_override(data, "material.tpi", "b.toml")
    apply_override(data, "solver.petsc.ksp_type", "preonly")
    assert data["stack"]["layers"][0]["thickness"] == "18 um"
    assert data["stack"]["layers"][1] == {"name": "tpi", "material": "b.toml", "thickness": "5 um"}
    assert data["cycle"]["segments"][0]["pressure"] == "2 MPa"
    assert data["interface"]["surface"]["amplitude"] == "0.5 um"
    assert data["solver"] == {"petsc": {"ksp_type": "preonly"}}
    with pytest.raises(KeyError, match="names: heat"):
        apply_override(data, "cycle.segments.cool.rate", "1 K/min")


def test_study_file_errors(tmp_path):
    with pytest.raises(InputError, match="parameters"):
        load_study(_study(tmp_path, ""))
    with pytest.raises(InputError, match="steps"):
        load_study(_study(tmp_path, '[[parameters]]\nkey = "stack.tpi.thickness"\nlow = "1 um"\nhigh = "2 um"\n'))
    with pytest.raises(InputError, match="must increase"):
        load_study(_study(tmp_path, '[[parameters]]\nkey = "a.b"\nlow = "2 um"\nhigh = "1 um"\nsteps = 2\n'))
    with pytest.raises(InputError, match="compatible units"):
        load_study(_study(tmp_path, '[[parameters]]\nkey = "a.b"\nlow = "2 um"\nhigh = "1 MPa"\nsteps = 2\n'))
    with pytest.raises(InputError, match="time limit"):
        load_study(_study(tmp_path, GRID + '[execution.slurm]\ntime = "soon"\n'))
    with pytest.raises(InputError, match="cases_per_task"):
        load_study(_study(tmp_path, GRID + "[execution.slurm]\ncases_per_task = 0\n"))
    assert load_study(_study(tmp_path, GRID + "[execution.slurm]\ncases_per_task = 8\n")).slurm.cases_per_task == 8
    with pytest.raises(InputError, match="unknown key"):
        load_study(_study(tmp_path, GRID + "[sampling]\nmdoe = 'grid'\n"))


def test_bundled_study_validates(tmp_path, capsys):
    from thermobond.cli import main

    study = CASES / "studies" / "process_window.toml"
    assert main(["study", str(study), "-o", str(tmp_path / "pw"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "16 cases (all valid)" in out
