"""Peel strength of a press-laminated TPI FCCL: calibrated on one published point, then predicted.

Published data:

* Cao, Wen, Wei, Liu & He, "Preparation and properties of adhesive-free double-sided flexible copper
  clad laminate with outstanding adhesion strength", High Perform. Polym. 33 (2021),
  doi 10.1177/0954008320988761: TPI/PI/TPI film pressed between two Cu foils at 360 °C, 15 MPa,
  60 s → peel strength 1.22 N/mm; SEM/EDS of the peeled foil show the TPI inside the spaces between
  the Cu nodules. The abstract states neither the foil (thickness, profile) nor the peel angle.
* Peel strength by copper-foil roughness class (RF Essentials knowledge base, "How do I specify the
  copper roughness treatment for a low-loss RF PCB?"): standard (STD, Rz 6–10 µm) 6–8 lb/in, very low
  profile (VLP, Rz 1.5–3 µm) 4–6 lb/in, hyper very low profile (HVLP, Rz 0.5–1.5 µm) 3–4 lb/in, rolled
  annealed (RA, Rz 0.3–1.0 µm) 2–3 lb/in (1 lb/in = 0.1751 N/mm). These are rigid and RF laminates,
  not TPI FCCL: their resins differ, so the ranges test how the model scales with roughness more
  than its absolute level.

What runs: the bundled chained case ``cases/lamination_with_interface.toml`` (12 µm ED Cu / 4 µm
TPI / 25 µm PI on a sinusoidal Cu surface, λ 5 µm, Rz 2 µm) with Cao's recipe — heated from 25 to
360 °C in 10 s while the pressure rises to 15 MPa (the laminate laid into a hot press: an estimate),
60 s at 360 °C and 15 MPa, released, cooled at 20 K/min (an estimate) — through ``thermobond.run``:
stack model → interface temperature and pressure → interface cell → bonded surface → bond degree →
90° peel of the 12 µm Cu arm (angle and foil: estimates). Then:

1. the prediction with the bundled, estimated interface card, against 1.22 N/mm;
2. the card calibrated on 1.22 N/mm (Γ_int only; ``thermobond.bond.calibration``) — it reproduces
   the point by construction, so it is not a check;
3. the ESIS TC4 fixed-arm analysis of the published point (Kawashita, Moore & Williams 2006: G_A = G −
   G_P, G_P from the arm's tensile curve, here the bilinear curve of the Cu card), compared with the
   Cu/Cr/PI interfacial fracture energies of 47–254 J/m² (Park, Park & Yu) — a plausibility check:
   the round-robin inputs of ESIS TC4 themselves were not retrieved;
4. prediction of the four foil classes with the calibrated card: the same recipe and stack
   temperature history, the interface cell's sinusoid at the middle Rz of each class (λ 5 µm kept: the
   lateral scale of the classes is not published, an estimate).

Verdict: the foil classes must come out in the published order (STD > VLP > HVLP > RA) and each
inside its published range. Writes ``benchmarks/results/press_peel.json``; exits 1 when a class misses
(the estimate of step 1 is reported, not gated: the card says it is an estimate). Run (about 5 min):
    .venv/bin/mpiexec -n 2 .venv/bin/python -m benchmarks.validation.press_peel
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path
from typing import Any

from mpi4py import MPI

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import thermobond
from thermobond.bond.adhesion import AdhesionResult, adhesion_inputs, evaluate
from thermobond.bond.calibration import PeelMeasurement, calibrate
from thermobond.bond.peel import toughness_from_peel
from thermobond.case import Case
from thermobond.results import InterfaceResult
from thermobond.simulation.interfacemodel import run_interface

from benchmarks.common import check, finish

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "cases" / "lamination_with_interface.toml"
RECIPE = {  # Cao et al. 2021: 360 °C, 15 MPa, 60 s; the heating and cooling rates are estimates
    "cycle.heat.temperature": "360 degC",
    "cycle.heat.rate": "33.5 K/s",
    "cycle.heat.pressure": "15 MPa",
    "cycle.hold.duration": "60 s",
    "cycle.cool.rate": "20 K/min",
    "output.plots": False,
    "output.fields": False,
}
PUBLISHED_PEEL = 1220.0  # N/m (1.22 N/mm), Cao et al. 2021
CU_CR_PI = (46.8, 253.9)  # J/m², Park, Park & Yu: the range over the pretreatments
LB_PER_IN = 175.127  # N/m per lb/in
CLASSES = {  # Rz range (µm), peel range (lb/in): RF Essentials
    "STD": ((6.0, 10.0), (6.0, 8.0)),
    "VLP": ((1.5, 3.0), (4.0, 6.0)),
    "HVLP": ((0.5, 1.5), (3.0, 4.0)),
    "RA": ((0.3, 1.0), (2.0, 3.0)),
}


def _adhesion(a: AdhesionResult) -> dict[str, Any]:
    return {
        "peel_N_per_mm": a.peel_strength / 1e3,
        "effective_toughness_J_per_m2": a.effective_toughness,
        "bond_degree_mean": a.bond_degree_mean,
        "bonded_fraction": a.bonded_fraction,
        "plastic_work_J_per_m2": a.plastic_work,
    }


def _surface_length_ratio(interface: InterfaceResult) -> float:
    """True length of the cell's surface over its projected length."""
    import numpy as np

    x, z = interface.profile_x, interface.profile_z
    return float(np.sum(np.hypot(np.diff(x), np.diff(z))) / (x[-1] - x[0]))


def main() -> int:
    comm = MPI.COMM_WORLD
    say = print if comm.rank == 0 else (lambda *a, **k: None)
    t0 = time.perf_counter()
    case: Case = thermobond.load_case(CASE, **RECIPE)
    spec = case.adhesion
    if spec is None or case.interface is None or case.interface.metal is None:
        raise RuntimeError(f"{CASE} lost its [interface] or [adhesion] table")
    chained = thermobond.run(case, comm=comm)
    if chained.stack is None or chained.interface is None:
        raise RuntimeError("the chained case did not run both models")
    iface = case.stack.interface(case.interface.metal.name, case.interface.layer.name).name
    programme = chained.stack.interface_programmes[iface]
    inputs = adhesion_inputs(case, chained.interface, programme, "stack model (interface temperature)")
    estimated = evaluate(inputs, spec.card)
    say(f"estimated card: {estimated.peel_strength / 1e3:.3f} N/mm against the published {PUBLISHED_PEEL / 1e3} N/mm")

    cal = calibrate([PeelMeasurement("Cao et al. 2021", inputs, PUBLISHED_PEEL)], spec.card)
    card = cal.card
    calibrated = evaluate(inputs, card)
    say(f"calibrated: Γ_int {card.intrinsic_toughness:.0f} J/m² (estimated card {spec.card.intrinsic_toughness:g})")

    esis = toughness_from_peel(inputs.arm, PUBLISHED_PEEL, spec.angle)
    G_total = esis.toughness + esis.plastic_work

    classes: dict[str, Any] = {}
    for name, ((rz_lo, rz_hi), (p_lo, p_hi)) in CLASSES.items():
        rz = 0.5 * (rz_lo + rz_hi)
        variant = thermobond.load_case(CASE, **RECIPE, **{"interface.surface.amplitude": f"{rz / 2:g} um"})
        result = run_interface(variant, comm, programme)
        a = evaluate(adhesion_inputs(variant, result, programme, "stack model (interface temperature)"), card)
        P = a.peel_strength
        classes[name] = {
            "rz_um": rz,
            "published_rz_um": [rz_lo, rz_hi],
            "published_peel_N_per_mm": [p_lo * LB_PER_IN / 1e3, p_hi * LB_PER_IN / 1e3],
            "surface_length_ratio": _surface_length_ratio(result),
            "time_to_90pct_bonded_s": result.summary.time_to_90pct_bonded_s,
            **_adhesion(a),
            "within_published_range": p_lo * LB_PER_IN <= P <= p_hi * LB_PER_IN,
        }
        say(
            f"{name}: Rz {rz:g} µm → {P / 1e3:.3f} N/mm (published {p_lo * LB_PER_IN / 1e3:.2f}–"
            f"{p_hi * LB_PER_IN / 1e3:.2f} N/mm), bonded {a.bonded_fraction:.3f}, "
            f"Γ_eff {a.effective_toughness:.0f} J/m²"
        )
    peels = [classes[n]["peel_N_per_mm"] for n in CLASSES]
    ordered = all(a > b for a, b in itertools.pairwise(peels))
    checks = [
        check(
            "peel strength at 360 °C / 15 MPa / 60 s with the estimated interface card",
            f"{estimated.peel_strength / 1e3:.3f} N/mm",
            f"{PUBLISHED_PEEL / 1e3} N/mm (Cao et al. 2021; {estimated.peel_strength / PUBLISHED_PEEL - 1:+.0%})",
        ),
        check(
            "Γ_int calibrated on that point (reproduces it by construction)",
            f"{card.intrinsic_toughness:.0f} J/m²",
            f"estimated card {spec.card.intrinsic_toughness:g} J/m²",
        ),
        check(
            "ESIS TC4 fixed-arm G_A of the published 1.22 N/mm (12 µm Cu arm)",
            f"{esis.toughness:.0f} J/m² (G {G_total:.0f}, G_P {esis.plastic_work:.0f})",
            f"Cu/Cr/PI {CU_CR_PI[0]:g}–{CU_CR_PI[1]:g} J/m² (Park, Park & Yu)",
        ),
        check(
            "peel order of the foil classes STD > VLP > HVLP > RA",
            " > ".join(f"{p:.3f}" for p in peels) + " N/mm",
            "published order",
            "same order",
            ordered,
        ),
    ]
    for n, c in classes.items():
        lo, hi = c["published_peel_N_per_mm"]
        checks.append(
            check(
                f"{n} foil (Rz {c['rz_um']:g} µm) peel with the calibrated card",
                f"{c['peel_N_per_mm']:.3f} N/mm",
                f"{lo:.2f}–{hi:.2f} N/mm (RF Essentials; rigid laminates)",
                "inside the range",
                bool(c["within_published_range"]),
            )
        )
    data = {
        "mpi_size": comm.size,
        "wall_time_s": comm.allreduce(time.perf_counter() - t0, op=MPI.MAX),
        "published": {
            "press_point": {
                "source": "Cao et al., High Perform. Polym. 33 (2021), doi 10.1177/0954008320988761",
                "recipe": "360 °C, 15 MPa, 60 s",
                "peel_N_per_mm": PUBLISHED_PEEL / 1e3,
            },
            "foil_classes_source": "RF Essentials knowledge base: copper roughness treatment for low-loss RF PCBs",
        },
        "assumptions": [
            "Cu foil 12 µm ED (cases/materials/cu_ed.toml, yield 250 MPa and hardening 1 GPa estimates)",
            "90° peel at 23 °C",
            "single-sided chained case (Cao pressed a double-sided laminate; each foil sees the same recipe)",
            "heated 25 → 360 °C in 10 s with the pressure, cooled at 20 K/min",
            "Cu surface: sinusoid, λ 5 µm; the calibration surface Rz 2 µm (Cao's foil profile is not stated)",
        ],
        "recipe": RECIPE,
        "interface_temperature_max_degC": float(programme.temperatures.max()) - 273.15,
        "estimated_card": {
            "intrinsic_toughness_J_per_m2": spec.card.intrinsic_toughness,
            **_adhesion(estimated),
            "relative_difference_from_published": estimated.peel_strength / PUBLISHED_PEEL - 1,
        },
        "calibrated_card": {
            "intrinsic_toughness_J_per_m2": card.intrinsic_toughness,
            "toughness_interval_1sigma_J_per_m2": list(cal.toughness_interval),
            **_adhesion(calibrated),
            "note": "reproduces the published point by construction",
        },
        "esis_tc4_fixed_arm": {
            "input_peel_N_per_mm": PUBLISHED_PEEL / 1e3,
            "arm": "12 µm Cu, plane strain, bilinear (cases/materials/cu_ed.toml at 23 °C)",
            "input_energy_G_J_per_m2": G_total,
            "plastic_bending_G_P_J_per_m2": esis.plastic_work,
            "adhesive_fracture_energy_G_A_J_per_m2": esis.toughness,
            "cu_cr_pi_published_range_J_per_m2": list(CU_CR_PI),
            "within_cu_cr_pi_range": CU_CR_PI[0] <= esis.toughness <= CU_CR_PI[1],
            "note": "the ESIS TC4 round-robin inputs were not retrieved; G_A is set beside the Cu/Cr/PI range only",
        },
        "foil_classes": classes,
    }
    say(
        f"ESIS TC4 fixed arm on 1.22 N/mm: G {G_total:.0f}, G_P {esis.plastic_work:.0f}, G_A {esis.toughness:.0f} J/m² "
        f"(Cu/Cr/PI {CU_CR_PI[0]}–{CU_CR_PI[1]} J/m²)"
    )
    return finish(comm, "press_peel", data, checks)


if __name__ == "__main__":
    raise SystemExit(main())
