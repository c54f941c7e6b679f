"""Reading DMA data: frequency sweeps at several temperatures, or one temperature sweep.

Accepted layouts (units are always read from the header):

* **pyvisco layout** — two header rows, names then units, e.g.::

      f,E_stor,E_loss,T,Set
      Hz,MPa,MPa,C,-

  (``G_stor``/``G_loss`` for shear; ``omega`` in rad/s instead of ``f``; ``tan_del`` instead of a
  loss modulus; ``Set`` is optional and ignored).
* **one header row** with units in brackets: ``f [Hz], T [degC], E' [MPa], E'' [MPa]`` (also
  ``tan_delta [-]``, ``G'``/``G''``, ``storage``/``loss``, ``frequency``, ``temperature``, ``omega``).

A file whose rows all share one frequency is a single-frequency temperature sweep.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

import numpy as np

from ..errors import InputError
from ..tables import Column, Table, read_table
from ..units import parse_quantity

__all__ = ["MAX_MODULUS", "MAX_TAN_DELTA", "TERMINAL_FRACTION", "DMAData", "Isotherm", "read_dma"]

# canonical column → accepted header names (case-insensitive)
_ALIASES: dict[str, tuple[str, ...]] = {
    "f": ("f", "freq", "frequency"),
    "omega": ("omega", "w", "angular_frequency"),
    "T": ("t", "temp", "temperature"),
    "E_stor": ("e_stor", "e'", "e_storage", "storage", "e_prime", "estor"),
    "E_loss": ("e_loss", "e''", 'e"', "loss", "e_double_prime", "eloss"),
    "G_stor": ("g_stor", "g'", "g_storage", "g_prime"),
    "G_loss": ("g_loss", "g''", 'g"', "g_double_prime"),
    "tan_del": ("tan_del", "tan_delta", "tand", "tan d", "tandelta", "tan δ"),
    "Set": ("set",),
}
_T_PLAUSIBLE = (123.15, 773.15)  # K: −150 … 500 °C, the range of polymer DMA
MAX_MODULUS = 1e12  # Pa: |E*| of the stiffest solid (diamond, ≈ 1.1e12 Pa); above it a unit mistake
MAX_TAN_DELTA = 1e3  # phase angle 89.94°: beyond a DMA's phase resolution outside terminal flow
TERMINAL_FRACTION = 1e-6  # E′/max |E*| below which a sample flows and tan δ = 1/(ωτ) may be large


@dataclass(frozen=True)
class Isotherm:
    """One frequency sweep: temperature (K), frequency (Hz, increasing), E′ and E″ (Pa)."""

    temperature: float
    frequency: np.ndarray
    storage: np.ndarray
    loss: np.ndarray


@dataclass(frozen=True)
class DMAData:
    """Validated DMA data in SI units.

    Attributes:
        modulus: ``"E"`` (tension/bending) or ``"G"`` (shear).
        kind: ``"frequency_sweeps"`` or ``"temperature_sweep"``.
        frequency, temperature, storage, loss: Per data point (Hz, K, Pa, Pa).
        path: The file read.
    """

    modulus: Literal["E", "G"]
    kind: Literal["frequency_sweeps", "temperature_sweep"]
    frequency: np.ndarray
    temperature: np.ndarray
    storage: np.ndarray
    loss: np.ndarray
    path: Path

    def isotherms(self) -> list[Isotherm]:
        """The frequency sweeps, sorted by temperature, each with increasing frequency."""
        out = []
        for T in np.unique(self.temperature):
            m = self.temperature == T
            o = np.argsort(self.frequency[m])
            out.append(Isotherm(float(T), self.frequency[m][o], self.storage[m][o], self.loss[m][o]))
        return out

    @property
    def n_points(self) -> int:
        return int(self.frequency.size)


def _canonical(name: str) -> str | None:
    n = name.strip().lower().replace("δ", "delta")
    for canon, names in _ALIASES.items():
        if n in names:
            return canon
    return None


def _unit_kind(canon: str) -> str:
    return {
        "f": "frequency",
        "omega": "frequency",
        "T": "temperature",
        "tan_del": "dimensionless",
        "Set": "dimensionless",
    }.get(canon, "modulus")


def _scale(unit: str, canon: str, path: Path, col: str) -> tuple[float, float]:
    """(factor, offset) turning a value in ``unit`` into SI."""
    u = unit.strip()
    if canon in ("tan_del", "Set"):
        if u not in ("", "-", "1"):
            raise InputError("this column is dimensionless", file=path, column=col, value=unit, accepted="'-' or empty")
        return 1.0, 0.0
    if canon == "T":
        if u.upper() in ("C", "°C", "DEGC", "DEG C", "CELSIUS"):
            return 1.0, 273.15
        if u.upper() in ("K", "KELVIN"):
            return 1.0, 0.0
        if u.upper() in ("F", "°F", "DEGF"):
            return 5.0 / 9.0, 273.15 - 32 * 5.0 / 9.0
        raise InputError("unknown temperature unit", file=path, column=col, value=unit, accepted="C, °C, degC, K, F")
    # pint treats the radian as dimensionless (1 rad/s = 1 Hz): convert angular frequency explicitly
    compact = u.replace(" ", "").lower()
    if canon in ("f", "omega") and ("rad" in compact or (canon == "omega" and compact in ("1/s", "s^-1"))):
        if compact not in ("rad/s", "1/s", "s^-1"):
            raise InputError("unknown angular frequency unit", file=path, column=col, value=unit, accepted="rad/s")
        return 1.0 / (2 * math.pi), 0.0
    kind = _unit_kind(canon)
    try:
        return parse_quantity(f"1 {u}", kind, key=col, file=str(path)), 0.0
    except InputError as exc:
        raise InputError(f"wrong unit for {canon}", file=path, column=col, value=unit, accepted=exc.accepted) from None


def _rows(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:5])
    return f"line{'s' if len(lines) > 1 else ''} {shown}" + (f" and {len(lines) - 5} more" if len(lines) > 5 else "")


def _check_moduli(table: Table, E1: np.ndarray, E2: np.ndarray, stor: Column, loss: Column) -> None:
    """E′ and E″ inside what a DMA can measure (the rows outside are named)."""
    lines = np.asarray(table.lines)
    bad = np.flatnonzero(E1 <= 0)
    if bad.size:
        raise table.error(
            f"storage modulus must be positive ({_rows(lines[bad].tolist())})",
            row=int(bad[0]),
            column=stor,
            value=table.cells[bad[0]][stor.index],
            accepted="E′ > 0",
        )
    bad = np.flatnonzero(E2 < 0)
    if bad.size:
        raise table.error(
            f"loss modulus / tan δ must not be negative ({_rows(lines[bad].tolist())})",
            row=int(bad[0]),
            column=loss,
            value=table.cells[bad[0]][loss.index],
            accepted="E″ ≥ 0",
        )
    # a phase angle within 0.06° of 90° is beyond a DMA's resolution, except where the sample flows
    # (terminal zone: tan δ = 1/(ω τ) with E′ many decades below the glassy modulus)
    magnitude = np.hypot(E1, E2)
    tan = E2 / E1
    flowing = E1 <= TERMINAL_FRACTION * magnitude.max()
    bad = np.flatnonzero((tan > MAX_TAN_DELTA) & ~flowing)
    if bad.size:
        i = int(bad[0])
        raise table.error(
            f"tan δ = E″/E′ = {tan[i]:.4g} where E′ = {E1[i]:.3g} Pa ({_rows(lines[bad].tolist())}): a DMA measures "
            f"tan δ above {MAX_TAN_DELTA:g} only in terminal flow, with E′ below {TERMINAL_FRACTION:g} of the "
            f"largest modulus ({magnitude.max():.3g} Pa); are the loss and storage columns swapped or scaled?",
            row=i,
            column=loss,
            value=table.cells[i][loss.index],
            accepted=f"tan δ ≤ {MAX_TAN_DELTA:g} outside terminal flow",
        )
    bad = np.flatnonzero(magnitude > MAX_MODULUS)
    if bad.size:
        i = int(bad[0])
        raise table.error(
            f"|E*| = {magnitude[i]:.3g} Pa, stiffer than any solid (E′ = {E1[i]:.3g} Pa, E″ = {E2[i]:.3g} Pa; "
            f"{_rows(lines[bad].tolist())}): is the modulus unit right?",
            row=i,
            column=stor,
            accepted=f"|E*| ≤ {MAX_MODULUS:.0e} Pa",
        )


def read_dma(path: str | Path) -> DMAData:
    """Read and validate a DMA file (layouts in the module docstring; comma- or semicolon-separated,
    see :mod:`thermobond.tables`).

    Raises:
        InputError: Missing or unknown columns, non-numeric cells, NaN or infinite values,
            non-positive storage or negative loss moduli, moduli or tan δ no DMA can measure,
            implausible temperatures (°C/K confusion), a single isotherm of a frequency-sweep file,
            non-monotonic frequencies inside an isotherm. The lines and columns are named.
    """
    p = Path(path)
    table = read_table(p, "DMA file", units_row=None, min_rows=2)
    cols: dict[str, Column] = {}
    for c in table.columns:
        canon = _canonical(c.name)
        if canon is None:
            raise table.error(
                f"unknown column '{c.header}' (read as {table.layout})",
                accepted="f or omega, T, E_stor/E' and E_loss/E'' (or tan_del), G_stor/G_loss, Set",
            )
        if canon in cols:
            raise table.error(f"two columns mean the same: '{cols[canon].header}' and '{c.header}'")
        cols[canon] = c
    modulus = "G" if ("G_stor" in cols or "G_loss" in cols) else "E"
    stor, loss = f"{modulus}_stor", f"{modulus}_loss"
    heads = f"(read as {table.layout}: {table.headers})"
    for name in ("T", stor):
        if name not in cols:
            raise table.error(
                f"no column '{name}' {heads}", accepted=f"columns f (or omega), T, {stor}, {loss} or tan_del"
            )
    if "f" not in cols and "omega" not in cols:
        raise table.error(f"no frequency column {heads}", accepted="a frequency column 'f [Hz]' or 'omega [rad/s]'")
    if loss not in cols and "tan_del" not in cols:
        raise table.error(f"no column '{loss}' {heads}", accepted=f"{loss} or tan_del")
    for canon, c in cols.items():
        if canon not in ("Set", "tan_del") and not c.unit:
            raise table.error(
                "this column needs a unit", column=c, accepted="e.g. 'E' [MPa]' in the header, or a units row"
            )

    fcol = "f" if "f" in cols else "omega"
    data: dict[str, np.ndarray] = {}
    for canon in (fcol, "T", stor, loss, "tan_del"):
        if canon in cols:
            c = cols[canon]
            a, b = _scale(c.unit or "", canon, p, c.header)
            data[canon] = a * table.numbers(c) + b
    f = data[fcol]
    T = data["T"]
    E1 = data[stor]
    E2 = data[loss] if loss in data else data["tan_del"] * E1
    lines = table.lines
    if np.any(f <= 0):
        i = int(np.argmax(f <= 0))
        raise table.error(
            "frequency must be positive", row=i, column=cols[fcol], value=table.cells[i][cols[fcol].index]
        )
    _check_moduli(table, E1, E2, cols[stor], cols[loss] if loss in cols else cols["tan_del"])
    lo, hi = T.min(), T.max()
    if lo < _T_PLAUSIBLE[0] or hi > _T_PLAUSIBLE[1]:
        c = cols["T"]
        unit = c.unit or ""
        hint = (
            "the values look like kelvin but the unit says °C"
            if unit.upper() in ("C", "°C", "DEGC") and hi > 773.15
            else "the values look like °C but the unit says K"
            if lo < 123.15
            else "check the unit"
        )
        i = int(np.argmax((T < _T_PLAUSIBLE[0]) | (T > _T_PLAUSIBLE[1])))
        raise table.error(
            f"temperatures {lo - 273.15:.1f} … {hi - 273.15:.1f} °C are outside polymer DMA range ({hint})",
            row=i,
            column=c,
            value=table.cells[i][c.index],
            accepted="−150 … 500 °C",
        )

    kind: Literal["frequency_sweeps", "temperature_sweep"]
    Tc = cols["T"]
    if np.unique(np.round(f, 12)).size == 1:
        kind = "temperature_sweep"
        if np.unique(T).size < 5:
            raise table.error("a temperature sweep needs at least five temperatures", column=Tc)
    else:
        kind = "frequency_sweeps"
        temps = np.unique(T)
        if temps.size < 2:
            raise table.error(
                "only one isotherm: shift factors need frequency sweeps at two or more temperatures",
                column=Tc,
                value=f"{temps[0] - 273.15:.1f} °C",
            )
        # rows of one isotherm must be contiguous and their frequencies monotonic
        change = np.flatnonzero(np.diff(T) != 0) + 1
        starts = np.concatenate([[0], change])
        seen: set[float] = set()
        for s, e in zip(starts, np.concatenate([change, [T.size]]), strict=True):
            t = float(T[s])
            if t in seen:
                raise table.error(
                    f"the isotherm at {t - 273.15:.2f} °C is split; group rows by temperature", row=int(s), column=Tc
                )
            seen.add(t)
            d = np.diff(f[s:e])
            if not (np.all(d > 0) or np.all(d < 0)):
                raise table.error(
                    f"lines {lines[s]}–{lines[e - 1]}: frequencies of the isotherm at "
                    f"{t - 273.15:.2f} °C are not sorted (and not unique)",
                    column=cols[fcol],
                )
    return DMAData(cast(Literal["E", "G"], modulus), kind, f, T, E1, E2, p)
