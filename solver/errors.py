"""Exceptions raised by thermobond.

Input problems are reported with the file, the key, the offending value and what is accepted, so a
user can fix a case file without reading code. The command line turns them into exit code 2.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["PLATEN_UNBALANCED", "ConvergenceError", "InputError", "Terminated", "ThermobondError", "as_terminated"]


class ThermobondError(Exception):
    """Base class of every error thermobond raises on purpose."""


class InputError(ThermobondError):
    """Bad user input: a case file, material card, study file, CSV or command-line value.

    Args:
        message: What is wrong, in one sentence.
        file: The file the value came from, if any.
        key: Dotted key (``cycle.segments.hold.temperature``) or column name.
        value: The offending value as written by the user.
        accepted: What would have been accepted (a range, a unit, a list of names).
        line: Line of the file (1-based) the value is on, for tables and text positions.
        column: Column of a table (its header as written).
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        key: str | None = None,
        value: object = None,
        accepted: str | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = None if file is None else str(file)
        self.key = key
        self.value = value
        self.accepted = accepted
        self.reason = message
        self.line = line
        self.column = column
        parts = []
        if self.file:
            parts.append(f"{self.file}")
        if line is not None:
            parts.append(f"line {line}")
        if column:
            parts.append(f"column '{column}'")
        if key:
            parts.append(f"key '{key}'")
        where = ", ".join(parts)
        text = f"{where}: {message}" if where else message
        if value is not None:
            text += f" (got {value!r})"
        if accepted:
            text += f"; accepted: {accepted}"
        super().__init__(text)

    def located(self, file: str | Path | None = None, key_prefix: str | None = None) -> InputError:
        """Return a copy of this error with the file (and a key prefix) filled in."""
        key = self.key
        if key_prefix:
            key = f"{key_prefix}.{key}" if key else key_prefix
        return InputError(
            self.reason,
            file=self.file or file,
            key=key,
            value=self.value,
            accepted=self.accepted,
            line=self.line,
            column=self.column,
        )


#: The reason a stack step reports when Newton converged in norm but the upper platen's contact does
#: not carry the press force (PETSc's own SNES reasons lie between -12 and 9)
PLATEN_UNBALANCED = -100


class ConvergenceError(ThermobondError):
    """A nonlinear solve failed after the time-step cut-backs were exhausted.

    Args:
        message: What failed.
        time: Simulation time of the failed step (s).
        step: Attempted step size (s).
        reason: PETSc SNES converged reason (negative means diverged).
    """

    def __init__(self, message: str, *, time: float, step: float, reason: int | None = None):
        self.time = time
        self.step = step
        self.reason = reason
        text = f"{message} at t = {time:.6g} s with step {step:.3g} s"
        if reason == PLATEN_UNBALANCED:
            text += " (the upper platen's contact does not carry the press force)"
        elif reason is not None:
            text += f" (SNES reason {reason})"
        super().__init__(text)


class Terminated(ThermobondError):
    """The run received a termination signal (SIGTERM: a batch time limit, or its driver stopping it;
    SIGINT: Ctrl-C). Raised on every rank together at a collective check point (thermobond.signals).
    """

    def __init__(self, signum: int = 15):
        what = "interrupted (Ctrl-C)" if signum == 2 else "terminated"
        super().__init__(f"{what} by signal {signum} (time limit reached, or stopped by its driver)")
        self.signum = signum

    def __reduce__(self) -> tuple[type[Terminated], tuple[int]]:
        return (Terminated, (self.signum,))


def as_terminated(exc: BaseException, signum: int | None) -> BaseException:
    """``exc``, or a :class:`Terminated` in its place if a termination signal has arrived.

    A run that fails after SIGTERM failed because of it, whatever exception surfaced first (inside a
    PETSc callback the interruption comes out as a PETSc error).
    """
    if isinstance(exc, Terminated) or signum is None:
        return exc
    return Terminated(signum)
