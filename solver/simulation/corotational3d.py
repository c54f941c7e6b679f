"""The TPI's finite-strain Prony law in 3-D: branches rotated with each step (the 3-D patch).

The law of the interface cell (:mod:`thermobond.simulation.corotational`) in three dimensions. Each
branch stress h_i (a Kirchhoff stress deviator in the current configuration) is rotated with the step
and relaxes on reduced time:

    h_i ← A_i R h_i Rᵀ + B_i · 2 dev Δε,
    τ' = G∞ dev b̄ + R (Σ A_i h_i) Rᵀ + (Σ B_i) · 2 dev Δε,

with (R, Δε) the rotation and strain increment of the step (:mod:`thermobond.physics.objective`),
b̄ = J^{−2/3} F Fᵀ and the per-step factors (A_i, B_i) of
:func:`thermobond.physics.viscoelastic.step_factors` (exact exponential integration on reduced
time). 3-D rotations do not commute, so unlike the plane law, which keeps its branches in a frame
turned back by one angle, every branch is rotated at every commit (a 3 × 3 product per branch and
point, in NumPy). The residual sees two per-point coefficients (Σ A_i h_i, Σ B_i), never the branches.

Limits as in the plane law: small strain → the Prony solid; viscous (A_i → 0, B_i → η_i/Δt) → the
Newtonian fluid τ' = 2ηD, exactly in steady simple shear at any accumulated strain.

Symmetric tensors are stored as 6-vectors (xx, yy, zz, yz, xz, xy).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import ufl
from dolfinx import fem

from ..materials import Viscoelasticity
from ..physics.objective import step_kinematics3
from .corotational import BranchStates

__all__ = ["CorotationalProny3", "from_vec6", "to_vec6"]

_VOIGT = ((0, 0), (1, 1), (2, 2), (1, 2), (0, 2), (0, 1))


def to_vec6(t: Any) -> Any:
    """(xx, yy, zz, yz, xz, xy) of a symmetric 3 × 3 tensor."""
    return ufl.as_vector([t[i, j] for i, j in _VOIGT])


def from_vec6(v: Any) -> Any:
    """The symmetric 3 × 3 tensor of a 6-vector (xx, yy, zz, yz, xz, xy)."""
    return ufl.as_tensor([[v[0], v[5], v[4]], [v[5], v[1], v[3]], [v[4], v[3], v[2]]])


def _matrices(h: np.ndarray) -> np.ndarray:
    """(..., 3, 3) symmetric matrices of (..., 6) vectors."""
    m = np.empty((*h.shape[:-1], 3, 3))
    for k, (i, j) in enumerate(_VOIGT):
        m[..., i, j] = m[..., j, i] = h[..., k]
    return m


def _vectors(m: np.ndarray) -> np.ndarray:
    """(..., 6) vectors of (..., 3, 3) symmetric matrices."""
    return np.stack([m[..., i, j] for i, j in _VOIGT], axis=-1)


class CorotationalProny3(BranchStates):
    """Branch stresses, last converged deformation and step factors of a 3-D TPI region.

    Args:
        mesh: The (3-D) mesh.
        degree: Quadrature degree of the state.
        visco: The material's viscoelastic data (shear series, shift law).
        T_old, T, dt: UFL temperatures (K) at the start and end of the step and the step (s).
        name: Prefix of the function names.
    """

    def __init__(self, mesh: Any, degree: int, visco: Viscoelasticity, T_old: Any, T: Any, dt: Any, name: str) -> None:
        # branches in the current configuration; F stored row by row
        super().__init__(mesh, degree, visco, T_old, T, dt, name, 6, (9, (0, 4, 8)), 24)

    def _old(self) -> Any:
        v = self.F_old
        return ufl.as_tensor([[v[3 * i + j] for j in range(3)] for i in range(3)])

    def kirchhoff_deviator(self, F: Any) -> Any:
        """τ' of the module docstring (3 × 3, UFL) at the current deformation F."""
        R, de = step_kinematics3(F, self._old())
        return R * from_vec6(self.h_star) * R.T + 2.0 * self.b_sum * ufl.dev(de) + self._long_term(F)

    # As in the plane law, the state is updated on every quadrature point at once: points outside
    # the region's cells have zero step factors and zero increments, so their branches stay zero.
    def prepare(self, cells: np.ndarray) -> None:
        """Step factors for the current T, T_old and Δt, and the sums the residual uses."""
        self.factors.interpolate(self._factor_expr, cells0=cells)
        n = self.G.n_terms
        AB = self.factors.x.array.reshape(-1, n, 2)
        H = self.h.x.array.reshape(-1, n, 6)
        self.h_star.x.array.reshape(-1, 6)[:] = np.einsum("pi,pij->pj", AB[:, :, 0], H)
        self.b_sum.x.array[:] = AB[:, :, 1].sum(axis=1)

    def commit(self, F: Any, cells: np.ndarray) -> None:
        """h_i ← A_i R h_i Rᵀ + B_i 2 dev Δε and F_n ← F; afterwards the residual's sums hold the
        committed stress exactly (h_star = Σ h_i, Σ B = 0, F_n = F) for diagnostics read with Δt = 0."""
        if self._step_expr is None:
            R, de = step_kinematics3(F, self._old())
            dev = ufl.dev(de)
            comps = [R[i, j] for i in range(3) for j in range(3)] + [dev[i, j] for i, j in _VOIGT]
            comps += [F[i, j] for i in range(3) for j in range(3)]
            self._step_expr = fem.Expression(ufl.as_vector(comps), self._pts)
        self._step.interpolate(self._step_expr, cells0=cells)
        n = self.G.n_terms
        k = self._step.x.array.reshape(-1, 24)
        inside = self._inside(cells)
        R = k[:, :9].reshape(-1, 3, 3)
        R[~inside] = np.eye(3)
        AB = self.factors.x.array.reshape(-1, n, 2)
        H = self.h.x.array.reshape(-1, n, 6)
        rotated = _vectors(np.einsum("pij,pnjk,plk->pnil", R, _matrices(H), R))
        H[:] = AB[:, :, :1] * rotated + AB[:, :, 1:] * (2.0 * k[:, None, 9:15])
        self.F_old.x.array.reshape(-1, 9)[inside] = k[inside, 15:24]
        self.h_star.x.array.reshape(-1, 6)[:] = H.sum(axis=1)
        self.b_sum.x.array[:] = 0.0
