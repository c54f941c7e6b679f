"""What each input key means, taken from the docstrings next to the code that reads it.

Two sources, in this order:

1. the ``Keys:`` section of the docstring of the reader function that reads the key (the function
   named in the recorded :class:`~thermobond.schema.KeyRead`), matched by the key's last parts
   (``gas.pressure`` before ``pressure``), or by an entry ``<name>`` for a key the user names;
2. the ``Attributes:`` section of the record the table becomes (:data:`RECORDS`: ``[mesh]`` →
   :class:`~thermobond.case.spec.MeshSpec` ...), matched by the key's name.

A key documented nowhere gets an empty description, which the tests refuse.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from ..schema import KeyRead
from .docstrings import section_entries

__all__ = ["RECORDS", "describe"]

#: (file kind, table) → "module:Record" whose ``Attributes:`` describe the table's keys
RECORDS: dict[tuple[str, str], str] = {
    ("case file", ""): "thermobond.case.spec:Case",
    ("case file", "analysis"): "thermobond.case.spec:Case",
    ("case file", "stack.layers[]"): "thermobond.case.spec:Layer",
    ("case file", "mesh"): "thermobond.case.spec:MeshSpec",
    ("case file", "thermal"): "thermobond.case.spec:ThermalSpec",
    ("case file", "thermal.pads[]"): "thermobond.case.spec:Pad",
    ("case file", "mechanics"): "thermobond.case.spec:MechanicsSpec",
    ("case file", "solver"): "thermobond.case.spec:SolverSpec",
    ("case file", "output"): "thermobond.case.spec:OutputSpec",
    ("case file", "interface"): "thermobond.case.spec:InterfaceSpec",
    ("case file", "interface.mesh"): "thermobond.case.spec:InterfaceSpec",
    ("case file", "patch"): "thermobond.case.spec:PatchSpec",
    ("case file", "patch.mesh"): "thermobond.case.spec:PatchSpec",
    ("case file", "adhesion"): "thermobond.case.spec:AdhesionSpec",
    ("case file", "cycle"): "thermobond.process.presslog:LogTolerance",
    ("interface card", "kinetics"): "thermobond.materials.interfacecard:BondKinetics",
    ("interface card", "calibration"): "thermobond.materials.interfacecard:Calibration",
    ("study file", "parameters[]"): "thermobond.study.spec:Parameter",
    ("study file", "execution.slurm"): "thermobond.study.spec:SlurmSettings",
    ("study file", ""): "thermobond.study.spec:StudySpec",
}
_ROLE = re.compile(r":(?:[a-z]+:)+`~?([^`]+)`")


def _plain(text: str) -> str:
    """Sphinx roles (``:class:`~a.B```) as inline code, for Markdown tables."""
    return _ROLE.sub(lambda m: f"``{m.group(1).rsplit('.', 1)[-1]}``", text)


@cache
def _record_entries(target: str) -> dict[str, str]:
    module, name = target.split(":")
    return section_entries(getattr(importlib.import_module(module), name), "Attributes")


@cache
def _function_keys(filename: str, qualname: str) -> dict[str, str]:
    """``Keys:`` of the function ``qualname`` defined in the source file ``filename``."""
    path = Path(filename).resolve()
    module = next(
        (m for m in list(sys.modules.values()) if Path(getattr(m, "__file__", None) or "/").resolve() == path),
        None,
    )
    if module is None:
        return {}
    obj: object = module
    for part in qualname.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return {}
    return section_entries(obj, "Keys")


def _suffixes(key: str) -> list[str]:
    """``a.b[].c`` → ["a.b[].c", "b[].c", "c"], and the same without ``[]``: longest first."""
    parts = key.split(".")
    out = []
    for i in range(len(parts)):
        tail = ".".join(parts[i:])
        out += [tail, tail.replace("[]", "")]
    return list(dict.fromkeys(out))


def describe(file_kind: str, key: str, reads: Sequence[KeyRead]) -> str:
    """The description of ``key`` (a pattern, ``stack.layers[].thickness``) of a ``file_kind`` file.

    Args:
        file_kind: The kind of file (``case file`` ...).
        key: The key pattern.
        reads: Its recorded reads (their functions' ``Keys:`` are searched first).
    """
    names = _suffixes(key)
    for r in reads:
        entries = _function_keys(r.site[0], r.function)
        for n in names:
            if n in entries:
                return _plain(entries[n])
        # ``<place>``: the keys of a table named by the user (one per place measured ...)
        named = [text for name, text in entries.items() if name.startswith("<") and name.endswith(">")]
        if named:
            return _plain(named[0])
    table, _, name = key.rpartition(".")
    target = RECORDS.get((file_kind, table))
    if target is not None:
        entries = _record_entries(target)
        if name in entries:
            return _plain(entries[name])
    return ""
