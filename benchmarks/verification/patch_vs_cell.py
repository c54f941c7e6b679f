"""The 3-D TPI patch against the 2-D interface cell on an extruded profile (issue 21's 1 % check).

A patch of the wavy profile h = Δ cos(2πx/λ), extruded along y, is a plane problem: the 3-D TPI
patch (``thermobond.simulation.tpipatch``: the 3-D law, mixed Q2/DPC1, periodic sides, penalty contact
at the current position) and the 2-D interface cell (``thermobond.simulation.cell``: the plane law,
the same mixed form) should fill its valleys at the same rate. The TPI is the Newtonian fluid of the
Lee–Springer benchmark (one Maxwell branch of 0.1 ms, η = 1e5 Pa s at 250 °C, ``tests/squeeze.py``),
2 µm thick under a 25 µm Kapton HN core, pressed at 1 MPa and 250 °C onto λ = 10 µm, Δ = 0.2 µm; both
models with 32 Q2 elements along λ and 8 through the TPI, the same time steps (0.1 ms growing by 1.3×
per step), no bonding. The contact fraction of each is measured its own way (both locate the edge
between the nodes from the contact pressure). Criterion: the same contact fraction within 1 %
(relative) at every step while the contact grows from 0.2 to 0.9. Writes
benchmarks/results/patch_vs_cell.json; exits 1 outside it. Run (about 2 min):
    .venv/bin/python -m benchmarks.verification.patch_vs_cell
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from mpi4py import MPI

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks.common import check, finish
from tests.squeeze import T_REF, newtonian

ROOT = Path(__file__).resolve().parents[2]
WAVELENGTH, AMPLITUDE, THICKNESS, CORE = 10e-6, 0.2e-6, 2e-6, 25e-6  # m
PRESSURE = 1e6  # Pa
ALONG, ROWS = 32, 8
STEPS = [1e-4 * 1.3**k for k in range(24)]  # s: to 0.18 s
TOLERANCE = 0.01
WINDOW = (0.2, 0.9)


@dataclass(frozen=True)
class Extruded:
    """h = Δ cos(2πx/λ) along x, constant along y (a period of λ/16 in y, two elements)."""

    period_x_m: float = WAVELENGTH
    period_y_m: float = WAVELENGTH / 16

    def height(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return AMPLITUDE * np.cos(2 * np.pi * np.asarray(x) / WAVELENGTH) + 0.0 * np.asarray(y)

    def ufl_height(self, x: Any, y: Any) -> Any:
        import ufl

        return AMPLITUDE * ufl.cos(2 * np.pi * x / WAVELENGTH)

    def gradient(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        x = np.asarray(x)
        q = 2 * np.pi / WAVELENGTH
        return np.stack([-q * AMPLITUDE * np.sin(q * x), np.zeros_like(x)])


def run_cell(comm: Any, tpi: Any, core: Any) -> tuple[list[float], int]:
    from thermobond.meshes.surface import sinusoid
    from thermobond.simulation.cell import InterfaceCell

    from tests.verification.test_interface_contact import _spec

    spec = _spec(tpi, THICKNESS, sinusoid(AMPLITUDE, WAVELENGTH), core=core, core_t=CORE, along=ALONG, rows=ROWS)
    cell = InterfaceCell(comm, spec, T_REF, sides="periodic")
    out, t = [], 0.0
    for dt in STEPS:
        cell.set_state(T_REF, PRESSURE, dt)
        ok, _, reason = cell.solve()
        if not ok:
            raise RuntimeError(f"cell step to {t + dt:.4g} s did not converge ({reason})")
        t += dt
        cell.commit(t)
        out.append(cell.fractions()["contact_fraction"])
    return out, cell.dofs


def run_patch(comm: Any, tpi: Any, core: Any) -> tuple[list[float], int]:
    from thermobond.simulation.patch import PatchMesh
    from thermobond.simulation.tpipatch import TPIPatch

    mesh = PatchMesh(ALONG, ROWS, 1.5, elements_y=2)
    patch = TPIPatch(comm, Extruded(), THICKNESS, tpi, T_REF, mesh, core=core, core_thickness_m=CORE)
    out = []
    for dt in STEPS:
        r = patch.step(dt, T_REF, PRESSURE)
        if r is None:
            raise RuntimeError(f"patch step to {patch.time_s + dt:.4g} s did not converge")
        out.append(r.contact_fraction)
    return out, patch.dofs


def main() -> int:
    comm = MPI.COMM_WORLD
    from thermobond.materials import load_material

    core = load_material(ROOT / "cases" / "materials" / "kapton_hn.toml")
    with tempfile.TemporaryDirectory() as tmp:
        tpi = newtonian(Path(comm.bcast(tmp if comm.rank == 0 else None, root=0)) / "newtonian.toml", comm)
        t0 = time.perf_counter()
        cell, cell_dofs = run_cell(comm, tpi, core)
        t1 = time.perf_counter()
        patch, patch_dofs = run_patch(comm, tpi, core)
        t2 = time.perf_counter()
    times = np.cumsum(STEPS)
    rel = [p / c - 1 for p, c in zip(patch, cell, strict=True)]
    inside = [i for i, c in enumerate(cell) if WINDOW[0] <= c <= WINDOW[1]]
    worst = max(inside, key=lambda i: abs(rel[i]))
    checks = [
        check(
            f"contact fraction, 3-D patch vs 2-D cell, while the cell's grows from {WINDOW[0]} to {WINDOW[1]}",
            f"worst {rel[worst]:+.1%} at {times[worst] * 1e3:.1f} ms ({patch[worst]:.3f} vs {cell[worst]:.3f})",
            "the 2-D interface cell (plane law, same mixed form)",
            f"≤ {TOLERANCE:.0%} at every step",
            all(abs(rel[i]) <= TOLERANCE for i in inside),
        ),
        check(
            "time to full contact (fraction ≥ 0.999)",
            next((f"{t * 1e3:.0f} ms (patch)" for t, p in zip(times, patch, strict=True) if p >= 0.999), "not reached"),
            next((f"{t * 1e3:.0f} ms (cell)" for t, c in zip(times, cell, strict=True) if c >= 0.999), "not reached"),
        ),
    ]
    data = {
        "setup": {
            "wavelength_m": WAVELENGTH,
            "amplitude_m": AMPLITUDE,
            "tpi_thickness_m": THICKNESS,
            "core_thickness_m": CORE,
            "pressure_Pa": PRESSURE,
            "temperature_K": T_REF,
            "elements_along": ALONG,
            "elements_through": ROWS,
        },
        "time_s": times.tolist(),
        "contact_fraction_cell": cell,
        "contact_fraction_patch": patch,
        "dofs": {"cell": cell_dofs, "patch": patch_dofs},
        "wall_time_s": {"cell": t1 - t0, "patch": t2 - t1},
        "mpi_size": comm.size,
    }
    return finish(comm, "patch_vs_cell", data, checks)


if __name__ == "__main__":
    sys.exit(main())
