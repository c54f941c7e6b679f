"""Fixed-arm peel analysis of the ESIS TC4 protocol: thermobond's peel model against the closed-form
elastic–plastic arm of Kinloch, Lau and Williams.

The ESIS TC4 fixed-arm peel protocol (L.F. Kawashita, D.R. Moore & J.G. Williams, "Protocols for the
measurement of adhesive fracture toughness by peel tests", J. Adhesion 82 (2006) 973–995) turns a
measured peel force into the adhesive fracture toughness G_A = G − G_P with the analysis of A.J.
Kinloch, C.C. Lau & J.G. Williams, "The peeling of flexible laminates", Int. J. Fracture 66 (1994)
45–70: G is the input energy per unit area of the steady peel, G_P the work of plastic bending and
reverse bending of the arm, computed from the arm's bilinear stress–strain curve (modulus E, yield σ_y,
tangent modulus αE) and its normalised root curvature k0 = κ0/κ_y.

No published worked example (arm h, E, σ_y, α, θ, P/b with the resulting G_P, θ0 and G_A) was found:
the journal articles above, the protocol and the IC-Peel program that implements it were not retrievable
as text. This benchmark therefore compares thermobond's model with the analysis itself, written here
in closed form and independently of ``thermobond.bond.peel`` (which integrates fibres numerically):

* loading moment–curvature of a rectangular bilinear section, m = M/M_y, k = κ/κ_y (M_y = σ_y h²/6,
  κ_y = 2σ_y/(Eh)): m = k for k ≤ 1, m = (1 − α)(3/2 − 1/(2k²)) + αk beyond;
* unloading from (k0, m0) by the Masing rule of linear kinematic hardening (every yielded fibre
  reverse-yields after a stress change of 2σ_y): m = m0 − 2 m_load((k0 − k)/2), down to m = 0 at the
  residual curvature k_res (elastic all the way when m0 ≤ 2);
* the fixed-arm relations of Kinloch, Lau & Williams for a rigid substrate (root rotation θ0 = 0): the
  peeled arm's elastica, integrated along the unloading branch, gives P(1 − cos θ) = ∫ κ dM (unloading),
  and the energy balance P(1 − cos θ) + P²/(2Eh) = G_A + G_P then leaves G_A = ∫ κ dM (loading) +
  P²/(2Eh), with G_P the loop's work (the stretching term P²/(2Eh) is Kendall's, J. Phys. D 8 (1975)
  1449). Below first yield (k0 ≤ 1) G_P = 0 and P is Kendall's.

With G_y = σ_y² h/(6E) the integrals are closed-form (units M_y κ_y = 2G_y). For an elastic–perfectly-
plastic arm (α = 0) G_A = G_y (3 − 2/k0) + P²/(2Eh), bounded by 3G_y apart from the stretching term, and
the unloading is elastic.

Compared over a sweep (k0 = 0.5 … 30, α = 0 … 0.2, θ = 45°, 90°, 180°), on a rigid substrate:

1. forward — thermobond's :func:`peel_force` at Γ = G_A: the peel force P/b, the root curvature k0 and
   the plastic work G_P (as a fraction of G) against the closed form;
2. inverse, the protocol's direction — :func:`toughness_from_peel` at the closed form's P/b: Γ against
   G_A.

Tolerance: 2e-3 relative (G_P: 2e-3 of G). thermobond integrates the section with 200 midpoint fibres
per half-thickness, whose error in the moment integrals is of order (1/200)² ≈ 3e-5; the forward problem
amplifies it by 1/(dG_A/dk0), which for the perfectly plastic arm falls as 2G_y/k0² near the 3G_y
ceiling (measured 7e-4 at k0 = 30); the inverse problem does not. Isotropic hardening is compared only
where the arm does not reverse-yield (m0 ≤ 2), where it coincides with kinematic; beyond that the
isotropic model's difference from the Masing (kinematic) reference is reported without a criterion.
Root rotation on a compliant substrate (the Winkler foundation and cohesive zone of the model) is not
covered: no closed form of it was compared.

The arm (an estimate, the normalised results do not depend on it apart from the small stretching
term): 18 µm copper foil, E = 120 GPa, σ_y = 250 MPa. Writes ``benchmarks/results/esis_tc4.json``;
exits 1 if a check fails. Run:
    .venv/bin/python -m benchmarks.validation.esis_tc4
"""

from __future__ import annotations

import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from scipy.optimize import brentq
from thermobond.bond.peel import PeelArm, peel_force, toughness_from_peel

from benchmarks.common import check, write_result

THICKNESS, MODULUS, YIELD = 18e-6, 120e9, 250e6  # m, Pa, Pa: copper foil (estimates)
ALPHAS = (0.0, 0.01, 0.05, 0.2)  # tangent / elastic modulus
K0S = (0.5, 0.9, 1.5, 3.0, 10.0, 30.0)  # root curvature / yield curvature
ANGLES = (45.0, 90.0, 180.0)  # degrees
TOLERANCE = 2e-3


def moment_loading(k: float, alpha: float) -> float:
    """M/M_y of a rectangular bilinear section bent monotonically to k = κ/κ_y."""
    return k if k <= 1 else (1 - alpha) * (1.5 - 0.5 / k**2) + alpha * k


def loading_work(k: float, alpha: float) -> float:
    """∫_0^k m dk (units M_y κ_y): the work of bending the section to k."""
    if k <= 1:
        return 0.5 * k * k
    return 0.5 + (1 - alpha) * (1.5 * (k - 1) + 0.5 / k - 0.5) + 0.5 * alpha * (k * k - 1)


@dataclass(frozen=True)
class FixedArm:
    """Closed-form fixed-arm peel at a root curvature (Kinloch, Lau & Williams 1994; θ0 = 0).

    Attributes:
        k0: Root curvature over yield curvature.
        alpha: Tangent over elastic modulus.
        m0: Root moment over M_y.
        k_res: Residual curvature of the peeled arm over κ_y.
        reverse_yield: Whether the unloading reverse-yields (m0 > 2).
        loading: ∫ κ dM along loading, in units of G_y.
        unloading: ∫ κ dM along unloading, in units of G_y.
    """

    k0: float
    alpha: float
    m0: float
    k_res: float
    reverse_yield: bool
    loading: float
    unloading: float

    @classmethod
    def at(cls, k0: float, alpha: float) -> FixedArm:
        m0 = moment_loading(k0, alpha)
        reverse = m0 > 2.0
        # half the curvature change back to M = 0 (Masing: m0 = 2 m_load(X))
        X = brentq(lambda x: 2 * moment_loading(x, alpha) - m0, 1.0, k0) if reverse else m0 / 2
        unload_work = 2 * X * m0 - 4 * loading_work(X, alpha)  # ∫ m dk along unloading
        return cls(
            k0=k0,
            alpha=alpha,
            m0=m0,
            k_res=k0 - 2 * X,
            reverse_yield=reverse,
            loading=2 * (k0 * m0 - loading_work(k0, alpha)),
            unloading=2 * (k0 * m0 - unload_work),
        )


@dataclass(frozen=True)
class Reference:
    """The closed form's peel of one arm at one angle (SI, per unit width)."""

    force_per_width: float  # N/m
    toughness: float  # G_A, J/m²
    total: float  # G = P(1 − cos θ) + P²/(2Eh), J/m²
    plastic_work: float  # G_P, J/m²


def reference(arm: PeelArm, case: FixedArm, angle_deg: float) -> Reference:
    """G_A, G, G_P and P/b of ``arm`` peeled at ``angle_deg`` with root curvature ``case.k0``."""
    Gy = arm.first_yield_energy
    c = 1 - math.cos(math.radians(angle_deg))
    P = Gy * case.unloading / c
    stretch = P**2 / (2 * arm.youngs_modulus * arm.thickness)
    G_A = Gy * case.loading + stretch
    G = P * c + stretch
    return Reference(P, G_A, G, G - G_A)


def arm_for(alpha: float, hardening: Literal["isotropic", "kinematic"]) -> PeelArm:
    """The copper arm with tangent modulus αE (plastic modulus H = αE/(1 − α)), on a rigid substrate."""
    return PeelArm(THICKNESS, MODULUS, YIELD, MODULUS * alpha / (1 - alpha), hardening)


def compare(alpha: float, hardening: Literal["isotropic", "kinematic"], k0: float, angle: float) -> dict[str, Any]:
    """One case: thermobond forward (Γ → P) and inverse (P → Γ) against the closed form."""
    arm = arm_for(alpha, hardening)
    case = FixedArm.at(k0, alpha)
    ref = reference(arm, case, angle)
    fwd = peel_force(arm, ref.toughness, angle)
    inv = toughness_from_peel(arm, ref.force_per_width, angle)
    return {
        "alpha": alpha,
        "hardening": hardening,
        "k0": k0,
        "angle_deg": angle,
        "reverse_yield": case.reverse_yield,
        "k_res": case.k_res,
        "reference": {
            "force_N_per_m": ref.force_per_width,
            "G_A_J_per_m2": ref.toughness,
            "G_J_per_m2": ref.total,
            "G_P_J_per_m2": ref.plastic_work,
        },
        "thermobond": {
            "force_N_per_m": fwd.force_per_width,
            "k0": fwd.root_curvature / arm.yield_curvature,
            "G_P_J_per_m2": fwd.plastic_work,
            "G_A_from_force_J_per_m2": inv.toughness,
        },
        "error": {
            "force": fwd.force_per_width / ref.force_per_width - 1,
            "k0": fwd.root_curvature / arm.yield_curvature / k0 - 1,
            "G_P_over_G": (fwd.plastic_work - ref.plastic_work) / ref.total,
            "G_A_inverse": inv.toughness / ref.toughness - 1,
        },
    }


def main() -> int:
    t0 = time.perf_counter()
    rows = [
        compare(alpha, hardening, k0, angle)
        for alpha in ALPHAS
        for hardening in ("kinematic", "isotropic")
        for k0 in K0S
        for angle in (ANGLES if k0 == 3.0 else (90.0,))
    ]
    seconds = time.perf_counter() - t0
    checks = []
    for label, pick in (
        ("elastic arm (k0 ≤ 1, Kendall)", lambda r: r["k0"] <= 1),
        ("elastic–perfectly-plastic arm (α = 0)", lambda r: r["k0"] > 1 and r["alpha"] == 0),
        ("linear-hardening arm, no reverse yield", lambda r: r["k0"] > 1 and r["alpha"] > 0 and not r["reverse_yield"]),
        (
            "linear-hardening arm, reverse yield, kinematic",
            lambda r: r["reverse_yield"] and r["hardening"] == "kinematic",
        ),
    ):
        chosen = [r for r in rows if pick(r)]
        for key, quantity in (
            ("force", "peel force P/b at Γ = G_A"),
            ("k0", "root curvature κ0/κ_y at Γ = G_A"),
            ("G_P_over_G", "plastic work G_P (error / G)"),
            ("G_A_inverse", "G_A from P/b (protocol direction)"),
        ):
            worst = max(chosen, key=lambda r: abs(r["error"][key]))
            err = worst["error"][key]
            checks.append(
                check(
                    f"{label}: {quantity}, worst of {len(chosen)}",
                    f"{err:+.2e} (α = {worst['alpha']:g}, {worst['hardening']}, k0 = {worst['k0']:g}, "
                    f"θ = {worst['angle_deg']:g}°)",
                    "closed form after Kinloch, Lau & Williams (1994)",
                    f"|relative error| ≤ {TOLERANCE:g}",
                    abs(err) <= TOLERANCE,
                )
            )
    iso = [r for r in rows if r["reverse_yield"] and r["hardening"] == "isotropic"]
    for r in iso:
        checks.append(
            check(
                f"isotropic arm with reverse yield (α = {r['alpha']:g}, k0 = {r['k0']:g}): peel force",
                f"{r['error']['force']:+.2e}",
                "Masing (kinematic) reference; isotropic hardening reverse-yields later",
            )
        )
    data = {
        "arm": {"thickness_m": THICKNESS, "youngs_modulus_Pa": MODULUS, "yield_stress_Pa": YIELD},
        "first_yield_energy_J_per_m2": arm_for(0.0, "kinematic").first_yield_energy,
        "tolerance_relative": TOLERANCE,
        "cases": rows,
        "run_time_s": seconds,
        "note": "no published numeric worked example found; reference is the closed-form analysis",
    }
    print(f"{len(rows)} cases in {seconds:.1f} s")
    return write_result("esis_tc4", data, checks)


if __name__ == "__main__":
    raise SystemExit(main())
