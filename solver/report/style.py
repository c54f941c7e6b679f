"""Shared figure style: labelled axes with units, colour-blind-safe colours, PNG + PDF.

Text stays text: PDF and PostScript embed TrueType fonts (``pdf.fonttype = 42``, never Type 3
outlines that some readers and journals refuse), SVG keeps its text as ``<text>`` so that a report
page is searchable. :func:`negligible` decides when a panel would only draw round-off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import matplotlib
import numpy as np
from cycler import cycler

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # after selecting the non-interactive backend

__all__ = ["COLORS", "NEGLIGIBLE", "RC", "negligible", "new_figure", "save"]

# Okabe–Ito palette (colour-blind safe)
COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]


#: A span below this fraction of the data's magnitude is round-off or solver tolerance, not a signal
NEGLIGIBLE = 1e-6

#: The figure settings of every thermobond plot
RC: dict[str, Any] = {
    "axes.prop_cycle": cycler(color=COLORS),
    "axes.grid": True,
    "grid.alpha": 0.3,
    "font.size": 9,
    "figure.dpi": 110,
    "pdf.fonttype": 42,  # TrueType fonts in PDF, not Type 3
    "ps.fonttype": 42,
    "svg.fonttype": "none",  # SVG text as text (searchable, styled by the page)
    "axes.formatter.useoffset": False,  # no "+1e6" offsets above an axis: values as they are
}


def negligible(values: Any, magnitude: float | None = None) -> bool:
    """Whether a quantity is constant for every reader: its span is at most :data:`NEGLIGIBLE` of its
    magnitude (the largest |value|, or ``magnitude`` — for a difference, the size of what was
    subtracted; for a stress that is zero up to round-off, the stresses of the model). A panel of
    it would plot round-off; say the value in words instead. Empty or non-finite data is negligible.
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return True
    scale = float(np.max(np.abs(v))) if magnitude is None else abs(float(magnitude))
    return float(np.ptp(v)) <= NEGLIGIBLE * scale


def new_figure(nrows: int = 1, ncols: int = 1, **kw: Any) -> tuple[Any, Any]:
    cast(Any, plt.rcParams).update(RC)  # the stubs list every key as a literal
    return plt.subplots(nrows, ncols, **kw)


def save(fig: Any, folder: Path, stem: str) -> list[Path]:
    """Save as PNG and PDF; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    if fig.get_layout_engine() is None:
        fig.tight_layout()
    out = []
    for ext in ("png", "pdf"):
        p = folder / f"{stem}.{ext}"
        fig.savefig(p, dpi=150)
        out.append(p)
    plt.close(fig)
    return out
