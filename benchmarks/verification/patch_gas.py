"""Air trapped by the bundled 3-D patch case: the pockets' gas against hydrostatics and equilibrium.

The bundled case ``cases/interface_patch_3d.toml`` (the reference TPI, 4 µm, under its core on the
bisinusoid λ 5 µm, Δ 0.5 µm; 360 °C, 3 MPa, 10 min) with ``[patch.gas] mode = "sealed"`` in air
(p_a = 0.101325 MPa): the contacts growing from the surface's two peaks meet at its saddles and seal
its two valleys, each trapping the air in it (:mod:`thermobond.simulation.patchgas`). By the end of
the hold the melt has come to rest, so it carries the press pressure p̄ to the gas (hydrostatics: its
absolute pressure p_a + p̄), and the load p̄ λ² is carried by the bonds' and contacts' normal forces
and by the gas's gauge pressure over the open area together.

Checks at the end of the hold: two pockets hold gas (the surface's two basins); the gas's absolute
pressure within 1 % of p_a + p̄; the load balance within 1 %; no pocket left vented for want of a gas
slot over the whole run. Reported: the bonded fraction at the end of the hold and at the end (the
case without gas bonds fully: ``patch_case.json``), the void left, the pockets after the release.
Writes ``benchmarks/results/patch_gas.json``. Run on 2 ranks (about 10 minutes):
    .venv/bin/mpiexec -n 2 .venv/bin/python -m benchmarks.verification.patch_gas
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import numpy as np
from mpi4py import MPI

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import thermobond
from thermobond.simulation.interfacemodel import hold_end

from benchmarks.common import check, finish

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "cases" / "interface_patch_3d.toml"
AMBIENT = 0.101325e6  # Pa
TOLERANCE = 0.01


class _Vented(logging.Handler):
    """Counts the patch's warnings that pockets were left vented for want of slots."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += "more than the" in record.getMessage() and "gas slots" in record.getMessage()


def main() -> int:
    comm = MPI.COMM_WORLD
    t0 = time.perf_counter()
    overrides = {"patch.gas.mode": "sealed", "output.plots": False, "output.fields": False}
    case = thermobond.load_case(CASE, **overrides)
    if case.patch is None:
        raise RuntimeError(f"{CASE} lost its [patch] table")
    vented = _Vented()
    logging.getLogger("thermobond").addHandler(vented)
    result = thermobond.run(case, comm=comm)
    if result.patch is None:
        raise RuntimeError("the case did not run the patch")
    h, s = result.patch.history, result.patch.summary
    t = h.column("time_s")
    k = int(np.flatnonzero(t >= hold_end(case.programme) * (1 - 1e-12))[0])
    pressed = float(h.column("pressure_Pa")[k])
    gas = float(h.column("gas_pressure_max_Pa")[k])
    pockets = h.column("sealed_pockets")
    area = float(case.patch.surface.period_x_m * case.patch.surface.period_y_m)
    open_area = (1.0 - float(h.column("contact_fraction_nodes")[k])) * area
    carried = float(h.column("contact_force_N")[k]) + (gas - AMBIENT) * open_area
    balance = carried / (pressed * area) - 1.0
    first = int(np.flatnonzero(pockets > 0)[0]) if (pockets > 0).any() else None
    sealed_at = (float(t[first]), float(h.column("temperature_degC")[first])) if first is not None else None
    n_vented = comm.allreduce(vented.count, op=MPI.MAX)
    checks = [
        check(
            "pockets holding gas at the end of the hold",
            f"{int(pockets[k])}",
            "the surface's two basins",
            "2",
            bool(pockets[k] == 2),
        ),
        check(
            "absolute gas pressure at the end of the hold",
            f"{gas / 1e6:.4f} MPa",
            f"p_a + p̄ = {(AMBIENT + pressed) / 1e6:.4f} MPa (the melt at rest carries the press pressure)",
            f"{TOLERANCE:.0%}",
            bool(abs(gas / (AMBIENT + pressed) - 1) <= TOLERANCE),
        ),
        check(
            "load carried at the end of the hold: bonds and contacts + gauge pressure × open area",
            f"{balance:+.2%} of p̄ λ²",
            "p̄ λ² (equilibrium)",
            f"{TOLERANCE:.0%}",
            bool(abs(balance) <= TOLERANCE),
        ),
        check(
            "warnings that pockets were left vented for want of gas slots", f"{n_vented}", "none", "0", n_vented == 0
        ),
        check(
            "bonded fraction at the end of the hold / at the end",
            f"{s.bonded_fraction_end_of_hold:.4f} / {s.bonded_fraction_final:.4f}",
            "1.0000 without gas (patch_case.json)",
        ),
        check("void fraction left at the end", f"{s.void_fraction_final:.4f}", "reported"),
        check("pockets holding gas at the end of the run", f"{s.sealed_pockets_final}", "reported"),
    ]
    data = {
        "case": "cases/interface_patch_3d.toml",
        "overrides": overrides,
        "mpi_size": comm.size,
        "ambient_Pa": AMBIENT,
        "sealed_at_s_degC": sealed_at,
        "end_of_hold": {
            "time_s": float(t[k]),
            "press_pressure_Pa": pressed,
            "gas_pressure_Pa": gas,
            "contact_force_N": float(h.column("contact_force_N")[k]),
            "contact_fraction_nodes": float(h.column("contact_fraction_nodes")[k]),
            "bonded_fraction": float(h.column("bonded_fraction")[k]),
            "load_balance_relative": balance,
        },
        "gas_pressure_max_Pa": s.gas_pressure_max_Pa,
        "dofs": s.solver.dofs,
        "steps": s.solver.steps,
        "newton_iterations": s.solver.newton_iterations,
        "cutbacks": s.solver.cutbacks,
        "wall_time_s": comm.allreduce(time.perf_counter() - t0, op=MPI.MAX),
    }
    return finish(comm, "patch_gas", data, checks)


if __name__ == "__main__":
    raise SystemExit(main())
