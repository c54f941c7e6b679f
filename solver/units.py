"""Quantities with units at the input boundary; SI (K, Pa, m, s) everywhere inside.

Case files and cards write ``"12 um"``, ``"3 MPa"``, ``"360 degC"``, ``"5 K/min"``. A bare number is
accepted only for dimensionless values. Temperatures are absolute (°C, K, °F) when the expected
dimension is a temperature; inside compound units (``"5 degC/min"``, ``"17 ppm/degC"``) a °C means
a temperature difference.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Final

import pint

from .errors import InputError

__all__ = ["DIMENSIONS", "convention_value", "format_quantity", "parse_quantity", "to_celsius", "unit_suffix"]

ZERO_CELSIUS: Final = 273.15

# name → (pint dimensionality string, SI unit used internally, example shown in error messages)
DIMENSIONS: Final[dict[str, tuple[str, str, str]]] = {
    "length": ("[length]", "m", "'12 um'"),
    "time": ("[time]", "s", "'10 min'"),
    "temperature": ("[temperature]", "K", "'360 degC' or '633.15 K'"),
    "temperature_rate": ("[temperature] / [time]", "K/s", "'5 K/min'"),
    "temperature_difference": ("[temperature]", "K", "'30 K'"),
    "pressure": ("[pressure]", "Pa", "'3 MPa'"),
    "stress": ("[pressure]", "Pa", "'250 MPa'"),
    "modulus": ("[pressure]", "Pa", "'120 GPa'"),
    "expansion": ("1 / [temperature]", "1/K", "'17 ppm/K'"),
    "conductivity": ("[power] / [length] / [temperature]", "W/(m*K)", "'401 W/(m*K)'"),
    "conductance": ("[power] / [area] / [temperature]", "W/(m^2*K)", "'1e4 W/(m^2*K)'"),
    "density": ("[mass] / [volume]", "kg/m^3", "'8930 kg/m^3'"),
    "specific_heat": ("[energy] / [mass] / [temperature]", "J/(kg*K)", "'390 J/(kg*K)'"),
    "viscosity": ("[pressure] * [time]", "Pa*s", "'1e4 Pa*s'"),
    "energy_release_rate": ("[energy] / [area]", "J/m^2", "'500 J/m^2'"),
    "force_per_length": ("[force] / [length]", "N/m", "'5 N/cm'"),
    "frequency": ("1 / [time]", "Hz", "'1 Hz'"),
    "energy_per_mole": ("[energy] / [substance]", "J/mol", "'250 kJ/mol'"),
    "velocity": ("[length] / [time]", "m/s", "'1.5 m/min'"),
    "dimensionless": ("", "1", "0.33"),
}

_BARE_NUMBER = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$")
_OFFSET = re.compile(r"(?<![A-Za-z_])(deg_?C|degC|°C|celsius|degF|°F|fahrenheit)(?![A-Za-z_])")


@functools.cache
def _registry() -> pint.UnitRegistry:
    reg = pint.UnitRegistry()
    return reg


def _as_delta(text: str) -> str:
    return _OFFSET.sub(lambda m: "delta_degF" if "F" in m.group(1) or "fahr" in m.group(1) else "delta_degC", text)


def parse_quantity(value: object, kind: str, *, key: str | None = None, file: str | None = None) -> float:
    """Parse a value written with units and return it in SI as a float.

    Args:
        value: A string such as ``"12 um"``, or a number (only for dimensionless kinds, or zero).
        kind: One of :data:`DIMENSIONS` (``"length"``, ``"temperature"``, ...).
        key: Dotted key of the value, for error messages.
        file: File the value came from, for error messages.

    Returns:
        The value in the SI unit of ``kind`` (temperatures in kelvin).

    Raises:
        InputError: Unparseable text, a missing unit, or a unit of the wrong dimension.
    """
    dim, si, example = DIMENSIONS[kind]
    if isinstance(value, bool):
        raise InputError("expected a quantity, not a boolean", file=file, key=key, value=value, accepted=example)
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise InputError("not a finite number", file=file, key=key, value=value, accepted=example)
        if kind == "dimensionless" or (value == 0 and kind != "temperature"):
            return float(value)
        raise InputError("a unit is required", file=file, key=key, value=value, accepted=example)
    if not isinstance(value, str):
        raise InputError("expected a quantity written as text", file=file, key=key, value=value, accepted=example)
    text = value.strip().replace("µ", "u").replace("μ", "u")
    reg = _registry()
    if kind != "temperature":
        text = _as_delta(text)
    try:
        q = reg.Quantity(text)
    except Exception as exc:  # pint raises several unrelated types for bad text
        raise InputError(
            f"cannot read this quantity ({exc})", file=file, key=key, value=value, accepted=example
        ) from None
    if kind != "dimensionless" and _BARE_NUMBER.match(text) and q.magnitude != 0:
        raise InputError("a unit is required", file=file, key=key, value=value, accepted=example)
    if kind == "dimensionless":
        if not q.dimensionless:
            raise InputError("expected a dimensionless number", file=file, key=key, value=value, accepted=example)
        out = float(q.to("dimensionless").magnitude)
    elif not q.check(dim) and not (kind == "temperature_difference" and q.check("[temperature]")):
        raise InputError(
            f"wrong unit: expected {'an' if kind[0] in 'aeiou' else 'a'} {kind.replace('_', ' ')}",
            file=file,
            key=key,
            value=value,
            accepted=example,
        )
    elif kind == "temperature":
        out = float(q.to("K").magnitude)
    else:
        out = float(q.to(si.replace("^", "**")).magnitude)
    if not math.isfinite(out):
        raise InputError("not a finite number", file=file, key=key, value=value, accepted=example)
    return out


def to_celsius(kelvin: float) -> float:
    """Kelvin → degrees Celsius."""
    return kelvin - ZERO_CELSIUS


def format_quantity(value_si: float, kind: str) -> str:
    """Write an SI value back as a quantity string that :func:`parse_quantity` reads (round trip)."""
    if kind == "temperature":
        return f"{to_celsius(value_si):.12g} degC"
    if kind == "dimensionless":
        return f"{value_si:.12g}"
    si = DIMENSIONS[kind][1]
    return f"{value_si:.12g} {si}"


_SUFFIX = {
    "K/s": "K_per_s",
    "1/K": "1_per_K",
    "W/(m*K)": "W_per_m_K",
    "W/(m^2*K)": "W_per_m2_K",
    "kg/m^3": "kg_per_m3",
    "J/(kg*K)": "J_per_kg_K",
    "Pa*s": "Pa_s",
    "J/m^2": "J_per_m2",
    "N/m": "N_per_m",
    "J/mol": "J_per_mol",
    "m/s": "m_per_s",
    "1": "",
}


def unit_suffix(kind: str) -> str:
    """The unit a value of ``kind`` carries in output names (the naming convention of
    :mod:`thermobond.results`): SI, temperatures in ``degC``."""
    if kind == "temperature":
        return "degC"
    si = DIMENSIONS[kind][1]
    return _SUFFIX.get(si, si)


def convention_value(value: object, kind: str) -> float:
    """A quantity as written (``"320 degC"``) in the unit of :func:`unit_suffix` (320.0)."""
    si = parse_quantity(value, kind)
    return to_celsius(si) if kind == "temperature" else si
