"""Gas trapped in the 3-D patch: one ideal-gas volume per pocket that the contact seals.

In the 2-D cell a valley is sealed as soon as its two sides touch (:mod:`.gas`). On an areal
surface the open gap between the melt and the metal is a region of the plane, repeated by the
patch's periodicity, and the air in it escapes to the laminate's edge for as long as it is connected
to its own periodic image: a region of open surface nodes that *wraps* around the patch (a channel
in x or y) is an infinite channel and stays at the press atmosphere's pressure; a region that does
not wrap is bounded, a pocket, and its air is trapped when it closes. Open nodes are connected
through the edges of the patch's grid of bottom nodes (four neighbours), so a pocket is sealed once
contact closes the last edge between it and the rest; diagonal neighbours are not connected.

From then on each pocket follows the cell's law (:class:`~thermobond.simulation.gas.GasSlots`): the
amount n = p_a V_c / T_c trapped at the press atmosphere's absolute pressure p_a, its absolute
pressure p V = n T at the patch's temperature, the gauge pressure p − p_a a Newton unknown acting on
the melt's free surface over the pocket. A pocket's volume is the vertical gap between the melt's
bottom and the surface integrated over the area the bottom covers now (the patch's mean-gap
measure, restricted to the pocket), at the nodes, as the contact is.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import numpy as np
import ufl

from .gas import GasSlots

__all__ = ["MAX_POCKETS", "PER_BASIN", "PatchGas", "SurfaceGrid", "pocket_slots", "sealed_pockets"]

MAX_POCKETS = 16  # slots of a patch: each is a Newton unknown coupled to every bottom node
PER_BASIN = 4  # a pocket can split as it flattens: the bundled case's two became eight on release


class SurfaceGrid:
    """The bottom nodes of the patch as a periodic nx × ny grid (the Q2 nodes of a structured mesh).

    A node on x = λx is the image of the node on x = 0 (likewise in y): both map to one grid point.

    Args:
        comm: The patch's communicator.
        X: Coordinates of this rank's local (owned and ghost) nodes (n × 3).
        bottom: Which of them lie on the bottom (z = 0).
        period_x, period_y: λx, λy (m).
    """

    def __init__(self, comm: Any, X: np.ndarray, bottom: np.ndarray, period_x: float, period_y: float) -> None:
        self.comm = comm
        tol = 1e-9 * min(period_x, period_y)
        axes, mine = [], []
        for k, L in ((0, period_x), (1, period_y)):
            c = np.mod(X[bottom, k], L)
            c[c > L - tol] = 0.0  # x = λx is x = 0
            every = np.concatenate(comm.allgather(c))
            ticks = np.unique(np.round(every / tol)) * tol
            # merge ticks closer than the tolerance (the rounding may split one coordinate in two)
            keep = np.concatenate([[True], np.diff(ticks) > 2 * tol]) if ticks.size else ticks.astype(bool)
            axes.append(ticks[keep])
            mine.append(c)
        self.nx, self.ny = axes[0].size, axes[1].size
        self.index = np.full(X.shape[0], -1, dtype=np.int64)
        if bottom.any():
            ij = []
            for ticks, c in zip(axes, mine, strict=True):
                i = np.clip(np.searchsorted(ticks, c - 2 * tol), 0, ticks.size - 1)
                if not np.allclose(ticks[i], c, atol=2 * tol):
                    raise RuntimeError("the patch's bottom nodes do not form a grid")
                ij.append(i)
            self.index[bottom] = ij[0] * self.ny + ij[1]
        self.size = self.nx * self.ny

    def _gathered(self, local: np.ndarray, owned: int) -> tuple[np.ndarray, np.ndarray]:
        """Grid points and values of every rank's owned bottom nodes (``local``: at least ``owned``
        long; collective)."""
        idx = self.index[:owned]
        on = idx >= 0
        rows = np.concatenate(self.comm.allgather(idx[on]))
        return rows, np.concatenate(self.comm.allgather(np.asarray(local)[:owned][on]))

    def values(self, local: np.ndarray, owned: int) -> np.ndarray:
        """A value at every grid point, nx × ny, from this rank's owned nodes' (a node's periodic
        images carry the same value) (collective)."""
        rows, vals = self._gathered(np.asarray(local, dtype=float), owned)
        out = np.full(self.size, np.nan)
        out[rows] = vals
        return out.reshape(self.nx, self.ny)

    def gather(self, local: np.ndarray, owned: int, combine: str = "or") -> np.ndarray:
        """A boolean on the grid from this rank's owned nodes' values: a grid point is True if any
        (``or``) or every (``and``) node on it is (collective)."""
        rows, vals = self._gathered(np.asarray(local, dtype=bool), owned)
        if combine == "or":
            out = np.zeros(self.size, dtype=bool)
            np.logical_or.at(out, rows, vals)
        else:
            out = np.ones(self.size, dtype=bool)
            np.logical_and.at(out, rows, vals)
        return out


FACES = ((1, 0), (-1, 0), (0, 1), (0, -1))  # grid edges: the open gap's connections
NEIGHBOURS = tuple((di, dj) for di in (-1, 0, 1) for dj in (-1, 0, 1) if di or dj)  # and the diagonals


def _regions(mask: np.ndarray, steps: tuple[tuple[int, int], ...]) -> list[tuple[list[int], bool]]:
    """The connected regions of True points of a periodic grid (neighbours by ``steps``, across the
    periodic sides too), each as (flat indices, whether it wraps around the grid): a region wraps
    when breadth-first search reaches one of its points through two different periodic images."""
    nx, ny = mask.shape
    flat = mask.ravel()
    seen = np.zeros(flat.size, dtype=bool)
    unwrapped = np.zeros((flat.size, 2), dtype=np.int64)
    regions = []
    for start in np.flatnonzero(flat):
        if seen[start]:
            continue
        seen[start] = True
        unwrapped[start] = divmod(int(start), ny)
        members, wraps = [int(start)], False
        queue = deque([int(start)])
        while queue:
            ui, uj = unwrapped[queue.popleft()]
            for di, dj in steps:
                vi, vj = ui + di, uj + dj
                nb = int((vi % nx) * ny + vj % ny)
                if not flat[nb]:
                    continue
                if seen[nb]:
                    wraps = wraps or bool(unwrapped[nb, 0] != vi or unwrapped[nb, 1] != vj)
                    continue
                seen[nb] = True
                unwrapped[nb] = (vi, vj)
                members.append(nb)
                queue.append(nb)
        regions.append((members, wraps))
    return regions


def sealed_pockets(open_grid: np.ndarray) -> list[np.ndarray]:
    """The sealed pockets of a periodic grid of open points: the connected regions (four neighbours,
    across the periodic sides too) that do not wrap around the grid, as flat indices, largest first.

    Args:
        open_grid: nx × ny booleans, True where the gap is open.
    """
    pockets = [np.array(sorted(m), dtype=np.int64) for m, wraps in _regions(open_grid, FACES) if not wraps]
    return sorted(pockets, key=len, reverse=True)


def pocket_slots(heights: np.ndarray) -> int:
    """Slots for a surface's pockets: :data:`PER_BASIN` for each of its basins (regions of local
    minima of the node heights, eight neighbours, periodic), at most :data:`MAX_POCKETS`.

    Args:
        heights: The surface's height at the grid points (nx × ny).
    """
    h = np.asarray(heights, dtype=float)
    lowest = np.ones_like(h, dtype=bool)
    for di, dj in NEIGHBOURS:
        lowest &= h <= np.roll(np.roll(h, di, axis=0), dj, axis=1)
    # a flat floor is one basin: count the regions of minima, whether or not they wrap
    return min(PER_BASIN * len(_regions(lowest, NEIGHBOURS)), MAX_POCKETS)


class PatchGas(GasSlots):
    """The patch's pocket slots and their UFL terms.

    Args:
        mesh: The patch's mesh.
        grid: Its bottom nodes as a grid (a node's grid point by its local index in the scalar Q2
            space, which numbers the nodes as the vector space does).
        slots: Number of pocket slots.
        ambient: Absolute pressure of the press atmosphere (Pa); 0 in a vacuum press.
    """

    def __init__(self, mesh: Any, grid: SurfaceGrid, slots: int, ambient: float) -> None:
        super().__init__(mesh, slots, ambient)
        self.grid = grid
        self.vented = 0  # pockets beyond the slots (left at the atmosphere's pressure) at the last update

    def residual(self, F: Any, volume_density: Any, T: Any, r: Any, v: Any, ds: Any, area: float) -> Any:
        """The gas terms: the gauge pressure on the melt's bottom over each pocket (the traction
        −g n da = −g cof(F) N dA) and each slot's equation (p_a + g) V − n T = 0, or g = 0 for a slot
        that holds no gas, both scaled to forces (times the patch's area over V_c).

        Args:
            F: Deformation gradient. volume_density: The gap volume per reference area at a point of the
                bottom. T: Temperature (K). r: Test function of the slots. v: Displacement test
                function. ds: The bottom's measure at the nodes. area: The patch's area λx λy (m²).
        """
        cof = ufl.det(F) * ufl.inv(F).T
        return self.terms(cof * ufl.FacetNormal(self.R.mesh), volume_density, T, r, v, ds, area)

    def set_volume_form(self, form: Any) -> None:
        """The compiled :meth:`~thermobond.simulation.gas.GasSlots.slot_volume_form`."""
        self._volume_form = form

    def volumes(self, members: list[np.ndarray | None]) -> np.ndarray:
        """Set the pocket indicator on this rank's nodes from the slots' grid points; every slot's
        volume (m³; collective)."""
        chi = self.indicator.x.array.reshape(-1, self.slots)
        chi[:] = 0.0
        idx = self.grid.index
        on = idx >= 0
        for j, run in enumerate(members):
            if run is not None:
                chi[on, j] = np.isin(idx[on], run)
        return self.slot_sums(self._volume_form)

    def seal(self, open_grid: np.ndarray, T: float) -> None:
        """Find the sealed pockets of the open grid points and update the slots (collective; every
        rank has the same grid). Pockets beyond the slots, the smallest, stay vented."""
        pockets = sealed_pockets(open_grid.reshape(self.grid.nx, self.grid.ny))
        self.vented = max(len(pockets) - self.slots, 0)
        self.update(pockets[: self.slots], self.volumes, T)

    def sealed_count(self) -> int:
        """How many slots hold gas."""
        return int(np.sum(np.asarray(self.active.value) > 0))
