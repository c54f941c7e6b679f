"""Rough metal surfaces as cosine series on a cell [0, L] (periodic by even reflection).

A profile z(x) on [0, L] is extended to period 2L by reflection about x = 0 and x = L; its cosine
series z(x) = a_0 + Σ_k a_k cos(kπx/L) represents exactly that extension, and a cell [0, L] with
symmetry conditions on its sides is then exactly the periodic problem. A sinusoid of wavelength λ
is one mode on L = λ/2; a regular nodule array is half a spacing; a measured trace or a random
profile is its own length (reflected at the ends).

Every profile is evaluated with the same formula in NumPy and in UFL (the ``xp`` namespace), so the
contact condition in the weak form uses the same surface as the post-processing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.fft import dct
from scipy.ndimage import gaussian_filter1d
from thermobond.tables import read_table

__all__ = [
    "MIN_TRACE_POINTS",
    "CosineProfile",
    "nodules",
    "random_profile",
    "read_trace",
    "sinusoid",
    "synthetic_trace",
    "trace_profile",
]

MIN_TRACE_POINTS = 16  # a cosine series of a trace needs a few points per mode it keeps


@dataclass(frozen=True)
class CosineProfile:
    """z(x) = a_0 + Σ_{k≥1} a_k cos(kπx/L) on [0, L] (m).

    Attributes:
        length: Cell length L (m).
        coefficients: a_0 … a_N (m).
        kind: What it was made from (for reports).
    """

    length: float
    coefficients: tuple[float, ...]
    kind: str

    def _k(self) -> np.ndarray:
        return np.arange(len(self.coefficients)) * math.pi / self.length

    def __call__(self, x: Any, xp: Any = None) -> Any:
        """z at x (NumPy array, or a UFL expression with ``xp`` = the UFL namespace)."""
        if xp is None:
            x = np.asarray(x, dtype=float)
            return np.cos(np.multiply.outer(x, self._k())) @ np.asarray(self.coefficients)
        terms = [a * xp.cos(k * x) for k, a in zip(self._k()[1:], self.coefficients[1:], strict=True) if a != 0.0]
        return self.coefficients[0] + _balanced_sum(terms, 0.0 * x)

    def slope(self, x: Any, xp: Any = None) -> Any:
        """dz/dx."""
        k = self._k()
        if xp is None:
            x = np.asarray(x, dtype=float)
            return -np.sin(np.multiply.outer(x, k)) @ (k * np.asarray(self.coefficients))
        terms = [-a * kk * xp.sin(kk * x) for kk, a in zip(k[1:], self.coefficients[1:], strict=True) if a != 0.0]
        return _balanced_sum(terms, 0.0 * x)

    def sample(self, n: int = 2001) -> tuple[np.ndarray, np.ndarray]:
        x = np.linspace(0.0, self.length, n)
        return x, self(x)

    @property
    def peak(self) -> float:
        return float(self.sample(4001)[1].max())

    @property
    def valley(self) -> float:
        return float(self.sample(4001)[1].min())

    def roughness(self) -> dict[str, float]:
        """Ra, Rq, Rz (= peak-to-valley height over the cell), and the true/projected length ratio."""
        x, z = self.sample(8001)
        zc = z - z.mean()
        dz = self.slope(x)
        return {
            "Ra_m": float(np.mean(np.abs(zc))),
            "Rq_m": float(np.sqrt(np.mean(zc**2))),
            "Rz_m": float(z.max() - z.min()),
            "length_ratio": float(np.trapezoid(np.sqrt(1 + dz**2), x) / self.length),
        }


def _balanced_sum(terms: list[Any], zero: Any) -> Any:
    """Pairwise sum: a UFL expression of depth log2(n) instead of n (hundreds of modes)."""
    if not terms:
        return zero
    while len(terms) > 1:
        terms = [terms[i] + terms[i + 1] if i + 1 < len(terms) else terms[i] for i in range(0, len(terms), 2)]
    return terms[0]


def _from_samples(z: np.ndarray, length: float, modes: int, kind: str, smoothing: float = 0.0) -> CosineProfile:
    """Cosine series of samples at cell-centred points x_j = (j + ½)L/n (DCT-II), truncated to
    ``modes`` terms with an optional Gaussian roll-off exp(−(k·smoothing)²) (damps Gibbs ringing)."""
    n = z.size
    a = dct(z, type=2, norm=None) / n
    coeffs = np.empty(min(modes, n))
    coeffs[0] = a[0] / 2.0
    coeffs[1:] = a[1 : coeffs.size]
    if smoothing > 0:
        k = np.arange(coeffs.size)
        coeffs *= np.exp(-((k * smoothing) ** 2))
    return CosineProfile(length, tuple(float(c) for c in coeffs), kind)


def sinusoid(amplitude: float, wavelength: float) -> CosineProfile:
    """z = A cos(2πx/λ) on the half period [0, λ/2] (peak at x = 0, valley at λ/2)."""
    if amplitude <= 0 or wavelength <= 0:
        raise ValueError("sinusoid amplitude and wavelength must be positive")
    return CosineProfile(wavelength / 2, (0.0, amplitude), "sinusoid")


def _caps(x: np.ndarray, centres: np.ndarray, heights: np.ndarray, radius: float) -> np.ndarray:
    z = np.zeros_like(x)
    for c, h in zip(centres, heights, strict=True):
        h = min(h, radius)
        w = math.sqrt(max(radius**2 - (radius - h) ** 2, 0.0))
        d = np.abs(x - c)
        inside = d < w
        z[inside] = np.maximum(z[inside], h - radius + np.sqrt(radius**2 - d[inside] ** 2))
    return z


def nodules(
    radius: float,
    height: float,
    spacing: float,
    *,
    count: int = 1,
    randomize: float = 0.0,
    seed: int = 0,
    modes: int = 256,
    rounding: float | None = None,
) -> CosineProfile:
    """Spherical-cap nodules (radius R, protrusion h, centre spacing s) on a flat base.

    ``count = 1`` and no randomisation: a regular array, cell = half a spacing with a nodule centred
    at x = 0 (exact by symmetry). Otherwise ``count`` nodules on [0, count·s] with positions jittered
    by ±randomize·s/2 and heights scaled by 1 ± randomize/2 (seeded), reflected at the cell ends.

    The kink where a cap meets the base is rounded by a Gaussian of width ``rounding`` (default
    h/20; real nodules have rounded feet): the cosine series then converges quickly and keeps the
    cap's tip curvature (what the contact depends on) to O(rounding²/R²).
    """
    if not (radius > 0 and 0 < height <= radius and spacing > 0):
        raise ValueError("nodules need 0 < height ≤ radius and a positive spacing")
    if 2 * math.sqrt(radius**2 - (radius - height) ** 2) > spacing * (1 + 1e-9):
        raise ValueError("nodules overlap: the cap width 2√(R² − (R − h)²) exceeds the spacing")
    if count == 1 and randomize == 0.0:
        L = spacing / 2
        centres, heights = np.array([0.0]), np.array([height])
    else:
        rng = np.random.default_rng(seed)
        L = count * spacing
        centres = (np.arange(count) + 0.5) * spacing + randomize * spacing / 2 * rng.uniform(-1, 1, count)
        heights = height * (1 + randomize / 2 * rng.uniform(-1, 1, count))
    n = 8192
    x = (np.arange(n) + 0.5) * L / n
    z = _caps(x, centres, heights, radius)
    sigma = (height / 20 if rounding is None else rounding) / (L / n)
    if sigma > 0:
        # "reflect" (about the cell edge, half a sample out) is the even extension the cell-centred
        # DCT-II assumes; "mirror" would leave a slope jump at the ends and a 1/k² spectral tail
        z = gaussian_filter1d(z, sigma, mode="reflect", truncate=8.0)
    return _from_samples(z, L, modes, "nodules")


def read_trace(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """A profilometer trace: CSV with columns ``x`` and ``z``, units in the header (``x [um], z [um]``).

    Comma- or semicolon-separated (see :mod:`thermobond.tables`); x must increase from row to row,
    every value be a finite number, and the trace hold at least :data:`MIN_TRACE_POINTS` points.

    Returns:
        x and z (m).

    Raises:
        InputError: Naming the file, the line and column, the value and what is accepted.
    """
    table = read_table(path, "profilometer trace", min_rows=MIN_TRACE_POINTS)
    accepted = "columns 'x [unit]' and 'z [unit]' (lengths, e.g. 'x [um], z [um]')"
    cols = {name: table.require(name, accepted=accepted, ignore_case=True) for name in ("x", "z")}
    extra = [c.header for c in table.columns if c not in cols.values()]
    if extra:
        raise table.error(f"unknown column '{extra[0]}' (read as {table.layout})", accepted=accepted)
    x = table.quantities(cols["x"], "length", accepted="a finite length")
    z = table.quantities(cols["z"], "length", lo=-1e-3, hi=1e-3, accepted="heights within ±1 mm")
    table.check_increasing(cols["x"], x)
    return x, z


def trace_profile(x: np.ndarray, z: np.ndarray, *, modes: int = 128) -> CosineProfile:
    """A measured trace: levelled (least-squares line removed), resampled uniformly, reflected."""
    x = x - x[0]
    z = z - np.polyval(np.polyfit(x, z, 1), x)
    L = float(x[-1])
    n = 4096
    xs = (np.arange(n) + 0.5) * L / n
    return _from_samples(np.interp(xs, x, z), L, modes, "trace", smoothing=0.5 / modes)


def random_profile(
    length: float,
    correlation_length: float,
    *,
    ra: float | None = None,
    rz: float | None = None,
    seed: int = 0,
    modes: int = 128,
) -> CosineProfile:
    """Gaussian random profile with a Gaussian autocorrelation of length ℓ, scaled to a target Ra or
    Rz (peak-to-valley over the cell), seeded."""
    if (ra is None) == (rz is None):
        raise ValueError("give exactly one of ra or rz")
    rng = np.random.default_rng(seed)
    k = np.arange(1, modes) * math.pi / length
    amp = np.exp(-((k * correlation_length) ** 2) / 8.0)
    coeffs = np.concatenate([[0.0], amp * rng.standard_normal(modes - 1)])
    prof = CosineProfile(length, tuple(coeffs), "random")
    r = prof.roughness()
    factor = (ra / r["Ra_m"]) if ra is not None else (rz / r["Rz_m"])  # type: ignore[operator]
    return CosineProfile(length, tuple(float(c * factor) for c in coeffs), "random")


def synthetic_trace(
    length: float = 10e-6, spacing: float = 20e-9, *, rz: float = 3e-6, seed: int = 2026
) -> tuple[np.ndarray, np.ndarray]:
    """A synthetic profilometer trace of a bond-treated ED copper foil (VLP class, Rz ≈ 3 µm,
    docs/theory/roughness.md): clustered nodules 0.3–2 µm wide on a gently wavy base, with 2 nm noise.

    It stands in for a measured trace (none was available); regenerate it with
    ``python -m thermobond.meshes.surface``.
    """
    rng = np.random.default_rng(seed)
    x = np.arange(0.0, length + spacing / 2, spacing)
    base = 0.25 * rz * np.sin(2 * math.pi * x / (0.7 * length) + rng.uniform(0, 2 * math.pi))
    n = int(length / 1.2e-6)
    centres = np.sort(rng.uniform(0, length, n))
    radii = rng.uniform(0.3e-6, 1.0e-6, n)
    heights = radii * rng.uniform(0.5, 0.95, n)
    z = base.copy()
    for c, r, h in zip(centres, radii, heights, strict=True):
        d = np.abs(x - c)
        w = math.sqrt(max(r**2 - (r - h) ** 2, 0.0))
        inside = d < w
        z[inside] = np.maximum(z[inside], base[inside] + h - r + np.sqrt(r**2 - d[inside] ** 2))
    z += 2e-9 * rng.standard_normal(x.size)
    z *= rz / (z.max() - z.min())
    return x, z - z.mean()


def main() -> int:
    """Write the bundled synthetic trace (``meshes/profiles/synthetic_ed_vlp_trace.csv``)."""
    out = Path(__file__).resolve().parent / "profiles" / "synthetic_ed_vlp_trace.csv"
    x, z = synthetic_trace()
    lines = [
        "# SYNTHETIC profilometer trace (not measured): bond-treated ED copper foil, VLP class,",
        "# Rz 3 um over 10 um, nodules 0.3-2 um wide (an estimate of bond-treated foil). Generated by",
        "# `python -m thermobond.meshes.surface` (thermobond.meshes.surface.synthetic_trace, seed 2026).",
        "x [um], z [um]",
    ]
    lines += [f"{a * 1e6:.5f}, {b * 1e6:.6f}" for a, b in zip(x, z, strict=True)]
    out.parent.mkdir(exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
