"""Prony-branch state at quadrature points, shared by the small- and finite-strain TPI laws.

With a strain measure m (2 dev ε for small strain, the isochoric PK2 stress S̄ of a unit neo-Hookean
solid for finite strain; both 4-vectors xx, yy, zz, xy), each branch follows
h_i^{n+1} = A_i h_i^n + B_i (m^{n+1} − m^n) with per-step factors (A_i, B_i) that depend on the
temperatures and Δt only (:func:`thermobond.physics.viscoelastic.step_factors`). The deviatoric
stress is s = G∞ m + Σ A_i h_i + (Σ B_i)(m − m^n): linear in the current measure, with two
per-point coefficients computed once before the solve.
"""

from __future__ import annotations

from typing import Any

import basix.ufl
import numpy as np
import ufl
from dolfinx import fem

from ..materials import Viscoelasticity
from ..physics.viscoelastic import reduced_time_increments, step_factors

__all__ = ["SUBSTEPS", "PronyState"]

SUBSTEPS = 4  # sub-intervals of the Maxwell update per step (see thermobond.physics.viscoelastic)


class PronyState:
    """Branch stresses, previous measure and step factors of one thermoplastic region.

    Args:
        mesh: The mesh.
        degree: Quadrature degree of the state.
        visco: The material's viscoelastic data (shear series, shift law).
        T_old, T, dt: UFL temperatures (K) at the start and end of the step and the step (s).
        name: Prefix of the function names.
    """

    def __init__(self, mesh: Any, degree: int, visco: Viscoelasticity, T_old: Any, T: Any, dt: Any, name: str) -> None:
        self.G = visco.shear
        n = self.G.n_terms
        self._mesh, self._degree, self._name = mesh, degree, name
        self.h = self._state((n, 4), "branch_stress")
        self.m_old = self._state((4,), "strain_measure")
        self.factors = self._state((n, 2), "step_factors")
        self.h_star = self._state((4,), "decayed_branch_stress")  # Σ A_i h_i
        self.b_sum = self._state((), "step_compliance")  # Σ B_i
        self._m_new = self._state((4,), "strain_measure_new")
        dxi = reduced_time_increments(visco.shift, T_old, T, dt, SUBSTEPS)
        ab = step_factors(dxi, self.G.moduli.tolist(), self.G.times.tolist())
        self._pts = self.factors.function_space.element.interpolation_points
        self._factor_expr = fem.Expression(ufl.as_tensor([[a, b] for a, b in ab]), self._pts)
        self._measure_expr: Any = None

    def _state(self, shape: tuple[int, ...], what: str) -> Any:
        el = basix.ufl.quadrature_element(self._mesh.basix_cell(), value_shape=shape, degree=self._degree)
        return fem.Function(fem.functionspace(self._mesh, el), name=f"{self._name}_{what}")

    def deviatoric(self, m: Any) -> Any:
        """s = G∞ m + Σ A_i h_i + (Σ B_i)(m − m^n) as a 4-vector."""
        return self.G.long_term * m + self.h_star + self.b_sum * (m - self.m_old)

    def _rows(self, cells: np.ndarray) -> np.ndarray:
        return np.unique(self.h.function_space.dofmap.list[cells].ravel())

    def prepare(self, cells: np.ndarray) -> None:
        """Step factors for the current T, T_old and Δt, and the sums the residual uses."""
        self.factors.interpolate(self._factor_expr, cells0=cells)
        n = self.G.n_terms
        rows = self._rows(cells)
        AB = self.factors.x.array.reshape(-1, n, 2)[rows]
        H = self.h.x.array.reshape(-1, n, 4)[rows]
        self.h_star.x.array.reshape(-1, 4)[rows] = np.einsum("pi,pij->pj", AB[:, :, 0], H)
        self.b_sum.x.array[rows] = AB[:, :, 1].sum(axis=1)

    def effective_modulus(self, cells: np.ndarray) -> float:
        """Largest algorithmic modulus G∞ + Σ B_i of the prepared step on ``cells`` (local, Pa)."""
        rows = self._rows(cells)
        return float(self.G.long_term + (self.b_sum.x.array[rows].max() if rows.size else 0.0))

    def commit(self, m: Any, cells: np.ndarray) -> None:
        """h_i ← A_i h_i + B_i Δm and m^n ← m; afterwards the residual's sums hold the committed
        stress exactly (h_star = Σ h_i, Σ B = 0), for diagnostics read with Δt = 0."""
        if self._measure_expr is None:
            self._measure_expr = fem.Expression(m, self._pts)
        self._m_new.interpolate(self._measure_expr, cells0=cells)
        n = self.G.n_terms
        rows = self._rows(cells)
        AB = self.factors.x.array.reshape(-1, n, 2)[rows]
        H = self.h.x.array.reshape(-1, n, 4)
        m_new = self._m_new.x.array.reshape(-1, 4)[rows]
        dm = m_new - self.m_old.x.array.reshape(-1, 4)[rows]
        H[rows] = AB[:, :, :1] * H[rows] + AB[:, :, 1:] * dm[:, None, :]
        self.m_old.x.array.reshape(-1, 4)[rows] = m_new
        self.h_star.x.array.reshape(-1, 4)[rows] = H[rows].sum(axis=1)
        self.b_sum.x.array[rows] = 0.0

    def reset(self) -> None:
        for f in (self.h, self.m_old, self.h_star, self.b_sum):
            f.x.array[:] = 0.0
