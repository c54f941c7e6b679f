"""Run a case: the stack model, the interface model, or both chained (stack → interface history);
then the bond and adhesion evaluation and the claim checks (DESIGN.md items 4–5)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np

from ..case import Case
from ..meshes import interface_name
from ..outputs import RunDirectory, write_csv

log = logging.getLogger(__name__)

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
        return _finish(case, outdir, comm, run_interface(case, outdir, comm, final=False))
    summary = run_stack(case, outdir, comm, final=False)
    if "interface" not in case.models:
        return _finish(case, outdir, comm, summary)
    spec = case.interface
    assert spec is not None  # validated with the models
    hist = None
    if spec.history == "stack" and spec.metal is not None:
        names = [layer.name for layer in case.layers]
        i, j = names.index(spec.metal.name), names.index(spec.layer.name)
        iface = interface_name(names[min(i, j)], names[max(i, j)])
        hist = InterfaceHistory.from_csv(outdir / "interface_history.csv", iface, case.cycle)
    try:
        sub = run_interface(case, outdir / "interface", comm, hist)
    except Exception as exc:  # recorded in interface/failure.json; the case as a whole failed too
        RunDirectory.write_failure(comm, outdir, exc, "interface model")
        raise
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
    return _finish(case, outdir, comm, merged)


def _adhesion(case: Case, outdir: Path) -> dict[str, Any]:
    """Bond development, peel strengths, healing and claims of a solved case (serial; rank 0)."""
    from ..bond.adhesion import evaluate, healing_of_case, inputs_from_run
    from ..claims import check_case
    from ..report.adhesionplots import peel_thickness_curve

    extra: dict[str, Any] = {}
    result = None
    if case.adhesion is not None:
        inputs = inputs_from_run(case, outdir)
        result = evaluate(inputs, case.adhesion.card)
        extra.update(result.summary())
        extra["peel"]["temperature_history"] = inputs.source
        write_csv(
            outdir / "bond.csv",
            ["x_m", "bonded_at_s", "bond_degree", "toughness_J_per_m2"],
            np.column_stack(
                [
                    inputs.bonds.x,
                    inputs.bonds.bonded_at,
                    result.bond_degree,
                    result.bond_degree * case.adhesion.card.intrinsic_toughness,
                ]
            ),
        )
        h = np.geomspace(0.5e-6, 1e-3, 45)  # through the published rise and fall (§5.3)
        P = peel_thickness_curve(inputs, result.effective_toughness, h)
        write_csv(
            outdir / "peel_vs_thickness.csv", ["arm_thickness_m", "peel_strength_N_per_cm"], np.column_stack([h, P])
        )
        if case.output.plots:
            from ..report.adhesionplots import plot_adhesion

            plot_adhesion(outdir / "plots", inputs, result, h, P)
        log.info(
            "adhesion: Γ_eff %.3g J/m², peel %.3g N/cm at %.3g µm (%.3g N/cm at %.3g µm), %g° test",
            result.effective_toughness,
            result.peel_strength_N_per_cm,
            result.arm.thickness * 1e6,
            result.peel_strength_15um_N_per_cm,
            result.claim_thickness * 1e6,
            result.angle_deg,
        )
    healing = healing_of_case(case, outdir)
    if healing:
        extra["healing_degree"] = healing
    extra["claims"] = [c.as_dict() for c in check_case(case, result)]
    return extra


def _finish(case: Case, outdir: Path, comm: Any, summary: dict[str, Any]) -> dict[str, Any]:
    """Add adhesion and claims to the summary and (re)write it (collective)."""
    extra: Any = None
    if comm.rank == 0:
        try:
            extra = _adhesion(case, outdir)
        except Exception as exc:  # re-raised on every rank below
            extra = exc
    extra = comm.bcast(extra, root=0)
    if isinstance(extra, Exception):
        RunDirectory.write_failure(comm, outdir, extra, "adhesion evaluation")
        comm.barrier()
        raise extra
    merged = {**summary, **extra}
    RunDirectory.write_summary(comm, outdir, merged)
    return merged
