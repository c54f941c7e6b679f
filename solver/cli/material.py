"""``thermobond material fit DMA.csv`` and ``thermobond material check CARD``."""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from ..errors import InputError
from ..materials import GlassTransition, ThermoplasticMaterial, fit_card, load_material, resolve_glass_transition
from ..materials.claims import claim_minimum_storage_modulus
from ..materials.fitting import FitOptions
from ..materials.shift import WLF
from ..materials.transition import model_glass_transition
from ..outputs import atomic_write_text
from ..report.materialplots import plot_fitted_card
from ..units import parse_quantity
from .common import EXIT_OK, say

__all__ = ["main"]


def _quantity(value: str | None, kind: str, option: str) -> float | None:
    return None if value is None else parse_quantity(value, kind, key=option)


def _thermoplastic(path: Path | str, option: str) -> ThermoplasticMaterial:
    card = load_material(path)
    if not isinstance(card, ThermoplasticMaterial):
        raise InputError(
            f"material '{card.name}' is of kind '{card.kind}'; a thermoplastic card with viscoelastic data is needed",
            file=card.path,
            key=option,
            value=card.kind,
            accepted="thermoplastic",
        )
    return card


def _wlf(given: list[str], reference_temperature: float) -> WLF:
    """``--wlf C1 C2`` (C2 in kelvin) at the reference temperature."""
    accepted = "two finite positive numbers: C1 and C2 in K, e.g. --wlf 17.44 51.6"
    try:
        c1, c2 = (float(v) for v in given)
    except ValueError:
        raise InputError("not two numbers", key="--wlf", value=" ".join(given), accepted=accepted) from None
    if not (math.isfinite(c1) and math.isfinite(c2)):
        raise InputError("not finite", key="--wlf", value=" ".join(given), accepted=accepted)
    try:
        return WLF(c1, c2, reference_temperature)
    except ValueError as exc:
        raise InputError(str(exc), key="--wlf", value=" ".join(given), accepted=accepted) from None


def fit(args: argparse.Namespace) -> int:
    out = Path(args.output)
    if out.suffix != ".toml":
        raise InputError("the output card must be a .toml file", key="--output", value=str(out))
    template = _thermoplastic(args.template, "--template")
    Tref = _quantity(args.reference_temperature, "temperature", "--reference-temperature")
    shift = None
    if args.shift_from:
        shift = _thermoplastic(args.shift_from, "--shift-from").viscoelastic.shift
    elif args.wlf:
        if Tref is None:
            raise InputError("--wlf needs --reference-temperature", key="--wlf")
        shift = _wlf(args.wlf, Tref)
    try:
        options = FitOptions(
            reference_temperature=Tref,
            law=args.law,
            tolerance=args.tolerance,
            per_decade=args.per_decade,
            free_long_term=args.long_term == "free",
            shift_law=shift,
        )
    except ValueError as exc:
        raise InputError(str(exc), key="--tolerance/--per-decade") from None
    Tg = _quantity(args.glass_transition, "temperature", "--glass-transition")
    tg = None if Tg is None else GlassTransition(Tg, "given on the command line")
    card = fit_card(args.dma, options, template, name=args.name, glass_transition=tg, card_path=out)
    plot_fitted_card(card, out.parent, f"{out.stem}_fit")
    atomic_write_text(out, card.text)
    rep = card.fit.report()
    f = card.fit
    say(f"Fitted {f.data.n_points} points ({rep['data']['isotherms']} temperatures) from {f.data.path}")
    say(f"  shift: {f.shift.describe()}  (RMS {f.shift_rms:.3g} decades)")
    say(f"  Prony: {f.prony.n_terms} terms (from {f.full_terms}), tolerance {args.tolerance:g} per isotherm")
    for e in f.isotherms:
        say(
            f"    {e.temperature - 273.15:7.1f} °C {e.points:3d} points: E′ RMS {e.rms_storage:.3f} "
            f"max {e.max_storage:.3f}; E″ RMS {e.rms_loss:.3f} max {e.max_loss:.3f}"
        )
    say(f"  {card.glass_transition.describe()}")
    say(f"  claim: {card.claim.describe()}")
    say(f"Card: {out}\nFigure: {out.parent / (out.stem + '_fit.png')}")
    return EXIT_OK


def check(args: argparse.Namespace) -> int:
    card = _thermoplastic(args.card, "card")
    f = parse_quantity(args.frequency, "frequency", key="--frequency")
    if not 1e-4 <= f <= 1e4:
        raise InputError("frequency out of range", key="--frequency", value=args.frequency, accepted="1e-4 … 1e4 Hz")
    Tg = _quantity(args.glass_transition, "temperature", "--glass-transition")
    if Tg is not None:
        tg = GlassTransition(Tg, "given on the command line")
    elif args.tg_from_tan_delta:
        tg = model_glass_transition(card.viscoelastic, f)
    else:
        tg = resolve_glass_transition(card, f)
    tmax = _quantity(args.t_max, "temperature", "--t-max")
    window_end = None if tmax is None else (tmax, "given on the command line")
    try:
        claim = claim_minimum_storage_modulus(card.viscoelastic, tg, frequency=f, window_end=window_end)
    except ValueError as exc:
        raise InputError(str(exc), file=card.path) from None
    if args.json:
        facts = {"card": str(card.path), "material": card.name, **claim.as_dict()}
        say(json.dumps(facts, indent=2, ensure_ascii=False))
    else:
        say(f"{card.path}: {card.name}")
        say(f"  {claim.describe()}")
    return EXIT_OK


def main(args: argparse.Namespace) -> int:
    return fit(args) if args.material_command == "fit" else check(args)
