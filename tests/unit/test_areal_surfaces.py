"""Areal surfaces (thermobond.meshes.areal) against analytical references: the bisinusoid's ISO 25178
parameters in closed form (Sdr by adaptive quadrature), the spherical cap's volume, tip and cross-section,
a self-affine surface's power-law spectrum, and a height map written with a known tilt and bisinusoid."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from scipy import integrate, optimize
from thermobond.errors import InputError
from thermobond.meshes.areal import ArealSurface, bisinusoid, nodular, roughness, self_affine
from thermobond.meshes.heightmap import height_map_surface, read_height_map

LX, LY, DELTA = 2.0e-6, 3.0e-6, 0.5e-6  # bisinusoid wavelengths and amplitude (m)


def exact_bisinusoid(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return DELTA * np.cos(2 * np.pi * x / LX) * np.cos(2 * np.pi * y / LY)


def test_bisinusoid_heights_and_periodicity() -> None:
    s = bisinusoid(LX, LY, DELTA)
    rng = np.random.default_rng(0)
    x, y = rng.uniform(-3 * LX, 3 * LX, 500), rng.uniform(-3 * LY, 3 * LY, 500)
    assert np.allclose(s.height(x, y), exact_bisinusoid(x, y), rtol=0, atol=1e-12 * DELTA)
    gx, gy = s.gradient(x, y)
    k1, k2 = 2 * np.pi / LX, 2 * np.pi / LY
    assert np.allclose(gx, -DELTA * k1 * np.sin(k1 * x) * np.cos(k2 * y), atol=1e-12)
    assert np.allclose(gy, -DELTA * k2 * np.cos(k1 * x) * np.sin(k2 * y), atol=1e-12)
    gxg, _ = s.gradient_grid(20, 30)
    xg, yg, h = s.grid(20, 30)
    assert h.shape == xg.shape == (20, 30)
    assert np.allclose(h, exact_bisinusoid(xg, yg), atol=1e-12 * DELTA)
    assert np.allclose(gxg, s.gradient(xg, yg)[0], atol=1e-12)
    # a grid too coarse for one inverse FFT (2 points in y for Ky = 1) is summed point by point
    _, _, h3 = s.grid(3, 2)
    x3, y3 = np.meshgrid(np.arange(3) * LX / 3, np.arange(2) * LY / 2, indexing="ij")
    assert np.allclose(h3, exact_bisinusoid(x3, y3), atol=1e-12 * DELTA)


def test_bisinusoid_roughness_closed_form() -> None:
    r = roughness(bisinusoid(LX, LY, DELTA), n=512)
    assert r.sq_m == pytest.approx(DELTA / 2, rel=1e-12, abs=0)  # mean cos²·cos² = 1/4
    assert r.sa_m == pytest.approx(4 * DELTA / np.pi**2, rel=1e-4, abs=0)  # mean |cos a cos b| = (2/π)²
    assert r.sz_m == pytest.approx(2 * DELTA, rel=1e-12, abs=0)  # peaks +Δ at (0, 0), valleys −Δ at (λx/2, 0)
    sdq2 = DELTA**2 * (2 * np.pi) ** 2 * (1 / LX**2 + 1 / LY**2) / 4
    assert r.sdq == pytest.approx(math.sqrt(sdq2), rel=1e-12, abs=0)
    k1, k2 = 2 * np.pi / LX, 2 * np.pi / LY

    def area_density(y: float, x: float) -> float:
        gx = DELTA * k1 * math.sin(k1 * x) * math.cos(k2 * y)
        gy = DELTA * k2 * math.cos(k1 * x) * math.sin(k2 * y)
        return math.sqrt(1 + gx * gx + gy * gy)

    # a quarter period by symmetry, adaptive quadrature independent of the grid code
    area, _ = integrate.dblquad(area_density, 0, LX / 4, 0, LY / 4, epsabs=0, epsrel=1e-11)
    sdr = 100 * (area / (LX * LY / 16) - 1)
    assert r.sdr_percent == pytest.approx(sdr, rel=1e-8, abs=0)


def test_gradient_matches_finite_differences_of_height() -> None:
    s = self_affine(0.7, short_cutoff_m=0.4e-6, long_cutoff_m=2e-6, size_m=(4e-6, 3e-6), rms_height_m=0.1e-6, seed=3)
    rng = np.random.default_rng(1)
    x, y = rng.uniform(0, 4e-6, 50), rng.uniform(0, 3e-6, 50)
    d = 1e-10
    fx = (s.height(x + d, y) - s.height(x - d, y)) / (2 * d)
    fy = (s.height(x, y + d) - s.height(x, y - d)) / (2 * d)
    gx, gy = s.gradient(x, y)
    scale = np.max(np.abs(gx))
    # the point-by-point sum and the inverse FFT of the grid agree (h real, conjugate halves consistent)
    xg, yg, hg = s.grid(40, 30)
    assert np.max(np.abs(s.height(xg, yg) - hg)) < 1e-12 * np.max(np.abs(hg))
    assert np.max(np.abs(gx - fx)) < 1e-5 * scale
    assert np.max(np.abs(gy - fy)) < 1e-5 * scale


def cap_volume(radius: float, height: float) -> float:
    return np.pi * height**2 * (3 * radius - height) / 3


def test_nodule_cap_volume_tip_and_cross_section() -> None:
    spacing, radius, height = 4e-6, 0.6e-6, 0.4e-6
    sigma = radius / 10
    s = nodular(spacing, radius, height, rounding_m=sigma)
    _, _, h = s.grid(256, 256)
    # Gaussian smoothing conserves volume: the mean height times the cell area is the cap's volume
    assert np.mean(h) * spacing**2 == pytest.approx(cap_volume(radius, height), rel=2e-3, abs=0)
    # ... and lowers a tip of curvature 1/R by σ²/R (the Laplacian −2/R times σ²/2)
    tip = float(s.height(spacing / 2, spacing / 2))
    assert tip == pytest.approx(height - sigma**2 / radius, abs=2e-3 * height)
    # mid-height cross-section: the circle where the smoothed cap h + (σ²/2)∇²h (second order in σ)
    # reaches z = h/2; ∇²h = −(2R² − r²)/(R² − r²)^(3/2) for the sphere (the unsmoothed circle is 6 % larger)
    z = height / 2

    def smoothed_cap(r: float) -> float:
        d2 = radius**2 - r**2
        return math.sqrt(d2) - (radius - height) - sigma**2 / 2 * (2 * radius**2 - r**2) / d2**1.5 - z

    r_z = optimize.brentq(smoothed_cap, 0.0, 0.99 * radius, xtol=1e-15)
    area = np.mean(h > z) * spacing**2
    assert area == pytest.approx(np.pi * r_z**2, rel=5e-3, abs=0)
    # the base between nodules is flat at zero
    assert abs(float(s.height(0.0, 0.0))) < 1e-3 * height


@pytest.mark.parametrize("lattice", ["square", "hexagonal"])
def test_nodule_lattice_translations(lattice: str) -> None:
    s = nodular(1.5e-6, 0.5e-6, 0.35e-6, lattice=lattice, cells=2)
    steps = [(1.5e-6, 0.0)] if lattice == "square" else [(1.5e-6, 0.0), (0.75e-6, 1.5e-6 * math.sqrt(3) / 2)]
    rng = np.random.default_rng(2)
    x, y = rng.uniform(0, s.period_x_m, 200), rng.uniform(0, s.period_y_m, 200)
    h = s.height(x, y)
    for step in steps:  # the lattice vectors (the patch holds 2 × 2 cells, so they are not its periods)
        assert np.allclose(s.height(x + step[0], y + step[1]), h, atol=1e-9 * 0.35e-6)
    if lattice == "square":
        assert np.allclose(s.height(y, x), h, atol=1e-9 * 0.35e-6)  # the square lattice's diagonal mirror
    # half a step is not a lattice vector
    half = steps[-1]
    assert not np.allclose(s.height(x + half[0] / 2, y + half[1] / 2), h, atol=1e-2 * 0.35e-6)


def test_jittered_nodules_seeded() -> None:
    a = nodular(1.5e-6, 0.5e-6, 0.35e-6, cells=3, jitter=0.3, seed=5)
    b = nodular(1.5e-6, 0.5e-6, 0.35e-6, cells=3, jitter=0.3, seed=5)
    c = nodular(1.5e-6, 0.5e-6, 0.35e-6, cells=3, jitter=0.3, seed=6)
    assert np.array_equal(a.coefficients, b.coefficients)
    assert not np.allclose(a.coefficients, c.coefficients)


def radial_psd_slope(s: ArealSurface, q_lo: float, q_hi: float, n: int) -> float:
    """Log-log slope of the azimuthally averaged |FFT|² of a grid sample, between q_lo and q_hi."""
    _, _, h = s.grid(n, n)
    power = np.abs(np.fft.fft2(h)) ** 2
    k = np.fft.fftfreq(n, d=s.period_x_m / n) * 2 * np.pi
    q = np.hypot(*np.meshgrid(k, k, indexing="ij"))
    edges = np.geomspace(q_lo, q_hi, 16)
    which = np.digitize(q.ravel(), edges)
    centres, means = [], []
    for b in range(1, edges.size):
        sel = which == b
        if sel.sum() >= 4:
            centres.append(np.sqrt(edges[b - 1] * edges[b]))
            means.append(power.ravel()[sel].mean())
    return float(np.polyfit(np.log(centres), np.log(means), 1)[0])


@pytest.mark.parametrize("hurst", [0.3, 0.8])
def test_self_affine_spectrum_and_scaling(hurst: float) -> None:
    size, short, long = 20e-6, 0.1e-6, 5e-6
    s = self_affine(hurst, short_cutoff_m=short, long_cutoff_m=long, size_m=size, rms_height_m=0.2e-6, seed=11)
    _, _, h = s.grid(512, 512)
    assert np.sqrt(np.mean((h - h.mean()) ** 2)) == pytest.approx(0.2e-6, rel=1e-9, abs=0)  # Sq, from the grid
    assert abs(h.mean()) < 1e-12 * 0.2e-6
    slope = radial_psd_slope(s, 2 * np.pi / long * 1.5, 2 * np.pi / short / 1.5, 512)
    assert slope == pytest.approx(-2 * (1 + hurst), abs=0.1)


def test_self_affine_seeds_and_sa() -> None:
    kw = {"short_cutoff_m": 0.2e-6, "long_cutoff_m": 2e-6, "size_m": 4e-6}
    a = self_affine(0.6, rms_height_m=0.1e-6, seed=1, **kw)  # type: ignore[arg-type]
    b = self_affine(0.6, rms_height_m=0.1e-6, seed=1, **kw)  # type: ignore[arg-type]
    c = self_affine(0.6, rms_height_m=0.1e-6, seed=2, **kw)  # type: ignore[arg-type]
    assert np.array_equal(a.coefficients, b.coefficients)
    x, y, _ = a.grid(64, 64)
    assert np.max(np.abs(a.height(x, y) - c.height(x, y))) > 0.5 * 0.1e-6
    d = self_affine(0.6, sa_m=0.08e-6, seed=1, **kw)  # type: ignore[arg-type]
    _, _, h = d.grid(256, 256)
    assert np.mean(np.abs(h - h.mean())) == pytest.approx(0.08e-6, rel=1e-3, abs=0)
    with pytest.raises(ValueError, match="exactly one"):
        self_affine(0.6, rms_height_m=0.1e-6, sa_m=0.1e-6, **kw)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="hurst"):
        self_affine(1.2, rms_height_m=0.1e-6, **kw)  # type: ignore[arg-type]


def write_map(path: Path, rows: np.ndarray, header: list[str], fmt: str = "{:.9g}", sep: str = ", ") -> None:
    lines = [*header, *(sep.join(fmt.format(v) for v in row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def tilted_bisinusoid(nx: int, ny: int, dx: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x, y, h) in m on nx × ny points over whole periods of λx = nx·dx/2, λy = ny·dx/3, plus a tilt."""
    x, y = np.meshgrid(np.arange(nx) * dx, np.arange(ny) * dx, indexing="ij")
    lam_x, lam_y = nx * dx / 2, ny * dx / 3
    h = DELTA * np.cos(2 * np.pi * x / lam_x) * np.cos(2 * np.pi * y / lam_y) + 0.05 * x - 0.02 * y + 3e-7
    return x, y, h


def test_height_map_levelled_with_units(tmp_path: Path) -> None:
    nx, ny, dx = 48, 36, 0.1e-6
    _, _, h = tilted_bisinusoid(nx, ny, dx)
    f = tmp_path / "map.csv"
    write_map(f, h.T * 1e9, ["# a tilted bisinusoid", "# units: nm", "# spacing: 0.1 um"])
    s = read_height_map(f, blend=0.0)
    assert (s.period_x_m, s.period_y_m) == pytest.approx((nx * dx, ny * dx), rel=1e-12, abs=0)
    r = roughness(s)
    assert r.sq_m == pytest.approx(DELTA / 2, rel=1e-6, abs=0)  # the tilt and offset are gone
    assert r.sz_m == pytest.approx(2 * DELTA, rel=1e-6, abs=0)
    # Gwyddion's text matrix: extents and value units, tab-separated, heights in m
    g = tmp_path / "gwy.txt"
    header = ["# Channel: Height", "# Width: 4.800 µm", "# Height: 3.600 µm", "# Value units: m"]
    write_map(g, h.T, header, fmt="{:.12e}", sep="\t")
    sg = read_height_map(g, blend=0.0)
    xs, ys, _ = s.grid(nx, ny)
    assert np.allclose(sg.height(xs, ys), s.height(xs, ys), atol=1e-6 * DELTA)


def test_height_map_blend_alters_only_the_overlap() -> None:
    # 41 × 30 samples, overlaps of 4 and 3: patches of 37 × 27 samples, odd, so no Nyquist mode is
    # dropped and the series passes through every sample of the patch
    nx, ny, dx, dy = 41, 30, 0.1e-6, 0.12e-6
    mx, my = 4, 3
    rng = np.random.default_rng(4)
    x, y = np.meshgrid(np.arange(nx) * dx, np.arange(ny) * dy, indexing="ij")
    h = 1e-7 * rng.standard_normal((nx, ny)) + 0.1 * x + 0.03 * y + 2e-7
    design = np.column_stack([np.ones(h.size), x.ravel(), y.ravel()])
    levelled = h - (design @ np.linalg.lstsq(design, h.ravel(), rcond=None)[0]).reshape(h.shape)
    s = height_map_surface(h, dx, dy, blend=0.1)
    assert (s.period_x_m, s.period_y_m) == pytest.approx(((nx - mx) * dx, (ny - my) * dy), rel=1e-12, abs=0)
    _, _, hg = s.grid(nx - mx, ny - my)
    tol = 1e-9 * np.std(levelled)
    # samples m … n − m − 1 in both directions are the levelled map unchanged
    inner = (slice(mx, nx - mx), slice(my, ny - my))
    assert np.max(np.abs(hg[inner] - levelled[inner])) < tol
    # the first sample of the fade is the map's continuation beyond the patch (smoothstep = 0 there)
    assert np.max(np.abs(hg[0, my : ny - my] - levelled[nx - mx, my : ny - my])) < tol
    assert np.max(np.abs(hg[mx : nx - mx, 0] - levelled[mx : nx - mx, ny - my])) < tol


def rows_text(n: int = 20, value: str = "0.1") -> str:
    return "\n".join(", ".join([value] * n) for _ in range(n)) + "\n"


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("# units: um\n# spacing: 0.1 um\n" + rows_text().replace("0.1\n", "x\n", 1), 3, "not a finite number"),
        ("# units: um\n# spacing: 0.1 um\n" + rows_text().replace("0.1\n", "nan\n", 1), 3, "not a finite number"),
        ("# units: um\n# spacing: 0.1 um\n" + rows_text() + "0.1, 0.2\n", 23, "row has 2 values"),
        ("# units: kg\n# spacing: 0.1 um\n" + rows_text(), 1, "wrong unit"),
        ("# units: um\n# spacing: -\n" + rows_text(), 2, "cannot read"),
    ],
)
def test_height_map_errors_name_the_line(tmp_path: Path, text: str, line: int, needle: str) -> None:
    f = tmp_path / "bad.csv"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=needle) as exc:
        read_height_map(f)
    assert exc.value.line == line
    assert exc.value.file == str(f)


def test_height_map_missing_keys_and_range(tmp_path: Path) -> None:
    rows = rows_text()
    f = tmp_path / "m.csv"
    f.write_text("# spacing: 0.1 um\n" + rows, encoding="utf-8")
    with pytest.raises(InputError, match="unit of the heights") as exc:
        read_height_map(f)
    assert exc.value.key == "units"
    f.write_text("# units: um\n" + rows, encoding="utf-8")
    with pytest.raises(InputError, match="no spacing in x"):
        read_height_map(f)
    f.write_text("# units: mm\n# spacing: 1 um\n" + rows.replace("0.1", "5", 1), encoding="utf-8")
    with pytest.raises(InputError, match="out of range") as exc:
        read_height_map(f)
    assert exc.value.line == 3 and exc.value.value == 5.0
    f.write_text("# units: um\n# spacing: 1 um\n" + "\n".join(["1, 2, 3"] * 20), encoding="utf-8")
    with pytest.raises(InputError, match="at least 16"):
        read_height_map(f)
