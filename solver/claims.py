"""Claim and specification checks of a case (docs/theory/claims.md).

Every claim element of the two claim sets that a case can decide, with its verdict, value,
threshold and margin:

==========  ==============================================================  =========================
id          element                                                         source
==========  ==============================================================  =========================
000-1       min E′ (1 Hz) of the bonded thermoplastic at T ≥ Tg ≤ 1e6 Pa    seed 000 cl. 1, 6, 11
000-11      thermocompression bonding at T ≥ Tg                             seed 000 cl. 11
000-12      bonding where E′ of the thermoplastic is minimal                seed 000 cl. 12
002-5       dry-plated conductor 0.01–5 µm thick                            seed 002 cl. 5, 10–11
002-6       heating temperature ≥ 50 °C                                     seed 002 cl. 6
002-7       heating temperature ≥ Tg + 30 °C                                seed 002 cl. 7
002-9       pressure during heating ≥ 1 MPa                                 seed 002 cl. 8–9
002-14      adhesion ≥ 5 N/cm at 15 µm total conductor thickness            seed 002 cl. 14–15
IPC-6202    conductor peel ≥ 0.49 N/mm (the case's own test)                IPC/JPCA-6202 [R49]
==========  ==============================================================  =========================

The E′ elements are decided where the material description is valid
(:mod:`thermobond.materials.claims`): 000-1 over [Tg, end of the valid range] — the highest DMA
isotherm of a fitted card, T_ref + 50 K of a WLF law — and undecided when E′ reaches 1e6 Pa only by
extrapolation; 000-12 needs an interior minimum of E′(T), which a thermorheologically simple melt
does not have (E′ falls as long as a_T does): then it is undecided, and the check reports E′ at the
bonding temperature and the temperature where E′ crosses 1e6 Pa. Every number beyond the valid range
is flagged (``extrapolated``, ``crossing_extrapolated``). Each material has one Tg with its definition
(card value, α tan δ peak at 1 Hz, E″ peak), resolved when its card is read, and every verdict that
uses it carries both.

The bonding temperature (000-11, 000-12) is the highest temperature of the thermoplastic's interface
with its metal while the recipe presses: the stack model's interface temperature when it ran (the
coldest of the layer's metal interfaces), else the recipe's (platen) temperature, which the note says.
The heating temperature (002-6, 002-7) is the recipe's peak, and the pressure during heating the
highest pressure applied while the recipe is at or above Tg. A value exactly at a threshold passes
(the claims say "or more", "not more than"). The margin is signed, positive when the element is met,
in the element's unit (decades for moduli).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .bond.adhesion import AdhesionResult
from .case import Case, Layer
from .materials import ThermoplasticMaterial
from .materials.claims import REGION_FACTOR, claim_bonding_at_minimum, claim_minimum_storage_modulus
from .process import Programme
from .results import ClaimCheck

__all__ = ["at_least", "at_most", "bonding_temperature", "check_case", "describe", "within"]

MODULUS_LIMIT = 1e6  # Pa, seed 000 claims 1, 6, 11
HEATING_MIN = 323.15  # K (50 °C), seed 002 claim 6
ABOVE_TG = 30.0  # K, seed 002 claim 7
PRESSURE_MIN = 1e6  # Pa, seed 002 claim 9
DRY_PLATED = (0.01e-6, 5e-6)  # m, seed 002 claim 5
ADHESION_MIN = 5.0  # N/cm at 15 µm, seed 002 claims 14–15
IPC_6202_MIN = 0.49  # N/mm, IPC/JPCA-6202 Class 2/3 (IPC-TM-650 2.4.9 peel)
FREQUENCY = 1.0  # Hz: the claims name no DMA frequency; 1 Hz tension is assumed (an estimate)
_REL = 1e-9  # a value within this relative distance of a threshold sits on it
_C = 273.15
_S000 = "seed 000 claims 1, 6, 11 [R1]"


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


def _decades(value: float, limit: float) -> float:
    """log10(limit/value) (decades), 0 on the limit: positive when the modulus is below it."""
    return 0.0 if _on(value, limit) else math.log10(limit / value)


def _degc(T: float | None) -> float | None:
    return None if T is None else T - _C


def bonding_temperature(
    case: Case, layer: Layer, interfaces: Mapping[str, Programme] | None = None
) -> tuple[float, str] | None:
    """The temperature (K) at which ``layer`` is thermocompression-bonded, and where it comes from.

    The highest temperature of the layer's interface with its metal while the recipe presses: from
    the stack model's interface programmes where they are given (the coldest of the layer's metal
    interfaces), else the recipe's own temperature (the platens'). None if the recipe never presses.

    Args:
        case: The case.
        layer: A thermoplastic layer next to a metal.
        interfaces: The stack model's interface programmes by interface name (T in K, p in Pa).
    """
    recipe = case.programme
    found = []
    for metal in case.stack.metals_next_to(layer.name):
        name = case.stack.interface(metal.name, layer.name).name
        prog = (interfaces or {}).get(name)
        if prog is None:
            continue
        pressed = recipe.pressure(prog.times) > 0
        if pressed.any():
            found.append((float(prog.temperatures[pressed].max()), name))
    if found:
        T, name = min(found)
        return T, f"interface '{name}' (stack model), highest while pressed"
    T_recipe = recipe.bonding_temperature()
    if T_recipe is None:
        return None
    return T_recipe, "recipe (platen) temperature while pressed: no stack model ran"


def _tg(mat: ThermoplasticMaterial) -> dict[str, Any]:
    tg = mat.glass_transition
    return {"glass_transition_degC": tg.celsius, "glass_transition_definition": tg.definition}


def _minimum_modulus(layer: Layer, mat: ThermoplasticMaterial) -> ClaimCheck:
    """000-1 on the valid range of the material description."""
    c = claim_minimum_storage_modulus(mat.viscoelastic, mat.glass_transition, frequency=FREQUENCY)
    lo, hi = c.window
    note = (
        f"{c.reason}; valid range {lo - _C:.1f}–{hi - _C:.1f} °C ({c.window_end_source})"
        + ("; E′ still falling at its end" if c.still_falling else "")
        + f"; {FREQUENCY:g} Hz tension DMA assumed (the claim names no frequency)"
    )
    return ClaimCheck(
        "000-1",
        _S000,
        f"min E′ ({FREQUENCY:g} Hz) of '{layer.name}' at T ≥ Tg ≤ 1e6 Pa",
        c.verdict,
        c.minimum,
        MODULUS_LIMIT,
        "Pa",
        None if c.minimum is None else _decades(c.minimum, MODULUS_LIMIT),
        "decades",
        note,
        **_tg(mat),
        temperature_degC=_degc(c.minimum_temperature),
        crossing_temperature_degC=_degc(c.crossing_temperature),
        crossing_extrapolated=c.crossing_extrapolated,
        valid_range_degC=[lo - _C, hi - _C],
    )


def _bonding(layer: Layer, mat: ThermoplasticMaterial, bonding: tuple[float, str] | None) -> list[ClaimCheck]:
    """000-11 and 000-12 at the layer's bonding temperature."""
    tg = mat.glass_transition
    if bonding is None:
        why = "the cycle never applies pressure"
        return [
            ClaimCheck(
                "000-11",
                "seed 000 claim 11 [R1]",
                "thermocompression bonding at T ≥ Tg",
                False,
                None,
                tg.celsius,
                "°C",
                None,
                "K",
                why,
                **_tg(mat),
            ),
            ClaimCheck(
                "000-12",
                "seed 000 claim 12 [R1]",
                "bonding where E′ of the TPI is minimal",
                False,
                None,
                None,
                "Pa",
                None,
                "decades",
                why,
                **_tg(mat),
            ),
        ]
    T, source = bonding
    ok, margin = at_least(T, tg.value)
    eleven = ClaimCheck(
        "000-11",
        "seed 000 claim 11 [R1]",
        f"thermocompression bonding at T ≥ Tg of '{layer.name}'",
        ok,
        T - _C,
        tg.celsius,
        "°C",
        margin,
        "K",
        source,
        **_tg(mat),
        temperature_degC=T - _C,
    )
    b = claim_bonding_at_minimum(mat.viscoelastic, T, tg, frequency=FREQUENCY, threshold=MODULUS_LIMIT)
    bound = None if b.minimum is None else REGION_FACTOR * b.minimum
    margin12 = None
    if bound is not None:
        margin12 = _decades(b.storage_at_interface, bound)
        if (margin12 >= 0) != bool(b.verdict):  # E′ this low again outside the minimum's own region
            margin12 = None
    lo, hi = b.window
    twelve = ClaimCheck(
        "000-12",
        "seed 000 claim 12 [R1]",
        f"bonding where E′ ({FREQUENCY:g} Hz) of '{layer.name}' is minimal",
        b.verdict,
        b.storage_at_interface,
        bound,
        "Pa",
        margin12,
        "decades",
        f"{b.reason}; bonding temperature from the {source}"
        + (f"; the minimum's region is where E′ ≤ {REGION_FACTOR:g} × its minimum (an estimate)" if bound else ""),
        **_tg(mat),
        temperature_degC=T - _C,
        extrapolated=b.interface_extrapolated,
        crossing_temperature_degC=_degc(b.crossing_temperature),
        crossing_extrapolated=b.crossing_extrapolated,
        valid_range_degC=[lo - _C, hi - _C],
    )
    return [eleven, twelve]


def _seed_000(case: Case, tpis: list[Layer], interfaces: Mapping[str, Programme] | None) -> list[ClaimCheck]:
    if not tpis:
        return [
            ClaimCheck(
                "000-1",
                _S000,
                "min E′ (1 Hz) at T ≥ Tg of the thermoplastic layer at the metal ≤ 1e6 Pa",
                None,
                None,
                MODULUS_LIMIT,
                "Pa",
                None,
                "decades",
                "no thermoplastic layer with viscoelastic data next to a metal layer",
            )
        ]
    out: list[ClaimCheck] = []
    for tpi in tpis:
        mat = tpi.material
        if isinstance(mat, ThermoplasticMaterial):
            out.append(_minimum_modulus(tpi, mat))
            out += _bonding(tpi, mat, bonding_temperature(case, tpi, interfaces))
    return out


def _seed_002(case: Case, tpis: list[Layer]) -> list[ClaimCheck]:
    out: list[ClaimCheck] = []
    peak = case.programme.peak_temperature
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
            peak - _C,
            HEATING_MIN - _C,
            "°C",
            margin,
            "K",
            "peak cycle temperature" + route,
        )
    )
    for tpi in tpis:
        mat = tpi.material
        if not isinstance(mat, ThermoplasticMaterial):
            continue
        tg = mat.glass_transition.value
        ok, margin = at_least(peak, tg + ABOVE_TG)
        out.append(
            ClaimCheck(
                "002-7",
                "seed 002 claim 7 [R2]",
                f"heating temperature ≥ Tg + 30 °C of '{tpi.name}'",
                ok,
                peak - _C,
                tg + ABOVE_TG - _C,
                "°C",
                margin,
                "K",
                "peak cycle temperature" + route,
                **_tg(mat),
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
                **_tg(mat),
            )
        )
    return out


def _adhesion(case: Case, adhesion: AdhesionResult | None) -> list[ClaimCheck]:
    if adhesion is None:
        why = "needs [adhesion] and a run" if case.adhesion is None else "decided by a run (summary.json)"
        return [
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
                why,
            ),
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
                why,
            ),
        ]
    P15 = adhesion.claim_peel_strength / 100.0  # N/cm
    ok15, margin15 = at_least(P15, ADHESION_MIN)
    P = adhesion.peel_strength / 1000.0  # N/mm
    ok, margin = at_least(P, IPC_6202_MIN)
    card = "calibrated" if not adhesion.card.estimated else "ESTIMATED (calibrate it)"
    return [
        ClaimCheck(
            "002-14",
            "seed 002 claims 14–15 [R2]",
            f"adhesion ≥ 5 N/cm at {adhesion.claim_thickness * 1e6:.3g} µm total conductor thickness",
            ok15,
            P15,
            ADHESION_MIN,
            "N/cm",
            margin15,
            "N/cm",
            f"predicted {adhesion.angle_deg:g}° peel; interface card {card}",
        ),
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
        ),
    ]


def check_case(
    case: Case, adhesion: AdhesionResult | None = None, interfaces: Mapping[str, Programme] | None = None
) -> list[ClaimCheck]:
    """Every claim element the case decides.

    Args:
        case: The case (its recipe, stack and material cards).
        adhesion: The adhesion evaluation of a run (the adhesion elements are undecided without it).
        interfaces: The stack model's interface programmes (``StackResult.interface_programmes``):
            the bonding temperature of 000-11 and 000-12 is then the interface's, else the recipe's.
    """
    tpis = [case.adhesion.layer] if case.adhesion is not None else list(case.stack.bonded_thermoplastics)
    return _seed_000(case, tpis, interfaces) + _seed_002(case, tpis) + _adhesion(case, adhesion)


def _fmt(v: float | list[float] | None) -> str:
    if v is None:
        return "—"
    if isinstance(v, list):
        return "–".join(f"{x:.4g}" for x in v)
    return f"{v:.4g}"


def describe(checks: list[ClaimCheck]) -> str:
    """A table of the checks for the terminal: verdict, value against bound with the margin, the Tg a
    verdict uses with its definition, where the value was taken, the E′ crossing, every
    extrapolated number flagged, and the note."""
    lines = []
    for c in checks:
        verdict = {"pass": "PASS", "fail": "FAIL", "undecided": "  — "}[c.verdict]
        lines.append(f"  {verdict}  {c.id:<8} {c.element}")
        facts = []
        if c.value is not None:
            margin = "" if c.margin is None else f", margin {c.margin:+.3g} {c.margin_unit}"
            at = "" if c.temperature_degC is None or c.unit == "°C" else f" at {c.temperature_degC:.1f} °C"
            flag = " (EXTRAPOLATED beyond the valid range)" if c.extrapolated else ""
            bound = "no bound" if c.threshold is None else f"bound {_fmt(c.threshold)} {c.unit}"
            facts.append(f"value {_fmt(c.value)} {c.unit}{at}{flag}, {bound}{margin}")
        if c.glass_transition_degC is not None:
            facts.append(f"Tg = {c.glass_transition_degC:.1f} °C ({c.glass_transition_definition})")
        if c.valid_range_degC is not None:
            cross = (
                "E′ does not reach 1e6 Pa within 200 K beyond the valid range"
                if c.crossing_temperature_degC is None
                else f"E′ = 1e6 Pa at {c.crossing_temperature_degC:.1f} °C"
                + (" (EXTRAPOLATED)" if c.crossing_extrapolated else "")
            )
            facts.append(cross)
        if facts:
            lines.append("              " + "; ".join(facts))
        if c.note:
            lines.append(f"              {c.note}")
    return "\n".join(lines)
