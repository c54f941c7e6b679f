"""Finite-strength bonds of the interface cell (issue 13, item 2).

* The bilinear cohesive law (Camanho & Dávila, NASA/TM-2002-211737): peak traction σ_c = D_b σ_max
  and work of separation Γ_c = D_b Γ_int, whatever the bond degree.
* A bond develops from the moment it formed with the card's first-order kinetics: at constant
  temperature D_b = 1 − exp(−k t), k = k0 exp(−E_a/RT) (docs/theory/adhesion.md).
* A layer bonded to a flat surface and pulled off carries a tension up to D_b(t) σ_max, no more.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.casefiles import elastic_card


def _card(path, comm, *, strength="1 MPa", toughness="0.001 J/m^2", prefactor="1e-4 1/s"):
    text = f"""schema_version = 1
name = "test interface"
kind = "interface"
[toughness]
intrinsic = "{toughness}"
[kinetics]
law = "arrhenius"
prefactor = "{prefactor}"
activation_energy = "0 kJ/mol"
[cohesive]
strength = "{strength}"
"""
    if comm.rank == 0:
        path.write_text(text)
    comm.barrier()
    from thermobond.materials.interfacecard import load_interface_card

    return load_interface_card(path)


def test_bilinear_law_peak_and_work_scale_with_the_bond_degree():
    from thermobond.materials.mathns import NUMPY
    from thermobond.physics.cohesive import damage

    K0, sigma, gamma = 1e16, 30e6, 150.0
    delta_f = 2 * gamma / sigma
    for D in (0.05, 0.4, 1.0):
        d0 = D * sigma / K0
        lam = np.concatenate([np.linspace(0, d0, 2001), np.linspace(d0, delta_f, 200001)[1:]])
        t = (1 - damage(lam, d0, delta_f, NUMPY)) * K0 * lam  # monotonic opening: κ = λ
        assert t.max() == pytest.approx(D * sigma, rel=1e-6)
        assert np.trapezoid(t, lam) == pytest.approx(D * gamma, rel=1e-4)
        assert damage(np.array([delta_f * 1.01]), d0, delta_f, NUMPY)[0] == 1.0


def _bonded_layer(comm, tmp, card):
    from thermobond.case import InterfaceSpec, Layer, SurfaceSpec
    from thermobond.materials import load_material
    from thermobond.meshes.surface import CosineProfile
    from thermobond.simulation.cell import InterfaceCell

    mat = load_material(elastic_card(tmp / "soft.toml", E="10 MPa", nu=0.3, alpha="0 ppm/K", comm=comm))
    flat = SurfaceSpec(CosineProfile(4e-6, (0.0,), "flat"), {})
    spec = InterfaceSpec(
        Layer("soft", mat, 2e-6, 4), None, None, flat, 0.0, "cycle", 0.0, "none", 0.0, 8, 4, 2, 1.0, 1.0
    )
    cell = InterfaceCell(comm, spec, 298.15, card=card)
    cell.set_state(298.15, 0.1e6, 0.0)
    assert cell.solve()[0]
    cell.commit(0.0)
    assert cell.state.bonded.all()
    return cell


@pytest.mark.solver
def test_bond_degree_follows_the_card_kinetics(mpi_tmp_path, comm):
    """Bonded at t = 0 and held at 25 °C: D_b(t) = 1 − exp(−k t) to 1e-12, k = 1e-4 1/s."""
    card = _card(mpi_tmp_path / "card.toml", comm)
    cell = _bonded_layer(comm, mpi_tmp_path, card)
    t = 0.0
    for dt in (100.0, 400.0, 2500.0):
        cell.set_state(298.15, 0.1e6, dt)
        assert cell.solve()[0]
        t += dt
        cell.commit(t)
        assert cell.state.bond_degree == pytest.approx(-math.expm1(-1e-4 * t), rel=1e-12)


@pytest.mark.solver
def test_a_bond_carries_its_strength_and_no_more(mpi_tmp_path, comm):
    """After 5000 s (D_b = 0.39) the layer is pulled off in tension steps of 1 % of D_b σ_max, 10 s
    each: every step up to the bond's strength converges with the layer bonded all along, and the
    pull-off comes within 3 % of D_b(t) σ_max (σ_max = 1 MPa, δ_f = 2 nm: a brittle bond)."""
    card = _card(mpi_tmp_path / "card.toml", comm)
    cell = _bonded_layer(comm, mpi_tmp_path, card)
    cell.set_state(298.15, 0.1e6, 5000.0)
    assert cell.solve()[0]
    t = 5000.0
    cell.commit(t)
    D = -math.expm1(-1e-4 * t)
    step = 0.01 * D * card.cohesive_strength
    held = 0.0
    for k in range(1, 200):
        cell.set_state(298.15, 0.0, 10.0)
        cell.pressure.value[...] = -k * step  # a tension on the top (the set-up floors the press load)
        if not cell.solve()[0]:
            break
        t += 10.0
        cell.commit(t)
        assert cell.state.bonded.all()
        held = k * step
    strength = -math.expm1(-1e-4 * t) * card.cohesive_strength
    print(f"pull-off {held:.6g} Pa, D_b σ_max {strength:.6g} Pa")
    assert held == pytest.approx(strength, rel=0.03), (held, strength)
