"""The 3-D interface patch stepped through a temperature–pressure programme (``[patch]``).

:class:`PatchModel` is :class:`~thermobond.simulation.tpipatch.TPIPatch` as a stepped model of the
shared time loop, as :mod:`.interfacemodel` does for the 2-D cell: the same step control (the
platen temperature moves log10 a_T by at most ``max_log_aT_change`` per step, the bonded area grows
by at most 5 % of the patch per step), the same pressure floor (the film's weight) and the same
bonding rule. :class:`PatchFields` writes the VTX fields; :func:`run_patch` returns a
:class:`~thermobond.results.PatchResult`.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from dolfinx import fem, io

from ..case import Case, PatchSpec
from ..materials import ThermoplasticMaterial
from ..meshes import areal
from ..process import Programme
from ..results import PatchResult, PatchSummary, SolverStats
from ..signals import StopFlag
from ..units import to_celsius
from .cell import P_FLOOR
from .interfacemodel import MAX_BONDED_GROWTH, first_time_at, hold_end, micro_loop, shift_limited_step
from .patch import PatchMesh
from .patchsurface import Bisinusoid
from .tpipatch import TPIPatch, TPIPatchStep

__all__ = ["PatchFields", "PatchModel", "run_patch"]

log = logging.getLogger(__name__)


class PatchModel:
    """The TPI patch as a stepped model, driven by a temperature–pressure programme (collective)."""

    name = "patch"

    def __init__(self, comm: Any, spec: PatchSpec, programme: Programme, case: Case) -> None:
        self.spec, self.programme = spec, programme
        mat = spec.layer.material
        if not isinstance(mat, ThermoplasticMaterial):
            raise ValueError(f"the patch layer '{spec.layer.name}' needs a thermoplastic card (a Prony series)")
        self.shift = mat.viscoelastic.shift
        self.max_log_aT_change = case.solver.max_log_aT_change
        self.patch = TPIPatch(
            comm,
            spec.surface,
            spec.layer.thickness,
            mat,
            float(programme.temperature(0.0)),
            PatchMesh(spec.elements_xy, spec.elements_z, spec.grading),
            core=spec.core.material if spec.core is not None else None,
            core_thickness_m=spec.core_thickness,
            core_elements=spec.core_elements,
            metal_expansion=spec.metal.material.expansion.in_plane if spec.metal is not None else None,
            bonding_temperature_K=spec.bonding_temperature,
            linear_solver=spec.linear_solver,
            gas_pressure_Pa=spec.gas_pressure if spec.gas == "sealed" else 0.0,
        )
        self.last_growth = (0.0, 1.0)  # (bonded-fraction change, step) of the last accepted step
        self.state: TPIPatchStep | None = None
        self._its = 0

    def add_newton_monitor(self, fn: Callable[[], None]) -> None:
        self.patch.newton_monitors.append(fn)

    def limit_step(self, t: float, dt: float) -> float:
        dt = shift_limited_step(self.shift, self.programme, t, dt, self.max_log_aT_change)
        growth, last_dt = self.last_growth
        if growth > MAX_BONDED_GROWTH:
            return min(dt, last_dt * MAX_BONDED_GROWTH / growth)
        return dt

    def begin_step(self, t: float, dt: float) -> None:
        p = max(float(self.programme.pressure(t + dt)), P_FLOOR)  # the film's weight keeps it on the surface
        self.patch.begin_step(dt, float(self.programme.temperature(t + dt)), p)

    def solve(self) -> tuple[bool, int, int]:
        ok, its, reason = self.patch.solve()
        self._its = its
        return ok, its, reason

    def reject(self) -> None:
        self.patch.reject()

    def commit(self, t: float) -> None:
        before = self.state.bonded_fraction if self.state is not None else 0.0
        self.state = self.patch.commit(self._its)
        self.last_growth = (self.state.bonded_fraction - before, max(float(self.patch.dt_last), 1e-300))


class PatchDiagnostics:
    """History columns of the patch."""

    columns: tuple[str, ...] = (
        "time_s",
        "step",
        "dt_s",
        "newton_iterations",
        "linear_iterations",
        "temperature_degC",
        "pressure_Pa",
        "bonded_fraction",
        "contact_fraction",
        "contact_fraction_nodes",
        "mean_gap_m",
        "contact_force_N",
        "penalty_Pa_per_m",
    )

    def __init__(self, model: PatchModel) -> None:
        self.model = model
        self.gas = model.patch.gas is not None
        if self.gas:
            self.columns = (*self.columns, "gas_pressure_max_Pa", "sealed_pockets")

    def values(self, t: float, step: int, dt: float, iterations: int) -> Mapping[str, Any]:
        s = self.model.state
        assert s is not None  # committed before it is recorded
        return {
            "time_s": t,
            "step": step,
            "dt_s": dt,
            "newton_iterations": iterations,
            "linear_iterations": s.linear_iterations,
            "temperature_degC": to_celsius(float(self.model.programme.temperature(t))),
            "pressure_Pa": float(self.model.programme.pressure(t)),
            "bonded_fraction": s.bonded_fraction,
            "contact_fraction": s.contact_fraction,
            "contact_fraction_nodes": s.contact_fraction_nodes,
            "mean_gap_m": s.mean_gap_m,
            "contact_force_N": s.contact_force_N,
            "penalty_Pa_per_m": float(self.model.patch.k.value),
        } | ({"gas_pressure_max_Pa": s.gas_pressure_max_Pa, "sealed_pockets": s.sealed_pockets} if self.gas else {})


class PatchFields:
    """Observer of the patch's time loop: ``fields/patch.bp`` (VTX, for ParaView) every ``every``
    steps and at the end: the displacement (m), the bond state (1 where a surface node has bonded)
    and the contact pressure (Pa; a bonded node's tie force per area, tension negative), on the
    displacement's quadratic points, so that ParaView can warp by the displacement."""

    def __init__(self, comm: Any, folder: Any, patch: TPIPatch, every: int) -> None:
        self.patch, self.every = patch, every
        S = patch.bonded.function_space
        self.pressure = fem.Function(S, name="contact_pressure_Pa")
        self.writer = io.VTXWriter(comm, str(folder / "patch.bp"), [patch.u, patch.bonded, self.pressure])

    def write(self, t: float) -> None:
        pt = self.patch
        self.pressure.x.array[:] = 0.0
        self.pressure.x.array[: pt.n_owned] = np.where(pt.node_area > 0, pt.normal_pressure(), 0.0)
        self.pressure.x.scatter_forward()
        self.writer.write(t)

    def after_step(self, t: float, step: int, row: Mapping[str, Any]) -> None:
        if step > 0 and step % self.every == 0:
            self.write(t)

    def finish(self, t: float, step: int) -> None:
        self.write(t)
        self.writer.close()


def roughness_of(surface: Any) -> dict[str, float]:
    """ISO 25178-2 parameters of the patch's surface (the bisinusoid through its Fourier form)."""
    if isinstance(surface, Bisinusoid):
        surface = areal.bisinusoid(surface.wavelength_m, surface.wavelength_m, surface.amplitude_m)
    return {k: float(v) for k, v in dataclasses.asdict(areal.roughness(surface)).items()}


def run_patch(
    case: Case,
    comm: Any,
    programme: Programme | None = None,
    *,
    stop: StopFlag | None = None,
    fields_folder: Any = None,
    history: Any = None,
) -> PatchResult:
    """Solve the 3-D interface patch of ``case`` (collective).

    Args:
        case: The case (its ``[patch]`` section).
        comm: The communicator.
        programme: The temperature and pressure at the interface (default: the case's recipe).
        stop: The run's stop flag, checked once per step on every rank.
        fields_folder: Where to write the VTX fields (``patch.bp``; None: no fields).
        history: Makes the streaming history file from the columns (see :class:`TimeLoop`), or None.

    Raises:
        ValueError: The case has no patch section.
        ConvergenceError: A step failed at the smallest allowed time step.
    """
    spec = case.patch
    if spec is None:
        raise ValueError(f"case '{case.name}' has no [patch] section")
    prog = programme or case.programme
    started = time.perf_counter()
    model = PatchModel(comm, spec, prog, case)
    patch = model.patch
    surface = spec.surface
    kind = "bisinusoid" if isinstance(surface, Bisinusoid) else str(surface.kind)
    size = [float(surface.period_x_m), float(surface.period_y_m)]
    log.info(
        "%s patch: %s surface, %.3g × %.3g µm, %d DOFs on %d rank%s",
        case.name,
        kind,
        size[0] * 1e6,
        size[1] * 1e6,
        patch.dofs,
        comm.size,
        "" if comm.size == 1 else "s",
    )
    diag = PatchDiagnostics(model)
    observers: list[Any] = []
    if fields_folder is not None:
        observers.append(PatchFields(comm, fields_folder, patch, case.output.field_every))
    loop = micro_loop(model, diag, case, spec.max_step, comm, observers=observers, stop=stop, history=history)
    end = prog.duration

    def progress(t: float, step: int, dt: float, its: int, row: Mapping[str, Any]) -> str:
        return (
            f"patch step {step:4d}  t = {t:9.2f} s ({100 * t / end:5.1f} %)  T = {row['temperature_degC']:6.1f}"
            f" °C  p = {row['pressure_Pa'] / 1e6:5.2f} MPa  bonded {100 * row['bonded_fraction']:5.1f} %  "
            f"contact {100 * row['contact_fraction']:5.1f} %  dt = {dt:.3g} s  Newton {its}"
        )

    stats = loop.run(progress)
    wall = time.perf_counter() - started
    h = stats.history(diag.columns)
    ts, bf, gap = h.column("time_s"), h.column("bonded_fraction"), h.column("mean_gap_m")

    k_hold = np.flatnonzero(ts >= hold_end(prog) * (1 - 1e-12))
    points = patch.bond_map()
    summary = PatchSummary(
        surface=kind,
        surface_roughness=roughness_of(surface),
        patch_size_m=size,
        bonded_fraction_final=float(bf[-1]),
        bonded_fraction_end_of_hold=float(bf[k_hold[0]]) if k_hold.size else None,
        contact_fraction_final=float(h.column("contact_fraction")[-1]),
        time_to_50pct_bonded_s=first_time_at(ts, bf, 0.5),
        time_to_90pct_bonded_s=first_time_at(ts, bf, 0.9),
        mean_gap_final_m=float(gap[-1]),
        void_fraction_final=float(gap[-1] / gap[0]) if gap[0] > 0 else 0.0,
        bonding_temperature_degC=None if spec.bonding_temperature is None else to_celsius(spec.bonding_temperature),
        history_source=spec.history,
        exact_gap=bool(patch.exact_gap),
        solver=SolverStats(
            patch.dofs, stats.steps, stats.newton_iterations, stats.newton_iterations, stats.cutbacks, wall
        ),
        gas_pressure_max_Pa=float(h.column("gas_pressure_max_Pa").max()) if diag.gas else None,
        sealed_pockets_final=int(h.column("sealed_pockets")[-1]) if diag.gas else None,
    )
    xy, tb = points if points is not None else (np.zeros((0, 4)), np.zeros(0))
    return PatchResult(summary, h, xy, tb, prog)
