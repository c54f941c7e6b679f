"""The interface cell's fields file: every field on the displacement's points, and the stress it holds
in equilibrium with the press (σ_yy = −p through the cap above the contact)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.casefiles import elastic_card

pytestmark = pytest.mark.solver


def test_cell_fields_share_the_displacement_points_and_carry_the_press_load(mpi_tmp_path, comm):
    """A press at half the full-contact pressure on an elastic layer over a sinusoid: ``cell.bp``
    holds displacement, stress, von Mises, contact pressure and bond state on one point set; the
    vertical stress at the top of the cell is −p (equilibrium with the applied pressure) and the
    contact pressure is non-zero only on the surface, above the mean pressure where the peaks carry
    the load."""
    from thermobond.case import InterfaceSpec, Layer, SurfaceSpec
    from thermobond.fieldexport import read_vtx
    from thermobond.materials import load_material
    from thermobond.meshes.surface import sinusoid
    from thermobond.simulation.cell import InterfaceCell
    from thermobond.simulation.cellfields import CellFields

    card = elastic_card(mpi_tmp_path / "soft.toml", E="10 MPa", nu=0.3, alpha="0 ppm/K", comm=comm)
    layer = Layer("soft", load_material(card), 10e-6, 16)
    spec = InterfaceSpec(
        layer,
        None,
        None,
        SurfaceSpec(sinusoid(0.05e-6, 10e-6), {}),
        0.0,
        "cycle",
        None,
        "none",
        0.0,
        24,
        12,
        2,
        1.1,
        60.0,
    )
    cell = InterfaceCell(comm, spec, 298.15)
    fields = CellFields(comm, mpi_tmp_path, cell, every=1)
    pstar = np.pi * 10e6 / (1 - 0.3**2) * 0.05e-6 / 10e-6  # Westergaard's full-contact pressure
    for p in (0.1 * pstar, 0.3 * pstar, 0.5 * pstar):
        cell.set_state(298.15, p, 0.0)
        assert cell.solve()[0]
        cell.commit(1.0)
    fields.finish(1.0, 1)
    comm.barrier()
    if comm.rank != 0:
        return
    f = read_vtx(mpi_tmp_path / "cell.bp")
    d = f.point_data[-1]
    assert set(d) == {"displacement_m", "stress_Pa", "von_mises_Pa", "contact_pressure_Pa", "bonded"}
    assert all(v.shape[0] == f.points.shape[0] for v in d.values())  # one point set
    y = f.points[:, 1]
    top = y > y.max() - 1e-9 * (y.max() - y.min())
    syy = d["stress_Pa"].reshape(-1, 3, 3)[:, 1, 1]
    assert np.median(syy[top]) == pytest.approx(-p, rel=0.02)
    pc = d["contact_pressure_Pa"][:, 0]
    assert np.all(pc[y > y.min() + 0.2e-6] == 0.0)  # values only on the surface
    assert pc.max() > p  # the sinusoid's peaks carry more than the mean
    assert np.all(d["bonded"] == 0.0)  # no bonding temperature: nothing bonds
    assert np.all(d["von_mises_Pa"] >= 0.0)
