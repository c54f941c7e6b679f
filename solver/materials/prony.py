"""Generalized Maxwell (Prony) series (physics.md §2.1).

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
from scipy.optimize import brentq, nnls

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
        long_term: M∞ (Pa), zero for a melt (the claim's terminal zone needs M∞ = 0, §2.3).
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
        viscosity 3η0 of an incompressible melt (physics.md §2.1: η0 ≈ Σ E_i τ_i / 3).
        """
        if self.long_term > 0:
            return np.inf
        return np.asarray(aT, dtype=float) * float(np.dot(self.moduli, self.times))

    def shear_viscosity(self, aT: ArrayLike = 1.0) -> np.ndarray | float:
        """η0 (Pa·s): Σ G_i τ_i, or Σ E_i τ_i / 3 for a tensile series (incompressible melt)."""
        eta = self.viscosity(aT)
        return eta if self.form == "shear" else eta / 3.0

    # --- creep ------------------------------------------------------------------------------
    def retardation(self) -> RetardationSpectrum:
        """The creep compliance of this series as an exact retardation spectrum.

        With s·M̂(s) = M∞ + Σ M_i sτ_i/(1 + sτ_i) =: m(s), Ĵ(s) = 1/(s·m(s)). m is increasing
        between its poles −1/τ_i, so it has one zero in each gap (found with Brent's method on a
        log scale); the residues give the retardation strengths. For M∞ = 0 the pole at s = 0 is
        double and adds the flow term t/η0.
        """
        G, tau, Ginf = self.moduli, self.times, self.long_term

        def m(s: float) -> float:
            return float(Ginf + np.sum(G * s * tau / (1.0 + s * tau)))

        def dm(s: float) -> float:
            return float(np.sum(G * tau / (1.0 + s * tau) ** 2))

        active = G > 0
        G, tau = G[active], tau[active]
        rates = 1.0 / tau  # descending because tau ascends
        zeros: list[float] = []
        eps = 1e-12
        for k in range(len(tau) - 1):
            lo, hi = rates[k + 1], rates[k]  # zero of m at s = −r with r in (lo, hi)
            f = lambda y: m(-np.exp(y))  # noqa: E731
            a, b = np.log(lo) + eps, np.log(hi) - eps
            zeros.append(-float(np.exp(brentq(f, a, b, xtol=1e-14, rtol=1e-14, maxiter=500))))
        if Ginf > 0:
            lo, hi = 0.0, rates[-1]
            f = lambda y: m(-np.exp(y))  # noqa: E731
            a = np.log(hi) - 60.0
            zeros.append(-float(np.exp(brentq(f, a, np.log(hi) - eps, xtol=1e-14, rtol=1e-14, maxiter=500))))
        z = np.array(zeros)
        # J(t) = Σ Res e^{zt}; Res at z_k = 1/(z_k m'(z_k)); J(t) = J(∞ part) − Σ |Res| e^{zt}
        res = np.array([1.0 / (zk * dm(zk)) for zk in z]) if z.size else np.zeros(0)
        lam = -1.0 / z if z.size else np.zeros(0)
        J0 = 1.0 / self.instantaneous
        # strengths J_k (1 − e^{−t/λ}) ⇔ residue −J_k at z_k
        Jk = -res
        if Ginf > 0:
            fluid = 0.0
        else:
            eta = float(np.dot(G, tau))
            fluid = 1.0 / eta
        return RetardationSpectrum(glassy=J0, compliances=Jk, times=lam, fluidity=fluid)

    def creep_compliance(self, t: ArrayLike, aT: float = 1.0) -> np.ndarray:
        """J(t) (1/Pa) at shift factor a_T: J(t/a_T) of the reference spectrum."""
        return self.retardation()(np.asarray(t, dtype=float) / aT)

    # --- conversions ------------------------------------------------------------------------
    def scaled(self, factor: float) -> PronySeries:
        return PronySeries(self.moduli * factor, self.times, self.long_term * factor, self.form)

    def to_shear(self, bulk_modulus: float | None = None, poissons_ratio: float | None = None) -> PronySeries:
        """Shear series G(t) of a tensile series E(t), with a constant bulk modulus or Poisson ratio.

        With constant ν: G_i = E_i / (2(1 + ν)). With a constant bulk modulus K the exact relation
        holds between complex moduli, G* = 3K E* / (9K − E*); G_i are fitted on the same τ_i by
        non-negative least squares on G′ and G″ in relative error, over the whole spectrum.
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
        if not 3 * K > self.instantaneous / 3:
            raise ValueError("bulk modulus too small for this tensile series (ν would exceed 0.5)")
        tau = self.times
        lo, hi = np.log10(tau.min()) - 3, np.log10(tau.max()) + 3
        w = np.logspace(-hi, -lo, 40 * (int(hi - lo) + 1))
        Es = self.complex_modulus(w)
        Gs = 3 * K * Es / (9 * K - Es)
        Ginf = 3 * K * self.long_term / (9 * K - self.long_term)
        wt = w[:, None] * tau
        A = np.vstack([(wt**2 / (1 + wt**2)) / np.abs(Gs)[:, None], (wt / (1 + wt**2)) / np.abs(Gs)[:, None]])
        b = np.concatenate([(Gs.real - Ginf) / np.abs(Gs), Gs.imag / np.abs(Gs)])
        Gi, _ = nnls(A, b, maxiter=50 * tau.size)
        return PronySeries(Gi, tau, Ginf, "shear")
