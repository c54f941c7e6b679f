"""The surface nodes of the interface cell: where contact is, which points are bonded, how strongly.

Pure NumPy (every rank holds the whole, small, node chain and computes the same thing).

Contact measure. A node is in contact when its contact pressure p = k⟨−g⟩ is positive (the active
set of the penalty), not when its gap is below a tolerance. Between the last node in contact and
the first free one the contact edge is located by extrapolating p² linearly to zero from the last
two nodes in contact: near the edge of a contact of elastic bodies the pressure falls as the square
root of the distance to the edge (Johnson, Contact Mechanics, 1985, §5.2 and §13.2), so p² is linear
there. Where that is not available (a single node in contact, or p not decreasing toward the edge)
the edge is the zero of the signed gap (−p/k in contact, g outside) between the two nodes.

Bonds. A node bonds when it is in contact at or above the bonding temperature; the stretch of a
node interval that is in contact while hot is bonded up to the contact edge (the largest extent it
ever reached), so the bonded length is measured with the contact edge and not a node later. A bond
develops with the card's kinetics from the moment it formed, D_b = 1 − exp(−∫ k dt) (the interval of
the step is integrated with :meth:`~thermobond.materials.interfacecard.BondKinetics.integral`), and
carries the cohesive law of :mod:`thermobond.physics.cohesive` with σ_c = D_b σ_max. A node that was
pressed onto the surface at the end of the last step sticks (the no-slip wall of a melt): only its
normal opening damages the bond; otherwise the shear does too. A damaged node that is pressed again
while hot is re-anchored where it is (it bonds anew to the surface it is pressed on and keeps its
bond degree); a node damaged through (d = 1) is debonded. It may bond again if it touches again
while hot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..materials.mathns import NUMPY
from ..physics.cohesive import damage, effective_opening, regularized_damage, separation

__all__ = ["BondLaw", "SurfaceState", "contact_edges", "interval_lengths"]


@dataclass(frozen=True)
class BondLaw:
    """The cohesive law of bonded nodes (None strength: a tie of unlimited strength).

    Attributes:
        strength: σ_max of a fully developed bond (Pa), or None.
        toughness: Γ_int of a fully developed bond (J/m²).
        stiffness: K0, the initial stiffness (Pa/m).
        bond_rate: (t0, t1, T0, T1) → ∫ k dt over the step (the card's kinetics), or None (D_b = 1).
        damage_time: The damage viscosity η_d (s).
    """

    strength: float | None
    toughness: float
    stiffness: float
    bond_rate: Callable[[float, float, float, float], float] | None
    damage_time: float = 1.0

    @property
    def final_opening(self) -> float:
        """δ_f = 2Γ/σ_max (m) (infinite for an unlimited tie)."""
        return np.inf if self.strength is None else 2.0 * self.toughness / self.strength


def _neighbours(m: int, cyclic: bool) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i, i + 1) of the chain, with the closing pair of a cyclic one."""
    i = np.arange(m - 1 if not cyclic else m)
    return i, (i + 1) % m


def contact_edges(
    x: np.ndarray, p: np.ndarray, g: np.ndarray, k: float, cyclic: bool, period: float
) -> tuple[np.ndarray, np.ndarray]:
    """Per node interval (i, i + 1): the length in contact from its left node and from its right node (m).

    Args:
        x: Current positions along the surface (m), increasing along the chain.
        p: Contact pressure at each node (Pa); in contact where positive.
        g: Gap at each node (m).
        k: Penalty (Pa/m): the signed gap of a node in contact is −p/k.
        cyclic: A periodic chain (its last interval closes on the first node, shifted by ``period``).
        period: Length of the period (m) (cyclic only).
    """
    m = x.size
    ii, jj = _neighbours(m, cyclic)
    xj = x[jj] + np.where(jj < ii, period, 0.0)
    width = xj - x[ii]
    on = p > 0
    from_left = np.where(on[ii] & on[jj], width, 0.0)
    from_right = np.zeros_like(from_left)
    signed = np.where(on, -p / k, g)
    for side in (0, 1):
        # side 0: left node in contact, right free; side 1: the mirror case
        sel = np.flatnonzero((on[ii] & ~on[jj]) if side == 0 else (~on[ii] & on[jj]))
        for q in sel:
            a, b = (ii[q], jj[q]) if side == 0 else (jj[q], ii[q])
            w = width[q]
            # the node beyond a, inward of the contact (None at a symmetry plane)
            step = -1 if side == 0 else 1
            c = a + step
            if cyclic:
                c %= m
            inward = 0 <= c < m and on[c] and c != b
            ext = None
            if inward and p[c] > p[a]:
                dxc = abs(x[a] - x[c])
                if cyclic and dxc > 0.5 * period:
                    dxc = period - dxc
                ext = dxc * p[a] ** 2 / (p[c] ** 2 - p[a] ** 2)
            if ext is None or not np.isfinite(ext):
                ext = w * (-signed[a]) / max(signed[b] - signed[a], 1e-300)
            ext = float(np.clip(ext, 0.0, w))
            if side == 0:
                from_left[q] = ext
            else:
                from_right[q] = ext
    return from_left, from_right


def interval_lengths(x: np.ndarray, cyclic: bool, period: float) -> np.ndarray:
    """Width of each node interval of the chain (m)."""
    ii, jj = _neighbours(x.size, cyclic)
    return x[jj] + np.where(jj < ii, period, 0.0) - x[ii]


class SurfaceState:
    """Contact and bond state of the surface node chain.

    Args:
        n: Number of nodes in the chain (a periodic chain without its duplicate end node).
        cyclic: Whether the chain is periodic.
        period: The cell length (m): the period, or the half period of a symmetric cell.
        law: The bond law.
        profile: The rigid surface z = f(x) (``__call__`` and ``slope`` on arrays).
    """

    def __init__(self, n: int, cyclic: bool, period: float, law: BondLaw, profile: Any) -> None:
        self.n, self.cyclic, self.period, self.law, self.profile = n, cyclic, period, law, profile
        self.first_contact = np.full(n, np.nan)
        self.bonded = np.zeros(n, bool)
        self.bond_time = np.full(n, np.nan)
        self.anchor_x = np.zeros(n)
        self.anchor_y = np.zeros(n)
        self.integral = np.zeros(n)  # ∫ k dt of each bond since it formed
        self.kappa = np.zeros(n)  # largest opening since the bond formed (m)
        self.damage = np.zeros(n)  # d of the cohesive law
        self.pressed = np.zeros(n, bool)  # in contact at the end of the last step: sticks
        self.ever_bonded = np.zeros(n, bool)
        self.debonded = np.zeros(n, bool)  # bonded once, opened to δ_f, not bonded again
        m = n if cyclic else n - 1
        self.partial = np.zeros((m, 2))  # bonded length of each interval from its left / right node
        self.in_contact = np.zeros(n, bool)
        self.pressure = np.zeros(n)
        self.contact_from = (np.zeros(m), np.zeros(m))
        self.x = np.zeros(n)
        self.y = np.zeros(n)

    # ---- the law -------------------------------------------------------------------------------
    @property
    def bond_degree(self) -> np.ndarray:
        """D_b of every node (0 where unbonded)."""
        if self.law.bond_rate is None:
            return self.bonded.astype(float)
        return np.where(self.bonded, -np.expm1(-self.integral), 0.0)

    def strength(self) -> np.ndarray:
        """σ_c = D_b σ_max of every node (Pa); +inf for an unlimited tie."""
        if self.law.strength is None:
            return np.full(self.n, np.inf)
        return self.bond_degree * self.law.strength

    def opening(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(δ_n, δ_t) of every node from its anchor (m)."""
        return separation(x - self.anchor_x, y - self.anchor_y, self.profile.slope(self.anchor_x), NUMPY)

    def damage_opening(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """λ that drives the damage: the normal opening of a pressed node, else the effective opening (m)."""
        dn, dt = self.opening(x, y)
        return effective_opening(dn, np.where(self.pressed, 0.0, dt), NUMPY)

    def tractions(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cohesive (normal, shear) traction of every bonded node at the positions (x, y) (Pa), with
        the committed damage."""
        dn, dt = self.opening(x, y)
        s = np.where(self.bonded, (1.0 - self.damage) * self.law.stiffness, 0.0)
        return s * np.maximum(dn, 0.0), s * dt

    # ---- after a converged step ----------------------------------------------------------------
    def commit(
        self,
        t: float,
        step: tuple[float, float, float, float],
        x: np.ndarray,
        y: np.ndarray,
        p: np.ndarray,
        g: np.ndarray,
        k: float,
        hot: bool,
    ) -> None:
        """Record contact, bonds, their development and damage at the end of a step.

        Args:
            t: Time at the end of the step (s).
            step: (t0, t1, T0, T1) of the step (s, K), for the bond kinetics.
            x, y: Current node positions (m).
            p: Contact pressure of every node (Pa).
            g: Gap of every node (m).
            k: The contact penalty (Pa/m).
            hot: At or above the bonding temperature.
        """
        self.x, self.y = x, y
        on = p > 0
        self.in_contact, self.pressure = on, p
        self.first_contact[on & np.isnan(self.first_contact)] = t
        law = self.law
        self.strength_before = self.strength()  # σ_c the step was solved with
        if law.bond_rate is not None and step[1] > step[0]:
            self.integral[self.bonded] += law.bond_rate(*step)
        if law.strength is not None:
            kappa = np.maximum(self.kappa, self.damage_opening(x, y))
            target = damage(kappa, self.strength_before / law.stiffness, law.final_opening, NUMPY)
            d = regularized_damage(self.damage, target, step[1] - step[0], law.damage_time, NUMPY)
            self.kappa = np.where(self.bonded, kappa, 0.0)
            self.damage = np.where(self.bonded, d, 0.0)
            gone = self.bonded & (self.damage >= 1.0 - 1e-9)
            self._release(gone)
            self.debonded |= gone
            if hot:  # damaged, and pressed on the surface again: bond anew where it is, keep the bond degree
                again = self.bonded & on & (self.damage > 0.0)
                self._anchor(again, x)
                self.kappa[again] = 0.0
                self.damage[again] = 0.0
        self.contact_from = contact_edges(x, p, g, k, self.cyclic, self.period)
        if hot:
            new = on & ~self.bonded
            self.bonded |= new
            self.ever_bonded |= new
            self.debonded &= ~new
            self.bond_time[new] = t
            self.integral[new] = 0.0
            self.kappa[new] = 0.0
            self.damage[new] = 0.0
            self._anchor(new, x)
            ii, jj = _neighbours(self.n, self.cyclic)
            left, right = self.contact_from
            self.partial[:, 0] = np.where(self.bonded[ii], np.maximum(self.partial[:, 0], left), self.partial[:, 0])
            self.partial[:, 1] = np.where(self.bonded[jj], np.maximum(self.partial[:, 1], right), self.partial[:, 1])
        self.pressed = on

    def _anchor(self, which: np.ndarray, x: np.ndarray) -> None:
        self.anchor_x[which] = x[which]
        self.anchor_y[which] = self.profile(x[which])

    def _release(self, which: np.ndarray) -> None:
        if not which.any():
            return
        self.bonded &= ~which
        ii, jj = _neighbours(self.n, self.cyclic)
        self.partial[which[ii], 0] = 0.0
        self.partial[which[jj], 1] = 0.0

    # ---- measures ------------------------------------------------------------------------------
    def contact_length(self) -> float:
        """Length of the surface in contact (m, projected)."""
        left, right = self.contact_from
        ii, jj = _neighbours(self.n, self.cyclic)
        width = interval_lengths(self.x, self.cyclic, self.period)
        both = self.in_contact[ii] & self.in_contact[jj]
        return float(np.sum(np.where(both, width, np.minimum(left + right, width))))

    def bonded_length(self, coordinate: Callable[[np.ndarray], np.ndarray] | None = None) -> float:
        """Bonded length (m): projected, or along ``coordinate`` (e.g. the arc length of the profile).

        An interval between two bonded nodes counts from anchor to anchor (never less than either
        contact edge reached into it); an interval with one bonded node, as far as the contact edge
        reached into it while hot (never less than that while the node stays bonded: the measure does
        not shrink as the free node moves).
        """
        ii, jj = _neighbours(self.n, self.cyclic)
        xa = np.where(self.bonded, self.anchor_x, self.x)
        width = interval_lengths(xa, self.cyclic, self.period)
        both = self.bonded[ii] & self.bonded[jj]
        left = self.partial[:, 0] * self.bonded[ii]
        right = self.partial[:, 1] * self.bonded[jj]
        # a closed interval is its width, not the sum of the two edges that once reached into it (which
        # overcounted); never less than either edge was, so closing an interval never shrinks the measure
        length = np.where(both, np.maximum(width, np.maximum(left, right)), left + right)
        if coordinate is None:
            return float(np.sum(length))
        s = coordinate(xa)
        period = float(coordinate(np.array([self.period]))[0] - coordinate(np.zeros(1))[0])
        ds = interval_lengths(s, self.cyclic, period)
        ratio = np.where(width > 0, ds / np.where(width > 0, width, 1.0), 1.0)
        return float(np.sum(length * ratio))
