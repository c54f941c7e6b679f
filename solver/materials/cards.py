"""Material cards (TOML) → :class:`~thermobond.materials.material.Material`.

A card holds one material. Every value carries its unit and, in a comment, its source tag
(a reference, a derivation, or "estimate"; see docs/references.md). Layout::

    schema_version = 1
    name = "ED copper foil"
    kind = "metal"            # metal | polymer | thermoplastic | thermal
    [thermal]     conductivity, density, specific_heat
    [elastic]     youngs_modulus (or youngs_modulus_table), poissons_ratio
    [expansion]   alpha | alpha_in_plane + alpha_through_thickness; optional alpha_rubbery (+ _in_plane,
                  _through_thickness) and transition_temperature
    [plastic]     yield_stress, hardening_modulus (or *_table)          (metals)
    [viscoelastic] form, bulk_modulus, long_term_modulus, glass_transition, data_range (fitted cards:
                  ["<lowest isotherm>", "<highest isotherm>"]),
                  [viscoelastic.prony] time_unit, modulus_unit, terms = [[tau, M], ...]
                  [viscoelastic.shift] law = wlf|arrhenius|hybrid|table, ... (thermoplastics)

A table is ``{ temperature = ["23 degC", "200 degC"], value = ["2.5 GPa", "2.0 GPa"] }``.
"""

from __future__ import annotations

import functools
import itertools
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..schema import MISSING, Section, load_toml
from ..units import parse_quantity, to_celsius
from .expansion import Expansion, SteppedCTE
from .material import (
    CARD_VALUE,
    AnyMaterial,
    Elasticity,
    GlassTransition,
    MetalMaterial,
    Plasticity,
    PolymerMaterial,
    ThermalMaterial,
    ThermalProperties,
    ThermoplasticMaterial,
    Viscoelasticity,
)
from .prony import PronySeries
from .shift import WLF, Arrhenius, HybridShift, ShiftLaw, TabulatedShift
from .tabulated import PiecewiseLinear
from .transition import model_glass_transition

__all__ = ["load_material", "read_material"]

KINDS = ("metal", "polymer", "thermoplastic", "thermal")
TG_FREQUENCY = 1.0  # Hz: the DMA frequency of a Tg computed from the card's own response
_MAX_T = 2000.0  # K; any temperature above this in a card is a unit mistake


def _table(sec: Section, name: str, kind: str, *, lo: float | None, hi: float | None = None) -> PiecewiseLinear:
    """A scalar or a temperature table under ``name`` / ``name_table``.

    Keys:
        youngs_modulus: Young's modulus E, constant (give it or ``youngs_modulus_table``).
        youngs_modulus_table: E(T) as a table, linear between its points and constant beyond them.
        yield_stress: Initial yield stress σ_y of J2 plasticity, constant (or ``yield_stress_table``).
        yield_stress_table: σ_y(T) as a table.
        hardening_modulus: Linear isotropic hardening modulus H (dσ_y/dε_p), constant (or
            ``hardening_modulus_table``).
        hardening_modulus_table: H(T) as a table.
        temperature: The table's temperatures, increasing (``["23 degC", "200 degC"]``).
        value: The values at those temperatures, with units (``["2.5 GPa", "2.0 GPa"]``).
    """
    tname = f"{name}_table"
    if sec.has(tname):
        tab = sec.section(tname)
        temps = tab.array("temperature")
        vals = tab.array("value")
        if len(temps) != len(vals) or len(temps) < 1:
            raise tab.error(None, "temperature and value must have the same, non-zero length")
        T = [parse_quantity(t, "temperature", key=tab.key("temperature"), file=str(sec.file)) for t in temps]
        V = [parse_quantity(v, kind, key=tab.key("value"), file=str(sec.file)) for v in vals]
        if any(b <= a for a, b in itertools.pairwise(T)):
            raise tab.error("temperature", "temperatures must increase", temps)
        for v, raw in zip(V, vals, strict=True):
            if (lo is not None and v <= lo) or (hi is not None and v >= hi):
                raise tab.error("value", "value out of range", raw)
        tab.finish()
        sec.used.add(name)
        return PiecewiseLinear(tuple(T), tuple(V))
    return PiecewiseLinear.constant(sec.quantity(name, kind, lo=lo, hi=hi, lo_open=True))


def _thermal(sec: Section) -> ThermalProperties:
    """The ``[thermal]`` table.

    Keys:
        conductivity: Thermal conductivity k.
        density: Density ρ (also the laminate's own weight).
        specific_heat: Specific heat capacity c_p.
    """
    th = ThermalProperties(
        conductivity=sec.quantity("conductivity", "conductivity", lo=0, lo_open=True, hi=5000),
        density=sec.quantity("density", "density", lo=0, lo_open=True, hi=30000),
        specific_heat=sec.quantity("specific_heat", "specific_heat", lo=0, lo_open=True, hi=1e5),
    )
    sec.finish()
    return th


def _cte(sec: Section, suffix: str, breaks: tuple[float, ...]) -> SteppedCTE:
    """One coefficient of thermal expansion, stepped at the transition temperature if there is one.

    Keys:
        alpha: Isotropic linear CTE (below ``transition_temperature`` if one is given).
        alpha_in_plane: In-plane CTE of a transversely isotropic layer (a core PI film, whose
            chains lie in its plane); give it with ``alpha_through_thickness`` instead of ``alpha``.
        alpha_through_thickness: CTE through the layer's thickness.
        alpha_rubbery: CTE above ``transition_temperature`` (a TPI's rubbery CTE, 3–5 × its glassy one).
        alpha_rubbery_in_plane: In-plane CTE above ``transition_temperature``.
        alpha_rubbery_through_thickness: Through-thickness CTE above ``transition_temperature``.
    """
    base = sec.quantity(f"alpha{suffix}", "expansion", lo=-1e-4, hi=1e-2)
    if not breaks:
        return SteppedCTE.constant(base)
    rub = sec.quantity(f"alpha_rubbery{suffix}", "expansion", lo=-1e-4, hi=1e-2)
    return SteppedCTE((base, rub), breaks)


def _expansion(sec: Section) -> Expansion:
    """The ``[expansion]`` table.

    Keys:
        transition_temperature: Where the CTE steps from its glassy to its rubbery value (usually
            the Tg); with it the ``alpha_rubbery*`` keys are required. The thermal strain is the
            integral of the stepped CTE from the stress-free temperature.
    """
    tr = sec.optional_quantity("transition_temperature", "temperature", lo=0, hi=_MAX_T)
    breaks = () if tr is None else (tr,)
    if sec.has("alpha"):
        e = Expansion.isotropic(_cte(sec, "", breaks))
    else:
        e = Expansion(_cte(sec, "_in_plane", breaks), _cte(sec, "_through_thickness", breaks))
    sec.finish()
    return e


def _decreasing_table(sec: Section, temps: list[Any], vals: list[Any]) -> list[float]:
    """log10 a_T of a table: numbers that fall as the temperature rises (relaxation speeds up on heating)."""
    if len(vals) != len(temps):
        raise sec.error("log10_aT", f"{len(vals)} values for {len(temps)} temperatures", vals, "one per temperature")
    V = []
    for i, v in enumerate(vals):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise sec.error(f"log10_aT[{i}]", "expected a number", v)
        V.append(float(v))
    for i in range(1, len(V)):
        if not V[i] < V[i - 1]:
            raise sec.error(
                f"log10_aT[{i}]",
                f"log10 a_T must fall as the temperature rises (relaxation speeds up on heating): entry {i + 1} "
                f"({temps[i]}) is {V[i]:g} after {V[i - 1]:g} at entry {i} ({temps[i - 1]})",
                vals[i],
                f"below {V[i - 1]:g}",
            )
    return V


def _check_pole(sec: Section, wlf: WLF, tg: float | None, data_range: tuple[float, float] | None) -> None:
    """The pole T_ref − C2 of a WLF law lies below the card's own range of use: its Tg (with the
    universal constants at T_ref = Tg it lies 51.6 K below; Williams, Landel & Ferry 1955, J. Am.
    Chem. Soc. 77, 3701) and the lowest temperature of the data it was fitted to."""
    pole = wlf.reference_temperature - wlf.C2
    for what, T in (("glass transition", tg), ("lowest temperature of the fitted data", data_range and data_range[0])):
        if T is not None and pole >= T:
            raise sec.error(
                "C2",
                f"the WLF pole T_ref − C2 = {to_celsius(pole):.1f} °C (T_ref "
                f"{to_celsius(wlf.reference_temperature):.1f} °C, C2 {wlf.C2:g} K) is not below the card's {what} "
                f"({to_celsius(T):.1f} °C)",
                sec.data.get("C2"),
                f"C2 > {wlf.reference_temperature - T:.4g} K",
            )


def _shift(sec: Section, tg: float | None, data_range: tuple[float, float] | None = None) -> ShiftLaw:
    """The ``[viscoelastic.shift]`` table: the time–temperature shift law (docs/theory/viscoelasticity.md).

    Keys:
        law: ``wlf`` (log10 a_T = −C1 (T − T_ref)/(C2 + T − T_ref)), ``arrhenius`` (log10 a_T =
            E_a/(R ln 10) (1/T − 1/T_ref)), ``hybrid`` (WLF above ``switch_temperature``, Arrhenius
            below it, continuous at the switch) or ``table`` (log10 a_T tabulated).
        reference_temperature: T_ref, where a_T = 1: the temperature of the Prony series. Default:
            the card's ``glass_transition`` (WLF, Arrhenius, hybrid); for a table, where its
            log10 a_T crosses 0.
        C1: WLF constant C1 (decades); 17.44 is the "universal" value with T_ref = Tg.
        C2: WLF constant C2; 51.6 K is the "universal" value with T_ref = Tg. The pole T_ref − C2
            must lie below the card's Tg and below its lowest fitted isotherm.
        lower_limit: Below this temperature the WLF argument is held constant, so its pole is
            never reached. Default: T_ref − C2/2.
        activation_energy: Arrhenius activation energy E_a (of the law, or of the hybrid's
            branch below the switch).
        switch_temperature: Where a hybrid law switches from Arrhenius to WLF. Default: T_ref.
        temperature: Temperatures of a tabulated law, increasing.
        log10_aT: log10 a_T at those temperatures: plain numbers that fall as the temperature
            rises; interpolated linearly, constant beyond the table.
    """
    law = sec.string("law", choices=("wlf", "arrhenius", "hybrid", "table"))
    try:
        if law == "table":
            temps = sec.array("temperature")
            vals = sec.array("log10_aT")
            T = [parse_quantity(t, "temperature", key=sec.key("temperature"), file=str(sec.file)) for t in temps]
            V = _decreasing_table(sec, temps, vals)
            tref = sec.quantity("reference_temperature", "temperature", float(np.interp(0.0, V[::-1], T[::-1])))
            out: ShiftLaw = TabulatedShift(tuple(T), tuple(V), tref)
        else:
            tref = sec.quantity("reference_temperature", "temperature", MISSING if tg is None else tg, lo=0, hi=_MAX_T)
            if law == "arrhenius":
                out = Arrhenius(sec.quantity("activation_energy", "energy_per_mole", lo=0, lo_open=True), tref)
            else:
                wlf = WLF(
                    sec.number("C1", lo=0, lo_open=True, hi=100),
                    sec.quantity("C2", "temperature_difference", lo=0, lo_open=True, hi=1000),
                    tref,
                    sec.optional_quantity("lower_limit", "temperature", lo=0, hi=_MAX_T),
                )
                if law == "wlf":
                    _check_pole(sec, wlf, tg, data_range)
                    out = wlf
                else:
                    clamp = wlf.valid_range[0]
                    out = HybridShift(
                        wlf,
                        sec.quantity("activation_energy", "energy_per_mole", lo=0, lo_open=True),
                        sec.optional_quantity("switch_temperature", "temperature", lo=clamp, hi=_MAX_T),
                    )
    except ValueError as exc:
        raise sec.error(None, str(exc)) from None
    sec.finish()
    return out


def _prony(sec: Section, form: str, long_term: float) -> PronySeries:
    """The ``[viscoelastic.prony]`` table: the relaxation spectrum at the shift law's T_ref.

    Keys:
        time_unit: Unit of the relaxation times in ``terms`` (``"s"``, ``"ms"`` ...).
        modulus_unit: Unit of the moduli in ``terms`` (``"Pa"``, ``"MPa"`` ...).
        terms: The series M(t) = M∞ + Σ M_i exp(−t/τ_i) as ``[[τ_i, M_i], ...]`` (plain numbers in
            the two units above; τ_i > 0, M_i ≥ 0), in the card's ``form``.
    """
    tu = sec.string("time_unit", "s")
    mu = sec.string("modulus_unit", "Pa")
    ts = parse_quantity(f"1 {tu}", "time", key=sec.key("time_unit"), file=str(sec.file))
    ms = parse_quantity(f"1 {mu}", "modulus", key=sec.key("modulus_unit"), file=str(sec.file))
    terms = sec.array("terms")
    try:
        arr = np.asarray(terms, dtype=float)
    except (TypeError, ValueError):
        raise sec.error("terms", "expected [[tau, modulus], ...] numbers", terms) from None
    if arr.ndim != 2 or arr.shape[1] != 2 or arr.shape[0] < 1:
        raise sec.error("terms", "expected a list of [tau, modulus] pairs", terms)
    for i, (tau, modulus) in enumerate(arr):
        if not (tau > 0 and modulus >= 0):
            raise sec.error(
                f"terms[{i}]", "a Prony term needs tau > 0 and a modulus ≥ 0", terms[i], "[tau > 0, modulus ≥ 0]"
            )
    try:
        p = PronySeries(arr[:, 1] * ms, arr[:, 0] * ts, long_term, form)  # type: ignore[arg-type]
    except ValueError as exc:
        raise sec.error("terms", str(exc)) from None
    sec.finish()
    return p


def _viscoelastic(sec: Section) -> tuple[Viscoelasticity, float | None]:
    """The ``[viscoelastic]`` table of a thermoplastic card (docs/theory/viscoelasticity.md).

    Keys:
        form: ``tensile`` (the Prony series is E(t), as a tension DMA measures it; converted to
            G(t) with the elastic bulk modulus) or ``shear`` (G(t)).
        glass_transition: The TPI's Tg (the claims, the bonding-temperature default and the
            interface model use it). Absent: the α tan δ peak of the card's own model at 1 Hz.
        bulk_modulus: Elastic bulk modulus K; the bulk does not relax (a melt is nearly
            incompressible: K ≈ 2–4 GPa).
        long_term_modulus: M∞ of the series (in its form); 0 for a melt, which flows.
        prony: The relaxation spectrum (``[viscoelastic.prony]``).
        shift: The time–temperature shift law (``[viscoelastic.shift]``).
    """
    form = sec.string("form", choices=("tensile", "shear"))
    tg = sec.optional_quantity("glass_transition", "temperature", lo=0, hi=_MAX_T)
    K = sec.quantity("bulk_modulus", "modulus", lo=0, lo_open=True)
    Minf = sec.quantity("long_term_modulus", "modulus", 0.0, lo=0)
    data_range = _data_range(sec)
    given = _prony(sec.section("prony"), form, Minf)
    shift = _shift(sec.section("shift"), tg, data_range)
    try:
        shear = given.to_shear(bulk_modulus=K)
    except ValueError as exc:
        raise sec.error("bulk_modulus", str(exc), None) from None
    sec.finish()
    return Viscoelasticity(shear=shear, bulk_modulus=K, shift=shift, given=given, data_range=data_range), tg


def _data_range(sec: Section) -> tuple[float, float] | None:
    """``data_range = ["220 degC", "360 degC"]``: the temperatures of the measured isotherms.

    Keys:
        data_range: Lowest and highest temperature of the DMA isotherms a fitted card was fitted
            to (written by ``thermobond material fit``): where the card is valid. The E′ claim's
            window ends there.
    """
    if not sec.has("data_range"):
        return None
    raw = sec.array("data_range")
    if len(raw) != 2:
        raise sec.error("data_range", "expected two temperatures [lowest, highest]", raw)
    lo, hi = (parse_quantity(t, "temperature", key=sec.key("data_range"), file=str(sec.file)) for t in raw)
    if not 0 < lo < hi <= _MAX_T:
        raise sec.error("data_range", "expected 0 K < lowest < highest temperature", raw)
    return (lo, hi)


def _thermoplastic_tg(tg: float | None, visco: Viscoelasticity) -> GlassTransition:
    """Tg as the card states it, else its model's α tan δ peak at 1 Hz (E″ peak without one)."""
    if tg is not None:
        return GlassTransition(tg, CARD_VALUE)
    return model_glass_transition(visco, TG_FREQUENCY)


def read_material(data: dict[str, Any], path: Path) -> AnyMaterial:
    """Validate a parsed card (see module docstring) and build the material record of its kind.

    Keys:
        schema_version: Version of the card layout; 1.
        name: Material name, shown in outputs.
        kind: ``metal`` (elastic, optionally J2-plastic), ``polymer`` (thermo-elastic, e.g. a
            core PI film), ``thermoplastic`` (viscoelastic, e.g. a TPI) or ``thermal`` (thermal
            properties only: a press pad or release film).
        description: Free text.
        source: Where the values come from (free text; per-value sources go in comments).
        provenance: Any table recording how the card was made (a fit's settings and errors);
            not validated.
        thermal: Thermal properties (every kind).
        expansion: Thermal expansion (every kind but ``thermal``).
        elastic: Elasticity (metals and polymers; a thermoplastic's comes from its Prony series).
        elastic.poissons_ratio: Poisson's ratio ν, constant, in (−1, 0.5).
        plastic: J2 plasticity with linear hardening (metals; absent: elastic).
        viscoelastic: The viscoelastic description (thermoplastics).
        glass_transition: Tg of a polymer (informative; a thermoplastic states it in
            ``[viscoelastic]``).
    """
    top = Section(data, path)
    top.integer("schema_version", 1, lo=1, hi=1)
    name = top.string("name")
    kind = top.string("kind", choices=KINDS)
    description = top.string("description", "")
    top.string("source", "")
    top.free_table("provenance")
    thermal = _thermal(top.section("thermal"))
    common: dict[str, Any] = {"name": name, "path": path, "thermal": thermal, "description": description}
    if kind == "thermal":
        top.finish()
        return ThermalMaterial(**common)
    expansion = _expansion(top.section("expansion"))
    if kind == "thermoplastic":
        visco, tg = _viscoelastic(top.section("viscoelastic"))
        top.finish()
        try:
            glass = _thermoplastic_tg(tg, visco)
        except ValueError as exc:
            raise top.error("viscoelastic.glass_transition", f"no Tg given and none found: {exc}") from None
        elastic = Elasticity(PiecewiseLinear.constant(visco.glassy_youngs_modulus), visco.glassy_poissons_ratio)
        return ThermoplasticMaterial(
            **common, elastic=elastic, expansion=expansion, viscoelastic=visco, glass_transition=glass
        )
    el = top.section("elastic")
    E = _table(el, "youngs_modulus", "modulus", lo=0.0)
    nu = el.number("poissons_ratio", lo=-1, hi=0.5, lo_open=True, hi_open=True)
    el.finish()
    elastic = Elasticity(E, nu)
    tg = top.optional_quantity("glass_transition", "temperature", lo=0, hi=_MAX_T)
    if kind == "polymer":
        top.finish()
        return PolymerMaterial(
            **common,
            elastic=elastic,
            expansion=expansion,
            glass_transition=None if tg is None else GlassTransition(tg, CARD_VALUE),
        )
    plastic = None
    if top.has("plastic"):
        pl = top.section("plastic")
        plastic = Plasticity(
            _table(pl, "yield_stress", "stress", lo=0.0),
            _table(pl, "hardening_modulus", "modulus", lo=-1.0),
        )
        pl.finish()
    top.finish()
    return MetalMaterial(**common, elastic=elastic, expansion=expansion, plastic=plastic)


@functools.cache
def _load_cached(path: Path, mtime: float) -> AnyMaterial:
    return read_material(load_toml(path, "material card"), path)


def load_material(path: str | Path) -> AnyMaterial:
    """Load and validate a material card (cached per file and modification time).

    Raises:
        InputError: The file is missing, not TOML, or fails validation.
    """
    p = Path(path).resolve()
    if p.is_dir():
        raise InputError("is a directory, not a material card", file=p, accepted="the path of a material card")
    if not p.is_file():
        raise InputError("material card not found", file=p)
    return _load_cached(p, p.stat().st_mtime)
