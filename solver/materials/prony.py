"""Generalized Maxwell (Prony) series (docs/theory/viscoelasticity.md).

M(t) = M∞ + Σ M_i exp(−t/τ_i), in shear (G) or tensile (E) form. Dynamic moduli, viscosity and
the creep compliance follow exactly from the series: the compliance is found from the zeros of
the Laplace-domain modulus (one between each pair of relaxation times), so no numerical
inversion is involved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import brentq

__all__ = ["PronySeries", "RetardationSpectrum"]

Form = Literal["shear", "tensile"]


@dataclass(frozen=True)
class RetardationSpectrum:
    """Creep compliance J(t) = J_g + Σ J_k (1 − exp(−t/λ_k)) + t/η (1/Pa).

    ``fluidity`` is 1/η (zero for a solid with M∞ > 0).
    """

    glassy: float
    compliances: np.ndarray
    times: np.ndarray
    fluidity: float

    def __call__(self, t: ArrayLike) -> np.ndarray:
        t = np.asarray(t, dtype=float)
        out = self.glassy + self.fluidity * t
        if self.times.size:
            out = out + np.sum(self.compliances * -np.expm1(-t[..., None] / self.times), axis=-1)
        return out


@dataclass(frozen=True)
class PronySeries:
    """A Prony series of relaxation moduli at the reference temperature.

    Args:
        moduli: M_i (Pa), non-negative.
        times: τ_i (s), positive and distinct.
        long_term: M∞ (Pa), zero for a melt (the claim's terminal zone needs M∞ = 0, see docs/theory/claims.md).
        form: ``"shear"`` (G) or ``"tensile"`` (E).
    """

    moduli: np.ndarray
    times: np.ndarray
    long_term: float = 0.0
    form: Form = "shear"
    _order: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        m = np.atleast_1d(np.asarray(self.moduli, dtype=float))
        t = np.atleast_1d(np.asarray(self.times, dtype=float))
        if m.shape != t.shape or m.ndim != 1 or m.size == 0:
            raise ValueError("Prony moduli and times must be 1-D arrays of the same, non-zero length")
        if np.any(m < 0) or not np.all(np.isfinite(m)):
            raise ValueError("Prony moduli must be finite and non-negative")
        if np.any(t <= 0) or not np.all(np.isfinite(t)):
            raise ValueError("Prony relaxation times must be finite and positive")
        if np.unique(t).size != t.size:
            raise ValueError("Prony relaxation times must be distinct")
        if self.long_term < 0:
            raise ValueError("long-term modulus must be non-negative")
        if self.form not in ("shear", "tensile"):
            raise ValueError(f"form must be 'shear' or 'tensile', not {self.form!r}")
        order = np.argsort(t)
        object.__setattr__(self, "moduli", m[order])
        object.__setattr__(self, "times", t[order])
        m.setflags(write=False)
        t.setflags(write=False)

    # --- basic functions -------------------------------------------------------------------
    @property
    def instantaneous(self) -> float:
        """M0 = M∞ + Σ M_i (Pa)."""
        return float(self.long_term + self.moduli.sum())

    @property
    def n_terms(self) -> int:
        return int(self.moduli.size)

    def relaxation(self, t: ArrayLike, aT: ArrayLike = 1.0) -> np.ndarray:
        """M(t) at shift factor a_T (t in s): M∞ + Σ M_i exp(−t/(a_T τ_i))."""
        t = np.asarray(t, dtype=float)
        tau = np.asarray(aT, dtype=float)[..., None] * self.times
        return self.long_term + np.sum(self.moduli * np.exp(-t[..., None] / tau), axis=-1)

    def storage(self, omega: ArrayLike, aT: ArrayLike = 1.0) -> np.ndarray:
        """M′(ω) (Pa) at angular frequency ω (rad/s) and shift factor a_T."""
        wt = np.asarray(omega, dtype=float)[..., None] * np.asarray(aT, dtype=float)[..., None] * self.times
        return self.long_term + np.sum(self.moduli * wt**2 / (1.0 + wt**2), axis=-1)

    def loss(self, omega: ArrayLike, aT: ArrayLike = 1.0) -> np.ndarray:
        """M″(ω) (Pa)."""
        wt = np.asarray(omega, dtype=float)[..., None] * np.asarray(aT, dtype=float)[..., None] * self.times
        return np.sum(self.moduli * wt / (1.0 + wt**2), axis=-1)

    def tan_delta(self, omega: ArrayLike, aT: ArrayLike = 1.0) -> np.ndarray:
        return self.loss(omega, aT) / self.storage(omega, aT)

    def complex_modulus(self, omega: ArrayLike, aT: ArrayLike = 1.0) -> np.ndarray:
        return self.storage(omega, aT) + 1j * self.loss(omega, aT)

    def viscosity(self, aT: ArrayLike = 1.0) -> np.ndarray | float:
        """Zero-rate viscosity Σ M_i τ_i a_T (Pa·s); infinite if M∞ > 0.

        For the shear form this is η0. For the tensile form it is the Trouton (elongational)
        viscosity 3η0 of an incompressible melt (η0 ≈ Σ E_i τ_i / 3).
        """
        if self.long_term > 0:
            return np.inf
        return np.asarray(aT, dtype=float) * float(np.dot(self.moduli, self.times))

    def shear_viscosity(self, aT: ArrayLike = 1.0) -> np.ndarray | float:
        """η0 (Pa·s): Σ G_i τ_i, or Σ E_i τ_i / 3 for a tensile series (incompressible melt)."""
        eta = self.viscosity(aT)
        return eta if self.form == "shear" else eta / 3.0

    # --- creep ------------------------------------------------------------------------------
    def _m(self, s: float) -> float:
        """s·M̂(s) = M∞ + Σ M_i sτ_i/(1 + sτ_i) (the Laplace-domain modulus times s)."""
        return float(self.long_term + np.sum(self.moduli * s * self.times / (1.0 + s * self.times)))

    def _dm(self, s: float) -> float:
        return float(np.sum(self.moduli * self.times / (1.0 + s * self.times) ** 2))

    def _level_roots(self, level: float) -> np.ndarray:
        """Real roots s < 0 of s·M̂(s) = level.

        s·M̂ increases between its poles −1/τ_i: from M0 at −∞ to +∞ below −1/τ_1, from −∞ to +∞
        in each gap, and from −∞ to M∞ above −1/τ_N. So there is exactly one root per gap, one
        below −1/τ_1 if level > M0, and one above −1/τ_N if level < M∞. Each is found by Brent's
        method in ln(−s).
        """
        active = self.moduli > 0
        rates = 1.0 / self.times[active]  # descending
        eps = 1e-12
        f = lambda y: self._m(-np.exp(y)) - level  # noqa: E731
        brackets = [(np.log(rates[k + 1]) + eps, np.log(rates[k]) - eps) for k in range(rates.size - 1)]
        if level > self.instantaneous:
            brackets.insert(0, (np.log(rates[0]) + eps, np.log(rates[0]) + 80.0))
        if level < self.long_term:
            brackets.append((np.log(rates[-1]) - 80.0, np.log(rates[-1]) - eps))
        roots = [-float(np.exp(brentq(f, a, b, xtol=1e-14, rtol=1e-14, maxiter=500))) for a, b in brackets]
        return np.array(roots)

    def retardation(self) -> RetardationSpectrum:
        """The creep compliance of this series as an exact retardation spectrum.

        Ĵ(s) = 1/(s·m(s)) with m = s·M̂. Its poles are the roots z_k of m(s) = 0, with residues
        1/(z_k m'(z_k)); for M∞ = 0 the pole at s = 0 is double and adds the flow term t/η0.
        """
        z = self._level_roots(0.0)
        res = np.array([1.0 / (zk * self._dm(zk)) for zk in z]) if z.size else np.zeros(0)
        lam = -1.0 / z if z.size else np.zeros(0)
        fluid = 0.0 if self.long_term > 0 else 1.0 / float(np.dot(self.moduli, self.times))
        # strengths J_k (1 − e^{−t/λ_k}) correspond to residues −J_k at z_k
        return RetardationSpectrum(glassy=1.0 / self.instantaneous, compliances=-res, times=lam, fluidity=fluid)

    def creep_compliance(self, t: ArrayLike, aT: float = 1.0) -> np.ndarray:
        """J(t) (1/Pa) at shift factor a_T: J(t/a_T) of the reference spectrum."""
        return self.retardation()(np.asarray(t, dtype=float) / aT)

    # --- conversions ------------------------------------------------------------------------
    def scaled(self, factor: float) -> PronySeries:
        return PronySeries(self.moduli * factor, self.times, self.long_term * factor, self.form)

    def to_shear(self, bulk_modulus: float | None = None, poissons_ratio: float | None = None) -> PronySeries:
        """Shear series G(t) of a tensile series E(t), with a constant bulk modulus or Poisson ratio.

        With constant ν: G_i = E_i / (2(1 + ν)). With a constant bulk modulus K the conversion is
        exact: G* = 3K E*/(9K − E*) is again a Prony series with as many terms, whose rates are the
        roots of s·Ê(s) = 9K (slightly faster than the tensile ones) — no fitting involved.
        """
        if self.form == "shear":
            return self
        if (bulk_modulus is None) == (poissons_ratio is None):
            raise ValueError("give exactly one of bulk_modulus or poissons_ratio")
        if poissons_ratio is not None:
            if not -1.0 < poissons_ratio < 0.5:
                raise ValueError("Poisson's ratio must be in (−1, 0.5)")
            return PronySeries(
                self.moduli / (2 * (1 + poissons_ratio)),
                self.times,
                self.long_term / (2 * (1 + poissons_ratio)),
                "shear",
            )
        K = float(bulk_modulus)  # type: ignore[arg-type]
        if not 9 * K > self.instantaneous:
            raise ValueError("bulk modulus too small for this tensile series (ν would exceed 0.5)")
        # exact: s·Ĝ = 3K m/(9K − m); poles where m(p_k) = 9K, residues G_k = −27K²/(p_k m'(p_k))
        p = self._level_roots(9 * K)
        Gk = np.array([-27 * K**2 / (pk * self._dm(pk)) for pk in p])
        Ginf = 3 * K * self.long_term / (9 * K - self.long_term)
        return PronySeries(Gk, -1.0 / p, Ginf, "shear")
