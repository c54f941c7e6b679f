"""Claim check of seed 000 claim 1 (and 6, 11): minimum E′ at T ≥ Tg of the TPI ≤ 1×10⁶ Pa.

The claim gives no DMA frequency; 1 Hz (tension) is assumed (an estimate, docs/theory/claims.md). Above its
flow point a TPI melt has no lower bound of E′ but the end of the measurable range, so the
minimum is reported over a window [Tg, T_max] (default Tg + 150 K)
together with the temperature where E′ first drops below the threshold.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy.optimize import brentq
from scipy.signal import find_peaks

from .material import Viscoelasticity

__all__ = ["ModulusClaim", "check_minimum_storage_modulus", "storage_modulus", "tan_delta_peak"]

THRESHOLD = 1e6  # Pa, [R1] claim 1


def storage_modulus(visco: Viscoelasticity, T: Any, frequency: float = 1.0) -> np.ndarray:
    """Tensile E′ (Pa) at temperature(s) T (K) and frequency (Hz).

    A shear series is converted with the card's constant bulk modulus, E* = 9KG*/(3K + G*).
    """
    aT = 10.0 ** np.asarray(visco.shift.log10_aT(np.asarray(T, dtype=float)))
    w = 2 * math.pi * frequency
    if visco.given.form == "tensile":
        return visco.given.storage(w, aT)
    G = visco.given.complex_modulus(w, aT)
    K = visco.bulk_modulus
    return np.real(9 * K * G / (3 * K + G))


def _tan_delta(visco: Viscoelasticity, T: np.ndarray, frequency: float) -> np.ndarray:
    aT = 10.0 ** np.asarray(visco.shift.log10_aT(T))
    return visco.given.tan_delta(2 * math.pi * frequency, aT)


def tan_delta_peak(visco: Viscoelasticity, frequency: float = 1.0, window: tuple[float, float] | None = None) -> float:
    """Temperature (K) of the α peak of tan δ: the first local maximum above the glass.

    A melt's tan δ also grows without bound in the terminal zone; that rise is not a peak.
    """
    Tr = visco.shift.reference_temperature
    lo, hi = window or (Tr - 100.0, Tr + 200.0)
    T = np.arange(lo, hi, 0.1)
    td = _tan_delta(visco, T, frequency)
    peaks, _ = find_peaks(np.log(td))
    if peaks.size == 0:
        raise ValueError("tan δ has no local maximum in the scanned window")
    return float(T[peaks[0]])


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
