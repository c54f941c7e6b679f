"""Benchmark records: written with the commit they were measured on, never from uncommitted code.

The record of a benchmark (``benchmarks.common.write_result``) goes to ``benchmarks/results`` only
from a clean tree and carries ``git rev-parse HEAD``; a run on a tree with changes outside
``benchmarks/results`` writes to ``benchmarks/results/dirty`` and exits 3; a result outside its
target exits 1. Checked on a throw-away git repository.
"""

from __future__ import annotations

import json
import subprocess

import pytest
from thermobond.docsite.vv import benchmark_checks, vv_pages

import benchmarks.common as common

PASS = common.check("a", "1 s", "target", "< 2 s", True)
FAIL = common.check("b", "3 s", "target", "< 2 s", False)
INFO = common.check("c", "4", "reported")


def _git(repo, *args):
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path, monkeypatch):
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "t@example.org")
    _git(tmp_path, "config", "user.name", "t")
    (tmp_path / "code.py").write_text("x = 1\n")
    _git(tmp_path, "add", "code.py")
    _git(tmp_path, "commit", "-q", "-m", "code")
    monkeypatch.setattr(common, "ROOT", tmp_path)
    monkeypatch.setattr(common, "RESULTS", tmp_path / "benchmarks" / "results")
    monkeypatch.setattr(common, "DIRTY", tmp_path / "benchmarks" / "results" / "dirty")
    return tmp_path


def test_clean_tree_records_the_commit_and_the_verdict(repo):
    head = _git(repo, "rev-parse", "HEAD")
    assert common.write_result("ok", {"value": 1.0}, [PASS, INFO]) == 0
    assert common.write_result("bad", {"value": 2.0}, [PASS, FAIL]) == 1
    ok = json.loads((repo / "benchmarks" / "results" / "ok.json").read_text())
    bad = json.loads((repo / "benchmarks" / "results" / "bad.json").read_text())
    assert ok["commit"] == head and ok["tree_clean"] and ok["verdict"] == "pass" and ok["value"] == 1.0
    assert ok["checks"] == [PASS, INFO] and ok["meets_target"]
    assert bad["verdict"] == "fail" and not bad["meets_target"]
    # the documentation's benchmark table shows the same verdicts
    rows = benchmark_checks(bad)
    assert [r.passes for r in rows] == [True, False]
    page = vv_pages(repo / "benchmarks" / "results", repo)["vv/benchmarks.md"]
    assert f"commit ``{head[:12]}``" in page and "| b | 3 s | target | < 2 s | **FAIL** |" in page
    # the records themselves do not make the tree dirty for the next benchmark
    assert common.git_state() == (head, [])
    again = json.loads((repo / "benchmarks" / "results" / "bad.json").read_text())  # written after ok.json
    assert again["software"]["git_revision"] == head  # not "-dirty" because of ok.json


def test_uncommitted_code_never_overwrites_a_record(repo):
    assert common.write_result("r", {"value": 1.0}, [PASS]) == 0
    (repo / "code.py").write_text("x = 2\n")
    assert common.write_result("r", {"value": 99.0}, [PASS]) == 3
    kept = json.loads((repo / "benchmarks" / "results" / "r.json").read_text())
    dirty = json.loads((repo / "benchmarks" / "results" / "dirty" / "r.json").read_text())
    assert kept["value"] == 1.0 and dirty["value"] == 99.0 and not dirty["tree_clean"]
    assert dirty["software"]["git_revision"].endswith("-dirty")
    (repo / "new.py").write_text("")  # an untracked file is a change too
    _git(repo, "checkout", "code.py")
    assert common.git_state()[1] == ["new.py"]


def test_a_record_needs_a_criterion(repo):
    with pytest.raises(ValueError, match="criterion"):
        common.write_result("none", {}, [INFO])
