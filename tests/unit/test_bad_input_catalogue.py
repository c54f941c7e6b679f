"""The bad-input catalogue (``bad_inputs.CATALOGUE``) through the real command line, in process.

Every entry must give its exit code, no traceback, a message with its words that names the file at
fault, and leave none of its listed files behind; nothing reaches a solve.
"""

from __future__ import annotations

import collections
import re
import shlex
from pathlib import Path

import pytest

from tests.unit.bad_inputs import CATALOGUE, Bad


def _write(root: Path, entry: Bad) -> None:
    for name, content in entry.input.files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith("/x"):  # a folder, not a file
            continue
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def _absent(entry: Bad) -> tuple[str, ...]:
    """Files that must not exist: the listed ones, and every `-o {d}/X` of the command."""
    out = set(entry.absent)
    for m in re.finditer(r"-o \{d\}/(\S+)", entry.command):
        if m.group(1) not in entry.input.files:
            out.add(m.group(1))
    return tuple(sorted(out))


def test_catalogue_is_large_and_unique():
    ids = [f"{e.kind}: {e.id}" for e in CATALOGUE]
    assert len(ids) == len(set(ids)), [i for i, n in collections.Counter(ids).items() if n > 1]
    refused = [e for e in CATALOGUE if e.code != 0]
    assert len(refused) >= 120, len(refused)


@pytest.mark.parametrize("entry", CATALOGUE, ids=[f"{e.kind}: {e.id}" for e in CATALOGUE])
def test_bad_input(entry: Bad, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    from thermobond.cli import main

    monkeypatch.chdir(tmp_path)  # a default results/ folder would land here, where it is checked
    _write(tmp_path, entry)
    argv = [
        a.replace("{f}", str(tmp_path / entry.input.target)).replace("{d}", str(tmp_path))
        for a in shlex.split(entry.command)
    ]
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse refuses an option (usage and message on stderr)
        code = exc.code
    out, err = capsys.readouterr()
    text = re.sub(r"\s+", " ", err if entry.code else out)
    assert "Traceback" not in out + err
    assert code == entry.code, f"exit {code}, expected {entry.code}: {err or out}"
    for word in entry.words.split("|"):
        assert word in text, f"{word!r} not in: {text}"
    if entry.code != 0 and entry.input.files:
        assert entry.input.bad in text, f"the file at fault ({entry.input.bad}) is not named: {text}"
    for name in _absent(entry):
        assert not (tmp_path / name).exists(), f"{name} was written for bad input"
    if entry.code != 0:
        assert not (tmp_path / "results").exists(), "a default results folder was written for bad input"
