"""The adhesion inputs of a finished run, read from its results folder.

A calibration works on runs that finished earlier, perhaps on a cluster: their bonded surface and
interface temperature are read back from the files the run wrote (``surface.csv``,
``surface_profile.csv``, ``interface_history.csv``; see ``docs/outputs.md``). Models of one run never
read each other's files: this is only for later evaluations of finished runs.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from ..case import Case
from ..process import Programme
from .adhesion import AdhesionInputs, SurfaceBonds, adhesion_inputs

__all__ = ["inputs_of_run", "read_columns"]


def read_columns(path: Path) -> dict[str, np.ndarray]:
    """The numeric columns of a CSV file written by thermobond."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return {h: np.array([float(r[j]) for r in rows[1:]]) for j, h in enumerate(rows[0])}


def inputs_of_run(case: Case, run: Path) -> AdhesionInputs:
    """The adhesion inputs of a finished run of ``case`` in the folder ``run``.

    Raises:
        ValueError: The case has no adhesion table.
        OSError: A file the evaluation needs is missing.
    """
    spec = case.adhesion
    if spec is None:
        raise ValueError(f"case '{case.name}' has no [adhesion] table")
    programme, source = case.programme, "cycle"
    iface = case.stack.interface(spec.arm[0].name, spec.layer.name).name
    hist = run / "interface_history.csv"
    if "stack" in case.models and hist.is_file():
        cols = read_columns(hist)
        key = f"{iface}.temperature_degC"
        if key in cols:
            t = cols["time_s"]
            programme = Programme(t, cols[key] + 273.15, np.zeros_like(t))
            source = "stack model (interface temperature)"
    bonds = None
    if spec.contact == "interface":
        sub = run / "interface" if "stack" in case.models else run
        s = read_columns(sub / "surface.csv")
        p = read_columns(sub / "surface_profile.csv")
        bonds = SurfaceBonds.from_points(
            s["x_reference_m"], s["x_anchor_m"], s["bonded"], s["bonded_at_s"], p["x_m"], p["z_m"]
        )
    return adhesion_inputs(case, bonds, programme, source)
