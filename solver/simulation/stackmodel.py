"""The stack model: the laminate's cross-section taken through the press cycle.

:class:`StackMechanics` is the section in the press: a frictionless platen under the bottom face and
a rigid flat platen (or a uniform pressure) on the top face while pressed; three stress-free point
constraints when not. :class:`StackModel` couples it with the through-thickness thermal column and
steps both through the recipe in the shared :class:`~thermobond.simulation.timeloop.TimeLoop`;
:func:`run_stack` returns a :class:`~thermobond.results.StackResult`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ..case import Case, interface_name
from ..materials import ThermoplasticMaterial
from ..meshes import LayerSpec, stack_mesh
from ..process import Programme
from ..results import (
    Deflection,
    InterfaceStress,
    InterfaceTraction,
    SolverStats,
    StackResult,
    StackSummary,
)
from ..signals import StopFlag
from ..units import to_celsius
from .heat import ThermalColumn
from .laws import LayerModel
from .probes import FaceDeflection, InterfaceProbe, LineSampler, fit_curvature
from .section import SectionMechanics, combine, face_constraint, point_constraints
from .timeloop import LoopSettings, TimeLoop

__all__ = ["StackMechanics", "StackModel", "build_stack_mesh", "layer_models", "run_stack"]

log = logging.getLogger(__name__)

PREFIX = "thermobond_stack_"  # PETSc options prefix of the stack's mechanics


def build_stack_mesh(comm: Any, case: Case) -> Any:
    """The 2-D cross-section mesh of a case (MeshData)."""
    m = case.mesh
    return stack_mesh(
        comm,
        [LayerSpec(layer.name, layer.thickness, layer.elements) for layer in case.stack.layers],
        m.width,
        m.element_size,
        m.edge_element_size,
        growth=m.growth,
        interface_grading=m.interface_grading,
    )


def layer_models(case: Case) -> list[LayerModel]:
    """The section's layer models from a case's stack and mechanics options."""
    return [
        LayerModel(
            layer.name,
            layer.material,
            layer.intrinsic_stress,
            born=layer.active_from is None,
            viscoelastic=case.mechanics.viscoelastic,
            plastic=case.mechanics.plasticity,
        )
        for layer in case.stack.layers
    ]


class StackMechanics(SectionMechanics):
    """The laminate in the press (see module docstring)."""

    def __init__(self, mesh_data: Any, case: Case) -> None:
        stack = case.stack
        H = stack.total_thickness
        W = case.mesh.width
        tol = 1e-6 * min(min(layer.thickness for layer in stack.layers), W)
        free = point_constraints([(0, 0.0, 0.0), (1, 0.0, 0.0), (0, 0.0, H)], tol)
        pressed = combine(face_constraint("bottom", 1), point_constraints([(0, 0.0, 0.0)], tol))
        super().__init__(
            mesh_data,
            layer_models(case),
            plane=case.mechanics.plane,
            degree=case.mesh.degree,
            stress_free_temperature=case.mechanics.stress_free_temperature,
            initial_temperature=float(case.programme.temperatures[0]),
            supports={"free": free, "pressed": pressed},
            tractions=["top"] if case.mechanics.platen == "pressure" else [],
            rigid_faces=([(stack.pressed_face, 1)] if case.mechanics.platen == "rigid" else [])
            + ([("left", 0), ("right", 0)] if case.mechanics.edges_while_pressed == "sheet" else []),
            petsc_options=case.solver.petsc_options,
            prefix=PREFIX,
        )
        self.case = case
        self.width = W
        self.deflection = FaceDeflection(mesh_data, self.Vu.sub(1), W)
        self.probes = {i.name: InterfaceProbe(mesh_data, i.name, W) for i in stack.interfaces}
        self.tpi_lines = []
        for i, layer in enumerate(stack.layers):
            if not isinstance(layer.material, ThermoplasticMaterial):
                continue
            lo = interface_name(stack.layers[i - 1].name, layer.name) if i > 0 else "bottom"
            hi = interface_name(layer.name, stack.layers[i + 1].name) if i < len(stack.layers) - 1 else "top"
            self.tpi_lines.append(
                (
                    layer.name,
                    layer.thickness,
                    LineSampler(mesh_data, self.Vu.sub(1), lo, W),
                    LineSampler(mesh_data, self.Vu.sub(1), hi, W),
                )
            )

    def set_pressure(self, p: float) -> None:
        """Press pressure (Pa): a rigid platen pushed with p·W onto the top face, or a uniform
        compressive traction, as the case's ``mechanics.platen`` says. While pressed, the lateral
        faces are cuts through a wider sheet (``mechanics.edges_while_pressed = "sheet"``)."""
        pressed = p > 0
        face = self.case.stack.pressed_face
        if face in self.rigid:
            self.rigid[face].engage(pressed, p * self.width)  # contact traction −p on the laminate
        else:
            self.traction["top"].value[:] = (0.0, -p)
        for side in ("left", "right"):
            if side in self.rigid:
                self.rigid[side].engage(pressed, 0.0)

    def curvature(self) -> Any:
        """Mid-plane curvature fitted away from the free edges (see :class:`CurvatureFit`)."""
        x, w = self.deflection.midplane(self.u.x.array)
        W = self.width
        window = 0.5 * W - max(5 * self.case.stack.total_thickness, 0.1 * W)
        return fit_curvature(x, w, window)

    def interface_tractions(self) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """(x, σ_yy, σ_xy) along each interface (call :meth:`update_stress_fields` first)."""
        return {name: probe.evaluate(self.sigma_h) for name, probe in self.probes.items()}

    def tpi_thickness_change(self) -> dict[str, float]:
        """Relative thickness change of each thermoplastic layer over the central half (−)."""
        out = {}
        for name, h, lo, hi in self.tpi_lines:
            xl, wl = lo.values(self.u.x.array)
            xh, wh = hi.values(self.u.x.array)
            m = np.abs(xl) <= 0.25 * self.width
            out[name] = float(np.mean(np.interp(xl[m], xh, wh) - wl[m]) / h)
        return out


def _log_aT_limit(case: Case, programme: Programme) -> Any:
    """Step limit: the platen temperature may move a thermoplastic's log10 a_T by at most
    ``solver.max_log_aT_change`` decades per step (small steps near Tg, large ones in the glass)."""
    laws = [
        layer.material.viscoelastic.shift
        for layer in case.stack.thermoplastics
        if isinstance(layer.material, ThermoplasticMaterial) and case.mechanics.viscoelastic
    ]
    limit = case.solver.max_log_aT_change

    def limiter(t: float, dt: float) -> float:
        for _ in range(30):
            Ts = np.linspace(float(programme.temperature(t)), float(programme.temperature(t + dt)), 9)
            change = max((float(np.ptp(np.asarray(law.log10_aT(Ts)))) for law in laws), default=0.0)
            if change <= limit:
                return dt
            dt *= 0.8 * limit / change
        return dt

    return limiter


class StackModel:
    """The thermal column and the section, stepped together (a :class:`SteppedModel`)."""

    name = "stack"

    def __init__(self, comm: Any, case: Case) -> None:
        self.case = case
        self.programme = case.programme
        self.mesh_data = build_stack_mesh(comm, case)
        self.column = ThermalColumn(case)
        self.mech = StackMechanics(self.mesh_data, case)
        self.births = {
            layer.name: case.programme.segment(layer.active_from)[0]
            for layer in case.stack.layers
            if layer.active_from is not None
        }
        self._born: set[str] = set()
        self._limit = _log_aT_limit(case, case.programme)
        self._snapshot: Any = None
        self._support = "free"
        self.timings = {"thermal": 0.0, "mechanics": 0.0}

    def support_at(self, t: float) -> str:
        return "pressed" if float(self.programme.pressure(t)) > 0 else "free"

    # ---- the stepped-model protocol -------------------------------------------------------------
    def add_newton_monitor(self, fn: Callable[[], None]) -> None:
        self.mech.add_newton_monitor(fn)

    def limit_step(self, t: float, dt: float) -> float:
        limit: float = self._limit(t, dt)
        return limit

    def begin_step(self, t: float, dt: float) -> None:
        end = self.programme.duration
        for name, tb in self.births.items():
            if name not in self._born and abs(tb - t) <= 1e-9 * max(end, 1.0):
                self.mech.activate(name)
                self._born.add(name)
                log.info(
                    "t = %.1f s: layer '%s' is born (stress-free at %.1f °C)",
                    t,
                    name,
                    to_celsius(float(self.programme.temperature(t))),
                )
        self._support = self.support_at(t + dt)
        self._dt = dt
        t0 = time.perf_counter()
        self._snapshot = self.column.snapshot()
        if dt > 0:
            self.column.advance(t + dt)
        self.timings["thermal"] += time.perf_counter() - t0
        self.mech.set_temperature(self.column.temperature_at)
        self.mech.set_pressure(float(self.programme.pressure(t + dt)))

    def solve(self) -> tuple[bool, int, int]:
        t0 = time.perf_counter()
        out = self.mech.solve(self._dt, self._support)
        self.timings["mechanics"] += time.perf_counter() - t0
        return out

    def reject(self) -> None:
        self.mech.restore_temperature()
        self.column.restore(self._snapshot)

    def commit(self, t: float) -> None:
        self.mech.commit()


class StackDiagnostics:
    """History columns of the stack model (collective; every rank computes the same row)."""

    def __init__(self, model: StackModel) -> None:
        self.model = model
        self.interfaces = [i.name for i in model.case.stack.interfaces]
        self.tpis = [name for name, *_ in model.mech.tpi_lines]
        cols = ["time_s", "step", "dt_s", "newton_iterations", "support", "platen_temperature_degC", "pressure_Pa"]
        cols += ["bottom_temperature_degC", "top_temperature_degC"]
        cols += [f"{n}.temperature_degC" for n in self.interfaces]
        cols += ["curvature_1_per_m"]
        for n in self.interfaces:
            cols += [f"{n}.mean_normal_stress_Pa", f"{n}.max_normal_stress_Pa", f"{n}.max_shear_stress_Pa"]
        cols += [f"{n}.thickness_change" for n in self.tpis]
        self.columns = tuple(cols)
        self.programme_rows: list[tuple[float, dict[str, float], dict[str, float]]] = []
        self.last: dict[str, Any] = {}

    def values(self, t: float, step: int, dt: float, iterations: int) -> Mapping[str, Any]:
        m = self.model
        mech, column, prog = m.mech, m.column, m.programme
        mech.update_stress_fields()
        tr = mech.interface_tractions()
        curv = mech.curvature()
        thick = mech.tpi_thickness_change()
        Tb, Tt = column.face_temperatures()
        Ti = column.interface_temperatures()
        W = m.case.mesh.width
        row: dict[str, Any] = {
            "time_s": t,
            "step": step,
            "dt_s": dt,
            "newton_iterations": iterations,
            "support": m.support_at(t),
            "platen_temperature_degC": to_celsius(float(prog.temperature(t))),
            "pressure_Pa": float(prog.pressure(t)),
            "bottom_temperature_degC": to_celsius(Tb),
            "top_temperature_degC": to_celsius(Tt),
            "curvature_1_per_m": curv.curvature,
        }
        pressures = {}
        for n in self.interfaces:
            x, syy, sxy = tr[n]
            mid = np.abs(x) <= 0.25 * W
            row[f"{n}.temperature_degC"] = to_celsius(Ti[n])
            row[f"{n}.mean_normal_stress_Pa"] = float(np.mean(syy[mid]))
            row[f"{n}.max_normal_stress_Pa"] = float(syy[np.argmax(np.abs(syy))])
            row[f"{n}.max_shear_stress_Pa"] = float(np.max(np.abs(sxy)))
            pressures[n] = -float(np.mean(syy[mid]))
        for n in self.tpis:
            row[f"{n}.thickness_change"] = thick[n]
        self.programme_rows.append((t, dict(Ti), pressures))
        self.last = {"tractions": tr, "curvature": curv}
        return row

    def interface_programmes(self, breakpoints: Programme) -> dict[str, Programme]:
        """T(t) (K) and the mean normal pressure p(t) (Pa, compression positive; ≥ 0) at each
        interface, with the recipe's breakpoints."""
        t = np.array([r[0] for r in self.programme_rows])
        out = {}
        for n in self.interfaces:
            T = np.array([r[1][n] for r in self.programme_rows])
            p = np.maximum(np.array([r[2][n] for r in self.programme_rows]), 0.0)
            keep = tuple(b for b in breakpoints.breakpoints if b <= t[-1] * (1 + 1e-12))
            names = breakpoints.names[: len(keep)]
            out[n] = Programme(t, T, p, keep, names)
        return out


class FieldOutput:
    """ParaView output (VTX/ADIOS2) every ``every`` steps and at the end: displacement, temperature
    (°C), stress, von Mises (DG) and plastic strain."""

    def __init__(self, comm: Any, folder: Any, mech: StackMechanics, every: int) -> None:
        from dolfinx import fem, io

        self.mech = mech
        self.every = every
        self.T_degC = fem.Function(mech.T.function_space, name="temperature_degC")
        self.writers = [
            io.VTXWriter(comm, str(folder / "displacement.bp"), [mech.u]),
            io.VTXWriter(comm, str(folder / "temperature.bp"), [self.T_degC]),
            io.VTXWriter(comm, str(folder / "stress.bp"), [mech.sigma_h]),
            io.VTXWriter(comm, str(folder / "von_mises.bp"), [mech.vm_h]),
            io.VTXWriter(comm, str(folder / "plastic_strain.bp"), [mech.peeq_h]),
        ]

    def write(self, t: float) -> None:
        self.T_degC.x.array[:] = self.mech.T.x.array - 273.15
        for w in self.writers:
            w.write(t)

    def after_step(self, t: float, step: int, row: Mapping[str, Any]) -> None:
        if step == 0 or step % self.every == 0:
            self.write(t)

    def finish(self, t: float, step: int) -> None:
        self.write(t)
        for w in self.writers:
            w.close()


def run_stack(
    case: Case,
    comm: Any,
    *,
    stop: StopFlag | None = None,
    fields_folder: Any = None,
    history: Any = None,
) -> StackResult:
    """Solve the stack model of ``case`` through its programme (collective).

    Args:
        case: The case.
        comm: The communicator.
        stop: The run's stop flag (signals), checked once per step on every rank.
        fields_folder: Where to write the VTX fields (None: no fields).
        history: Makes the streaming history file from the columns (see :class:`TimeLoop`), or None.

    Raises:
        ConvergenceError: A step failed at the smallest allowed time step.
    """
    started = time.perf_counter()
    t0 = time.perf_counter()
    model = StackModel(comm, case)
    setup = time.perf_counter() - t0
    mech = model.mech
    ncells = model.mesh_data.mesh.topology.index_map(2).size_global
    log.info(
        "%s: %d cells, %d displacement DOFs, plane %s, %s TPI, %s metals",
        case.name,
        ncells,
        mech.dofs,
        case.mechanics.plane,
        "viscoelastic" if case.mechanics.viscoelastic else "glassy-elastic",
        "elastic-plastic" if case.mechanics.plasticity else "elastic",
    )
    diag = StackDiagnostics(model)
    observers = []
    if fields_folder is not None:
        observers.append(FieldOutput(comm, fields_folder, mech, case.output.field_every))
    s = case.solver
    loop = TimeLoop(
        model,
        LoopSettings(s.initial_step, s.min_step, s.max_step, s.max_temperature_change),
        [diag],
        comm,
        observers=observers,
        stop=stop,
        history=history,
    )
    end = case.programme.duration

    def progress(t: float, step: int, dt: float, its: int, row: Mapping[str, Any]) -> str:
        return (
            f"step {step:4d}  t = {t:9.2f} s ({100 * t / end:5.1f} %)  T = {row['platen_temperature_degC']:6.1f} °C"
            f"  p = {row['pressure_Pa'] / 1e6:5.2f} MPa  dt = {dt:7.3g} s  Newton {its}"
        )

    stats = loop.run(progress)
    return _result(case, model, diag, stats, ncells, setup, time.perf_counter() - started)


def _result(
    case: Case, model: StackModel, diag: StackDiagnostics, stats: Any, ncells: int, setup: float, wall: float
) -> StackResult:
    mech = model.mech
    curv = diag.last["curvature"]
    tr = diag.last["tractions"]
    win = np.abs(curv.x) <= curv.window
    c = np.polyfit(curv.x[win], curv.w[win], 2)
    per_iface = {}
    for n, (xs, syy, sxy) in tr.items():
        i_s, i_n = int(np.argmax(np.abs(sxy))), int(np.argmax(np.abs(syy)))
        per_iface[n] = InterfaceStress(
            float(abs(sxy[i_s])),
            float(xs[i_s]),
            float(syy[i_n]),
            float(xs[i_n]),
            float(np.interp(0.0, xs, syy)),
            float(np.interp(0.0, xs, sxy)),
        )
    peeq = mech.layer_max(mech.peeq_h)
    metals = [layer.name for layer in case.stack.metals]
    end = case.programme.duration
    summary = StackSummary(
        plane=case.mechanics.plane,
        tpi_model="viscoelastic" if case.mechanics.viscoelastic else "glassy elastic",
        stress_free_temperature_degC=to_celsius(case.mechanics.stress_free_temperature),
        final_temperature_degC=to_celsius(float(case.programme.temperature(end))),
        curvature_1_per_m=curv.curvature,
        curl_radius_m=curv.radius,
        concave_side=curv.concave_side,
        edge_lift_100mm_m=curv.curvature * 0.1**2 / 8,
        max_interface_shear_Pa=max((v.max_shear_Pa for v in per_iface.values()), default=0.0),
        max_interface_normal_Pa=max((v.max_normal_Pa for v in per_iface.values()), key=abs, default=0.0),
        interfaces=per_iface,
        max_von_mises_Pa=mech.layer_max(mech.vm_h),
        max_equivalent_plastic_strain=max((peeq[m] for m in metals), default=0.0),
        equivalent_plastic_strain={m: peeq[m] for m in metals},
        tpi_thickness_change=mech.tpi_thickness_change(),
        cells=ncells,
        solver=SolverStats(mech.dofs, stats.steps, stats.newton_iterations, mech.linear_solves, stats.cutbacks, wall),
    )
    stats.timings.update(model.timings)
    stats.timings["setup"] = setup
    return StackResult(
        summary=summary,
        history=stats.history(diag.columns),
        interface_programmes=diag.interface_programmes(case.programme),
        tractions=tuple(InterfaceTraction(n, xs, sy, sx) for n, (xs, sy, sx) in tr.items()),
        deflection=Deflection(curv.x, curv.w, np.polyval(c, curv.x)),
    )
