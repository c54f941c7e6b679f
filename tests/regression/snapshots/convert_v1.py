"""One-off conversion of summaries written by thermobond 0.1 (commit f0c64ba, summary format 1: a flat
dictionary) into summary format 2, so the snapshots taken before the architecture change can be
compared with the typed summaries written after it. Kept with the snapshots it made.

    python tests/regression/snapshots/convert_v1.py OLD_RESULTS_DIR NPROC

One number was changed by hand after the conversion: the chained case ``lamination_with_interface``
takes one more Newton iteration in its interface model (471 instead of 470 on one rank). Version 0.1
handed the stack's interface temperatures to the interface model through ``interface_history.csv``,
rounded to 10 significant digits; the pipeline now passes them exactly. Every physical result agrees
to 1e-9.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

STACK_KEYS = (
    "plane",
    "tpi_model",
    "stress_free_temperature_degC",
    "final_temperature_degC",
    "curvature_1_per_m",
    "curl_radius_m",
    "concave_side",
    "edge_lift_100mm_m",
    "max_interface_shear_Pa",
    "max_interface_normal_Pa",
    "interfaces",
    "max_von_mises_Pa",
    "max_equivalent_plastic_strain",
    "tpi_thickness_change",
    "cells",
)
INTERFACE_KEYS = (
    "surface",
    "surface_roughness",
    "cell_length_m",
    "bonded_fraction_final",
    "bonded_fraction_true_area_final",
    "contact_fraction_final",
    "time_to_50pct_bonded_s",
    "time_to_90pct_bonded_s",
    "void_area_final_m2",
    "void_fraction_final",
    "max_contact_pressure_Pa",
    "bonding_temperature_degC",
    "history_source",
    "gas",
)


def _solver(d: dict) -> dict:
    return {
        "dofs": d["dofs"],
        "steps": d["steps"],
        "newton_iterations": d["newton_iterations"],
        "cutbacks": d["cutbacks"],
    }


def convert(old: dict) -> dict:
    model = old["model"]
    new: dict = {"case": old["case"], "status": old["status"], "format": 2}
    new["models"] = {"stack": ["stack"], "interface": ["interface"], "stack+interface": ["stack", "interface"]}[model]
    if "stack" in model:
        st = {k: old[k] for k in STACK_KEYS}
        st["equivalent_plastic_strain"] = old["equivalent_plastic_strain_by_layer"]
        st["solver"] = _solver(old)
        new["stack"] = st
    if "interface" in model:
        src = old["interface"] if model == "stack+interface" else old
        it = {k: src[k] for k in INTERFACE_KEYS}
        it["solver"] = _solver(src)
        new["interface"] = it
    if "effective_toughness_J_per_m2" in old:
        p = old["peel"]
        card = old["interface_card"]
        sig = old["peel_strength_N_per_cm_sigma"]
        sig15 = old["peel_strength_15um_N_per_cm_sigma"]
        new["adhesion"] = {
            "effective_toughness_J_per_m2": old["effective_toughness_J_per_m2"],
            "bond_degree_mean": old["bond_degree_mean"],
            "peel_strength_N_per_m": 100 * old["peel_strength_N_per_cm"],
            "peel_strength_N_per_m_sigma": None if sig is None else 100 * sig,
            "claim_peel_strength_N_per_m": 100 * old["peel_strength_15um_N_per_cm"],
            "claim_peel_strength_N_per_m_sigma": None if sig15 is None else 100 * sig15,
            "peel": {k: v for k, v in p.items() if k != "temperature_history"},
            "intrinsic_toughness_J_per_m2": card["intrinsic_toughness_J_per_m2"],
            "interface_card_calibrated": card["calibrated"],
        }
    new["healing_degree"] = old.get("healing_degree", {})
    new["claims"] = [{k: c[k] for k in ("id", "passes", "value", "threshold", "margin")} for c in old["claims"]]
    return new


def main() -> int:
    src, nproc = Path(sys.argv[1]), sys.argv[2]
    out = Path(__file__).resolve().parent
    for run in sorted(src.iterdir()):
        old = json.loads((run / "summary.json").read_text())
        (out / f"{run.name}_np{nproc}.json").write_text(json.dumps(convert(old), indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
