"""Verification and validation pages, regenerated from ``benchmarks/results/*.json`` and ``tests/verification``.

A benchmark JSON may carry its comparisons itself, as a list ``checks`` of
``{"quantity", "measured", "reference", "tolerance", "passes"}`` (numbers or text); the benchmarks
written before that convention are read by the extractors in :data:`EXTRACTORS`, one per benchmark
(the file's ``benchmark`` name without its ``_np<N>`` suffix). A file that neither carries checks
nor has an extractor is listed with its own ``meets_target`` verdict, so a new benchmark appears
before anyone writes its extractor.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .pages import table_cell

__all__ = ["EXTRACTORS", "Check", "benchmark_checks", "verification_tests", "vv_pages"]


@dataclass(frozen=True)
class Check:
    """One comparison of a benchmark with its reference.

    Attributes:
        quantity: What is compared.
        measured: The benchmark's value, as text with its unit.
        reference: What it is compared with (a target, an analytical value, an independent code).
        tolerance: The accepted difference, as text ("" when the benchmark states none).
        passes: The verdict (None: the benchmark states no criterion for it).
    """

    quantity: str
    measured: str
    reference: str
    tolerance: str
    passes: bool | None


def _pct(x: float) -> str:
    return f"{100 * x:.3g} %"


def _walltime(d: dict[str, Any]) -> list[Check]:
    return [
        Check(
            f"wall time of {d.get('case', 'the run')} on {d.get('mpi_size', 1)} rank(s)",
            f"{d['wall_time_s']:.3g} s",
            "target",
            f"< {d['target_s']:g} s",
            bool(d["meets_target"]),
        )
    ]


def _interface_cycle(d: dict[str, Any]) -> list[Check]:
    out = _walltime(d)
    fine = d.get("fine_mesh") or {}
    for key, err in d.get("error_vs_fine", {}).items():
        reference = f"{fine[key]:.5g} s ({fine.get('dofs', '?')} DOFs)" if key in fine else "a finer mesh"
        out.append(
            Check(
                f"{key.removesuffix('_s').replace('_', ' ')} against a finer mesh",
                f"{d[key]:.5g} s (Δ {_pct(err)})",
                reference,
                "",
                None,
            )
        )
    return out


def _material_fit(d: dict[str, Any]) -> list[Check]:
    return [
        Check(
            "CPU time of a DMA fit with its figure (360 points, 12 isotherms)",
            f"{d['best_cpu_s']:.3g} s",
            "target",
            f"≤ {d['target_s']:g} s",
            bool(d["meets_target"]),
        ),
        Check(
            "worst isotherm's RMS of ln(model/data) of that fit",
            f"{d['worst_isotherm_rms_ln']:.3g}",
            "the data's 2 % noise",
            "",
            None,
        ),
    ]


def _press_log(d: dict[str, Any]) -> list[Check]:
    return [
        Check(
            f"wall time of a 1 Hz press log over the same recipe as segments ({d['log_samples']} rows)",
            f"{d['wall_ratio']:.3g} × the segments'",
            f"segments: {d['segments']['wall_time_s']:.3g} s",
            f"≤ {d['wall_ratio_target']:g} ×",
            d["wall_ratio"] <= d["wall_ratio_target"],
        ),
        Check(
            "curvature after the logged recipe",
            f"{d['logged']['curvature_1_per_m']:.6g} 1/m",
            f"{d['segments']['curvature_1_per_m']:.6g} 1/m (segments)",
            _pct(d["curvature_tolerance"]),
            d["curvature_relative_difference"] <= d["curvature_tolerance"],
        ),
    ]


def _study_driver(d: dict[str, Any]) -> list[Check]:
    return [
        Check(
            f"study driver's overhead, {name} executor ({d[name]['cases']} cases)",
            _pct(d[name]["driver_overhead_fraction"]),
            "summed case time",
            f"≤ {_pct(d['target_fraction'])}",
            d[name]["driver_overhead_fraction"] <= d["target_fraction"],
        )
        for name in ("local", "slurm")
        if name in d
    ]


PEEL_TOLERANCE = 0.10  # the relative tolerance of tests/verification/test_peel_fe.py


def _peel_fe(d: dict[str, Any]) -> list[Check]:
    out = []
    for c in d["cases"]:
        s = c["setup"]
        out.append(
            Check(
                f"steady 90° peel force, {s['thickness'] * 1e6:g} µm Cu, Γ = {s['toughness']:g} J/m² "
                "(plane-strain FE with a cohesive zone)",
                f"{c['steady_peel_N_per_m']:.4g} N/m",
                f"{c['analytical_N_per_m']:.4g} N/m (elastic–plastic peel model)",
                _pct(PEEL_TOLERANCE),
                abs(c["relative_difference"]) <= PEEL_TOLERANCE,
            )
        )
    return out


def _dma_pyvisco(d: dict[str, Any]) -> list[Check]:
    out = []
    target = d["target_rms_ln_per_isotherm"]
    for name, ds in d["data_sets"].items():
        fits = ds["fits"]
        tb = fits.get("thermobond")
        if tb is None:
            continue
        for what in ("storage", "loss"):
            worst = tb[f"worst_{what}_rms_ln"]
            ref = fits.get("pyvisco", {}).get(f"worst_{what}_rms_ln")
            out.append(
                Check(
                    f"{name} DMA data: worst isotherm's RMS of ln(model/data), E{'′' if what == 'storage' else '″'}",
                    f"{worst:.3g}",
                    f"pyvisco: {ref:.3g}" if ref is not None else "target",
                    f"≤ {target:g}",
                    worst <= target,
                )
            )
        gen = next((v for k, v in fits.items() if k.startswith("generating")), None)
        if gen is not None and "sweep_1Hz" in gen:
            out.append(
                Check(
                    f"{name} DMA data: temperature where E′(1 Hz) falls to 1e6 Pa",
                    f"{tb['sweep_1Hz']['crossing_1e6Pa_degC']:.2f} °C",
                    f"{gen['sweep_1Hz']['crossing_1e6Pa_degC']:.2f} °C (the generating model)",
                    "",
                    None,
                )
            )
    return out


#: benchmark name (without ``_np<N>``) → its comparisons
EXTRACTORS: dict[str, Callable[[dict[str, Any]], list[Check]]] = {
    "stack_cycle": _walltime,
    "interface_cycle": _interface_cycle,
    "material_fit": _material_fit,
    "press_log": _press_log,
    "study_driver": _study_driver,
    "peel_fe": _peel_fe,
    "dma_pyvisco": _dma_pyvisco,
}


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def benchmark_checks(data: dict[str, Any]) -> list[Check]:
    """The comparisons of one benchmark JSON (see the module docstring)."""
    if isinstance(data.get("checks"), list):
        return [
            Check(
                str(c.get("quantity", "")),
                _show(c.get("measured", "")),
                _show(c.get("reference", "")),
                _show(c.get("tolerance", "")),
                c.get("passes"),
            )
            for c in data["checks"]
        ]
    name = re.sub(r"_np\d+$", "", str(data.get("benchmark", "")))
    extract = EXTRACTORS.get(name)
    if extract is not None:
        try:
            return extract(data)
        except (KeyError, TypeError):  # an older or newer layout than the extractor knows
            pass
    verdict = data.get("meets_target")
    return [Check("the benchmark's own target", "see the JSON", "", "", None if verdict is None else bool(verdict))]


def _verdict(passes: bool | None) -> str:
    return "—" if passes is None else ("pass" if passes else "**FAIL**")


def verification_tests(tests: Path) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(module, module docstring, [(test, its docstring's first line)]) of every verification test module."""
    out = []
    for path in sorted(tests.glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree) or ""
        funcs = [
            (n.name, (ast.get_docstring(n) or "").strip().split("\n\n")[0])
            for n in tree.body
            if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")
        ]
        out.append((path.stem, doc, funcs))
    return out


def vv_pages(results: Path, tests: Path) -> dict[str, str]:
    """``vv/benchmarks.md`` (one table per benchmark JSON) and ``vv/tests.md`` (the verification tests)."""
    lines = [
        "# Benchmarks",
        "",
        "Regenerated from ``benchmarks/results/*.json`` when the site is built: each benchmark script "
        "writes its measurement there (and exits non-zero outside its tolerance). *Commit* is the git "
        "revision the measurement was made at (``-dirty``: with uncommitted changes).",
        "",
    ]
    for path in sorted(results.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        sw = data.get("software", {})
        commit = str(sw.get("git_revision") or "—")
        lines += [
            f"## {data.get('benchmark', path.stem)}",
            "",
            f"Measured {data.get('measured', '?')} on {data.get('cpus', '?')} CPUs; thermobond "
            f"{sw.get('thermobond', '?')}, commit ``{commit[:12]}{'-dirty' if commit.endswith('-dirty') else ''}``. "
            f"File: ``benchmarks/results/{path.name}``.",
            "",
            "| Quantity | Measured | Reference | Tolerance | Verdict | Commit |",
            "|---|---|---|---|---|---|",
        ]
        for c in benchmark_checks(data):
            row = [c.quantity, c.measured, c.reference, c.tolerance, _verdict(c.passes), f"`{commit[:8]}`"]
            lines.append("| " + " | ".join(table_cell(x) for x in row) + " |")
        lines.append("")
    tlines = [
        "# Verification tests",
        "",
        "The tests under ``tests/verification`` compare the solvers with independent references: "
        "analytical solutions, published numbers, convergence rates, conservation laws. They run in the "
        "default suite (``./scripts/test``; the ones marked ``slow`` with ``-m slow``), serially and on "
        "2 MPI ranks. Listed from their docstrings:",
        "",
    ]
    for module, doc, funcs in verification_tests(tests):
        tlines += [f"## {module}", "", doc.strip(), ""]
        for name, first in funcs:
            tlines.append(f"- ``{name}``" + (f": {' '.join(first.split())}" if first else ""))
        tlines.append("")
    return {"vv/benchmarks.md": "\n".join(lines), "vv/tests.md": "\n".join(tlines)}
