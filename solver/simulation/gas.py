"""Gas trapped in the valleys of the metal surface: one ideal-gas volume per closed valley.

A valley is a run of surface nodes out of contact between two contacts (or a contact and a
symmetry plane). Air that is in it when it closes stays in it (``sealed``): its amount is
n = p_a V_c / T_c (per unit depth, in p·V/T units), p_a the press atmosphere's absolute pressure
(0 in a vacuum press), V_c and T_c the valley's volume and the cell temperature when it closed.
From then on its absolute pressure follows the ideal gas law p V = n T at the cell temperature,
and presses on the TPI's free surface with the gauge pressure p − p_a (the press pressure is a
gauge pressure too: both are measured against the same atmosphere, which alone loads nothing).

The gauge pressure of each valley is an unknown of the Newton solve (a real-space unknown per
valley slot), with the equation (p_a + g) V(u) − n T = 0 for a sealed valley and g = 0 for an open
one, V(u) the area between the deformed free surface and the metal:

    V = ∫_valley (y − f(x)) (F T)_x dS,  T the reference tangent of the surface,

so the gas pressure and the flow are consistent within each step. A valley that splits shares its
gas by volume; valleys that merge add theirs.
"""

from __future__ import annotations

from typing import Any

import basix.ufl
import numpy as np
import ufl
from dolfinx import default_scalar_type, fem, la
from mpi4py import MPI

from ..physics.uflmath import UFL

__all__ = ["GasSlots", "GasValleys", "valley_runs", "valley_slots"]


def valley_runs(free: np.ndarray, cyclic: bool) -> list[np.ndarray]:
    """The closed valleys: runs of free nodes bounded by nodes in contact (or a symmetry end of a
    non-periodic chain). A chain with no contact at all has no closed valley."""
    n = free.size
    if free.all() or not free.any():
        return []
    if cyclic:
        start = int(np.flatnonzero(~free)[0])  # begin the walk at a node in contact
        order = (start + np.arange(n)) % n
    else:
        order = np.arange(n)
    runs, cur = [], []
    for i in order:
        if free[i]:
            cur.append(i)
        elif cur:
            runs.append(np.array(cur))
            cur = []
    if cur:
        runs.append(np.array(cur))
    return runs


def valley_slots(profile: Any, length: float) -> int:
    """Slots for the valleys: one per local minimum of the surface over the cell, and two spare."""
    z = profile(np.linspace(0.0, length, 4001))
    return int(np.sum((z[1:-1] < z[:-2]) & (z[1:-1] <= z[2:]))) + 2


class GasSlots:
    """Slots for the sealed volumes of gas, their amounts and their gauge pressures (the Newton
    unknowns): the bookkeeping shared by the cell's valleys and the patch's pockets
    (:mod:`.patchgas`). What a slot holds is a set of surface-node indices, matched from step to step.

    Args:
        mesh: The mesh.
        slots: Number of slots (at least the number of volumes the surface can seal).
        ambient: Absolute pressure of the press atmosphere (Pa); 0 in a vacuum press.
    """

    def __init__(self, mesh: Any, slots: int, ambient: float) -> None:
        self.slots = slots
        self.ambient = ambient
        cell = mesh.basix_cell()
        self.R = fem.functionspace(mesh, basix.ufl.real_element(cell, value_shape=(slots,)))
        self.gauge = fem.Function(self.R, name="gas_gauge_pressure_Pa")
        self.indicator = fem.Function(fem.functionspace(mesh, ("Lagrange", 2, (slots,))), name="valley")
        z = np.zeros(slots, dtype=default_scalar_type)
        self.active = fem.Constant(mesh, z.copy())
        self.inv_volume = fem.Constant(mesh, z.copy() + 1.0)  # 1/V_c of each slot (1/m² or 1/m³)
        self.amount_ratio = fem.Constant(mesh, z.copy())  # n/V_c (Pa/K)
        self.amount = np.zeros(slots)  # n = p V / T (Pa m² / K per depth, or Pa m³ / K)
        self.members: list[np.ndarray | None] = [None] * slots

    def update(self, runs: list[np.ndarray], volumes: Any, T: float) -> None:
        """Match the closed volumes found after a step to the slots, seal new ones, share gas on a split.

        Args:
            runs: The closed volumes (surface-node indices: of the cell's chain, of the patch's grid).
            volumes: Called with the slots' members after they are set, returns every slot's volume
                (m² per unit depth in the cell, m³ in the patch) (collective).
            T: Temperature (K).
        """
        old = self.members
        new: list[np.ndarray | None] = [None] * self.slots
        inherited: list[list[int]] = [[] for _ in range(self.slots)]
        if len(runs) > self.slots:
            raise ValueError(f"more than {self.slots} closed valleys: raise the number of valley slots")
        # each volume, largest first, keeps the slot of an old one it overlaps if that slot is untaken;
        # the rest take any slot left (one that held nothing, closed up, or merged into another)
        waiting = []
        for run in sorted(runs, key=len, reverse=True):
            overlap = [j for j, nodes in enumerate(old) if nodes is not None and np.intersect1d(nodes, run).size]
            target = next((j for j in overlap if new[j] is None), None)
            if target is None:
                waiting.append((run, overlap))
            else:
                new[target], inherited[target] = run, overlap
        for run, overlap in waiting:
            target = next(j for j in range(self.slots) if new[j] is None)
            new[target], inherited[target] = run, overlap
        self.members = new
        vol = np.asarray(volumes(new))
        amount = np.zeros(self.slots)
        # gas of each old slot, shared among the new slots that overlap it by their volume
        for j_old in range(self.slots):
            if old[j_old] is None or self.amount[j_old] == 0.0:
                continue
            heirs = [j for j in range(self.slots) if j_old in inherited[j]]
            total = sum(vol[j] for j in heirs)
            for j in heirs:
                amount[j] += self.amount[j_old] * (vol[j] / total if total > 0 else 1.0 / len(heirs))
        for j in range(self.slots):
            if new[j] is not None and not inherited[j]:
                amount[j] = self.ambient * max(vol[j], 0.0) / T  # newly closed: air at ambient
        self.amount = amount
        active = np.array([new[j] is not None and amount[j] > 0 for j in range(self.slots)], float)
        vref = np.where(active > 0, np.maximum(vol, 1e-300), 1.0)
        self.active.value[:] = active
        self.inv_volume.value[:] = 1.0 / vref
        self.amount_ratio.value[:] = np.where(active > 0, amount / vref, 0.0)

    def terms(self, cof_normal: Any, density: Any, T: Any, r: Any, v: Any, ds: Any, size: float) -> Any:
        """The gas terms of the residual: each slot's gauge pressure g on the layer's free surface over
        its volume (the traction −g n da = −g cof(F) N dA) and each slot's equation,
        (p_a + g) V/V_c − n T/V_c = 0 for a slot that holds gas, g = 0 for one that does not.

        Args:
            cof_normal: cof(F) N, the reference normal carried to the current area.
            density: The volume between the surface and the metal per reference measure of ``ds``.
            T: Temperature (K). r: Test function of the slots. v: Displacement test function.
            ds: The surface's measure. size: Its reference measure (the cell's length, the patch's
                area): the equations are multiplied by it, so that their rows are forces.
        """
        chi, g = self.indicator, self.gauge
        load = sum(chi[j] * g[j] for j in range(self.slots)) * ufl.inner(cof_normal, v) * ds
        eqs = 0
        for j in range(self.slots):
            a = self.active[j]
            sealed = a * (self.ambient + g[j]) * chi[j] * density * self.inv_volume[j]
            rest = (-a * self.amount_ratio[j] * T + (1.0 - a) * g[j]) / size
            eqs = eqs + size * (sealed + rest) * r[j] * ds
        return load + eqs

    def slot_volume_form(self, density: Any, ds: Any) -> Any:
        """Σ_j V_j r_j as a linear form on the slot space (assemble it to get every slot's volume)."""
        r = ufl.TestFunction(self.R)
        return sum(self.indicator[j] * density * r[j] for j in range(self.slots)) * ds

    def slot_sums(self, form: Any) -> np.ndarray:
        """Assemble a linear form on the slot space: every slot's value, the same on every rank
        (collective)."""
        vec = fem.assemble_vector(form)
        vec.scatter_reverse(la.InsertMode.add)
        local = np.zeros(self.slots)
        if self.R.dofmap.index_map.size_local > 0:  # the slots live on the rank that owns the real DOF
            local[:] = vec.array[: self.slots]
        return np.asarray(self.R.mesh.comm.allreduce(local, op=MPI.SUM))

    def pressures(self) -> np.ndarray:
        """Absolute gas pressure of each slot (Pa; the ambient for an open one)."""
        return self.ambient + np.asarray(self.gauge.x.array[: self.slots]) * np.asarray(self.active.value)


class GasValleys(GasSlots):
    """The cell's valley slots and their UFL terms (a valley per run of free nodes of the chain).

    Args:
        mesh: The mesh.
        slots: Number of valley slots (at least the number of valleys the surface can form).
        ambient: Absolute pressure of the press atmosphere (Pa); 0 in a vacuum press.
    """

    def residual(self, F: Any, X: Any, profile: Any, T: Any, r: Any, v: Any, ds: Any, length: float, N: Any) -> Any:
        """The gas terms of the residual: the load on the free surface and each slot's equation.

        Args:
            F: Deformation gradient (3×3). X: current position (x, y). profile: the surface.
            T: Cell temperature (K). r: test function of the slots. v: displacement test function.
            ds: The surface measure. length: Reference length of the surface (m). N: facet normal.
        """
        cof = ufl.as_tensor([[F[1, 1], -F[1, 0]], [-F[0, 1], F[0, 0]]])
        cof_normal = cof * ufl.as_vector([N[0], N[1]])
        return self.terms(cof_normal, self.area_density(F, X, profile, N), T, r, v, ds, length)

    @staticmethod
    def area_density(F: Any, X: Any, profile: Any, N: Any) -> Any:
        """(y − f(x)) (F T)_x: area between the deformed surface and the metal per reference length."""
        Tx, Ty = -N[1], N[0]
        dx = F[0, 0] * Tx + F[0, 1] * Ty
        return (X[1] - profile(X[0], UFL)) * dx

    def volume_form(self, F: Any, X: Any, profile: Any, N: Any, ds: Any) -> Any:
        """Σ_j V_j r_j as a linear form on the slot space (assemble to get every valley's volume)."""
        return self.slot_volume_form(self.area_density(F, X, profile, N), ds)

    def set_volume_form(self, form: Any, surface: Any) -> None:
        """The compiled :meth:`volume_form` and the cell's surface (its node chain)."""
        self._volume_form, self._surface = form, surface

    def volumes(self, members: list[np.ndarray | None]) -> np.ndarray:
        """Set the valley indicator from the slot membership of the chain's nodes; every slot's volume
        (m² per unit depth; collective)."""
        m = np.zeros((self._surface.X.size, self.slots))
        for j, run in enumerate(members):
            if run is not None:
                m[run, j] = 1.0
        chi = self.indicator.x.array.reshape(-1, self.slots)
        chi[:] = 0.0
        self._surface.scatter(m, chi)
        return self.slot_sums(self._volume_form)
