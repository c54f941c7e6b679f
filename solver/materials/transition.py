"""The glass transition temperature Tg: one value per material, with its definition.

A TPI card may state Tg; a fitted card states the Tg of its own fit; a card without one gets it
from its viscoelastic model. Every consumer (the claims, the bonding-temperature default, the
interface model) takes the same :class:`GlassTransition` and shows its definition next to it.

The α peak of tan δ. At a fixed frequency, tan δ(T) of a TPI has a tall peak at the glass
transition (the α relaxation), may have small ripples below it (secondary relaxations, noise), and
rises without bound in the terminal zone of a melt. The α peak is defined here as the interior local
maximum of ln tan δ(T) with the largest topographic prominence (its height above the higher of the
two lowest points that separate it from any taller part of the curve). A ripple has a small
prominence; a monotonic rise at the end of the window is not a local maximum at all. When tan δ has
no interior maximum (the α and terminal zones merge in an unentangled melt), the E″ peak, the
dominant interior maximum of E″(T) at that frequency, defines Tg instead.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.signal import find_peaks

from .dma import DMAData
from .material import CARD_VALUE, GlassTransition, Material, Viscoelasticity

__all__ = [
    "CARD_VALUE",
    "GlassTransition",
    "data_alpha_peak",
    "dominant_peak",
    "model_glass_transition",
    "resolve_glass_transition",
    "search_window",
]

_GRID_K = 0.02  # K, spacing of the temperature scan of a model


def dominant_peak(T: np.ndarray, y: np.ndarray) -> float | None:
    """Temperature of the interior local maximum of ln y with the largest prominence, or None.

    Args:
        T: Temperatures (K), increasing.
        y: Positive values at ``T`` (tan δ or E″).

    Returns:
        The peak temperature, refined by a parabola through the sample and its two neighbours (K).
    """
    ly = np.log(np.asarray(y, dtype=float))
    peaks, props = find_peaks(ly, prominence=0.0)
    if peaks.size == 0:
        return None
    k = int(peaks[int(np.argmax(props["prominences"]))])
    u = T[k - 1 : k + 2] - T[k]
    a, b, _ = np.polyfit(u, ly[k - 1 : k + 2], 2)
    if a >= 0:  # flat top: no curvature to refine with
        return float(T[k])
    return float(T[k] + np.clip(-b / (2.0 * a), u[0], u[2]))


def data_alpha_peak(data: DMAData, frequency: float = 1.0) -> float | None:
    """α tan δ peak (K) of frequency-sweep data at ``frequency`` (Hz), or None without a peak.

    tan δ of each isotherm is interpolated in log frequency to ``frequency`` (the nearest measured
    frequency when it lies outside the isotherm's window); the α peak of that sequence follows the
    module's definition.
    """
    isos = data.isotherms()
    T = np.array([i.temperature for i in isos])
    lf = math.log(frequency)
    td = np.array([math.exp(float(np.interp(lf, np.log(i.frequency), np.log(i.loss / i.storage)))) for i in isos])
    return dominant_peak(T, td) if T.size >= 3 else None


def search_window(visco: Viscoelasticity) -> tuple[float, float]:
    """Where Tg of a model is looked for (K): the DMA data range of a fitted card, otherwise
    T_ref − 100 K … T_ref + 200 K of the shift law."""
    if visco.data_range is not None:
        return visco.data_range
    Tr = visco.shift.reference_temperature
    return (Tr - 100.0, Tr + 200.0)


def model_glass_transition(
    visco: Viscoelasticity, frequency: float = 1.0, window: tuple[float, float] | None = None
) -> GlassTransition:
    """Tg of a viscoelastic model: its α tan δ peak at ``frequency``, else its E″ peak.

    Args:
        visco: The model (the series as given in the card: tensile or shear).
        frequency: Frequency (Hz).
        window: Temperatures searched (K); default :func:`search_window`.

    Raises:
        ValueError: Neither tan δ nor E″ has an interior maximum in the window.
    """
    lo, hi = window if window is not None else search_window(visco)
    T = np.arange(lo, hi + 0.5 * _GRID_K, _GRID_K)
    aT = 10.0 ** np.asarray(visco.shift.log10_aT(T))
    w = 2 * math.pi * frequency
    E1, E2 = visco.given.storage(w, aT), visco.given.loss(w, aT)
    ok = (E1 > 0) & (E2 > 0)
    peak = dominant_peak(T[ok], E2[ok] / E1[ok])
    if peak is not None:
        return GlassTransition(peak, f"α tan δ peak at {frequency:g} Hz")
    peak = dominant_peak(T[ok], E2[ok])
    if peak is not None:
        return GlassTransition(peak, f"E″ peak at {frequency:g} Hz")
    raise ValueError(
        f"neither tan δ nor E″ at {frequency:g} Hz has a maximum between {lo - 273.15:.1f} and {hi - 273.15:.1f} °C; "
        "state glass_transition in the card"
    )


def resolve_glass_transition(material: Material, frequency: float = 1.0) -> GlassTransition:
    """The one Tg of a material, as its card was loaded: the card's value when it states one,
    else (a thermoplastic) its model's α tan δ peak at 1 Hz (:func:`model_glass_transition`).
    At another ``frequency`` a card without a stated Tg gets the model's Tg at that frequency.

    Raises:
        ValueError: The material has no Tg (a metal, or a polymer card that states none).
    """
    tg = getattr(material, "glass_transition", None)
    if not isinstance(tg, GlassTransition):
        raise ValueError(f"material '{material.name}' states no glass_transition and has no viscoelastic data")
    visco = getattr(material, "viscoelastic", None)
    if tg.definition != CARD_VALUE and frequency != 1.0 and isinstance(visco, Viscoelasticity):
        return model_glass_transition(visco, frequency)
    return tg
