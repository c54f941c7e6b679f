"""Measured height maps of a rough foil, read into a periodic :class:`~thermobond.meshes.areal.ArealSurface`.

Height-map format (a text grid, UTF-8)::

    # units: um            unit of the heights (any length unit: m, mm, um, nm, ...)
    # spacing: 0.1 um      grid spacing in x and y; or spacing_x / spacing_y separately
    0.12, 0.15, 0.11, ...  one row per y (first row y = 0), one column per x (first column x = 0)
    0.10, 0.14, 0.12, ...

Values are separated by commas, semicolons, tabs or spaces; blank lines are skipped; header lines
start with ``#`` and hold ``key: value`` (keys are case-insensitive; other ``#`` lines are comments).
Gwyddion's "Text data matrix" export is accepted as it is: its ``# Width: 10.000 µm`` and
``# Height: 10.000 µm`` (the x and y extents: spacing = extent / number of columns or rows) and
``# Value units: m`` keys. Every row holds the same number of values, at least
:data:`MIN_MAP_POINTS` in each direction, each finite and within ±1 mm.

A measured map is altered in exactly two ways: (1) the least-squares plane is removed (levelling);
(2) unless ``blend = 0``, it is made periodic by the cross-fade of
:func:`thermobond.meshes.surface.periodic_samples`, applied along x and then along y on the grid
itself: with m = round(blend·n) samples of overlap, the patch keeps n − m samples; its first m
samples go smoothly (C¹ smoothstep) from the map's continuation beyond the patch (samples n − m … n − 1)
to the map itself. Samples m … n − m − 1 are the levelled map unchanged.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
from thermobond.errors import InputError
from thermobond.textfiles import read_text
from thermobond.units import parse_quantity

from .areal import ArealSurface, _from_grid

__all__ = ["MAX_HEIGHT_M", "MIN_MAP_POINTS", "height_map_surface", "read_height_map"]

MIN_MAP_POINTS = 16  # per direction: a Fourier series of a map needs a few samples per mode it keeps
MAX_HEIGHT_M = 1e-3  # a height map of a foil: heights within ±1 mm
_HEADER = re.compile(r"^#\s*([A-Za-z][A-Za-z _-]*?)\s*[:=]\s*(.*?)\s*$")
_SEPARATORS = re.compile(r"[,;\s]+")
_ACCEPTED_KEYS = "units (or 'value units'), spacing, spacing_x, spacing_y, width, height"


def _blend_axis(h: np.ndarray, blend: float, axis: int) -> np.ndarray:
    """The cross-fade of the module docstring along one axis (returns n − m samples)."""
    n = h.shape[axis]
    m = round(blend * n)
    if m == 0:
        return h
    h = np.moveaxis(h, axis, 0)
    keep = n - m
    t = np.arange(m) / m
    s = (t * t * (3.0 - 2.0 * t))[:, None]
    out = h[:keep].copy()
    out[:m] = s * h[:m] + (1.0 - s) * h[keep:]
    return np.moveaxis(out, 0, axis)


def height_map_surface(
    heights_m: np.ndarray, spacing_x_m: float, spacing_y_m: float, *, blend: float = 0.1
) -> ArealSurface:
    """A measured height map as a periodic surface: levelled, cross-faded (module docstring).

    Args:
        heights_m: h[i, j] at x = i·spacing_x, y = j·spacing_y (m), shape (nx, ny).
        spacing_x_m: Grid spacing in x (m).
        spacing_y_m: Grid spacing in y (m).
        blend: Fraction of each side cross-faded, 0 ≤ blend < 0.5 (0: the map is already periodic,
            e.g. a repeated patch; it is then only levelled).
    """
    h = np.asarray(heights_m, dtype=float)
    if not 0.0 <= blend < 0.5:
        raise ValueError(f"blend must be in [0, 0.5), not {blend}")
    if h.ndim != 2 or min(h.shape) < MIN_MAP_POINTS:
        raise ValueError(f"a height map needs at least {MIN_MAP_POINTS} × {MIN_MAP_POINTS} points, not {h.shape}")
    if not (spacing_x_m > 0 and spacing_y_m > 0):
        raise ValueError(f"spacings must be positive, not {spacing_x_m}, {spacing_y_m}")
    nx, ny = h.shape
    x, y = np.meshgrid(np.arange(nx) * spacing_x_m, np.arange(ny) * spacing_y_m, indexing="ij")
    design = np.column_stack([np.ones(h.size), x.ravel(), y.ravel()])
    plane = np.linalg.lstsq(design, h.ravel(), rcond=None)[0]
    h = h - (design @ plane).reshape(h.shape)
    h = _blend_axis(_blend_axis(h, blend, 0), blend, 1)
    return _from_grid(h, h.shape[0] * spacing_x_m, h.shape[1] * spacing_y_m, "height map")


def _length(text: str, key: str, path: Path, line: int) -> float:
    try:
        return parse_quantity(text, "length", key=key, file=str(path))
    except InputError as exc:
        raise InputError(exc.reason, file=path, line=line, key=key, value=text, accepted=exc.accepted) from None


def read_height_map(path: str | Path, *, blend: float = 0.1) -> ArealSurface:
    """A height-map file (format in the module docstring) as a levelled periodic surface.

    Args:
        path: The file.
        blend: Fraction of each side cross-faded (:func:`height_map_surface`).

    Raises:
        InputError: Naming the file, the line, the key or value, and what is accepted.
    """
    p = Path(path)
    text = read_text(p, "height map")
    keys: dict[str, tuple[str, int]] = {}
    rows: list[list[float]] = []
    row_lines: list[int] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            m = _HEADER.match(line)
            if m:
                keys[re.sub(r"[\s_-]+", "_", m.group(1).strip().lower())] = (m.group(2), number)
            continue
        cells = [c for c in _SEPARATORS.split(line) if c]
        values = []
        for k, cell in enumerate(cells, start=1):
            try:
                v = float(cell)
            except ValueError:
                v = math.nan
            if not math.isfinite(v):
                raise InputError(
                    f"value {k} of the row is not a finite number",
                    file=p,
                    line=number,
                    value=cell,
                    accepted="finite numbers separated by commas, semicolons, tabs or spaces",
                )
            values.append(v)
        if rows and len(values) != len(rows[0]):
            raise InputError(
                f"the row has {len(values)} values, the first row (line {row_lines[0]}) {len(rows[0])}",
                file=p,
                line=number,
                accepted="the same number of values on every row",
            )
        rows.append(values)
        row_lines.append(number)
    if len(rows) < MIN_MAP_POINTS or len(rows[0]) < MIN_MAP_POINTS:
        shape = f"{len(rows)} rows of {len(rows[0]) if rows else 0} values"
        raise InputError(
            f"the height map holds {shape}", file=p, accepted=f"at least {MIN_MAP_POINTS} rows and columns"
        )
    unit_key = "units" if "units" in keys else "value_units" if "value_units" in keys else None
    if unit_key is None:
        raise InputError(
            "the header gives no unit of the heights", file=p, key="units", accepted="a line '# units: um' (any length)"
        )
    unit_text, unit_line = keys[unit_key]
    scale = _length(f"1 {unit_text}", unit_key, p, unit_line)
    heights = np.array(rows).T * scale  # (nx, ny): columns are x, rows are y
    nx, ny = heights.shape
    spacing = {}
    for axis, count, own, extent in (
        ("x", nx, ("spacing_x", "x_spacing"), "width"),
        ("y", ny, ("spacing_y", "y_spacing"), "height"),
    ):
        for key in (*own, "spacing"):
            if key in keys:
                spacing[axis] = _length(keys[key][0], key, p, keys[key][1])
                break
        else:
            if extent in keys:
                spacing[axis] = _length(keys[extent][0], extent, p, keys[extent][1]) / count
        if axis not in spacing:
            raise InputError(
                f"the header gives no spacing in {axis}", file=p, key="spacing", accepted=f"keys {_ACCEPTED_KEYS}"
            )
        if not spacing[axis] > 0:
            raise InputError(f"the spacing in {axis} must be positive", file=p, key="spacing", value=spacing[axis])
    bad = np.abs(heights) > MAX_HEIGHT_M
    if np.any(bad):
        i, j = np.argwhere(bad)[0]
        raise InputError(
            "height out of range",
            file=p,
            line=row_lines[j],
            value=rows[j][i],
            accepted=f"heights within ±1 mm (in {unit_text})",
        )
    return height_map_surface(heights, spacing["x"], spacing["y"], blend=blend)
