"""The area in contact of a periodic, structured grid of surface nodes (the bottom of the 3-D patch).

Pure NumPy: every rank holds the whole (small, 2-D) grid and computes the same number.

A node is in contact when its contact pressure p is positive. On every grid side between a node in
contact and a free one, the contact's edge is located from the pressures of the nodes in contact
about it: near the edge of a contact of elastic bodies the pressure falls as the square root of the
distance to the edge (Johnson, Contact Mechanics, 1985, §5.2 and §13.2), so p² is linear in that
distance there, and across a Hertz contact p² = p0²(1 − r²/a²) is a quadratic of x and y, exactly.
The edge is the zero, along the side, of the quadratic in (x, y) fitted by least squares to p² at
the nodes in contact of the 5 × 5 block about the node in contact (through that node's value; exact
for Hertz, also where a grid line grazes the contact). Where the block holds too few nodes in
contact or the fit has no zero on the side, p² is extrapolated along the line, quadratically from
the last three nodes in contact or linearly from the last two; where neither applies (a single node
in contact, or p not decreasing toward the edge) the edge is the zero of the signed gap (−p/k in
contact, the gap outside), interpolated linearly between the two nodes.

Each grid cell is a rectangle (the mesh's coordinates are transformed one axis at a time). Its
area in contact is that of the polygon through its corners in contact and the edge points on its
sides (marching squares); a cell whose opposite corners alone are in contact joins them when the
mean of the corner penetrations is positive, and keeps two separate corners otherwise. A polygon's
chord cuts off the arc of the curved edge between two edge points: each chord of length L adds the
circular segment κ L³/12, κ the edge's curvature from the circles through the chord's ends and
their neighbouring edge points (negative where the contact is concave). On a Hertz pressure sampled
on a grid, the area is then π a² to 0.3 % from a radius of 2.5 elements on (1 to 5 % short without
the segments).
"""

from __future__ import annotations

import numpy as np

__all__ = ["contact_area", "edge_offsets", "scattered_contact_area"]


def _line_offsets(
    x: np.ndarray, y: np.ndarray, p: np.ndarray, d: np.ndarray, period: float, period_y: float
) -> np.ndarray:
    """Along axis 1 (periodic lines; y the lines' coordinates): on the side (x_i, x_{i+1}) where exactly
    one node is in contact, the edge's position measured from x_i (m), in [0, x_{i+1} − x_i]; NaN on
    the other sides."""
    n = x.size
    width = np.diff(np.concatenate([x, [x[0] + period]]))  # width[i] = x_{i+1} − x_i
    on = p > 0
    out = np.full(p.shape, np.nan)
    rows, cols = np.nonzero(on != np.roll(on, -1, axis=1))
    for r, i in zip(rows.tolist(), cols.tolist(), strict=True):
        j = (i + 1) % n
        w = float(width[i])
        # a: the node in contact; b: the free one; c1, c2: the nodes behind a, away from b
        if on[r, i]:
            a, b, c1, c2 = i, j, (i - 1) % n, (i - 2) % n
            s1 = float(width[c1])
            s2 = s1 + float(width[c2])
        else:
            a, b, c1, c2 = j, i, (j + 1) % n, (j + 2) % n
            s1 = float(width[a])
            s2 = s1 + float(width[c1])
        q = p[r] ** 2
        e = _fitted_zero(x, y, p, r, a, 1.0 if a == i else -1.0, w, period, period_y)
        if not np.isfinite(e) and on[r, c1] and c1 != b and p[r, c1] > p[r, a]:
            if on[r, c2] and c2 not in (a, b) and p[r, c2] > p[r, c1]:
                e = _quadratic_zero(s1, s2, q[a], q[c1], q[c2], w)
            if not np.isfinite(e):
                e = s1 * q[a] / (q[c1] - q[a])
        if not (np.isfinite(e) and 0.0 <= e <= w):
            e = w * d[r, a] / max(d[r, a] - d[r, b], 1e-300)
        e = float(np.clip(e, 0.0, w))
        out[r, i] = e if a == i else w - e
    return out


def _fitted_zero(
    x: np.ndarray,
    y: np.ndarray,
    p: np.ndarray,
    r: int,
    a: int,
    sense: float,
    w: float,
    period: float,
    period_y: float,
) -> float:
    """The zero in [0, w] of the quadratic in (x, y) fitted (least squares) to p² at the nodes in contact
    of the 5 × 5 block about node (r, a), through p² at the node itself, along the line from it in the
    direction ``sense`` (±1 along axis 1); NaN if the block holds fewer than eight other nodes in
    contact or the quadratic has no zero there."""
    rows = (r + np.arange(-2, 3)) % y.size
    cols = (a + np.arange(-2, 3)) % x.size
    q = p[np.ix_(rows, cols)] ** 2
    dx = (x[cols] - x[a] + period / 2) % period - period / 2
    dy = (y[rows] - y[r] + period_y / 2) % period_y - period_y / 2
    DX, DY = np.meshgrid(dx, dy)
    use = (q > 0) & ((DX != 0) | (DY != 0))
    if np.count_nonzero(use) < 8:
        return np.nan
    u, v = DX[use], DY[use]
    scale = max(float(np.abs(u).max()), float(np.abs(v).max()))
    u, v = u / scale, v / scale
    M = np.column_stack([u, v, u * u, u * v, v * v])
    coef, _, rank, _ = np.linalg.lstsq(M, q[use] - q[2, 2], rcond=None)
    if rank < 5:
        return np.nan
    # along the line: q(t) = q0 + b t + c t² with t the distance from the node, in units of scale
    b, c = sense * coef[0], coef[2]
    t = _smallest_root(c, b, float(q[2, 2]), w / scale)
    return t * scale


def _smallest_root(c: float, b: float, q0: float, w: float) -> float:
    """The smallest root in [0, w] of c t² + b t + q0 (q0 > 0); NaN if none."""
    if abs(c) < 1e-14 * max(abs(b), q0 / max(w, 1e-300)):
        return -q0 / b if b < 0 and -q0 / b <= w else np.nan
    disc = b * b - 4 * c * q0
    if disc < 0:
        return np.nan
    roots = np.array([(-b - np.sqrt(disc)) / (2 * c), (-b + np.sqrt(disc)) / (2 * c)])
    roots = roots[(roots >= 0) & (roots <= w)]
    return float(roots.min()) if roots.size else np.nan


def _quadratic_zero(s1: float, s2: float, q0: float, q1: float, q2: float, w: float) -> float:
    """The smallest zero in [0, w] of the quadratic through (0, q0), (−s1, q1), (−s2, q2); NaN if none."""
    # Newton's form in t (the distance ahead of the last node): q = q0 + f01 t + c2 t (t + s1)
    f01 = (q0 - q1) / s1
    f12 = (q1 - q2) / (s2 - s1)
    c2 = (f01 - f12) / s2
    b = f01 + c2 * s1
    return _smallest_root(c2, b, q0, w)


def edge_offsets(
    x: np.ndarray, y: np.ndarray, p: np.ndarray, d: np.ndarray, period_x: float, period_y: float
) -> tuple[np.ndarray, np.ndarray]:
    """The contact's edge on the grid lines.

    Args:
        x: Node coordinates along x (m), increasing, in [0, period_x) (nx,).
        y: Node coordinates along y (m), increasing, in [0, period_y) (ny,).
        p: Contact pressure (Pa) at the nodes (ny, nx): in contact where positive.
        d: Penetration (m) at the nodes (ny, nx) (p/k in contact, minus the gap outside).
        period_x: Period along x (m).
        period_y: Period along y (m).

    Returns:
        ex, ey: (ny, nx) each. ex[j, i] is the position of the edge on the side from (x_i, y_j) to
        (x_{i+1}, y_j), measured from x_i (m), where exactly one of the two nodes is in contact; NaN
        elsewhere. ey[j, i] alike on the side from (x_i, y_j) to (x_i, y_{j+1}).
    """
    return _line_offsets(x, y, p, d, period_x, period_y), _line_offsets(y, x, p.T, d.T, period_y, period_x).T


def contact_area(
    x: np.ndarray,
    y: np.ndarray,
    p: np.ndarray,
    d: np.ndarray,
    period_x: float,
    period_y: float,
    moved: tuple[np.ndarray, np.ndarray] | None = None,
) -> float:
    """The area in contact of the period cell (m²) (arguments as :func:`edge_offsets`).

    Args:
        moved: The lateral displacements (u_x, u_y) of the nodes (grids like p), if they move along
            the surface (a flowing melt slides by a good part of a period): the contact found on the
            reference grid is then carried to the current positions (each polygon's vertices by the
            bilinear interpolant of the displacements in its grid cell) and its area measured there,
            which is the area of surface covered. None: the area on the reference grid.

    Raises:
        ValueError: Shapes that do not match, or coordinates not increasing inside the period.
    """
    nx, ny = x.size, y.size
    if p.shape != (ny, nx) or d.shape != (ny, nx):
        raise ValueError(f"p and d must have the grid's shape {(ny, nx)}, got {p.shape} and {d.shape}")
    if moved is not None and (moved[0].shape != (ny, nx) or moved[1].shape != (ny, nx)):
        raise ValueError(f"displacements must have the grid's shape {(ny, nx)}")
    for c, period in ((x, period_x), (y, period_y)):
        if c.size < 2 or np.any(np.diff(c) <= 0) or c[0] < 0 or c[-1] >= period:
            raise ValueError(f"grid coordinates must increase within [0, {period}) m, got {c}")
    wx = np.diff(np.concatenate([x, [x[0] + period_x]]))
    wy = np.diff(np.concatenate([y, [y[0] + period_y]]))
    ex, ey = edge_offsets(x, y, p, d, period_x, period_y)
    on = p > 0
    ix1 = np.roll(np.arange(nx), -1)
    iy1 = np.roll(np.arange(ny), -1)
    # corners of cell (j, i), counter-clockwise: (i, j), (i+1, j), (i+1, j+1), (i, j+1)
    c = np.stack([on, on[:, ix1], on[np.ix_(iy1, ix1)], on[iy1, :]])
    count = c.sum(axis=0)

    def place(j: int, i: int, local: list[tuple[float, float]]) -> list[tuple[float, float]]:
        """Points of cell (j, i) given in its local coordinates, where they are now (cell-local)."""
        if moved is None:
            return local
        a, b = wx[i], wy[j]
        out = []
        for lx, ly in local:
            s, t = lx / a, ly / b
            w = ((1 - s) * (1 - t), s * (1 - t), s * t, (1 - s) * t)
            jj, ii = (j, j, int(iy1[j]), int(iy1[j])), (i, int(ix1[i]), int(ix1[i]), i)
            shift = [sum(wk * m[jk, ik] for wk, jk, ik in zip(w, jj, ii, strict=True)) for m in moved]
            out.append((lx + shift[0], ly + shift[1]))
        return out

    if moved is None:
        area = float(np.sum(np.where(count == 4, wy[:, None] * wx[None, :], 0.0)))
    else:
        area = sum(
            _polygon(place(j, i, [(0.0, 0.0), (wx[i], 0.0), (wx[i], wy[j]), (0.0, wy[j])]))
            for j, i in zip(*(v.tolist() for v in np.nonzero(count == 4)), strict=True)
        )
    chords: dict[tuple[int, int, int], tuple[int, int, int]] = {}  # exit point → entry point
    points: dict[tuple[int, int, int], tuple[float, float]] = {}
    for j, i in zip(*(v.tolist() for v in np.nonzero((count > 0) & (count < 4))), strict=True):
        a, b = wx[i], wy[j]
        corners = [(0.0, 0.0), (a, 0.0), (a, b), (0.0, b)]
        # the edge points on the sides, in the same order (bottom, right, top, left), local and global
        sides = [(ex[j, i], 0.0), (a, ey[j, ix1[i]]), (ex[iy1[j], i], b), (0.0, ey[j, i])]
        ids = [(0, j, i), (1, j, int(ix1[i])), (0, int(iy1[j]), i), (1, j, i)]
        for k, (px, py) in enumerate(place(j, i, sides)):
            points[ids[k]] = (x[i] + px, y[j] + py)
        inside = c[:, j, i]
        polys: list[list[int]] = []  # corner k as k, the edge point on side k as 4 + k
        if count[j, i] == 2 and inside[0] == inside[2] and _corner_sum(d, j, i, ix1, iy1) <= 0:
            polys = [[4 + (k - 1) % 4, k, 4 + k] for k in np.flatnonzero(inside).tolist()]  # two separate corners
        else:
            polys = [[]]
            for k in range(4):
                if inside[k]:
                    polys[0].append(k)
                if inside[k] != inside[(k + 1) % 4]:
                    polys[0].append(4 + k)
        for poly in polys:
            area += _polygon(place(j, i, [corners[v] if v < 4 else sides[v - 4] for v in poly]))
            for v, w in zip(poly, poly[1:] + poly[:1], strict=True):
                if v >= 4 and w >= 4:
                    chords[ids[v - 4]] = ids[w - 4]
    # no more than the period cell: a full contact summed cell by cell exceeds it by round-off
    # (1 + 2e-16 of it seen on 2 ranks), which would report a fraction above 1
    return min(area + _arc_correction(chords, points, period_x, period_y), period_x * period_y)


def _corner_sum(d: np.ndarray, j: int, i: int, ix1: np.ndarray, iy1: np.ndarray) -> float:
    """Sum of the penetrations at the corners of cell (j, i)."""
    return float(d[j, i] + d[j, ix1[i]] + d[iy1[j], ix1[i]] + d[iy1[j], i])


def _arc_correction(
    chords: dict[tuple[int, int, int], tuple[int, int, int]],
    points: dict[tuple[int, int, int], tuple[float, float]],
    period_x: float,
    period_y: float,
) -> float:
    """The area between the contact's edge and its chords (m²): each chord of length L, on an edge of
    curvature κ (from the circles through it and its neighbouring edge points), is short of the arc by
    the circular segment κ L³/12 (added where the contact is convex, removed where it is concave)."""
    entering = {v: u for u, v in chords.items()}
    period = np.array([period_x, period_y])

    def vec(u: tuple[int, int, int], v: tuple[int, int, int]) -> np.ndarray:
        r = np.subtract(points[v], points[u])
        return np.asarray(r - period * np.round(r / period))

    def curvature(u: tuple[int, int, int], v: tuple[int, int, int], w: tuple[int, int, int]) -> float:
        """Signed curvature of the circle through u, v, w (positive turning left, m⁻¹)."""
        r1, r2 = vec(u, v), vec(v, w)
        den = float(np.linalg.norm(r1) * np.linalg.norm(r2) * np.linalg.norm(r1 + r2))
        return 2.0 * float(r1[0] * r2[1] - r1[1] * r2[0]) / den if den > 0 else 0.0

    extra = 0.0
    for u, v in chords.items():
        before, after = entering.get(u), chords.get(v)
        if before is None or after is None:
            continue
        kappa = 0.5 * (curvature(before, u, v) + curvature(u, v, after))
        extra += kappa * float(np.linalg.norm(vec(u, v))) ** 3 / 12.0
    return extra


def _polygon(points: list[tuple[float, float]]) -> float:
    """Area of a simple polygon (shoelace)."""
    q = np.asarray(points, dtype=float)
    xs, ys = q[:, 0], q[:, 1]
    return 0.5 * abs(float(np.dot(xs, np.roll(ys, -1)) - np.dot(ys, np.roll(xs, -1))))


def _grid_index(c: np.ndarray, period: float) -> tuple[np.ndarray, np.ndarray]:
    """The distinct coordinates of c taken modulo the period (increasing) and each value's index among them."""
    tol = 1e-9 * period
    wrapped = np.where(c > period - tol, c - period, c)
    wrapped = np.where(np.abs(wrapped) < tol, 0.0, wrapped)
    order = np.sort(wrapped)
    first = np.concatenate([[True], np.diff(order) > tol])
    levels = order[first]
    index = np.clip(np.searchsorted(levels, wrapped - tol), 0, levels.size - 1)
    return levels, index


def scattered_contact_area(
    x: np.ndarray,
    y: np.ndarray,
    p: np.ndarray,
    d: np.ndarray,
    period_x: float,
    period_y: float,
    moved: tuple[np.ndarray, np.ndarray] | None = None,
) -> float:
    """:func:`contact_area` of nodes given in any order (a tensor grid; the nodes on x = period_x or
    y = period_y, images of those on 0, may be among them).

    Args:
        x, y: Node coordinates (m) (n,), in the reference configuration.
        p: Contact pressure (Pa) (n,).
        d: Penetration (m) (n,).
        period_x, period_y: Periods (m).
        moved: Lateral displacements (u_x, u_y) of the nodes (m) (n,) each, to measure the area where
            the contact is now (see :func:`contact_area`); None: on the reference grid.

    Raises:
        ValueError: The nodes do not fill a tensor grid.
    """
    xs, i = _grid_index(np.asarray(x, float), period_x)
    ys, j = _grid_index(np.asarray(y, float), period_y)
    P = np.full((ys.size, xs.size), np.nan)
    D = np.full_like(P, np.nan)
    # a fixed order (by coordinates, not by the order given), so that an image's value wins alike everywhere
    order = np.lexsort((y, x))
    P[j[order], i[order]] = p[order]
    D[j[order], i[order]] = d[order]
    if np.isnan(P).any():
        raise ValueError(f"the surface nodes do not fill a {xs.size} × {ys.size} grid")
    grids = None
    if moved is not None:
        grids = (np.zeros_like(P), np.zeros_like(P))
        for g, m in zip(grids, moved, strict=True):
            g[j[order], i[order]] = np.asarray(m, float)[order]
    return contact_area(xs, ys, P, D, period_x, period_y, grids)
