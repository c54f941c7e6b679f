"""The interface cell against contact and squeeze-flow solutions (issue 13, items 3–5).

* Westergaard: a rigid sinusoid z = Δ cos(2πx/λ) pressed into an elastic half-space has the contact
  width 2a/λ = (2/π) arcsin(√(p̄/p*)), p* = πE*Δ/λ (Johnson, Contact Mechanics, 1985, §13.2). The
  contact is measured from the contact pressure with its edge located between nodes, on the default
  mesh (32 elements along, 10 graded rows) of a layer λ thick standing in for the half-space.
* Hertz, plane: a rigid cylinder of radius R on a half-space, a = √(4PR/(πE*)) (Johnson §4.2).
* Lee & Springer (J. Compos. Mater. 21 (1987) 1017): a rectangular rib of a Newtonian TPI squeezed
  onto a flat surface it wets without slip (``tests/squeeze.py``; the full range is the benchmark
  ``benchmarks/verification/lee_springer.py``).
* Periodic sides: a cell is invariant under a shift of the surface by any part of its period.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.casefiles import elastic_card
from tests.squeeze import T_REF, newtonian, squeeze

pytestmark = pytest.mark.solver


def _spec(layer_mat, thickness, profile, *, core=None, core_t=0.0, along=32, rows=10, grading=1.15, tb=None):
    from thermobond.case import InterfaceSpec, Layer, SurfaceSpec

    lay = Layer("soft", layer_mat, thickness, rows)
    cor = Layer("core", core, core_t, 2) if core is not None else None
    return InterfaceSpec(
        lay, cor, None, SurfaceSpec(profile, {}), core_t, "cycle", tb, "none", 0.0, along, rows, 2, grading, 60.0
    )


def _elastic(comm, tmp, E="10 MPa"):
    from thermobond.materials import load_material

    return load_material(elastic_card(tmp / "soft.toml", E=E, nu=0.3, alpha="0 ppm/K", comm=comm))


@pytest.mark.parametrize(("slope", "tolerance"), [(0.001, 0.01), (0.01, 0.02)])
def test_westergaard_wavy_contact(mpi_tmp_path, comm, slope, tolerance):
    """Δ/λ = 0.001 into E = 10 MPa, ν = 0.3 on the default mesh: the contact width within 1 % at
    p̄/p* = 0.1, 0.25, 0.64. At Δ/λ = 0.01 (surface strains of a few per cent) the finite-strain cell
    departs from the linear solution by up to 1.8 % (the pre-compressed layer is stiffer): 2 %."""
    from thermobond.meshes.surface import sinusoid
    from thermobond.simulation.cell import InterfaceCell

    lam = 10e-6
    amp = slope * lam
    cell = InterfaceCell(comm, _spec(_elastic(comm, mpi_tmp_path), lam, sinusoid(amp, lam)), 298.15)
    pstar = math.pi * 10e6 / (1 - 0.3**2) * amp / lam
    for ratio in (0.1, 0.25, 0.64):
        cell.set_state(298.15, ratio * pstar, 0.0)
        assert cell.solve()[0]
        cell.commit(0.0)
        frac = cell.fractions()["contact_fraction"]  # = 2a/λ on the half-period cell
        ref = 2 / math.pi * math.asin(math.sqrt(ratio))
        assert frac == pytest.approx(ref, rel=tolerance), (ratio, frac, ref)


def test_hertz_cylinder(mpi_tmp_path, comm):
    """Rigid cylinder R = 10 µm (a spherical-cap nodule) on E = 1 MPa, ν = 0.3: a within 2 %."""
    from thermobond.meshes.surface import nodules
    from thermobond.simulation.cell import InterfaceCell

    R, spacing = 10e-6, 40e-6
    prof = nodules(R, 2e-6, spacing, modes=256)
    # the cosine series keeps the cap's tip curvature (what Hertz depends on) within 1 %
    h = 1e-8
    curv = -(prof(np.array([h]))[0] - 2 * prof(np.array([0.0]))[0] + prof(np.array([-h]))[0]) / h**2
    R_eff = 1 / curv
    assert R_eff == pytest.approx(R, rel=0.01)
    spec = _spec(_elastic(comm, mpi_tmp_path, "1 MPa"), 40e-6, prof, along=160, rows=30, grading=1.1)
    cell = InterfaceCell(comm, spec, 298.15)
    Es = 1e6 / (1 - 0.3**2)
    p_prev = 0.0
    for a_target in (1.0e-6, 2.0e-6):
        P = a_target**2 * math.pi * Es / (4 * R_eff)  # force per unit length of the full cylinder
        p_target = P / (2 * cell.length)  # one cylinder per period 2L
        for p in np.linspace(p_prev, p_target, 6)[1:]:  # load in increments, as the time stepping does
            cell.set_state(298.15, p, 0.0)
            assert cell.solve()[0]
            cell.commit(0.0)
        p_prev = p_target
        a = cell.fractions()["contact_fraction"] * cell.length
        assert a == pytest.approx(a_target, rel=0.02)


def test_lee_springer_rib(mpi_tmp_path, comm):
    """w0/b0 = 7/3, a0/b0 = 0.1, to a/a0 = 0.8: the degree of contact by the squeeze and by the wetted
    width within 5 % of Lee–Springer over D_ic = 0.3 → 0.36 (the benchmark covers 0.3 → 0.9)."""
    mat = newtonian(mpi_tmp_path / "newtonian.toml", comm)
    r = squeeze(comm, mat, w_star=10 / 3, pressure=1e6, temperature=T_REF, end_height=0.8, columns=30, rows=6, steps=15)
    ref = r.reference()
    window = ref >= 0.3
    assert r.height[-1] <= 0.8 and window.sum() >= 5
    assert np.abs(r.squeeze[window] / ref[window] - 1).max() < 0.05
    assert np.abs(r.wetted[window] / ref[window] - 1).max() < 0.05


def test_periodic_cell_is_invariant_under_a_shift_of_the_surface(mpi_tmp_path, comm):
    """An asymmetric periodic surface (two harmonics) and the same surface shifted by a third of its
    period: the same contact and bonded fractions (to the contact measure's resolution, 0.5 %); a
    mirrored (symmetric-sided) cell could not represent the asymmetric surface at all."""
    from thermobond.meshes.surface import FourierProfile
    from thermobond.simulation.cell import InterfaceCell

    L, A = 10e-6, 0.3e-6
    mat = _elastic(comm, mpi_tmp_path)
    fractions = []
    for phase in (0.0, 2 * math.pi / 3):
        a = (0.0, A * math.cos(phase), 0.4 * A * math.cos(2 * phase + 1.0))
        b = (-A * math.sin(phase), -0.4 * A * math.sin(2 * phase + 1.0))
        prof = FourierProfile(L, a, b, "asymmetric")
        cell = InterfaceCell(comm, _spec(mat, L, prof, along=48, tb=0.0), 298.15)
        assert cell.sides == "periodic"
        for p in (0.1e6, 0.2e6, 0.3e6):
            cell.set_state(298.15, p, 0.0)
            assert cell.solve()[0]
            cell.commit(0.0)
        fr = cell.fractions()
        fractions.append((fr["contact_fraction"], fr["bonded_fraction"]))
    (c0, b0), (c1, b1) = fractions
    assert 0.1 < c0 < 0.9
    assert c1 == pytest.approx(c0, rel=0.005) and b1 == pytest.approx(b0, rel=0.005)


def _filled_valley(comm, tmp, tb=None):
    """A Newtonian TPI 2 µm thick under a 5 µm Kapton core on the sinusoid Δ = 0.5 µm, λ = 10 µm (16
    elements along, 4 rows), bonding at ``tb`` (None: nothing bonds), and its core's top height."""
    from pathlib import Path

    from mpi4py import MPI
    from thermobond.materials import load_material
    from thermobond.meshes.surface import sinusoid
    from thermobond.simulation.cell import InterfaceCell

    core = load_material(Path(__file__).resolve().parents[2] / "cases" / "materials" / "kapton_hn.toml")
    tpi = newtonian(tmp / "newtonian.toml", comm)
    spec = _spec(tpi, 2e-6, sinusoid(0.5e-6, 10e-6), core=core, core_t=5e-6, along=16, rows=4, grading=1.0, tb=tb)
    cell = InterfaceCell(comm, spec, T_REF)
    X = cell.V.tabulate_dof_coordinates()
    top = np.isclose(X[:, 1], comm.allreduce(float(X[:, 1].max()), op=MPI.MAX))
    top &= np.arange(len(X)) < cell.V.dofmap.index_map.size_local

    def top_height() -> float:
        uy = cell.u.x.array.reshape(-1, 2)[top, 1]
        return comm.allreduce(float(uy.sum()), op=MPI.SUM) / comm.allreduce(int(top.sum()), op=MPI.SUM)

    return cell, top_height


def _press(cell, until, top_height):
    """Press at 1 MPa and the fluid's reference temperature to ``until`` (s), steps from 0.1 ms growing
    by 1.3× to 0.25 s; the core top's height when the valley first filled (None if it did not)."""
    t, dt, full = 0.0, 1e-4, None
    while t < until:
        dt = min(1.3 * dt, 0.25)
        cell.set_state(T_REF, 1e6, dt)
        assert cell.solve()[0], t + dt
        t += dt
        cell.commit(t)
        if full is None and cell.fractions()["contact_fraction"] > 0.9999:
            full = top_height()
    return full


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="known leak of the node-based contact: a melt in contact that may slide sinks into the "
    "surface between the nodes (docs/theory/interface.md, Limits)",
)
def test_a_melt_at_rest_in_a_filled_valley_keeps_its_volume(mpi_tmp_path, comm):
    """The melt of :func:`_filled_valley`, pressed at 1 MPa with nothing bonding, fills the valley in
    about 0.25 s, and from then on nothing can move — the melt is incompressible (p/K · H = 2e-11 m)
    and the penalty's compliance under a uniform pressure is fixed — so the core's top must stay where
    it is, to 0.05 nm, for the next 12 s. The node-based penalty holds the surface nodes only: the
    melt sliding along the surface sinks into it between them, and the press load drives it there
    (measured: 0.9 nm by 12 s, growing, the valley reopening by 14 s). A contact integrated over the
    faces would pass; until then this test is expected to fail."""
    cell, top_height = _filled_valley(comm, mpi_tmp_path)
    full = _press(cell, 12.0, top_height)
    assert full is not None  # the valley filled
    assert abs(top_height() - full) < 0.05e-9


def test_a_leaking_contact_is_reported_and_a_bonded_one_is_not(mpi_tmp_path, comm, caplog):
    """The leak of the test above, measured by the cell as the melt's area below the surface now
    beyond the penalty's own compliance: unbonded, pressed to 13 s, it passes 1e-3 of the surface's
    height (1 nm) and the run is warned once, with the time; the same melt bonding as it touches
    (bonds do not slide) stays far below it and is not warned."""
    import logging

    from thermobond.simulation.cell import LEAK_LIMIT

    limit = LEAK_LIMIT * 1e-6  # the sinusoid's peak-to-valley height is 2Δ = 1 µm
    with caplog.at_level(logging.WARNING, logger="thermobond.simulation.cell"):
        cell, top_height = _filled_valley(comm, mpi_tmp_path)
        _press(cell, 13.0, top_height)
    warned = [r.getMessage() for r in caplog.records if "sunk" in r.getMessage()]
    assert cell.leak_m > limit and len(warned) == 1, (cell.leak_m, warned)
    assert "at t = 1" in warned[0]  # at 12–13 s
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="thermobond.simulation.cell"):
        cell, top_height = _filled_valley(comm, mpi_tmp_path, tb=T_REF)
        _press(cell, 13.0, top_height)
    assert cell.leak_m < 0.2 * limit and not [r for r in caplog.records if "sunk" in r.getMessage()], cell.leak_m
