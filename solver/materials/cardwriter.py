"""Writing a thermoplastic material card from a fitted model (TOML text with comments)."""

from __future__ import annotations

import hashlib
import os
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
) -> str:
    """A complete thermoplastic card: fitted Prony series and shift law; thermal, expansion and bulk
    modulus copied from ``template`` (DMA does not measure them)."""
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
    head = (
        f"# Thermoplastic card fitted by thermobond {version} from {src.name} (sha256 {digest[:12]}…).\n"
        f"# Prony series and shift law: fitted [DER]. Thermal, expansion and bulk modulus: copied from\n"
        f"# {template.path.name} (DMA does not measure them) -- replace them with measured values.\n"
        f"# Fit report: [provenance.fit_report]; figure: {figure} next to this card.\n"
    )
    # one Prony term per line (tomli_w would spread each pair over four lines)
    terms = "\n".join(f"    [{t:.8g}, {m:.8g}]," for t, m in zip(p.times, p.moduli, strict=True))
    prony = (
        f'[viscoelastic.prony]\ntime_unit = "s"\nmodulus_unit = "Pa"\n'
        f"terms = [  # [tau, {p.form} modulus]\n{terms}\n]\n\n"
    )
    body = tomli_w.dumps(doc)
    body = body.replace("[viscoelastic.shift]", prony + "[viscoelastic.shift]", 1)
    return head + body


def _plain(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items() if v is not None}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if isinstance(obj, float):
        return float(f"{obj:.8g}")
    return obj
