"""Interface cards (TOML): intrinsic toughness and bond-formation kinetics of a metal–polymer interface.

Layout::

    schema_version = 1
    name = "Cu / TPI"
    kind = "interface"
    [toughness]   intrinsic = "200 J/m^2"            (fully developed Γ_int)
    [kinetics]    law = "shift_clock" | "arrhenius",
                  time = "60 s"                       (shift_clock: t_b at the TPI's T_ref)
                  prefactor = "1e6 1/s", activation_energy = "120 kJ/mol"   (arrhenius)
    [cohesive]    strength = "30 MPa"                 (σ_max, for the finite-element peel)
    [calibration] (written by ``thermobond calibrate``) parameters = ["toughness"] or
                  ["toughness", "kinetics"], covariance = [[...]] of their natural logarithms,
                  points, rms_log_error, data (the measured-peel CSV)
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import tomli_w
from numpy.typing import ArrayLike

from ..errors import InputError
from ..schema import Section, load_toml
from .shift import GAS_CONSTANT, ShiftLaw, reduced_time_increments

__all__ = ["BondKinetics", "Calibration", "InterfaceCard", "clock", "interface_card_text", "load_interface_card"]


def _from(t: np.ndarray, T: np.ndarray, start: float) -> tuple[np.ndarray, np.ndarray]:
    """The piecewise-linear history (t, T) cut to begin at ``start``."""
    t = np.asarray(t, float)
    T = np.asarray(T, float)
    k = int(np.searchsorted(t, start, side="right"))
    return np.concatenate([[start], t[k:]]), np.concatenate([[np.interp(start, t, T)], T[k:]])


def clock(t: ArrayLike, T: ArrayLike, shift: ShiftLaw, start: float) -> float:
    """∫_{start}^{t_end} dt′/a_T over a piecewise-linear history (s; Gauss–Legendre per interval)."""
    t, T = np.asarray(t, float), np.asarray(T, float)
    if start >= t[-1]:
        return 0.0
    tt, TT = _from(t, T, start)
    return float(np.sum(reduced_time_increments(tt[:-1], tt[1:], TT[:-1], TT[1:], shift)))


@dataclass(frozen=True)
class BondKinetics:
    """First-order bond-formation kinetics of a metal–TPI interface (an estimate: docs/theory/adhesion.md).

    Attributes:
        law: ``shift_clock`` (rate 1/(t_b a_T), the TPI's own clock) or ``arrhenius``.
        time: t_b, the bond-formation time at the shift law's reference temperature (s) (shift_clock).
        prefactor: k0 (1/s) (arrhenius).
        activation_energy: E_a (J/mol) (arrhenius).
    """

    law: str
    time: float = 60.0
    prefactor: float = 0.0
    activation_energy: float = 0.0

    def integral(self, t: np.ndarray, T: np.ndarray, shift: ShiftLaw | None, start: float) -> float:
        """∫ k dt from ``start`` to the end of the history."""
        if self.law == "shift_clock":
            if shift is None:
                raise ValueError("a shift-clock kinetics needs the TPI's shift law")
            return clock(t, T, shift, start) / self.time
        if start >= t[-1]:
            return 0.0
        tt, TT = _from(t, T, start)
        xg, wg = np.polynomial.legendre.leggauss(8)
        Tq = TT[:-1, None] + np.diff(TT)[:, None] * (0.5 * (xg + 1.0))
        k = self.prefactor * np.exp(-self.activation_energy / (GAS_CONSTANT * Tq))
        return float(np.sum(0.5 * np.diff(tt) * (k @ wg)))


@dataclass(frozen=True)
class Calibration:
    """How a card's parameters were fitted to measured peel strengths.

    Attributes:
        parameters: ``("toughness",)`` or ``("toughness", "kinetics")``.
        covariance: Covariance of the natural logarithms of the parameters (Γ_int, then t_b or k0).
        points: Number of measured values.
        rms_log_error: RMS of ln(P_model/P_measured) at the fit.
        data: The measured-peel file.
    """

    parameters: tuple[str, ...]
    covariance: np.ndarray
    points: int
    rms_log_error: float
    data: str

    @property
    def log_sd(self) -> np.ndarray:
        """Standard deviations of the log parameters."""
        return np.sqrt(np.diag(self.covariance))


@dataclass(frozen=True)
class InterfaceCard:
    """A validated interface card (SI units)."""

    name: str
    path: Path
    intrinsic_toughness: float
    kinetics: BondKinetics
    cohesive_strength: float
    description: str = ""
    calibration: Calibration | None = None

    @property
    def estimated(self) -> bool:
        """True unless the card was calibrated against measurements."""
        return self.calibration is None

    @property
    def log_parameters(self) -> np.ndarray:
        """[ln Γ_int, ln t_b (shift clock) or ln k0 (Arrhenius)]: the parameters a calibration fits."""
        k = self.kinetics
        return np.array(
            [math.log(self.intrinsic_toughness), math.log(k.time if k.law == "shift_clock" else k.prefactor)]
        )

    def with_log_parameters(self, x: np.ndarray) -> InterfaceCard:
        """The card with ln Γ_int = x[0] and, if given, the kinetics' log time (or log prefactor) = x[1]."""
        kin = self.kinetics
        if len(x) > 1:
            if kin.law == "shift_clock":
                kin = dataclasses.replace(kin, time=math.exp(x[1]))
            else:
                kin = dataclasses.replace(kin, prefactor=math.exp(x[1]))
        return dataclasses.replace(self, intrinsic_toughness=math.exp(x[0]), kinetics=kin)

    def scaled(self, toughness: float = 1.0, kinetics: float = 1.0) -> InterfaceCard:
        """The card with Γ_int × ``toughness`` and its kinetics parameter × ``kinetics`` (t_b of a
        shift clock, k0 of an Arrhenius law: the parameters, in the order, of :attr:`log_parameters`
        and of a calibration's covariance), so that a study can vary — and an uncertainty analysis
        scatter — the calibrated parameters about the card's values."""
        if toughness == 1.0 and kinetics == 1.0:
            return self
        return self.with_log_parameters(self.log_parameters + np.log([toughness, kinetics]))


def load_interface_card(path: str | Path) -> InterfaceCard:
    """Read and validate an interface card.

    Keys:
        schema_version: Version of the card layout; 1.
        name: Interface name, shown in outputs.
        kind: ``interface``.
        description: Free text.
        provenance: Any table recording how the card was made; not validated.
        toughness: The interface's toughness (``[toughness]``).
        toughness.intrinsic: Γ_int, the fracture energy of the fully developed bond, per unit of
            true (not projected) bonded area.
        kinetics: How the bond develops with time and temperature (``[kinetics]``).
        kinetics.time: t_b, the bond-formation time at the TPI's reference temperature
            (``law = "shift_clock"``).
        kinetics.prefactor: k0 of the Arrhenius rate k = k0 exp(−E_a/RT) (``law = "arrhenius"``).
        kinetics.activation_energy: E_a of the Arrhenius rate (``law = "arrhenius"``).
        cohesive: The cohesive law of the interface (``[cohesive]``).
        cohesive.strength: σ_max, the cohesive strength: it sets the cohesive zone's stiffness
            under the peel arm, σ_max²/(2Γ).
        calibration: The record of a calibration against measured peels (written by
            ``thermobond calibrate``); a card without it is an estimate.
        calibration.parameters: The fitted parameters, ``["toughness"]`` or ``["toughness", "kinetics"]``.
        calibration.covariance: Covariance of their natural logarithms (symmetric, positive
            semi-definite): it gives the ±1σ of predicted peel strengths.
        calibration.points: Number of measured peel values.
        calibration.rms_log_error: RMS of ln(P_model/P_measured) at the fit.
        calibration.data: The measured-peel CSV the card was fitted to.

    Raises:
        InputError: Missing file, bad TOML, or a key out of range (file, key, value, range named).
    """
    p = Path(path).resolve()
    top = Section(load_toml(p, "interface card"), p)
    top.integer("schema_version", 1, lo=1, hi=1)
    name = top.string("name")
    kind = top.string("kind", choices=("interface",))
    del kind
    description = top.string("description", "")
    top.free_table("provenance")
    tough = top.section("toughness")
    gamma = tough.quantity("intrinsic", "energy_release_rate", lo=0.0, lo_open=True, hi=1e5)
    tough.finish()
    kin = top.section("kinetics")
    law = kin.string("law", choices=("shift_clock", "arrhenius"))
    if law == "shift_clock":
        kinetics = BondKinetics(law, time=kin.quantity("time", "time", lo=0.0, lo_open=True, hi=1e9))
    else:
        kinetics = BondKinetics(
            law,
            prefactor=kin.quantity("prefactor", "frequency", lo=0.0, lo_open=True),
            activation_energy=kin.quantity("activation_energy", "energy_per_mole", lo=0.0, hi=1e6),
        )
    kin.finish()
    coh = top.section("cohesive", required=False)
    sigma = coh.quantity("strength", "stress", 30e6, lo=1e5, hi=1e10)
    coh.finish()
    cal = None
    if top.has("calibration"):
        c = top.section("calibration")
        params = tuple(c.array("parameters"))
        if params not in (("toughness",), ("toughness", "kinetics")):
            raise c.error(
                "parameters", "unknown parameter set", list(params), '["toughness"] or ["toughness", "kinetics"]'
            )
        cov = np.array(c.array("covariance"), dtype=float)
        n = len(params)
        if cov.shape != (n, n) or not np.all(np.isfinite(cov)) or np.any(np.linalg.eigvalsh(0.5 * (cov + cov.T)) < 0):
            raise c.error("covariance", f"must be a symmetric positive semi-definite {n}×{n} matrix", cov.tolist())
        pts = c.integer("points", lo=1)
        rms = c.number("rms_log_error", lo=0.0)
        data = c.string("data", "")
        c.finish()
        cal = Calibration(params, cov, pts, rms, data)
    top.finish()
    if not p.is_file():
        raise InputError("interface card not found", file=p)
    return InterfaceCard(name, p, gamma, kinetics, sigma, description, cal)


def interface_card_text(card: InterfaceCard, header: str = "") -> str:
    """The card as TOML text (quantities with units), with ``header`` as comment lines."""
    kin: dict[str, Any] = {"law": card.kinetics.law}
    if card.kinetics.law == "shift_clock":
        kin["time"] = f"{card.kinetics.time:.6g} s"
    else:
        kin["prefactor"] = f"{card.kinetics.prefactor:.6g} 1/s"
        kin["activation_energy"] = f"{card.kinetics.activation_energy / 1e3:.6g} kJ/mol"
    doc: dict[str, Any] = {
        "schema_version": 1,
        "name": card.name,
        "kind": "interface",
        "description": card.description,
        "toughness": {"intrinsic": f"{card.intrinsic_toughness:.6g} J/m^2"},
        "kinetics": kin,
        "cohesive": {"strength": f"{card.cohesive_strength / 1e6:.6g} MPa"},
    }
    if card.calibration is not None:
        c = card.calibration
        doc["calibration"] = {
            "parameters": list(c.parameters),
            "covariance": [[float(v) for v in row] for row in c.covariance],
            "points": c.points,
            "rms_log_error": c.rms_log_error,
            "data": c.data,
        }
    return "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines()) + tomli_w.dumps(doc)
