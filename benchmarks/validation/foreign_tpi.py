"""A "foreign" TPI: synthetic DMA frequency sweeps of a material unlike the bundled reference TPI.

The data are SYNTHETIC. They come from :data:`FOREIGN_TPI`, a continuous relaxation spectrum (four
Havriliak–Negami processes, so no Prony series reproduces it exactly) on a hybrid WLF/Arrhenius shift
whose constants, reference and switch temperatures differ from the reference card's:

* α relaxation: ΔE = 2.4 GPa, τ = 0.02 s, a = 0.9, b = 0.8 (a broad, slightly asymmetric glass
  transition);
* a secondary relaxation 0.3 GPa strong, τ = 4e-5 s (Debye): at 1 Hz it shows as a small tan δ
  ripple about 30 K below the α peak — the trap for a "first local maximum" Tg;
* a broad low-temperature relaxation, 0.3 GPa, τ = 1e-9 s, a = 0.5 (Cole–Cole), which keeps tan δ of
  the glass near 0.005 instead of vanishing;
* terminal flow: ΔE = 2 MPa (the rubbery plateau), τ = 1e6 s, Cole–Davidson b = 0.6;
* shift: WLF C1 = 12.5, C2 = 70 K at 255 °C above 248 °C, Arrhenius 550 kJ/mol below.

At 1 Hz its α tan δ peak is at about 259 °C, the ripple at about 229 °C, and E′ drops below 1e6 Pa
near 331 °C. Isotherms 210–350 °C (5 K steps through the transition), 0.04–40 Hz at five frequencies
per decade, 1.5 % log-normal noise on E′ and E″, fixed seed.

Regenerate the bundled file (byte for byte):
    .venv/bin/python benchmarks/validation/foreign_tpi.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from thermobond.materials.shift import WLF, HybridShift
from thermobond.materials.synthetic import HavriliakNegami, SpectrumModel, spectrum_dma, write_pyvisco_csv

__all__ = ["FOREIGN_DMA", "FOREIGN_TPI", "FREQUENCIES_HZ", "TEMPERATURES_C", "write_foreign_dma"]

C = 273.15
FOREIGN_TPI = SpectrumModel(
    processes=(
        HavriliakNegami(2.0e6, 1.0e6, a=1.0, b=0.6),  # terminal flow from the rubbery plateau
        HavriliakNegami(2.4e9, 0.02, a=0.9, b=0.8),  # α (glass transition)
        HavriliakNegami(0.3e9, 4.0e-5),  # secondary relaxation: the sub-Tg tan δ ripple
        HavriliakNegami(0.3e9, 1.0e-9, a=0.5),  # broad low-temperature relaxation: the loss of the glass
    ),
    shift=HybridShift(WLF(12.5, 70.0, 255.0 + C), 550e3, 248.0 + C),
)
TEMPERATURES_C = (210, 220, 225, 230, 235, 240, 245, 250, 255, 260, 265, 270, 280, 290, 300, 315, 330, 350)
FREQUENCIES_HZ = tuple(float(f) for f in np.logspace(-1.4, 1.6, 16))  # 0.04–40 Hz, 1 Hz among them
NOISE = 0.015
SEED = 20261215
FOREIGN_DMA = Path(__file__).resolve().parent / "data" / "tpi_foreign_dma.csv"


def write_foreign_dma(path: Path = FOREIGN_DMA) -> Path:
    """Write the foreign TPI's synthetic DMA file (pyvisco layout) and return its path."""
    temps = np.array(TEMPERATURES_C, float) + C
    f, T, E1, E2 = spectrum_dma(FOREIGN_TPI, temps, np.array(FREQUENCIES_HZ), noise=NOISE, seed=SEED)
    comment = (
        "SYNTHETIC DMA frequency sweeps of a 'foreign' TPI (not a measurement): four Havriliak-Negami\n"
        "processes on a hybrid WLF/Arrhenius shift, see benchmarks/validation/foreign_tpi.py.\n"
        f"{len(temps)} isotherms {TEMPERATURES_C[0]}-{TEMPERATURES_C[-1]} degC, {len(FREQUENCIES_HZ)} frequencies "
        f"0.04-40 Hz, log-normal noise {NOISE:g}, seed {SEED}.\n"
        "Regenerate: .venv/bin/python benchmarks/validation/foreign_tpi.py"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    write_pyvisco_csv(path, f, T, E1, E2, comment=comment)
    return path


if __name__ == "__main__":
    print(f"wrote {write_foreign_dma()}")
