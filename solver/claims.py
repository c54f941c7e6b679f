"""Claim and specification checks of a case (docs/theory/claims.md).

Every claim element of the two claim sets that a case can decide, with its verdict, value,
threshold and margin:

==========  ==============================================================  =========================
id          element                                                         source
==========  ==============================================================  =========================
000-1       min E′ (1 Hz) of the bonded thermoplastic at T ≥ Tg ≤ 1e6 Pa    seed 000 cl. 1, 6, 11
000-11      thermocompression bonding at T ≥ Tg                             seed 000 cl. 11
000-12      bonding where E′ is minimal: E′(T_bond) ≤ 1e6 Pa                seed 000 cl. 12
002-5       dry-plated conductor 0.01–5 µm thick                            seed 002 cl. 5, 10–11
002-6       heating temperature ≥ 50 °C                                     seed 002 cl. 6
002-7       heating temperature ≥ Tg + 30 °C                                seed 002 cl. 7
002-9       pressure during heating ≥ 1 MPa                                 seed 002 cl. 8–9
002-14      adhesion ≥ 5 N/cm at 15 µm total conductor thickness            seed 002 cl. 14–15
IPC-6202    conductor peel ≥ 0.49 N/mm (the case's own test)                IPC/JPCA-6202 [R49]
==========  ==============================================================  =========================

Temperatures and pressures are the recipe's (the case's cycle): the bonding temperature is the
highest temperature reached while pressed, the heating temperature the cycle's peak, and the
pressure during heating the highest pressure applied while the TPI is at or above Tg. Claim 000-12
is read as "bonded in the minimum-modulus (flow) region": a model E′(T) falls monotonically above
Tg, so its minimum over a window is its upper end, and the claim's own bound 1e6 Pa marks the
region. A value exactly at a threshold passes (the claims say "or more", "not more than"). The
margin is signed: positive when the element is met, in the element's unit (decades for moduli).
"""

from __future__ import annotations

import math

from .bond.adhesion import AdhesionResult
from .case import Case
from .materials import ThermoplasticMaterial
from .materials.claims import check_minimum_storage_modulus, storage_modulus
from .results import ClaimCheck

__all__ = ["at_least", "at_most", "check_case", "describe", "within"]

MODULUS_LIMIT = 1e6  # Pa, seed 000 claims 1, 6, 11
HEATING_MIN = 323.15  # K (50 °C), seed 002 claim 6
ABOVE_TG = 30.0  # K, seed 002 claim 7
PRESSURE_MIN = 1e6  # Pa, seed 002 claim 9
DRY_PLATED = (0.01e-6, 5e-6)  # m, seed 002 claim 5
ADHESION_MIN = 5.0  # N/cm at 15 µm, seed 002 claims 14–15
IPC_6202_MIN = 0.49  # N/mm, IPC/JPCA-6202 Class 2/3 (IPC-TM-650 2.4.9 peel)
_REL = 1e-9  # a value within this relative distance of a threshold sits on it


def _on(value: float, bound: float) -> bool:
    return abs(value - bound) <= _REL * max(abs(value), abs(bound), 1e-300)


def at_least(value: float, threshold: float) -> tuple[bool, float]:
    """(value ≥ threshold, value − threshold); a value on the threshold passes with margin 0."""
    if _on(value, threshold):
        return True, 0.0
    return value > threshold, value - threshold


def at_most(value: float, threshold: float) -> tuple[bool, float]:
    """(value ≤ threshold, threshold − value); a value on the threshold passes with margin 0."""
    if _on(value, threshold):
        return True, 0.0
    return value < threshold, threshold - value


def within(value: float, low: float, high: float) -> tuple[bool, float]:
    """(low ≤ value ≤ high, distance to the nearer bound, negative outside)."""
    a, ma = at_least(value, low)
    b, mb = at_most(value, high)
    return a and b, min(ma, mb)


def _decades(value: float, limit: float) -> tuple[bool, float]:
    """(value ≤ limit, log10(limit/value)) for moduli."""
    if _on(value, limit):
        return True, 0.0
    return value < limit, math.log10(limit / value)


def _tg_source(mat: ThermoplasticMaterial) -> str:
    """How a verdict names the Tg it used (as the claims report it)."""
    d = mat.glass_transition.definition
    return "card" if d == "card" else d


def check_case(case: Case, adhesion: AdhesionResult | None = None) -> list[ClaimCheck]:
    """Every claim element the case decides (adhesion elements need ``adhesion``, from a run)."""
    C = 273.15
    out: list[ClaimCheck] = []
    tpis = [case.adhesion.layer] if case.adhesion is not None else list(case.stack.bonded_thermoplastics)
    t_bond = case.programme.bonding_temperature()
    peak = case.programme.peak_temperature

    # ---- seed 000: the thermoplastic and the thermocompression ----
    if not tpis:
        out.append(
            ClaimCheck(
                "000-1",
                "seed 000 claims 1, 6, 11 [R1]",
                "min E′ (1 Hz) at T ≥ Tg of the thermoplastic layer at the metal ≤ 1e6 Pa",
                None,
                None,
                MODULUS_LIMIT,
                "Pa",
                None,
                "decades",
                "no thermoplastic layer with viscoelastic data next to a metal layer",
            )
        )
    for tpi in tpis:
        mat = tpi.material
        if not isinstance(mat, ThermoplasticMaterial):
            continue
        visco = mat.viscoelastic
        tg, tg_src = mat.glass_transition.value, _tg_source(mat)
        mc = check_minimum_storage_modulus(visco, tg, tg_source=tg_src)
        ok, margin = _decades(mc.minimum_storage_modulus_Pa, MODULUS_LIMIT)
        out.append(
            ClaimCheck(
                "000-1",
                "seed 000 claims 1, 6, 11 [R1]",
                f"min E′ (1 Hz) of '{tpi.name}' at T ≥ Tg ≤ 1e6 Pa",
                ok,
                mc.minimum_storage_modulus_Pa,
                MODULUS_LIMIT,
                "Pa",
                margin,
                "decades",
                f"window {mc.window[0] - C:.1f}–{mc.window[1] - C:.1f} °C (Tg from {tg_src}; 1 Hz tension DMA "
                "assumed: the claim names none)",
            )
        )
        if t_bond is None:
            out.append(
                ClaimCheck(
                    "000-11",
                    "seed 000 claim 11 [R1]",
                    "thermocompression bonding at T ≥ Tg",
                    False,
                    None,
                    tg - C,
                    "°C",
                    None,
                    "K",
                    "the cycle never applies pressure",
                )
            )
            out.append(
                ClaimCheck(
                    "000-12",
                    "seed 000 claim 12 [R1]",
                    "bonding where E′ of the TPI is minimal",
                    False,
                    None,
                    MODULUS_LIMIT,
                    "Pa",
                    None,
                    "decades",
                    "the cycle never applies pressure",
                )
            )
            continue
        ok, margin = at_least(t_bond, tg)
        out.append(
            ClaimCheck(
                "000-11",
                "seed 000 claim 11 [R1]",
                f"thermocompression bonding at T ≥ Tg of '{tpi.name}'",
                ok,
                t_bond - C,
                tg - C,
                "°C",
                margin,
                "K",
                "highest cycle temperature while pressed",
            )
        )
        E_bond = float(storage_modulus(visco, t_bond, 1.0))
        ok, margin = _decades(E_bond, MODULUS_LIMIT)
        out.append(
            ClaimCheck(
                "000-12",
                "seed 000 claim 12 [R1]",
                f"bonding where E′ of '{tpi.name}' is minimal (flow region, E′ ≤ 1e6 Pa)",
                ok,
                E_bond,
                MODULUS_LIMIT,
                "Pa",
                margin,
                "decades",
                f"E′ (1 Hz) at the bonding temperature {t_bond - C:.1f} °C; the model's E′ falls "
                "monotonically above Tg, so 'minimal' is read as the claim's flow region",
            )
        )

    # ---- seed 002: the metallized route's process window and conductor ----
    dry = [layer for layer in case.stack.metals if layer.dry_plated]
    route = "" if dry else " (no dry-plated conductor: checked as a process window)"
    if not dry:
        out.append(
            ClaimCheck(
                "002-5",
                "seed 002 claims 5, 10–11 [R2]",
                "dry-plated conductor 0.01–5 µm thick",
                None,
                None,
                [0.01, 5.0],
                "µm",
                None,
                "µm",
                "no layer is formed by dry plating",
            )
        )
    for layer in dry:
        ok, margin = within(layer.thickness, *DRY_PLATED)
        out.append(
            ClaimCheck(
                "002-5",
                "seed 002 claims 5, 10–11 [R2]",
                f"dry-plated conductor '{layer.name}' ({layer.formed_by}) 0.01–5 µm thick",
                ok,
                layer.thickness * 1e6,
                [0.01, 5.0],
                "µm",
                margin * 1e6,
                "µm",
            )
        )
    ok, margin = at_least(peak, HEATING_MIN)
    out.append(
        ClaimCheck(
            "002-6",
            "seed 002 claim 6 [R2]",
            "heating temperature ≥ 50 °C",
            ok,
            peak - C,
            HEATING_MIN - C,
            "°C",
            margin,
            "K",
            "peak cycle temperature" + route,
        )
    )
    for tpi in tpis:
        if not isinstance(tpi.material, ThermoplasticMaterial):
            continue
        tg = tpi.material.glass_transition.value
        ok, margin = at_least(peak, tg + ABOVE_TG)
        out.append(
            ClaimCheck(
                "002-7",
                "seed 002 claim 7 [R2]",
                f"heating temperature ≥ Tg + 30 °C of '{tpi.name}'",
                ok,
                peak - C,
                tg + ABOVE_TG - C,
                "°C",
                margin,
                "K",
                "peak cycle temperature" + route,
            )
        )
        hot = case.programme.pressure_while_at_or_above(tg)
        p = hot if hot is not None else case.programme.peak_pressure
        ok, margin = at_least(p, PRESSURE_MIN)
        out.append(
            ClaimCheck(
                "002-9",
                "seed 002 claims 8–9 [R2]",
                "heating under a pressure ≥ 1 MPa",
                ok,
                p / 1e6,
                PRESSURE_MIN / 1e6,
                "MPa",
                margin / 1e6,
                "MPa",
                f"highest pressure while at or above Tg of '{tpi.name}'" + route,
            )
        )

    # ---- adhesion: seed 002 claims 14–15 and IPC/JPCA-6202 ----
    undecided = "needs [adhesion] and a run" if case.adhesion is None else "decided by a run (summary.json)"
    if adhesion is None:
        out.append(
            ClaimCheck(
                "002-14",
                "seed 002 claims 14–15 [R2]",
                "adhesion ≥ 5 N/cm at 15 µm total conductor thickness",
                None,
                None,
                ADHESION_MIN,
                "N/cm",
                None,
                "N/cm",
                undecided,
            )
        )
        out.append(
            ClaimCheck(
                "IPC-6202",
                "IPC/JPCA-6202 Class 2/3 [R49]",
                "conductor peel ≥ 0.49 N/mm",
                None,
                None,
                IPC_6202_MIN,
                "N/mm",
                None,
                "N/mm",
                undecided,
            )
        )
        return out
    P15 = adhesion.claim_peel_strength / 100.0  # N/cm
    ok, margin = at_least(P15, ADHESION_MIN)
    out.append(
        ClaimCheck(
            "002-14",
            "seed 002 claims 14–15 [R2]",
            f"adhesion ≥ 5 N/cm at {adhesion.claim_thickness * 1e6:.3g} µm total conductor thickness",
            ok,
            P15,
            ADHESION_MIN,
            "N/cm",
            margin,
            "N/cm",
            f"predicted {adhesion.angle_deg:g}° peel; interface card "
            + ("calibrated" if not adhesion.card.estimated else "ESTIMATED (calibrate it)"),
        )
    )
    P = adhesion.peel_strength / 1000.0  # N/mm
    ok, margin = at_least(P, IPC_6202_MIN)
    out.append(
        ClaimCheck(
            "IPC-6202",
            "IPC/JPCA-6202 Class 2/3 [R49]",
            "conductor peel ≥ 0.49 N/mm",
            ok,
            P,
            IPC_6202_MIN,
            "N/mm",
            margin,
            "N/mm",
            f"predicted {adhesion.angle_deg:g}° peel of the {adhesion.arm.thickness * 1e6:.3g} µm conductor",
        )
    )
    return out


def describe(checks: list[ClaimCheck]) -> str:
    """A table of the checks for the terminal."""

    def fmt(v: float | list[float] | None) -> str:
        if v is None:
            return "—"
        if isinstance(v, list):
            return "–".join(f"{x:.4g}" for x in v)
        return f"{v:.4g}"

    lines = []
    for c in checks:
        verdict = {"pass": "PASS", "fail": "FAIL", "undecided": "  — "}[c.verdict]
        margin = "" if c.margin is None else f"  margin {c.margin:+.3g} {c.margin_unit}"
        lines.append(f"  {verdict}  {c.id:<8} {c.element}")
        if c.value is not None:
            lines.append(f"              value {fmt(c.value)} {c.unit}, bound {fmt(c.threshold)} {c.unit}{margin}")
        if c.note:
            lines.append(f"              {c.note}")
    return "\n".join(lines)
