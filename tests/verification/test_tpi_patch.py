"""The 3-D TPI patch (finite-strain Prony law, mixed Q2/DPC1, contact) against Westergaard.

With its branch frozen (τ → ∞) the TPI law is a nearly incompressible elastic solid (K/G = 10⁷, the
melt's ratio, where a displacement-only formulation locks), and a patch of the wavy profile
h = Δ cos(2πx/λ) extruded along y is Westergaard's line contact: p̄ = p* sin²(πa/λ) with
p* = π E* Δ/λ, E* = 4G for an incompressible solid (Johnson, Contact Mechanics, 1985, §13.2), for a
layer λ thick standing in for the half-space (the fundamental wave decays as e^(−2πz/λ)). Δ/λ = 0.001:
small strain. The penetration is taken at the current position x = X + u (a surface that gives its
height in UFL) or linearised about the reference point (any other surface): both are checked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pytest

pytestmark = pytest.mark.solver

WAVELENGTH = 100e-6  # m
AMPLITUDE = 1e-3 * WAVELENGTH
SHEAR = 1e7  # Pa


@dataclass(frozen=True)
class _Extruded:
    """h = Δ cos(2πx/λ), extruded along y (a line contact); ``exact``: it gives its height in UFL."""

    exact: bool = True
    period_x_m: float = WAVELENGTH
    period_y_m: float = WAVELENGTH / 16

    def height(self, x, y):
        return AMPLITUDE * np.cos(2 * np.pi * np.asarray(x) / WAVELENGTH) + 0.0 * np.asarray(y)

    def gradient(self, x, y):
        x = np.asarray(x)
        return np.stack([-2 * np.pi / WAVELENGTH * AMPLITUDE * np.sin(2 * np.pi * x / WAVELENGTH), np.zeros_like(x)])

    def __getattr__(self, name):
        if name == "ufl_height" and self.exact:
            import ufl

            return lambda x, y: AMPLITUDE * ufl.cos(2 * np.pi * x / WAVELENGTH)
        raise AttributeError(name)


def _elastic_tpi():
    from thermobond.materials import PronySeries, Viscoelasticity
    from thermobond.materials.shift import WLF

    G = PronySeries(np.array([1.0]), np.array([1e30]), SHEAR, "shear")
    return SimpleNamespace(viscoelastic=Viscoelasticity(G, 1e7 * SHEAR, WLF(17.44, 51.6, 523.15), G))


@pytest.mark.parametrize(("exact", "loads"), [(True, (0.25, 0.5, 0.75)), (False, (0.5,))])
def test_extruded_wavy_profile_gives_westergaards_contact_width(comm, exact, loads):
    """Within 1 % at p̄/p* = 1/4, 1/2, 3/4 (64 Q2 elements along λ); the contact force is p̄ λx λy."""
    from thermobond.simulation.patch import PatchMesh
    from thermobond.simulation.tpipatch import TPIPatch

    patch = TPIPatch(comm, _Extruded(exact), WAVELENGTH, _elastic_tpi(), 523.15, PatchMesh(64, 10, 1.5, elements_y=2))
    assert patch.exact_gap == exact
    pstar = math.pi * 4 * SHEAR * AMPLITUDE / WAVELENGTH
    for q in loads:
        r = patch.step(0.0, 523.15, q * pstar)
        assert r is not None, q
        exact_width = 2 / math.pi * math.asin(math.sqrt(q))
        assert r.contact_fraction == pytest.approx(exact_width, rel=0.01), q
        # the normal contact force; the load is its vertical part (they differ by ~ slope² ≈ 4e-5)
        assert r.contact_force_N == pytest.approx(q * pstar * patch.area_m2, rel=1e-4)


def test_the_flowing_tpi_fills_an_extruded_profile_as_the_2d_cell_does(comm, mpi_tmp_path):
    """A Newtonian TPI under a core pressed into the extruded wavy profile: the 3-D patch's mean gap
    (the volume still to fill) follows the 2-D cell's within 1 % of Δ at every step (coarse meshes,
    the first 16 steps: the valleys filled to about 60 %; the full comparison is the benchmark
    ``benchmarks/verification/patch_vs_cell.py``)."""
    from thermobond.materials import load_material

    from benchmarks.verification.patch_vs_cell import AMPLITUDE, ROOT, STEPS, run_cell, run_patch
    from tests.squeeze import newtonian

    core = load_material(ROOT / "cases" / "materials" / "kapton_hn.toml")
    tpi = newtonian(mpi_tmp_path / "newtonian.toml", comm)
    steps = STEPS[:16]
    _, cell_gap, _ = run_cell(comm, tpi, core, along=16, rows=4, steps=steps)
    _, patch_gap, _ = run_patch(comm, tpi, core, along=16, rows=4, steps=steps)
    assert cell_gap[-1] < 0.6 * AMPLITUDE  # the flow got somewhere
    worst = max(abs(p - c) for p, c in zip(patch_gap, cell_gap, strict=True))
    assert worst < 0.01 * AMPLITUDE, worst / AMPLITUDE


def test_the_patch_gives_the_same_contact_on_one_rank_and_on_all(comm, mpi_tmp_path):
    """The flowing TPI patch on all ranks and on each rank alone: the same contact fraction and mean
    gap after every step, to 1e-6 (the partition changes only the order of sums)."""
    from mpi4py import MPI
    from thermobond.materials import load_material

    from benchmarks.verification.patch_vs_cell import ROOT, STEPS, run_patch
    from tests.squeeze import newtonian

    core = load_material(ROOT / "cases" / "materials" / "kapton_hn.toml")
    tpi = newtonian(mpi_tmp_path / "newtonian.toml", comm)
    steps = STEPS[:10]
    frac_all, gap_all, _ = run_patch(comm, tpi, core, along=8, rows=2, steps=steps)
    frac_one, gap_one, _ = run_patch(MPI.COMM_SELF, tpi, core, along=8, rows=2, steps=steps)
    assert max(frac_all) > 0.05
    np.testing.assert_allclose(frac_all, frac_one, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(gap_all, gap_one, rtol=1e-6, atol=1e-9 * AMPLITUDE)


def test_heating_expands_the_laterally_held_layer_through_its_thickness(comm):
    """Heated by 100 K with α = 200 ppm/K on a flat metal of 17 ppm/K, the periodic layer is held
    laterally by the metal (the frame): a nearly incompressible layer then takes the whole volumetric
    misfit (1 + e)³, e = (α − α_m) ΔT, through its thickness, H (1 + e)³ − H, to 1e-5 (the press
    pressure, 1e-3 G, cannot compress it); without the metal's CTE there is no thermal strain."""
    from thermobond.materials.expansion import Expansion, SteppedCTE
    from thermobond.simulation.patch import PatchMesh
    from thermobond.simulation.tpipatch import TPIPatch

    @dataclass(frozen=True)
    class Flat:  # the whole bottom on the surface: the deformation is homogeneous
        period_x_m: float = WAVELENGTH
        period_y_m: float = WAVELENGTH / 16

        def height(self, x, y):
            return 0.0 * np.asarray(x)

        def gradient(self, x, y):
            return np.zeros((2, np.asarray(x).size))

    tpi = _elastic_tpi()
    tpi.expansion = Expansion.isotropic(SteppedCTE.constant(200e-6))
    H, T0, dT = WAVELENGTH / 4, 523.15, 100.0
    e = (200e-6 - 17e-6) * dT
    for metal, expected in ((SteppedCTE.constant(17e-6), H * ((1 + e) ** 3 - 1)), (None, 0.0)):
        patch = TPIPatch(comm, Flat(), H, tpi, T0, PatchMesh(8, 4, 1.0, elements_y=2), metal_expansion=metal)
        assert patch.step(1.0, T0 + dT, 1e-3 * SHEAR) is not None
        X = patch.V.tabulate_dof_coordinates()[: patch.V.dofmap.index_map.size_local]
        uz = patch.u.x.array.reshape(-1, 3)[: X.shape[0], 2]
        top, peak = np.isclose(X[:, 2], H), np.isclose(X[:, 2], 0.0)
        sums = comm.allreduce(np.array([uz[top].sum(), top.sum(), uz[peak].sum(), peak.sum()]))
        growth = sums[0] / sums[1] - sums[2] / sums[3]
        assert growth == pytest.approx(expected, rel=1e-5, abs=1e-6 * H * e), metal


@pytest.mark.parametrize("bonds", [True, False])
def test_bonds_keep_the_contact_of_the_full_load_when_it_is_removed(comm, bonds):
    """The elastic layer pressed to p*/2 hot, then unloaded to p*/10. Without bonds its contact
    shrinks to Westergaard's width at p*/10, 2a/λ = (2/π) asin √(1/10) (within 3 %). With bonds
    (made at p*/2, above the bonding temperature) nothing that touched lets go: the bonded area stays
    the contact area at p*/2 (Westergaard 0.5, within 3 %), the bonded nodes stay where they bonded,
    and the ties near the bond's edge pull (tension) to hold the layer down. In both, the normal
    forces on the bottom balance the load on the top (to 1e-4: the contact force is the sum of the
    normal pressures, which the surface's slope, up to 2π·10⁻³, tilts from the vertical)."""
    from mpi4py import MPI
    from thermobond.simulation.patch import PatchMesh
    from thermobond.simulation.tpipatch import TPIPatch

    T = 523.15
    patch = TPIPatch(
        comm,
        _Extruded(True),
        WAVELENGTH,
        _elastic_tpi(),
        T,
        PatchMesh(32, 6, 1.5, elements_y=2),
        bonding_temperature_K=T - 10 if bonds else None,
    )
    pstar = math.pi * 4 * SHEAR * AMPLITUDE / WAVELENGTH
    area = WAVELENGTH * WAVELENGTH / 16

    def westergaard(q):
        return 2 / math.pi * math.asin(math.sqrt(q))

    loaded = patch.step(0.0, T, 0.5 * pstar)
    assert loaded is not None
    assert loaded.contact_fraction == pytest.approx(westergaard(0.5), rel=0.03)
    assert loaded.bonded_fraction == (pytest.approx(loaded.contact_fraction, rel=1e-12) if bonds else 0.0)
    unloaded = patch.step(0.0, T, 0.1 * pstar)
    assert unloaded is not None
    for s, q in ((loaded, 0.5), (unloaded, 0.1)):
        assert s.contact_force_N == pytest.approx(q * pstar * area, rel=1e-4)
    if not bonds:
        assert unloaded.contact_fraction == pytest.approx(westergaard(0.1), rel=0.03)
        return
    assert unloaded.bonded_fraction == pytest.approx(loaded.bonded_fraction, rel=1e-3)
    assert unloaded.contact_fraction == pytest.approx(loaded.contact_fraction, rel=1e-3)
    m = patch.n_owned
    tied = patch.bonded.x.array[:m] > 0.5
    u = patch.u.x.array.reshape(-1, 3)[:m][tied]
    a = patch.anchor.x.array.reshape(-1, 3)[:m][tied]
    drift = comm.allreduce(float(np.abs(u - a).max()) if tied.any() else 0.0, op=MPI.MAX)
    assert drift < 1e-3 * AMPLITUDE
    pull = comm.allreduce(float(patch.tie_pressure()[tied].min()) if tied.any() else 0.0, op=MPI.MIN)
    assert pull < 0.0  # a tie in tension: the surface holds the layer down


@dataclass(frozen=True)
class _Pit:
    """One round pit per 10 µm period in a flat metal: h = −D (1 − r²/R²)² inside r < R (R 3.5 µm,
    D 1 µm), zero outside."""

    period_x_m: float = 10e-6
    period_y_m: float = 10e-6
    radius: float = 3.5e-6
    depth: float = 1e-6

    def _s(self, x, y):
        return ((np.asarray(x) - 5e-6) ** 2 + (np.asarray(y) - 5e-6) ** 2) / self.radius**2

    def height(self, x, y):
        s = self._s(x, y)
        return np.where(s < 1, -self.depth * (1 - s) ** 2, 0.0)

    def gradient(self, x, y):
        s = self._s(x, y)
        f = np.where(s < 1, 4 * self.depth * (1 - s) / self.radius**2, 0.0)
        return np.stack([f * (np.asarray(x) - 5e-6), f * (np.asarray(y) - 5e-6)])

    def ufl_height(self, x, y):
        import ufl

        s = ((x - 5e-6) ** 2 + (y - 5e-6) ** 2) / self.radius**2
        return ufl.conditional(ufl.lt(s, 1.0), -self.depth * (1 - s) ** 2, 0.0)


@pytest.mark.slow
def test_a_leaking_patch_contact_is_reported(comm, mpi_tmp_path, caplog):
    """A Newtonian melt 3 µm thick under a 5 µm Kapton core, pressed at 0.2 MPa into the pit, nothing
    bonding: it fills the pit in about 1 s, and then the node-based contact leaks (docs/patch.md,
    Limits: the melt sinks into the surface between the nodes, faster and faster). The patch warns
    once, after the pit has filled, when the leak passes 3e-3 of the relief (3 nm)."""
    import logging

    from thermobond.materials import load_material
    from thermobond.simulation.patch import PatchMesh
    from thermobond.simulation.tpipatch import TPIPatch

    from benchmarks.verification.patch_vs_cell import ROOT
    from tests.squeeze import T_REF, newtonian

    core = load_material(ROOT / "cases" / "materials" / "kapton_hn.toml")
    tpi = newtonian(mpi_tmp_path / "newtonian.toml", comm)
    patch = TPIPatch(comm, _Pit(), 3e-6, tpi, T_REF, PatchMesh(10, 3, 1.0), core=core, core_thickness_m=5e-6)
    t, dt, full = 0.0, 0.01, None
    with caplog.at_level(logging.WARNING, logger="thermobond.simulation.cell"):
        while t < 7.0:
            dt = min(1.3 * dt, 0.25)
            r = patch.step(dt, T_REF, 0.2e6)
            assert r is not None, t + dt
            t = r.time_s
            if full is None and r.contact_fraction > 0.9999:
                full = t
    warned = [r.getMessage() for r in caplog.records if "patch: at t =" in r.getMessage()]
    assert full is not None and len(warned) == 1, (full, warned)
    when = float(warned[0].split("at t = ")[1].split(" s")[0])
    assert when > full and patch.leak_m > patch._leak_limit
