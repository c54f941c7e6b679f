"""Thermo-elastic stack against Timoshenko's bilayer (Timoshenko 1925, J. Opt. Soc. Am. 11:233) and free expansion."""

from __future__ import annotations

import numpy as np
import pytest

from tests.casefiles import elastic_card, stack_case

pytestmark = pytest.mark.solver


def timoshenko(E1, E2, h1, h2, a1, a2, dT):
    """κ of a bilayer (Timoshenko 1925); layer 1 at the bottom. Positive κ: convex toward layer 2."""
    m, n, h = h1 / h2, E1 / E2, h1 + h2
    return 6 * (a2 - a1) * dT * (1 + m) ** 2 / (h * (3 * (1 + m) ** 2 + (1 + m * n) * (m**2 + 1 / (m * n))))


def _run(case_path, out, comm):
    """The stack summary as a dict (the fields of summary.json's "stack")."""
    from thermobond.case import load_case
    from thermobond.records import to_data
    from thermobond.simulation.stackmodel import run_stack

    return to_data(run_stack(load_case(case_path), comm).summary)


def _cu_pi_case(tmp, comm, section, alpha_pi="20 ppm/K"):
    cu = elastic_card(tmp / "cu.toml", E="120 GPa", nu=0.33, alpha="17 ppm/K", kind="polymer", comm=comm)
    pi = elastic_card(tmp / "pi.toml", E="2.5 GPa", nu=0.34, alpha=alpha_pi, comm=comm)
    return stack_case(
        tmp / f"bilayer_{section}.toml",
        [("cu", cu, "12 um", 4), ("pi", pi, "25 um", 6)],
        width="4 mm",
        element_size="50 um",
        edge_element_size="5 um",
        section=section,
        start="250 degC",
        end="25 degC",
        rate="50 K/min",
        comm=comm,
    )


def test_v5_timoshenko_plane_stress(mpi_tmp_path, comm):
    """κ = −18.228 1/m (Timoshenko's bimetal formula) within 2 %: the strip curls with the PI side concave."""
    k_ref = timoshenko(120e9, 2.5e9, 12e-6, 25e-6, 17e-6, 20e-6, -225.0)
    assert k_ref == pytest.approx(-18.228, abs=1e-3)  # the formula as tabulated
    s = _run(_cu_pi_case(mpi_tmp_path, comm, "plane_stress"), mpi_tmp_path / "out", comm)
    # our curvature is d²w/dx², positive when concave toward the top (PI) layer: −κ_Timoshenko
    assert s["curvature_1_per_m"] == pytest.approx(-k_ref, rel=0.02)
    assert s["concave_side"] == "top"


def test_v5_timoshenko_plane_strain(mpi_tmp_path, comm):
    """Plane strain: the same formula with E/(1−ν²) and (1+ν)α."""

    def ps(E, nu):
        return E / (1 - nu**2)

    k_ref = timoshenko(ps(120e9, 0.33), ps(2.5e9, 0.34), 12e-6, 25e-6, 1.33 * 17e-6, 1.34 * 20e-6, -225.0)
    s = _run(_cu_pi_case(mpi_tmp_path, comm, "plane_strain"), mpi_tmp_path / "out", comm)
    assert s["curvature_1_per_m"] == pytest.approx(-k_ref, rel=0.02)


def test_v5_timoshenko_axisymmetric(mpi_tmp_path, comm):
    """A round coupon: biaxial moduli E/(1−ν), α unchanged (Timoshenko's formula for a plate),
    within 1 %; the coupon is free on the lower platen (its own weight is negligible)."""
    k_ref = timoshenko(120e9 / 0.67, 2.5e9 / 0.66, 12e-6, 25e-6, 17e-6, 20e-6, -225.0)
    s = _run(_cu_pi_case(mpi_tmp_path, comm, "axisymmetric"), mpi_tmp_path / "out", comm)
    assert s["curvature_1_per_m"] == pytest.approx(-k_ref, rel=0.01)
    assert s["sheet"]["branch"] == "cylindrical"  # a 100 mm square of this laminate rolls up


# three-layer elastic laminates (bottom first): thickness, E, ν, α — one asymmetric about its TPI,
# one with the stiff layer in the middle and unequal polyimides on either side
THREE_LAYER = {
    "cu_tpi_pi": [
        ("12 um", "120 GPa", 0.33, "17 ppm/K"),
        ("4 um", "3 GPa", 0.38, "50 ppm/K"),
        ("25 um", "2.5 GPa", 0.34, "20 ppm/K"),
    ],
    "pi_cu_pi": [
        ("8 um", "2.5 GPa", 0.34, "20 ppm/K"),
        ("18 um", "120 GPa", 0.33, "17 ppm/K"),
        ("25 um", "9 GPa", 0.3, "12 ppm/K"),
    ],
}


@pytest.mark.parametrize("name", sorted(THREE_LAYER))
def test_axisymmetric_three_layer_laminate(mpi_tmp_path, comm, name):
    """Elastic three-layer laminates cooled 300 → 25 °C from a stress-free 300 °C: the coupon's
    curvature within 1 % of biaxial laminate theory (Timoshenko's multilayer plate, E/(1−ν), α)."""
    from tests.reference import laminate_beam

    layers, plies = [], []
    for k, (h, E, nu, a) in enumerate(THREE_LAYER[name]):
        card = elastic_card(mpi_tmp_path / f"{name}{k}.toml", E=E, nu=nu, alpha=a, comm=comm)
        layers.append((f"l{k}", card, h, 4))
        plies.append((float(h.split()[0]) * 1e-6, float(E.split()[0]) * 1e9, nu, float(a.split()[0]) * 1e-6 * -275.0))
    path = stack_case(
        mpi_tmp_path / f"{name}.toml",
        layers,
        width="3 mm",
        element_size="50 um",
        edge_element_size="5 um",
        section="axisymmetric",
        start="300 degC",
        end="25 degC",
        rate="50 K/min",
        comm=comm,
    )
    s = _run(path, mpi_tmp_path / "out", comm)
    ref = laminate_beam(plies, "plate")[1]
    assert abs(ref) > 1.0  # a real curl, not round-off
    assert s["curvature_1_per_m"] == pytest.approx(ref, rel=0.01)
    # the curl inverts to the stress-free temperature it came from
    assert s["effective_stress_free_temperature_degC"] == pytest.approx(300.0, abs=3.0)


def test_v5_equal_layer_cantilever(mpi_tmp_path, comm):
    """Equal layers, L = 3 m, h = 0.3 m, Δα = 5e-6, ΔT = 50 K: deflection at L from the centre
    5.625 mm (Timoshenko's equal-layer strip; a published FE gives 5.6755 mm, Hyfeast verification E.15).

    Linear elasticity has no length scale, so the benchmark runs scaled by 1/100 (L = 30 mm,
    h = 3 mm, within the laminate limits of a case file); the deflection scales by the same factor.
    A 3 mm slab lags a ramp by seconds, so the case holds at the end temperature until uniform.
    """
    scale = 0.01
    a = elastic_card(mpi_tmp_path / "a.toml", E="200 GPa", nu=0.3, alpha="10 ppm/K", comm=comm)
    b = elastic_card(mpi_tmp_path / "b.toml", E="200 GPa", nu=0.3, alpha="15 ppm/K", comm=comm)
    case = stack_case(
        mpi_tmp_path / "cantilever.toml",
        [("a", a, "1.5 mm", 3), ("b", b, "1.5 mm", 3)],
        width="60 mm",
        element_size="1 mm",
        edge_element_size="0.5 mm",
        section="plane_stress",
        start="20 degC",
        end="70 degC",
        rate="50 K/min",
        hold="2 min",
        mechanics="own_weight = false",  # a free beam: at this scale the weight bends it by 2e-4
        comm=comm,
    )
    s = _run(case, mpi_tmp_path / "out", comm)
    L = 3.0 * scale
    tip = s["curvature_1_per_m"] * L**2 / 2
    # heating with the more expansive layer on top: convex toward the top, edges droop
    assert -tip == pytest.approx(5.625e-3 * scale, rel=1e-4)


@pytest.mark.parametrize("section", ["plane_stress", "plane_strain", "axisymmetric"])
def test_free_expansion(mpi_tmp_path, comm, section):
    """One unconstrained Kapton layer (α_in 20, α_z 81 ppm/K, E(T)) heated 25 → 300 °C.

    Plane stress and the axisymmetric coupon: every stress component vanishes. Plane strain:
    ε_zz = 0 is a constraint, so the in-plane stresses vanish and σ_zz = −E(T) ε_th,in.
    """
    from mpi4py import MPI
    from thermobond.case import load_case
    from thermobond.simulation.stackmodel import StackMechanics, build_stack_mesh

    from tests.casefiles import MATERIALS

    path = stack_case(
        mpi_tmp_path / f"free_{section}.toml",
        [("pi", MATERIALS / "kapton_hn.toml", "25 um", 6)],
        width="1 mm",
        element_size="25 um",
        edge_element_size="5 um",
        section=section,
        start="25 degC",
        end="300 degC",
        mechanics="own_weight = false",
        comm=comm,
    )
    case = load_case(path)
    mech = StackMechanics(build_stack_mesh(comm, case), case)
    T1 = 573.15
    mech.set_temperature(lambda y: np.full_like(y, T1))
    mech.set_pressure(0.0)
    ok, _, _ = mech.solve(1.0, "press")
    assert ok
    mech.update_stress_fields()
    sig = mech.sigma_h.x.array.reshape(-1, 9)
    E = float(np.interp(T1, [473.15, 623.15], [2.0e9, 1.5e9]))  # the card's table
    eps_in = 20e-6 * (T1 - 298.15)
    scale = E * 81e-6 * (T1 - 298.15)
    local_inplane = float(np.abs(sig[:, [0, 1, 4]]).max())
    inplane = comm.allreduce(local_inplane, op=MPI.MAX)
    assert inplane < 1e-8 * scale
    szz_expected = -E * eps_in if section == "plane_strain" else 0.0
    local_zz = float(np.abs(sig[:, 8] - szz_expected).max())
    assert comm.allreduce(local_zz, op=MPI.MAX) < 1e-8 * scale
