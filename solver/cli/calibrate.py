"""``thermobond calibrate peel.csv -o card.toml``: fit an interface card to measured peel strengths."""

from __future__ import annotations

import argparse
import dataclasses
import math
from pathlib import Path

from .. import _mpi
from ..bond.calibration import calibrate_runs
from ..errors import InputError
from ..materials.interfacecard import interface_card_text, load_interface_card
from ..outputs import atomic_write_text
from ..report.adhesionplots import plot_calibration
from .common import EXIT_OK, say

__all__ = ["main"]


def main(args: argparse.Namespace) -> int:
    out = Path(args.output).resolve()
    if out.suffix != ".toml":
        raise InputError("the calibrated card must be a .toml file", key="--output", value=str(out))
    src = Path(args.measurements).resolve()
    start = load_interface_card(args.card) if args.card else None
    res, data = calibrate_runs(src, start, kinetics=args.fit_kinetics)
    card = res.card
    name = args.name or (card.name.replace(" (estimated)", "").replace(" (calibrated)", "") + " (calibrated)")
    fitted = dataclasses.replace(card, name=name, path=out)
    lo, hi = res.toughness_interval
    cal = fitted.calibration
    header = (
        f"Calibrated by `thermobond calibrate` from {src.name} ({len(data)} peel values).\n"
        f"Gamma_int = {fitted.intrinsic_toughness:.4g} J/m^2 (1 sigma {lo:.4g}-{hi:.4g}); "
        f"RMS log error {cal.rms_log_error if cal else 0:.3g}."
    )
    figs = [out.parent / f"{out.stem}_fit.png"]
    if _mpi.rank() == 0:
        atomic_write_text(out, interface_card_text(fitted, header))
        figs = plot_calibration(out.parent, out.stem, res)
    if _mpi.available():  # under mpiexec every rank returns once the card exists (the next step reads it)
        _mpi.world().barrier()
    say(f"{out}: {name}")
    say(f"  Γ_int = {fitted.intrinsic_toughness:.4g} J/m²  (±1σ: {lo:.4g} … {hi:.4g} J/m²)")
    if args.fit_kinetics and cal is not None:
        k = fitted.kinetics
        sd = float(cal.log_sd[1])
        what = f"t_b = {k.time:.4g} s" if k.law == "shift_clock" else f"k0 = {k.prefactor:.4g} 1/s"
        say(f"  {what}  (±1σ: ×/÷ {math.exp(sd):.3g})")
    say("  measured → fitted peel (N/cm), effective toughness:")
    for lab, m, p, g in zip(res.labels, res.measured, res.predicted, res.effective_toughness, strict=True):
        say(f"    {lab:<28} {m / 100:8.3g} → {p / 100:8.3g}   Γ_eff {g:.3g} J/m²")
    say(f"  figure: {figs[0]}")
    return EXIT_OK
