"""A TPI material card from DMA data in one call: what ``thermobond material fit`` does.

:func:`fit_card` reads (or takes) the data, fits shift law and Prony series, finds Tg of the fit,
writes the card text, reads that text back as thermobond will (so a card it produces is a card it
accepts), and decides the E′ claim on the card as read back. The caller writes the text and draws
the figure (``thermobond.report.materialplots.plot_fitted_card``).
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._version import __version__
from ..errors import InputError
from .cards import read_material
from .cardwriter import fitted_card_text
from .claims import StorageModulusClaim, claim_minimum_storage_modulus
from .dma import DMAData, read_dma
from .fitting import FitOptions, FitResult, fit_dma
from .material import GlassTransition, Material, ThermoplasticMaterial, Viscoelasticity
from .transition import model_glass_transition

__all__ = ["FittedCard", "fit_card"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FittedCard:
    """A fitted TPI card and everything said about it.

    Attributes:
        fit: The fit (data, law, series, per-isotherm errors).
        material: The card as thermobond reads it back from ``text``.
        text: The card (TOML).
        glass_transition: Tg written into the card, with its definition.
        claim: Seed 000 claim 1 decided on the card.
        card_path: Where the card is meant to be written (paths inside are relative to it).
    """

    fit: FitResult
    material: ThermoplasticMaterial
    text: str
    glass_transition: GlassTransition
    claim: StorageModulusClaim
    card_path: Path

    @property
    def viscoelastic(self) -> Viscoelasticity:
        """The card's viscoelastic model (data range included)."""
        return self.material.viscoelastic

    def report(self) -> dict[str, Any]:
        """The fit report with Tg and the claim."""
        return {
            **self.fit.report(),
            "glass_transition_degC": self.glass_transition.celsius,
            "glass_transition_definition": self.glass_transition.definition,
            "claim_000_1": self.claim.as_dict(),
        }


def fit_card(
    dma: str | Path | DMAData,
    options: FitOptions,
    template: Material | ThermoplasticMaterial,
    *,
    name: str | None = None,
    glass_transition: GlassTransition | None = None,
    card_path: str | Path | None = None,
    version: str | None = None,
) -> FittedCard:
    """Fit a thermoplastic card to DMA data.

    Args:
        dma: A DMA file (layouts in ``thermobond.materials.dma``) or data already read.
        options: Fit choices.
        template: A thermoplastic card giving thermal, expansion and bulk-modulus data.
        name: Material name (default: "TPI fitted from <file>").
        glass_transition: Tg to write; default the fit's own α tan δ peak at 1 Hz (its E″ peak
            when tan δ has no peak) over the data's temperature range.
        card_path: Where the card will be written; default ``<data file stem>_fitted.toml`` next to
            the data.
        version: thermobond version written into the card (default: the installed one).

    Raises:
        InputError: Bad data or options (see :func:`~thermobond.materials.fitting.fit_dma`), or a
            template that is not a thermoplastic card.
    """

    data = dma if isinstance(dma, DMAData) else read_dma(dma)
    if not isinstance(template, ThermoplasticMaterial):
        raise InputError(
            "the template card must be a thermoplastic card with expansion data", file=template.path, key="kind"
        )
    path = Path(card_path) if card_path is not None else data.path.with_name(f"{data.path.stem}_fitted.toml")
    fit = fit_dma(data, options)
    K = template.viscoelastic.bulk_modulus
    given = fit.prony
    visco = Viscoelasticity(
        shear=given.to_shear(bulk_modulus=K) if given.form == "tensile" else given,
        bulk_modulus=K,
        shift=fit.shift,
        given=given,
        data_range=fit.data_range,
    )
    tg = glass_transition if glass_transition is not None else model_glass_transition(visco, 1.0)
    if fit.alpha_peak_data is not None:
        log.info("%s; the data's α tan δ peak at 1 Hz is at %.1f °C", tg.describe(), fit.alpha_peak_data - 273.15)
    else:
        log.info("%s", tg.describe())
    claim = claim_minimum_storage_modulus(visco, tg)
    log.info("E′ claim: %s", claim.describe())
    verdict = {True: "met", False: "not met", None: "undecided"}[claim.verdict]
    text = fitted_card_text(
        fit,
        template,
        name=name or f"TPI fitted from {data.path.name}",
        glass_transition=tg.value,
        tg_source=tg.definition,
        version=version or __version__,
        card_path=path,
        claim_summary=f"{verdict} at {claim.frequency:g} Hz (seed 000 claim 1; Tg {tg.celsius:.1f} °C, "
        f"{tg.definition}): {claim.reason}.",
    )
    material = read_material(tomllib.loads(text), path)
    if not isinstance(material, ThermoplasticMaterial):
        raise ValueError("the fitted card is not a thermoplastic card")
    # the card rounds Tg and the series: decide the claim on what the card says
    read_tg = GlassTransition(material.glass_transition.value, tg.definition)
    claim = claim_minimum_storage_modulus(material.viscoelastic, read_tg)
    return FittedCard(fit=fit, material=material, text=text, glass_transition=read_tg, claim=claim, card_path=path)
