"""Process recipes: the :class:`Programme` (T(t), p(t) and the breakpoints to land on) and its readers."""

from .presslog import LogTolerance, simplify_log
from .programme import Programme
from .segments import P_MAX, T_MAX, T_MIN, read_cycle, read_log_samples, read_press_log

__all__ = [
    "P_MAX",
    "T_MAX",
    "T_MIN",
    "LogTolerance",
    "Programme",
    "read_cycle",
    "read_log_samples",
    "read_press_log",
    "simplify_log",
]
