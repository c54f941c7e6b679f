"""The generated documentation cannot go stale: the input reference is recorded from the readers over
the bundled files and the docs' example files, and these tests require it to cover every key the
bundled files write and every key the readers can read; the verification tables agree with each
benchmark's own verdict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from thermobond.docsite.build import bundled_inputs, example_inputs
from thermobond.docsite.docstrings import section_entries
from thermobond.docsite.keyref import key_pattern, key_reference, reader_call_sites, record_file, toml_keys
from thermobond.docsite.vv import benchmark_checks
from thermobond.schema import Section, recording_keys

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
PACKAGE = REPO / "solver"


@pytest.fixture(scope="module")
def inputs() -> list[Path]:
    return [*bundled_inputs(REPO), *example_inputs(DOCS)]


@pytest.fixture(scope="module")
def reference(inputs):
    return key_reference(inputs)


def test_every_key_the_bundled_files_write_is_in_the_reference(reference):
    """Every key of every bundled case, card and study appears in the reference (or lies inside a
    table the reference marks as free-form, e.g. [solver.petsc]); so does every key of the docs'
    examples."""
    keys = {(e.file_kind, e.key) for e in reference}
    free = {(e.file_kind, e.key) for e in reference if e.free_form or e.accessor == "free_table"}
    missing = []
    for path in [*bundled_inputs(REPO), *example_inputs(DOCS)]:
        kind, _, data = record_file(path)
        for key in toml_keys(data):
            pattern = key_pattern(key)
            parents = [pattern.rsplit(".", n)[0] for n in range(1, pattern.count(".") + 1)]
            if (kind, pattern) not in keys and not any((kind, p) in free for p in parents):
                missing.append(f"{path.name}: {key}")
    assert missing == []


def test_the_examples_reach_every_reader_call(inputs):
    """Every Section accessor call in the reader modules (found in their source) is made while the
    reference inputs are read: the reference lists every key the code can read. A new key needs a
    value in a bundled file or in docs/casefile/examples/."""
    reached = set()
    for path in inputs:
        _, reads, _ = record_file(path)
        reached |= {(Path(r.site[0]).resolve().relative_to(PACKAGE).as_posix(), r.site[1]) for r in reads}
    sites = reader_call_sites(PACKAGE)
    assert len(sites) > 150  # the scanner found the readers
    assert sorted(sites - reached) == []


def test_every_key_is_described(reference):
    """A description for every key, from a reader's ``Keys:`` or its record's ``Attributes:``."""
    assert [(e.file_kind, e.key) for e in reference if not e.description] == []


def test_reference_states_what_the_readers_accept(reference):
    """Spot checks against the readers' own validation: the documented range, choices and default
    of a few keys are what loading a case enforces."""
    from thermobond.case import load_case
    from thermobond.errors import InputError

    by_key = {(e.file_kind, e.key): e for e in reference}
    growth = by_key[("case file", "mesh.growth")]
    assert (growth.default, growth.accepted) == ("1.2", "[1, 2]")
    thickness = by_key[("case file", "stack.layers[].thickness")]
    assert thickness.accepted == "[1 nm, 5 mm]" and thickness.default == "required"
    section = by_key[("case file", "mechanics.section")]
    assert section.default == '"axisymmetric"' and '"plane_stress"' in section.accepted
    case = REPO / "cases" / "flagship_single_sided.toml"
    assert load_case(case, **{"mesh.growth": 2.0}).mesh.growth == 2.0
    with pytest.raises(InputError, match=r"mesh\.growth"):
        load_case(case, **{"mesh.growth": 2.01})
    assert load_case(case, **{"mesh.growth": 1.0}).mesh.growth == 1.0  # the lower end is in the range
    sfree = by_key[("case file", "mechanics.stress_free_temperature")]
    assert "computed" in sfree.default and "start temperature" in sfree.description


def test_recording_only_inside_the_block():
    with recording_keys() as reads:
        sec = Section({"a": "3 MPa"}, Path("x.toml"))
        sec.quantity("a", "pressure", lo=0.0)
        sec.integer("n", 4, lo=1, hi=9)
    Section({"b": 1}, Path("x.toml")).integer("b")  # not recorded
    assert [(r.key, r.accessor, r.present, r.default) for r in reads] == [
        ("a", "quantity", True, reads[0].default),
        ("n", "integer", False, 4),
    ]
    assert (
        reads[0].kind == "pressure"
        and reads[0].lo == 0.0
        and reads[0].function.endswith("test_recording_only_inside_the_block")
    )


def test_docstring_sections():
    def f() -> None:
        """Summary.

        Keys:
            a.b: First line
                continued.
            c, d: Shared.

        Raises:
            ValueError: not a key.
        """

    assert section_entries(f, "Keys") == {"a.b": "First line continued.", "c": "Shared.", "d": "Shared."}


@pytest.mark.parametrize("path", sorted((REPO / "benchmarks" / "results").glob("*.json")), ids=lambda p: p.stem)
def test_benchmark_tables_agree_with_the_benchmarks_verdict(path):
    """The verification page's verdicts are the benchmark's: every benchmark has rows, and where it
    states ``meets_target`` the rows with a verdict all pass exactly when it does."""
    data = json.loads(path.read_text(encoding="utf-8"))
    checks = benchmark_checks(data)
    assert checks
    verdicts = [c.passes for c in checks if c.passes is not None]
    if "meets_target" in data and verdicts:
        assert all(verdicts) == bool(data["meets_target"])
