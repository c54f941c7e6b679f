"""From DMA data to a viscoelastic material: shift factors, shift law, Prony series, fit report."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from ..errors import InputError
from .dma import DMAData
from .mastercurve import LawFit, LawName, fit_shift_law, pairwise_shifts
from .prony import PronySeries
from .pronyfit import ZoneResiduals, fit_prony, log_residuals, reduce_terms, zone_residuals
from .shift import ShiftLaw

__all__ = ["FitOptions", "FitResult", "fit_dma"]


@dataclass(frozen=True)
class FitOptions:
    """Choices of a DMA fit.

    Attributes:
        reference_temperature: T_ref (K); None picks the isotherm nearest the α tan δ peak.
        law: Shift law: ``auto`` (hybrid when there are isotherms below T_ref, else WLF),
            ``wlf``, ``arrhenius``, ``hybrid`` or ``table``.
        tolerance: RMS of ln(model/data) allowed after term reduction (0.05 ≈ 5 %).
        per_decade: Relaxation times per decade before reduction.
        free_long_term: Fit a long-term modulus (a cross-linked solid) instead of M∞ = 0 (a melt).
        shift_law: Known shift law; required for a single-frequency temperature sweep.
    """

    reference_temperature: float | None = None
    law: Literal["auto", "wlf", "arrhenius", "hybrid", "table"] = "auto"
    tolerance: float = 0.05
    per_decade: float = 2.0
    free_long_term: bool = False
    shift_law: ShiftLaw | None = None


@dataclass(frozen=True)
class FitResult:
    """A fitted model and everything needed to judge it."""

    data: DMAData
    options: FitOptions
    shift: ShiftLaw
    shift_points: tuple[np.ndarray, np.ndarray]  # (T, log10 a_T) from the data
    shift_rms: float
    shift_max: float
    prony: PronySeries
    full_terms: int
    omega_r: np.ndarray
    storage: np.ndarray
    loss: np.ndarray
    zones: list[ZoneResiduals] = field(default_factory=list)

    @property
    def reference_temperature(self) -> float:
        return self.shift.reference_temperature

    def rms_log_error(self) -> float:
        r1, r2 = log_residuals(self.prony, self.omega_r, self.storage, self.loss)
        return float(np.sqrt(np.mean(np.concatenate([r1, r2]) ** 2)))

    def report(self) -> dict[str, Any]:
        """The fit report: options, shift-law quality, Prony terms, residuals per zone."""
        return {
            "data": {
                "file": self.data.path.name,
                "kind": self.data.kind,
                "modulus": self.data.modulus,
                "points": self.data.n_points,
                "isotherms": int(np.unique(self.data.temperature).size),
                "temperature_range_degC": [
                    float(self.data.temperature.min() - 273.15),
                    float(self.data.temperature.max() - 273.15),
                ],
                "frequency_range_Hz": [float(self.data.frequency.min()), float(self.data.frequency.max())],
            },
            "reference_temperature_degC": self.reference_temperature - 273.15,
            "shift_law": self.shift.describe(),
            "shift_rms_decades": self.shift_rms,
            "shift_max_decades": self.shift_max,
            "prony_terms_before_reduction": self.full_terms,
            "prony_terms": self.prony.n_terms,
            "tolerance_rms_ln": self.options.tolerance,
            "rms_ln_error": self.rms_log_error(),
            "zones": [vars(z) for z in self.zones],
        }


def _alpha_peak_isotherm(data: DMAData) -> float:
    """Isotherm temperature with the largest tan δ at the frequency nearest 1 Hz, among the
    first local maximum in T (the α peak, not the terminal rise of a melt)."""
    temps, td = [], []
    for iso in data.isotherms():
        k = int(np.argmin(np.abs(np.log(iso.frequency))))
        temps.append(iso.temperature)
        td.append(iso.loss[k] / iso.storage[k])
    td_a = np.array(td)
    for i in range(1, len(td_a) - 1):
        if td_a[i] >= td_a[i - 1] and td_a[i] >= td_a[i + 1]:
            return float(temps[i])
    return float(temps[int(np.argmax(td_a))])


def fit_dma(data: DMAData, options: FitOptions = FitOptions()) -> FitResult:
    """Fit shift law and Prony series to DMA data (see :class:`FitOptions`).

    Raises:
        InputError: A temperature sweep without a shift law (docs/theory/viscoelasticity.md), isotherms that do
            not overlap, or a reference temperature the chosen law cannot use.
    """
    form: Literal["tensile", "shear"] = "tensile" if data.modulus == "E" else "shear"
    if data.kind == "temperature_sweep":
        if options.shift_law is None:
            raise InputError(
                "a single-frequency temperature sweep cannot separate the relaxation spectrum from the shift factors; "
                "give a shift law (--shift-from CARD, or --wlf C1 C2 with --reference-temperature), "
                "or measure frequency sweeps at several temperatures",
                file=data.path,
            )
        law = options.shift_law
        Tu = np.unique(data.temperature)
        log_a = np.asarray(law.log10_aT(Tu))
        lf = LawFit(law, Tu, log_a, 0.0, 0.0)
    else:
        isos = data.isotherms()
        temps = np.array([i.temperature for i in isos])
        rel = pairwise_shifts(isos)
        Tref = (
            options.reference_temperature if options.reference_temperature is not None else _alpha_peak_isotherm(data)
        )
        if options.shift_law is not None:
            law = options.shift_law
            c = float(np.mean(rel - np.asarray(law.log10_aT(temps))))
            resid = rel - c - np.asarray(law.log10_aT(temps))
            lf = LawFit(law, temps, rel - c, float(np.sqrt(np.mean(resid**2))), float(np.abs(resid).max()))
        else:
            name: LawName
            if options.law == "auto":
                name = "hybrid" if (temps < Tref).sum() >= 1 and (temps >= Tref).sum() >= 2 else "wlf"
            else:
                name = options.law
            lf = fit_shift_law(temps, rel, Tref, name)
    aT_pts = dict(zip(lf.temperatures.tolist(), lf.log_aT.tolist(), strict=True))
    log_a = np.array([aT_pts[t] for t in data.temperature.tolist()])
    omega_r = 2 * math.pi * data.frequency * 10.0**log_a
    full = fit_prony(
        omega_r,
        data.storage,
        data.loss,
        per_decade=options.per_decade,
        free_long_term=options.free_long_term,
        form=form,
    )
    reduced = reduce_terms(full, omega_r, data.storage, data.loss, options.tolerance)
    return FitResult(
        data=data,
        options=options,
        shift=lf.law,
        shift_points=(lf.temperatures, lf.log_aT),
        shift_rms=lf.rms,
        shift_max=lf.max_abs,
        prony=reduced,
        full_terms=full.n_terms,
        omega_r=omega_r,
        storage=data.storage,
        loss=data.loss,
        zones=zone_residuals(reduced, omega_r, data.storage, data.loss),
    )
