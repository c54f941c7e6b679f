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

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import tomli_w

from ..errors import InputError
from ..schema import Section, load_toml
from .healing import BondKinetics

__all__ = ["Calibration", "InterfaceCard", "load_interface_card", "write_interface_card"]


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


def load_interface_card(path: str | Path) -> InterfaceCard:
    """Read and validate an interface card.

    Raises:
        InputError: Missing file, bad TOML, or a key out of range (file, key, value, range named).
    """
    p = Path(path).resolve()
    top = Section(load_toml(p), p)
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


def write_interface_card(card: InterfaceCard, path: Path, header: str = "") -> str:
    """The card as TOML text (also written to ``path`` atomically); quantities with units."""
    from ..outputs import atomic_write_text

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
    text = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines()) + tomli_w.dumps(doc)
    atomic_write_text(Path(path), text)
    return text
