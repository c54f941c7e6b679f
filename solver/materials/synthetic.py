"""Synthetic DMA data generated from a material model (for verification and bundled examples)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .material import ThermoplasticMaterial, Viscoelasticity

__all__ = ["synthetic_dma", "write_pyvisco_csv"]


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
    rng = np.random.default_rng(seed)
    T, f = np.meshgrid(temperatures, frequencies, indexing="ij")
    aT = 10.0 ** np.asarray(visco.shift.log10_aT(T))
    w = 2 * np.pi * f
    E1 = visco.given.storage(w.ravel(), aT.ravel())
    E2 = visco.given.loss(w.ravel(), aT.ravel())
    E1 = E1 * np.exp(noise * rng.standard_normal(E1.shape))
    E2 = E2 * np.exp(noise * rng.standard_normal(E2.shape))
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
    import argparse

    from .cards import load_material

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
