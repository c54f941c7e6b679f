"""Run a case: the stack model, the interface model, or both chained (stack → interface history)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..case import Case
from ..meshes import interface_name
from ..outputs import RunDirectory

__all__ = ["run_case"]


def run_case(case: Case, outdir: Path, comm: Any) -> dict[str, Any]:
    """Solve every model the case lists (collective).

    Only the stack: its results at the top of ``outdir``. Only the interface: likewise. Both: the
    stack at the top, the interface in ``outdir/interface`` driven by the stack's temperature and
    pressure at the metal/TPI interface (or by the cycle if ``interface.history = "cycle"``), and a
    top-level ``summary.json`` holding both (the interface's under ``"interface"``, its headline
    numbers also at the top level).
    """
    from .interface import InterfaceHistory, run_interface
    from .stack import run_stack

    if case.models == ("interface",):
        return run_interface(case, outdir, comm)
    summary = run_stack(case, outdir, comm)
    if "interface" not in case.models:
        return summary
    spec = case.interface
    assert spec is not None  # validated with the models
    hist = None
    if spec.history == "stack" and spec.metal is not None:
        names = [layer.name for layer in case.layers]
        i, j = names.index(spec.metal.name), names.index(spec.layer.name)
        iface = interface_name(names[min(i, j)], names[max(i, j)])
        hist = InterfaceHistory.from_csv(outdir / "interface_history.csv", iface, case.cycle)
    sub = run_interface(case, outdir / "interface", comm, hist)
    merged = dict(summary)
    merged["model"] = "stack+interface"
    merged["interface"] = sub
    for key in (
        "bonded_fraction_final",
        "bonded_fraction_true_area_final",
        "time_to_50pct_bonded_s",
        "time_to_90pct_bonded_s",
        "void_fraction_final",
    ):
        merged[key] = sub[key]
    merged["wall_time_s"] = summary["wall_time_s"] + sub["wall_time_s"]
    RunDirectory.write_summary(comm, outdir, merged)
    return merged
