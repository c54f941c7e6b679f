"""Shared figure style: labelled axes with units, colour-blind-safe colours, PNG + PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib
from cycler import cycler

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # after selecting the non-interactive backend

__all__ = ["COLORS", "new_figure", "save"]

# Okabe–Ito palette (colour-blind safe)
COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]


def new_figure(nrows: int = 1, ncols: int = 1, **kw: Any) -> tuple[Any, Any]:
    plt.rcParams.update(
        {
            "axes.prop_cycle": cycler(color=COLORS),
            "axes.grid": True,
            "grid.alpha": 0.3,
            "font.size": 9,
            "figure.dpi": 110,
        }
    )
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
