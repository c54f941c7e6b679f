"""``thermobond run CASE``: solve one case (serially, or under ``mpiexec -n N``)."""

from __future__ import annotations

import argparse
import logging

from .. import _mpi
from ..case import load_case
from ..pipeline import Result, run_case
from ..signals import StopFlag, install_stop_handler
from .common import EXIT_OK, results_dir, say

__all__ = ["main", "print_result"]

log = logging.getLogger(__name__)


def print_result(result: Result) -> None:
    """The headline numbers of a run on stdout (rank 0)."""
    s = result.summary
    say(f"Results: {result.directory}")
    if s.roll is not None:
        r = s.roll
        say(
            f"  roll line: nip width {r.nip_width_m * 1e3:.3g} mm ({r.nip_method}), dwell {r.dwell_s * 1e3:.3g} ms at "
            f"{r.line_speed_m_per_s * 60:.3g} m/min, peak nip pressure {r.peak_nip_pressure_Pa / 1e6:.3g} MPa, "
            f"{r.interface} peaks at {r.interface_peak_temperature_degC:.1f} °C"
        )
    if s.stack is not None:
        st = s.stack
        say(
            f"  stack: curvature {st.curvature_1_per_m:.4g} 1/m (R = {st.curl_radius_m * 1e3:.3g} mm, concave toward "
            f"{st.concave_side}), interface shear near the edge {st.edge_interface_shear_Pa / 1e6:.3g} MPa"
        )
        if st.sheet is not None:
            sh = st.sheet
            say(
                f"  sheet: a {sh.size_m * 1e3:.4g} mm {sh.shape} sheet is {sh.branch}"
                + (
                    f" (κ = {sh.curvature_major_1_per_m:.4g} / {sh.curvature_minor_1_per_m:.4g} 1/m)"
                    if sh.branch != "flat"
                    else ""
                )
                + f", {sh.shape_text()}"
            )
        if st.note:
            say(f"  note: {st.note}")
    if s.interface is not None:
        it = s.interface
        t90 = it.time_to_90pct_bonded_s
        say(
            f"  interface: bonded {100 * it.bonded_fraction_final:.1f} % of the surface"
            + (f", 90 % after {t90:.4g} s" if t90 is not None else ", never 90 %")
        )
    if s.patch is not None:
        pa = s.patch
        t90 = pa.time_to_90pct_bonded_s
        say(
            f"  3-D patch ({pa.surface}, Sq {pa.surface_roughness['sq_m'] * 1e6:.3g} µm): bonded "
            f"{100 * pa.bonded_fraction_final:.1f} % of the projected area"
            + (f", 90 % after {t90:.4g} s" if t90 is not None else ", never 90 %")
            + f", {pa.solver.dofs} DOFs"
        )
    if s.adhesion is not None:
        a = s.adhesion
        sig = a.peel_strength_N_per_m_sigma
        say(
            f"  adhesion: Γ_eff {a.effective_toughness_J_per_m2:.3g} J/m², {a.peel.angle_deg:g}° peel "
            f"{a.peel_strength_N_per_m / 100:.3g}"
            + (f" ± {sig / 100:.2g}" if sig is not None else "")
            + f" N/cm at {a.peel.arm_thickness_m * 1e6:.3g} µm, {a.claim_peel_strength_N_per_m / 100:.3g} N/cm "
            f"at {a.peel.claim_thickness_m * 1e6:.3g} µm"
            + ("" if a.interface_card_calibrated else " (estimated interface card)")
        )
    decided = [c for c in s.claims if c.passes is not None]
    failed = [c.id for c in decided if not c.passes]
    if decided:
        say(
            f"  claims: {len(decided) - len(failed)} of {len(decided)} elements met"
            + (f" (not met: {', '.join(failed)})" if failed else "")
            + "; see summary.json 'claims' or `thermobond check`"
        )
    say(f"  wall time {s.wall_time_s:.1f} s")
    if result.case.output.plots and result.directory is not None:
        say(f"  plots:  {result.directory / 'plots'}")
    if result.case.output.fields and result.directory is not None:
        say(f"  fields: {result.directory / 'fields'} (open the .bp folders in ParaView)")


def main(args: argparse.Namespace) -> int:
    from petsc4py import PETSc  # noqa: F401  (PETSc installs its own signal handlers when it starts: ours go after)

    comm = _mpi.world()
    case = load_case(args.case)
    out = results_dir(args.output, case.name)
    stop = StopFlag()
    install_stop_handler(stop)
    log.info("thermobond run %s → %s (%d MPI rank%s)", case.path, out, comm.size, "" if comm.size == 1 else "s")
    result = run_case(case, out, comm, stop=stop)
    # The summary is written: the run is complete, and a termination signal from here on has nothing
    # left to stop (the watchdog stands down; the program's entry ignores it during shutdown)
    stop.acknowledged = True
    print_result(result)
    return EXIT_OK
