"""Process recipes: the :class:`Programme` (T(t), p(t) and the breakpoints to land on) and its readers."""

from .measured import FACES, PLATEN, MeasuredTrace, read_measured
from .presslog import LogTolerance, simplify_log
from .programme import T_MAX, T_MIN, Programme, time_at_or_above
from .segments import MAX_CYCLE_LENGTH, P_MAX, PressLog, read_cycle, read_press_log, read_recipe

__all__ = [
    "FACES",
    "MAX_CYCLE_LENGTH",
    "PLATEN",
    "P_MAX",
    "T_MAX",
    "T_MIN",
    "LogTolerance",
    "MeasuredTrace",
    "PressLog",
    "Programme",
    "read_cycle",
    "read_measured",
    "read_press_log",
    "read_recipe",
    "simplify_log",
    "time_at_or_above",
]
