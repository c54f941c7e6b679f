"""``thermobond material fit DMA.csv`` and ``thermobond material check CARD``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .. import __version__
from ..errors import InputError
from ..materials import ThermoplasticMaterial, Viscoelasticity, load_material
from ..materials.cardwriter import fitted_card_text
from ..materials.claims import check_minimum_storage_modulus, tan_delta_peak
from ..materials.dma import read_dma
from ..materials.fitting import FitOptions, fit_dma
from ..materials.shift import WLF
from ..outputs import atomic_write_text
from ..report.materialplots import plot_fit
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
        shift = WLF(float(args.wlf[0]), float(args.wlf[1]), Tref)
    if not 0.001 <= args.tolerance <= 1.0:
        raise InputError(
            "tolerance out of range", key="--tolerance", value=args.tolerance, accepted="0.001 … 1 (RMS ln)"
        )
    data = read_dma(args.dma)
    opts = FitOptions(
        reference_temperature=Tref,
        law=args.law,
        tolerance=args.tolerance,
        per_decade=args.per_decade,
        free_long_term=args.long_term == "free",
        shift_law=shift,
    )
    result = fit_dma(data, opts)
    K = template.viscoelastic.bulk_modulus
    given = result.prony
    visco = Viscoelasticity(
        shear=given.to_shear(bulk_modulus=K) if given.form == "tensile" else given,
        bulk_modulus=K,
        shift=result.shift,
        given=given,
    )
    Tg = _quantity(args.glass_transition, "temperature", "--glass-transition")
    tg_src = "given on the command line"
    if Tg is None:
        Tg, tg_src = tan_delta_peak(visco, 1.0), "α tan δ peak at 1 Hz"
    claim = check_minimum_storage_modulus(visco, Tg, tg_source=tg_src)
    name = args.name or f"TPI fitted from {data.path.name}"
    text = fitted_card_text(
        result, template, name=name, glass_transition=Tg, tg_source=tg_src, version=__version__, card_path=out
    )
    plot_fit(result, visco, claim, out.parent, f"{out.stem}_fit")
    atomic_write_text(out, text)
    rep = result.report()
    say(f"Fitted {data.n_points} points ({rep['data']['isotherms']} temperatures) from {data.path}")
    say(f"  shift: {result.shift.describe()}  (RMS {result.shift_rms:.3g} decades)")
    say(
        f"  Prony: {result.prony.n_terms} terms (from {result.full_terms}), RMS ln error "
        f"{result.rms_log_error():.3g} (tolerance {args.tolerance:g})"
    )
    for z in result.zones:
        say(
            f"    {z.zone:17s} {z.points:4d} points: E′ RMS {z.rms_storage:.3f} max {z.max_storage:.3f}; "
            f"E″ RMS {z.rms_loss:.3f} max {z.max_loss:.3f}"
        )
    say(f"  claim: {claim.describe()}")
    say(f"Card: {out}\nFigure: {out.parent / (out.stem + '_fit.png')}")
    return EXIT_OK


def check(args: argparse.Namespace) -> int:
    card = _thermoplastic(args.card, "card")
    f = parse_quantity(args.frequency, "frequency", key="--frequency")
    if not 1e-4 <= f <= 1e4:
        raise InputError("frequency out of range", key="--frequency", value=args.frequency, accepted="1e-4 … 1e4 Hz")
    Tg = _quantity(args.glass_transition, "temperature", "--glass-transition")
    if Tg is None and not args.tg_from_tan_delta:
        Tg = card.glass_transition.value
    tmax = _quantity(args.t_max, "temperature", "--t-max")
    try:
        claim = check_minimum_storage_modulus(card.viscoelastic, Tg, frequency=f, t_max=tmax)
    except ValueError as exc:
        raise InputError(str(exc), file=card.path) from None
    if args.json:
        say(
            json.dumps({"card": str(card.path), "material": card.name, **claim.as_dict()}, indent=2, ensure_ascii=False)
        )
    else:
        say(f"{card.path}: {card.name}")
        say(f"  {claim.describe()}")
    return EXIT_OK


def main(args: argparse.Namespace) -> int:
    return fit(args) if args.material_command == "fit" else check(args)
