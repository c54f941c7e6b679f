"""ruff and mypy as configured in pyproject.toml (the library is typed; STYLE.md)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    exe = BIN / name
    if exe.exists():
        return str(exe)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: install the 'test' extra")
    return found


def test_ruff():
    r = subprocess.run([_tool("ruff"), "check", "."], cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy():
    r = subprocess.run([_tool("mypy")], cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_every_package_is_installed():
    """A non-editable install ships every subpackage: pyproject's list names each solver/ folder
    with an __init__.py (a missing one imports in the repo and fails at a user's desk)."""
    import tomllib

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {"thermobond.meshes"} | {
        ".".join(("thermobond", *p.parent.relative_to(REPO / "solver").parts))
        for p in (REPO / "solver").rglob("__init__.py")
    }
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert listed - found == set(), "these packages listed in pyproject.toml do not exist"
