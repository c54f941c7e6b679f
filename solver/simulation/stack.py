"""Run the stack model of a case through its cycle and write the results directory."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import numpy as np
from dolfinx import io

from ..case import Case
from ..errors import ConvergenceError
from ..meshes import LayerSpec, stack_mesh
from ..outputs import HistoryWriter, RunDirectory
from ..units import to_celsius
from .heat import ThermalColumn
from .mechanics import StackMechanics
from .petscopts import release_petsc_objects
from .stepping import StepController

__all__ = ["build_stack_mesh", "log_aT_limiter", "run_stack"]

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


def log_aT_limiter(case: Case) -> Any:
    """Step limiter: the platen temperature may move a thermoplastic's log10 a_T by at most
    ``solver.max_log_aT_change`` decades per step (small steps near Tg, large ones in the glass)."""
    laws = [
        layer.material.viscoelastic.shift
        for layer in case.layers
        if layer.material.viscoelastic is not None and case.mechanics.viscoelastic
    ]
    limit = case.solver.max_log_aT_change
    cycle = case.cycle

    def limiter(t: float, dt: float) -> float:
        for _ in range(30):
            T0, T1 = float(cycle.temperature(t)), float(cycle.temperature(t + dt))
            Ts = np.linspace(T0, T1, 9)
            change = max((float(np.ptp(np.asarray(law.log10_aT(Ts)))) for law in laws), default=0.0)
            if change <= limit:
                return dt
            dt *= 0.8 * limit / change
        return dt

    return limiter


class _Fields:
    """ParaView output (VTX/ADIOS2): displacement, temperature, stress and von Mises (DG), plastic strain."""

    def __init__(self, comm: Any, folder: Path, mech: StackMechanics) -> None:
        self.writers = [
            io.VTXWriter(comm, str(folder / "displacement.bp"), [mech.u]),
            io.VTXWriter(comm, str(folder / "temperature.bp"), [mech.T]),
            io.VTXWriter(comm, str(folder / "stress.bp"), [mech.sigma_h]),
            io.VTXWriter(comm, str(folder / "von_mises.bp"), [mech.vm_h]),
            io.VTXWriter(comm, str(folder / "plastic_strain.bp"), [mech.peeq_h]),
        ]

    def write(self, t: float) -> None:
        for w in self.writers:
            w.write(t)

    def close(self) -> None:
        for w in self.writers:
            w.close()


def run_stack(case: Case, outdir: Path, comm: Any, *, final: bool = True) -> dict[str, Any]:
    """Solve the stack model of ``case`` and write ``outdir`` (collective).

    Returns:
        The summary, identical on every rank; also written to ``summary.json`` when ``final`` (a
        caller that adds to the results writes it itself, so that it appears only when all is done).

    Raises:
        ConvergenceError: A step failed at the smallest allowed time step (``failure.json`` is written).
    """
    run = RunDirectory(comm, outdir, case.to_toml())
    try:
        with run.failures_recorded():  # any failure, a PETSc error too
            return _solve(case, outdir, comm, run, final)
    finally:
        release_petsc_objects()


def _solve(case: Case, outdir: Path, comm: Any, run: RunDirectory, final: bool) -> dict[str, Any]:
    t0 = time.perf_counter()
    md = build_stack_mesh(comm, case)
    run.timings["mesh"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    column = ThermalColumn(comm, case)
    mech = StackMechanics(md, case)
    run.timings["setup"] = time.perf_counter() - t1
    ncells = md.mesh.topology.index_map(2).size_global
    log.info(
        "%s: %d cells, %d displacement DOFs, plane %s, %s TPI, %s metals",
        case.name,
        ncells,
        mech.dofs,
        case.mechanics.plane,
        "viscoelastic" if case.mechanics.viscoelastic else "glassy-elastic",
        "elastic-plastic" if case.mechanics.plasticity else "elastic",
    )
    W = case.mesh.width
    ifaces = list(mech.probes)
    tpis = [name for name, *_ in mech.tpi_lines]
    columns = [
        "time_s",
        "step",
        "dt_s",
        "newton_iterations",
        "support",
        "platen_temperature_degC",
        "pressure_MPa",
        "T_bottom_degC",
        "T_top_degC",
    ]
    columns += [f"T_{n}_degC" for n in ifaces]
    columns += ["curvature_1_per_m"]
    for n in ifaces:
        columns += [f"mean_normal_{n}_Pa", f"max_normal_{n}_Pa", f"max_shear_{n}_Pa"]
    columns += [f"thickness_change_{n}" for n in tpis]
    history = HistoryWriter(outdir / "history.csv", columns, comm.rank)
    fields = _Fields(comm, outdir / "fields", mech) if case.output.fields else None

    cycle = case.cycle
    stepper = StepController(
        cycle,
        case.solver.initial_step,
        case.solver.min_step,
        case.solver.max_step,
        case.solver.max_temperature_change,
        limiters=[log_aT_limiter(case)],
    )
    timings = {"thermal": 0.0, "mechanics": 0.0, "commit": 0.0, "diagnostics": 0.0, "output": 0.0}
    births = {layer.name: cycle.segment(layer.active_from)[0] for layer in case.layers if layer.active_from}
    iface_rows: list[list[float]] = []

    def record(t: float, step: int, dt: float, its: int, support: str) -> dict[str, Any]:
        ts = time.perf_counter()
        mech.update_stress_fields()
        tr = mech.interface_tractions()
        curv = mech.curvature()
        thick = mech.tpi_thickness_change()
        timings["diagnostics"] += time.perf_counter() - ts
        Tb, Tt = column.face_temperatures()
        Ti = column.interface_temperatures()
        row: dict[str, Any] = {
            "time_s": t,
            "step": step,
            "dt_s": dt,
            "newton_iterations": its,
            "support": support,
            "platen_temperature_degC": to_celsius(float(cycle.temperature(t))),
            "pressure_MPa": float(cycle.pressure(t)) / 1e6,
            "T_bottom_degC": to_celsius(Tb),
            "T_top_degC": to_celsius(Tt),
            "curvature_1_per_m": curv.curvature,
        }
        irow = [t]
        for n in ifaces:
            x, syy, sxy = tr[n]
            mid = np.abs(x) <= 0.25 * W
            row[f"T_{n}_degC"] = to_celsius(Ti[n])
            row[f"mean_normal_{n}_Pa"] = float(np.mean(syy[mid]))
            row[f"max_normal_{n}_Pa"] = float(syy[np.argmax(np.abs(syy))])
            row[f"max_shear_{n}_Pa"] = float(np.max(np.abs(sxy)))
            irow += [to_celsius(Ti[n]), -float(np.mean(syy[mid]))]
        for n in tpis:
            row[f"thickness_change_{n}"] = thick[n]
        iface_rows.append(irow)
        history.append(row)
        return {"tractions": tr, "curvature": curv}

    def support_at(t: float) -> str:
        return "pressed" if float(cycle.pressure(t)) > 0 else "free"

    # equilibrium at t = 0 (instantaneous: no relaxation); thermal stress if T(0) ≠ T_sf
    mech.set_pressure(float(cycle.pressure(0.0)))
    mech.set_temperature(column.temperature_at)
    ok, its, reason = mech.solve(0.0, support_at(0.0))
    if not ok:
        raise ConvergenceError("initial equilibrium failed", time=0.0, step=0.0, reason=reason)
    mech.commit()
    state = record(0.0, 0, 0.0, its, support_at(0.0))
    if fields:
        fields.write(0.0)

    t, step = 0.0, 0
    wall_last = time.perf_counter()
    end = cycle.duration
    while t < end * (1 - 1e-12):
        for name, tb in births.items():
            if abs(tb - t) <= 1e-9 * max(end, 1.0) and not getattr(mech.laws[name], "_born_logged", False):
                mech.activate(name)
                mech.laws[name]._born_logged = True  # type: ignore[attr-defined]
                log.info(
                    "t = %.1f s: layer '%s' is born (stress-free at %.1f °C)",
                    t,
                    name,
                    to_celsius(float(cycle.temperature(t))),
                )
        dt = stepper.propose(t)
        support = support_at(t + dt)
        ts = time.perf_counter()
        snap = column.snapshot()
        column.advance(t + dt)
        timings["thermal"] += time.perf_counter() - ts
        ts = time.perf_counter()
        mech.set_temperature(column.temperature_at)
        mech.set_pressure(float(cycle.pressure(t + dt)))
        ok, its, reason = mech.solve(dt, support)
        timings["mechanics"] += time.perf_counter() - ts
        if not ok:
            mech.restore_temperature()
            column.restore(snap)
            log.info("step at t = %.4g s with dt = %.3g s failed (SNES reason %d); cutting back", t, dt, reason)
            stepper.rejected(t, dt, reason)
            continue
        ts = time.perf_counter()
        mech.commit()
        timings["commit"] += time.perf_counter() - ts
        t += dt
        step += 1
        stepper.accepted(its)
        state = record(t, step, dt, its, support)
        ts = time.perf_counter()
        if fields and (step % case.output.field_every == 0):
            fields.write(t)
        timings["output"] += time.perf_counter() - ts
        if time.perf_counter() - wall_last > 2.0 or t >= end * (1 - 1e-12):
            wall_last = time.perf_counter()
            log.info(
                "step %4d  t = %9.2f s (%5.1f %%)  T = %6.1f °C  p = %5.2f MPa  dt = %7.3g s  Newton %d",
                step,
                t,
                100 * t / end,
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
    win = np.abs(curv.x) <= curv.window
    c = np.polyfit(curv.x[win], curv.w[win], 2)
    run.write_csv("deflection.csv", ["x_m", "w_m", "w_fit_m"], np.column_stack([curv.x, curv.w, np.polyval(c, curv.x)]))
    header = ["time_s"]
    for n in ifaces:
        header += [f"T_{n}_degC", f"p_{n}_Pa"]
    run.write_csv("interface_history.csv", header, iface_rows)
    vm = mech.layer_max(mech.vm_h)
    peeq = mech.layer_max(mech.peeq_h)
    metals = [layer.name for layer in case.layers if layer.material.kind == "metal"]
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
        "tpi_model": "viscoelastic" if case.mechanics.viscoelastic else "glassy elastic",
        "stress_free_temperature_degC": to_celsius(case.mechanics.stress_free_temperature),
        "final_temperature_degC": to_celsius(float(cycle.temperature(end))),
        "curvature_1_per_m": curv.curvature,
        "curl_radius_m": curv.radius,
        "concave_side": curv.concave_side,
        "edge_lift_100mm_m": curv.curvature * 0.1**2 / 8,
        "max_interface_shear_Pa": max((v["max_shear_Pa"] for v in per_iface.values()), default=0.0),
        "max_interface_normal_Pa": max((v["max_normal_Pa"] for v in per_iface.values()), key=abs, default=0.0),
        "interfaces": per_iface,
        "max_von_mises_Pa": vm,
        "max_equivalent_plastic_strain": max((peeq[m] for m in metals), default=0.0),
        "equivalent_plastic_strain_by_layer": {m: peeq[m] for m in metals},
        "tpi_thickness_change": mech.tpi_thickness_change(),
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
                    "linear_solves": mech.linear_solves,
                    "cutbacks": stepper.cutbacks,
                    "dofs": mech.dofs,
                }
            }
        ),
    )
    if case.output.plots and comm.rank == 0:
        from ..report.plots import plot_stack_run

        plot_stack_run(outdir, summary)
    if final:
        run.write_json("summary.json", summary)
    comm.barrier()
    return summary
