"""Finite-strain Prony branches on corotational logarithmic strain increments (the TPI of the cell).

Each branch stress h_i (a Kirchhoff stress deviator, in the current configuration) is rotated with
the step and relaxes on reduced time:

    h_i ← A_i R h_i Rᵀ + B_i · 2 dev Δε,
    τ' = G∞ dev b̄ + R (Σ A_i h_i) Rᵀ + (Σ B_i) · 2 dev Δε,

with (R, Δε) the rotation and logarithmic strain of the step (:mod:`thermobond.physics.hencky`),
b̄ = J^{−2/3} F Fᵀ, and the per-step factors (A_i, B_i) of
:func:`thermobond.physics.viscoelastic.step_factors` (exact exponential integration on reduced
time). The residual sees two per-point coefficients (Σ A_i h_i, Σ B_i), never the branches.

Plane rotations commute, so the branches are stored in a frame turned back by the accumulated
rotation angle φ of the point (h̃_i = R_φᵀ h_i R_φ): a step adds its angle to φ and its increment,
turned into that frame, to each branch; each branch update is then a scalar multiply-add, and only
the point's sums are rotated.

Small strain: R → I, Δε → the small-strain increment: the Prony solid of
:class:`~thermobond.simulation.pronystate.PronyState`. Viscous limit (A_i → 0, B_i → η_i/Δt): τ' =
2η Δε/Δt, the Newtonian fluid τ' = 2ηD at any accumulated strain (steady simple shear and planar
extension give exactly η γ̇; a total-Lagrangian convolution of the neo-Hookean stress S̄(C) gives
η(1 + γ²/3) in simple shear).
"""

from __future__ import annotations

from typing import Any

import basix.ufl
import numpy as np
import ufl
from dolfinx import fem

from ..materials import Viscoelasticity
from ..physics.hencky import step_kinematics
from ..physics.viscoelastic import reduced_time_increments, step_factors

__all__ = ["BranchStates", "CorotationalProny", "from_vec4", "to_vec4"]

SUBSTEPS = 4  # sub-intervals of the Maxwell update per step (see thermobond.physics.viscoelastic)


def to_vec4(t: Any) -> Any:
    """(xx, yy, zz, xy) of a symmetric 3×3 plane tensor."""
    return ufl.as_vector([t[0, 0], t[1, 1], t[2, 2], t[0, 1]])


def from_vec4(v: Any) -> Any:
    """The symmetric 3×3 plane tensor of a 4-vector (xx, yy, zz, xy)."""
    return ufl.as_tensor([[v[0], v[3], 0.0], [v[3], v[1], 0.0], [0.0, 0.0, v[2]]])


def _deformation_of(v: Any) -> Any:
    """3×3 plane-strain F from a 4-vector (F11, F12, F21, F22)."""
    return ufl.as_tensor([[v[0], v[1], 0.0], [v[2], v[3], 0.0], [0.0, 0.0, 1.0]])


class BranchStates:
    """The quadrature-point state of a corotational Prony law (plane or 3-D): branch stresses, the last
    converged deformation, the step factors and the two sums the residual sees, and the step's
    kinematics read back at commit.

    Args:
        mesh, degree, visco, T_old, T, dt, name: As for :class:`CorotationalProny`.
        components: Components stored per symmetric tensor (4 in the plane, 6 in 3-D).
        deformation: Components of F stored (4 or 9) and the positions of its diagonal in them.
        step: Components of the step's kinematics read back at commit.
    """

    def __init__(
        self,
        mesh: Any,
        degree: int,
        visco: Viscoelasticity,
        T_old: Any,
        T: Any,
        dt: Any,
        name: str,
        components: int,
        deformation: tuple[int, tuple[int, ...]],
        step: int,
    ) -> None:
        self.G = visco.shear
        n = self.G.n_terms
        self._mesh, self._degree, self._name = mesh, degree, name
        self.h = self._state((n, components), "branch_stress")
        size, diagonal = deformation
        self.F_old = self._state((size,), "deformation_old")
        self.F_old.x.array.reshape(-1, size)[:, list(diagonal)] = 1.0
        self.factors = self._state((n, 2), "step_factors")
        self.h_star = self._state((components,), "decayed_branch_stress")  # Σ A_i h_i (unrotated)
        self.b_sum = self._state((), "step_compliance")  # Σ B_i
        self._step = self._state((step,), "step_kinematics")
        dxi = reduced_time_increments(visco.shift, T_old, T, dt, SUBSTEPS)
        ab = step_factors(dxi, self.G.moduli.tolist(), self.G.times.tolist())
        self._pts = self.factors.function_space.element.interpolation_points
        self._factor_expr = fem.Expression(ufl.as_tensor([[a, b] for a, b in ab]), self._pts)
        self._step_expr: Any = None
        self._mask: np.ndarray | None = None

    def _state(self, shape: tuple[int, ...], what: str) -> Any:
        el = basix.ufl.quadrature_element(self._mesh.basix_cell(), value_shape=shape, degree=self._degree)
        return fem.Function(fem.functionspace(self._mesh, el), name=f"{self._name}_{what}")

    def _long_term(self, F: Any) -> Any:
        """G∞ dev b̄, b̄ = J^{−2/3} F Fᵀ (a zero tensor without a long-term modulus)."""
        if self.G.long_term > 0:
            return self.G.long_term * ufl.dev(ufl.det(F) ** (-2.0 / 3.0) * F * F.T)
        return ufl.zero(*F.ufl_shape)

    def effective_modulus(self, cells: np.ndarray | None = None) -> float:
        """Largest algorithmic modulus G∞ + Σ B_i of the prepared step (local, Pa)."""
        b = self.b_sum.x.array
        return float(self.G.long_term + (b.max() if b.size else 0.0))

    def _inside(self, cells: np.ndarray) -> np.ndarray:
        """Mask of the quadrature points of ``cells`` (cached)."""
        if self._mask is None:
            self._mask = np.zeros(self.b_sum.x.array.size, bool)
            self._mask[self.h.function_space.dofmap.list[cells].ravel()] = True
        return self._mask


class CorotationalProny(BranchStates):
    """Branch stresses, last converged deformation and step factors of the cell's TPI.

    Args:
        mesh: The mesh.
        degree: Quadrature degree of the state.
        visco: The material's viscoelastic data (shear series, shift law).
        T_old, T, dt: UFL temperatures (K) at the start and end of the step and the step (s).
        name: Prefix of the function names.
    """

    def __init__(self, mesh: Any, degree: int, visco: Viscoelasticity, T_old: Any, T: Any, dt: Any, name: str) -> None:
        # branches in the frame turned back by φ; F stored as (F11, F12, F21, F22)
        super().__init__(mesh, degree, visco, T_old, T, dt, name, 4, (4, (0, 3)), 10)
        self.angle = np.zeros(self.b_sum.x.array.size)  # φ of each quadrature point

    def kirchhoff_deviator(self, F: Any) -> Any:
        """τ' of the module docstring (3×3, UFL) at the current deformation F."""
        R2, de = step_kinematics(F, _deformation_of(self.F_old))
        R = ufl.as_tensor([[R2[0, 0], R2[0, 1], 0.0], [R2[1, 0], R2[1, 1], 0.0], [0.0, 0.0, 1.0]])
        return R * from_vec4(self.h_star) * R.T + 2.0 * self.b_sum * ufl.dev(de) + self._long_term(F)

    # The state is updated on every quadrature point of the mesh at once (contiguous arrays, no
    # gather/scatter): points outside the region's cells have zero step factors and zero step
    # kinematics, so their branches stay zero. ``cells`` must be the same region at every call.
    def prepare(self, cells: np.ndarray) -> None:
        """Step factors for the current T, T_old and Δt, and the sums the residual uses."""
        self.factors.interpolate(self._factor_expr, cells0=cells)
        n = self.G.n_terms
        AB = self.factors.x.array.reshape(-1, n, 2)
        H = self.h.x.array.reshape(-1, n, 4)
        decayed = np.einsum("pi,pij->pj", AB[:, :, 0], H)
        self.h_star.x.array.reshape(-1, 4)[:] = _rotate(decayed, np.cos(self.angle), np.sin(self.angle))
        self.b_sum.x.array[:] = AB[:, :, 1].sum(axis=1)

    def commit(self, F: Any, cells: np.ndarray) -> None:
        """h_i ← A_i R h_i Rᵀ + B_i 2 dev Δε and F_n ← F; afterwards the residual's sums hold the
        committed stress exactly (h_star = Σ h_i, Σ B = 0, F_n = F) for diagnostics read with Δt = 0."""
        if self._step_expr is None:
            R2, de = step_kinematics(F, _deformation_of(self.F_old))
            dev = ufl.dev(de)
            self._step_expr = fem.Expression(
                ufl.as_vector(
                    [R2[0, 0], R2[1, 0], dev[0, 0], dev[1, 1], dev[2, 2], dev[0, 1], F[0, 0], F[0, 1], F[1, 0], F[1, 1]]
                ),
                self._pts,
            )
        self._step.interpolate(self._step_expr, cells0=cells)
        n = self.G.n_terms
        k = self._step.x.array.reshape(-1, 10)
        inside = self._inside(cells)
        self.angle[inside] += np.arctan2(k[inside, 1], k[inside, 0])
        c, s = np.cos(self.angle), np.sin(self.angle)
        AB = self.factors.x.array.reshape(-1, n, 2)
        H = self.h.x.array.reshape(-1, n, 4)
        inc = _rotate(2.0 * k[:, 2:6], c, -s)  # the increment in the branches' frame
        H *= AB[:, :, :1]
        H += AB[:, :, 1:] * inc[:, None, :]
        self.F_old.x.array.reshape(-1, 4)[inside] = k[inside, 6:10]
        self.h_star.x.array.reshape(-1, 4)[:] = _rotate(H.sum(axis=1), c, s)
        self.b_sum.x.array[:] = 0.0


def _rotate(h: np.ndarray, c: np.ndarray, s: np.ndarray) -> np.ndarray:
    """R h Rᵀ of 4-vectors (xx, yy, zz, xy) with R = [[c, −s], [s, c]] (zz is not rotated)."""
    hxx, hyy, hzz, hxy = h[:, 0], h[:, 1], h[:, 2], h[:, 3]
    cc, ss, cs = c * c, s * s, c * s
    return np.column_stack(
        [
            cc * hxx - 2 * cs * hxy + ss * hyy,
            ss * hxx + 2 * cs * hxy + cc * hyy,
            hzz,
            cs * (hxx - hyy) + (cc - ss) * hxy,
        ]
    )
