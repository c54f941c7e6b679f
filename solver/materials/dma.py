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

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

import numpy as np

from ..errors import InputError
from ..units import parse_quantity

__all__ = ["DMAData", "Isotherm", "read_dma"]

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


def _split_unit(header: str) -> tuple[str, str | None]:
    m = re.match(r"^\s*(.*?)\s*[\[(]\s*(.*?)\s*[\])]\s*$", header)
    if m:
        return m.group(1), m.group(2)
    return header.strip(), None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


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
            raise InputError("this column is dimensionless", file=path, key=col, value=unit, accepted="'-' or empty")
        return 1.0, 0.0
    if canon == "T":
        if u.upper() in ("C", "°C", "DEGC", "DEG C", "CELSIUS"):
            return 1.0, 273.15
        if u.upper() in ("K", "KELVIN"):
            return 1.0, 0.0
        if u.upper() in ("F", "°F", "DEGF"):
            return 5.0 / 9.0, 273.15 - 32 * 5.0 / 9.0
        raise InputError("unknown temperature unit", file=path, key=col, value=unit, accepted="C, °C, degC, K, F")
    # pint treats the radian as dimensionless (1 rad/s = 1 Hz): convert angular frequency explicitly
    compact = u.replace(" ", "").lower()
    if canon in ("f", "omega") and ("rad" in compact or (canon == "omega" and compact in ("1/s", "s^-1"))):
        if compact not in ("rad/s", "1/s", "s^-1"):
            raise InputError("unknown angular frequency unit", file=path, key=col, value=unit, accepted="rad/s")
        return 1.0 / (2 * math.pi), 0.0
    kind = _unit_kind(canon)
    try:
        return parse_quantity(f"1 {u}", kind, key=col, file=str(path)), 0.0
    except InputError as exc:
        raise InputError(f"wrong unit for {canon}", file=path, key=col, value=unit, accepted=exc.accepted) from None


def read_dma(path: str | Path) -> DMAData:
    """Read and validate a DMA file (layouts in the module docstring).

    Raises:
        InputError: Missing or unknown columns, non-numeric cells, NaNs, non-positive storage or
            negative loss moduli, implausible temperatures (°C/K confusion), a single isotherm of a
            frequency-sweep file, non-monotonic frequencies inside an isotherm.
    """
    p = Path(path)
    try:
        text = p.read_text()
    except OSError as exc:
        raise InputError(f"cannot read DMA file: {exc}", file=p) from None
    numbered = [
        (i + 1, r)
        for i, r in enumerate(csv.reader(text.splitlines()))
        if r and any(c.strip() for c in r) and not r[0].lstrip().startswith("#")
    ]
    if len(numbered) < 3:
        raise InputError("a DMA file needs a header and at least two data rows", file=p)
    rows = [r for _, r in numbered]
    header = [h.strip() for h in rows[0]]
    if not all(_is_number(c) for c in rows[1] if c.strip()):
        units = [u.strip() for u in rows[1]]  # pyvisco: a second header row with units
        body, lines = rows[2:], [n for n, _ in numbered[2:]]
        names = header
    else:
        names, units = [], []
        for h in header:
            n, u = _split_unit(h)
            names.append(n)
            units.append(u if u is not None else "")
        body, lines = rows[1:], [n for n, _ in numbered[1:]]
    cols: dict[str, int] = {}
    for j, n in enumerate(names):
        canon = _canonical(n)
        if canon is None:
            raise InputError(
                "unknown column",
                file=p,
                key=n,
                accepted="f or omega, T, E_stor/E' and E_loss/E'' (or tan_del), G_stor/G_loss, Set",
            )
        if canon in cols:
            raise InputError("duplicate column", file=p, key=n)
        cols[canon] = j
    modulus = "G" if ("G_stor" in cols or "G_loss" in cols) else "E"
    stor, loss = f"{modulus}_stor", f"{modulus}_loss"
    need = ["T", stor]
    for c in need:
        if c not in cols:
            raise InputError(
                "missing column", file=p, key=c, accepted=f"columns f (or omega), T, {stor}, {loss} or tan_del"
            )
    if "f" not in cols and "omega" not in cols:
        raise InputError("missing column", file=p, key="f", accepted="a frequency column 'f [Hz]' or 'omega [rad/s]'")
    if loss not in cols and "tan_del" not in cols:
        raise InputError("missing column", file=p, key=loss, accepted=f"{loss} or tan_del")
    for canon, j in cols.items():
        if canon != "Set" and (j >= len(units) or (not units[j] and canon not in ("tan_del",))):
            raise InputError("column needs a unit", file=p, key=names[j], accepted="e.g. 'E' [MPa]' or a units row")

    fcol = "f" if "f" in cols else "omega"
    data: dict[str, np.ndarray] = {}
    for canon in (fcol, "T", stor, loss, "tan_del"):
        if canon not in cols:
            continue
        j = cols[canon]
        a, b = _scale(units[j], canon, p, names[j])
        vals = []
        for i, r in enumerate(body):
            cell = r[j].strip() if j < len(r) else ""
            try:
                v = float(cell)
            except ValueError:
                raise InputError(f"line {lines[i]}: not a number", file=p, key=names[j], value=cell) from None
            if not math.isfinite(v):
                raise InputError(f"line {lines[i]}: NaN or infinite value", file=p, key=names[j], value=cell)
            vals.append(v * a + b)
        data[canon] = np.array(vals)
    f = data[fcol]
    T = data["T"]
    E1 = data[stor]
    E2 = data[loss] if loss in data else data["tan_del"] * E1
    if np.any(f <= 0):
        i = int(np.argmax(f <= 0))
        raise InputError(f"line {lines[i]}: frequency must be positive", file=p, key=names[cols[fcol]], value=f[i])
    if np.any(E1 <= 0):
        i = int(np.argmax(E1 <= 0))
        raise InputError(
            f"line {lines[i]}: storage modulus must be positive",
            file=p,
            key=names[cols[stor]],
            value=body[i][cols[stor]],
        )
    if np.any(E2 < 0):
        i = int(np.argmax(E2 < 0))
        key = names[cols[loss]] if loss in cols else names[cols["tan_del"]]
        raise InputError(f"line {lines[i]}: loss modulus / tan δ must not be negative", file=p, key=key)
    lo, hi = T.min(), T.max()
    if lo < _T_PLAUSIBLE[0] or hi > _T_PLAUSIBLE[1]:
        j = cols["T"]
        hint = (
            "the values look like kelvin but the unit says °C"
            if units[j].upper() in ("C", "°C", "DEGC") and hi > 773.15
            else "the values look like °C but the unit says K"
            if lo < 123.15
            else "check the unit"
        )
        raise InputError(
            f"temperatures {lo - 273.15:.1f} … {hi - 273.15:.1f} °C are outside polymer DMA range ({hint})",
            file=p,
            key=names[j],
            value=units[j],
            accepted="−150 … 500 °C",
        )

    kind: Literal["frequency_sweeps", "temperature_sweep"]
    if np.unique(np.round(f, 12)).size == 1:
        kind = "temperature_sweep"
        if np.unique(T).size < 5:
            raise InputError("a temperature sweep needs at least five temperatures", file=p, key=names[cols["T"]])
    else:
        kind = "frequency_sweeps"
        temps = np.unique(T)
        if temps.size < 2:
            raise InputError(
                "only one isotherm: shift factors need frequency sweeps at two or more temperatures",
                file=p,
                key=names[cols["T"]],
                value=f"{temps[0] - 273.15:.1f} °C",
            )
        # rows of one isotherm must be contiguous and their frequencies monotonic
        change = np.flatnonzero(np.diff(T) != 0) + 1
        starts = np.concatenate([[0], change])
        seen: set[float] = set()
        for s, e in zip(starts, np.concatenate([change, [T.size]]), strict=True):
            t = float(T[s])
            if t in seen:
                raise InputError(
                    f"line {lines[s]}: the isotherm at {t - 273.15:.2f} °C is split; group rows by temperature",
                    file=p,
                    key=names[cols["T"]],
                )
            seen.add(t)
            d = np.diff(f[s:e])
            if not (np.all(d > 0) or np.all(d < 0)):
                raise InputError(
                    f"lines {lines[s]}–{lines[e - 1]}: frequencies of the isotherm at "
                    f"{t - 273.15:.2f} °C are not sorted (and not unique)",
                    file=p,
                    key=names[cols[fcol]],
                )
    return DMAData(cast(Literal["E", "G"], modulus), kind, f, T, E1, E2, p)
