"""Bad case files: a message naming file, key, value and what is accepted; exit code 2; nothing written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import CASES

FLAGSHIP = (CASES / "flagship_single_sided.toml").read_text()


def _case(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "bad.toml"
    # material paths are relative to the case file: point them at the bundled cards
    p.write_text(text.replace('"materials/', f'"{CASES}/materials/'))
    return p


ADHESION = '\n[adhesion]\ninterface = "materials/interface_cu_tpi.toml"\n'

BAD = {
    "unknown key": (
        lambda t: t.replace('width = "4 mm"', 'width = "4 mm"\nwidht = "4 mm"'),
        ["mesh.widht", "unknown key", "did you mean 'width'"],
    ),
    "missing key": (
        lambda t: t.replace('thickness = "12 um"          # 1/3 oz foil [R22]\n', ""),
        ["stack.layers[0].thickness", "required key is missing"],
    ),
    "wrong unit": (
        lambda t: t.replace('thickness = "4 um"', 'thickness = "4 MPa"'),
        ["stack.layers[1].thickness", "wrong unit", "'4 MPa'", "'12 um'"],
    ),
    "missing unit": (
        lambda t: t.replace('thickness = "4 um"', "thickness = 4"),
        ["stack.layers[1].thickness", "a unit is required"],
    ),
    "out of range": (
        lambda t: t.replace('temperature = "25 degC"', 'temperature = "2500 degC"'),
        ["cycle.segments[0].temperature", "out of range", "2500 degC", "600 °C"],
    ),
    "bad choice": (
        lambda t: t.replace('section = "axisymmetric"', 'section = "3d"'),
        ["mechanics.section", "unknown choice", "'axisymmetric', 'plane_strain', 'plane_stress'"],
    ),
    "removed plate section": (
        lambda t: t.replace('section = "axisymmetric"', 'plane = "plate"'),
        ["mechanics.plane", "was removed", "section = 'axisymmetric'"],
    ),
    "unparseable": (lambda t: t.replace('width = "4 mm"', 'width = "four mm"'), ["mesh.width", "cannot read"]),
    "missing card": (
        lambda t: t.replace("kapton_hn.toml", "nope.toml"),
        ["stack.layers[2].material", "file not found"],
    ),
    "not toml": (lambda t: t + "\n[[[\n", ["not valid TOML"]),
    "schema version": (
        lambda t: t.replace("schema_version = 1", "schema_version = 7"),
        ["schema_version", "unsupported schema version", "7"],
    ),
    "duplicate layer": (lambda t: t.replace('name = "tpi"', 'name = "cu"'), ["stack.layers[1].name", "unique"]),
    "bad formed_by": (
        lambda t: t.replace(
            'material = "materials/cu_ed.toml"', 'material = "materials/cu_ed.toml"\nformed_by = "glue"'
        ),
        ["stack.layers[0].formed_by", "unknown choice", "'sputtering'"],
    ),
    "foil adhesion without contact": (
        lambda t: t + ADHESION,
        ["adhesion.contact", "interface model", "contact = 'complete'"],
    ),
    "adhesion arm": (
        lambda t: (
            t + '\n[adhesion]\ninterface = "materials/interface_cu_tpi.toml"\ncontact = "complete"\narm = ["pi"]\n'
        ),
        ["adhesion.arm", "run of metal layers", "cu"],
    ),
    "adhesion angle": (
        lambda t: (
            t + '\n[adhesion]\ninterface = "materials/interface_cu_tpi.toml"\ncontact = "complete"\nangle = 200\n'
        ),
        ["adhesion.angle", "out of range", "200"],
    ),
    "adhesion card": (
        lambda t: t + '\n[adhesion]\ninterface = "materials/cu_ed.toml"\ncontact = "complete"\n',
        ["adhesion.interface", "in interface card", "kind"],
    ),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_case_message_and_exit_code(tmp_path, capsys, kind):
    from thermobond.cli import main

    edit, needles = BAD[kind]
    text = edit(FLAGSHIP)
    assert text != FLAGSHIP, "the edit must change the case"
    case = _case(tmp_path, text)
    out = tmp_path / "results"
    for command in (["check", str(case)], ["run", str(case), "-o", str(out)], ["mesh", str(case), "-o", str(out)]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert str(case) in err.replace("\n  ", " ") or kind == "missing card"
        flat = re.sub(r"\s+", " ", err)
        for n in needles:
            assert n in flat, (n, flat)
        assert not out.exists(), "nothing may be written for bad input"


def test_bad_material_card_is_named(tmp_path, capsys):
    from thermobond.cli import main

    card = tmp_path / "cu_bad.toml"
    card.write_text(
        (CASES / "materials" / "cu_ed.toml").read_text().replace("poissons_ratio = 0.33", "poissons_ratio = 0.7")
    )
    case = tmp_path / "c.toml"
    case.write_text(
        FLAGSHIP.replace('"materials/cu_ed.toml"', f'"{card}"').replace('"materials/', f'"{CASES}/materials/')
    )
    assert main(["check", str(case)]) == 2
    flat = re.sub(r"\s+", " ", capsys.readouterr().err)
    assert "cu_bad.toml" in flat and "elastic.poissons_ratio" in flat and "0.7" in flat


@pytest.mark.parametrize("case", sorted(CASES.glob("*.toml")), ids=lambda p: p.name)
def test_every_bundled_case_passes_check(case, capsys):
    from thermobond.cli import main

    assert main(["check", str(case)]) == 0
    assert "valid" in capsys.readouterr().out


def test_resolved_case_round_trips(tmp_path):
    """The case as resolved (defaults filled in) reads back to the same case."""
    import tomllib

    from thermobond.case import load_case, read_case

    c = load_case(CASES / "flagship_single_sided.toml")
    text = c.to_toml()
    c2 = read_case(tomllib.loads(text), c.path)
    assert c2.to_toml() == text
    assert c2.solver == c.solver and c2.mesh == c.mesh
    assert [layer.thickness for layer in c2.stack.layers] == [layer.thickness for layer in c.stack.layers]
    assert (c2.programme.times == c.programme.times).all() and (
        c2.programme.temperatures == c.programme.temperatures
    ).all()
