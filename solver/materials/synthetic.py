"""Synthetic DMA data generated from a material model (for verification and bundled examples).

Two kinds of generating model: a material card's own Prony series and shift law
(:func:`synthetic_dma`), and :class:`SpectrumModel`, a sum of Havriliak–Negami relaxation processes
(a continuous relaxation spectrum, so not a Prony series) on a shift law (:func:`spectrum_dma`). Data
fitted by thermobond's Prony fit should come from the second kind when the fit itself is under test.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike

from .cards import load_material
from .material import ThermoplasticMaterial, Viscoelasticity
from .shift import ShiftLaw

__all__ = ["HavriliakNegami", "SpectrumModel", "spectrum_dma", "synthetic_dma", "write_pyvisco_csv"]


def _with_noise(E1: np.ndarray, E2: np.ndarray, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """E′ and E″ each times exp(noise·N(0, 1)), independently (log-normal relative noise)."""
    rng = np.random.default_rng(seed)
    return E1 * np.exp(noise * rng.standard_normal(E1.shape)), E2 * np.exp(noise * rng.standard_normal(E2.shape))


def synthetic_dma(
    visco: Viscoelasticity, temperatures: np.ndarray, frequencies: np.ndarray, *, noise: float = 0.02, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Frequency sweeps of the card's tensile (or given) series with multiplicative noise.

    Args:
        visco: The material's viscoelastic data (the series as given in the card is used).
        temperatures: Isotherm temperatures (K).
        frequencies: Frequencies (Hz).
        noise: Relative standard deviation of log-normal noise on E′ and E″ independently.
        seed: Seed of the random generator.

    Returns:
        (f, T, E′, E″) flattened, isotherm by isotherm (Hz, K, Pa, Pa).
    """
    T, f = np.meshgrid(temperatures, frequencies, indexing="ij")
    aT = 10.0 ** np.asarray(visco.shift.log10_aT(T))
    w = 2 * np.pi * f
    E1 = visco.given.storage(w.ravel(), aT.ravel())
    E2 = visco.given.loss(w.ravel(), aT.ravel())
    E1, E2 = _with_noise(E1, E2, noise, seed)
    return f.ravel(), T.ravel(), E1, E2


@dataclass(frozen=True)
class HavriliakNegami:
    """One relaxation process in modulus form, ΔM·[1 − (1 + (iωτ)^a)^(−b)].

    The Havriliak–Negami function (S. Havriliak, S. Negami, "A complex plane representation of
    dielectric and mechanical relaxation processes in some polymers", Polymer 8 (1967) 161–210):
    a = b = 1 is a single Maxwell element (Debye), b = 1 a symmetric Cole–Cole process, a = 1 an
    asymmetric Cole–Davidson one. The modulus rises from 0 (ω → 0) to ΔM (ω → ∞) with a non-negative
    loss for 0 < a ≤ 1 and 0 < a·b ≤ 1. With a = 1 the process flows at low frequency
    (M′ ∝ ω², M″ ∝ ω), the terminal zone of a melt.

    Args:
        strength: ΔM (Pa).
        time: Relaxation time τ at the reference temperature of the shift law (s).
        a: Breadth exponent, 0 < a ≤ 1.
        b: Asymmetry exponent, 0 < a·b ≤ 1.
    """

    strength: float
    time: float
    a: float = 1.0
    b: float = 1.0

    def __post_init__(self) -> None:
        if not (self.strength > 0 and self.time > 0):
            raise ValueError(f"strength ({self.strength} Pa) and time ({self.time} s) must be positive")
        if not (0 < self.a <= 1 and 0 < self.a * self.b <= 1):
            raise ValueError(f"need 0 < a ≤ 1 and 0 < a·b ≤ 1 (a={self.a}, b={self.b})")

    def __call__(self, omega: ArrayLike) -> np.ndarray:
        """Complex modulus (Pa) at angular frequency ω (rad/s) at the reference temperature."""
        x = (1j * np.asarray(omega, dtype=float) * self.time) ** self.a
        return np.asarray(self.strength * (1.0 - (1.0 + x) ** (-self.b)))


@dataclass(frozen=True)
class SpectrumModel:
    """A thermorheologically simple material with a continuous spectrum: M*(ω, T) = Σ_k P_k(ω a_T(T)).

    Args:
        processes: The relaxation processes; their strengths add up to the glassy modulus (Pa),
            and the long-term modulus is zero (a melt).
        shift: The time–temperature shift law.
        form: ``tensile`` (E) or ``shear`` (G), the modulus the data columns will name.
    """

    processes: tuple[HavriliakNegami, ...]
    shift: ShiftLaw
    form: str = "tensile"

    def complex_modulus(self, omega: ArrayLike, T: ArrayLike) -> np.ndarray:
        """M*(ω, T) (Pa) at angular frequency ω (rad/s) and temperature T (K)."""
        wr = np.asarray(omega, dtype=float) * 10.0 ** np.asarray(self.shift.log10_aT(np.asarray(T, dtype=float)))
        return np.asarray(sum(p(wr) for p in self.processes))


def spectrum_dma(
    model: SpectrumModel, temperatures: np.ndarray, frequencies: np.ndarray, *, noise: float = 0.02, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Frequency sweeps of a :class:`SpectrumModel` with log-normal noise (as :func:`synthetic_dma`).

    Args:
        model: The generating model.
        temperatures: Isotherm temperatures (K).
        frequencies: Frequencies (Hz).
        noise: Relative standard deviation of the noise on E′ and E″, independently.
        seed: Seed of the random generator.

    Returns:
        (f, T, M′, M″) flattened, isotherm by isotherm (Hz, K, Pa, Pa).
    """
    T, f = np.meshgrid(temperatures, frequencies, indexing="ij")
    M = model.complex_modulus(2 * np.pi * f.ravel(), T.ravel())
    E1, E2 = _with_noise(M.real.copy(), M.imag.copy(), noise, seed)
    return f.ravel(), T.ravel(), E1, E2


def write_pyvisco_csv(
    path: Path, f: np.ndarray, T: np.ndarray, E1: np.ndarray, E2: np.ndarray, *, modulus: str = "E", comment: str = ""
) -> None:
    """Write in pyvisco's two-header-row layout (f [Hz], moduli [MPa], T [°C], Set)."""
    sets = np.searchsorted(np.unique(T), T)
    lines = [f"# {line}" for line in comment.splitlines()]
    lines += [f"f,{modulus}_stor,{modulus}_loss,T,Set", "Hz,MPa,MPa,C,-"]
    lines += [
        f"{a:.6g},{b / 1e6:.6g},{c / 1e6:.6g},{t - 273.15:.6g},{s}"
        for a, b, c, t, s in zip(f, E1, E2, T, sets, strict=True)
    ]
    path.write_text("\n".join(lines) + "\n")


# Isotherms of the bundled data set: Tg − 30 K to the flow region, 5 K steps where a_T changes fastest.
REFERENCE_TEMPERATURES_C = (
    220,
    230,
    240,
    245,
    250,
    255,
    260,
    265,
    270,
    275,
    280,
    290,
    300,
    310,
    320,
    330,
    340,
    350,
    360,
)
REFERENCE_FREQUENCIES_HZ = tuple(float(f) for f in np.logspace(-2, 2, 17))  # 0.01–100 Hz, 4 per decade


def main(argv: list[str] | None = None) -> int:
    """``python -m thermobond.materials.synthetic CARD -o OUT.csv``: regenerate a synthetic DMA file."""

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("card", type=Path)
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--noise", type=float, default=0.02)
    ap.add_argument("--seed", type=int, default=20261121)
    a = ap.parse_args(argv)
    m = load_material(a.card)
    if not isinstance(m, ThermoplasticMaterial):
        raise SystemExit(f"{a.card}: not a thermoplastic card")
    temps = np.array(REFERENCE_TEMPERATURES_C, float) + 273.15
    f, T, E1, E2 = synthetic_dma(m.viscoelastic, temps, np.array(REFERENCE_FREQUENCIES_HZ), noise=a.noise, seed=a.seed)
    comment = (
        f"Synthetic DMA frequency sweeps generated from {a.card.name} ({m.name}),\n"
        f"{len(temps)} isotherms {REFERENCE_TEMPERATURES_C[0]}-{REFERENCE_TEMPERATURES_C[-1]} degC, "
        f"{len(REFERENCE_FREQUENCIES_HZ)} frequencies 0.01-100 Hz, log-normal noise {a.noise:g}, seed {a.seed}.\n"
        f"Regenerate: python -m thermobond.materials.synthetic {a.card.name} -o {a.output.name} "
        f"--noise {a.noise:g} --seed {a.seed}"
    )
    write_pyvisco_csv(a.output, f, T, E1, E2, comment=comment)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
