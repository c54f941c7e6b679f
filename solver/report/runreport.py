"""The process report of one run: does this recipe pass, by how much, and what the run saw.

Sections: the verdict (every check and the 5 N/cm peel at 15 µm, the margins, the check closest to
its bound, the key results); the checks; the recipe and the temperatures the run computed; measured
against simulated temperatures where the case names them; stresses and shape at the end; adhesion;
the run itself. Figures are drawn from the files of the results folder in process units (°C, MPa,
µm, min, N/cm). Written as HTML and PDF by :mod:`.document`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from .._version import __version__
from ..claims import ADHESION_MIN
from ..results import RunSummary
from .display import fmt
from .document import Document, Figure, ReportFiles, Section, Table, write_document
from .measuredplots import comparison_text, draw_measured
from .runfiles import RunFiles
from .style import COLORS, negligible, new_figure
from .verdict import CaseVerdict, bound_text, case_verdict, describe_failures, margin_text, value_text

__all__ = ["run_document", "write_run_report"]


def _verdict_section(files: RunFiles, verdict: CaseVerdict) -> Section:
    s = files.summary
    sec = Section("Does this recipe pass?", verdict=verdict.word if verdict.passes is not None else "fail")
    if s is None:
        sec.paragraphs.append(f"The run has no result: {files.failure or 'no summary.json'}.")
        return sec
    peel = verdict.peel_N_per_m
    peel_text = (
        f"predicted peel strength at the claim's 15 µm conductor {peel / 100:.3g} N/cm (at least {ADHESION_MIN:g} "
        "N/cm needed)"
        if peel is not None
        else "peel strength not predicted (the case has no [adhesion] table)"
    )
    if verdict.passes:
        sec.paragraphs.append(f"This recipe passes every check; {peel_text}.")
    else:
        what = describe_failures(verdict, limit=10) if verdict.failed else "the peel strength is not predicted"
        sec.paragraphs.append(f"This recipe fails: {what}.")
        if verdict.failed:
            sec.paragraphs.append(peel_text[0].upper() + peel_text[1:] + ".")
    if verdict.closest is not None:
        c = verdict.closest
        sec.notes.append(f"Closest to its bound: {c.id} {c.element}: {value_text(c)}, margin {margin_text(c)}.")
    if verdict.undecided:
        sec.notes.append(
            "Not decided by this case (not part of the verdict): "
            + "; ".join(f"{c.id} {c.element} ({c.note})" for c in verdict.undecided)
            + "."
        )
    sec.notes.append(
        "Which recipe parameter matters most cannot be read from one run: a study over the recipe "
        "(thermobond study) gives each parameter's effect and the process window."
    )
    sec.tables.append(Table(("result", "value"), tuple(_key_results(s)), caption="Key results"))
    return sec


def _key_results(s: RunSummary) -> list[tuple[str, str]]:
    rows = []
    if s.stack is not None:
        st = s.stack
        rows.append(("residual curvature of the coupon (1/m)", fmt(st.curvature_1_per_m)))
        rows.append(("curl radius (mm)", fmt(st.curl_radius_m * 1e3)))
        if st.sheet is not None:
            rows.append(
                (f"a {st.sheet.size_m * 1e3:.4g} mm sheet on a table", st.sheet.shape_text())
                if st.sheet.rolls_up
                else (
                    f"edge lift of a {st.sheet.size_m * 1e3:.4g} mm sheet on a table (mm)",
                    fmt(st.sheet.edge_lift_m * 1e3),
                )
            )
        rows.append(("interface shear near the edge (MPa)", fmt(st.edge_interface_shear_Pa / 1e6)))
        rows.append(("interface normal stress near the edge (MPa)", fmt(st.edge_interface_normal_Pa / 1e6)))
    if s.interface is not None:
        i = s.interface
        rows.append(("bonded fraction of the surface at the end (%)", fmt(100 * i.bonded_fraction_final)))
        t90 = i.time_to_90pct_bonded_s
        rows.append(("time to 90 % bonded (min)", "not reached" if t90 is None else fmt(t90 / 60)))
        rows.append(("void fraction of the valleys (%)", fmt(100 * i.void_fraction_final)))
    if s.patch is not None:
        pa = s.patch
        bonded = fmt(100 * pa.bonded_fraction_final)
        rows.append((f"3-D patch ({pa.surface}): bonded fraction of the projected area at the end (%)", bonded))
        t90 = pa.time_to_90pct_bonded_s
        rows.append(("3-D patch: time to 90 % bonded (min)", "not reached" if t90 is None else fmt(t90 / 60)))
        rows.append(("3-D patch: mean gap left at the end (µm)", fmt(pa.mean_gap_final_m * 1e6)))
        if pa.gas_pressure_max_Pa is not None:
            gas = fmt(pa.gas_pressure_max_Pa / 1e6)
            rows.append(("3-D patch: highest pressure of the trapped gas (MPa, absolute)", gas))
            rows.append(("3-D patch: pockets holding gas at the end", str(pa.sealed_pockets_final)))
    if s.adhesion is not None:
        a = s.adhesion
        rows.append(
            (
                f"predicted {a.peel.angle_deg:g}° peel strength of the case's conductor (N/cm)",
                fmt(a.peel_strength_N_per_m / 100),
            )
        )
        rows.append(("peel strength at the claim's 15 µm conductor (N/cm)", fmt(a.claim_peel_strength_N_per_m / 100)))
        rows.append(("effective interface toughness (J/m²)", fmt(a.effective_toughness_J_per_m2)))
        rows.append(("mean bond degree (–)", fmt(a.bond_degree_mean)))
    for m in s.measured:
        rows.append((f"measured − simulated at {m.target}: RMS (K)", fmt(m.rms_difference_K)))
    return rows


def _checks_section(verdict: CaseVerdict) -> Section:
    rows, classes = [], []
    for c in verdict.checks:
        bound = bound_text(c)
        value = "–" if c.value is None else f"{c.value:.4g} {c.unit}"
        rows.append((c.id, c.element, value, bound, margin_text(c), c.verdict, c.note))
        classes.append(c.verdict if c.verdict in ("pass", "fail") else "")
    table = Table(("check", "requires", "value", "bound", "margin", "verdict", "how"), tuple(rows), tuple(classes))
    return Section("The checks", ["Each claim element and specification the case decides, with its margin."], [table])


def _pressure(ax: Any, t: np.ndarray, p_MPa: np.ndarray) -> list[Any]:
    ax2 = ax.twinx()
    ax2.fill_between(t, 0, p_MPa, color="#999999", alpha=0.2)
    (line,) = ax2.plot(t, p_MPa, color="#555555", lw=1.0, label="press pressure (right axis)")
    ax2.set_ylabel("press pressure (MPa)")
    ax2.set_ylim(bottom=0)
    ax2.grid(False)
    return [line]


def _recipe_figure(files: RunFiles) -> Figure | None:
    stack, iface, patch = files.stack_history, files.interface_history, files.patch_history
    h = next((x for x in (stack, iface, patch) if x is not None), None)
    if h is None:
        return None
    panels = 1 + (iface is not None) + (patch is not None) + (stack is not None)
    fig, axes = new_figure(
        panels, 1, figsize=(8.5, 2.6 * panels + 0.6), sharex=True, squeeze=False, layout="constrained"
    )
    ax = axes[0, 0]
    t = np.asarray(h["time_s"]) / 60
    if stack is not None:
        ax.plot(t, stack["platen_temperature_degC"], "k--", lw=1.2, label="platen")
        for k in stack:
            if k.endswith(".temperature_degC") and "/" in k:
                ax.plot(t, stack[k], lw=1.4, label=f"interface {k.split('.')[0]}")
    else:
        ax.plot(t, h["temperature_degC"], color=COLORS[1], lw=1.4, label="interface (the recipe)")
    ax.set_ylabel("temperature (°C)")
    handles, labels = ax.get_legend_handles_labels()
    p = np.asarray(h["pressure_Pa"]) / 1e6
    if np.any(p > 0):
        extra = _pressure(ax, t, p)
        handles, labels = handles + extra, labels + [x.get_label() for x in extra]
    ax.legend(handles, labels, fontsize=7, loc="best")
    row = 1
    for micro, ylabel in (
        (iface, "fraction of the surface (%)"),
        (patch, "3-D patch: fraction of\nthe projected area (%)"),
    ):
        if micro is None:
            continue
        tm = np.asarray(micro["time_s"]) / 60
        axes[row, 0].plot(tm, 100 * np.asarray(micro["bonded_fraction"]), color=COLORS[0], lw=1.6, label="bonded")
        axes[row, 0].plot(
            tm, 100 * np.asarray(micro["contact_fraction"]), color=COLORS[2], lw=1, ls=":", label="in contact"
        )
        axes[row, 0].set_ylabel(ylabel)
        axes[row, 0].set_ylim(-2, 102)
        axes[row, 0].legend(fontsize=7)
        row += 1
    if stack is not None:
        axes[row, 0].plot(t, stack["curvature_1_per_m"], color="k", lw=1.2)
        axes[row, 0].set_ylabel("curvature of the coupon (1/m)")
    axes[-1, 0].set_xlabel("time (min)")
    return Figure("recipe", fig, "The press recipe (platen temperature and pressure) and what the run computed.")


def _measured_section(files: RunFiles) -> Section | None:
    s = files.summary
    if s is None or not s.measured:
        return None
    sec = Section("Measured against simulated temperature")
    sec.paragraphs.append(
        "Differences are measured − simulated at the measured samples; the lag is the shift that best aligns "
        "the traces (cross-correlation; positive: the measurement lags); the offset is what remains once the lag "
        "is removed."
    )
    rows = []
    for m in s.measured:
        lag = "–" if m.time_lag_s is None else f"{m.time_lag_s:+.3g}"
        rows.append(
            (
                m.target,
                m.source,
                m.simulated,
                fmt(m.rms_difference_K),
                fmt(m.max_abs_difference_K),
                lag,
                f"{m.offset_K:+.3g}",
            )
        )
    sec.tables.append(
        Table(
            ("where", "measured", "simulated", "RMS (K)", "max |difference| (K)", "lag (s)", "offset (K)"), tuple(rows)
        )
    )
    tables = files.measured()
    for m in s.measured:
        t = tables.get(m.target)
        if t is None:
            continue
        fig, (ax, diff) = new_figure(
            2, 1, figsize=(8.5, 5.2), sharex=True, gridspec_kw={"height_ratios": [3, 1.3]}, layout="constrained"
        )
        draw_measured(
            ax, t["time_s"], t["measured_temperature_degC"], t["simulated_temperature_degC"], comparison_text(m)
        )
        ax.set_ylabel(f"temperature at {m.target} (°C)")
        ax.legend(fontsize=8)
        diff.plot(np.asarray(t["time_s"]) / 60, t["difference_K"], color=COLORS[2], lw=1.0)
        diff.axhline(0.0, color="k", lw=0.6)
        diff.set_ylabel("measured − simulated (K)")
        diff.set_xlabel("time (min)")
        sec.figures.append(Figure(f"measured-{m.target.replace('/', '-')}", fig, f"{m.source} against {m.simulated}."))
    return sec


def _stress_figure(files: RunFiles) -> Figure | None:
    tr, de = files.table("interface_stress.csv"), files.table("deflection.csv")
    if tr is None or de is None or files.summary is None or files.summary.stack is None:
        return None
    fig, axes = new_figure(1, 3, figsize=(11.0, 4.0), layout="constrained")
    names = list(dict.fromkeys(tr["interface"]))
    x = np.asarray(tr["x_m"]) * 1e3
    scale = max(float(np.nanmax(np.abs(tr["normal_stress_Pa"]))), float(np.nanmax(np.abs(tr["shear_stress_Pa"]))), 1.0)
    for ax, col, what in (
        (axes[0], "normal_stress_Pa", "normal stress σ_yy"),
        (axes[1], "shear_stress_Pa", "shear stress σ_xy"),
    ):
        for n in names:
            sel = np.array([v == n for v in tr["interface"]])
            ax.plot(x[sel], np.asarray(tr[col])[sel] / 1e6, lw=1.2, label=n)
        if negligible(tr[col], scale):
            ax.text(0.5, 0.5, "zero up to round-off", transform=ax.transAxes, ha="center")
        ax.set_xlabel("position across the coupon (mm)")
        ax.set_ylabel(f"interface {what} (MPa)")
    axes[0].legend(fontsize=7)
    axes[2].plot(np.asarray(de["x_m"]) * 1e3, np.asarray(de["w_m"]) * 1e6, lw=1.8, label="mid-plane (FE)")
    axes[2].plot(np.asarray(de["x_m"]) * 1e3, np.asarray(de["w_fit_m"]) * 1e6, "k--", lw=1, label="parabola fit")
    axes[2].set_xlabel("position across the coupon (mm)")
    axes[2].set_ylabel("deflection (µm)")
    axes[2].legend(fontsize=7)
    return Figure("stresses-and-shape", fig, "Interface stresses and the coupon's shape at the end of the cycle.")


def _adhesion_figure(files: RunFiles) -> Figure | None:
    curve = files.table("peel_vs_thickness.csv")
    s = files.summary
    if curve is None or s is None or s.adhesion is None:
        return None
    a = s.adhesion
    fig, ax = new_figure(figsize=(8.5, 4.6), layout="constrained")
    h, P = np.asarray(curve["arm_thickness_m"]) * 1e6, np.asarray(curve["peel_strength_N_per_m"]) / 100
    ax.plot(h, P, color=COLORS[0], lw=2, label=f"predicted {a.peel.angle_deg:g}° peel")
    ax.axhline(ADHESION_MIN, color=COLORS[1], ls="--", lw=1.2, label=f"{ADHESION_MIN:g} N/cm (seed 002 claims 14–15)")
    ax.plot(
        [a.peel.claim_thickness_m * 1e6],
        [a.claim_peel_strength_N_per_m / 100],
        "s",
        color=COLORS[1],
        ms=7,
        label="at the claim's thickness",
    )
    ax.plot(
        [a.peel.arm_thickness_m * 1e6],
        [a.peel_strength_N_per_m / 100],
        "o",
        color=COLORS[0],
        ms=7,
        label="this case's conductor",
    )
    ax.set_xscale("log")
    ax.set_xlabel("conductor (peel arm) thickness (µm)")
    ax.set_ylabel("peel strength (N/cm)")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)
    return Figure("peel-vs-thickness", fig, f"At the effective toughness {a.effective_toughness_J_per_m2:.3g} J/m².")


def _run_section(files: RunFiles) -> Section:
    s = files.summary
    sec = Section("The run")
    meta: dict[str, Any] = {}
    if (files.folder / "metadata.json").is_file():
        meta = json.loads((files.folder / "metadata.json").read_text(encoding="utf-8"))
    soft = meta.get("software", {})
    rows = [("results folder", str(files.folder))]
    if s is not None:
        rows += [("case", s.case), ("models", ", ".join(s.models)), ("wall time (s)", fmt(s.wall_time_s))]
    rows += [
        ("MPI ranks", str(meta.get("mpi_size", "–"))),
        ("thermobond", str(soft.get("thermobond", "–"))),
        ("DOLFINx", str(soft.get("dolfinx", "–"))),
        ("revision", str(soft.get("git_revision", "–"))),
    ]
    sec.tables.append(Table(("", ""), tuple(rows)))
    return sec


def run_document(folder: Path) -> Document:
    """The report of the run whose results folder is ``folder``."""
    files = RunFiles.read(Path(folder))
    verdict = case_verdict(files.summary)
    s = files.summary
    sections = [_verdict_section(files, verdict)]
    if s is not None:
        sections.append(_checks_section(verdict))
        recipe = _recipe_figure(files)
        if recipe is not None:
            sections.append(Section("Recipe and temperatures", figures=[recipe]))
        measured = _measured_section(files)
        if measured is not None:
            sections.append(measured)
        figs = [f for f in (_stress_figure(files), _adhesion_figure(files)) if f is not None]
        if figs:
            sections.append(Section("Stresses, shape and adhesion", figures=figs))
    sections.append(_run_section(files))
    name = s.case if s is not None else files.folder.name
    stamp = time.strftime("%Y-%m-%d %H:%M")
    subtitle = f"{files.description} — thermobond {__version__}, {stamp}".strip(" —")
    return Document(f"Run {name}", subtitle, sections)


def write_run_report(folder: Path) -> ReportFiles:
    """Write ``folder/report/report.html`` and ``report.pdf`` (with ``pages/`` and ``figures/``)."""
    return write_document(run_document(folder), Path(folder) / "report")
