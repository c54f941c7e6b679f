"""The one time loop every model runs through (after gusto's timestepper and thetis' callbacks).

A model says how to set its state for a step, solve it, undo it and commit it
(:class:`SteppedModel`); diagnostics declare their columns and compute their values collectively
(:class:`Diagnostic`); observers do something after each accepted step (write fields, take pictures).
The loop chooses the steps (:class:`~thermobond.simulation.stepping.StepController`: every breakpoint
of the programme is hit, the step grows after easy steps and halves after failures), keeps the
history, shows progress, and once per step checks on every rank, in one collective, whether a
termination signal or an error has reached any rank — so all ranks leave together and none enters a
collective clean-up alone.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..errors import ConvergenceError
from ..process import Programme
from ..results import History
from ..signals import StopFlag, check_stop
from .petscopts import release_petsc_objects
from .stepping import StepController

__all__ = ["Diagnostic", "LoopSettings", "LoopStats", "Observer", "SteppedModel", "TimeLoop"]

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 2.0  # s of wall time between progress lines
COLLECT_EVERY = 200  # accepted steps between collective garbage collections


class SteppedModel(Protocol):
    """What the time loop needs of a model."""

    name: str
    programme: Programme

    def add_newton_monitor(self, fn: Callable[[], None]) -> None:
        """Call ``fn`` at every Newton iteration (it runs a collective check of the stop flag)."""
        ...

    def limit_step(self, t: float, dt: float) -> float:
        """The largest step (s) the model accepts from ``t`` (at most ``dt``)."""
        ...

    def begin_step(self, t: float, dt: float) -> None:
        """Set the loads, temperatures and step length for the step from ``t`` to ``t + dt``."""
        ...

    def solve(self) -> tuple[bool, int, int]:
        """Solve the step (collective): (converged, Newton iterations, SNES reason)."""
        ...

    def reject(self) -> None:
        """Undo :meth:`begin_step` after a failed solve."""
        ...

    def commit(self, t: float) -> None:
        """Accept the step that ended at ``t``: update internal variables (collective)."""
        ...


class HistoryStream(Protocol):
    """Where the rows go while the loop runs (a file on rank 0; a no-op elsewhere)."""

    def __call__(self, row: Mapping[str, Any]) -> None: ...

    def close(self) -> None: ...


class Diagnostic(Protocol):
    """Named values recorded after every accepted step."""

    columns: tuple[str, ...]

    def values(self, t: float, step: int, dt: float, iterations: int) -> Mapping[str, Any]:
        """The values at time ``t`` (collective: every rank calls it and gets the same values)."""
        ...


class Observer(Protocol):
    """Something done after accepted steps (collective)."""

    def after_step(self, t: float, step: int, row: Mapping[str, Any]) -> None: ...

    def finish(self, t: float, step: int) -> None: ...


@dataclass(frozen=True)
class LoopSettings:
    """Step control of a model's loop (s, K, decades)."""

    initial_step: float
    min_step: float
    max_step: float
    max_temperature_change: float
    easy_iterations: int = 4


@dataclass
class LoopStats:
    """What a loop did."""

    steps: int = 0
    newton_iterations: int = 0
    cutbacks: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def history(self, columns: Sequence[str]) -> History:
        return History.from_dicts(columns, self.rows)


class TimeLoop:
    """Runs a :class:`SteppedModel` through its programme.

    Args:
        model: The model.
        settings: Step control.
        diagnostics: Recorded after each accepted step, in this order of columns.
        observers: Called after each accepted step and at the end.
        comm: The run's communicator.
        stop: The run's stop flag (see :class:`StopFlag`); checked collectively once per step.
        history: Makes the streaming history (``history.csv``) from the columns: an object called
            with each row and closed at the end (rank 0 writes), or None.
    """

    def __init__(
        self,
        model: SteppedModel,
        settings: LoopSettings,
        diagnostics: Sequence[Diagnostic],
        comm: Any,
        *,
        observers: Sequence[Observer] = (),
        stop: StopFlag | None = None,
        history: Callable[[Sequence[str]], HistoryStream] | None = None,
    ) -> None:
        self.model = model
        self.settings = settings
        self.diagnostics = list(diagnostics)
        self.observers = list(observers)
        self.comm = comm
        self.stop = stop or StopFlag()
        self.history = history
        self.sink: HistoryStream | None = None
        self.columns = tuple(c for d in self.diagnostics for c in d.columns)
        self.stats = LoopStats()

    # ---- collective checks ---------------------------------------------------------------------
    def check(self) -> None:
        """Leave together if any rank was signalled or failed outside a collective (collective)."""
        check_stop(self.comm, self.stop)

    def _record(self, t: float, step: int, dt: float, its: int) -> dict[str, Any]:
        t0 = time.perf_counter()
        row: dict[str, Any] = {}
        for d in self.diagnostics:
            row.update(d.values(t, step, dt, its))
        self.stats.rows.append(row)
        if self.sink is not None:
            try:
                self.sink(row)
            except OSError as exc:  # re-raised on every rank at the next check
                self.stop.error = exc
        for o in self.observers:
            o.after_step(t, step, row)
        self._time("diagnostics", t0)
        return row

    def _time(self, key: str, since: float) -> None:
        self.stats.timings[key] = self.stats.timings.get(key, 0.0) + time.perf_counter() - since

    # ---- the loop ----------------------------------------------------------------------------
    def run(self, progress: Callable[[float, int, float, int, Mapping[str, Any]], str] | None = None) -> LoopStats:
        """Solve the initial state, then step to the end of the programme (collective).

        Args:
            progress: Builds the text of a progress line from (t, step, dt, iterations, row); logged
                on rank 0 every couple of seconds and at the end.

        Raises:
            ConvergenceError: A step failed at the smallest step.
        """
        m, s = self.model, self.settings
        release_petsc_objects()  # what earlier models left in cycles, freed on every rank together
        m.add_newton_monitor(self.check)  # a signal also stops a long Newton solve, on every rank together
        controller = StepController(
            m.programme,
            s.initial_step,
            s.min_step,
            s.max_step,
            s.max_temperature_change,
            limiters=[m.limit_step],
            easy_iterations=s.easy_iterations,
        )
        if self.history is not None:
            try:
                self.sink = self.history(self.columns)
            except OSError as exc:  # raised on every rank by the check below
                self.stop.error = exc
        self.check()
        m.begin_step(0.0, 0.0)
        t0 = time.perf_counter()
        ok, its, reason = m.solve()
        self._time("solve", t0)
        if not ok:
            raise ConvergenceError(f"{m.name}: the initial equilibrium failed", time=0.0, step=0.0, reason=reason)
        m.commit(0.0)
        self.stats.newton_iterations += its
        row = self._record(0.0, 0, 0.0, its)
        t, step = 0.0, 0
        end = m.programme.duration
        wall_last = time.perf_counter()
        while t < end * (1 - 1e-12):
            self.check()
            dt = controller.propose(t)
            m.begin_step(t, dt)
            t0 = time.perf_counter()
            ok, its, reason = m.solve()
            self._time("solve", t0)
            if not ok:
                m.reject()
                log.info(
                    "%s: step at t = %.4g s with dt = %.3g s failed (SNES reason %d); cutting back",
                    m.name,
                    t,
                    dt,
                    reason,
                )
                controller.rejected(t, dt, reason)
                continue
            t0 = time.perf_counter()
            m.commit(t + dt)
            self._time("commit", t0)
            t += dt
            step += 1
            self.stats.newton_iterations += its
            controller.accepted(its)
            row = self._record(t, step, dt, its)
            if step % COLLECT_EVERY == 0:  # bounded memory with automatic collection off (several ranks)
                release_petsc_objects()
            if progress is not None and (time.perf_counter() - wall_last > PROGRESS_INTERVAL or t >= end * (1 - 1e-12)):
                wall_last = time.perf_counter()
                log.info("%s", progress(t, step, dt, its, row))
        self.check()
        for o in self.observers:
            o.finish(t, step)
        if self.sink is not None:
            try:
                self.sink.close()
            except OSError as exc:
                self.stop.error = exc
        self.check()
        self.stats.steps = step
        self.stats.cutbacks = controller.cutbacks
        del row
        return self.stats
