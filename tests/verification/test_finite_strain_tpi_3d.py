"""The 3-D TPI law (the patch's) against exact homogeneous flows, rigid rotation and the plane law.

As for the cell's plane law (``test_finite_strain_tpi.py``): one Maxwell branch in its viscous limit
(Weissenberg number τγ̇ = 1e-3) is a Newtonian fluid of viscosity η = G τ, so steady simple shear in
any plane gives the shear stress η γ̇ with no normal-stress difference, planar extension
τ_xx − τ_yy = 4 η ε̇ and uniaxial extension τ_xx − τ_yy = 3 η ε̇ (Trouton's ratio), at any
accumulated strain. A rigid rotation of a stressed, non-relaxing solid turns its stress with it
exactly (objectivity; the Cayley rotation of the step is the step's rotation itself). The small-strain
limit is the standard linear solid of V1 (Tschoegl 1989, §3). Under plane deformation it agrees with
the plane law of the cell, an independent implementation (closed-form polar decomposition and
logarithm), to the O(Δ³) per step by which their integrators differ.

The deformation is prescribed (homogeneous), so the test reads the law through the same UFL and
state update the patch uses, without a solve.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

pytestmark = pytest.mark.solver


def _visco(moduli, times, long_term=0.0):
    from thermobond.materials import PronySeries, Viscoelasticity
    from thermobond.materials.shift import WLF

    G = PronySeries(np.array(moduli), np.array(times), long_term, "shear")
    return Viscoelasticity(G, 1e12, WLF(17.44, 51.6, 523.15), G)


def _law3(comm, moduli, times, long_term=0.0):
    """step(F, h) → the Kirchhoff deviator (3 × 3) after deforming homogeneously to F over h seconds."""
    from dolfinx import default_scalar_type, fem, mesh
    from thermobond.physics.objective import deformation3
    from thermobond.simulation.corotational3d import CorotationalProny3, to_vec6

    msh = mesh.create_unit_cube(comm, 1, 1, 2, mesh.CellType.hexahedron)
    u = fem.Function(fem.functionspace(msh, ("Lagrange", 1, (3,))))
    T = fem.Constant(msh, default_scalar_type(523.15))
    T_old = fem.Constant(msh, default_scalar_type(523.15))
    dt = fem.Constant(msh, default_scalar_type(0.0))
    law = CorotationalProny3(msh, 2, _visco(moduli, times, long_term), T_old, T, dt, "t")
    F = deformation3(u)
    cells = np.arange(msh.topology.index_map(3).size_local, dtype=np.int32)
    assert cells.size, "every rank owns a cell of the 1 x 1 x 2 mesh (1 or 2 ranks)"
    expr = fem.Expression(to_vec6(law.kirchhoff_deviator(F)), law.h.function_space.element.interpolation_points)

    def step(Fmat, h):
        A = np.asarray(Fmat, dtype=float) - np.eye(3)
        u.interpolate(lambda x: A @ x)
        dt.value = h
        law.prepare(cells)
        xx, yy, zz, yz, xz, xy = expr.eval(msh, cells[:1])[0, 0]
        law.commit(F, cells)
        return np.array([[xx, xy, xz], [xy, yy, yz], [xz, yz, zz]])

    return step


def test_steady_simple_shear_in_an_oblique_plane_is_newtonian(comm):
    """F = I + γ a⊗b with a ⊥ b oblique: a·τ·b = η γ̇ within 1 % up to γ = 3, and no normal-stress
    difference along a and b (< 1 % of it), steps of Δγ = 0.01."""
    G, tau, rate = 1e6, 1e-3, 1.0
    step = _law3(comm, [G], [tau])
    Q = Rotation.from_euler("zyx", [0.4, -0.7, 1.1]).as_matrix()
    a, b = Q[:, 0], Q[:, 1]
    eta, h = G * tau, 0.01 / rate
    worst, n1 = 0.0, 0.0
    for k in range(1, 301):
        g = rate * k * h
        s = step(np.eye(3) + g * np.outer(a, b), h)
        if g > 10 * tau * rate:
            worst = max(worst, abs(a @ s @ b / (eta * rate) - 1))
            n1 = max(n1, abs(a @ s @ a - b @ s @ b) / (eta * rate))
    assert worst < 0.01, worst
    assert n1 < 0.01, n1


@pytest.mark.parametrize(("kind", "trouton"), [("planar", 4.0), ("uniaxial", 3.0)])
def test_extension_is_newtonian_at_large_stretch(comm, kind, trouton):
    """Planar: τ_xx − τ_yy = 4 η ε̇; uniaxial: 3 η ε̇ (Trouton), within 1 % up to stretch 3."""
    G, tau, rate = 1e6, 1e-3, 1.0
    step = _law3(comm, [G], [tau])
    eta, h = G * tau, 0.01 / rate
    worst = 0.0
    n = math.ceil(math.log(3.0) / (rate * h))
    for k in range(1, n + 1):
        lam = math.exp(rate * k * h)
        Fm = np.diag([lam, 1 / lam, 1.0]) if kind == "planar" else np.diag([lam, lam**-0.5, lam**-0.5])
        s = step(Fm, h)
        if k * h > 10 * tau:
            worst = max(worst, abs((s[0, 0] - s[1, 1]) / (trouton * eta * rate) - 1))
    assert worst < 0.01, worst


def test_a_rigid_rotation_turns_the_stress_with_it(comm):
    """A non-relaxing branch sheared to γ = 0.2, then turned rigidly by 120° about an oblique axis in
    40 steps: τ = Q τ₀ Qᵀ to 1e-9 of |τ₀| (each step's Cayley rotation is the step's rotation)."""
    step = _law3(comm, [1e6], [1e12])
    F0 = np.eye(3) + 0.2 * np.outer([1.0, 0, 0], [0, 0, 1.0])
    s0 = step(F0, 1.0)
    axis = np.array([1.0, 2.0, -0.5]) / math.sqrt(5.25)
    for k in range(1, 41):
        Q = Rotation.from_rotvec(axis * math.radians(120.0) * k / 40).as_matrix()
        s = step(Q @ F0, 1.0)
    assert np.abs(s - Q @ s0 @ Q.T).max() < 1e-9 * np.abs(s0).max()
    assert np.abs(s0).max() > 0.05 * 1e6


def test_small_strain_relaxation_is_the_prony_solid(comm):
    """A 1e-4 shear step held for 10 s: τ_yz/γ = G(t) = E(t)/3 of V1 (E1 = 1, E2 = 9 MPa, τ = 1 s) to 1e-4."""
    step = _law3(comm, [3e6], [1.0], long_term=1e6 / 3)
    g = 1e-4
    Fm = np.eye(3) + g * np.outer([0, 1.0, 0], [0, 0, 1.0])
    out = {0.0: step(Fm, 0.0)[1, 2]}
    t = 0.0
    for h in [0.5, 0.5, 1.0, 3.0, 5.0]:
        t += h
        out[t] = step(Fm, h)[1, 2]
    ref = {0.0: 1.0000e7, 0.5: 6.4588e6, 1.0: 4.3109e6, 2.0: 2.2180e6, 5.0: 1.0606e6, 10.0: 1.0004e6}
    for t, E in ref.items():
        assert out[t] / g == pytest.approx(E / 3, rel=1e-4), (t, out[t] / g, E / 3)


def test_plane_deformation_agrees_with_the_plane_law(comm):
    """A Prony solid at Weissenberg number ~1 through shear, extension and rotation in the x–y plane
    (γ and ln λ up to 1, steps of 0.01): the 3-D and the plane law of the cell differ by < 1e-4 of
    the stress (their integrators differ by O(Δ³) per step)."""
    from tests.verification.test_finite_strain_tpi import _law as law2

    moduli, times = [1e6, 3e5], [0.5, 5.0]
    s3, s2 = _law3(comm, moduli, times, 1e4), law2(comm, moduli, times, 1e4)
    worst, scale = 0.0, 0.0
    for k in range(1, 101):
        t = 0.01 * k
        c, s = math.cos(0.8 * t), math.sin(0.8 * t)
        F2 = np.array([[c, -s], [s, c]]) @ np.array([[math.exp(t), t], [0.0, math.exp(-t)]])
        a = s3(np.block([[F2, np.zeros((2, 1))], [np.zeros((1, 2)), np.ones((1, 1))]]), 0.01)
        b = s2(F2, 0.01)  # (xx, yy, zz, xy)
        d = np.array([a[0, 0] - b[0], a[1, 1] - b[1], a[2, 2] - b[2], a[0, 1] - b[3]])
        worst, scale = max(worst, np.abs(d).max()), max(scale, np.abs(b).max())
    assert worst < 1e-4 * scale, (worst, scale)
