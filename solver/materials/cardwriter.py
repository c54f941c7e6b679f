"""Writing a thermoplastic material card from a fitted model (TOML text with comments)."""

from __future__ import annotations

import hashlib
import os
import re
import textwrap
import time
from pathlib import Path
from typing import Any

import tomli_w

from .fitting import FitResult
from .material import ThermoplasticMaterial

__all__ = ["fitted_card_text"]


def _q(value: float, unit: str, fmt: str = ".8g") -> str:
    return f"{value:{fmt}} {unit}"


def _degc(kelvin: float) -> str:
    return f"{kelvin - 273.15:.6g} degC"


def fitted_card_text(
    fit: FitResult,
    template: ThermoplasticMaterial,
    *,
    name: str,
    glass_transition: float,
    tg_source: str,
    version: str,
    card_path: Path,
    claim_summary: str | None = None,
) -> str:
    """A complete thermoplastic card: fitted Prony series and shift law; thermal, expansion and bulk
    modulus copied from ``template`` (DMA does not measure them).

    Args:
        fit: The fit.
        template: Card giving the properties DMA does not measure.
        name: Material name.
        glass_transition: Tg written into the card (K).
        tg_source: Its definition (``"α tan δ peak at 1 Hz"``), written as a comment and in the provenance.
        version: thermobond version.
        card_path: Where the card will be written (paths in it are relative to its folder).
        claim_summary: One line on the E′ claim, written as a comment.
    """
    src = fit.data.path
    figure = f"{card_path.stem}_fit.png"

    def rel(p: Path) -> str:
        return os.path.relpath(Path(p).resolve(), card_path.resolve().parent)

    digest = hashlib.sha256(Path(src).read_bytes()).hexdigest()
    visco = template.viscoelastic
    ex = template.expansion.in_plane
    exp_t: dict[str, Any] = {"alpha": _q(ex.alphas[0] * 1e6, "ppm/K")}
    if ex.breaks:
        exp_t["alpha_rubbery"] = _q(ex.alphas[1] * 1e6, "ppm/K")
        exp_t["transition_temperature"] = _degc(ex.breaks[0])
    p = fit.prony
    lo, hi = fit.data_range
    doc: dict[str, Any] = {
        "schema_version": 1,
        "name": name,
        "kind": "thermoplastic",
        "description": f"Fitted from DMA data {src.name}: {p.n_terms}-term Prony series, {fit.shift.describe()}.",
        "source": f"thermobond material fit {src.name}",
        "thermal": {
            "conductivity": _q(template.thermal.conductivity, "W/(m*K)"),
            "density": _q(template.thermal.density, "kg/m^3"),
            "specific_heat": _q(template.thermal.specific_heat, "J/(kg*K)"),
        },
        "expansion": exp_t,
        "viscoelastic": {
            "form": p.form,
            "glass_transition": _degc(glass_transition),
            "bulk_modulus": _q(visco.bulk_modulus, "Pa"),
            "long_term_modulus": _q(p.long_term, "Pa"),
            "shift": fit.shift.to_table(),
        },
        "provenance": {
            "dma_file": rel(src),
            "dma_sha256": digest,
            "fitted_on": time.strftime("%Y-%m-%d %H:%M:%S"),
            "thermobond_version": version,
            "template_card": rel(template.path),
            "glass_transition_source": tg_source,
            "fit_report": _plain(fit.report()),
        },
    }
    w = fit.worst_isotherm()
    claim = (
        ""
        if not claim_summary
        else textwrap.fill(claim_summary, 100, initial_indent="# E′ claim: ", subsequent_indent="#   ") + "\n"
    )
    head = (
        f"# Thermoplastic card fitted by thermobond {version} from {src.name} (sha256 {digest[:12]}…).\n"
        f"# Prony series and shift law: fitted [DER]; worst isotherm {w.temperature - 273.15:.1f} °C with RMS error\n"
        f"# {100 * w.rms_storage:.1f} % in E′ and {100 * w.rms_loss:.1f} % in E″ "
        f"(tolerance {100 * fit.options.tolerance:.1f} %{'' if fit.tolerance_met else ', NOT MET'}).\n"
        f"# Thermal, expansion and bulk modulus: copied from {template.path.name} (DMA does not measure them)\n"
        f"# -- replace them with measured values.\n"
        + claim
        + f"# Fit report: [provenance.fit_report]; figure: {figure} next to this card.\n"
    )
    # one Prony term per line (tomli_w would spread each pair over four lines)
    terms = "\n".join(f"    [{t:.8g}, {m:.8g}]," for t, m in zip(p.times, p.moduli, strict=True))
    prony = (
        f'[viscoelastic.prony]\ntime_unit = "s"\nmodulus_unit = "Pa"\n'
        f"terms = [  # [tau, {p.form} modulus]\n{terms}\n]\n\n"
    )
    body = _compact_arrays(tomli_w.dumps(doc))
    body = body.replace("[viscoelastic.shift]", prony + "[viscoelastic.shift]", 1)
    tg_line = f'glass_transition = "{_degc(glass_transition)}"'
    data_range = f'data_range = ["{_degc(lo)}", "{_degc(hi)}"]  # the measured isotherms: where this card is valid'
    body = body.replace(tg_line, f"{tg_line}  # {tg_source}\n{data_range}", 1)
    return head + body


_ARRAY = re.compile(r"^(?P<key>[^\n=]+ = )\[\n(?P<items>(?:    [^\[\]\n]+,\n)+)\]$", re.MULTILINE)


def _compact_arrays(text: str) -> str:
    """Arrays of numbers and strings on as few lines as fit in 110 columns (tomli_w writes one item
    per line)."""

    def join(m: re.Match[str]) -> str:
        items = [i.strip().rstrip(",") for i in m.group("items").splitlines()]
        one = f"{m.group('key')}[{', '.join(items)}]"
        if len(one) <= 110:
            return one
        # pack whole items: a string item ("220 degC") must not be split at its space
        lines = [""]
        for item in items:
            if lines[-1] and len(lines[-1]) + len(item) + 2 > 106:
                lines.append("")
            lines[-1] = f"{lines[-1]} {item}," if lines[-1] else f"{item},"
        return m.group("key") + "[\n" + "\n".join(f"    {ln}" for ln in lines) + "\n]"

    return _ARRAY.sub(join, text)


def _plain(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items() if v is not None}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if isinstance(obj, float):
        return float(f"{obj:.8g}")
    return obj
