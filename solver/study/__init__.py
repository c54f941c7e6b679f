"""Parameter studies: study files, expansion into cases, local and SLURM executors, collection.

``thermobond study STUDY`` expands and runs, ``thermobond collect DIR`` tabulates,
``thermobond report DIR`` writes the process report (:mod:`thermobond.report.studyreport`).
"""

from .collect import StudyTable, collect
from .driver import StudyRun, run_study
from .expand import CaseState, ExpandedStudy, case_state, expand, read_manifest
from .spec import CaseEntry, Parameter, SlurmSettings, StudySpec, apply_parameter, load_study

__all__ = [
    "CaseEntry",
    "CaseState",
    "ExpandedStudy",
    "Parameter",
    "SlurmSettings",
    "StudyRun",
    "StudySpec",
    "StudyTable",
    "apply_parameter",
    "case_state",
    "collect",
    "expand",
    "load_study",
    "read_manifest",
    "run_study",
]
