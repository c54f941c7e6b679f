"""Adaptive time stepping that hits every breakpoint of the cycle."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..errors import ConvergenceError
from ..process import Programme

__all__ = ["StepController"]

Limiter = Callable[[float, float], float]


class StepController:
    """Chooses Δt: grows after easy steps, halves on failure, never steps over a breakpoint.

    Args:
        programme: The recipe the model follows (its breakpoints are hit exactly).
        initial: First step (s).
        min_step: Smallest allowed step (s); a failure below it raises ConvergenceError.
        max_step: Largest step (s).
        max_temperature_change: Largest platen temperature change per step (K).
        limiters: Extra callables (t, dt) → largest acceptable dt, e.g. a bound on the change of
            log a_T per step near Tg.
        growth: Factor applied after an easy step.
        easy_iterations: A step that converged within this many Newton iterations is easy.
        cooldown: Accepted steps after a cut-back before the step may grow again (avoids the
            grow–fail–halve cycle where the difficulty persists, e.g. while contact spreads).
    """

    def __init__(
        self,
        programme: Programme,
        initial: float,
        min_step: float,
        max_step: float,
        max_temperature_change: float,
        limiters: Sequence[Limiter] = (),
        growth: float = 1.5,
        easy_iterations: int = 4,
        cooldown: int = 3,
    ) -> None:
        self.programme = programme
        self.dt = initial
        self.min_step = min_step
        self.max_step = max_step
        self.max_dT = max_temperature_change
        self.limiters = list(limiters)
        self.growth = growth
        self.easy = easy_iterations
        self.cutbacks = 0
        self.cooldown = cooldown
        self._quiet = 0
        self.end = programme.duration

    def propose(self, t: float) -> float:
        """The step to try from time ``t``."""
        dt = min(self.dt, self.max_step)
        # temperature change per step, on the piece of the programme the step starts on
        tb = self.programme.next_breakpoint(t)
        rate = self.programme.temperature_rate(t)
        if rate > 0:
            dt = min(dt, self.max_dT / rate)
        for limit in self.limiters:
            dt = min(dt, limit(t, dt))
        dt = max(dt, self.min_step)
        remaining = tb - t
        if dt >= remaining or remaining - dt < 0.2 * dt:
            dt = remaining  # land on the breakpoint instead of leaving a sliver
        return dt

    def accepted(self, iterations: int) -> None:
        if self._quiet > 0:
            self._quiet -= 1
            return
        if iterations <= self.easy:
            self.dt = min(self.dt * self.growth, self.max_step)

    def rejected(self, t: float, dt: float, reason: int | None = None) -> None:
        """Halve the step after a failure; raise once the floor is reached."""
        self.cutbacks += 1
        self._quiet = self.cooldown
        if dt <= self.min_step * (1 + 1e-9):
            raise ConvergenceError(
                "Newton did not converge at the smallest allowed step", time=t, step=dt, reason=reason
            )
        self.dt = max(0.5 * dt, self.min_step)
