"""Diagnostics of the stack: mid-plane curvature and interface tractions along the width.

Each diagnostic evaluates on every rank, gathers the (small) result to all ranks, and returns
identical arrays everywhere, so callers may branch on them without breaking collectives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from dolfinx import fem
from dolfinx.mesh import entities_to_geometry

__all__ = ["AxisProbe", "CurvatureFit", "FaceDeflection", "InterfaceProbe", "LineSampler", "fit_curvature"]


@dataclass(frozen=True)
class CurvatureFit:
    """w(x) ≈ w0 + κ x²/2 over the central part of the coupon (x from its centre or axis).

    Attributes:
        curvature: κ = d²w/dx² (1/m); positive when the laminate is concave toward +y (the top
            layer), i.e. its edges lift.
        x, w: The mid-plane deflection samples (m) used for the plot.
        window: Half-width of the fitted central zone (m).
        residual: RMS misfit of the parabola (m).
    """

    curvature: float
    x: np.ndarray
    w: np.ndarray
    window: float
    residual: float
    offset: float = 0.0

    def fitted(self, x: np.ndarray) -> np.ndarray:
        """The fitted parabola at ``x`` (m)."""
        return self.offset + 0.5 * self.curvature * np.asarray(x) ** 2

    @property
    def radius(self) -> float:
        return float(np.inf) if self.curvature == 0 else 1.0 / abs(self.curvature)

    @property
    def concave_side(self) -> str:
        return "top" if self.curvature > 0 else "bottom" if self.curvature < 0 else "flat"


def fit_curvature(x: np.ndarray, w: np.ndarray, window: float) -> CurvatureFit:
    """Least-squares even parabola w0 + κx²/2 through the deflection samples with |x| ≤ window (the
    section is symmetric about x = 0)."""
    m = np.abs(x) <= window
    if m.sum() < 2:
        raise ValueError("too few samples in the curvature window")
    A = np.column_stack([np.ones(int(m.sum())), 0.5 * x[m] ** 2])
    (w0, kappa), *_ = np.linalg.lstsq(A, w[m], rcond=None)
    res = float(np.sqrt(np.mean((A @ np.array([w0, kappa]) - w[m]) ** 2)))
    return CurvatureFit(float(kappa), x, w, window, res, float(w0))


def _gather_unique(comm: Any, x: np.ndarray, vals: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray]:
    xs = np.concatenate(comm.allgather(x))
    vs = np.concatenate(comm.allgather(vals))
    keys = np.round(xs / scale).astype(np.int64)
    _, idx = np.unique(keys, return_index=True)
    order = np.argsort(xs[idx])
    return xs[idx][order], vs[idx][order]


class LineSampler:
    """A displacement component at the DOFs of a horizontal line (a named facet group)."""

    def __init__(self, mesh_data: Any, V_comp: Any, group: str, width: float) -> None:
        msh = mesh_data.mesh
        tdim = msh.topology.dim
        self.comm = msh.comm
        self.width = width
        Vc, _ = V_comp.collapse()
        coords = Vc.tabulate_dof_coordinates()
        nown = Vc.dofmap.index_map.size_local * Vc.dofmap.index_map_bs
        facets = mesh_data.facet_tags.find(mesh_data.physical_groups[group].tag)
        full, col = fem.locate_dofs_topological((V_comp, Vc), tdim - 1, facets)
        keep = col < nown
        self._dofs = full[keep]
        self._x = coords[col[keep], 0]

    def values(self, array: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(x, value) at every DOF of the line, sorted by x, identical on every rank (collective)."""
        return _gather_unique(self.comm, self._x, array[self._dofs], self.width * 1e-9)


class FaceDeflection:
    """Mid-plane deflection: the mean of the top and bottom face deflections."""

    def __init__(self, mesh_data: Any, V_uy: Any, width: float) -> None:
        self.bottom = LineSampler(mesh_data, V_uy, "bottom", width)
        self.top = LineSampler(mesh_data, V_uy, "top", width)

    def midplane(self, w_array: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        xb, wb = self.bottom.values(w_array)
        xt, wt = self.top.values(w_array)
        return xb, 0.5 * (wb + np.interp(xb, xt, wt))


class InterfaceProbe:
    """Normal (σ_yy) and shear (σ_xy) traction along a horizontal interface, from both sides.

    The stress is evaluated from the DG stress field at the facet vertices and midpoints in each
    adjacent cell; each side is averaged over the cells sharing a point, then the two sides are
    averaged (traction is continuous in the exact solution; the jump is a discretisation error).
    """

    def __init__(self, mesh_data: Any, name: str, width: float) -> None:
        msh = mesh_data.mesh
        tdim = msh.topology.dim
        self.comm = msh.comm
        self.width = width
        self.name = name
        msh.topology.create_connectivity(tdim - 1, tdim)
        f2c = msh.topology.connectivity(tdim - 1, tdim)
        x = msh.geometry.x
        facets = mesh_data.facet_tags.find(mesh_data.physical_groups[name].tag)
        n_cells_local = msh.topology.index_map(tdim).size_local
        pts, cells, side = [], [], []
        if facets.size:
            fgeom = entities_to_geometry(msh, tdim - 1, facets, False)
            for k, f in enumerate(facets):
                p = x[fgeom[k]]
                y_if = p[:, 1].mean()
                fpts = np.vstack([p[:2], 0.5 * (p[0] + p[1])])
                for c in f2c.links(f):
                    if c >= n_cells_local:
                        continue  # the owning rank of this ghost cell evaluates it
                    cg = x[entities_to_geometry(msh, tdim, np.array([c], dtype=np.int32), False)[0]]
                    s = -1 if cg[:, 1].mean() < y_if else 1
                    for q in fpts:
                        pts.append(q)
                        cells.append(c)
                        side.append(s)
        self.points = np.array(pts, dtype=np.float64).reshape(-1, 3)
        self.cells = np.array(cells, dtype=np.int32)
        self.side = np.array(side, dtype=np.int32)

    def evaluate(self, sigma_h: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(x, σ_yy, σ_xy) along the interface, sorted by x, identical on every rank."""
        if self.points.shape[0]:
            vals = sigma_h.eval(self.points, self.cells).reshape(-1, 9)
        else:
            vals = np.zeros((0, 9))
        x = np.concatenate(self.comm.allgather(self.points[:, 0]))
        s = np.concatenate(self.comm.allgather(self.side))
        v = np.concatenate(self.comm.allgather(vals[:, [4, 1]]))  # σ_yy, σ_xy
        key = np.round(x / (self.width * 1e-9)).astype(np.int64)
        ukeys, inv = np.unique(key, return_inverse=True)
        out = np.zeros((ukeys.size, 2))
        for sgn in (-1, 1):
            m = s == sgn
            sums = np.zeros((ukeys.size, 2))
            cnt = np.zeros(ukeys.size)
            np.add.at(sums, inv[m], v[m])
            np.add.at(cnt, inv[m], 1)
            out += sums / np.maximum(cnt, 1)[:, None]
        xs = np.zeros(ukeys.size)
        np.add.at(xs, inv, x)
        cnt_all = np.bincount(inv, minlength=ukeys.size)
        xs /= cnt_all
        out *= 0.5
        order = np.argsort(xs)
        return xs[order], out[order, 0], out[order, 1]


class AxisProbe:
    """The stress through the thickness along the coupon's centre line (the facet group ``axis``):
    every layer's values from its own cells (the in-plane stresses jump from layer to layer)."""

    def __init__(self, mesh_data: Any, layer_of_cell: dict[int, str]) -> None:
        msh = mesh_data.mesh
        tdim = msh.topology.dim
        self.comm = msh.comm
        msh.topology.create_connectivity(tdim - 1, tdim)
        f2c = msh.topology.connectivity(tdim - 1, tdim)
        x = msh.geometry.x
        facets = mesh_data.facet_tags.find(mesh_data.physical_groups["axis"].tag)
        n_cells_local = msh.topology.index_map(tdim).size_local
        pts, cells = [], []
        if facets.size:
            fgeom = entities_to_geometry(msh, tdim - 1, facets, False)
            for k, f in enumerate(facets):
                p = x[fgeom[k]]
                for c in f2c.links(f):
                    if c < n_cells_local:
                        for q in np.vstack([p[:2], 0.5 * (p[0] + p[1])]):
                            pts.append(q)
                            cells.append(c)
        self.points = np.array(pts, dtype=np.float64).reshape(-1, 3)
        self.cells = np.array(cells, dtype=np.int32)
        self.layers = [layer_of_cell[int(c)] for c in self.cells]

    def evaluate(self, sigma_h: Any) -> tuple[np.ndarray, list[str], np.ndarray]:
        """(y, layer, σ) sorted by y: σ rows (xx, yy, zz, xy) in Pa, identical on every rank."""
        vals = sigma_h.eval(self.points, self.cells).reshape(-1, 9) if self.points.shape[0] else np.zeros((0, 9))
        y = np.concatenate(self.comm.allgather(self.points[:, 1]))
        layers = [name for part in self.comm.allgather(self.layers) for name in part]
        s = np.concatenate(self.comm.allgather(vals[:, [0, 4, 8, 1]]))
        keys = sorted({(round(float(yy) * 1e12), name) for yy, name in zip(y, layers, strict=True)})
        out_y, out_l, out_s = [], [], []
        for key, name in keys:
            m = np.array([round(float(yy) * 1e12) == key and n == name for yy, n in zip(y, layers, strict=True)])
            out_y.append(key * 1e-12)
            out_l.append(name)
            out_s.append(s[m].mean(axis=0))
        return np.array(out_y), out_l, np.array(out_s).reshape(-1, 4)
