"""The stack model: the laminate's cross-section taken through the press cycle.

:class:`StackMechanics` is the section in the press — by default a round coupon (axisymmetric),
or a plane section: it rests under its own weight on the fixed lower platen, a flat frictionless
unilateral contact; while pressed, the upper platen, a rigid body pushed with the press force, meets
it wherever it reaches up (or the pressure acts as a uniform traction), and the melt of the wider
sheet keeps the thermoplastic edges straight; when the press opens the platen is gone and the edge
free (docs/theory/stack.md). :class:`StackModel` couples it with the through-thickness thermal
column and steps both through the recipe in the shared
:class:`~thermobond.simulation.timeloop.TimeLoop`; :func:`run_stack` returns a
:class:`~thermobond.results.StackResult` with the sheet's large-deflection curl.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from dolfinx import fem
from mpi4py import MPI

from ..case import Case, interface_name
from ..materials import ThermoplasticMaterial
from ..meshes import LayerSpec, stack_mesh
from ..process import Programme
from ..results import (
    StackResult,
)
from ..signals import StopFlag
from ..units import to_celsius
from .heat import ThermalColumn
from .laws import LayerModel
from .probes import AxisProbe, FaceDeflection, InterfaceProbe, LineSampler, fit_curvature
from .section import GRAVITY, SectionMechanics
from .stackoutputs import FieldOutput, StackDiagnostics
from .stackresult import stack_result
from .supports import face_constraint
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
    """The laminate in the press (see module docstring): a fixed lower platen under the bottom face,
    the upper platen pushed onto the pressed face with the press force while the press is closed,
    the laminate's own weight; the centre line x = 0 is the axis of a round coupon (or the symmetry
    plane of a plane section)."""

    def __init__(self, mesh_data: Any, case: Case) -> None:
        stack = case.stack
        W = case.mesh.width
        pressed_face = stack.pressed_face
        face_height = sum(layer.thickness for layer in stack.born_at_start)
        super().__init__(
            mesh_data,
            layer_models(case),
            plane=case.mechanics.section,
            degree=case.mesh.degree,
            stress_free_temperature=case.mechanics.stress_free_temperature,
            initial_temperature=float(case.programme.temperatures[0]),
            supports={"press": face_constraint("axis", 0)},
            tractions=["top"] if case.mechanics.platen == "pressure" else [],
            melt_edges=("right", [layer.name for layer in stack.thermoplastics])
            if case.mechanics.edges_while_pressed == "sheet"
            else None,
            platens=[("bottom", True, 0.0)]
            + ([(pressed_face, False, face_height)] if case.mechanics.platen == "rigid" else []),
            gravity=GRAVITY if case.mechanics.own_weight else 0.0,
            petsc_options=case.solver.petsc_options,
            prefix=PREFIX,
        )
        self.case = case
        self.width = W
        self.radius = 0.5 * W
        self.pressed_face = pressed_face
        ds_top, _ = self._face(pressed_face)
        self.top_area = self.mesh.comm.allreduce(fem.assemble_scalar(fem.form(self.weight * ds_top)), op=MPI.SUM)
        self.pressure = 0.0
        self.weight_pressure = (
            GRAVITY * sum(layer.material.thermal.density * layer.thickness for layer in stack.layers)
            if case.mechanics.own_weight
            else 0.0
        )
        self.deflection = FaceDeflection(mesh_data, self.Vu.sub(1), W)
        self.bottom_line = LineSampler(mesh_data, self.Vu.sub(1), "bottom", W)
        self.top_line = LineSampler(mesh_data, self.Vu.sub(1), pressed_face, W) if pressed_face == "top" else None
        self.probes = {i.name: InterfaceProbe(mesh_data, i.name, W) for i in stack.interfaces}
        self.axis_probe = AxisProbe(
            mesh_data, {int(c): name for name, cells in self.layer_cells.items() for c in cells}
        )
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
        """Press pressure (Pa, gauge): the upper platen pushed with p × the pressed area (``platen =
        "rigid"``), or a uniform compressive traction (``"pressure"``). At zero the press is open and
        the platen gone. With ``mechanics.edges_while_pressed = "sheet"`` the coupon is part of a
        wider sheet: the edges of its thermoplastic layers stay straight between their neighbours
        (the shear flow of the sheet's melt: it neither squeezes out nor bulges), while the foils'
        and films' edges stay free to slide."""
        pressed = p > 0
        self.pressure = p
        if self.pressed_face in self.platens:
            self.platens[self.pressed_face].engage(pressed, p * self.top_area)
        else:
            self.traction["top"].value[:] = (0.0, -p)
        self.melt_engaged.value[...] = 1.0 if pressed else 0.0

    @property
    def press_closed(self) -> bool:
        pl = self.platens.get(self.pressed_face)
        return bool(pl is not None and float(pl.engaged.value) > 0)

    def contact_fractions(self) -> tuple[float, float]:
        """(bottom, top): the fraction of the coupon's radius (or half-width) in contact with the
        lower and the upper platen (collective). A point touches where its contact pressure is at
        least 1 % of the platen's nominal pressure (press force, plus the laminate's weight for the
        lower platen, over the area)."""
        nominal = self.pressure + self.weight_pressure
        xb, wb = self.bottom_line.values(self.u.x.array)
        bottom = _fraction(xb, self.contact.pressure(-wb) >= 0.01 * nominal, self.radius) if nominal > 0 else 0.0
        top = 0.0
        if self.top_line is not None and self.press_closed and self.pressure > 0:
            xt, wt = self.top_line.values(self.u.x.array)
            U = float(self.platens[self.pressed_face].position.x.array[0])
            top = _fraction(xt, self.contact.pressure(wt - U) >= 0.01 * self.pressure, self.radius)
        return bottom, top

    def curvature(self) -> Any:
        """Mid-plane curvature fitted away from the free edge (see :class:`CurvatureFit`)."""
        x, w = self.deflection.midplane(self.u.x.array)
        window = self.radius - max(5 * self.case.stack.total_thickness, 0.1 * self.radius)
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
            m = xl <= 0.5 * self.radius
            out[name] = float(np.mean(np.interp(xl[m], xh, wh) - wl[m]) / h)
        return out


def _fraction(x: np.ndarray, touching: np.ndarray, radius: float) -> float:
    """Length of the touching stretches of a line (sorted nodes) over ``radius``."""
    both = touching[:-1] & touching[1:]
    return float(np.sum(np.diff(x)[both]) / radius)


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
        self.timings = {"thermal": 0.0, "mechanics": 0.0}

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
        out = self.mech.solve(self._dt, "press")
        self.timings["mechanics"] += time.perf_counter() - t0
        return out

    def reject(self) -> None:
        self.mech.restore_temperature()
        self.column.restore(self._snapshot)

    def commit(self, t: float) -> None:
        self.mech.commit()


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
        case.mechanics.section,
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
    return stack_result(case, model, diag, stats, ncells, setup, time.perf_counter() - started)
