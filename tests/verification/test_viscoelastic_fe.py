"""The TPI and copper laws inside the finite-element model, against exact 1-D references.

generalized Maxwell on reduced time (Simo & Hughes 1998), the standard linear solid (Zener), J2 with
linear hardening (bilinear uniaxial curve).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from tests.casefiles import MATERIALS, SINGLE_SIDED, stack_case

pytestmark = pytest.mark.solver

SLS_CARD = """schema_version = 1
name = "SLS"
kind = "thermoplastic"
[thermal]
conductivity = "1 W/(m*K)"
density = "1000 kg/m^3"
specific_heat = "1000 J/(kg*K)"
[expansion]
alpha = "0 ppm/K"
[viscoelastic]
form = "tensile"
glass_transition = "250 degC"
bulk_modulus = "100 GPa"         # K/E0 = 1e4: the bar's E(t) is 3G(t) to 3e-5
long_term_modulus = "1 MPa"      # V1: E1
[viscoelastic.prony]
terms = [[1.0, 9e6]]             # V1: E2 = 9 MPa, tau = eta/E2 = 1 s
[viscoelastic.shift]
law = "wlf"
reference_temperature = "250 degC"
C1 = 17.44
C2 = "51.6 K"
"""

CU_CARD = """schema_version = 1
name = "bilinear"
kind = "metal"
[thermal]
conductivity = "400 W/(m*K)"
density = "8900 kg/m^3"
specific_heat = "390 J/(kg*K)"
[elastic]
youngs_modulus = "120 GPa"
poissons_ratio = 0.33
[expansion]
alpha = "17 ppm/K"
[plastic]
yield_stress = "200 MPa"
hardening_modulus = "1 GPa"
"""


def _write(path, text, comm):
    if comm.rank == 0:
        path.write_text(text)
    comm.barrier()
    return path


def _bar(tmp, comm, card_text, name, plane="stress", T0="250 degC"):
    """A single-layer bar 1 mm × 0.1 mm (the half of a 2 mm section the stack mesh makes) with its own
    section solver: the face x = 0 has u_x = 0, its bottom corner u_y = 0, the right face is either
    pulled (u_x prescribed) or loaded by a traction."""
    from dolfinx import default_scalar_type, fem
    from thermobond.case import load_case
    from thermobond.simulation.section import SectionMechanics, combine, face_constraint
    from thermobond.simulation.section import point_constraints as pins
    from thermobond.simulation.stackmodel import build_stack_mesh, layer_models

    card = _write(tmp / f"{name}.toml", card_text, comm)
    path = stack_case(
        tmp / f"{name}_case.toml",
        [("bar", card, "0.1 mm", 2)],
        width="2 mm",
        element_size="0.25 mm",
        edge_element_size="0.25 mm",
        section={"stress": "plane_stress", "strain": "plane_strain"}[plane],
        start=T0,
        end=T0,
        rate="1 K/min",
        comm=comm,
    )
    path.write_text(path.read_text().replace('rate = "1 K/min"', 'duration = "1 s"')) if comm.rank == 0 else None
    comm.barrier()
    case = load_case(path)
    md = build_stack_mesh(comm, case)
    ux = None

    def pulled(m):
        nonlocal ux
        ux = fem.Constant(m.mesh, default_scalar_type(0.0))
        return combine(face_constraint("axis", 0), pins([(1, 0.0, 0.0)], 1e-9), face_constraint("right", 0, ux))(m)

    held = combine(face_constraint("axis", 0), pins([(1, 0.0, 0.0)], 1e-9))
    mech = SectionMechanics(
        md,
        layer_models(case),
        plane=plane,
        degree=2,
        stress_free_temperature=case.mechanics.stress_free_temperature,
        initial_temperature=float(case.programme.temperatures[0]),
        supports={"pulled": pulled, "held": held},
        tractions=["right"],
    )
    mech.bcs("pulled")
    return mech, lambda v: ux.value.__setitem__(Ellipsis, v)


def _strain(mech):
    """Mean ε_xx of the bar from the right-face displacement (homogeneous state)."""
    from thermobond.simulation.probes import LineSampler

    s = LineSampler(mech.mesh_data, mech.Vu.sub(0), "right", 1e-3)
    _, ux = s.values(mech.u.x.array)
    return float(np.mean(ux)) / 1e-3


SLS_T = [0, 0.5, 1, 2, 5, 10]
SLS_E = [1.0000e7, 6.4588e6, 4.3109e6, 2.2180e6, 1.0606e6, 1.0004e6]  # V1 E(t)
SLS_CREEP = [0.010000, 0.014389, 0.018565, 0.026314, 0.045412, 0.066891]  # V1 creep strain at 0.1 MPa
# log10 a_T = −3 under universal WLF at T_ref = 250 °C: T − T_ref = 3 C2/(C1 − 3)
T_FAST = 523.15 + 3 * 51.6 / (17.44 - 3)


@pytest.mark.parametrize("T", [523.15, T_FAST], ids=["aT=1", "aT=1e-3"])
def test_sls_bar_relaxation(mpi_tmp_path, comm, T):
    """Step strain 1e-3: σ(t) = E(t/a_T)·ε0 of V1 within 0.5 % (time–temperature superposition)."""
    mech, pull = _bar(mpi_tmp_path, comm, SLS_CARD, "sls", T0=f"{T - 273.15} degC")
    aT = 10 ** mech.laws["bar"].visco.shift.log10_aT(np.float64(T))
    mech.set_temperature(lambda y: np.full_like(y, T))
    pull(1e-3 * 1e-3)
    assert mech.solve(0.0, "pulled")[0]
    mech.commit()
    got = [mech.mean_stress((0, 0), "bar") / 1e-3]
    for t_prev, t_next in itertools.pairwise(SLS_T):
        dt = (t_next - t_prev) / 10 * aT
        for _ in range(10):
            mech.set_temperature(lambda y: np.full_like(y, T))
            assert mech.solve(dt, "pulled")[0]
            mech.commit()
        got.append(mech.mean_stress((0, 0), "bar") / 1e-3)
    assert np.asarray(got) == pytest.approx(SLS_E, rel=0.005)


@pytest.mark.parametrize("T", [523.15, T_FAST], ids=["aT=1", "aT=1e-3"])
def test_sls_bar_creep(mpi_tmp_path, comm, T):
    """Step stress 0.1 MPa: ε(t) = σ0 J(t/a_T) of V1 within 0.5 % (steps of 0.05 τ in reduced time)."""
    mech, _ = _bar(mpi_tmp_path, comm, SLS_CARD, "slsc", T0=f"{T - 273.15} degC")
    aT = 10 ** mech.laws["bar"].visco.shift.log10_aT(np.float64(T))
    mech.traction["right"].value[:] = (0.1e6, 0.0)
    mech.set_temperature(lambda y: np.full_like(y, T))
    assert mech.solve(0.0, "held")[0]
    mech.commit()
    got = [_strain(mech)]
    for t_prev, t_next in itertools.pairwise(SLS_T):
        n = max(1, round((t_next - t_prev) / 0.05))
        for _ in range(n):
            assert mech.solve((t_next - t_prev) / n * aT, "held")[0]
            mech.commit()
        got.append(_strain(mech))
    assert np.asarray(got) == pytest.approx(SLS_CREEP, rel=0.005)


def _constrained_layer_reference(visco, T_of_t, eth_of_T, t_out):
    """σ_xx(t) of a TPI layer bonded to a rigid substrate (ε_xx = ε_zz = 0, σ_yy = 0), by direct
    stiff ODE integration of each Maxwell branch (Radau) — independent of the FE integrator.

    With e_yy = 2ε_yy/3 and branch stresses h_i (yy components): K(ε_yy − 3e_th) + 2G∞e_yy + Σh_i = 0,
    dh_i/dt = 2G_i de_yy/dt − h_i/(τ_i a_T), σ_xx = −(3/2)(2G∞ e_yy + Σh_i).
    """
    G, tau, Ginf, K = visco.shear.moduli, visco.shear.times, visco.shear.long_term, visco.bulk_modulus
    c = (2.0 / 3.0) / (K + 4.0 * Ginf / 3.0)
    dT = 1e-3

    def rhs(t, h):
        T = T_of_t(t)
        eth_dot = (eth_of_T(T_of_t(t + dT)) - eth_of_T(T_of_t(t - dT))) / (2 * dT)
        relax = h / (tau * 10.0 ** visco.shift.log10_aT(np.float64(T)))
        S = (2 * c * G.sum() * 3 * K * eth_dot - relax.sum()) / (1 + 2 * c * G.sum())
        return 2 * G * c * (3 * K * eth_dot - S) - relax

    sol = solve_ivp(
        rhs, (t_out[0], t_out[-1]), np.zeros(G.size), method="Radau", t_eval=t_out, rtol=1e-10, atol=1e-3, max_step=2.0
    )
    out = []
    for k, t in enumerate(sol.t):
        h = sol.y[:, k]
        eyy = (3 * K * eth_of_T(T_of_t(t)) - h.sum()) / (K + 4 * Ginf / 3)
        out.append(-1.5 * (2 * Ginf * (2 / 3) * eyy + h.sum()))
    return np.array(out)


def test_ramp_through_tg(mpi_tmp_path, comm):
    """Reference TPI bonded to a rigid substrate, heated 200 → 300 °C at 10 K/min through Tg: the FE
    stress follows the independent ODE reference within 1 % of its peak (steps of 7.5 s), and the
    step error shrinks at the integrator's order (steps 30, 15, 7.5, 3.75 s):

    * in the glass (≤ 245 °C) second order (observed 1.7 → 1.9);
    * across Tg, where branches relax within one step and act viscously, the step-averaged strain
      rate makes it first order at large steps, rising toward second as the steps shrink
      (observed 0.6 → 1.05 → 1.45).
    """
    from thermobond.case import load_case
    from thermobond.simulation.section import SectionMechanics, combine, face_constraint
    from thermobond.simulation.stackmodel import layer_models

    tpi = MATERIALS / "tpi_reference.toml"
    path = stack_case(
        mpi_tmp_path / "ramp.toml",
        [("tpi", tpi, "4 um", 2)],
        width="40 um",
        element_size="10 um",
        edge_element_size="10 um",
        section="plane_strain",
        start="200 degC",
        end="300 degC",
        rate="10 K/min",
        comm=comm,
    )
    case = load_case(path)
    from thermobond.simulation.stackmodel import build_stack_mesh

    md = build_stack_mesh(comm, case)
    bonded = combine(face_constraint("axis", 0), face_constraint("right", 0), face_constraint("bottom", 1))
    visco = case.stack.layers[0].material.viscoelastic
    cte = case.stack.layers[0].material.expansion.in_plane
    T0, rate, t_end = 473.15, 10.0 / 60.0, 600.0
    t_out = np.linspace(0.0, t_end, 21)
    ref = _constrained_layer_reference(
        visco, lambda t: T0 + rate * t, lambda T: float(cte.strain(np.float64(T), T0)), t_out
    )
    results = {}
    for dt in (30.0, 15.0, 7.5, 3.75):
        mech = SectionMechanics(
            md,
            layer_models(case),
            plane="strain",
            degree=2,
            stress_free_temperature=T0,
            initial_temperature=T0,
            supports={"bonded": bonded},
        )
        _t, got = 0.0, [0.0]
        n = round(t_end / dt)
        for k in range(1, n + 1):
            mech.set_temperature(lambda y, t=k * dt: np.full_like(y, T0 + rate * t))
            assert mech.solve(dt, "bonded")[0]
            mech.commit()
            if abs(k * dt % 30.0) < 1e-9:
                got.append(mech.mean_stress((0, 0), "tpi"))
        results[dt] = np.array(got)
    peak = np.abs(ref).max()
    assert peak > 1e6  # the layer did build up stress before relaxing
    assert np.abs(results[7.5] - ref).max() < 0.01 * peak
    glass = t_out <= 270.0
    orders = {}
    for name, part in (("glass", glass), ("transition", ~glass)):
        e = np.array([np.abs(results[d][part] - ref[part]).max() for d in (30.0, 15.0, 7.5, 3.75)])
        assert np.all(np.diff(e) < 0), (name, e)
        orders[name] = np.log2(e[:-1] / e[1:])
    assert 1.7 < orders["glass"][-1] < 2.3, orders
    assert np.all(np.diff(orders["transition"]) > 0) and orders["transition"][-1] > 1.2, orders


def test_glassy_tpi_laminate_matches_beam_theory(mpi_tmp_path, comm):
    """Viscoelastic TPI far below Tg (150 → 25 °C, glassy over the cooling): the laminate curls as
    with the glassy modulus — beam theory in plate mode within 1 %."""
    from thermobond.case import load_case
    from thermobond.simulation.stackmodel import run_stack

    from tests.reference import laminate_beam

    path = stack_case(
        mpi_tmp_path / "glassy.toml",
        SINGLE_SIDED,
        width="3 mm",
        element_size="50 um",
        edge_element_size="4 um",
        section="axisymmetric",
        start="150 degC",
        end="25 degC",
        rate="5 K/min",
        comm=comm,
    )
    s = run_stack(load_case(path), comm).summary
    tpi = load_material_cached("tpi_reference.toml").viscoelastic
    dT = -125.0
    E_cu = np.interp(298.15, [296.15, 623.15], [120e9, 104e9])
    E_pi = np.interp(298.15, [296.15, 473.15], [2.5e9, 2.0e9])
    ref = laminate_beam(
        [
            (12e-6, E_cu, 0.33, 17e-6 * dT),
            (4e-6, tpi.glassy_youngs_modulus, tpi.glassy_poissons_ratio, 30e-6 * dT),
            (25e-6, E_pi, 0.34, 20e-6 * dT),
        ],
        "plate",
    )[1]
    assert s.curvature_1_per_m == pytest.approx(ref, rel=0.01)
    assert s.max_equivalent_plastic_strain == 0.0


def load_material_cached(name):
    from thermobond.materials import load_material

    return load_material(MATERIALS / name)


def test_elastic_plastic_bar(mpi_tmp_path, comm):
    """Uniaxial bar (plane stress), load to 3 ε_y and unload by 2 ε_y (inside the elastic range
    2(σ_y + H p)): σ = Eε, then σ_y + E_t(ε − ε_y) with E_t = EH/(E + H), unloading with slope E —
    the bilinear curve, to solver tolerance."""
    mech, pull = _bar(mpi_tmp_path, comm, CU_CARD, "cu", T0="25 degC")
    E, sy, H = 120e9, 200e6, 1e9
    Et = E * H / (E + H)
    ey = sy / E
    path = np.concatenate([np.linspace(0, 3 * ey, 13)[1:], np.linspace(3 * ey, ey, 6)[1:]])
    emax = 0.0
    for e in path:
        pull(e * 1e-3)
        assert mech.solve(1.0, "pulled")[0]
        mech.commit()
        emax = max(emax, e)
        smax = E * emax if emax <= ey else sy + Et * (emax - ey)
        expected = E * e if emax <= ey else smax - E * (emax - e)
        assert mech.mean_stress((0, 0), "bar") == pytest.approx(expected, rel=1e-6, abs=1e-3)
    law = mech.laws["bar"]
    from mpi4py import MPI

    p = comm.allreduce(float(np.max(law.p.x.array, initial=0.0)), op=MPI.MAX)
    assert p == pytest.approx((sy + Et * (3 * ey - ey) - sy) / H, rel=1e-6)  # p = (σ_max − σ_y)/H
