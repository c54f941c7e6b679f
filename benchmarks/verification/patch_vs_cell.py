"""The 3-D TPI patch against the 2-D interface cell on an extruded profile (issue 21's 1 % check).

A patch of the wavy profile h = Δ cos(2πx/λ), extruded along y, is a plane problem: the 3-D TPI
patch (``thermobond.simulation.tpipatch``: the 3-D law, mixed Q2/DPC1, periodic sides, penalty contact
at the current position) and the 2-D interface cell (``thermobond.simulation.cell``: the plane law,
the same mixed form) should fill its valleys at the same rate. The TPI is the Newtonian fluid of the
Lee–Springer benchmark (one Maxwell branch of 0.1 ms, η = 1e5 Pa s at 250 °C, ``tests/squeeze.py``),
2 µm thick under a 25 µm Kapton HN core, pressed at 1 MPa and 250 °C onto λ = 10 µm, Δ = 0.2 µm; the
same Q2 elements in both (96 along λ in the patch, 48 along the cell, which is half a period between
mirror planes at a peak and a valley), 8 through the TPI, the same time steps (0.1 ms growing by 1.3×
per step), no bonding. The contact fraction of each is measured its own way (both locate the edge
between the nodes from the contact pressure); the two estimates converge to each other as the nodes
get closer (with 32 and 64 elements along λ the fractions differed by up to 11 % and 1.2 %).
Criteria at every step: the mean gap (the volume still to fill over the area: how far the flow has
got, a smooth measure) within 1 % of the initial gap Δ; the contact fraction within 1 % once it
exceeds 0.2 (the issue's criterion); full contact at the same step. Writes
benchmarks/results/patch_vs_cell.json; exits 1 outside it. Run (about 5 min):
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
ALONG, ROWS = 96, 8
STEPS = [1e-4 * 1.3**k for k in range(24)]  # s: to 0.18 s
TOLERANCE = 0.01
FROM = 0.2  # contact fractions compared from here on (below, a node is a large part of the contact)


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


def run_cell(
    comm: Any, tpi: Any, core: Any, along: int = ALONG, rows: int = ROWS, steps: list[float] = STEPS
) -> tuple[list[float], list[float], int]:
    """Contact fraction and mean gap after each step of the 2-D cell, and its DOFs."""
    from thermobond.meshes.surface import sinusoid
    from thermobond.simulation.cell import InterfaceCell

    from tests.verification.test_interface_contact import _spec

    # the cell is half a period (a peak to a valley): half as many elements, the same size
    profile = sinusoid(AMPLITUDE, WAVELENGTH)
    spec = _spec(tpi, THICKNESS, profile, core=core, core_t=CORE, along=along // 2, rows=rows, grading=1.0)
    cell = InterfaceCell(comm, spec, T_REF)  # the profile's own sides: mirror planes at a peak and a valley
    out, gaps, t = [], [], 0.0
    for dt in steps:
        cell.set_state(T_REF, PRESSURE, dt)
        ok, _, reason = cell.solve()
        if not ok:
            raise RuntimeError(f"cell step to {t + dt:.4g} s did not converge ({reason})")
        t += dt
        cell.commit(t)
        f = cell.fractions()
        out.append(f["contact_fraction"])
        gaps.append(f["void_area_m2"] / cell.length)
    return out, gaps, cell.dofs


def run_patch(
    comm: Any, tpi: Any, core: Any, along: int = ALONG, rows: int = ROWS, steps: list[float] = STEPS
) -> tuple[list[float], list[float], int]:
    """Contact fraction and mean gap after each step of the 3-D patch, and its DOFs."""
    from thermobond.simulation.patch import PatchMesh
    from thermobond.simulation.tpipatch import TPIPatch

    mesh = PatchMesh(along, rows, 1.0, elements_y=2)  # uniform, as the cell's below
    patch = TPIPatch(comm, Extruded(), THICKNESS, tpi, T_REF, mesh, core=core, core_thickness_m=CORE)
    out, gaps = [], []
    for dt in steps:
        r = patch.step(dt, T_REF, PRESSURE)
        if r is None:
            raise RuntimeError(f"patch step to {patch.time_s + dt:.4g} s did not converge")
        out.append(r.contact_fraction)
        gaps.append(r.mean_gap_m)
    return out, gaps, patch.dofs


def main() -> int:
    comm = MPI.COMM_WORLD
    from thermobond.materials import load_material

    core = load_material(ROOT / "cases" / "materials" / "kapton_hn.toml")
    with tempfile.TemporaryDirectory() as tmp:
        tpi = newtonian(Path(comm.bcast(tmp if comm.rank == 0 else None, root=0)) / "newtonian.toml", comm)
        t0 = time.perf_counter()
        cell, cell_gap, cell_dofs = run_cell(comm, tpi, core)
        t1 = time.perf_counter()
        patch, patch_gap, patch_dofs = run_patch(comm, tpi, core)
        t2 = time.perf_counter()
    times = np.cumsum(STEPS)
    # the mean gap: the volume still to fill over the area, against the surface's own (Δ for a cosine)
    gap_err = [abs(p - c) / AMPLITUDE for p, c in zip(patch_gap, cell_gap, strict=True)]
    worst_gap = int(np.argmax(gap_err))
    # the criterion: the same contact (bonded) fraction within 1 %, once there is some contact
    frac_err = [abs(p / c - 1) if c >= FROM else 0.0 for p, c in zip(patch, cell, strict=True)]
    worst = int(np.argmax(frac_err))
    full = [
        next((f"{t * 1e3:.0f} ms" for t, v in zip(times, f, strict=True) if v >= 0.999), "-") for f in (patch, cell)
    ]
    checks = [
        check(
            "mean gap (the volume still to fill over the area), 3-D patch vs 2-D cell, every step",
            f"worst {gap_err[worst_gap]:.2%} of Δ at {times[worst_gap] * 1e3:.1f} ms "
            f"({patch_gap[worst_gap] * 1e9:.2f} vs {cell_gap[worst_gap] * 1e9:.2f} nm)",
            f"the 2-D interface cell (plane law, same mixed form); initial gap Δ = {AMPLITUDE * 1e9:.0f} nm",
            "≤ 1 % of Δ",
            gap_err[worst_gap] <= TOLERANCE,
        ),
        check(
            f"contact fraction, 3-D patch vs 2-D cell, every step from a fraction of {FROM}",
            f"worst {frac_err[worst]:.1%} at {times[worst] * 1e3:.1f} ms ({patch[worst]:.3f} vs {cell[worst]:.3f}); "
            f"node spacing {1 / (2 * ALONG):.4f}",
            "the 2-D interface cell (each locates the edge between its nodes its own way)",
            f"≤ {TOLERANCE:.0%}",
            frac_err[worst] <= TOLERANCE,
        ),
        check(
            "time to full contact (fraction ≥ 0.999)",
            f"{full[0]} (patch)",
            f"{full[1]} (cell)",
            "same step",
            full[0] == full[1],
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
        "mean_gap_cell_m": cell_gap,
        "mean_gap_patch_m": patch_gap,
        "dofs": {"cell": cell_dofs, "patch": patch_dofs},
        "wall_time_s": {"cell": t1 - t0, "patch": t2 - t1},
        "mpi_size": comm.size,
    }
    return finish(comm, "patch_vs_cell", data, checks)


if __name__ == "__main__":
    sys.exit(main())
