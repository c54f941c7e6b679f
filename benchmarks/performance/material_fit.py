"""Speed of `thermobond material fit`: 12 isotherms × 30 frequencies, shift + law + Prony + reduction.

Target (issue: materials layer): under 5 s on one core. Run:
    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/performance/material_fit.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from thermobond.materials import load_material
from thermobond.materials.dma import read_dma
from thermobond.materials.fitting import FitOptions, fit_dma
from thermobond.materials.synthetic import synthetic_dma, write_pyvisco_csv

from benchmarks.common import write_result

TARGET_S = 5.0
REPEATS = 3


def main() -> int:
    repo = Path(__file__).resolve().parents[2]
    tpi = load_material(repo / "cases" / "materials" / "tpi_reference.toml").viscoelastic
    temps = np.arange(230.0, 350.0, 10.0) + 273.15  # 12 isotherms
    freqs = np.logspace(-2, 2, 30)  # 30 frequencies
    f, T, E1, E2 = synthetic_dma(tpi, temps, freqs, noise=0.02, seed=7)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "dma.csv"
        write_pyvisco_csv(path, f, T, E1, E2)
        times, fit = [], None
        for _ in range(REPEATS):
            t0 = time.perf_counter()
            fit = fit_dma(read_dma(path), FitOptions(reference_temperature=523.15))
            times.append(time.perf_counter() - t0)
    assert fit is not None
    best = min(times)
    out = write_result(
        "material_fit",
        {
            "points": int(f.size),
            "isotherms": int(temps.size),
            "frequencies": int(freqs.size),
            "wall_time_s": times,
            "best_s": best,
            "target_s": TARGET_S,
            "meets_target": best < TARGET_S,
            "prony_terms": fit.prony.n_terms,
            "prony_terms_before_reduction": fit.full_terms,
            "rms_ln_error": fit.rms_log_error(),
            "shift_rms_decades": fit.shift_rms,
        },
    )
    print(f"material fit: best {best:.2f} s of {REPEATS} (target {TARGET_S} s) → {out}")
    return 0 if best < TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
