"""The interface cell against contact and squeeze-flow solutions (issue: interface model).

* Westergaard: a rigid sinusoid pressed into an elastic half-space, 2a/λ = (2/π) arcsin(√(p̄/p*)),
  p* = πE*Δ/λ (Johnson, Contact Mechanics §13.2).
* Hertz, plane (Johnson, Contact Mechanics 1985, cylinder form): a = √(4PR/(πE*)).
* Stefan squeeze of a strip of half-width A (Stefan 1874, plane-strain form): 1/h² = 1/h0² + F_L t/(4ηA³), with
  the reference TPI's zero-shear viscosity at 360 °C.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.casefiles import MATERIALS, elastic_card

pytestmark = pytest.mark.solver


def _spec(layer_mat, thickness, profile, *, core=None, core_t=0.0, along=32, rows=16, grading=1.1, tb=None):
    from thermobond.case import InterfaceSpec, Layer, SurfaceSpec

    lay = Layer("soft", layer_mat, thickness, rows)
    cor = Layer("core", core, core_t, 2) if core is not None else None
    return InterfaceSpec(
        lay, cor, None, SurfaceSpec(profile, {}), core_t, "cycle", tb, "none", 0.0, along, rows, 2, grading, 60.0
    )


def _half_width(cell):
    """Contact half-width: the zero of the gap between the last touching node and the first free one."""
    x, y = cell.surface_positions()
    g = y - cell.profile(x)
    tol = 1e-4 * cell.rz
    k = int(np.flatnonzero(g > tol)[0])
    return float(np.interp(tol, [g[k - 1], g[k]], [x[k - 1], x[k]]))


def test_westergaard_wavy_contact(mpi_tmp_path, comm):
    """Δ/λ = 0.005 into E = 10 MPa, ν = 0.3, a layer λ thick: within 3 % for p̄/p* = 0.1 … 0.9."""
    from thermobond.materials import load_material
    from thermobond.meshes.surface import sinusoid
    from thermobond.simulation.cell import InterfaceCell

    card = elastic_card(mpi_tmp_path / "soft.toml", E="10 MPa", nu=0.3, alpha="0 ppm/K", comm=comm)
    mat = load_material(card)
    lam, amp = 10e-6, 0.05e-6
    cell = InterfaceCell(comm, _spec(mat, lam, sinusoid(amp, lam), along=96, rows=24, grading=1.12), 298.15)
    Es = 10e6 / (1 - 0.3**2)
    pstar = math.pi * Es * amp / lam
    for ratio in (0.1, 0.3, 0.5, 0.7, 0.9):
        cell.set_state(298.15, ratio * pstar, 0.0)
        assert cell.solve()[0]
        cell.commit()
        frac = _half_width(cell) / cell.length  # = 2a/λ on the half-period cell
        ref = 2 / math.pi * math.asin(math.sqrt(ratio))
        assert frac == pytest.approx(ref, rel=0.03), (ratio, frac, ref)


def test_hertz_cylinder(mpi_tmp_path, comm):
    """Rigid cylinder R = 10 µm (a spherical-cap nodule) on E = 1 MPa, ν = 0.3: a within 3 %."""
    from thermobond.materials import load_material
    from thermobond.meshes.surface import nodules
    from thermobond.simulation.cell import InterfaceCell

    card = elastic_card(mpi_tmp_path / "soft.toml", E="1 MPa", nu=0.3, alpha="0 ppm/K", comm=comm)
    mat = load_material(card)
    R, spacing = 10e-6, 40e-6
    prof = nodules(R, 2e-6, spacing, modes=256)
    # the cosine series keeps the cap's tip curvature (what Hertz depends on) within 1 %
    h = 1e-8
    curv = -(prof(np.array([h]))[0] - 2 * prof(np.array([0.0]))[0] + prof(np.array([-h]))[0]) / h**2
    R_eff = 1 / curv
    assert R_eff == pytest.approx(R, rel=0.01)
    cell = InterfaceCell(comm, _spec(mat, 40e-6, prof, along=160, rows=30, grading=1.1), 298.15)
    Es = 1e6 / (1 - 0.3**2)
    p_prev = 0.0
    for a_target in (1.0e-6, 2.0e-6):
        P = a_target**2 * math.pi * Es / (4 * R_eff)  # force per unit length of the full cylinder
        p_target = P / (2 * cell.length)  # one cylinder per period 2L
        for p in np.linspace(p_prev, p_target, 6)[1:]:  # load in increments, as the time stepping does
            cell.set_state(298.15, p, 0.0)
            assert cell.solve()[0]
            cell.commit()
        p_prev = p_target
        assert _half_width(cell) == pytest.approx(a_target, rel=0.03)


def test_stefan_squeeze_of_a_strip(mpi_tmp_path, comm):
    """Viscous limit: the reference TPI at 360 °C (η0 = Σ E_i τ_i a_T / 3 ≈ 7.6e3 Pa·s, terminal time
    7.6 ms) squeezed between a flat bonded surface and a rigid plate (40 µm at 200 GPa), strip
    half-width A = 10 h0, p̄ = 0.2 MPa. Once the glassy and rubbery responses have relaxed
    (a Maxwell melt is Newtonian for t ≫ λ, here t ≥ 4λ), the film thins at Stefan's rate, the
    derivative of V2(c): dh/dt = −F_L h³/(8 η A³), within 3 %.

    The squeeze is gentle so that the shear strain at the exit stays ~0.05: the finite-strain Prony law
    (branches on the neo-Hookean isochoric PK2 stress, Simo 1987) is a Newtonian fluid only to
    O(γ²) (measured at 1 MPa: 0.97 → 0.82 of Stefan's rate as γ grows to 0.3), so a squeeze that
    closes a gap by tens of per cent is beyond this Lagrangian model."""
    from thermobond.materials import load_material
    from thermobond.meshes.surface import CosineProfile
    from thermobond.simulation.cell import InterfaceCell
    from thermobond.simulation.probes import LineSampler

    tpi = load_material(MATERIALS / "tpi_reference.toml")
    core = load_material(elastic_card(mpi_tmp_path / "plate.toml", E="200 GPa", nu=0.3, alpha="0 ppm/K", comm=comm))
    h0, A, p = 2e-6, 20e-6, 0.2e6
    T = 633.15
    eta = float(tpi.viscoelastic.shear.viscosity(10 ** tpi.viscoelastic.shift.log10_aT(np.float64(T))))
    assert eta == pytest.approx(7.6e3, rel=0.01)  # η0 = ΣE_iτ_i a_T/3 of the reference TPI at 360 °C
    flat = CosineProfile(A, (0.0,), "flat")
    spec = _spec(tpi, h0, flat, core=core, core_t=40e-6, along=60, rows=8, grading=1.0, tb=273.15)
    cell = InterfaceCell(comm, spec, T, open_right=True)
    cell.set_state(T, p, 0.0)
    assert cell.solve()[0]
    cell.commit()
    cell.update_contact(0.0)
    assert cell.is_bonded.all()  # the whole strip is bonded to the flat surface (no slip)
    top = LineSampler(cell.mesh_data, cell.V.sub(1), "tpi/pi", A)
    x, w0 = top.values(cell.u.x.array)
    F_L = p * 2 * A
    dt = 0.0025
    times, h = [], []
    for k in range(1, 21):
        cell.set_state(T, p, dt)
        assert cell.solve()[0]
        cell.commit()
        x, w = top.values(cell.u.x.array)
        times.append(k * dt)
        h.append(h0 + float(np.interp(0.0, x, w - w0)))
    times, h = np.array(times), np.array(h)
    late = times >= 0.03  # ≥ 4 terminal times
    rate = np.gradient(h, times)[late]
    stefan = -F_L * h[late] ** 3 / (8 * eta * A**3)
    assert np.abs(rate / stefan - 1).max() < 0.03, rate / stefan
    assert h0 - h[-1] > 0.002 * h0  # a measurable thinning (round-off is ~1e-12 m)
