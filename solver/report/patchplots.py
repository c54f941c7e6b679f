"""Plots of a 3-D interface patch run: bonded area over the cycle and the map of when each point bonded."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np

from ..results import PatchResult
from .interfaceplots import fractions_over_the_recipe
from .style import COLORS, new_figure, save

__all__ = ["plot_patch"]


def plot_patch_fractions(result: PatchResult, folder: Path) -> list[Path]:
    """Bonded and contact fractions and the temperature (top), the pressure (bottom)."""
    summary = result.summary
    ttl = f"3-D patch ({summary.surface}): bonded {100 * summary.bonded_fraction_final:.1f} % at the end"
    curves = [
        ("bonded_fraction", "bonded", {"color": COLORS[0], "lw": 2}),
        ("contact_fraction", "in contact", {"color": COLORS[2], "lw": 1, "ls": ":"}),
    ]
    t90 = summary.time_to_90pct_bonded_s
    return fractions_over_the_recipe(result.history, curves, "fraction of the projected area (%)", ttl, t90, folder)


def plot_bond_map(result: PatchResult, folder: Path) -> list[Path]:
    """When each point of the surface bonded (colour, min), on the surface as it lies (grey: never)."""
    xy, tb = result.bond_points, result.bonded_at_s
    fig, ax = new_figure(figsize=(5.6, 4.8))
    Lx, Ly = result.summary.patch_size_m
    x, y = xy[:, 0] * 1e6, xy[:, 1] * 1e6
    # the surface nodes form a tensor grid: each node's cell of the map is coloured by its bond time
    xs, i = np.unique(np.round(x, 9), return_inverse=True)
    ys, j = np.unique(np.round(y, 9), return_inverse=True)
    grid = np.full((ys.size, xs.size), np.nan)
    grid[j, i] = tb / 60
    # the periodic images on x = Lx and y = Ly close the map
    xs, ys = np.append(xs, Lx * 1e6), np.append(ys, Ly * 1e6)
    grid = np.vstack([grid, grid[:1]])
    grid = np.hstack([grid, grid[:, :1]])
    never = ~np.isfinite(tb)
    cmap = matplotlib.colormaps["viridis"].with_extremes(bad="#BBBBBB")
    mesh = ax.pcolormesh(xs, ys, np.ma.masked_invalid(grid), shading="nearest", cmap=cmap)
    if (~never).any():
        fig.colorbar(mesh, ax=ax, label="bonded at (min); grey: not bonded")
    ax.set_xlim(0, Lx * 1e6)
    ax.set_ylim(0, Ly * 1e6)
    ax.set_aspect("equal")
    ax.set_xlabel("x (µm)")
    ax.set_ylabel("y (µm)")
    ax.set_title(f"Bond map: {100 * result.summary.bonded_fraction_final:.1f} % of the patch bonded", fontsize=9)
    return save(fig, folder, "bond_map")


def plot_patch(result: PatchResult, folder: Path) -> list[Path]:
    """Every plot of a patch run into ``folder``."""
    return [*plot_patch_fractions(result, folder), *plot_bond_map(result, folder)]
