"""Intimate contact of a rectangular TPI asperity: the interface cell against Lee & Springer (1987).

Lee & Springer (J. Compos. Mater. 21 (1987) 1017; Mazumdar, Composites Manufacturing, 2002, §7.4):
D_ic = (1/w*) [1 + 5 w* (a0/b0)² ∫ P/μ dt]^{1/5}, the constant-volume plane Stefan squeeze of a
rectangular asperity between no-slip walls. The cell squeezes half a rib (a0/b0 = 0.1) of a
Newtonian TPI (one Maxwell branch of 0.1 ms, η = 1e5 Pa s at 250 °C) onto a flat surface it wets
without slip (``tests/squeeze.py``), at constant or ramped temperature and constant pressure:

A. three periods, w* = 10/3, 2.2, 1.6, so that together they cover D_ic = 0.3 → 0.9 (each run
   spreads the rib to 1.6× its width, a/a0 → 0.62, where the Lagrangian mesh's front still holds);
B. pressure × viscosity over two decades of P/η: one curve against ∫ P/η dt;
C. non-isothermal ramps (heating and cooling, η(T) by the card's WLF shift) against the closed form
   with ∫ P/η(T(t)) dt.

The degree of contact is measured twice: by the squeeze (the rectangle of the rib's volume at its
current height, (a0/a)/w*: what Lee–Springer's formula states; also the plane constant-volume
Stefan squeeze h(t)) and by the wetted width (the bonded fraction of the surface). Both must be
within 5 % of the closed form over 0.3 ≤ D_ic ≤ 0.9. Writes benchmarks/results/lee_springer.json;
exits 1 outside tolerance. Run:
    .venv/bin/python benchmarks/verification/lee_springer.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from mpi4py import MPI

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks.common import check, write_result
from tests.squeeze import T_REF, Squeeze, newtonian, squeeze

TOLERANCE = 0.05
END_HEIGHT = 0.62  # a/a0 at the end of each run
# temperature offsets (K) from 250 °C that shift η by ×10 and ×0.1 (WLF, C1 = 17.44, C2 = 51.6 K)
COLDER = -51.6 / 18.44
HOTTER = 51.6 / 16.44


def errors(r: Squeeze) -> dict[str, Any]:
    ref = r.reference()
    window = (ref >= 0.3) & (ref <= 0.9)
    e_s = r.squeeze / ref - 1
    e_w = r.wetted / ref - 1
    return {
        "w_star": r.w_star,
        "points": int(window.sum()),
        "D_range": [float(ref.min()), float(ref.max())],
        "final_height_ratio": float(r.height[-1]),
        "max_error_squeeze": float(np.abs(e_s[window]).max()) if window.any() else None,
        "max_error_wetted": float(np.abs(e_w[window]).max()) if window.any() else None,
        "I": r.I.tolist(),
        "D_lee_springer": ref.tolist(),
        "D_squeeze": r.squeeze.tolist(),
        "D_wetted": r.wetted.tolist(),
    }


def main() -> int:
    comm = MPI.COMM_WORLD
    with tempfile.TemporaryDirectory() as d:
        folder = Path(comm.bcast(d if comm.rank == 0 else None, root=0))
        mat = newtonian(folder / "newtonian.toml", comm)
    started = time.perf_counter()
    out: dict[str, Any] = {"tolerance": TOLERANCE, "aspect_a0_over_b0": 0.1}
    runs: dict[str, Squeeze] = {}
    for ws, end in ((10 / 3, END_HEIGHT), (2.2, END_HEIGHT), (1.6, 1 / (0.95 * 1.6))):
        runs[f"geometry_w{ws:.2f}"] = squeeze(comm, mat, w_star=ws, pressure=1e6, temperature=T_REF, end_height=end)
    for P, dT, label in ((0.2e6, 0.0, "P0.2MPa_eta1"), (2e6, COLDER, "P2MPa_eta10"), (2e6, HOTTER, "P2MPa_eta0.1")):
        runs[f"collapse_{label}"] = squeeze(
            comm, mat, w_star=10 / 3, pressure=P, temperature=T_REF + dT, end_height=END_HEIGHT
        )
    # ramps over about the isothermal run's duration at η(250 °C) ~ 4 s at 1 MPa
    span = 4.0
    ramps = {
        "ramp_heating": lambda t: T_REF + COLDER + (HOTTER - COLDER) * min(t / span, 1.0),
        "ramp_cooling": lambda t: T_REF + HOTTER + (COLDER - HOTTER) * min(t / span, 1.0),
    }
    for label, T in ramps.items():
        runs[label] = squeeze(comm, mat, w_star=10 / 3, pressure=1e6, temperature=T, end_height=END_HEIGHT)
    results = {k: errors(r) for k, r in runs.items()}
    # B: the three pressure × viscosity curves against each other at common I
    coll = [runs[k] for k in runs if k.startswith("collapse_")]
    I_lo = max(r.I[0] for r in coll)
    I_hi = min(r.I[-1] for r in coll)
    grid = np.geomspace(max(I_lo, 1e-3), I_hi, 50)
    curves = np.array([np.interp(grid, r.I, r.squeeze) for r in coll])
    spread = float(np.max(np.ptp(curves, axis=0) / curves.mean(axis=0)))
    worst = max(max(v["max_error_squeeze"] or 0.0, v["max_error_wetted"] or 0.0) for v in results.values())
    covered = [
        min(v["D_range"][0] for v in results.values() if v["D_range"]),
        max(v["D_range"][1] for v in results.values() if v["D_range"]),
    ]
    out.update(
        runs=results,
        collapse_spread=spread,
        worst_error=worst,
        D_covered=covered,
        wall_time_s=time.perf_counter() - started,
        mpi_size=comm.size,
    )
    ok = worst <= TOLERANCE and spread <= TOLERANCE and covered[0] <= 0.3 + 1e-3 and covered[1] >= 0.9 - 1e-3
    code = 0
    if comm.rank == 0:
        checks = [
            check(
                "squeeze and wetted length against the closed form, worst of every run",
                f"{100 * worst:.2f} %",
                "Lee & Springer closed form",
                f"≤ {100 * TOLERANCE:g} %",
                worst <= TOLERANCE,
            ),
            check(
                "spread of D_ic(∫P/η dt) over pressure × viscosity",
                f"{100 * spread:.2f} %",
                "one curve",
                f"≤ {100 * TOLERANCE:g} %",
                spread <= TOLERANCE,
            ),
            check("D_ic covered", f"{covered[0]:.3f} … {covered[1]:.3f}", "0.3 … 0.9", "covers", ok),
        ]
        code = write_result("lee_springer", out, checks)
        for k, v in results.items():
            print(
                f"{k:24s} D {v['D_range']}  squeeze {100 * v['max_error_squeeze']:.2f} %  "
                f"wetted {100 * v['max_error_wetted']:.2f} %  a/a0 → {v['final_height_ratio']:.3f}"
            )
        print(f"collapse spread {100 * spread:.2f} %, covered D {covered}, worst {100 * worst:.2f} %")
    return int(comm.bcast(code, root=0))


if __name__ == "__main__":
    raise SystemExit(main())
