"""The surface nodes of the interface cell in the weak form: contact, bonds, and their chain.

Every surface node carries a frictionless unilateral penalty (k/2)⟨−g⟩² (energy per reference
length, g the normal gap; its derivative is the residual). A bonded node carries, besides, the
traction T = c (⟨δ_n⟩₊ n + δ_t t) from the surface point it bonded to
(:mod:`thermobond.physics.cohesive`): c = k for a tie of unlimited strength (no interface card), or
c = (1 − d) K0 for the card's cohesive law, the damage d following the opening with the damage
viscosity. Node state enters the forms through nodal fields (bonded, anchor, strength, largest
opening, damage, pressed), set from the chain's :class:`~.surfacestate.SurfaceState` after each
step. The chain (all ranks hold it: it is small) runs along the bottom of the TPI, then up a rib's
free side; on a periodic cell its right end is its left end's copy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import ufl
from dolfinx import default_scalar_type, fem

from ..materials.interfacecard import InterfaceCard
from ..physics.cohesive import damage, effective_opening, regularized_damage, separation
from ..physics.contact import gap
from ..physics.uflmath import UFL
from .surfacestate import BondLaw, SurfaceState

__all__ = ["DAMAGE_TIME", "CellSurface"]

# damage viscosity of the bonds (s): short against the cycle's minutes, long against a cut-back step
DAMAGE_TIME = 1.0


class CellSurface:
    """The cell's surface nodes: their nodal fields, their contact and bond terms, their chain.

    Args:
        V: The displacement space; ``u`` the displacement.
        profile: The rigid surface.
        card: The interface card of the bonds (None: ties of unlimited strength).
        glassy_shear: The TPI's glassy shear modulus (Pa), for the bonds' stiffness.
        spacing: Node spacing along the surface (m).
    """

    def __init__(
        self, V: Any, u: Any, profile: Any, card: InterfaceCard | None, glassy_shear: float, spacing: float
    ) -> None:
        msh = V.mesh
        self.mesh, self.V, self.u, self.profile, self.card = msh, V, u, profile, card
        self.S2 = fem.functionspace(msh, ("Lagrange", 2))
        self.bonded = fem.Function(self.S2, name="bonded")
        self.anchor = fem.Function(V, name="anchor")
        self.strength = fem.Function(self.S2, name="bond_strength_Pa")
        self.kappa = fem.Function(self.S2, name="largest_opening_m")
        self.damage = fem.Function(self.S2, name="bond_damage")
        self.pressed = fem.Function(self.S2, name="pressed")
        self.k = fem.Constant(msh, default_scalar_type(1.0))  # contact penalty (Pa/m), set per step
        self.x = ufl.SpatialCoordinate(msh) + u
        # initial stiffness of the cohesive law: the contact penalty of the glassy TPI (fixed, so the
        # opening history means the same all cycle); δ0 = σ_c/K0 is then a small fraction of a nanometre
        self.K0 = 0.0 if card is None else 100.0 * glassy_shear / spacing

    def residual(self, v: Any, ds: Any, dt: Any) -> Any:
        """Contact of every node and bonds of bonded nodes (module docstring); ``dt`` the step (s)."""
        x, a = self.x, self.anchor
        contact = 0.5 * self.k * ufl.max_value(-gap(x, self.profile), 0.0) ** 2 * ds
        slope = self.profile.slope(a[0], UFL)
        dn, dt_ = separation(x[0] - a[0], x[1] - a[1], slope, UFL)
        s = ufl.sqrt(1.0 + slope**2)
        normal = ufl.as_vector([-slope / s, 1.0 / s])
        tangent = ufl.as_vector([1.0 / s, slope / s])
        if self.card is None:
            coef: Any = self.k
        else:
            opening = effective_opening(dn, (1.0 - self.pressed) * dt_, UFL)  # a pressed node sticks
            target = damage(
                ufl.max_value(self.kappa, opening),
                self.strength / self.K0,
                2.0 * self.card.intrinsic_toughness / self.card.cohesive_strength,
                UFL,
            )
            coef = (1.0 - regularized_damage(self.damage, target, dt, DAMAGE_TIME, UFL)) * self.K0
        traction = coef * (ufl.max_value(dn, 0.0) * normal + dt_ * tangent)
        return ufl.derivative(contact, self.u, v) + self.bonded * ufl.inner(traction, v) * ds

    def index(
        self,
        mesh_data: Any,
        y0: float | None,
        length: float,
        cyclic: bool,
        bond_rate: Callable[[float, float, float, float], float] | None,
    ) -> None:
        """Build the node chain (collective) and its state.

        Args:
            mesh_data: The cell's mesh data (the ``surface`` facet group).
            y0: Reference height of the TPI's flat bottom (m); None for a bottom that is a graph
                over x (an imported cell: the chain runs along x alone, with no rib side).
            length: The cell length (m).
            cyclic: Periodic sides.
            bond_rate: The card's kinetics over a step (see :class:`~.surfacestate.BondLaw`).
        """
        comm = self.mesh.comm
        tdim = self.mesh.topology.dim
        facets = mesh_data.facet_tags.find(mesh_data.physical_groups["surface"].tag)
        sdofs = fem.locate_dofs_topological(self.S2, tdim - 1, facets)
        nloc = self.S2.dofmap.index_map.size_local
        coords = self.S2.tabulate_dof_coordinates()[sdofs]
        # along the bottom, then up a rib's side
        chain = coords[:, 0] + (coords[:, 1] - y0) if y0 is not None else coords[:, 0]
        own = sdofs < nloc
        allc = np.unique(np.concatenate(comm.allgather(chain[own])))
        tol = 1e-9 * length
        if cyclic:
            allc = allc[allc < length - tol]  # the right end is the left end's copy
        self.X = allc  # chain coordinate of each node (its reference x on the bottom)
        n = allc.size
        index = np.clip(np.searchsorted(allc, chain - tol), 0, n - 1)
        shift = np.zeros(chain.size)
        if cyclic:
            wrap = chain >= length - tol
            index[wrap] = 0
            shift[wrap] = length  # the copy's anchor is its twin's, one period on
        self._sdofs, self._index, self._shift_x, self._own = sdofs, index, shift, own
        self._coords = coords[:, :2]
        card = self.card
        law = BondLaw(
            None if card is None else card.cohesive_strength,
            0.0 if card is None else card.intrinsic_toughness,
            self.K0,
            bond_rate,
            DAMAGE_TIME,
        )
        self.state = SurfaceState(n, cyclic, length, law, self.profile)

    def positions(self) -> tuple[np.ndarray, np.ndarray]:
        """Current (x, y) of every node of the chain (collective; the same on all ranks)."""
        u = self.u.x.array.reshape(-1, 2)[self._sdofs]
        own = self._own & (self._shift_x == 0)
        comm = self.mesh.comm
        idx = np.concatenate(comm.allgather(self._index[own]))
        pos = np.concatenate(comm.allgather((self._coords + u)[own]))
        out = np.zeros((self.X.size, 2))
        out[idx] = pos
        return out[:, 0], out[:, 1]

    def gaps(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Normal gap of every node to the surface (m)."""
        return (y - self.profile(x)) / np.sqrt(1 + self.profile.slope(x) ** 2)

    def commit(self, t: float, step: tuple[float, float, float, float], hot: bool) -> None:
        """Contact, bonds and damage after a converged step (collective); the nodal fields follow.

        Args:
            t: End of the step (s).
            step: (t0, t1, T0, T1) of the step (s, K).
            hot: At or above the bonding temperature.
        """
        x, y = self.positions()
        g = self.gaps(x, y)
        k = float(self.k.value)
        st = self.state
        st.commit(t, step, x, y, k * np.maximum(-g, 0.0), g, k, hot)
        i, sd = self._index, self._sdofs
        self.bonded.x.array[sd] = st.bonded[i].astype(float)
        a = self.anchor.x.array.reshape(-1, 2)
        a[sd, 0] = st.anchor_x[i] + self._shift_x
        a[sd, 1] = st.anchor_y[i]
        if self.card is not None:
            self.strength.x.array[sd] = st.strength()[i]
            self.kappa.x.array[sd] = st.kappa[i]
            self.damage.x.array[sd] = st.damage[i]
            self.pressed.x.array[sd] = st.pressed[i].astype(float)

    def scatter(self, values: np.ndarray, target: np.ndarray) -> None:
        """Write per-node values (chain order, any trailing shape) into a nodal array of the mesh."""
        target[self._sdofs] = values[self._index]
