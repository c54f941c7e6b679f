"""Termination signals as a flag that every rank checks at the same collective point.

A batch system's time limit (SIGTERM) must end a run on every MPI rank together, with
``failure.json`` saying so. A Python handler that raises wherever the interpreter happens to be
breaks that: the rank that caught it may enter a collective clean-up (PETSc object destruction,
MUMPS) while the other ranks are still in the solve. So the handler only sets a :class:`StopFlag`;
the time loop reads it in one reduction per step, and Newton does in its monitor, and all ranks
raise :class:`~thermobond.errors.Terminated` at the same point. A watchdog ends the process if no
check point comes within a grace period (a phase without one, or a hung collective).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from mpi4py import MPI

from .errors import Terminated, ThermobondError

__all__ = ["GRACE_SECONDS", "StopFlag", "check_stop", "install_stop_handler"]

log = logging.getLogger(__name__)

#: Seconds a run has, after SIGTERM, to reach a check point before the watchdog ends the process.
GRACE_SECONDS = 30.0


@dataclass
class StopFlag:
    """What a signal handler (or a rank-local failure) leaves for the next collective check.

    Attributes:
        signum: The termination signal received, or None.
        error: An exception raised on this rank outside a collective (e.g. writing a file), to be
            raised on every rank at the next check.
        acknowledged: Set once a check point has acted on the signal (the watchdog stands down).
    """

    signum: int | None = None
    error: BaseException | None = None
    acknowledged: bool = False
    on_timeout: Callable[[int], None] | None = field(default=None, repr=False)


def install_stop_handler(
    flag: StopFlag,
    signals: tuple[int, ...] = (signal.SIGTERM, signal.SIGINT),
    grace: float = GRACE_SECONDS,
) -> None:
    """Make termination signals set ``flag`` (main thread only; the first signal counts).

    If no check point acts on the signal within ``grace`` seconds, a watchdog calls
    ``flag.on_timeout`` (the run records its failure there) and ends the process with 128 + signal.

    Args:
        flag: The run's flag.
        signals: The signals to catch (SIGTERM: a batch time limit or a driver; SIGINT: Ctrl-C).
        grace: The grace period (s).
    """
    if threading.current_thread() is not threading.main_thread():
        return

    def watchdog(signum: int) -> None:
        if flag.acknowledged:
            return
        log.error("no check point reached %.0f s after signal %d: ending the process", grace, signum)
        if flag.on_timeout is not None:
            try:
                flag.on_timeout(signum)
            except Exception:  # the process ends anyway; a failed record must not keep it alive
                log.exception("recording the termination failed")
        os._exit(128 + signum)

    def handler(signum: int, frame: object) -> None:
        # a batch step often delivers SIGTERM twice (slurmstepd and srun, mpiexec and the process
        # group): only the first one counts
        if flag.signum is not None:
            return
        flag.signum = signum
        timer = threading.Timer(grace, watchdog, args=(signum,))
        timer.daemon = True
        timer.start()

    for s in signals:
        signal.signal(s, handler)


def check_stop(comm: Any, stop: StopFlag) -> None:
    """Raise on every rank if any rank was signalled or failed outside a collective (collective).

    Raises:
        Terminated: A termination signal reached some rank.
        ThermobondError: An error was recorded on some rank (its message, on every rank; the rank
            that recorded it re-raises the original).
    """
    flags = np.array([stop.signum or 0, comm.rank if stop.error is not None else comm.size], dtype=np.int64)
    flags[1] = -flags[1]  # one MAX reduction: the largest signal and the lowest failing rank
    comm.Allreduce(MPI.IN_PLACE, flags, op=MPI.MAX)
    sig, first = int(flags[0]), int(-flags[1])
    if sig:
        stop.acknowledged = True
        raise Terminated(sig)
    if first < comm.size:
        message = comm.bcast(str(stop.error) if comm.rank == first else None, root=first)
        if stop.error is not None and comm.rank == first:
            raise stop.error
        raise ThermobondError(f"rank {first} failed: {message}")
