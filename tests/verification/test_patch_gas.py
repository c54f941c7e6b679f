"""Gas trapped in the pockets of the 3-D patch against Boyle's law and equilibrium (issue 21).

A Newtonian TPI film (η = 1e5 Pa s, 4 µm) under a 5 µm Kapton core, pressed at p̄ = 0.5 MPa in air
(p_a = 0.101325 MPa) onto the bisinusoid h = Δ cos(2πx/λ) cos(2πy/λ) (Δ 0.5 µm, λ 10 µm), bonding
where it touches. The contacts grow from the two peaks of the period cell and meet at the saddles,
sealing the two valleys: each traps the air in it at p_a. Once the melt has come to rest it
transmits the press pressure to the gas, so the gas's absolute pressure is p_a + p̄ and, at
constant temperature, each pocket keeps V = V_c p_a/(p_a + p̄) of its volume when sealed
(Boyle–Mariotte), as in the 2-D cell (test_interface_gas.py). The normal forces of the contact and
bonds and the gas's gauge pressure over the open area carry the press load together.
"""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.solver

PA, P = 0.101325e6, 0.5e6


def test_sealed_pockets_follow_boyle_and_share_the_load(comm, mpi_tmp_path):
    """Two pockets sealed; the gas at p_a + p̄ within 0.5 %; each pocket at V_c p_a/(p_a + p̄)
    within 3 %; the contact's and the gas's forces balance the load within 0.5 %."""
    from thermobond.materials import load_material
    from thermobond.simulation.patch import PatchMesh
    from thermobond.simulation.patchsurface import Bisinusoid
    from thermobond.simulation.tpipatch import TPIPatch

    from benchmarks.verification.patch_vs_cell import ROOT
    from tests.squeeze import T_REF, newtonian

    core = load_material(ROOT / "cases" / "materials" / "kapton_hn.toml")
    tpi = newtonian(mpi_tmp_path / "newtonian.toml", comm)
    patch = TPIPatch(
        comm,
        Bisinusoid(0.5e-6, 10e-6),
        4e-6,
        tpi,
        T_REF,
        PatchMesh(6, 3, 1.0),
        core=core,
        core_thickness_m=5e-6,
        bonding_temperature_K=T_REF,
        gas_pressure_Pa=PA,
    )
    gas = patch.gas
    assert gas is not None and gas.slots == 8  # four for each of the two valleys
    sealed_at, sealed_volume = None, None
    for dt in [1e-4 * 1.5**k for k in range(22)]:  # to about 1 s
        r = patch.step(dt, T_REF, P)
        assert r is not None, patch.time_s + dt
        if sealed_at is None and r.sealed_pockets:
            # the air of each pocket when it sealed: V_c = n T / p_a
            sealed_at, sealed_volume = r.time_s, gas.amount * T_REF / PA
        if sealed_at is None:
            assert r.gas_pressure_max_Pa == PA  # open to the edge: at the atmosphere's pressure
    assert sealed_at is not None and r.sealed_pockets == 2, r
    assert r.contact_fraction < 0.9  # the gas keeps part of the valleys open
    assert r.gas_pressure_max_Pa == pytest.approx(PA + P, rel=0.005)
    held = sealed_volume > 0
    assert held.sum() == 2
    volumes = gas.volumes(gas.members)
    np.testing.assert_allclose(volumes[held] / sealed_volume[held], PA / (PA + P), rtol=0.03)
    # equilibrium: the bonds' and contacts' normal forces plus the gauge pressure over the open area
    open_area = (1.0 - r.contact_fraction_nodes) * patch.area_m2
    carried = r.contact_force_N + (r.gas_pressure_max_Pa - PA) * open_area
    assert carried == pytest.approx(P * patch.area_m2, rel=0.005)
