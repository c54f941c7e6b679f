"""Superseded: the E′ claim over a fixed window [Tg, Tg + 150 K], as thermobond decided it before the
window ended at the valid range of the material description.

Kept only while ``thermobond.claims`` still calls it; use
:func:`thermobond.materials.claims.claim_minimum_storage_modulus`.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy.optimize import brentq

from .claims import THRESHOLD, storage_modulus, tan_delta_peak
from .material import Viscoelasticity

__all__ = ["ModulusClaim", "check_minimum_storage_modulus"]


@dataclass(frozen=True)
class ModulusClaim:
    """Outcome of the E′ claim check (temperatures in °C in :meth:`as_dict`)."""

    passes: bool
    minimum_storage_modulus_Pa: float
    temperature_of_minimum: float
    first_crossing_temperature: float | None
    glass_transition: float
    glass_transition_source: str
    frequency_Hz: float
    threshold_Pa: float
    window: tuple[float, float]

    @property
    def margin_decades(self) -> float:
        """log10(threshold / minimum): positive when the claim is met."""
        return math.log10(self.threshold_Pa / self.minimum_storage_modulus_Pa)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("temperature_of_minimum", "first_crossing_temperature", "glass_transition"):
            d[k + "_degC"] = None if d[k] is None else d[k] - 273.15
            del d[k]
        d["window_degC"] = [self.window[0] - 273.15, self.window[1] - 273.15]
        del d["window"]
        d["margin_decades"] = self.margin_decades
        d["claim"] = "seed 000 claim 1: minimum E′ at T ≥ Tg of the thermoplastic layer ≤ 1e6 Pa"
        d["verdict"] = "pass" if self.passes else "fail"
        return d

    def describe(self) -> str:
        c = lambda k: k - 273.15  # noqa: E731
        cross = (
            f"first below {self.threshold_Pa:.0e} Pa at {c(self.first_crossing_temperature):.1f} °C"
            if self.first_crossing_temperature is not None
            else f"never below {self.threshold_Pa:.0e} Pa"
        )
        return (
            f"{'PASS' if self.passes else 'FAIL'}: min E′({self.frequency_Hz:g} Hz) over "
            f"{c(self.window[0]):.1f}–{c(self.window[1]):.1f} °C is {self.minimum_storage_modulus_Pa:.3g} Pa at "
            f"{c(self.temperature_of_minimum):.1f} °C ({cross}); Tg = {c(self.glass_transition):.1f} °C "
            f"({self.glass_transition_source}); margin {self.margin_decades:+.2f} decades"
        )


def check_minimum_storage_modulus(
    visco: Viscoelasticity,
    glass_transition: float | None = None,
    *,
    frequency: float = 1.0,
    t_max: float | None = None,
    threshold: float = THRESHOLD,
    tg_source: str = "card",
) -> ModulusClaim:
    """Check min E′(T ≥ Tg) ≤ threshold.

    Args:
        visco: The TPI's viscoelastic data.
        glass_transition: Tg (K); None uses the α tan δ peak at ``frequency``.
        tg_source: Where a given Tg comes from, for the report.
        frequency: DMA frequency (Hz).
        t_max: Upper end of the window (K); default Tg + 150 K.
        threshold: The claim's bound (Pa).
    """
    if glass_transition is None:
        Tg, src = tan_delta_peak(visco, frequency), f"tan δ peak at {frequency:g} Hz"
    else:
        Tg, src = float(glass_transition), tg_source
    top = Tg + 150.0 if t_max is None else float(t_max)
    if top <= Tg:
        raise ValueError("the upper temperature of the claim window must exceed Tg")
    T = np.linspace(Tg, top, max(200, int((top - Tg) / 0.25) + 1))
    E = storage_modulus(visco, T, frequency)
    k = int(np.argmin(E))
    below = np.flatnonzero(E <= threshold)
    cross = None
    if below.size:
        i = int(below[0])
        if i == 0:
            cross = float(T[0])
        else:
            f = lambda t: math.log(float(storage_modulus(visco, t, frequency)) / threshold)  # noqa: E731
            cross = float(brentq(f, T[i - 1], T[i], xtol=1e-6))
    return ModulusClaim(
        bool(E[k] <= threshold), float(E[k]), float(T[k]), cross, Tg, src, frequency, threshold, (Tg, top)
    )
