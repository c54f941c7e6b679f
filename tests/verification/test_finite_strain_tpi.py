"""The cell's finite-strain TPI law against exact homogeneous flows (issue 13, item 1).

One Maxwell branch in its viscous limit (Weissenberg number τγ̇ = 1e-3) is a Newtonian fluid of
viscosity η = G τ: steady simple shear gives τ_xy = η γ̇ and no normal-stress difference, planar
extension gives τ_xx − τ_yy = 4 η ε̇, at any accumulated strain. A total-Lagrangian convolution of
the neo-Hookean stress S̄(C) (the previous model) gives η (1 + γ²/3) in shear: 4 × at γ = 3.
The small-strain limit is the Prony solid: the standard linear solid's relaxation (V1 of the
project's verification set: E1 = 1 MPa, E2 = 9 MPa, τ = 1 s, Tschoegl, The Phenomenological Theory of
Linear Viscoelastic Behavior, 1989, §3) in shear, G(t) = E(t)/3 for an incompressible solid.

The deformation is prescribed (homogeneous), so the test reads the law through the same UFL and
state update the cell uses, without a solve.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

pytestmark = pytest.mark.solver


def _law(comm, moduli, times, long_term=0.0):
    from dolfinx import default_scalar_type, fem, mesh
    from thermobond.materials import PronySeries, Viscoelasticity
    from thermobond.materials.shift import WLF
    from thermobond.physics.finitestrain import deformation
    from thermobond.simulation.corotational import CorotationalProny, to_vec4

    msh = mesh.create_unit_square(comm, 2, 2, mesh.CellType.quadrilateral)
    V = fem.functionspace(msh, ("Lagrange", 2, (2,)))
    u = fem.Function(V)
    T = fem.Constant(msh, default_scalar_type(523.15))
    T_old = fem.Constant(msh, default_scalar_type(523.15))
    dt = fem.Constant(msh, default_scalar_type(0.0))
    G = PronySeries(np.array(moduli), np.array(times), long_term, "shear")
    visco = Viscoelasticity(G, 1e12, WLF(17.44, 51.6, 523.15), G)
    law = CorotationalProny(msh, 4, visco, T_old, T, dt, "t")
    F = deformation(u)
    tau = law.kirchhoff_deviator(F)
    cells = np.arange(msh.topology.index_map(2).size_local, dtype=np.int32)
    expr = fem.Expression(to_vec4(tau), law.h.function_space.element.interpolation_points)

    def step(Fmat, h):
        """Deform to F = Fmat over a step h (s); the Kirchhoff deviator (xx, yy, zz, xy) after it."""
        A = np.asarray(Fmat) - np.eye(2)
        u.interpolate(lambda x: A @ x[:2])
        dt.value = h
        law.prepare(cells)
        out = expr.eval(msh, cells[:1])[0, 0] if cells.size else np.zeros(4)
        law.commit(F, cells)
        return out

    return step


def test_steady_simple_shear_is_newtonian_at_large_strain(comm):
    """τ_xy = η γ̇ within 1 % (and τ_xx − τ_yy ≪ τ_xy) up to γ = 3, steps of Δγ = 0.01."""
    G, tau, rate = 1e6, 1e-3, 1.0
    step = _law(comm, [G], [tau])
    eta = G * tau
    h = 0.01 / rate
    worst, n1 = 0.0, 0.0
    for k in range(1, 301):
        g = rate * k * h
        s = step([[1.0, g], [0.0, 1.0]], h)
        if comm.size == 1 or s.any():
            if g > 10 * tau * rate:  # past the start-up transient (10 relaxation times)
                worst = max(worst, abs(s[3] / (eta * rate) - 1))
                n1 = max(n1, abs(s[0] - s[1]) / (eta * rate))
    worst = comm.allreduce(worst, op=max)
    n1 = comm.allreduce(n1, op=max)
    assert worst < 0.01, worst
    assert n1 < 0.01, n1


def test_planar_extension_is_newtonian_at_large_stretch(comm):
    """τ_xx − τ_yy = 4 η ε̇ within 1 % up to stretch 3 (ε = ln 3), steps of Δε = 0.01."""
    G, tau, rate = 1e6, 1e-3, 1.0
    step = _law(comm, [G], [tau])
    eta = G * tau
    h = 0.01 / rate
    worst = 0.0
    n = math.ceil(math.log(3.0) / (rate * h))
    for k in range(1, n + 1):
        lam = math.exp(rate * k * h)
        s = step([[lam, 0.0], [0.0, 1.0 / lam]], h)
        if (comm.size == 1 or s.any()) and k * h > 10 * tau:
            worst = max(worst, abs((s[0] - s[1]) / (4 * eta * rate) - 1))
    worst = comm.allreduce(worst, op=max)
    assert lam >= 3.0
    assert worst < 0.01, worst


def test_small_strain_relaxation_is_the_prony_solid(comm):
    """A 1e-4 shear step held for 10 s: τ_xy/γ = G(t) = E(t)/3 of V1 (E1 = 1, E2 = 9 MPa, τ = 1 s) to 1e-4."""
    step = _law(comm, [3e6], [1.0], long_term=1e6 / 3)
    g = 1e-4
    out = {}
    s = step([[1.0, g], [0.0, 1.0]], 0.0)
    out[0.0] = s[3]
    t = 0.0
    for h in [0.5, 0.5, 1.0, 3.0, 5.0]:
        t += h
        s = step([[1.0, g], [0.0, 1.0]], h)
        out[t] = s[3]
    ref = {0.0: 1.0000e7, 0.5: 6.4588e6, 1.0: 4.3109e6, 2.0: 2.2180e6, 5.0: 1.0606e6, 10.0: 1.0004e6}
    for t, E in ref.items():
        val = comm.allreduce(out[t] if comm.size == 1 or out[t] != 0 else 0.0, op=max)
        assert val / g == pytest.approx(E / 3, rel=1e-4), (t, val / g, E / 3)
