"""Run a case: stack → interface → bond and adhesion → claims → measured vs simulated → sinks.

Each model returns a frozen result that the next one takes as it is (the stack's interface
programmes drive the interface model and the bond kinetics; the interface's bonded surface feeds
the adhesion); the files of the results folder are written from those results and never read back.
Everything here is collective: every rank runs every model; files are written by rank 0.
"""

from __future__ import annotations

import gc
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .bond.adhesion import AdhesionInputs, AdhesionResult, adhesion_inputs, evaluate, healing_degrees
from .case import Case
from .claims import PRESSURE_MIN, check_case
from .comparison import compare_measured
from .errors import Terminated
from .process import Programme
from .results import ClaimCheck, InterfaceResult, PatchResult, RunSummary, StackResult, TraceComparison
from .signals import StopFlag, check_stop
from .sinks import RunFolder
from .units import to_celsius

__all__ = ["Result", "check_solver_options", "run_case"]

log = logging.getLogger(__name__)

PEEL_CURVE_THICKNESS = np.geomspace(0.5e-6, 1e-3, 45)  # m: through the published rise and fall of peel


@dataclass(frozen=True)
class Result:
    """What a run gives back (the Python API's return value).

    Attributes:
        case: The case that ran.
        summary: The typed summary (what ``summary.json`` holds).
        stack: The stack model's result, if it ran.
        interface: The interface model's result, if it ran.
        adhesion: The adhesion evaluation, if the case has an ``[adhesion]`` table.
        claims: The claim checks.
        measured: Each measured temperature of the case against the run's.
        directory: The results folder, or None if nothing was written.
        patch: The 3-D interface patch's result, if it ran.
    """

    case: Case
    summary: RunSummary
    stack: StackResult | None
    interface: InterfaceResult | None
    adhesion: AdhesionResult | None
    claims: tuple[ClaimCheck, ...]
    directory: Path | None
    measured: tuple[TraceComparison, ...] = ()
    patch: PatchResult | None = None

    @property
    def history(self) -> Any:
        """The time history of the first model that ran (a pandas DataFrame)."""
        model = next((m for m in (self.stack, self.interface, self.patch) if m is not None), None)
        if model is None:
            raise ValueError("no model ran")
        return model.history.to_frame()

    @property
    def histories(self) -> dict[str, Any]:
        """Every model's time history by model name (pandas DataFrames)."""
        out = {}
        if self.stack is not None:
            out["stack"] = self.stack.history.to_frame()
        if self.interface is not None:
            out["interface"] = self.interface.history.to_frame()
        if self.patch is not None:
            out["patch"] = self.patch.history.to_frame()
        return out


def check_solver_options(case: Case) -> None:
    """The case's ``[solver.petsc]`` options checked against this PETSc, where one is installed.

    Raises:
        InputError: An unknown solver type or a solver package this PETSc lacks.
    """
    try:
        from .simulation.petscopts import validate_options  # PETSc is optional outside a run
    except ImportError:
        return
    validate_options(case.solver.petsc_options, case.path)


def _interface_programme(case: Case, stack: StackResult | None) -> tuple[Programme, str]:
    """The temperature and pressure that drive the interface model and the bond kinetics."""
    spec = case.interface
    if stack is not None and spec is not None and spec.history == "stack" and spec.metal is not None:
        return stack.interface_programmes[case.stack.interface(spec.metal.name, spec.layer.name).name], "stack"
    if stack is not None and case.adhesion is not None:
        name = case.stack.interface(case.adhesion.arm[0].name, case.adhesion.layer.name).name
        return stack.interface_programmes[name], "stack"
    return case.programme, "cycle"


def _patch_programme(case: Case, stack: StackResult | None) -> Programme:
    """The temperature and pressure that drive the 3-D patch: its interface's in the stack, or the recipe."""
    spec = case.patch
    if stack is not None and spec is not None and spec.history == "stack" and spec.metal is not None:
        return stack.interface_programmes[case.stack.interface(spec.metal.name, spec.layer.name).name]
    return case.programme


def run_case(case: Case, output: Path | None, comm: Any, *, stop: StopFlag | None = None) -> Result:
    """Solve every model the case lists and write its results folder (collective).

    Args:
        case: The validated case.
        output: The results folder (None: write nothing, return the results).
        comm: The communicator.
        stop: The run's stop flag (termination signals), checked collectively once per step.

    Raises:
        ConvergenceError: A model's step failed at the smallest allowed step (``failure.json``).
        Terminated: A termination signal arrived (``failure.json``).
    """
    from .simulation.petscopts import release_petsc_objects, validate_options  # PETSc: loaded when a run starts

    validate_options(case.solver.petsc_options, case.path)  # before anything is written
    started = time.time()
    folder = RunFolder(comm, output, case.to_toml()) if output is not None else None
    if folder is not None and stop is not None:  # the watchdog's record if no check point comes in time
        stop.on_timeout = lambda signum: folder.write_failure(Terminated(signum))
    stage = {"name": ""}
    try:
        if folder is None:
            return _run(case, None, comm, stop, stage, started)
        with folder.failures_recorded(lambda: stage["name"], stop):
            return _run(case, folder, comm, stop, stage, started)
    finally:
        release_petsc_objects()


def _checkpoint(comm: Any, stop: StopFlag | None) -> None:
    """Between phases (writing files has no step loop): every rank leaves together if any was
    signalled or failed, so a signal during plotting is not swallowed by a run that then completes."""
    if stop is not None:
        check_stop(comm, stop)


def _run(
    case: Case, folder: RunFolder | None, comm: Any, stop: StopFlag | None, stage: dict[str, str], started: float
) -> Result:
    from . import writers  # the sinks of each model's result (plots: matplotlib)
    from .simulation.interfacemodel import run_interface
    from .simulation.patchmodel import run_patch
    from .simulation.stackmodel import run_stack

    stack = interface = None
    if "stack" in case.models:
        stage["name"] = "stack model"
        fields = folder.subfolder("fields") if folder is not None and case.output.fields else None
        history = folder.history_factory("history.csv") if folder is not None else None
        stack = run_stack(case, comm, stop=stop, fields_folder=fields, history=history)
        # the model's PETSc objects are freed here, on every rank together, not by a garbage collection
        # that rank 0 alone happens to run while writing (a collective destroy: the other rank waits)
        gc.collect()
        if folder is not None:
            writers.write_stack(folder, case, stack)
        _checkpoint(comm, stop)
    programme, source = _interface_programme(case, stack)
    if "interface" in case.models:
        stage["name"] = "interface model"
        sub = "interface" if stack is not None else ""
        fields = history = None
        if folder is not None:
            if sub:
                folder.subfolder(sub)
            if case.output.fields:
                fields = folder.subfolder(f"{sub}/fields" if sub else "fields")
            history = folder.history_factory(f"{sub}/history.csv" if sub else "history.csv")
        interface = run_interface(
            case, comm, programme, stop=stop, fields_folder=fields, pictures=case.output.plots, history=history
        )
        gc.collect()  # as after the stack model
        if folder is not None:
            writers.write_interface(folder, sub, case, interface)
        _checkpoint(comm, stop)
    patch = None
    if "patch" in case.models:
        stage["name"] = "3-D interface patch"
        sub = "patch" if stack is not None or interface is not None else ""
        fields = history = None
        if folder is not None:
            if sub:
                folder.subfolder(sub)
            if case.output.fields:
                fields = folder.subfolder(f"{sub}/fields" if sub else "fields")
            history = folder.history_factory(f"{sub}/history.csv" if sub else "history.csv")
        patch = run_patch(case, comm, _patch_programme(case, stack), stop=stop, fields_folder=fields, history=history)
        gc.collect()  # as after the stack model
        if folder is not None:
            writers.write_patch(folder, sub, case, patch)
        _checkpoint(comm, stop)
    stage["name"] = "adhesion evaluation"
    adhesion: AdhesionResult | None = None
    inputs: AdhesionInputs | None = None
    if case.adhesion is not None:
        label = "stack model (interface temperature)" if source == "stack" else "cycle"
        inputs = adhesion_inputs(case, interface, programme, label)
        adhesion = evaluate(inputs, case.adhesion.card)
        log.info(
            "adhesion: Γ_eff %.3g J/m², peel %.3g N/cm at %.3g µm (%.3g N/cm at %.3g µm), %g° test",
            adhesion.effective_toughness,
            adhesion.peel_strength / 100,
            adhesion.arm.thickness * 1e6,
            adhesion.claim_peel_strength / 100,
            adhesion.claim_thickness * 1e6,
            adhesion.angle_deg,
        )
    measured = compare_measured(case.measured, case.programme, stack)
    healing = healing_degrees(case, stack.interface_programmes if stack is not None else None)
    claims = tuple(check_case(case, adhesion, stack.interface_programmes if stack is not None else None))
    summary = RunSummary(
        case=case.name,
        status="ok",
        models=list(case.models),
        wall_time_s=time.time() - started,
        roll=case.roll.summary(PRESSURE_MIN) if case.roll is not None else None,
        stack=stack.summary if stack is not None else None,
        interface=interface.summary if interface is not None else None,
        patch=patch.summary if patch is not None else None,
        adhesion=adhesion.summary() if adhesion is not None else None,
        healing_degree=healing,
        claims=list(claims),
        measured=[m.summary for m in measured],
    )
    if folder is not None:
        stage["name"] = "writing the results"
        if measured:
            writers.write_measured(folder, case, measured)
        if adhesion is not None and inputs is not None:
            writers.write_adhesion(folder, case, inputs, adhesion, PEEL_CURVE_THICKNESS)
        folder.write_json("metadata.json", writers.metadata(folder, stack, interface, patch))
        _checkpoint(comm, stop)  # the last point at which a signal makes the run a failure
        folder.write_summary(summary)
    log.info(
        "%s: done in %.1f s (final temperature %.1f °C)",
        case.name,
        summary.wall_time_s,
        to_celsius(float(case.programme.temperatures[-1])),
    )
    directory = folder.path if folder is not None else None
    return Result(case, summary, stack, interface, adhesion, claims, directory, measured, patch)
