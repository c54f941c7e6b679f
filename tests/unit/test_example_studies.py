"""Every study file the project ships (bundled and in the documentation) expands into cases that
validate against their base case: a renamed layer or key in a base case breaks its studies here, not
at a user's desk (the documentation's studies once named a layer 'tpi' that the base case had renamed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from thermobond.study import expand, load_study

ROOT = Path(__file__).resolve().parents[2]
STUDIES = sorted(
    [
        *ROOT.glob("cases/studies/*.toml"),
        *ROOT.glob("docs/casefile/examples/*study*.toml"),
        *ROOT.glob("benchmarks/*/*.toml"),
    ]
)


def test_the_studies_are_found():
    assert len(STUDIES) >= 6


@pytest.mark.parametrize("path", STUDIES, ids=lambda p: p.name)
def test_every_shipped_study_expands(path, tmp_path):
    study = expand(load_study(path), tmp_path / "out", write=False)
    assert study.cases and not (tmp_path / "out").exists()
