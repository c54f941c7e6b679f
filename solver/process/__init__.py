"""Process recipes: the :class:`Programme` (T(t), p(t) and the breakpoints to land on) and its readers."""

from .presslog import LogTolerance, simplify_log
from .programme import Programme
from .segments import MAX_CYCLE_LENGTH, P_MAX, T_MAX, T_MIN, PressLog, read_cycle, read_press_log

__all__ = [
    "MAX_CYCLE_LENGTH",
    "P_MAX",
    "T_MAX",
    "T_MIN",
    "LogTolerance",
    "PressLog",
    "Programme",
    "read_cycle",
    "read_press_log",
    "simplify_log",
]
