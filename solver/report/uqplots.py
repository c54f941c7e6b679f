"""Report pages of a study's uncertainty analysis, drawn from the files ``thermobond collect`` wrote.

* Sobol' indices (``sobol_indices.json``): first- and total-order index of each parameter for each
  response, with their 95 % bootstrap intervals; a total index well above the first-order one is a
  parameter acting through interactions.
* Probability of meeting the spec (``probability.json``): the map over the report's two parameters
  of the probability that every criterion holds with the ``[[uncertainty]]`` inputs scattering about
  each recipe, with its 50 % and 95 % contours (one parameter: the curve).

:func:`uq_figures` returns the figures with their titles and captions; the study report adds them
as pages.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from .style import COLORS, new_figure

__all__ = ["probability_figure", "sobol_figure", "uq_figures"]

A4 = (11.69, 8.27)
_MAX_RESPONSES = 6  # responses drawn on the Sobol' page (all are in sobol_indices.csv)
_DEGC = "degC"


def _axis_label(key: str, labels: dict[str, str]) -> str:
    text = labels.get(key) or key
    return text if text == key else f"{text} ({key})"


def sobol_figure(record: dict[str, Any], responses: list[str] | None = None) -> Any:
    """Bars of S1 and ST (± their confidence half-widths) of each parameter, one panel per response.

    Args:
        record: The content of ``sobol_indices.json``.
        responses: The responses to draw (default: the first six that have indices).
    """
    names = [r for r in (responses or list(record["responses"])) if r in record["responses"]][:_MAX_RESPONSES]
    labels = record.get("labels") or record["parameters"]
    n = max(1, len(names))
    cols = min(n, 3)
    rows = (n + cols - 1) // cols
    fig, axes = new_figure(rows, cols, figsize=A4, layout="constrained", squeeze=False)
    j = np.arange(len(record["parameters"]))
    for k, ax in enumerate(axes.ravel()):
        if k >= len(names):
            ax.set_visible(False)
            continue
        r = record["responses"][names[k]]
        ax.bar(j - 0.18, r["S1"], 0.36, yerr=r["S1_conf"], color=COLORS[0], capsize=3, label="first order S1")
        ax.bar(j + 0.18, r["ST"], 0.36, yerr=r["ST_conf"], color=COLORS[1], capsize=3, label="total order ST")
        ax.set_xticks(j, labels, rotation=20, ha="right", fontsize=8)
        low = min(0.0, float(np.min(np.subtract(r["S1"], r["S1_conf"]))))
        ax.set_ylim(low, max(1.05, float(np.max(np.add(r["ST"], r["ST_conf"]))) + 0.05))
        ax.set_title(names[k], fontsize=9)
        ax.set_ylabel("Sobol' index (–)")
        if k == 0:
            ax.legend(fontsize=8)
    return fig


def probability_figure(record: dict[str, Any], labels: dict[str, str]) -> Any:
    """The map (or curve) of the probability that every criterion holds.

    Args:
        record: The content of ``probability.json``.
        labels: Parameter key → label.
    """
    x = np.asarray(record["x_values"], dtype=float)
    p = np.asarray(record["all"], dtype=float)
    fig, ax = new_figure(figsize=A4, layout="constrained")
    if record.get("y"):
        y = np.asarray(record["y_values"], dtype=float)
        cf = ax.contourf(x, y, p, levels=np.linspace(0.0, 1.0, 11), cmap="cividis")
        fig.colorbar(cf, ax=ax, label="probability of meeting the spec (–)")
        cs = ax.contour(x, y, p, levels=[0.5, 0.95], colors=[COLORS[1], COLORS[2]], linewidths=2.0)
        ax.clabel(cs, fmt={0.5: "50 %", 0.95: "95 %"}, fontsize=8)
        ax.set_ylabel(_axis_label(record["y"], labels))
        if y.min() > 0 and y.max() / y.min() > 5:
            ax.set_yscale("log")
    else:
        ax.plot(x, p[0], color=COLORS[0])
        ax.set_ylim(-0.02, 1.02)
        ax.set_ylabel("probability of meeting the spec (–)")
    ax.set_xlabel(_axis_label(record["x"], labels))
    return fig


def uq_figures(root: Path, labels: dict[str, str], responses: list[str]) -> list[tuple[Any, str, str]]:
    """(figure, title, caption) of each uncertainty page of the study in ``root`` (none: no analysis).

    Args:
        root: The study folder.
        labels: Parameter key → label.
        responses: The report's responses (their Sobol' indices are drawn first).
    """
    out: list[tuple[Any, str, str]] = []
    sobol = root / "sobol_indices.json"
    if sobol.is_file():
        record = json.loads(sobol.read_text())
        if record.get("responses"):
            order = [r for r in responses if r in record["responses"]] + list(record["responses"])
            fig = sobol_figure(record, list(dict.fromkeys(order)))
            caption = (
                f"Saltelli design, N = {record['n']} ({record['cases']} cases); bars ± the half-width of the "
                f"{100 * record['confidence']:.0f} % bootstrap interval; all responses in sobol_indices.csv"
            )
            out.append((fig, "Sensitivity: Sobol' indices", caption))
        elif record.get("reason"):
            fig, ax = new_figure(figsize=A4)
            ax.axis("off")
            ax.text(0.02, 0.9, f"Sobol' indices not computed: {record['reason']}", fontsize=11, va="top", wrap=True)
            out.append((fig, "Sensitivity: Sobol' indices", record["reason"]))
    prob = root / "probability.json"
    if prob.is_file():
        record = json.loads(prob.read_text())
        inputs = ", ".join(f"{u['key']} {u['distribution']} {u['spread']:.3g}" for u in record["inputs"]) or "none"
        caption = (
            f"all of: {'; '.join(record['criteria'])}. Uncertain inputs (output units): {inputs}; "
            f"{record['samples']} draws per recipe through Gaussian-process surrogates (surrogates.json); "
            f"other parameters at mid-range"
        )
        out.append((probability_figure(record, labels), "Probability of meeting the spec", caption))
    return out
