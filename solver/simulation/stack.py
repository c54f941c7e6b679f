"""Run the stack model of a case through its cycle and write the results directory."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import numpy as np
from dolfinx import io

from ..case import Case
from ..errors import ConvergenceError, ThermobondError
from ..meshes import LayerSpec, stack_mesh
from ..outputs import HistoryWriter, RunDirectory
from ..units import to_celsius
from .heat import ThermalColumn
from .mechanics import StackMechanics
from .stepping import StepController

__all__ = ["build_stack_mesh", "run_stack"]

log = logging.getLogger(__name__)


def build_stack_mesh(comm: Any, case: Case) -> Any:
    """The 2-D cross-section mesh of a case (MeshData)."""
    m = case.mesh
    return stack_mesh(
        comm,
        [LayerSpec(layer.name, layer.thickness, layer.elements) for layer in case.layers],
        m.width,
        m.element_size,
        m.edge_element_size,
        growth=m.growth,
        interface_grading=m.interface_grading,
    )


class _Fields:
    """ParaView output (VTX/ADIOS2): displacement, temperature, stress (DG), von Mises (DG)."""

    def __init__(self, comm: Any, folder: Path, mech: StackMechanics) -> None:
        self.mech = mech
        self.u_out = mech.displacement().copy() if mech.plane == "stress" else mech.w
        self.u_out.name = "displacement"
        self.writers = [
            io.VTXWriter(comm, str(folder / "displacement.bp"), [self.u_out]),
            io.VTXWriter(comm, str(folder / "temperature.bp"), [mech.T]),
            io.VTXWriter(comm, str(folder / "stress.bp"), [mech.sigma_h]),
            io.VTXWriter(comm, str(folder / "von_mises.bp"), [mech.vm_h]),
        ]

    def write(self, t: float) -> None:
        if self.mech.plane == "stress":
            self.u_out.x.array[:] = self.mech.displacement().x.array
        for w in self.writers:
            w.write(t)

    def close(self) -> None:
        for w in self.writers:
            w.close()


def run_stack(case: Case, outdir: Path, comm: Any) -> dict[str, Any]:
    """Solve the stack model of ``case`` and write ``outdir`` (collective).

    Returns:
        The summary (also written to ``summary.json``), identical on every rank.

    Raises:
        ConvergenceError: A step failed at the smallest allowed time step.
    """
    run = RunDirectory(comm, outdir, case.to_toml())
    try:
        return _solve(case, outdir, comm, run)
    except ThermobondError as exc:
        run.fail(exc)
        raise


def _solve(case: Case, outdir: Path, comm: Any, run: RunDirectory) -> dict[str, Any]:
    t0 = time.perf_counter()
    md = build_stack_mesh(comm, case)
    run.timings["mesh"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    column = ThermalColumn(comm, case)
    mech = StackMechanics(md, case)
    run.timings["setup"] = time.perf_counter() - t1
    ncells = md.mesh.topology.index_map(2).size_global
    log.info(
        "%s: %d cells, %d displacement DOFs, %s",
        case.name,
        ncells,
        mech.dofs,
        "plane strain" if case.mechanics.plane == "strain" else "plane stress",
    )

    ifaces = list(mech.probes)
    columns = [
        "time_s",
        "step",
        "dt_s",
        "newton_iterations",
        "platen_temperature_degC",
        "pressure_MPa",
        "T_bottom_degC",
        "T_top_degC",
    ]
    columns += [f"T_{n}_degC" for n in ifaces]
    columns += ["curvature_1_per_m"]
    for n in ifaces:
        columns += [f"max_shear_{n}_Pa", f"max_normal_{n}_Pa"]
    history = HistoryWriter(outdir / "history.csv", columns, comm.rank)
    fields = _Fields(comm, outdir / "fields", mech) if case.output.fields else None

    cycle = case.cycle
    stepper = StepController(
        cycle, case.solver.initial_step, case.solver.min_step, case.solver.max_step, case.solver.max_temperature_change
    )
    timings = {"thermal": 0.0, "mechanics": 0.0, "diagnostics": 0.0, "output": 0.0}

    def record(t: float, step: int, dt: float, its: int) -> dict[str, Any]:
        ts = time.perf_counter()
        mech.update_stress_fields()
        tr = mech.interface_tractions()
        curv = mech.curvature()
        timings["diagnostics"] += time.perf_counter() - ts
        Tb, Tt = column.face_temperatures()
        row: dict[str, Any] = {
            "time_s": t,
            "step": step,
            "dt_s": dt,
            "newton_iterations": its,
            "platen_temperature_degC": to_celsius(float(cycle.temperature(t))),
            "pressure_MPa": float(cycle.pressure(t)) / 1e6,
            "T_bottom_degC": to_celsius(Tb),
            "T_top_degC": to_celsius(Tt),
            "curvature_1_per_m": curv.curvature,
        }
        for n, Ti in column.interface_temperatures().items():
            row[f"T_{n}_degC"] = to_celsius(Ti)
        for n, (_, syy, sxy) in tr.items():
            row[f"max_shear_{n}_Pa"] = float(np.max(np.abs(sxy)))
            row[f"max_normal_{n}_Pa"] = float(syy[np.argmax(np.abs(syy))])
        history.append(row)
        return {"tractions": tr, "curvature": curv}

    # equilibrium at t = 0 (thermal stress if the cycle does not start at the stress-free temperature)
    mech.set_temperature(column.temperature_at)
    ok, its, reason = mech.solve(1.0)
    if not ok:
        raise ConvergenceError("initial equilibrium failed", time=0.0, step=0.0, reason=reason)
    mech.commit()
    state = record(0.0, 0, 0.0, its)
    if fields:
        fields.write(0.0)

    t, step = 0.0, 0
    wall_last = time.perf_counter()
    while t < cycle.duration * (1 - 1e-12):
        dt = stepper.propose(t)
        ts = time.perf_counter()
        column_state = column.snapshot()
        column.advance(t + dt)
        timings["thermal"] += time.perf_counter() - ts
        ts = time.perf_counter()
        mech.set_temperature(column.temperature_at)
        ok, its, reason = mech.solve(dt)
        timings["mechanics"] += time.perf_counter() - ts
        if not ok:
            mech.restore_temperature()
            column.restore(column_state)
            log.info("step at t = %.4g s with dt = %.3g s failed (SNES reason %d); cutting back", t, dt, reason)
            stepper.rejected(t, dt, reason)
            continue
        mech.commit()
        t += dt
        step += 1
        stepper.accepted(its)
        state = record(t, step, dt, its)
        ts = time.perf_counter()
        if fields and (step % case.output.field_every == 0):
            fields.write(t)
        timings["output"] += time.perf_counter() - ts
        if time.perf_counter() - wall_last > 2.0 or t >= cycle.duration * (1 - 1e-12):
            wall_last = time.perf_counter()
            log.info(
                "step %4d  t = %9.2f s (%5.1f %%)  T = %6.1f °C  p = %5.2f MPa  dt = %7.3g s  Newton %d",
                step,
                t,
                100 * t / cycle.duration,
                to_celsius(float(cycle.temperature(t))),
                float(cycle.pressure(t)) / 1e6,
                dt,
                its,
            )
    history.close()
    if fields:
        fields.write(t)
        fields.close()

    # ---- final state: profiles, summary, plots ------------------------------------------------
    curv = state["curvature"]
    tr = state["tractions"]
    rows = [(n, x, syy, sxy) for n, (xs, sy, sx) in tr.items() for x, syy, sxy in zip(xs, sy, sx, strict=True)]
    run.write_csv("interface_stress.csv", ["interface", "x_m", "normal_Pa", "shear_Pa"], rows)
    c = np.polyfit(curv.x[np.abs(curv.x) <= curv.window], curv.w[np.abs(curv.x) <= curv.window], 2)
    run.write_csv("deflection.csv", ["x_m", "w_m", "w_fit_m"], np.column_stack([curv.x, curv.w, np.polyval(c, curv.x)]))
    vm = mech.max_von_mises()
    per_iface = {}
    for n, (xs, syy, sxy) in tr.items():
        i_s, i_n = int(np.argmax(np.abs(sxy))), int(np.argmax(np.abs(syy)))
        per_iface[n] = {
            "max_shear_Pa": float(abs(sxy[i_s])),
            "x_max_shear_m": float(xs[i_s]),
            "max_normal_Pa": float(syy[i_n]),
            "x_max_normal_m": float(xs[i_n]),
            "mid_normal_Pa": float(np.interp(0.0, xs, syy)),
            "mid_shear_Pa": float(np.interp(0.0, xs, sxy)),
        }
    wall = time.time() - run.started
    summary: dict[str, Any] = {
        "case": case.name,
        "status": "ok",
        "model": "stack",
        "plane": case.mechanics.plane,
        "stress_free_temperature_degC": to_celsius(case.mechanics.stress_free_temperature),
        "final_temperature_degC": to_celsius(float(cycle.temperature(cycle.duration))),
        "curvature_1_per_m": curv.curvature,
        "curl_radius_m": curv.radius,
        "concave_side": curv.concave_side,
        "edge_lift_100mm_m": curv.curvature * 0.1**2 / 8,
        "max_interface_shear_Pa": max((v["max_shear_Pa"] for v in per_iface.values()), default=0.0),
        "max_interface_normal_Pa": max((v["max_normal_Pa"] for v in per_iface.values()), key=abs, default=0.0),
        "interfaces": per_iface,
        "max_von_mises_Pa": vm,
        "dofs": mech.dofs,
        "cells": ncells,
        "steps": step,
        "newton_iterations": mech.iterations,
        "cutbacks": stepper.cutbacks,
        "wall_time_s": wall,
    }
    run.timings.update(timings)
    run.write_json(
        "metadata.json",
        run.metadata(
            {
                "solver": {
                    "steps": step,
                    "newton_iterations": mech.iterations,
                    "cutbacks": stepper.cutbacks,
                    "dofs": mech.dofs,
                }
            }
        ),
    )
    if case.output.plots and comm.rank == 0:
        from ..report.plots import plot_stack_run

        plot_stack_run(outdir, summary)
    run.write_json("summary.json", summary)
    comm.barrier()
    return summary
