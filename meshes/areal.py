"""Areal rough surfaces h(x, y) on a periodic patch [0, Lx) × [0, Ly): copper foil roughness in 2-D.

Every surface is a :class:`ArealSurface`, a real two-dimensional Fourier series

    h(x, y) = Re Σ_{kx=0..Kx} Σ_{ky=−Ky..Ky} w_kx c(kx, ky) exp(2πi (kx x/Lx + ky y/Ly)),

w_0 = 1, w_kx = 2 (the c(kx, ky) are the coefficients of the full complex series, c(−k) = c(k)*).
A surface sampled on a periodic grid keeps every mode below the grid's Nyquist frequency (the
Nyquist row and column — an alternating pattern two samples per wavelength, not a resolved wave —
are dropped), so the series passes through the samples: evaluation anywhere is the trigonometric
interpolant, exact for a band-limited surface. Heights in m, slopes dimensionless.

Constructors:

* :func:`bisinusoid` — h = Δ cos(2πx/λx) cos(2πy/λy): four modes, exact.
* :func:`nodular` — spherical caps (radius R, protrusion h) on a square or hexagonal lattice, optionally
  jittered in position and height (seeded). The caps are sampled on a fine grid and smoothed by a
  periodic Gaussian of standard deviation ``rounding_m`` (default R/10: real nodules have rounded
  feet); modes whose Gaussian factor exp(−q²σ²/2) falls below 1e-6 are dropped, so the series is
  band-limited to q ≤ √(2 ln 10⁶)/σ ≈ 5.3/σ. Smoothing conserves the volume exactly and lowers a
  cap's tip by σ²/R (the Laplacian of the cap times σ²/2).
* :func:`self_affine` — a random Gaussian surface with the isotropic power spectrum
  C(q) ∝ q^(−2(1+H)) for q_L ≤ q ≤ q_s (q_L = 2π/long cut-off, q_s = 2π/short cut-off), flat
  (C(q_L)) for 2π/L ≤ q < q_L (the roll-off), nothing beyond q_s; scaled to a requested Sq or Sa.
  Persson et al., "On the nature of surface roughness with application to contact mechanics,
  sealing, rubber friction and adhesion", J. Phys.: Condens. Matter 17 (2005) R1.
* :func:`thermobond.meshes.heightmap.read_height_map` — a measured height map, levelled and made periodic.

Roughness parameters (:func:`roughness`) follow ISO 25178-2: Sa, Sq, Sz (maximum height, here the
peak-to-valley height on the patch), Sdq (root-mean-square gradient) and Sdr (developed interfacial
area ratio, %).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from scipy.fft import irfft2, rfft2

__all__ = [
    "ArealRoughness",
    "ArealSurface",
    "bisinusoid",
    "nodular",
    "roughness",
    "self_affine",
]

_CHUNK = 8192  # points per block when a series is evaluated point by point (bounds the memory)
_BAND_FACTOR = 1e-6  # nodular: modes whose Gaussian rounding factor is below this are dropped


@dataclass(frozen=True, eq=False)
class ArealSurface:
    """A periodic surface h(x, y) (m) on [0, Lx) × [0, Ly): a real 2-D Fourier series (module docstring).

    Attributes:
        period_x_m: Lx (m).
        period_y_m: Ly (m).
        coefficients: c(kx, ky) (m), shape (2Ky + 1, Kx + 1): row j is ky = j − Ky, column i is kx = i.
        kind: What it was made from (for reports).
    """

    period_x_m: float
    period_y_m: float
    coefficients: np.ndarray
    kind: str

    def __post_init__(self) -> None:
        if not (self.period_x_m > 0 and self.period_y_m > 0):
            raise ValueError(f"periods must be positive, not {self.period_x_m}, {self.period_y_m}")
        c = np.array(self.coefficients, dtype=complex)
        if c.ndim != 2 or c.shape[0] % 2 != 1:
            raise ValueError(f"coefficients must have shape (2Ky + 1, Kx + 1), not {c.shape}")
        c.setflags(write=False)
        object.__setattr__(self, "coefficients", c)

    @property
    def modes(self) -> tuple[int, int]:
        """(Kx, Ky): the highest harmonics kept in x and y."""
        return self.coefficients.shape[1] - 1, (self.coefficients.shape[0] - 1) // 2

    def _wavenumbers(self) -> tuple[np.ndarray, np.ndarray]:
        kx_max, ky_max = self.modes
        kx = 2 * math.pi / self.period_x_m * np.arange(kx_max + 1)
        ky = 2 * math.pi / self.period_y_m * np.arange(-ky_max, ky_max + 1)
        return kx, ky

    def _weighted(self, dx: int, dy: int) -> np.ndarray:
        """w_kx c (i kx)^dx (i ky)^dy: the coefficients of ∂^(dx+dy) h / ∂x^dx ∂y^dy."""
        kx, ky = self._wavenumbers()
        w = np.full(kx.size, 2.0)
        w[0] = 1.0
        return self.coefficients * w[None, :] * (1j * kx[None, :]) ** dx * (1j * ky[:, None]) ** dy

    def _series(self, x: Any, y: Any, *orders: tuple[int, int]) -> list[np.ndarray]:
        """The derivatives ∂^(dx+dy) h / ∂x^dx ∂y^dy for each (dx, dy) in ``orders`` at points x, y,
        summed point by point (exact anywhere; O(points × modes))."""
        xa, ya = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        xf, yf = xa.ravel(), ya.ravel()
        kx, ky = self._wavenumbers()
        cs = [self._weighted(dx, dy) for dx, dy in orders]
        outs = [np.empty(xf.size) for _ in orders]
        for s in range(0, xf.size, _CHUNK):
            ex = _phases(xf[s : s + _CHUNK], kx)
            ey = _phases(yf[s : s + _CHUNK], ky)
            for c, out in zip(cs, outs, strict=True):
                # separable: Σ_ky e_y (Σ_kx c e_x) as one matrix product per block
                out[s : s + _CHUNK] = np.einsum("pk,pk->p", ey @ c, ex).real
        return [out.reshape(xa.shape) for out in outs]

    def height(self, x: Any, y: Any) -> np.ndarray:
        """h(x, y) (m) at points x, y (m; arrays of broadcastable shapes, any values: periodic)."""
        return self._series(x, y, (0, 0))[0]

    def gradient(self, x: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
        """(∂h/∂x, ∂h/∂y) (dimensionless) at points x, y (m)."""
        gx, gy = self._series(x, y, (1, 0), (0, 1))
        return gx, gy

    def _on_grid(self, nx: int, ny: int, dx: int, dy: int) -> np.ndarray:
        """∂^(dx+dy) h on the grid x_i = i Lx/nx, y_j = j Ly/ny, shape (nx, ny)."""
        kx_max, ky_max = self.modes
        if nx > 2 * kx_max and ny > 2 * ky_max:
            # the grid resolves every mode: one inverse FFT (irfft2 adds the conjugate half: w_kx = 2)
            f = np.zeros((ny, nx // 2 + 1), dtype=complex)
            f[np.arange(-ky_max, ky_max + 1) % ny, : kx_max + 1] = self._weighted(dx, dy)
            f[:, 1:] /= 2.0
            return np.asarray(irfft2(f * (nx * ny), s=(ny, nx))).T
        x, y = self._grid_points(nx, ny)
        return self._series(x, y, (dx, dy))[0]

    def _grid_points(self, nx: int, ny: int) -> tuple[np.ndarray, np.ndarray]:
        xs = np.arange(nx) * self.period_x_m / nx
        ys = np.arange(ny) * self.period_y_m / ny
        x, y = np.meshgrid(xs, ys, indexing="ij")
        return x, y

    def grid(self, nx: int, ny: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(x, y, h) (m) on the periodic grid x_i = i Lx/nx, y_j = j Ly/ny: arrays of shape (nx, ny),
        ``h[i, j] = h(x[i, j], y[i, j])`` (the point x = Lx, a copy of x = 0, is not repeated)."""
        if nx < 1 or ny < 1:
            raise ValueError(f"a grid needs at least one point per direction, not {nx} × {ny}")
        x, y = self._grid_points(nx, ny)
        return x, y, self._on_grid(nx, ny, 0, 0)

    def gradient_grid(self, nx: int, ny: int) -> tuple[np.ndarray, np.ndarray]:
        """(∂h/∂x, ∂h/∂y) on the grid of :meth:`grid`."""
        return self._on_grid(nx, ny, 1, 0), self._on_grid(nx, ny, 0, 1)


def _phases(x: np.ndarray, k: np.ndarray) -> np.ndarray:
    """exp(i k x) for equally spaced k, shape (x.size, k.size): powers of exp(i Δk x) by a running
    product (a complex exp per entry is several times slower; the rounding grows only as k.size·ε)."""
    out = np.empty((x.size, k.size), dtype=complex)
    out[:, 0] = np.exp(1j * k[0] * x)
    if k.size > 1:
        out[:, 1:] = np.exp(1j * (k[1] - k[0]) * x)[:, None]
        np.cumprod(out, axis=1, out=out)
    return out


def _from_grid(h: np.ndarray, period_x_m: float, period_y_m: float, kind: str) -> ArealSurface:
    """The series through samples h[i, j] = h(i Lx/nx, j Ly/ny) (the Nyquist row and column dropped)."""
    nx, ny = h.shape
    f = np.asarray(rfft2(h.T)) / (nx * ny)  # shape (ny, nx//2 + 1): rows ky, columns kx ≥ 0
    kx_max, ky_max = (nx - 1) // 2, (ny - 1) // 2
    c = f[np.arange(-ky_max, ky_max + 1) % ny, : kx_max + 1]
    return ArealSurface(period_x_m, period_y_m, c, kind)


def _trimmed(c: np.ndarray) -> np.ndarray:
    """The smallest (2Ky + 1, Kx + 1) block holding every non-zero coefficient."""
    nz_rows, nz_cols = np.nonzero(c)
    if nz_rows.size == 0:
        return np.zeros((1, 1), dtype=complex)
    centre = (c.shape[0] - 1) // 2
    ky = int(np.max(np.abs(nz_rows - centre)))
    kx = int(np.max(nz_cols))
    return c[centre - ky : centre + ky + 1, : kx + 1]


@dataclass(frozen=True)
class ArealRoughness:
    """ISO 25178-2 areal roughness parameters of a surface (about its mean plane).

    Attributes:
        sa_m: Arithmetical mean height Sa (m).
        sq_m: Root-mean-square height Sq (m).
        sz_m: Maximum height Sz = Sp + Sv, the peak-to-valley height on the patch (m).
        sdq: Root-mean-square gradient Sdq (dimensionless).
        sdr_percent: Developed interfacial area ratio Sdr (%): (true area / projected area − 1)·100.
    """

    sa_m: float
    sq_m: float
    sz_m: float
    sdq: float
    sdr_percent: float


def roughness(surface: ArealSurface, n: int = 256) -> ArealRoughness:
    """Areal roughness of ``surface`` on an n × n periodic grid (at least fine enough for its modes).

    Sq and Sdq are exact sums over the Fourier coefficients (Parseval); Sa, Sz and Sdr are grid
    means/extremes: Sdr is spectrally accurate (the periodic trapezoidal rule of a smooth integrand),
    Sa converges as the grid refines, Sz is the grid's peak-to-valley height (a lower bound).
    """
    kx_max, ky_max = surface.modes
    nx, ny = max(n, 2 * kx_max + 2), max(n, 2 * ky_max + 2)
    h = surface._on_grid(nx, ny, 0, 0)
    gx, gy = surface.gradient_grid(nx, ny)
    c = surface.coefficients.copy()
    c[ky_max, 0] = 0.0  # the mean plane
    kx, ky = surface._wavenumbers()
    w = np.full(kx.size, 2.0)
    w[0] = 1.0
    power = w[None, :] * np.abs(c) ** 2
    sq = math.sqrt(float(power.sum()))
    sdq = math.sqrt(float((power * (kx[None, :] ** 2 + ky[:, None] ** 2)).sum()))
    hc = h - h.mean()
    return ArealRoughness(
        sa_m=float(np.mean(np.abs(hc))),
        sq_m=sq,
        sz_m=float(h.max() - h.min()),
        sdq=sdq,
        sdr_percent=100.0 * float(np.mean(np.sqrt(1.0 + gx**2 + gy**2)) - 1.0),
    )


def bisinusoid(wavelength_x_m: float, wavelength_y_m: float, amplitude_m: float) -> ArealSurface:
    """h = Δ cos(2πx/λx) cos(2πy/λy) on one period λx × λy (exact: four modes of Δ/4).

    Args:
        wavelength_x_m: λx (m).
        wavelength_y_m: λy (m).
        amplitude_m: Δ (m); Sq = Δ/2, Sz = 2Δ.
    """
    if not (wavelength_x_m > 0 and wavelength_y_m > 0 and amplitude_m > 0):
        raise ValueError(
            f"bisinusoid wavelengths and amplitude must be positive, not {wavelength_x_m}, {wavelength_y_m}, "
            f"{amplitude_m}"
        )
    c = np.zeros((3, 2), dtype=complex)
    c[0, 1] = c[2, 1] = amplitude_m / 4.0  # (kx, ky) = (1, ±1); the (−1, ∓1) halves come from w = 2
    return ArealSurface(wavelength_x_m, wavelength_y_m, c, "bisinusoid")


def _lattice_centres(lattice: str, spacing: float, cells: int) -> tuple[np.ndarray, float, float]:
    """Nodule centres (n, 2) and the patch (Lx, Ly) of ``cells`` × ``cells`` lattice cells."""
    ii, jj = np.meshgrid(np.arange(cells), np.arange(cells), indexing="ij")
    i, j = ii.ravel().astype(float), jj.ravel().astype(float)
    if lattice == "square":
        centres = np.column_stack([(i + 0.5) * spacing, (j + 0.5) * spacing])
        return centres, cells * spacing, cells * spacing
    # a rectangular cell s × s√3 holding two nodules: the hexagonal lattice of nearest distance s
    row = spacing * math.sqrt(3.0)
    first = np.column_stack([(i + 0.25) * spacing, (j + 0.25) * row])
    second = first + np.array([0.5 * spacing, 0.5 * row])
    return np.vstack([first, second]), cells * spacing, cells * row


def nodular(
    spacing_m: float,
    radius_m: float,
    height_m: float,
    *,
    lattice: Literal["square", "hexagonal"] = "square",
    cells: int = 1,
    jitter: float = 0.0,
    seed: int | None = None,
    rounding_m: float | None = None,
) -> ArealSurface:
    """Spherical-cap nodules on a flat base h = 0 (module docstring: smoothing and band).

    Args:
        spacing_m: Distance s between neighbouring nodule centres (m).
        radius_m: Cap radius R (m).
        height_m: Cap protrusion h above the base, 0 < h ≤ R (m).
        lattice: ``"square"`` (patch cells·s × cells·s) or ``"hexagonal"`` (cells·s × cells·s√3, two
            nodules per cell).
        cells: Lattice cells per side of the patch.
        jitter: 0 ≤ jitter < 1: centres moved by up to ±jitter·s/2 in x and y, heights scaled by
            1 ± jitter/2 (uniform, seeded; capped at R). Overlapping caps merge (the higher wins).
        seed: Seed of the jitter.
        rounding_m: Standard deviation σ of the Gaussian rounding (m); default R/10.

    Raises:
        ValueError: A parameter out of its range, or caps wider than the spacing.
    """
    if not (radius_m > 0 and 0 < height_m <= radius_m and spacing_m > 0):
        raise ValueError(f"nodules need 0 < height ≤ radius and a positive spacing, not {height_m}, {radius_m}")
    foot = math.sqrt(height_m * (2 * radius_m - height_m))
    if 2 * foot > spacing_m * (1 + 1e-9):
        raise ValueError(f"nodules overlap: the cap diameter {2 * foot:.4g} m exceeds the spacing {spacing_m:.4g} m")
    if lattice not in ("square", "hexagonal"):
        raise ValueError(f"lattice must be 'square' or 'hexagonal', not {lattice!r}")
    if cells < 1 or not 0.0 <= jitter < 1.0:
        raise ValueError(f"cells must be ≥ 1 and jitter in [0, 1), not {cells}, {jitter}")
    sigma = radius_m / 10 if rounding_m is None else rounding_m
    if sigma <= 0:
        raise ValueError(f"rounding_m must be positive, not {rounding_m}")
    centres, lx, ly = _lattice_centres(lattice, spacing_m, cells)
    rng = np.random.default_rng(seed)
    heights = np.full(len(centres), height_m)
    if jitter > 0:
        centres = centres + jitter * spacing_m / 2 * rng.uniform(-1, 1, centres.shape)
        heights = np.minimum(height_m * (1 + jitter / 2 * rng.uniform(-1, 1, len(centres))), radius_m)
    q_band = math.sqrt(-2 * math.log(_BAND_FACTOR)) / sigma
    # the grid resolves the band (Nyquist 1.5 q_band) and each cap foot (≥ 16 samples per foot radius)
    step = min(math.pi / (1.5 * q_band), foot / 16)
    # an even number of samples per lattice cell: every lattice vector is a grid vector, so the
    # sampled (and smoothed) caps keep the lattice's translations exactly
    nx, ny = (cells * 2 * math.ceil(length / cells / step / 2) for length in (lx, ly))
    if nx * ny > 4096**2:
        raise ValueError(f"nodular: a {nx} × {ny} sampling grid is too fine: increase rounding_m or the radius")
    x = np.arange(nx)[:, None] * lx / nx
    y = np.arange(ny)[None, :] * ly / ny
    h = np.zeros((nx, ny))
    for (cx, cy), hc in zip(centres, heights, strict=True):
        dx = (x - cx + lx / 2) % lx - lx / 2  # nearest periodic image
        dy = (y - cy + ly / 2) % ly - ly / 2
        r2 = dx**2 + dy**2
        cap = np.sqrt(np.maximum(radius_m**2 - r2, 0.0)) - (radius_m - hc)
        h = np.maximum(h, cap)
    raw = _from_grid(h, lx, ly, "nodular")
    kx, ky = raw._wavenumbers()
    q2 = kx[None, :] ** 2 + ky[:, None] ** 2
    c = raw.coefficients * np.exp(-q2 * sigma**2 / 2)
    c[q2 > q_band**2] = 0.0
    return ArealSurface(lx, ly, _trimmed(c), f"nodular {lattice}")


def self_affine(
    hurst: float,
    *,
    short_cutoff_m: float,
    long_cutoff_m: float,
    size_m: float | tuple[float, float],
    rms_height_m: float | None = None,
    sa_m: float | None = None,
    seed: int | None = None,
) -> ArealSurface:
    """A random self-affine Gaussian surface (module docstring), mean zero, scaled to Sq or Sa.

    Each mode's coefficient is a complex Gaussian with variance ∝ C(|q|) (Hermitian symmetric, so
    h is real); the scale then makes Sq (exact, Parseval) or Sa (on a grid) the requested value.

    Args:
        hurst: Hurst exponent H, 0 < H < 1 (fractal dimension 3 − H).
        short_cutoff_m: Shortest wavelength λs (m): no roughness below it.
        long_cutoff_m: Roll-off wavelength λL (m), λs < λL ≤ the patch's shorter side.
        size_m: Patch side L (square) or (Lx, Ly) (m).
        rms_height_m: Requested Sq (m); give this or ``sa_m``.
        sa_m: Requested Sa (m).
        seed: Seed of the random phases and amplitudes.

    Raises:
        ValueError: A parameter out of its range, or neither or both of Sq and Sa.
    """
    lx, ly = (float(size_m), float(size_m)) if isinstance(size_m, (int, float)) else map(float, size_m)
    if not 0.0 < hurst < 1.0:
        raise ValueError(f"hurst must be in (0, 1), not {hurst}")
    if not 0.0 < short_cutoff_m < long_cutoff_m <= min(lx, ly) * (1 + 1e-12):
        raise ValueError(
            f"cut-offs must satisfy 0 < short ({short_cutoff_m}) < long ({long_cutoff_m}) ≤ patch side "
            f"({min(lx, ly)}) m"
        )
    if (rms_height_m is None) == (sa_m is None):
        raise ValueError("give exactly one of rms_height_m (Sq) and sa_m (Sa)")
    target = rms_height_m if rms_height_m is not None else sa_m
    if target is None or not target > 0:
        raise ValueError(f"the requested Sq or Sa must be positive, not {target}")
    q_s, q_l = 2 * math.pi / short_cutoff_m, 2 * math.pi / long_cutoff_m
    kx_max, ky_max = math.floor(q_s * lx / (2 * math.pi)), math.floor(q_s * ly / (2 * math.pi))
    kx = 2 * math.pi / lx * np.arange(kx_max + 1)
    ky = 2 * math.pi / ly * np.arange(-ky_max, ky_max + 1)
    q = np.sqrt(kx[None, :] ** 2 + ky[:, None] ** 2)
    spectrum = np.where(q >= q_l, q, q_l) ** (-2.0 * (1.0 + hurst))
    spectrum[(q > q_s) | (q == 0)] = 0.0
    rng = np.random.default_rng(seed)
    c = np.sqrt(spectrum / 2) * (rng.standard_normal(q.shape) + 1j * rng.standard_normal(q.shape))
    # kx = 0: c(0, −ky) = c(0, ky)* keeps the column's sum real
    c[:ky_max, 0] = np.conj(c[ky_max + 1 :, 0][::-1])
    surface = ArealSurface(lx, ly, c, "self-affine")
    r = roughness(surface, n=2 * max(kx_max, ky_max) + 2)
    scale = (rms_height_m / r.sq_m) if rms_height_m is not None else (target / r.sa_m)
    return ArealSurface(lx, ly, c * scale, "self-affine")
