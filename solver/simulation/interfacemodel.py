"""The interface model: the cell of :mod:`.cell` stepped through a temperature–pressure programme.

:class:`InterfaceModel` is the cell as a stepped model of the shared time loop; its diagnostics
record the bonded, contact and void fractions every step; :class:`Snapshots` takes pictures of the
deformed cell at half bonded, at the end of the hold and at the end; :func:`run_interface` returns
an :class:`~thermobond.results.InterfaceResult`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import ufl
from dolfinx import fem

from ..case import Case, InterfaceSpec
from ..materials import ThermoplasticMaterial
from ..process import Programme
from ..results import CellSnapshot, InterfaceResult, InterfaceSummary, SolverStats, SurfacePoints
from ..signals import StopFlag
from ..units import to_celsius
from .cell import InterfaceCell
from .cellfields import CellFields
from .projection import Projector
from .timeloop import LoopSettings, TimeLoop

__all__ = ["InterfaceModel", "first_time_at", "hold_end", "micro_loop", "run_interface", "shift_limited_step"]

log = logging.getLogger(__name__)

MAX_BONDED_GROWTH = 0.05  # largest growth of the bonded fraction per step (of the surface)


def micro_loop(
    model: Any,
    diagnostics: Any,
    case: Case,
    max_step: float,
    comm: Any,
    *,
    observers: list[Any],
    stop: StopFlag | None,
    history: Any,
) -> TimeLoop:
    """The time loop of a micro-scale model (the interface cell, the 3-D patch): the case's step
    control with the model's own largest step, easy steps up to 6 Newton iterations."""
    s = case.solver
    settings = LoopSettings(min(s.initial_step, max_step), s.min_step, max_step, s.max_temperature_change, 6)
    return TimeLoop(model, settings, [diagnostics], comm, observers=observers, stop=stop, history=history)


def first_time_at(times: np.ndarray, values: np.ndarray, level: float) -> float | None:
    """The first time at which ``values`` reach ``level`` (None: never)."""
    k = np.flatnonzero(values >= level)
    return float(times[k[0]]) if k.size else None


def shift_limited_step(shift: Any, programme: Programme, t: float, dt: float, max_change: float) -> float:
    """The step from ``t`` (at most ``dt``) over which the programme's temperature moves log10 a_T of
    the shift law ``shift`` by at most ``max_change`` (None: no limit)."""
    if shift is None:
        return dt
    for _ in range(30):
        Ts = np.linspace(float(programme.temperature(t)), float(programme.temperature(t + dt)), 9)
        change = float(np.ptp(np.asarray(shift.log10_aT(Ts))))
        if change <= max_change:
            break
        dt *= 0.8 * max_change / change
    return dt


class InterfaceModel:
    """The interface cell as a stepped model, driven by a temperature–pressure programme."""

    name = "interface"

    def __init__(self, comm: Any, spec: InterfaceSpec, programme: Programme, case: Case) -> None:
        self.spec = spec
        self.programme = programme
        mat = spec.layer.material
        self.shift = mat.viscoelastic.shift if isinstance(mat, ThermoplasticMaterial) else None
        # the bonds follow the interface card: the interface table's own, else the adhesion table's
        card = spec.card or (case.adhesion.card if case.adhesion is not None else None)
        self.cell = InterfaceCell(
            comm, spec, float(programme.temperature(0.0)), case.solver.petsc_options, card=card, shift=self.shift
        )
        self.max_log_aT_change = case.solver.max_log_aT_change
        self.last_growth = (0.0, 1.0)  # (bonded-fraction change, step) of the last accepted step
        self.bonded_fraction = 0.0

    def add_newton_monitor(self, fn: Callable[[], None]) -> None:
        self.cell.newton_monitors.append(fn)

    def limit_step(self, t: float, dt: float) -> float:
        dt = shift_limited_step(self.shift, self.programme, t, dt, self.max_log_aT_change)
        # the bonded area may grow by at most 5 % of the surface per step
        growth, last_dt = self.last_growth
        if growth > MAX_BONDED_GROWTH:
            return min(dt, last_dt * MAX_BONDED_GROWTH / growth)
        return dt

    def begin_step(self, t: float, dt: float) -> None:
        self._dt = dt
        self.cell.set_state(float(self.programme.temperature(t + dt)), float(self.programme.pressure(t + dt)), dt)

    def solve(self) -> tuple[bool, int, int]:
        return self.cell.solve()

    def reject(self) -> None:
        self.cell.restore_temperature()

    def commit(self, t: float) -> None:
        self.cell.commit(t)


class InterfaceDiagnostics:
    """History columns of the interface model."""

    columns: tuple[str, ...] = (
        "time_s",
        "step",
        "dt_s",
        "newton_iterations",
        "temperature_degC",
        "pressure_Pa",
        "bonded_fraction",
        "bonded_fraction_true_area",
        "contact_fraction",
        "void_area_m2",
        "debonded_fraction",
        "bond_degree_mean",
        "gas_pressure_max_Pa",
        "penalty_Pa_per_m",
    )

    def __init__(self, model: InterfaceModel) -> None:
        self.model = model
        self.series: list[tuple[float, float]] = []
        self.last: dict[str, float] = {}

    def values(self, t: float, step: int, dt: float, iterations: int) -> Mapping[str, Any]:
        m = self.model
        fr = m.cell.fractions()
        if self.series:
            m.last_growth = (fr["bonded_fraction"] - self.series[-1][1], dt)
        self.series.append((t, fr["bonded_fraction"]))
        self.last = fr
        return {
            "time_s": t,
            "step": step,
            "dt_s": dt,
            "newton_iterations": iterations,
            "temperature_degC": to_celsius(float(m.programme.temperature(t))),
            "pressure_Pa": float(m.programme.pressure(t)),
            "penalty_Pa_per_m": float(m.cell.k.value),
            **fr,
        }


def snapshot(cell: InterfaceCell, t: float, label: str) -> CellSnapshot | None:
    """The deformed cells and their von Mises (Cauchy) stress, gathered on rank 0 (collective)."""
    msh = cell.mesh
    vm = fem.Function(fem.functionspace(msh, ("DG", 0)))
    F = cell.F
    J = ufl.det(F)
    groups = cell.mesh_data.physical_groups

    def rhs(v: Any) -> Any:  # cell averages of the von Mises stress (it uses quadrature-point state)
        out = []
        for name in ("tpi", "pi"):
            s = ufl.dev(F * (cell.S[name] + J * cell.p * ufl.inv(F.T * F)) * F.T / J)
            out.append(ufl.sqrt(1.5 * ufl.inner(s, s)) * v * cell.dx(groups[name].tag))
        return out[0] + out[1]

    Projector(vm, rhs, cell.dx)()
    # displacement at the cell vertices: Q1 interpolation, aligned with the Q1 geometry cell by cell
    V1 = fem.functionspace(msh, ("Lagrange", 1, (2,)))
    u1 = fem.Function(V1)
    u1.interpolate(cell.u)
    n = msh.topology.index_map(2).size_local
    order = [0, 1, 3, 2]  # tensor-product vertex order → around the quadrilateral
    xg = msh.geometry.x[msh.geometry.dofmaps[0][:n]][:, order, :2]
    ug = u1.x.array.reshape(-1, 2)[V1.dofmap.list[:n]][:, order]
    allv = msh.comm.gather(xg + ug, root=0)
    allvm = msh.comm.gather(vm.x.array[:n].copy(), root=0)
    if msh.comm.rank != 0:
        return None
    return CellSnapshot(t, label, np.concatenate(allv), np.concatenate(allvm))


def hold_end(prog: Programme) -> float:
    """The end of the hold: the last time at peak pressure (s); the end of an unpressed programme."""
    peak = prog.pressures.max()
    pressed = np.flatnonzero(prog.pressures >= peak * (1 - 1e-9))
    return float(prog.times[pressed[-1]]) if peak > 0 else prog.duration


class Snapshots:
    """Pictures of the cell at half bonded, at the end of the hold at peak pressure, and at the end."""

    def __init__(self, model: InterfaceModel, diagnostics: InterfaceDiagnostics) -> None:
        self.model = model
        self.diag = diagnostics
        self.hold_end = hold_end(model.programme)
        self.taken: list[CellSnapshot] = []
        self._done = {"half": False, "hold": False}

    def _take(self, t: float, label: str) -> None:
        shot = snapshot(self.model.cell, t, label)
        if shot is not None:
            self.taken.append(shot)

    def after_step(self, t: float, step: int, row: Mapping[str, Any]) -> None:
        if step == 0:
            return
        if not self._done["half"] and row["bonded_fraction"] >= 0.5:
            self._done["half"] = True
            self._take(t, "half bonded")
        if not self._done["hold"] and t >= self.hold_end * (1 - 1e-12):
            self._done["hold"] = True
            self._take(t, "end of the hold")

    def finish(self, t: float, step: int) -> None:
        self._take(t, "end of the cycle")


def run_interface(
    case: Case,
    comm: Any,
    programme: Programme | None = None,
    *,
    stop: StopFlag | None = None,
    fields_folder: Any = None,
    pictures: bool = False,
    history: Any = None,
) -> InterfaceResult:
    """Solve the interface model of ``case`` (collective).

    Args:
        case: The case (its ``[interface]`` section).
        comm: The communicator.
        programme: The temperature and pressure at the interface (default: the case's recipe).
        stop: The run's stop flag, checked once per step on every rank.
        fields_folder: Where to write the VTX fields (``cell.bp``, :mod:`.cellfields`; None: no fields).
        pictures: Take snapshots of the deformed cell for the plots.
        history: Makes the streaming history file from the columns (see :class:`TimeLoop`), or None.

    Raises:
        ValueError: The case has no interface section.
        ConvergenceError: A step failed at the smallest allowed time step.
    """
    spec = case.interface
    if spec is None:
        raise ValueError(f"case '{case.name}' has no [interface] section")
    prog = programme or case.programme
    started = time.perf_counter()
    model = InterfaceModel(comm, spec, prog, case)
    cell = model.cell
    log.info(
        "%s interface: %s surface, cell %.3g µm, Rz %.3g µm, %d DOFs",
        case.name,
        cell.profile.kind,
        cell.length * 1e6,
        cell.rz * 1e6,
        cell.dofs,
    )
    diag = InterfaceDiagnostics(model)
    observers: list[Any] = []
    if fields_folder is not None:
        observers.append(CellFields(comm, fields_folder, cell, case.output.field_every))
    shots = Snapshots(model, diag) if pictures else None
    if shots is not None:
        observers.append(shots)
    loop = micro_loop(model, diag, case, spec.max_step, comm, observers=observers, stop=stop, history=history)
    end = prog.duration

    def progress(t: float, step: int, dt: float, its: int, row: Mapping[str, Any]) -> str:
        return (
            f"interface step {step:4d}  t = {t:9.2f} s ({100 * t / end:5.1f} %)  T = {row['temperature_degC']:6.1f}"
            f" °C  p = {row['pressure_Pa'] / 1e6:5.2f} MPa  bonded {100 * row['bonded_fraction']:5.1f} %  "
            f"dt = {dt:.3g} s  Newton {its}"
        )

    stats = loop.run(progress)
    return _result(case, spec, model, diag, shots, stats, time.perf_counter() - started)


def _result(
    case: Case,
    spec: InterfaceSpec,
    model: InterfaceModel,
    diag: InterfaceDiagnostics,
    shots: Snapshots | None,
    stats: Any,
    wall: float,
) -> InterfaceResult:
    cell = model.cell
    ts, bf = np.array(diag.series).T
    fr = diag.last

    x, pc = cell.contact_pressure()
    st = cell.state
    tn, tt = st.tractions(st.x, st.y)
    px, pz = cell.profile.sample(4001)
    valley = float(np.trapezoid(cell.y0 - pz, px))
    end_hold = hold_end(model.programme)
    k_hold = np.flatnonzero(ts >= end_hold * (1 - 1e-12))
    gas_max = max((row["gas_pressure_max_Pa"] for row in stats.rows), default=0.0)
    summary = InterfaceSummary(
        surface=cell.profile.kind,
        surface_roughness=cell.profile.roughness(),
        cell_length_m=cell.length,
        bonded_fraction_final=float(bf[-1]),
        bonded_fraction_true_area_final=fr["bonded_fraction_true_area"],
        contact_fraction_final=fr["contact_fraction"],
        time_to_50pct_bonded_s=first_time_at(ts, bf, 0.5),
        time_to_90pct_bonded_s=first_time_at(ts, bf, 0.9),
        void_area_final_m2=fr["void_area_m2"],
        void_fraction_final=fr["void_area_m2"] / valley if valley > 0 else 0.0,
        max_contact_pressure_Pa=float(np.max(pc)) if pc.size else 0.0,
        bonding_temperature_degC=None if spec.bonding_temperature is None else to_celsius(spec.bonding_temperature),
        history_source=spec.history,
        gas=spec.gas,
        solver=SolverStats(
            cell.dofs, stats.steps, stats.newton_iterations, stats.newton_iterations, stats.cutbacks, wall
        ),
        bonded_fraction_end_of_hold=float(bf[k_hold[0]]) if k_hold.size else None,
        debonded_fraction_final=fr["debonded_fraction"],
        bond_degree_mean_final=fr["bond_degree_mean"],
        max_interface_tension_Pa=float(np.max(tn)) if tn.size else 0.0,
        max_interface_shear_Pa=float(np.max(np.abs(tt))) if tt.size else 0.0,
        max_gas_pressure_Pa=float(gas_max),
    )
    sx, sz = cell.profile.sample(801)
    xa = np.where(st.bonded, st.anchor_x, x)
    return InterfaceResult(
        summary=summary,
        history=stats.history(diag.columns),
        surface=SurfacePoints(
            cell.X,
            xa,
            st.first_contact,
            np.where(st.bonded, st.bond_time, np.nan),
            st.bonded,
            pc,
            bond_degree=st.bond_degree,
            shear_traction_Pa=tt,
            debonded=st.debonded,
        ),
        profile_x=sx,
        profile_z=sz,
        programme=model.programme,
        snapshots=tuple(shots.taken) if shots is not None else (),
    )
