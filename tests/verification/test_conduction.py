"""Transient conduction against exact Fourier-series solutions (Carslaw & Jaeger, Conduction of Heat in Solids)."""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.solver


def _props(k, rho, c):
    from thermobond.materials import ThermalProperties

    return ThermalProperties(k, rho, c)


KAPTON = dict(k=0.12, rho=1420.0, c=1090.0)  # DuPont Kapton HN data sheet
COPPER = dict(k=401.0, rho=8930.0, c=390.0)  # CST 'Copper (annealed)'


def _slab_centre(comm, mesh_data, axis, L, nsteps, Fo_end=0.5):
    """θ at the slab centre (faces stepped from 0 to 1) at Fo = 0.02 … 0.5, backward Euler."""
    from thermobond.simulation.heat import HeatProblem

    p = _props(**KAPTON)
    hp = HeatProblem(mesh_data, {"slab": p}, {"bottom": None, "top": None}, 0.0)
    t_ref = L**2 / p.diffusivity
    targets = [0.02, 0.05, 0.1, 0.2, 0.5]
    dt = Fo_end * t_ref / nsteps
    out, t = {}, 0.0
    for _ in range(nsteps):
        hp.advance(dt, {"bottom": 1.0, "top": 1.0})
        t += dt
        for f in targets:
            if abs(t / t_ref - f) < 1e-6 * f:
                y, T = hp.nodal_profile(axis)
                centre = 0.5 * (y.min() + y.max())
                out[f] = 1.0 - float(np.interp(centre, y, T))
    return np.array([out[f] for f in targets])


V4A = np.array([0.975161, 0.772312, 0.474487, 0.176867, 0.009157])  # slab centre, Fourier series (4/π)Σ…


def test_v4a_single_slab_column(comm):
    from thermobond.meshes import LayerSpec, column_mesh

    L = 25e-6
    md = column_mesh(comm, [LayerSpec("slab", L, 40)])
    theta = _slab_centre(comm, md, 0, L, 2000)
    assert np.max(np.abs(theta / V4A - 1)) < 0.01


def test_v4a_backward_euler_is_first_order(comm):
    """Halving Δt halves the error at Fo = 0.1 (rate 1 ± 0.15) on a fine mesh."""
    from thermobond.meshes import LayerSpec, column_mesh

    L = 25e-6
    md = column_mesh(comm, [LayerSpec("slab", L, 80)])
    errs = [abs(_slab_centre(comm, md, 0, L, n)[2] - V4A[2]) for n in (100, 200, 400)]
    rates = np.log2(np.array(errs[:-1]) / np.array(errs[1:]))
    assert np.all(np.abs(rates - 1.0) < 0.15), rates


def test_v4a_two_dimensional_strip_matches_column(comm):
    """The 2-D section with adiabatic edges has the 1-D solution (why the stack uses a column)."""
    from thermobond.meshes import LayerSpec, stack_mesh

    L = 25e-6
    md = stack_mesh(comm, [LayerSpec("slab", L, 24)], 8 * L, L / 2, L / 2)
    theta = _slab_centre(comm, md, 1, L, 1000)
    assert np.max(np.abs(theta / V4A - 1)) < 0.01


def test_v4b_pi_copper_bilayer(comm):
    """Kapton 25 µm (face held at T1) on Cu 12 µm (insulated back): θ at the interface, back face
    and mid-PI against the eigen-expansion of the two-layer slab (tan(λβ1) tan(λβ2) = e1/e2), error < 1 %."""
    from thermobond.meshes import LayerSpec, column_mesh
    from thermobond.simulation.heat import HeatProblem

    md = column_mesh(comm, [LayerSpec("pi", 25e-6, 60), LayerSpec("cu", 12e-6, 6)])
    hp = HeatProblem(md, {"pi": _props(**KAPTON), "cu": _props(**COPPER)}, {"bottom": None}, 0.0)
    times_ms = [0.5, 1, 2, 5, 10, 20]
    ref = {
        25e-6: [0.99920, 0.98674, 0.92760, 0.72116, 0.46745, 0.19635],
        37e-6: [0.99920, 0.98676, 0.92764, 0.72119, 0.46748, 0.19636],
        12.5e-6: [0.84430, 0.68654, 0.54234, 0.39503, 0.25576, 0.10743],
    }
    dt = 0.5e-3 / 100
    t, k = 0.0, 0
    got = {y: [] for y in ref}
    while k < len(times_ms):
        hp.advance(dt, {"bottom": 1.0})
        t += dt
        if abs(t - times_ms[k] * 1e-3) < 1e-3 * dt:
            y, T = hp.nodal_profile(0)
            for yy in ref:
                got[yy].append(1.0 - float(np.interp(yy, y, T)))
            k += 1
    for yy, r in ref.items():
        err = np.abs(np.array(got[yy]) - np.array(r)) / np.array(r)
        assert err.max() < 0.01, (yy, got[yy], r)


def _ramp_lag(comm, tmp, thermal_block):
    """Laminate-centre lag behind a 10 K/min platen ramp, long after the start (quasi-steady)."""
    from thermobond.case import load_case
    from thermobond.simulation.heat import ThermalColumn

    from tests.casefiles import SINGLE_SIDED, stack_case

    path = stack_case(
        tmp / "pads.toml",
        SINGLE_SIDED,
        width="1 mm",
        element_size="25 um",
        start="25 degC",
        end="325 degC",
        rate="10 K/min",
        extra=thermal_block,
        comm=comm,
    )
    case = load_case(path)
    col = ThermalColumn(case)
    t = 20 * 60.0
    for k in range(1, 41):
        col.advance(t * k / 40)
    Tc = float(col.temperature_at(0.5 * case.stack.total_thickness))
    C_lam = sum(
        layer.material.thermal.density * layer.material.thermal.specific_heat * layer.thickness
        for layer in case.stack.layers
    )
    return float(case.programme.temperature(t)) - Tc, C_lam


def test_press_pads_quasi_steady_lag(mpi_tmp_path, comm):
    """Symmetric 1 mm pads: lag = r·Lp·(ρc·Lp + C_lam)/(2k) (a ramp through a slab with the
    laminate's heat capacity C_lam in the middle; derived from k T'' = ρc r)."""
    from tests.casefiles import MATERIALS

    pad = MATERIALS / "pad_aramid.toml"
    block = f'[thermal]\n[[thermal.pads]]\nname = "pad"\nmaterial = "{pad}"\nthickness = "1 mm"\nelements = 20\n'
    lag, C_lam = _ramp_lag(comm, mpi_tmp_path, block)
    r, Lp, k, rhoc = 10 / 60, 1e-3, 0.25, 1300 * 1200
    assert lag == pytest.approx(r * Lp * (rhoc * Lp + C_lam) / (2 * k), rel=0.02)


def test_contact_conductance_quasi_steady_lag(mpi_tmp_path, comm):
    """No pads, contact conductance h on both faces: lag = r·C_lam/(2h)."""
    lag, C_lam = _ramp_lag(comm, mpi_tmp_path, '[thermal]\nconductance = "50 W/(m^2*K)"\n')
    assert lag == pytest.approx(10 / 60 * C_lam / (2 * 50.0), rel=0.02)
