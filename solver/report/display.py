"""Output names in process units: what a value named by the output convention reads as on a page.

Files keep SI with temperatures in °C (:mod:`thermobond.results`); a report shows what a process
engineer reads off a press and a peel tester: °C, MPa, µm, min, N/cm. The unit is read from the
end of a name (``adhesion.peel_strength_N_per_m`` → N/cm, × 0.01), so every column of a collected
table and every summary value has one way to be shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["LABELS", "Display", "display", "fmt", "label"]


@dataclass(frozen=True)
class Display:
    """How a value of one output unit is shown: shown = value × scale + offset, in ``unit``."""

    scale: float
    offset: float
    unit: str

    def __call__(self, value: Any) -> Any:
        return np.asarray(value, dtype=float) * self.scale + self.offset if value is not None else None


# output unit suffix → process unit; the longest suffix that ends a name wins
_UNITS: dict[str, Display] = {
    "degC": Display(1.0, 0.0, "°C"),
    "K": Display(1.0, 0.0, "K"),
    "Pa": Display(1e-6, 0.0, "MPa"),
    "m": Display(1e6, 0.0, "µm"),
    "s": Display(1 / 60, 0.0, "min"),
    "K_per_s": Display(60.0, 0.0, "K/min"),
    "N_per_m": Display(0.01, 0.0, "N/cm"),
    "J_per_m2": Display(1.0, 0.0, "J/m²"),
    "1_per_m": Display(1.0, 0.0, "1/m"),
    "m2": Display(1e12, 0.0, "µm²"),
    "decades": Display(1.0, 0.0, "decades"),
    "m_per_s": Display(60.0, 0.0, "m/min"),
}
# names whose quantity reads better at another scale than the unit's default
_OVERRIDES: dict[str, Display] = {
    "stack.sheet.edge_lift_m": Display(1e3, 0.0, "mm"),
    "stack.sheet.edge_lift_max_m": Display(1e3, 0.0, "mm"),
    "stack.curl_radius_m": Display(1e3, 0.0, "mm"),
    "mesh.width_m": Display(1e3, 0.0, "mm"),
}
_NONE = Display(1.0, 0.0, "")

#: Words for the values a report shows most (without the unit, which :func:`display` gives).
LABELS: dict[str, str] = {
    "adhesion.peel_strength_N_per_m": "predicted peel strength",
    "adhesion.claim_peel_strength_N_per_m": "peel strength at the claim's 15 µm conductor",
    "interface.bonded_fraction_final": "bonded fraction of the surface",
    "adhesion.effective_toughness_J_per_m2": "effective interface toughness",
    "adhesion.bond_degree_mean": "mean bond degree",
    "interface.time_to_90pct_bonded_s": "time to 90 % bonded",
    "interface.void_fraction_final": "void fraction",
    "stack.curvature_1_per_m": "residual curvature",
    "stack.sheet.edge_lift_m": "edge lift of the sheet on a table",
    "stack.edge_interface_shear_Pa": "interface shear near the edge",
    "stack.edge_interface_normal_Pa": "interface normal stress near the edge",
    "stack.max_equivalent_plastic_strain": "max equivalent plastic strain in the metal",
}


def display(name: str) -> Display:
    """How the value of an output name is shown (scale, offset and unit)."""
    if name in _OVERRIDES:
        return _OVERRIDES[name]
    last = name.rsplit(".", 1)[-1]
    best = ""
    for suffix in _UNITS:
        if last.endswith("_" + suffix) and len(suffix) > len(best):
            best = suffix
    return _UNITS[best] if best else _NONE


def label(name: str) -> str:
    """Words and unit for an output name: ``predicted peel strength (N/cm)``."""
    unit = display(name).unit
    words = LABELS.get(name) or name
    return f"{words} ({unit})" if unit else f"{words} (–)"


def fmt(value: Any, digits: int = 3) -> str:
    """A number for a table: ``digits`` significant figures, ``–`` for a missing one."""
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float, np.floating, np.integer)):
        return f"{float(value):.{digits}g}"
    return str(value)
