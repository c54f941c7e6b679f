"""Large-deflection curl of a free sheet (thermobond.laminate.curl) against published and closed forms.

* Clamped square plate under uniform pressure: w_max = 0.00126 q a⁴/D (Timoshenko &
  Woinowsky-Krieger, Theory of Plates and Shells, 1959, Table 35) — the membrane solution of curl.
* Mansfield's heated lenticular disk (Proc. R. Soc. Lond. A 268 (1962) 316): critical inelastic
  curvature 0.0516 for t0/a = 0.01, ν = 0.3, the value the FEniCS-Shells demo
  ``demo_von-karman-mansfield.py`` takes from Mansfield's analytical solution.
* A thin film on a round substrate: bifurcation at K_B = κ_B a²/h_s = 4/√(1 + ν) with Stoney load
  S_B = 8/(1 + ν)^{3/2} — the closed form of the uniform-curvature Ritz model of Masters & Salamon
  (1993) / Freund (2000), derived in :mod:`thermobond.laminate.curl` (the papers' text could not be
  retrieved to quote their printed number; the formula is re-derived in ``test_thin_film_disk``).
* Limits: small load → linear plate theory; large load → cylindrical bending (N_x = N_y = M_x = 0,
  κ_y = 0), integrated here independently; exact circle geometry of a rolled sheet.
"""

from __future__ import annotations

import numpy as np
import pytest
from thermobond.laminate import (
    CurlModel,
    Laminate,
    Ply,
    centre_state,
    clamped_plate,
    plate_section,
    sheet_curl,
    table_lift,
)

C = 273.15
ROOM, TSF = 25.0 + C, 250.0 + C

FLAGSHIP = Laminate(
    (
        Ply(12e-6, 120e9, 0.33, 17e-6, name="cu"),
        Ply(4e-6, 3e9, 0.38, 30e-6, name="tpi"),
        Ply(25e-6, 2.5e9, 0.34, 20e-6, name="pi"),
    )
)


def cylindrical_bending(plies, misfit_scale=1.0):
    """κ_x of a free laminate bent in x only (κ_y = 0), ε_x0 and ε_y0 free: N_x = N_y = M_x = 0.

    plies: (h, E, ν, e) bottom first. Independent of thermobond: moments of each ply about the mid-plane.
    """
    h = sum(p[0] for p in plies)
    lhs, rhs = np.zeros((3, 3)), np.zeros(3)
    z = -h / 2
    for t, E, nu, e in plies:
        q11, q12 = E / (1 - nu**2), nu * E / (1 - nu**2)
        m0, m1, m2 = t, ((z + t) ** 2 - z**2) / 2, ((z + t) ** 3 - z**3) / 3
        z += t
        # σ_x = q11 (ε_x0 − ζκ − e) + q12 (ε_y0 − e);  σ_y = q12 (ε_x0 − ζκ − e) + q11 (ε_y0 − e)
        lhs += [[q11 * m0, q12 * m0, -q11 * m1], [q12 * m0, q11 * m0, -q12 * m1], [q11 * m1, q12 * m1, -q11 * m2]]
        rhs += (q11 + q12) * e * misfit_scale * np.array([m0, m0, m1])
    return np.linalg.solve(lhs, rhs)[2]


def flagship_plies():
    return [(p.thickness, p.modulus(ROOM), p.poissons_ratio, p.free_strain(ROOM, TSF)) for p in FLAGSHIP.plies]


def test_clamped_square_plate_is_timoshenko_table():
    """Centre deflection of a clamped square plate, 0.00126 q a⁴/D (a = side; the table prints three
    digits of 0.001265…), within 0.5 %."""
    assert clamped_plate("square").centre == pytest.approx(0.00126, rel=5e-3)
    # a disk of diameter L: q a⁴/(64 D) with a = L/2 (Timoshenko & Woinowsky-Krieger §62)
    assert clamped_plate("round").centre == pytest.approx(0.5**4 / 64, rel=1e-12)


def test_mansfield_lenticular_disk():
    """Mansfield's lenticular disk t(r) = t0 (1 − r²/a²), heated to an inelastic curvature c
    (bending strain κ − c in both directions), bifurcates at c = 0.0516 for t0 = 0.01, a = 1, ν = 0.3.

    Uniform curvature is exact for this plate (Mansfield 1962). Per unit area: bending
    ∫D(r)/(πa²) = D0/4, so d1 = D0/4, d2 = ν D0/4, m = −(1 + ν) c D0/4. Stretching: with
    N_r = C (1 − ρ²)², N_θ = C (1 − ρ²)(1 − 5ρ²) (equilibrium (r N_r)' = N_θ, free edge), the
    compatibility (r ε_θ)' − ε_r = −K r²/2 of a sheet of Gaussian curvature K and modulus
    Y = E t0 (1 − ρ²) gives C = K a² E t0 / (4 (7 + ν)), and the energy per unit area is
    β K² with β = a⁴ E t0 / (192 (7 + ν)).
    """
    E, nu, t0, a = 1.0, 0.3, 1e-2, 1.0
    D0 = E * t0**3 / (12 * (1 - nu**2))
    beta = a**4 * E * t0 / (192 * (7 + nu))

    def model(c):
        return CurlModel(D0 / 4, nu * D0 / 4, -(1 + nu) * c * D0 / 4, beta)

    c_critical = 0.05 / model(0.05).load_ratio  # the load ratio is proportional to c
    assert c_critical == pytest.approx(0.0516, abs=5e-5)
    assert model(0.99 * c_critical).equilibrium()[2] == "spherical"
    assert model(1.01 * c_critical).equilibrium()[2] == "cylindrical"


def test_thin_film_disk_bifurcation():
    """Film 0.2 µm on a 100 µm substrate, disk of radius a = 10 mm, equi-biaxial misfit.

    Uniform-curvature Ritz model: per area ½ d1 (κx² + κy²) + d2 κx κy + m (κx + κy) + β (κx κy)²
    with, for a thin film, d1 − d2 = D_s (1 − ν), Y = E_s h_s and β = Y a⁴/384 (clamped disk
    ⟨φ⟩ = a⁴/192). Stationarity gives κ_B² = (d1 − d2)/(2β) → K_B = κ_B a²/h_s = 4/√(1 + ν), and on
    the spherical branch S = K (1 + (1 − ν) K²/16) with S = κ_Stoney a²/h_s, so S_B = 8/(1 + ν)^{3/2}.
    Stoney: κ = 6 M_f ε_m h_f/(M_s h_s²), M = E/(1 − ν). Within 5 % (the film's own stiffness is
    neglected in the closed form).
    """
    Es, nu, hs, hf, a = 130e9, 0.28, 100e-6, 0.2e-6, 10e-3
    Ef = 70e9
    eps_m = -1e-3  # film wants to shrink: tensile film, concave toward the film on top
    lam = Laminate((Ply(hs, Es, nu, 0.0), Ply(hf, Ef, nu, 0.0, eigenstrain=eps_m)))
    curl = sheet_curl(plate_section(lam, ROOM, ROOM), 2 * a, "round")
    K_B = abs(curl.bifurcation_curvature) * a**2 / hs
    assert K_B == pytest.approx(4 / np.sqrt(1 + nu), rel=0.05)
    stoney = 6 * (Ef / (1 - nu)) * abs(eps_m) * hf / ((Es / (1 - nu)) * hs**2)
    S_B = stoney * a**2 / hs / curl.load_ratio  # Stoney load at bifurcation
    assert S_B == pytest.approx(8 / (1 + nu) ** 1.5, rel=0.05)
    assert curl.concave_side == "top"


def test_spherical_branch_tends_to_linear_theory():
    """Below bifurcation κ = κ0 (1 − O(κ0²)): the deficit falls with the square of the load."""
    sec = plate_section(FLAGSHIP, ROOM, TSF)
    size = 2e-3  # load ratio ≈ 0.24 at full misfit
    loads = np.array([0.4, 0.2, 0.1, 0.05])
    deficits = []
    for f in loads:
        lam = Laminate(
            tuple(Ply(p.thickness, p.youngs_modulus, p.poissons_ratio, f * p.expansion) for p in FLAGSHIP.plies)
        )
        curl = sheet_curl(plate_section(lam, ROOM, TSF), size, "square")
        assert curl.branch == "spherical"
        assert curl.kappa_major == curl.kappa_minor
        deficits.append(1 - curl.kappa_major / curl.small_deflection_curvature)
    assert deficits[-1] < 2e-3
    slope = np.polyfit(np.log(loads), np.log(deficits), 1)[0]
    assert slope == pytest.approx(2.0, abs=0.05)
    assert sec.curvature == pytest.approx(sheet_curl(sec, 1e-5).kappa_major, rel=1e-9)


@pytest.mark.parametrize("shape", ["square", "round"])
def test_cylindrical_branch_tends_to_cylindrical_bending(shape):
    """Past bifurcation κ_major → cylindrical bending (relative gap ∝ load⁻²), κ_minor → 0 (∝ load⁻¹)."""
    loads = np.array([8.0, 16.0, 32.0, 64.0])
    ref = cylindrical_bending(flagship_plies())
    gaps, minors = [], []
    for f in loads:
        lam = Laminate(
            tuple(Ply(p.thickness, p.youngs_modulus, p.poissons_ratio, f * p.expansion) for p in FLAGSHIP.plies)
        )
        curl = sheet_curl(plate_section(lam, ROOM, TSF), 5e-3, shape)
        assert curl.branch == "cylindrical"
        gaps.append(1 - curl.kappa_major / (f * ref))
        minors.append(curl.kappa_minor)
    assert np.polyfit(np.log(loads), np.log(gaps), 1)[0] == pytest.approx(-2.0, abs=0.05)
    assert np.polyfit(np.log(loads), np.log(minors), 1)[0] == pytest.approx(-1.0, abs=0.05)
    assert gaps[-1] < 1e-4


def test_returned_state_minimises_the_energy():
    """The state returned is a minimum of Π; past bifurcation the spherical state is a saddle."""
    sec = plate_section(FLAGSHIP, ROOM, TSF)
    for size in (2e-3, 1e-2):
        model = CurlModel.of(sec, size, "square")
        kx, ky, branch = model.equilibrium()
        step = 1e-4 * abs(kx)
        hess = np.empty((2, 2))
        for i, di in enumerate(((step, 0.0), (0.0, step))):
            for j, dj in enumerate(((step, 0.0), (0.0, step))):
                e = [
                    model.energy(kx + si * di[0] + sj * dj[0], ky + si * di[1] + sj * dj[1])
                    for si, sj in ((1, 1), (1, -1), (-1, 1), (-1, -1))
                ]
                hess[i, j] = (e[0] - e[1] - e[2] + e[3]) / (4 * step * step)
        grad = [(model.energy(kx + step, ky) - model.energy(kx - step, ky)) / (2 * step)]
        assert abs(grad[0]) < 1e-6 * abs(model.m)
        assert np.all(np.linalg.eigvalsh(hess) > 0)
        if branch == "cylindrical":
            k = model.spherical_curvature
            assert model.energy(kx, ky) < model.energy(k, k)


def test_rolled_sheet_geometry():
    """Exact circle geometry: a strip rolled a half turn lifts its edges to the radius, three quarters
    of a turn to R (1 + cos 45°), one and a half turns back to R under a roll 2R high; a slight curl
    gives the parabola's κ L²/8 at mid-edge and κ L²/4 at the corners."""
    L = 0.1
    half = table_lift(np.pi / L, 0.0, "square", L)
    assert half.edge_lift == pytest.approx(L / np.pi, rel=1e-9)
    assert half.roll_angle == pytest.approx(np.pi)
    three_quarter = table_lift(1.5 * np.pi / L, 0.0, "square", L)
    R = L / (1.5 * np.pi)
    assert three_quarter.edge_lift == pytest.approx(R * (1 + np.cos(np.pi / 4)), rel=1e-9)
    assert three_quarter.height == three_quarter.edge_lift_max == three_quarter.edge_lift
    assert not three_quarter.overlaps
    rolled = table_lift(3 * np.pi / L, 0.0, "square", L)  # one and a half turns: edges at the axis
    R = L / (3 * np.pi)
    assert rolled.edge_lift == pytest.approx(R, rel=1e-9)
    assert rolled.height == pytest.approx(2 * R, rel=1e-4)
    assert rolled.edge_lift_max == pytest.approx(2 * R, rel=1e-4)  # the side edges pass over the top
    assert rolled.overlaps
    slight = table_lift(-0.1, -0.1, "square", L)  # concave toward the bottom: turned over
    assert slight.edge_lift == pytest.approx(0.1 * L**2 / 8, rel=1e-4)  # mid-edges
    assert slight.edge_lift_min == pytest.approx(0.1 * L**2 / 8, rel=1e-4)
    assert slight.edge_lift_max == pytest.approx(0.1 * (L / np.sqrt(2)) ** 2 / 2, rel=1e-4)  # the corners
    disk = table_lift(0.1, 0.1, "round", L)
    assert disk.edge_lift == pytest.approx(0.1 * L**2 / 8, rel=1e-4)


def test_a_sheet_rolled_past_a_full_turn_is_reported_as_a_tube():
    """Past 2π the sheet rolls up into a tube of diameter 2/κ (the roll line's laminate: κ ≈ 117 1/m on a
    100 mm sheet, 1.9 turns): what a run says is the tube, not the edge height of a self-overlapping
    roll, which falls back toward zero at every full turn."""
    from thermobond.results import SheetSummary

    L, k = 0.1, 116.6
    lift = table_lift(k, 0.0, "square", L)
    assert lift.roll_angle == pytest.approx(k * L) and lift.overlaps
    sheet = SheetSummary(
        "square",
        L,
        "cylindrical",
        k,
        0.0,
        0.0,
        0.0,
        1.0,
        lift.edge_lift,
        lift.edge_lift_max,
        k * L**2 / 8,
        lift.roll_angle,
        lift.height,
    )
    assert sheet.rolls_up
    text = sheet.shape_text()
    assert text.startswith(f"rolls up into a tube of {2e3 / k:.3g} mm diameter") and "mm on a table" not in text
    u = table_lift(1.2 * np.pi / L, 0.0, "square", L)  # past a U, not yet a full turn
    usheet = SheetSummary(
        "square",
        L,
        "cylindrical",
        1.2 * np.pi / L,
        0.0,
        0.0,
        0.0,
        1.0,
        u.edge_lift,
        u.edge_lift_max,
        0.0,
        u.roll_angle,
        u.height,
    )
    assert not usheet.rolls_up and "rolled past a U" in usheet.shape_text()


def test_flagship_sheet():
    """12 µm Cu / 4 µm TPI / 25 µm PI cooled 250 → 25 °C, 100 mm square: far past bifurcation, the
    sheet rolls to the cylindrical-bending curvature and lifts its edges R (1 − cos(κ L/2))."""
    curl = sheet_curl(plate_section(FLAGSHIP, ROOM, TSF), 0.1, "square")
    assert curl.branch == "cylindrical"
    assert curl.load_ratio > 100
    ref = cylindrical_bending(flagship_plies())
    assert curl.kappa_major == pytest.approx(ref, rel=1e-6)
    assert abs(curl.kappa_minor) < 1e-5 * ref
    assert curl.concave_side == "top"
    R = 1 / curl.kappa_major
    assert curl.edge_lift == pytest.approx(R * (1 - np.cos(0.05 / R)), rel=1e-6)
    diagonal = R * (1 - np.cos(0.05 * np.sqrt(2) / R))
    assert curl.diagonal_lift.edge_lift == pytest.approx(diagonal, rel=1e-6)
    # the small-deflection edge lift κ0 L²/8 of the old output underestimates the roll
    assert curl.edge_lift > curl.small_deflection_curvature * 0.1**2 / 8
    sec = plate_section(FLAGSHIP, ROOM, TSF)
    from_matrices = sheet_curl((sec.A, sec.B, sec.D, sec.N_T, sec.M_T), 0.1, "square")
    assert from_matrices.kappa_major == pytest.approx(curl.kappa_major, rel=1e-9)
    # a curvature computed elsewhere (e.g. a finite-element coupon) drives the same sheet
    matched = sec.matching_curvature(0.5 * sec.curvature)
    assert matched.curvature == pytest.approx(0.5 * sec.curvature, rel=1e-12)
    half = sheet_curl(matched, 0.1, "square")
    assert half.kappa_major == pytest.approx(0.5 * curl.kappa_major, rel=1e-5)  # ∝ m deep in the roll


def _axisymmetric_von_karman(S, nu, guess=None):
    """Free disk (E = h = a = 1) with natural curvature S, exact axisymmetric von Kármán plate.

    φ = w', F = r N_r:  D (φ'' + φ'/r − φ/r²) = F φ / r,  F'' + F'/r − F/r² = −φ²/(2r)
    (Timoshenko & Woinowsky-Krieger §96), with φ = F = 0 at the centre, M_r = 0 (φ' + ν φ = (1 + ν) S)
    and N_r = 0 at the edge. Returns the solution and the mean curvature 2 w(a)/a².
    """
    from scipy.integrate import solve_bvp

    D = 1 / (12 * (1 - nu**2))
    r0 = 1e-4  # regular centre: φ and F are linear in r there
    r = np.linspace(r0, 1.0, 200)

    def rhs(r, y):
        phi, dphi, F, dF = y
        return np.vstack([dphi, -dphi / r + phi / r**2 + F * phi / (r * D), dF, -dF / r + F / r**2 - phi**2 / (2 * r)])

    def bc(ya, yb):
        return np.array([ya[0] - r0 * ya[1], ya[2] - r0 * ya[3], yb[1] + nu * yb[0] - (1 + nu) * S, yb[2]])

    y0 = guess.sol(r) if guess is not None else np.vstack([S * r, S + 0 * r, 0 * r, 0 * r])
    sol = solve_bvp(rhs, bc, r, y0, tol=1e-7)
    assert sol.status == 0
    rr = np.linspace(r0, 1.0, 4001)
    return sol, 2 * np.trapezoid(sol.sol(rr)[0], rr), float(sol.sol(r0)[3])


def test_spherical_branch_against_exact_axisymmetric_plate():
    """The uniform-curvature cap against the exact axisymmetric solution (curvature free to vary
    with r) of a round homogeneous plate with a natural curvature (a through-thickness eigenstrain):
    equal to O(S²) at small load, and at most 10 % above the exact mean curvature up to the
    bifurcation load S_B = 8/(1 + ν)^{3/2}. The membrane force at the centre (tension, Y K a²/16 for
    the cap) agrees to O(S²) as well; forces scale with E h³/a², curvatures with h/a²."""
    nu, h, a, n = 0.3, 1e-4, 10e-3, 40
    # a homogeneous plate in n plies whose eigenstrains follow e(ζ) = −c ζ
    gaps, loads, force_gaps = [], [], []
    sol = None
    for S in (0.1, 0.2, 0.4, 8 / (1 + nu) ** 1.5):
        c = S * h / a**2
        plies = tuple(Ply(h / n, 1e9, nu, 0.0, eigenstrain=-c * (h * (k + 0.5) / n - h / 2)) for k in range(n))
        curl = sheet_curl(plate_section(Laminate(plies), ROOM, ROOM), 2 * a, "round")
        assert curl.branch == "spherical"
        S_model = curl.small_deflection_curvature * a**2 / h  # the natural curvature the plies carry
        sol, K_exact, N_exact = _axisymmetric_von_karman(S_model, nu, sol)
        loads.append(S_model)
        gaps.append(curl.kappa_major * a**2 / h / K_exact - 1)
        force_gaps.append(curl.centre_membrane_force / (1e9 * h**3 / a**2 * N_exact) - 1)
    assert 0 < gaps[-1] < 0.10
    assert np.polyfit(np.log(loads[:3]), np.log(gaps[:3]), 1)[0] == pytest.approx(2.0, abs=0.1)
    assert abs(force_gaps[0]) < 2e-3
    assert abs(force_gaps[2]) < 4**2 * 2e-3


def test_centre_of_a_deep_roll_carries_no_bending_moment_along_the_roll():
    """Deep in the roll the sheet bends freely in x (M_x → 0, as in cylindrical bending) while the
    axis direction is held straight (M_y ≠ 0): the moments of the centre stress through the thickness.
    The small rest of M_x is the centre membrane force acting off the neutral plane (~0.2 N/m × 10 µm)."""
    curl, state = centre_state(FLAGSHIP, ROOM, TSF, 0.1, "square")
    h = FLAGSHIP.thickness

    def moment(sigma):
        total = 0.0
        for k in range(len(FLAGSHIP.plies)):
            z0, z1 = state.z[state.ply == k] - h / 2
            s0, s1 = sigma[state.ply == k]
            total += (z1 - z0) * (s0 * (2 * z0 + z1) + s1 * (z0 + 2 * z1)) / 6
        return total

    m_x, m_y = moment(state.stress_x), moment(state.stress_y)
    assert abs(m_x) < 1e-2 * abs(m_y)
    assert state.curvatures == (curl.kappa_major, curl.kappa_minor)
