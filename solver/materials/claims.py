"""The E′ claims of seed 000, decided on a viscoelastic model where the model is valid.

* Claim 1 (also 6, 11): the minimum of E′ at T ≥ Tg of the TPI is at most 1×10⁶ Pa
  (:func:`claim_minimum_storage_modulus`).
* Claim 12: bonding at the temperature where E′ of the TPI is minimal
  (:func:`claim_bonding_at_minimum`).

The claims give no DMA frequency; 1 Hz in tension is assumed (an estimate). A thermorheologically
simple melt has no minimum of E′(T): E′ falls monotonically with temperature as long as a_T does, so
the "minimum" over any window is its upper end. The window therefore ends where the material
description is valid, and every number beyond it is flagged as extrapolated:

* a fitted card: its DMA data range (``[viscoelastic] data_range``, the highest measured isotherm);
* a WLF (or hybrid WLF/Arrhenius) law: T_ref … T_ref + 50 K, the range IUPAC states for the WLF
  equation (IUPAC Gold Book, "Williams–Landel–Ferry equation");
* a tabulated law: its last temperature; a plain Arrhenius law states no range: T_ref + 50 K is
  assumed, as for WLF.

Verdict of claim 1: met (True) when E′ ≤ 1e6 Pa somewhere in [Tg, window end]; not met (False)
when no temperature at all brings the model's E′ that low (its high-temperature limit stays above);
undecided (None) otherwise — E′ may reach the threshold beyond the valid range (at the extrapolated
crossing, if the model reaches it), or the valid range ends below Tg.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import brentq
from scipy.signal import find_peaks

from .material import Viscoelasticity
from .shift import WLF, Arrhenius, HybridShift, ShiftLaw, TabulatedShift
from .transition import GlassTransition

__all__ = [
    "THRESHOLD",
    "BondingClaim",
    "StorageModulusClaim",
    "claim_bonding_at_minimum",
    "claim_minimum_storage_modulus",
    "storage_modulus",
    "valid_window_end",
]

THRESHOLD = 1e6  # Pa, seed 000 claim 1
WLF_VALIDITY = 50.0  # K above T_ref (IUPAC Gold Book, WLF equation)
FALLING = -1e-3  # decades/K: d log10 E′/dT below this at the window's end means "still falling"
REGION_FACTOR = 2.0  # the region of an E′ minimum: where E′ ≤ 2 × the minimum (an estimate)
_GRID_K = 0.1  # K, temperature scan
_BEYOND_K = 200.0  # K beyond the window searched for an extrapolated crossing
_T_LIMIT = 1e5  # K, "T → ∞" for the high-temperature limit of E′


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


def _law_validity_end(law: ShiftLaw) -> tuple[float, str]:
    Tr = law.reference_temperature
    if isinstance(law, (WLF, HybridShift)):
        return Tr + WLF_VALIDITY, "WLF validity T_ref … T_ref + 50 K (IUPAC)"
    if isinstance(law, TabulatedShift):
        return law.temperatures[-1], "end of the tabulated shift factors"
    if isinstance(law, Arrhenius):
        return Tr + WLF_VALIDITY, "Arrhenius law states no range; T_ref + 50 K assumed"
    return Tr + WLF_VALIDITY, "T_ref + 50 K assumed"


def valid_window_end(visco: Viscoelasticity) -> tuple[float, str]:
    """Highest temperature (K) where the description is valid, and where that limit comes from."""
    if visco.data_range is not None:
        return visco.data_range[1], "highest DMA isotherm of the fitted card"
    return _law_validity_end(visco.shift)


def _lowest_possible(visco: Viscoelasticity, Tg: float, frequency: float) -> float:
    """The lowest E′ (Pa) the model reaches at any T ≥ Tg.

    E′ of a Prony series rises with ω·a_T, so its floor is E′ at the smallest a_T: scanned from Tg
    to Tg + 1000 K in 1 K steps and at 10⁵ K (T → ∞; WLF and Arrhenius laws level off there).
    """
    T = np.append(np.arange(Tg, Tg + 1000.0, 1.0), _T_LIMIT)
    return float(storage_modulus(visco, T[int(np.argmin(np.asarray(visco.shift.log10_aT(T))))], frequency))


def _crossing(visco: Viscoelasticity, lo: float, hi: float, frequency: float, threshold: float) -> float | None:
    """First temperature in [lo, hi] (K) where E′ ≤ threshold, or None."""
    if hi <= lo:
        return None
    T = np.linspace(lo, hi, max(2, int((hi - lo) / _GRID_K) + 1))
    below = np.flatnonzero(storage_modulus(visco, T, frequency) <= threshold)
    if below.size == 0:
        return None
    i = int(below[0])
    if i == 0:
        return float(T[0])
    f = lambda t: math.log(float(storage_modulus(visco, t, frequency)) / threshold)  # noqa: E731
    return float(brentq(f, T[i - 1], T[i], xtol=1e-6))


@dataclass(frozen=True)
class StorageModulusClaim:
    """Seed 000 claim 1 decided on the evidence (temperatures in K, moduli in Pa).

    Attributes:
        verdict: True met, False not met, None undecided (see the module docstring).
        glass_transition: The Tg used, with its definition.
        frequency: DMA frequency (Hz).
        threshold: The claim's bound (Pa).
        window: [Tg, end of the valid range] (K).
        window_end_source: Where the end of the window comes from.
        minimum: Smallest E′ inside the window (Pa).
        minimum_temperature: Where it is (K).
        still_falling: E′ is still falling at the window's end (slope below ``FALLING``).
        end_slope: d log10 E′/dT at the window's end (decades/K).
        crossing_temperature: First temperature ≥ Tg with E′ ≤ threshold (K), inside the window or,
            flagged by ``crossing_extrapolated``, up to 200 K beyond it; None if none.
        crossing_extrapolated: The crossing lies beyond the valid range.
        floor: The lowest E′ the model reaches at any T ≥ Tg (Pa): its floor as
            T → ∞ for a monotonic shift law.
        reason: One sentence explaining the verdict.
    """

    verdict: bool | None
    glass_transition: GlassTransition
    frequency: float
    threshold: float
    window: tuple[float, float]
    window_end_source: str
    minimum: float | None
    minimum_temperature: float | None
    still_falling: bool
    end_slope: float | None
    crossing_temperature: float | None
    crossing_extrapolated: bool
    floor: float
    reason: str

    @property
    def margin_decades(self) -> float | None:
        """log10(threshold / minimum inside the window): positive when met."""
        return None if self.minimum is None else math.log10(self.threshold / self.minimum)

    def as_dict(self) -> dict[str, Any]:
        """Facts for JSON (°C, Pa)."""
        c = lambda t: None if t is None else t - 273.15  # noqa: E731
        return {
            "claim": "seed 000 claim 1: minimum E′ at T ≥ Tg of the thermoplastic layer ≤ 1e6 Pa",
            "verdict": {True: "pass", False: "fail", None: "undecided"}[self.verdict],
            "glass_transition_degC": self.glass_transition.celsius,
            "glass_transition_definition": self.glass_transition.definition,
            "frequency_Hz": self.frequency,
            "threshold_Pa": self.threshold,
            "window_degC": [c(self.window[0]), c(self.window[1])],
            "window_end_source": self.window_end_source,
            "minimum_in_window_Pa": self.minimum,
            "minimum_temperature_degC": c(self.minimum_temperature),
            "still_falling_at_window_end": self.still_falling,
            "end_slope_decades_per_K": self.end_slope,
            "crossing_temperature_degC": c(self.crossing_temperature),
            "crossing_extrapolated": self.crossing_extrapolated,
            "floor_Pa": self.floor,
            "margin_decades": self.margin_decades,
            "reason": self.reason,
        }

    def describe(self) -> str:
        head = {True: "PASS", False: "FAIL", None: "UNDECIDED"}[self.verdict]
        lo, hi = (t - 273.15 for t in self.window)
        parts = [f"{head}: {self.reason}", f"{self.glass_transition.describe()}"]
        parts.append(f"valid window {lo:.1f}–{hi:.1f} °C ({self.window_end_source})")
        if self.crossing_temperature is not None:
            flag = " (extrapolated beyond the valid range)" if self.crossing_extrapolated else ""
            parts.append(f"E′ ≤ {self.threshold:.0e} Pa from {self.crossing_temperature - 273.15:.1f} °C{flag}")
        return "; ".join(parts)


def claim_minimum_storage_modulus(
    visco: Viscoelasticity,
    glass_transition: GlassTransition,
    *,
    frequency: float = 1.0,
    threshold: float = THRESHOLD,
    window_end: tuple[float, str] | None = None,
) -> StorageModulusClaim:
    """Decide seed 000 claim 1 (min E′ at T ≥ Tg ≤ threshold) inside the model's valid range.

    Args:
        visco: The TPI's viscoelastic model.
        glass_transition: Tg with its definition (``thermobond.materials.transition``).
        frequency: DMA frequency (Hz).
        threshold: The claim's bound (Pa).
        window_end: (temperature in K, source) overriding :func:`valid_window_end`.
    """
    Tg = glass_transition.value
    end, source = window_end if window_end is not None else valid_window_end(visco)
    limit = _lowest_possible(visco, Tg, frequency)
    beyond = _crossing(visco, max(Tg, end), max(Tg, end) + _BEYOND_K, frequency, threshold)
    inside = _crossing(visco, Tg, end, frequency, threshold)
    E_min = T_min = slope = None
    verdict: bool | None = None
    if end <= Tg:
        reason = f"the description is valid only up to {end - 273.15:.1f} °C, not above Tg"
    else:
        T = np.linspace(Tg, end, max(2, int((end - Tg) / _GRID_K) + 1))
        E = storage_modulus(visco, T, frequency)
        k = int(np.argmin(E))
        E_min, T_min = float(E[k]), float(T[k])
        slope = float(np.log10(storage_modulus(visco, end, frequency) / storage_modulus(visco, end - 1.0, frequency)))
        if inside is not None:
            verdict, reason = True, f"E′ ≤ {threshold:.0e} Pa is reached inside the valid range"
        elif limit > threshold:
            verdict = False
            reason = f"E′ cannot fall below {threshold:.0e} Pa at any temperature (the model's floor is {limit:.3g} Pa)"
        else:
            reason = (
                f"E′ stays above {threshold:.0e} Pa inside the valid range (minimum {E_min:.3g} Pa at "
                f"{T_min - 273.15:.1f} °C; {'still falling' if slope < FALLING else 'not falling'} at the window's "
                "end); "
                + (
                    f"the model reaches it only by extrapolation, at {beyond - 273.15:.1f} °C"
                    if beyond is not None
                    else "the model does not reach it within 200 K beyond the valid range"
                )
            )
    falling = slope is not None and slope < FALLING
    cross = inside if inside is not None else beyond
    return StorageModulusClaim(
        verdict=verdict,
        glass_transition=glass_transition,
        frequency=frequency,
        threshold=threshold,
        window=(Tg, end),
        window_end_source=source,
        minimum=E_min,
        minimum_temperature=T_min,
        still_falling=falling,
        end_slope=slope,
        crossing_temperature=cross,
        crossing_extrapolated=inside is None and cross is not None,
        floor=limit,
        reason=reason,
    )


@dataclass(frozen=True)
class BondingClaim:
    """Seed 000 claim 12 (bonding where E′ of the TPI is minimal) on the model (K, Pa).

    Attributes:
        verdict: True when the model's E′(T) has an interior minimum in the valid window and the
            interface temperature lies in its region (E′ ≤ 2 × the minimum, an estimate); False when
            the minimum exists but the interface temperature lies outside; None (undecided) when the
            model has no interior minimum.
        interface_temperature: Interface temperature while pressed (K).
        storage_at_interface: E′ there (Pa).
        interface_extrapolated: That temperature lies outside the valid window.
        minimum_temperature, minimum, region: The interior minimum and its region, or None.
        crossing_temperature, crossing_extrapolated: Where E′ first reaches the 1e6 Pa threshold.
        window, window_end_source: As for claim 1.
        reason: One sentence explaining the verdict.
    """

    verdict: bool | None
    interface_temperature: float
    storage_at_interface: float
    interface_extrapolated: bool
    minimum_temperature: float | None
    minimum: float | None
    region: tuple[float, float] | None
    crossing_temperature: float | None
    crossing_extrapolated: bool
    window: tuple[float, float]
    window_end_source: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        c = lambda t: None if t is None else t - 273.15  # noqa: E731
        return {
            "claim": "seed 000 claim 12: thermocompression bonding where E′ of the TPI is minimal",
            "verdict": {True: "pass", False: "fail", None: "undecided"}[self.verdict],
            "interface_temperature_degC": c(self.interface_temperature),
            "storage_at_interface_Pa": self.storage_at_interface,
            "interface_extrapolated": self.interface_extrapolated,
            "minimum_temperature_degC": c(self.minimum_temperature),
            "minimum_Pa": self.minimum,
            "region_degC": None if self.region is None else [c(self.region[0]), c(self.region[1])],
            "crossing_temperature_degC": c(self.crossing_temperature),
            "crossing_extrapolated": self.crossing_extrapolated,
            "window_degC": [c(self.window[0]), c(self.window[1])],
            "window_end_source": self.window_end_source,
            "reason": self.reason,
        }


def claim_bonding_at_minimum(
    visco: Viscoelasticity,
    interface_temperature: float,
    glass_transition: GlassTransition,
    *,
    frequency: float = 1.0,
    threshold: float = THRESHOLD,
) -> BondingClaim:
    """Decide seed 000 claim 12 for bonding at ``interface_temperature`` (K, the TPI/metal interface
    while pressed, from the stack model).

    Args:
        visco: The TPI's viscoelastic model.
        interface_temperature: Interface temperature while pressed (K).
        glass_transition: Tg with its definition (the window starts there).
        frequency: DMA frequency (Hz).
        threshold: The claim-1 bound (Pa), for the reported crossing.
    """
    Tg = glass_transition.value
    end, source = valid_window_end(visco)
    Ti = float(interface_temperature)
    E_i = float(storage_modulus(visco, Ti, frequency))
    inside = _crossing(visco, Tg, end, frequency, threshold)
    cross = (
        inside if inside is not None else _crossing(visco, max(Tg, end), max(Tg, end) + _BEYOND_K, frequency, threshold)
    )
    minimum = _interior_minimum(visco, Tg, end, frequency)
    outside = not (Tg <= Ti <= end)
    flag = " (extrapolated: outside the valid window)" if outside else ""
    verdict: bool | None = None
    if minimum is None:
        reason = (
            f"E′({frequency:g} Hz) of the model has no interior minimum over the valid window (it falls as the "
            f"temperature rises), so no temperature is 'where E′ is minimal'; E′ at the interface temperature "
            f"{Ti - 273.15:.1f} °C is {E_i:.3g} Pa{flag}"
        )
    else:
        Tm, Em, (ra, rb) = minimum
        verdict = ra <= Ti <= rb
        reason = (
            f"E′ is minimal ({Em:.3g} Pa) at {Tm - 273.15:.1f} °C; the interface temperature {Ti - 273.15:.1f} °C "
            f"is {'inside' if verdict else 'outside'} its region {ra - 273.15:.1f}–{rb - 273.15:.1f} °C"
        )
    return BondingClaim(
        verdict=verdict,
        interface_temperature=Ti,
        storage_at_interface=E_i,
        interface_extrapolated=outside,
        minimum_temperature=None if minimum is None else minimum[0],
        minimum=None if minimum is None else minimum[1],
        region=None if minimum is None else minimum[2],
        crossing_temperature=cross,
        crossing_extrapolated=inside is None and cross is not None,
        window=(Tg, end),
        window_end_source=source,
        reason=reason,
    )


def _interior_minimum(
    visco: Viscoelasticity, lo: float, hi: float, frequency: float
) -> tuple[float, float, tuple[float, float]] | None:
    """(T, E′, region) of the deepest interior minimum of E′(T) in [lo, hi] (K, Pa), or None.

    A minimum counts when E′ rises again by at least 1 % on both sides; its region is the connected
    interval around it where E′ ≤ ``REGION_FACTOR`` × the minimum.
    """
    if hi <= lo:
        return None
    T = np.linspace(lo, hi, max(3, int((hi - lo) / _GRID_K) + 1))
    lE = np.log10(storage_modulus(visco, T, frequency))
    dips, props = find_peaks(-lE, prominence=math.log10(1.01))
    if dips.size == 0:
        return None
    k = int(dips[int(np.argmax(props["prominences"]))])
    ok = lE <= lE[k] + math.log10(REGION_FACTOR)
    left = np.flatnonzero(~ok[:k])
    right = np.flatnonzero(~ok[k:])
    a = int(left[-1]) + 1 if left.size else 0
    b = k + int(right[0]) - 1 if right.size else T.size - 1
    return float(T[k]), float(10 ** lE[k]), (float(T[a]), float(T[b]))
