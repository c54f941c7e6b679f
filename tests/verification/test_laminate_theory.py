"""Biaxial laminate theory (thermobond.laminate) against Timoshenko's bimetal and closed forms.

References: Timoshenko, J. Opt. Soc. Am. 11 (1925) 233 (bimetal curvature); its plate form with
biaxial moduli E/(1 − ν); force and moment equilibrium of a free plate.
"""

from __future__ import annotations

import numpy as np
import pytest
from thermobond.errors import InputError
from thermobond.laminate import (
    Laminate,
    PlateSection,
    Ply,
    beam_curvature,
    laminate_curvature,
    laminate_state,
    plate_section,
    sheet_curl,
    stress_free_temperature,
)
from thermobond.materials import Expansion, PiecewiseLinear, SteppedCTE

from tests.reference import laminate_beam

C = 273.15
ROOM, TSF = 25.0 + C, 250.0 + C  # 250 → 25 °C: ΔT = −225 K


def timoshenko(E1, E2, h1, h2, a1, a2, dT):
    """Bimetal curvature (Timoshenko 1925); layer 1 at the bottom, positive when convex toward layer 2."""
    m, n, h = h1 / h2, E1 / E2, h1 + h2
    return 6 * (a2 - a1) * dT * (1 + m) ** 2 / (h * (3 * (1 + m) ** 2 + (1 + m * n) * (m**2 + 1 / (m * n))))


def cu_pi(h_cu=12e-6, h_pi=25e-6, E_pi=2.5e9, a_pi=20e-6):
    return Laminate((Ply(h_cu, 120e9, 0.33, 17e-6, name="cu"), Ply(h_pi, E_pi, 0.34, a_pi, name="pi")))


@pytest.mark.parametrize(("a_pi", "tabulated"), [(20e-6, -18.228), (27e-6, -60.760)])
def test_beam_is_timoshenko_bimetal(a_pi, tabulated):
    """Cu 12 µm (120 GPa, 17 ppm/K) on PI 25 µm (2.5 GPa), ΔT = −225 K: κ = −18.228 1/m (α_PI 20) and
    −60.760 1/m (α_PI 27) in Timoshenko's sign; ours is d²w/dx², concave toward the PI on top."""
    ref = timoshenko(120e9, 2.5e9, 12e-6, 25e-6, 17e-6, a_pi, -225.0)
    assert ref == pytest.approx(tabulated, abs=5e-4)
    _, kappa = beam_curvature(cu_pi(a_pi=a_pi), ROOM, TSF, "stress")
    assert kappa == pytest.approx(-ref, rel=1e-10)


def test_plane_strain_beam_is_timoshenko_with_plane_strain_moduli():
    """Plane strain (ε_y = 0): Timoshenko with E/(1 − ν²) and free strain (1 + ν) α ΔT."""
    ref = timoshenko(120e9 / (1 - 0.33**2), 2.5e9 / (1 - 0.34**2), 12e-6, 25e-6, 1.33 * 17e-6, 1.34 * 20e-6, -225.0)
    assert beam_curvature(cu_pi(), ROOM, TSF, "strain")[1] == pytest.approx(-ref, rel=1e-10)


def test_plate_is_timoshenko_with_biaxial_moduli():
    """A free plate under equi-biaxial misfit bends like the bimetal with E/(1 − ν), α unchanged."""
    ref = timoshenko(120e9 / 0.67, 2.5e9 / 0.66, 12e-6, 25e-6, 17e-6, 20e-6, -225.0)
    lam = cu_pi()
    assert laminate_curvature(lam, ROOM, TSF) == pytest.approx(-ref, rel=1e-10)
    assert beam_curvature(lam, ROOM, TSF, "biaxial")[1] == pytest.approx(-ref, rel=1e-10)


# Curl of single-sided Cu/PI cooled 250 → 25 °C, Timoshenko plate form (E_Cu 120 GPa, ν 0.33;
# ν_PI 0.34; α_Cu 17 ppm/K), as tabulated in the project's curl table: (h_Cu, h_PI, E_PI) and κ (1/m)
# for Δα = 3, 10, 20 ppm/K, printed to the digits given.
PLATE_TABLE = [
    (12, 25, 2.5, ("18.3", "61", "122")),
    (12, 25, 6.0, ("23.8", "79", "158")),
    (18, 25, 2.5, ("9.9", "33", "66")),
    (12, 50, 2.5, ("15.7", "52", "104")),
    (35, 25, 2.5, ("2.6", "8.6", "17")),
    (35, 50, 6.0, ("8.1", "27", "54")),
]


@pytest.mark.parametrize(("h_cu", "h_pi", "E_pi", "printed"), PLATE_TABLE)
def test_plate_curl_table(h_cu, h_pi, E_pi, printed):
    """Every entry agrees to the digits printed (half a unit of the last digit); the uniaxial beam
    would not (18.23 for the first), so the table is the plate form."""
    for dalpha, text in zip((3e-6, 10e-6, 20e-6), printed, strict=True):
        decimals = len(text.split(".")[1]) if "." in text else 0
        lam = cu_pi(h_cu * 1e-6, h_pi * 1e-6, E_pi * 1e9, 17e-6 + dalpha)
        assert laminate_curvature(lam, ROOM, TSF) == pytest.approx(float(text), abs=0.5 * 10.0**-decimals)
    assert round(beam_curvature(cu_pi(), ROOM, TSF, "stress")[1], 1) != 18.3


def test_three_layer_plate_against_independent_integration():
    """Cu/TPI/PI (the flagship stack): biaxial curvature equals an independent beam integration
    with E/(1 − ν) (tests.reference.laminate_beam, 'plate')."""
    plies = [(12e-6, 120e9, 0.33, 17e-6), (4e-6, 3e9, 0.38, 30e-6), (25e-6, 2.5e9, 0.34, 20e-6)]
    lam = Laminate(tuple(Ply(h, E, nu, a) for h, E, nu, a in plies))
    _, ref = laminate_beam([(h, E, nu, a * -225.0) for h, E, nu, a in plies], "plate")
    assert laminate_curvature(lam, ROOM, TSF) == pytest.approx(ref, rel=1e-10)
    assert ref == pytest.approx(22.8, abs=0.05)  # "plate theory from Tg gives 22.8 1/m" (issue 14)


def test_free_plate_stress_is_self_equilibrated():
    """σ(z) through the thickness carries no force and no moment (free plate), and the stress in
    each ply is its biaxial modulus times (ε0 − ζκ − e)."""
    lam = Laminate(
        (
            Ply(12e-6, 120e9, 0.33, 17e-6),
            Ply(4e-6, 3e9, 0.38, 30e-6),
            Ply(25e-6, 2.5e9, 0.34, 20e-6, eigenstrain=-2e-4),
        )
    )
    s = laminate_state(lam, ROOM, TSF)
    h = lam.thickness
    force = moment = 0.0
    for k in range(3):
        z0, z1 = s.z[s.ply == k]
        s0, s1 = s.stress_x[s.ply == k]
        force += 0.5 * (s0 + s1) * (z1 - z0)
        # ∫ σ (z − h/2) dz of a linear σ over [z0, z1]
        zc0, zc1 = z0 - h / 2, z1 - h / 2
        moment += (z1 - z0) * (s0 * (2 * zc0 + zc1) + s1 * (zc0 + 2 * zc1)) / 6
    scale = np.abs(s.stress_x).max() * h
    assert abs(force) < 1e-12 * scale
    assert abs(moment) < 1e-12 * scale * h
    assert np.allclose(s.stress_x, s.stress_y)
    assert s.curvature > 0  # the more contractile PI on top is the concave side


def test_symmetric_laminate_does_not_curl():
    """Cu/PI/Cu 12/25/12: no curvature; the plies carry the two-material biaxial force balance
    σ_PI = M_PI Δε · M_Cu h_Cu / (M_Cu h_Cu + M_PI h_PI), with M = E/(1 − ν) and 2 h_Cu = 24 µm."""
    cu = Ply(12e-6, 120e9, 0.33, 17e-6)
    lam = Laminate((cu, Ply(25e-6, 2.5e9, 0.34, 20e-6), cu))
    sec = plate_section(lam, ROOM, TSF)
    assert abs(sec.curvature) < 1e-12
    s = laminate_state(lam, ROOM, TSF)
    m_cu, m_pi, misfit = 120e9 / 0.67, 2.5e9 / 0.66, 3e-6 * 225.0
    sigma_pi = m_pi * misfit * m_cu * 24e-6 / (m_cu * 24e-6 + m_pi * 25e-6)
    assert s.ply_stress(1) == pytest.approx((sigma_pi, sigma_pi), rel=1e-10)
    assert s.ply_stress(0)[0] == pytest.approx(-sigma_pi * 25 / 24, rel=1e-10)
    curl = sheet_curl(sec, 0.1, "square")
    assert curl.branch == "flat"
    assert curl.edge_lift == 0.0


def test_stress_free_temperature_through_a_cte_step():
    """A layer with a glassy/rubbery CTE step at Tg: the T_sf that reproduces a Timoshenko plate
    curvature whose misfit is integrated by hand across the step."""
    tg = 200.0 + C
    lam = Laminate(
        (
            Ply(12e-6, 120e9, 0.34, 17e-6),
            Ply(25e-6, PiecewiseLinear((273.15, 573.15), (2.5e9, 1.5e9)), 0.34, SteppedCTE((20e-6, 60e-6), (tg,))),
        )
    )
    t_sf = 230.0 + C
    misfit = (20e-6 - 17e-6) * (ROOM - tg) + (60e-6 - 17e-6) * (tg - t_sf)  # ∫(α_PI − α_Cu) dT, T_sf → T
    E_pi = 2.5e9 - 1.0e9 * (ROOM - 273.15) / 300.0
    kappa = -timoshenko(120e9 / 0.66, E_pi / 0.66, 12e-6, 25e-6, 0.0, 1.0, misfit)
    assert stress_free_temperature(lam, kappa, ROOM) == pytest.approx(t_sf, abs=1e-6)
    expansion = Laminate((lam.plies[0], Ply(25e-6, E_pi, 0.34, Expansion.isotropic(SteppedCTE((20e-6, 60e-6), (tg,))))))
    assert stress_free_temperature(expansion, kappa, ROOM) == pytest.approx(t_sf, abs=1e-6)


def test_stress_free_temperature_rejects_an_unreachable_curvature():
    cu = Ply(12e-6, 120e9, 0.33, 17e-6)
    symmetric = Laminate((cu, Ply(25e-6, 2.5e9, 0.34, 20e-6), cu))
    with pytest.raises(InputError, match="no stress-free temperature"):
        stress_free_temperature(symmetric, 10.0, ROOM)


def test_input_validation():
    with pytest.raises(InputError, match="thickness"):
        Ply(0.0, 1e9, 0.3, 1e-5)
    with pytest.raises(InputError, match="Poisson"):
        Ply(1e-6, 1e9, 0.5, 1e-5)
    with pytest.raises(InputError, match="at least one ply"):
        Laminate(())
    sec = plate_section(cu_pi(), ROOM, TSF)
    A = sec.A.copy()
    A[1, 1] *= 1.1  # orthotropic
    with pytest.raises(InputError, match="not in-plane isotropic"):
        PlateSection.from_matrices(A, sec.B, sec.D, sec.N_T, sec.M_T, sec.thickness)
    same = PlateSection.from_matrices(sec.A, sec.B, sec.D, sec.N_T, sec.M_T, sec.thickness)
    assert same.curvature == pytest.approx(sec.curvature, rel=1e-12)


def test_plies_from_material_cards():
    """A ply built from a card carries the card's E(T), ν and in-plane CTE (Kapton HN-like card:
    2.5 GPa at 23 °C, 2.0 GPa at 200 °C, ν 0.34, α_in 20 ppm/K); a thermal-only card is refused."""
    from thermobond.materials import load_material

    from tests.casefiles import MATERIALS

    pi = Ply.from_material(load_material(MATERIALS / "kapton_hn.toml"), 25e-6)
    assert pi.modulus(23.0 + C) == pytest.approx(2.5e9)
    assert pi.modulus(200.0 + C) == pytest.approx(2.0e9)
    assert pi.poissons_ratio == 0.34
    assert pi.thermal_strain(ROOM, TSF) == pytest.approx(20e-6 * -225.0)
    with pytest.raises(InputError, match="elasticity and thermal expansion"):
        Ply.from_material(load_material(MATERIALS / "pad_aramid.toml"), 1e-3)
