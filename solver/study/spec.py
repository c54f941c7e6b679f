"""Study files (TOML, schema version 1): a base case, the parameters to vary, how to sample and run them.

Layout (see ``cases/studies/*.toml``)::

    schema_version = 1
    name = "process_window"
    base = "../lamination_with_interface.toml"       (relative to the study file)
    [sampling]      mode = "grid" | "zip" | "lhs" | "sobol" | "adaptive", samples, seed;
                    batch, budget, tolerance (adaptive, see :mod:`.uqspec`)
    [fixed]         "output.fields" = false        (dotted keys set in every case)
    [[parameters]]  key = "cycle.heat.temperature"   (a dotted key into the case, see below)
                    values = ["280 degC", "320 degC"]                 (any mode), or
                    low = "0.5 MPa", high = "4 MPa", steps = 4        (grid/zip; lhs needs no steps)
                    scale = "linear" | "log", label = "hold temperature"
    [execution]     executor = "local" | "slurm", ranks (MPI ranks per case), workers (local pool),
                    cases_per_worker (warm workers)
    [execution.slurm]  partition, time, account, max_parallel, launcher = "srun" | "mpiexec", options,
                       cases_per_task
    [report]        x, y (parameter keys of the process-window maps), responses (summary keys)
    [[criteria]]    response, at_least | at_most (the spec: adaptive window, probability of meeting it)
    [[uncertainty]] key, sd | half_width | cv (input scatter about a recipe)

Dotted keys address the case file as written; named lists are addressed by name:
``stack.layers.tpi.thickness`` (or ``stack.tpi.thickness``), ``cycle.segments.hold.temperature``
(or ``cycle.hold.temperature``), ``thermal.pads.pad.thickness``; ``surface.rz`` is
``interface.surface.rz`` and ``material.tpi`` the card of layer ``tpi``. Values are written as in
case files (``"320 degC"``, ``"3 MPa"``, card paths relative to the study file).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from ..case.overrides import apply_override as apply_parameter
from ..schema import MISSING, Section, load_toml
from ..units import _registry
from .uqspec import AdaptiveSettings, CriterionSpec, UncertainSpec, read_adaptive, read_criteria, read_uncertainty

__all__ = [
    "CaseEntry",
    "Parameter",
    "SlurmSettings",
    "StudySpec",
    "apply_parameter",
    "load_study",
]

SCHEMA_VERSION = 1
_NUMBER_UNIT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")
_PATH_KEYS = ("material", "interface", "log", "file", "trace", "base")
_SAMPLED = ("lhs", "sobol", "adaptive")  # modes that sample ranges (no steps)
_RANGES_ONLY = ("sobol", "adaptive")  # modes whose parameters must all be ranges


@dataclass(frozen=True)
class Parameter:
    """One varied case key and its values (as text, the way a case file writes them).

    Attributes:
        key: The dotted key as the user wrote it.
        values: Explicit values (grid/zip; discrete choices for lhs), or None for a range.
        low, high: Range ends (text with units) for a range.
        steps: Number of values of a range in grid/zip.
        scale: ``linear`` or ``log`` spacing of a range.
        label: Axis label in reports.
    """

    key: str
    values: tuple[Any, ...] | None
    low: str | None = None
    high: str | None = None
    steps: int = 0
    scale: Literal["linear", "log"] = "linear"
    label: str = ""

    def grid_values(self) -> list[Any]:
        """Values for grid and zip sampling."""
        if self.values is not None:
            return list(self.values)
        return [self.at(float(u)) for u in np.linspace(0.0, 1.0, self.steps)]

    def at(self, u: float) -> Any:
        """The value at fraction u ∈ [0, 1] of the range (or of the list of choices)."""
        if self.values is not None:
            return self.values[min(int(u * len(self.values)), len(self.values) - 1)]
        assert self.low is not None and self.high is not None
        lo, unit = _split(self.low)
        hi = _in_unit(self.high, unit)
        if self.scale == "log":
            v = math.exp(math.log(lo) + u * (math.log(hi) - math.log(lo)))
        else:
            v = lo + u * (hi - lo)
        text = f"{v:.6g}"
        return f"{text} {unit}" if unit else float(text)


@dataclass(frozen=True)
class SlurmSettings:
    """sbatch settings of the SLURM executor (empty strings: the cluster's defaults)."""

    partition: str = ""
    time: str = "01:00:00"
    account: str = ""
    max_parallel: int = 0
    launcher: Literal["srun", "mpiexec"] = "srun"
    options: tuple[str, ...] = ()
    cases_per_task: int = 1


@dataclass(frozen=True)
class CaseEntry:
    """One expanded case: its id, the parameter values and where it lives."""

    index: int
    id: str
    values: dict[str, Any]


@dataclass(frozen=True)
class StudySpec:
    """A validated study file."""

    path: Path
    name: str
    description: str
    base: Path
    mode: Literal["grid", "zip", "lhs", "sobol", "adaptive"]
    samples: int
    seed: int
    parameters: tuple[Parameter, ...]
    executor: Literal["local", "slurm"]
    ranks: int
    workers: int
    cases_per_worker: int
    slurm: SlurmSettings
    report_x: str | None
    report_y: str | None
    responses: tuple[str, ...]
    fixed: dict[str, Any] = field(default_factory=dict)
    resolved: dict[str, Any] = field(default_factory=dict)
    adaptive: AdaptiveSettings | None = None
    criteria: tuple[CriterionSpec, ...] = ()
    uncertainty: tuple[UncertainSpec, ...] = ()

    def unit_design(self, extra: Any = ()) -> Any:
        """The sampled modes' design in the unit cube ((n, D) array; the coordinate ``Parameter.at`` takes).

        Args:
            extra: Unit-cube rows appended after the initial design (the batches of an adaptive study).
        """
        d = len(self.parameters)
        if self.mode == "sobol":
            # SALib (optional extra "uq") through .sensitivity, which imports this module through .space
            from .sensitivity import saltelli_design
            from .space import Axis

            return saltelli_design(self.samples, [Axis(p.key, 0.0, 1.0) for p in self.parameters], seed=self.seed).unit
        # scipy.stats.qmc: only for Latin hypercube sampling (slow to import)
        from scipy.stats import qmc

        u = qmc.LatinHypercube(d=d, seed=self.seed).random(self.samples)
        more = np.asarray(extra, dtype=float).reshape(-1, d)
        return np.vstack([u, more]) if self.mode == "adaptive" and len(more) else u

    def cases(self, extra: Any = ()) -> list[CaseEntry]:
        """The sampled parameter sets, in a fixed order, with deterministic ids.

        Args:
            extra: Unit-cube points added by an adaptive study's batches, in order (other modes: none).
        """
        keys = [p.key for p in self.parameters]
        if self.mode == "grid":
            rows = list(itertools.product(*(p.grid_values() for p in self.parameters)))
        elif self.mode == "zip":
            rows = list(zip(*(p.grid_values() for p in self.parameters), strict=True))
        else:
            u = self.unit_design(extra)
            rows = [tuple(p.at(float(x)) for p, x in zip(self.parameters, row, strict=True)) for row in u]
        out = []
        for i, row in enumerate(rows):
            values = dict(zip(keys, row, strict=True))
            digest = hashlib.sha1(json.dumps(values, sort_keys=True).encode()).hexdigest()[:6]
            out.append(CaseEntry(i, f"c{i:04d}-{digest}", values))
        return out


def _split(text: str) -> tuple[float, str]:
    m = _NUMBER_UNIT.match(str(text))
    if not m:
        raise ValueError(f"cannot read a number and unit from {text!r}")
    return float(m.group(1)), m.group(2)


def _in_unit(text: str, unit: str) -> float:
    """The magnitude of ``text`` in ``unit`` (same unit: as written; else converted by pint)."""
    v, u = _split(text)
    if u == unit:
        return v

    reg = _registry()
    return float(reg.Quantity(v, u or "dimensionless").to(unit or "dimensionless").magnitude)


# ---- reading ----------------------------------------------------------------------------------
def _value(sec: Section, v: Any, key: str, study_dir: Path, name: str = "values") -> Any:
    """A parameter value; a card or file path becomes absolute (relative to the study file)."""
    if not isinstance(v, (str, int, float, bool)):
        raise sec.error(name, "values must be strings (with units), numbers or booleans", v)
    last = key.split(".")[-1]
    if isinstance(v, str) and (last in _PATH_KEYS or key.startswith("material.")):
        p = Path(v)
        p = p if p.is_absolute() else (study_dir / p).resolve()
        if not p.is_file():
            raise sec.error(name, f"file not found: {p}", v)
        return str(p)
    return v


def _parameter(sec: Section, mode: str, study_dir: Path) -> Parameter:
    key = sec.string("key")
    label = sec.string("label", "")
    scale = sec.string("scale", "linear", choices=("linear", "log"))
    if sec.has("values"):
        vals = sec.array("values")
        if not vals:
            raise sec.error("values", "at least one value is needed", vals)
        for k in ("low", "high", "steps"):
            if sec.has(k):
                raise sec.error(k, "give either 'values' or a range ('low', 'high'), not both")
        sec.finish()
        return Parameter(key, tuple(_value(sec, v, key, study_dir) for v in vals), label=label)
    low = sec.string("low")
    high = sec.string("high")
    try:
        lo, unit = _split(low)
        hi = _in_unit(high, unit)
    except Exception as exc:
        raise sec.error(
            "high", f"low and high must be numbers in compatible units ({exc})", f"{low} … {high}"
        ) from None
    if not hi > lo:
        raise sec.error("high", "the range must increase", f"{low} … {high}")
    if scale == "log" and lo <= 0:
        raise sec.error("low", "a log range must be positive", low)
    sampled = mode in _SAMPLED
    steps = sec.integer("steps", 0 if sampled else MISSING, lo=0 if sampled else 2, hi=10000)
    sec.finish()
    return Parameter(key, None, low, high, steps, scale, label)  # type: ignore[arg-type]


def load_study(path: str | Path) -> StudySpec:
    """Read and validate a study file (the cases themselves are validated when expanded).

    Keys:
        schema_version: Version of the study layout; 1.
        name: Study name (a letter, then letters, digits, ``_`` or ``-``): the folder
            ``results/<name>``.
        description: Free text.
        base: The base case file, relative to the study file; every case is it with the
            parameters' values set.
        sampling: How the parameters are sampled (``[sampling]``).
        sampling.mode: ``grid`` (every combination), ``zip`` (the i-th value of every parameter
            together; equally many values each), ``lhs`` (a seeded Latin hypercube over the
            ranges and lists), ``sobol`` (the Saltelli design of variance-based sensitivity:
            ``samples × (D + 2)`` cases for ``D`` ranges; ``collect`` writes the Sobol' indices) or
            ``adaptive`` (a Latin hypercube of ``samples`` cases, then batches where the window's
            boundary is least certain, see ``[[criteria]]``).
        sampling.samples: Number of cases of a Latin hypercube (``lhs``; the initial design of
            ``adaptive``), or the base sample size ``N`` of a Sobol' design (a power of two ≥ 4);
            required for these modes.
        sampling.seed: Seed of the Latin hypercube or of the Sobol' sequence's scrambling.
        fixed: Dotted keys set in every case (``"output.fields" = false``), written as in a case
            file; a key may not be both fixed and varied.
        parameters: The varied case keys (``[[parameters]]``), at least one.
        parameters.values: Explicit values, written as in a case file (``["280 degC", "320 degC"]``,
            card paths relative to the study file); give ``values`` or ``low``/``high``.
        parameters.low: Lower end of a range, with its unit (``"0.5 MPa"``).
        parameters.high: Upper end of a range, in a unit compatible with ``low``.
        parameters.steps: Number of values of a range for ``grid`` and ``zip`` (required there;
            not allowed for ``lhs``).
        execution: How the cases run (``[execution]``).
        execution.executor: ``local`` (a pool of processes on this machine) or ``slurm`` (a SLURM
            job array); ``--executor`` overrides it.
        execution.ranks: MPI ranks per case.
        execution.workers: Cases at a time with the local executor (0: the cores divided by ``ranks``).
        execution.cases_per_worker: Serial cases a warm worker process of the local executor runs
            before it is replaced (a worker that ran a failed case is always replaced); 0: a new
            process for every case (each pays about 3 s of start-up).
        execution.slurm: sbatch settings of the SLURM executor (``[execution.slurm]``).
        execution.slurm.partition: SLURM partition (empty: the cluster's default).
        execution.slurm.time: Time limit per case (``MM``, ``HH:MM:SS`` or ``D-HH:MM:SS``).
        execution.slurm.account: SLURM account (empty: the default).
        execution.slurm.max_parallel: Array tasks at a time (``%K``; 0: no limit).
        execution.slurm.launcher: How a task starts its ranks: ``srun`` or ``mpiexec``.
        execution.slurm.options: Further ``#SBATCH`` options, one string each.
        execution.slurm.cases_per_task: Cases one array task runs, one after the other (1: a task per
            case). Serial cases of a task run in one warm worker process, paying the start-up once;
            the time limit is then per task.
        report: What ``thermobond report`` draws (``[report]``).
        report.x: Parameter key on the x axis of the process-window maps. Default: the first
            parameter.
        report.y: Parameter key on the y axis. Default: the second parameter (none with one).
        report.responses: Summary keys to map and plot (``"adhesion.peel_strength_N_per_m"``).
            Empty (the default): the first four standard responses that the cases report.

    Raises:
        InputError: Naming file, key, value and what is accepted.
    """
    p = Path(path).resolve()
    top = Section(load_toml(p, "study file"), p)
    version = top.integer("schema_version")
    if version != SCHEMA_VERSION:
        raise top.error("schema_version", "unsupported schema version", version, str(SCHEMA_VERSION))
    name = top.string("name")
    if not re.match(r"^[A-Za-z][A-Za-z0-9_-]{0,60}$", name):
        raise top.error("name", "a study name starts with a letter and uses letters, digits, '_' or '-'", name)
    description = top.string("description", "")
    base = top.path("base")
    samp = top.section("sampling", required=False)
    mode = samp.string("mode", "grid", choices=("grid", "zip", "lhs", "sobol", "adaptive"))
    sampled = mode in _SAMPLED
    samples = samp.integer("samples", MISSING if sampled else 0, lo=1 if sampled else 0, hi=100000)
    if mode == "sobol" and (samples < 4 or samples & (samples - 1)):
        raise samp.error("samples", "a Sobol' design needs a power of two", samples, "4, 8, 16, 32, …")
    seed = samp.integer("seed", 0, lo=0)
    adaptive = read_adaptive(samp, samples) if mode == "adaptive" else None
    samp.finish()
    fix = top.section("fixed", required=False)
    fixed = {k: _value(fix, v, k, p.parent, k) for k, v in fix.data.items()}
    for k, v in fixed.items():
        fix.used.add(k)
        fix.keep(k, v)
    params = tuple(_parameter(s, mode, p.parent) for s in top.sections("parameters"))
    if not params:
        raise top.error("parameters", "at least one parameter is needed")
    keys = [q.key for q in params]
    if len(set(keys)) != len(keys):
        raise top.error("parameters", "a key is varied twice", keys)
    both = sorted(set(keys) & set(fixed))
    if both:
        raise top.error("fixed", "a key is both fixed and varied", both)
    if sampled and any(q.values is None and q.steps for q in params):
        raise top.error("parameters", f"'steps' has no meaning for sampling mode '{mode}': drop it")
    if mode in _RANGES_ONLY:
        for i, q in enumerate(params):
            if q.values is not None:
                raise top.error(
                    f"parameters[{i}].values", f"sampling mode '{mode}' needs a range", q.key, "'low' and 'high'"
                )
    criteria = read_criteria(top)
    if mode == "adaptive" and not criteria:
        raise top.error("criteria", "an adaptive study needs the spec its window is judged by ([[criteria]])")
    uncertainty = read_uncertainty(top, keys)
    if mode == "zip":
        n = {len(q.grid_values()) for q in params}
        if len(n) != 1:
            raise top.error("parameters", "zipped parameters need equally many values", sorted(n))
    ex = top.section("execution", required=False)
    executor = ex.string("executor", "local", choices=("local", "slurm"))
    ranks = ex.integer("ranks", 1, lo=1, hi=4096)
    workers = ex.integer("workers", 0, lo=0, hi=4096)
    cases_per_worker = ex.integer("cases_per_worker", 50, lo=0, hi=100000)
    sl = ex.section("slurm", required=False)
    slurm = SlurmSettings(
        sl.string("partition", ""),
        sl.string("time", "01:00:00"),
        sl.string("account", ""),
        sl.integer("max_parallel", 0, lo=0, hi=100000),
        sl.string("launcher", "srun", choices=("srun", "mpiexec")),  # type: ignore[arg-type]
        tuple(str(o) for o in sl.array("options", [])),
        sl.integer("cases_per_task", 1, lo=1, hi=100000),
    )
    if not re.match(r"^(\d+-)?\d{1,3}(:\d{2}){0,2}$", slurm.time):
        raise sl.error("time", "a SLURM time limit", slurm.time, "'MM', 'HH:MM:SS' or 'D-HH:MM:SS'")
    sl.finish()
    ex.finish()
    rep = top.section("report", required=False)
    rx = rep.string("x", keys[0]) if keys else None
    ry = rep.string("y", keys[1] if len(keys) > 1 else "") or None
    for k, v in (("x", rx), ("y", ry)):
        if v is not None and v not in keys:
            raise rep.error(k, "not a varied parameter", v, ", ".join(keys))
    responses = tuple(rep.array("responses", []))
    rep.finish()
    top.finish()
    return StudySpec(
        p,
        name,
        description,
        base,
        mode,  # type: ignore[arg-type]
        samples,
        seed,
        params,
        executor,  # type: ignore[arg-type]
        ranks,
        workers,
        cases_per_worker,
        slurm,
        rx,
        ry,
        responses,
        fixed,
        top.resolved,
        adaptive,
        criteria,
        uncertainty,
    )
