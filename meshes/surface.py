"""Rough metal surfaces z(x) on a cell [0, L]: cosine series (symmetric sides) or Fourier series (periodic).

* :class:`CosineProfile` — z(x) = a_0 + Σ_k a_k cos(kπx/L): the even extension of z about x = 0 and
  x = L, period 2L. A cell [0, L] with symmetry planes on its sides is then exactly the periodic
  problem. Used where the surface itself is symmetric: a sinusoid (one mode on L = λ/2), a regular
  array of identical nodules (half a spacing).
* :class:`FourierProfile` — z(x) = a_0 + Σ_k (a_k cos(2πkx/L) + b_k sin(2πkx/L)): periodic with
  period L, used as it is with periodic sides (no mirroring): measured traces, randomised nodules,
  random surfaces, the foil classes of :mod:`thermobond.meshes.foils`.

Every profile is evaluated with the same formula in NumPy and in UFL (the ``xp`` namespace), so the
contact condition in the weak form uses the same surface as the post-processing.

A measured trace is generally not periodic. It is levelled (least-squares line removed) and, unless
its ends already meet, made periodic by a cross-fade over its last ``blend`` fraction: with
P = L (1 − blend), the profile on [0, P) is the trace, except on [0, blend·L) where it goes smoothly
(C¹ smoothstep) from the trace's continuation beyond P to the trace itself. The trace is used as
given over [blend·L, P]; only the overlap is altered.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from scipy.fft import dct, rfft
from scipy.ndimage import gaussian_filter1d
from thermobond.tables import read_table

__all__ = [
    "MIN_TRACE_POINTS",
    "CosineProfile",
    "FourierProfile",
    "Profile",
    "nodules",
    "periodic_samples",
    "random_profile",
    "read_trace",
    "sinusoid",
    "synthetic_trace",
    "trace_profile",
]

MIN_TRACE_POINTS = 16  # a Fourier series of a trace needs a few points per mode it keeps


class _Sampled:
    """Sampling and roughness of a profile (shared by both kinds)."""

    length: float

    def __call__(self, x: Any, xp: Any = None) -> Any:
        raise NotImplementedError

    def slope(self, x: Any, xp: Any = None) -> Any:
        raise NotImplementedError

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

    @functools.cached_property
    def _arc_table(self) -> tuple[np.ndarray, np.ndarray]:
        """(x, arc length from 0) on 4001 samples: computed once per profile (the bonded length asks
        for it at every step, and a foil's Fourier series has hundreds of terms)."""
        xs = np.linspace(0.0, self.length, 4001)
        arc = np.sqrt(1 + self.slope(xs) ** 2)
        return xs, np.concatenate([[0.0], np.cumsum(0.5 * (arc[1:] + arc[:-1]) * np.diff(xs))])

    def arc_length(self, x: np.ndarray) -> np.ndarray:
        """Length along the surface from x = 0 to x (m), for x in [0, L] and, periodically, beyond."""
        xs, cum = self._arc_table
        x = np.asarray(x, float)
        turns = np.floor(x / self.length)
        return turns * cum[-1] + np.interp(x - turns * self.length, xs, cum)


@dataclass(frozen=True)
class CosineProfile(_Sampled):
    """z(x) = a_0 + Σ_{k≥1} a_k cos(kπx/L) on [0, L] (m): symmetric about both sides of the cell.

    Attributes:
        length: Cell length L (m).
        coefficients: a_0 … a_N (m).
        kind: What it was made from (for reports).
    """

    length: float
    coefficients: tuple[float, ...]
    kind: str
    sides: ClassVar[str] = "symmetric"

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


@dataclass(frozen=True)
class FourierProfile(_Sampled):
    """z(x) = a_0 + Σ_{k≥1} (a_k cos(2πkx/L) + b_k sin(2πkx/L)) (m): periodic with period L.

    Attributes:
        length: The period L (m), the cell length.
        cosines: a_0 … a_N (m).
        sines: b_1 … b_N (m).
        kind: What it was made from (for reports).
    """

    length: float
    cosines: tuple[float, ...]
    sines: tuple[float, ...]
    kind: str
    sides: ClassVar[str] = "periodic"

    def __post_init__(self) -> None:
        if len(self.sines) != len(self.cosines) - 1:
            raise ValueError("a Fourier profile needs one sine coefficient per cosine coefficient beyond a_0")

    def _k(self) -> np.ndarray:
        return np.arange(1, len(self.cosines)) * 2 * math.pi / self.length

    def __call__(self, x: Any, xp: Any = None) -> Any:
        """z at x (NumPy array, or a UFL expression with ``xp`` = the UFL namespace)."""
        k, a, b = self._k(), np.asarray(self.cosines[1:]), np.asarray(self.sines)
        if xp is None:
            kx = np.multiply.outer(np.asarray(x, dtype=float), k)
            return self.cosines[0] + np.cos(kx) @ a + np.sin(kx) @ b
        terms = [ai * xp.cos(ki * x) for ki, ai in zip(k, a, strict=True) if ai != 0.0]
        terms += [bi * xp.sin(ki * x) for ki, bi in zip(k, b, strict=True) if bi != 0.0]
        return self.cosines[0] + _balanced_sum(terms, 0.0 * x)

    def slope(self, x: Any, xp: Any = None) -> Any:
        """dz/dx."""
        k, a, b = self._k(), np.asarray(self.cosines[1:]), np.asarray(self.sines)
        if xp is None:
            kx = np.multiply.outer(np.asarray(x, dtype=float), k)
            return -np.sin(kx) @ (k * a) + np.cos(kx) @ (k * b)
        terms = [-ai * ki * xp.sin(ki * x) for ki, ai in zip(k, a, strict=True) if ai != 0.0]
        terms += [bi * ki * xp.cos(ki * x) for ki, bi in zip(k, b, strict=True) if bi != 0.0]
        return _balanced_sum(terms, 0.0 * x)


Profile = CosineProfile | FourierProfile


def _periodic_from_samples(
    z: np.ndarray, length: float, modes: int, kind: str, smoothing: float = 0.0
) -> FourierProfile:
    """Fourier series of samples at x_j = j L/n of a periodic function, truncated to ``modes``
    harmonics with an optional Gaussian roll-off exp(−(k·smoothing)²) (damps Gibbs ringing)."""
    n = z.size
    c = rfft(z) / n
    m = min(modes, c.size - 1)
    k = np.arange(1, m + 1)
    roll = np.exp(-((k * smoothing) ** 2)) if smoothing > 0 else np.ones(m)
    a = 2 * c.real[1 : m + 1] * roll
    b = -2 * c.imag[1 : m + 1] * roll
    return FourierProfile(length, (float(c.real[0]), *map(float, a)), tuple(map(float, b)), kind)


def periodic_samples(x: np.ndarray, z: np.ndarray, *, blend: float = 0.1, n: int = 4096) -> tuple[float, np.ndarray]:
    """A trace made periodic (module docstring): levelled, cross-faded over ``blend`` of its length,
    resampled at n points x_j = j P/n. Returns (P, samples)."""
    if not 0.0 <= blend < 0.5:
        raise ValueError(f"blend must be in [0, 0.5), not {blend}")
    x = np.asarray(x, float) - x[0]
    z = np.asarray(z, float)
    z = z - np.polyval(np.polyfit(x, z, 1), x)
    L = float(x[-1])
    P = L * (1.0 - blend)
    xs = np.arange(n) * P / n
    zs = np.interp(xs, x, z)
    if blend > 0:
        w = blend * L
        t = np.clip(xs / w, 0.0, 1.0)
        s = t * t * (3.0 - 2.0 * t)
        zs = s * zs + (1.0 - s) * np.interp(xs + P, x, z)
    return P, zs - zs.mean()


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
) -> Profile:
    """Spherical-cap nodules (radius R, protrusion h, centre spacing s) on a flat base.

    ``count = 1`` and no randomisation: a regular array, cell = half a spacing with a nodule centred
    at x = 0 (exact by symmetry, a :class:`CosineProfile`). Otherwise ``count`` nodules on the
    period [0, count·s] with positions jittered by ±randomize·s/2 and heights scaled by
    1 ± randomize/2 (seeded): a :class:`FourierProfile` with periodic sides.

    The kink where a cap meets the base is rounded by a Gaussian of width ``rounding`` (default
    h/20; real nodules have rounded feet): the cosine series then converges quickly and keeps the
    cap's tip curvature (what the contact depends on) to O(rounding²/R²).
    """
    if not (radius > 0 and 0 < height <= radius and spacing > 0):
        raise ValueError("nodules need 0 < height ≤ radius and a positive spacing")
    if 2 * math.sqrt(radius**2 - (radius - height) ** 2) > spacing * (1 + 1e-9):
        raise ValueError("nodules overlap: the cap width 2√(R² − (R − h)²) exceeds the spacing")
    periodic = not (count == 1 and randomize == 0.0)
    if not periodic:
        L = spacing / 2
        centres, heights = np.array([0.0]), np.array([height])
    else:
        rng = np.random.default_rng(seed)
        L = count * spacing
        centres = (np.arange(count) + 0.5) * spacing + randomize * spacing / 2 * rng.uniform(-1, 1, count)
        heights = height * (1 + randomize / 2 * rng.uniform(-1, 1, count))
    n = 8192
    if periodic:
        x = np.arange(n) * L / n
        z = np.maximum.reduce([_caps(x + s, centres, heights, radius) for s in (-L, 0.0, L)])
    else:
        x = (np.arange(n) + 0.5) * L / n
        z = _caps(x, centres, heights, radius)
    sigma = (height / 20 if rounding is None else rounding) / (L / n)
    if sigma > 0:
        # "reflect" (about the cell edge, half a sample out) is the even extension the cell-centred
        # DCT-II assumes; "mirror" would leave a slope jump at the ends and a 1/k² spectral tail
        z = gaussian_filter1d(z, sigma, mode="wrap" if periodic else "reflect", truncate=8.0)
    if periodic:
        return _periodic_from_samples(z, L, modes // 2, "nodules")
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


def trace_profile(x: np.ndarray, z: np.ndarray, *, modes: int = 64, blend: float = 0.1) -> FourierProfile:
    """A measured trace as a periodic profile (module docstring): levelled, cross-faded over ``blend``
    of its length (0 for a trace whose ends already meet, e.g. a repeated one), ``modes`` harmonics."""
    P, zs = periodic_samples(x, z, blend=blend)
    return _periodic_from_samples(zs, P, modes, "trace", smoothing=0.5 / modes)


def random_profile(
    length: float,
    correlation_length: float,
    *,
    ra: float | None = None,
    rz: float | None = None,
    seed: int = 0,
    modes: int = 64,
) -> FourierProfile:
    """Periodic Gaussian random profile of period ``length`` with a Gaussian autocorrelation of length ℓ,
    scaled to a target Ra or Rz (peak-to-valley over the cell), seeded."""
    if (ra is None) == (rz is None):
        raise ValueError("give exactly one of ra or rz")
    rng = np.random.default_rng(seed)
    k = np.arange(1, modes + 1) * 2 * math.pi / length
    amp = np.exp(-((k * correlation_length) ** 2) / 8.0)
    a, b = amp * rng.standard_normal(modes), amp * rng.standard_normal(modes)
    prof = FourierProfile(length, (0.0, *map(float, a)), tuple(map(float, b)), "random")
    r = prof.roughness()
    factor = (ra / r["Ra_m"]) if ra is not None else (rz / r["Rz_m"])  # type: ignore[operator]
    return FourierProfile(length, (0.0, *map(float, a * factor)), tuple(map(float, b * factor)), "random")


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
