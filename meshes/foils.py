"""Copper-foil surfaces by profile class: STD, VLP, HVLP and RA (periodic 2-D profiles).

Each class is a bond-treated surface: clusters of nearly hemispherical copper nodules (caps of
radius r standing 0.8 r proud, ``spacing`` apart, so the valleys between neighbours are narrow and
steep-sided, the kind the polymer must flow into rather than be indented into) on a base wave of one
period per cell (the matte side's teeth of an ED foil, the rolling marks of an RA foil), the base's
amplitude chosen so that the peak-to-valley height over the cell is the class's Rz. Positions and
heights of the nodules are jittered (seeded), the feet rounded over 0.15 r.

Class values (µm). Rz: within the copper-roughness grades used for circuit laminates (RF
Essentials, "How do I specify the copper roughness treatment for a low loss RF PCB?", web article:
STD 6–10, VLP 1.5–3, HVLP 0.5–1.5, RA 0.3–1.0) and within ANSI/IPC-MF-150F §3.4.5 (VLP < 5.1,
LP < 10.2, no limit for STD). Nodule sizes of 0.3–2 µm and spacings of 1–3 µm are an estimate
from micrographs of bond treatments (no tabulated source was found). Ra and Rq follow from the shape
(:meth:`~thermobond.meshes.surface.FourierProfile.roughness`); the grades' Rq (STD 1.5–2.5,
VLP 0.4–0.8, HVLP 0.1–0.4, RA 0.1–0.3, same source) is the check.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.ndimage import gaussian_filter1d
from scipy.optimize import brentq

from .surface import FourierProfile, _caps, _periodic_from_samples

__all__ = ["FOIL_CLASSES", "FoilClass", "foil_profile"]

HEIGHT = 0.8  # nodule protrusion / radius: flanks of about 70° at the foot once rounded
ROUNDING = 0.15  # width of the Gaussian rounding of the feet / radius


@dataclass(frozen=True)
class FoilClass:
    """A foil profile class (lengths in m).

    Attributes:
        name: STD, VLP, HVLP or RA.
        rz: Peak-to-valley height over the cell.
        nodule_radius: Radius r of the nodules.
        spacing: Mean distance between nodule centres.
        nodules: Nodules per cell (the cell is nodules × spacing long).
    """

    name: str
    rz: float
    nodule_radius: float
    spacing: float
    nodules: int

    @property
    def length(self) -> float:
        return self.nodules * self.spacing


FOIL_CLASSES = {
    "STD": FoilClass("STD", 7.0e-6, 1.0e-6, 2.4e-6, 5),
    "VLP": FoilClass("VLP", 2.2e-6, 0.6e-6, 1.5e-6, 4),
    "HVLP": FoilClass("HVLP", 1.0e-6, 0.35e-6, 0.9e-6, 4),
    "RA": FoilClass("RA", 0.6e-6, 0.25e-6, 0.8e-6, 3),
}


def _samples(fc: FoilClass, base: float, seed: int, n: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    L = fc.length
    x = np.arange(n) * L / n
    phase = rng.uniform(0, 2 * math.pi)
    wave = base * np.cos(2 * math.pi * x / L + phase)
    r = fc.nodule_radius
    centres = (np.arange(fc.nodules) + 0.5) * fc.spacing + 0.15 * fc.spacing * rng.uniform(-1, 1, fc.nodules)
    heights = HEIGHT * r * (1 + 0.1 * rng.uniform(-1, 1, fc.nodules))
    on_base = np.interp(centres, x, wave, period=L)
    z = wave.copy()
    for c, h, z0 in zip(centres, heights, on_base, strict=True):
        cap = np.maximum.reduce([_caps(x + s, np.array([c]), np.array([h]), r) for s in (-L, 0.0, L)])
        z = np.where(cap > 0, np.maximum(z, z0 + cap), z)
    return gaussian_filter1d(z, ROUNDING * r / (L / n), mode="wrap", truncate=6.0)


def foil_profile(name: str, *, seed: int = 0, modes: int = 64) -> FourierProfile:
    """The periodic profile of a foil class (``FOIL_CLASSES``), seeded, with ``modes`` harmonics.

    Raises:
        ValueError: An unknown class.
    """
    fc = FOIL_CLASSES.get(name.upper())
    if fc is None:
        raise ValueError(f"unknown foil class {name!r}: one of {', '.join(FOIL_CLASSES)}")
    n = 8192

    def rz_minus_target(base: float) -> float:
        z = _samples(fc, base, seed, n)
        return float(z.max() - z.min()) - fc.rz

    hi = fc.rz
    base = brentq(rz_minus_target, 0.0, hi, xtol=1e-4 * fc.rz) if rz_minus_target(0.0) < 0 else 0.0
    return _periodic_from_samples(_samples(fc, base, seed, n), fc.length, modes, f"foil {fc.name}")
