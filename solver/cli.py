"""The ``thermobond`` command line.

Exit codes: 0 success, 1 unexpected failure, 2 bad input (file, key, value and what is accepted
are named), 3 a solver did not converge, 4 some cases of a study have no result, 143 terminated by
SIGTERM (recorded in failure.json).
Messages go to stderr from rank 0 only.
"""

from __future__ import annotations

import argparse
import logging
import math
import signal
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .errors import ConvergenceError, InputError, Terminated, ThermobondError

__all__ = ["main"]

EXIT_OK, EXIT_FAILURE, EXIT_INPUT, EXIT_CONVERGENCE = 0, 1, 2, 3
EXIT_TERMINATED = 128 + signal.SIGTERM
EXIT_CASES_FAILED = 4

log = logging.getLogger("thermobond")


def _rank() -> int:
    """MPI rank if mpi4py is already loaded (commands that need MPI load it), else 0."""
    mod = sys.modules.get("mpi4py.MPI")
    return int(mod.COMM_WORLD.rank) if mod is not None else 0


def _terminate_cleanly() -> None:
    """Turn SIGTERM (a batch time limit, a study driver stopping) into an exception.

    The running model records it in ``failure.json``; ``summary.json`` is written only on success,
    so a killed case can never look complete.
    """

    from petsc4py import PETSc  # noqa: F401  (PETSc installs its own handlers when it starts: ours go after)

    def handler(signum: int, frame: object) -> None:
        # Only the first one counts: a batch step often delivers SIGTERM twice (slurmstepd to the
        # task and srun forwarding it; mpiexec and the process group alike), and dying on the second
        # would lose the record of the first. SIGKILL follows a grace period if cleaning up hangs.
        if Terminated.received is not None:
            return
        Terminated.received = signum
        raise Terminated(signum)

    signal.signal(signal.SIGTERM, handler)


def _barrier() -> None:
    """Wait for every rank if running under MPI (rank 0 has written what the others may read)."""
    mod = sys.modules.get("mpi4py.MPI")
    if mod is not None:
        mod.COMM_WORLD.barrier()


class _RankZero(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return _rank() == 0


def _configure_logging(verbosity: int) -> None:
    level = logging.WARNING if verbosity < 0 else logging.INFO if verbosity == 0 else logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(_RankZero())
    root = logging.getLogger("thermobond")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def _say(text: str) -> None:
    """Print to stdout on rank 0."""
    if _rank() == 0:
        print(text, flush=True)


def _error(kind: str, exc: BaseException) -> None:
    if _rank() == 0:
        body = textwrap.fill(str(exc), width=100, subsequent_indent="  ")
        print(f"thermobond: {kind}: {body}", file=sys.stderr, flush=True)


# ---- commands ------------------------------------------------------------------------------
def _results_dir(args: argparse.Namespace, name: str, sub: str = "") -> Path:
    base = Path(args.output) if getattr(args, "output", None) else Path("results") / name
    return base / sub if sub else base


def cmd_run(args: argparse.Namespace) -> int:
    from mpi4py import MPI

    from .case import load_case
    from .simulation.runner import run_case

    comm = MPI.COMM_WORLD
    case = load_case(args.case)
    _terminate_cleanly()
    out = _results_dir(args, case.name).resolve()
    log.info("thermobond run %s → %s (%d MPI rank%s)", case.path, out, comm.size, "" if comm.size == 1 else "s")
    summary = run_case(case, out, comm)
    _say(f"Results: {out}")
    if "curvature_1_per_m" in summary:
        _say(
            f"  stack: curvature {summary['curvature_1_per_m']:.4g} 1/m "
            f"(R = {summary['curl_radius_m'] * 1e3:.3g} mm, concave toward {summary['concave_side']}), "
            f"max interface shear {summary['max_interface_shear_Pa'] / 1e6:.3g} MPa"
        )
    if "bonded_fraction_final" in summary:
        t90 = summary["time_to_90pct_bonded_s"]
        _say(
            f"  interface: bonded {100 * summary['bonded_fraction_final']:.1f} % of the surface"
            + (f", 90 % after {t90:.4g} s" if t90 is not None else ", never 90 %")
        )
    if "peel_strength_N_per_cm" in summary:
        pk = summary["peel"]
        sig = summary["peel_strength_N_per_cm_sigma"]
        _say(
            f"  adhesion: Γ_eff {summary['effective_toughness_J_per_m2']:.3g} J/m², {pk['angle_deg']:g}° peel "
            f"{summary['peel_strength_N_per_cm']:.3g}"
            + (f" ± {sig:.2g}" if sig is not None else "")
            + f" N/cm at {pk['arm_thickness_m'] * 1e6:.3g} µm, {summary['peel_strength_15um_N_per_cm']:.3g} N/cm "
            f"at {pk['claim_thickness_m'] * 1e6:.3g} µm"
            + ("" if summary["interface_card"]["calibrated"] else " (estimated interface card)")
        )
    claims = summary.get("claims", [])
    decided = [c for c in claims if c["passes"] is not None]
    failed = [c["id"] for c in decided if not c["passes"]]
    if decided:
        _say(
            f"  claims: {len(decided) - len(failed)} of {len(decided)} elements met"
            + (f" (not met: {', '.join(failed)})" if failed else "")
            + "; see summary.json 'claims' or `thermobond check`"
        )
    _say(f"  wall time {summary['wall_time_s']:.1f} s")
    if case.output.plots:
        _say(f"  plots:  {out / 'plots'}")
    if case.output.fields:
        _say(f"  fields: {out / 'fields'} (open the .bp folders in ParaView)")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from .case import load_case
    from .claims import check_case, describe
    from .units import to_celsius

    case = load_case(args.case)
    lines = [f"{case.path}: valid (schema version 1), case '{case.name}'"]
    lines.append(
        "  stack (bottom → top): "
        + " / ".join(f"{layer.name} {layer.thickness * 1e6:.4g} µm [{layer.material.name}]" for layer in case.layers)
    )
    c = case.cycle
    lines.append(
        f"  cycle: {c.duration:.6g} s, peak {to_celsius(c.peak_temperature):.1f} °C, "
        f"peak pressure {c.peak_pressure / 1e6:.3g} MPa"
    )
    lines += ["    " + r for r in c.describe().splitlines()]
    lines.append(
        f"  mechanics: plane {case.mechanics.plane}, stress-free at "
        f"{to_celsius(case.mechanics.stress_free_temperature):.1f} °C"
    )
    if case.adhesion is not None:
        a = case.adhesion
        lines.append(
            f"  adhesion: {a.angle:g}° peel of {' + '.join(x.name for x in a.arm)} ({a.arm_thickness * 1e6:.3g} µm) "
            f"from '{a.layer.name}' at {to_celsius(a.test_temperature):.1f} °C; contact {a.contact}; interface card "
            f"'{a.card.name}' ({'calibrated' if not a.card.estimated else 'estimated'})"
        )
    checks = check_case(case)
    run = _results_dir(args, case.name).resolve()
    summary = run / "summary.json"
    if summary.is_file():  # a finished run of this case decides the adhesion elements too
        import json

        data = json.loads(summary.read_text())
        same = (run / "case.toml").is_file() and (run / "case.toml").read_text() == case.to_toml()
        if same and "claims" in data:
            from .claims import ClaimCheck

            checks = [ClaimCheck(**c) for c in data["claims"]]
            lines.append(f"  claims (from the run in {run}):")
        else:
            lines.append(f"  claims (recipe only: the run in {run} is of a different version of the case):")
    else:
        lines.append("  claims (recipe only; run the case to decide adhesion):")
    lines.append(describe(checks))
    _say("\n".join(lines))
    return EXIT_OK


def cmd_mesh(args: argparse.Namespace) -> int:
    from dolfinx import io
    from mpi4py import MPI

    from .case import load_case
    from .report.meshplot import gather_cells, plot_mesh
    from .simulation.stack import build_stack_mesh

    comm = MPI.COMM_WORLD
    case = load_case(args.case)
    _terminate_cleanly()
    out = _results_dir(args, case.name, "" if args.output else "mesh").resolve()
    if comm.rank == 0:
        out.mkdir(parents=True, exist_ok=True)
    comm.barrier()
    md = build_stack_mesh(comm, case)
    msh = md.mesh
    msh.topology.create_connectivity(1, 2)
    with io.XDMFFile(comm, str(out / "mesh.xdmf"), "w") as xf:
        xf.write_mesh(msh)
        md.cell_tags.name = "layers"
        md.facet_tags.name = "boundaries"
        xf.write_meshtags(md.cell_tags, msh.geometry)
        xf.write_meshtags(md.facet_tags, msh.geometry)
    cells = gather_cells(md)
    if cells is not None:
        plot_mesh(cells, out, "mesh", case.name)
    n = msh.topology.index_map(2).size_global
    _say(f"Mesh of '{case.name}': {n} cells, groups: {', '.join(md.physical_groups)}")
    _say(f"  {out / 'mesh.xdmf'} (ParaView), {out / 'mesh.png'}")
    return EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    from .outputs import software_versions

    v = software_versions()
    lines = [
        f"thermobond {v.get('thermobond', '?')} (git {v.get('git_revision') or 'n/a'})",
        f"  Python {v['python']} on {v['platform']}",
    ]
    try:
        import dolfinx
        from mpi4py import MPI
        from petsc4py import PETSc
    except ImportError as exc:
        lines.append(f"  DOLFINx: not available ({exc}); install the 'fem' extra or load your site's DOLFINx")
        _say("\n".join(lines))
        return EXIT_OK
    import gmsh

    lines.append(
        f"  DOLFINx {dolfinx.__version__}, PETSc {v.get('petsc')}, Gmsh {gmsh.__version__}, "
        f"ADIOS2 {'yes' if dolfinx.has_adios2 else 'no'}"
    )
    lines.append(f"  MPI: {MPI.Get_library_version().splitlines()[0].strip()}; size {MPI.COMM_WORLD.size}")
    solvers = [
        s
        for s in ("mumps", "superlu_dist", "superlu", "hypre", "ptscotch", "parmetis", "hdf5")
        if PETSc.Sys.hasExternalPackage(s)
    ]
    lines.append(f"  PETSc external packages: {', '.join(solvers) or 'none'}")
    _say("\n".join(lines))
    return EXIT_OK


def _quantity(value: str | None, kind: str, option: str) -> float | None:
    from .units import parse_quantity

    return None if value is None else parse_quantity(value, kind, key=option)


def cmd_material_fit(args: argparse.Namespace) -> int:
    from . import __version__
    from .materials import load_material
    from .materials.cardwriter import fitted_card_text
    from .materials.claims import check_minimum_storage_modulus, tan_delta_peak
    from .materials.dma import read_dma
    from .materials.fitting import FitOptions, fit_dma
    from .materials.material import Viscoelasticity
    from .materials.shift import WLF
    from .outputs import atomic_write_text
    from .report.materialplots import plot_fit

    out = Path(args.output)
    if out.suffix != ".toml":
        raise InputError("the output card must be a .toml file", key="--output", value=str(out))
    template = load_material(args.template)
    if template.viscoelastic is None:
        raise InputError("the template card must be a thermoplastic card", key="--template", value=str(args.template))
    Tref = _quantity(args.reference_temperature, "temperature", "--reference-temperature")
    shift = None
    if args.shift_from:
        card = load_material(args.shift_from)
        if card.viscoelastic is None:
            raise InputError("--shift-from needs a thermoplastic card", key="--shift-from", value=args.shift_from)
        shift = card.viscoelastic.shift
    elif args.wlf:
        if Tref is None:
            raise InputError("--wlf needs --reference-temperature", key="--wlf")
        shift = WLF(float(args.wlf[0]), float(args.wlf[1]), Tref)
    if not 0.001 <= args.tolerance <= 1.0:
        raise InputError(
            "tolerance out of range", key="--tolerance", value=args.tolerance, accepted="0.001 … 1 (RMS ln)"
        )
    data = read_dma(args.dma)
    opts = FitOptions(
        reference_temperature=Tref,
        law=args.law,
        tolerance=args.tolerance,
        per_decade=args.per_decade,
        free_long_term=args.long_term == "free",
        shift_law=shift,
    )
    fit = fit_dma(data, opts)
    K = template.viscoelastic.bulk_modulus
    given = fit.prony
    visco = Viscoelasticity(
        shear=given.to_shear(bulk_modulus=K) if given.form == "tensile" else given,
        bulk_modulus=K,
        shift=fit.shift,
        given=given,
    )
    Tg = _quantity(args.glass_transition, "temperature", "--glass-transition")
    tg_src = "given on the command line"
    if Tg is None:
        Tg, tg_src = tan_delta_peak(visco, 1.0), "α tan δ peak at 1 Hz"
    claim = check_minimum_storage_modulus(visco, Tg, tg_source=tg_src)
    name = args.name or f"TPI fitted from {data.path.name}"
    text = fitted_card_text(
        fit, template, name=name, glass_transition=Tg, tg_source=tg_src, version=__version__, card_path=out
    )
    plot_fit(fit, visco, claim, out.parent, f"{out.stem}_fit")
    atomic_write_text(out, text)
    rep = fit.report()
    _say(f"Fitted {data.n_points} points ({rep['data']['isotherms']} temperatures) from {data.path}")
    _say(f"  shift: {fit.shift.describe()}  (RMS {fit.shift_rms:.3g} decades)")
    _say(
        f"  Prony: {fit.prony.n_terms} terms (from {fit.full_terms}), RMS ln error {fit.rms_log_error():.3g} "
        f"(tolerance {args.tolerance:g})"
    )
    for z in fit.zones:
        _say(
            f"    {z.zone:17s} {z.points:4d} points: E′ RMS {z.rms_storage:.3f} max {z.max_storage:.3f}; "
            f"E″ RMS {z.rms_loss:.3f} max {z.max_loss:.3f}"
        )
    _say(f"  claim: {claim.describe()}")
    _say(f"Card: {out}\nFigure: {out.parent / (out.stem + '_fit.png')}")
    return EXIT_OK


def cmd_material_check(args: argparse.Namespace) -> int:
    import json

    from .materials import load_material
    from .materials.claims import check_minimum_storage_modulus

    card = load_material(args.card)
    if card.viscoelastic is None:
        raise InputError(
            f"material '{card.name}' is of kind '{card.kind}'; the E′ claim concerns a thermoplastic "
            "layer with viscoelastic data",
            file=card.path,
            key="kind",
            value=card.kind,
            accepted="thermoplastic",
        )
    f = _quantity(args.frequency, "frequency", "--frequency")
    assert f is not None  # has a default
    if not 1e-4 <= f <= 1e4:
        raise InputError("frequency out of range", key="--frequency", value=args.frequency, accepted="1e-4 … 1e4 Hz")
    Tg = _quantity(args.glass_transition, "temperature", "--glass-transition")
    if Tg is None and not args.tg_from_tan_delta:
        Tg = card.glass_transition
    tmax = _quantity(args.t_max, "temperature", "--t-max")
    try:
        claim = check_minimum_storage_modulus(card.viscoelastic, Tg, frequency=f, t_max=tmax)
    except ValueError as exc:
        raise InputError(str(exc), file=card.path) from None
    if args.json:
        _say(
            json.dumps({"card": str(card.path), "material": card.name, **claim.as_dict()}, indent=2, ensure_ascii=False)
        )
    else:
        _say(f"{card.path}: {card.name}")
        _say(f"  {claim.describe()}")
    return EXIT_OK


def cmd_calibrate(args: argparse.Namespace) -> int:
    import dataclasses

    from .bond.adhesion import inputs_from_run
    from .bond.calibration import PeelMeasurement, calibrate, read_measurements
    from .bond.interfacecard import load_interface_card, write_interface_card
    from .case import load_case

    src = Path(args.measurements).resolve()
    rows = read_measurements(src)
    card = load_interface_card(args.card) if args.card else None
    data = []
    for label, run, peel, angle, thick, scatter in rows:
        if not (run / "summary.json").is_file() or not (run / "case.toml").is_file():
            raise InputError(
                "not a finished run (no summary.json and case.toml): run the case first",
                file=src,
                key=f"run '{label}'",
                value=str(run),
            )
        case = load_case(run / "case.toml")
        if case.adhesion is None:
            raise InputError(
                "the case of this run has no [adhesion] table", file=src, key=f"run '{label}'", value=str(run)
            )
        if card is None:
            card = case.adhesion.card
        elif args.card is None and case.adhesion.card.path != card.path:
            raise InputError(
                "the runs use different interface cards: name the one to calibrate with --card",
                file=src,
                key=f"run '{label}'",
                value=str(case.adhesion.card.path),
            )
        inputs = inputs_from_run(case, run)
        if angle is not None:
            inputs = dataclasses.replace(inputs, angle=angle)
        if thick is not None:
            inputs = dataclasses.replace(inputs, arm=inputs.arm_of_thickness(thick))
        data.append(PeelMeasurement(label, inputs, peel, scatter))
    assert card is not None
    try:
        res = calibrate(data, card, kinetics=args.fit_kinetics, data=str(src))
    except ValueError as exc:
        raise InputError(str(exc), file=src) from None
    out = Path(args.output).resolve()
    if out.suffix != ".toml":
        raise InputError("the calibrated card must be a .toml file", key="--output", value=str(out))
    name = args.name or (card.name.replace(" (estimated)", "") + " (calibrated)")
    fitted = dataclasses.replace(res.card, name=name, path=out)
    lo, hi = res.toughness_interval
    header = (
        f"Calibrated by `thermobond calibrate` from {src.name} ({len(data)} peel values) on {card.path.name}.\n"
        f"Gamma_int = {fitted.intrinsic_toughness:.4g} J/m^2 (1 sigma {lo:.4g}-{hi:.4g}); "
        f"RMS log error {fitted.calibration.rms_log_error if fitted.calibration else 0:.3g}."
    )
    figs = [out.parent / f"{out.stem}_fit.png"]
    if _rank() == 0:
        write_interface_card(fitted, out, header)
        from .report.adhesionplots import plot_calibration

        figs = plot_calibration(out.parent, out.stem, res)
    _barrier()
    _say(f"{out}: {name}")
    _say(f"  Γ_int = {fitted.intrinsic_toughness:.4g} J/m²  (±1σ: {lo:.4g} … {hi:.4g} J/m²)")
    if args.fit_kinetics:
        k = fitted.kinetics
        assert fitted.calibration is not None
        sd = float(fitted.calibration.log_sd[1])
        what = f"t_b = {k.time:.4g} s" if k.law == "shift_clock" else f"k0 = {k.prefactor:.4g} 1/s"
        _say(f"  {what}  (±1σ: ×/÷ {math.exp(sd):.3g})")
    _say("  measured → fitted peel (N/cm), effective toughness:")
    for lab, m, p, g in zip(res.labels, res.measured, res.predicted, res.effective_toughness, strict=True):
        _say(f"    {lab:<28} {m:8.3g} → {p:8.3g}   Γ_eff {g:.3g} J/m²")
    _say(f"  figure: {figs[0]}")
    return EXIT_OK


def cmd_study(args: argparse.Namespace) -> int:
    import dataclasses

    from .study import case_state, expand, load_study, run_study

    spec = load_study(args.study)
    root = Path(args.output).resolve() if args.output else (Path("results") / spec.name).resolve()
    if args.dry_run:
        study = expand(spec, root)
        keys = [p.key for p in spec.parameters]
        _say(f"{spec.path}: study '{spec.name}', {spec.mode}, {len(study.cases)} cases (all valid) in {root}")
        cells = [[c.id, case_state(study.case_dir(c)).state, *[str(c.values[k]) for k in keys]] for c in study.cases]
        widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(["case", "state", *keys])]
        for row in [["case", "state", *keys], *cells]:
            _say(("  " + "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True))).rstrip())
        todo = [c for c in study.cases if not args.resume or case_state(study.case_dir(c)).state != "done"]
        _say(f"  would run {len(todo)} case(s) with the {args.executor or spec.executor} executor")
        return EXIT_OK
    slurm = spec.slurm
    overrides = {
        k: v
        for k, v in (
            ("partition", args.partition),
            ("time", args.time),
            ("account", args.account),
            ("max_parallel", args.max_parallel),
            ("launcher", args.launcher),
        )
        if v is not None
    }
    slurm = dataclasses.replace(slurm, **overrides)
    run = run_study(
        spec,
        root,
        executor=args.executor,
        resume=args.resume,
        workers=args.workers,
        ranks=args.ranks,
        slurm=slurm,
        wait=not args.no_wait,
        case_timeout=args.case_timeout,
    )
    done = len(run.study.cases) - len(run.not_done)
    _say(f"Study {spec.name}: {done} of {len(run.study.cases)} cases done ({len(run.skipped)} kept from before)")
    for cid, state, reason in run.not_done:
        _say(f"  {state:<10} {cid}  {reason}")
    if run.table is not None:
        also = f" and {run.table.parquet_path.name}" if run.table.parquet_path else ""
        _say(f"  table: {run.table.csv_path}{also}")
        _say(f"  report: thermobond report {root}")
    elif args.no_wait:
        _say(f"  submitted; follow with squeue, then: thermobond collect {root}")
    return EXIT_OK if not run.not_done or args.no_wait else EXIT_CASES_FAILED


def cmd_collect(args: argparse.Namespace) -> int:
    from .study import collect

    table = collect(Path(args.directory).resolve())
    done = sum(r["status"] == "done" for r in table.rows)
    _say(f"{table.csv_path}: {len(table.rows)} cases, {done} done, {len(table.columns)} columns")
    if table.parquet_path:
        _say(f"  also {table.parquet_path}")
    else:
        _say("  (no Parquet file: install the extra thermobond[parquet] for it)")
    for r in table.failed:
        _say(f"  {r['status']:<10} {r['case']}  {r['reason']}")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from .report.studyreport import write_report

    html, pdf = write_report(Path(args.directory).resolve())
    _say(f"Report: {html}")
    _say(f"        {pdf}")
    return EXIT_OK


# ---- parser ---------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="thermobond", description="Thermocompression bonding of flexible copper-clad laminates."
    )
    p.add_argument("-q", "--quiet", action="store_const", const=-1, dest="verbosity", default=0, help="only warnings")
    p.add_argument("-v", "--verbose", action="store_const", const=1, dest="verbosity", help="debug output")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help, description=help)
        sp.set_defaults(func=func)
        return sp

    sp = add("run", cmd_run, "solve one case (use `mpiexec -n N thermobond run CASE` for MPI)")
    sp.add_argument("case", type=Path, help="case file (TOML)")
    sp.add_argument("-o", "--output", help="results directory (default results/<case name>)")
    sp = add("check", cmd_check, "validate a case, print what it describes and its claim checks; no solve")
    sp.add_argument("case", type=Path)
    sp.add_argument("-o", "--output", help="results directory of a finished run (default results/<case name>)")
    sp = add("mesh", cmd_mesh, "mesh a case only: XDMF for ParaView and a PNG picture")
    sp.add_argument("case", type=Path)
    sp.add_argument("-o", "--output", help="output directory (default results/<case name>/mesh)")
    add("info", cmd_info, "versions, MPI and the PETSc solvers available")

    mat = sub.add_parser("material", help="fit a TPI card from DMA data, or check a card against the E′ claim")
    msub = mat.add_subparsers(dest="material_command", required=True, metavar="ACTION")
    fit = msub.add_parser(
        "fit",
        help="fit shift law + Prony series to DMA data and write a card",
        description="Fit a thermoplastic card from DMA frequency sweeps (or a temperature sweep "
        "with a known shift law).",
    )
    fit.set_defaults(func=cmd_material_fit)
    fit.add_argument("dma", type=Path, help="DMA CSV (pyvisco two-row header, or 'name [unit]' headers)")
    fit.add_argument("-o", "--output", required=True, help="card to write (.toml); the figure goes next to it")
    fit.add_argument("--reference-temperature", help="T_ref, e.g. '250 degC' (default: isotherm at the tan δ peak)")
    fit.add_argument("--law", choices=("auto", "wlf", "arrhenius", "hybrid", "table"), default="auto")
    fit.add_argument("--tolerance", type=float, default=0.05, help="RMS ln error allowed when reducing terms")
    fit.add_argument("--per-decade", type=float, default=2.0, help="relaxation times per decade before reduction")
    fit.add_argument("--long-term", choices=("zero", "free"), default="zero", help="long-term modulus: 0 (melt) or fit")
    fit.add_argument(
        "--template",
        type=Path,
        default=Path(__file__).resolve().parents[1] / "cases" / "materials" / "tpi_reference.toml",
        help="card giving thermal, expansion and bulk-modulus data",
    )
    fit.add_argument("--shift-from", help="use the shift law of this card (needed for a temperature sweep)")
    fit.add_argument("--wlf", nargs=2, metavar=("C1", "C2_K"), help="use WLF(C1, C2) at --reference-temperature")
    fit.add_argument("--glass-transition", help="Tg to write into the card (default: α tan δ peak at 1 Hz)")
    fit.add_argument("--name", help="material name in the card")
    chk = msub.add_parser("check", help="check a thermoplastic card against 'min E′ above Tg ≤ 1e6 Pa'")
    chk.set_defaults(func=cmd_material_check)
    chk.add_argument("card", type=Path)
    chk.add_argument("--frequency", default="1 Hz", help="DMA frequency (default 1 Hz)")
    chk.add_argument("--glass-transition", help="Tg to use (default: the card's)")
    chk.add_argument("--tg-from-tan-delta", action="store_true", help="use the α tan δ peak as Tg")
    chk.add_argument("--t-max", help="upper end of the window (default Tg + 150 K)")
    chk.add_argument("--json", action="store_true", help="print the facts as JSON")
    st = add("study", cmd_study, "expand a study file into cases and run them (local pool or SLURM job array)")
    st.add_argument("study", type=Path, help="study file (TOML)")
    st.add_argument("-o", "--output", help="study directory (default results/<study name>)")
    st.add_argument("--dry-run", action="store_true", help="validate every case and list what would run")
    st.add_argument("--executor", choices=("local", "slurm"), help="override the study file's executor")
    st.add_argument("--resume", action="store_true", help="run only the cases without a valid summary.json")
    st.add_argument("--workers", type=int, help="local: cases at a time (default cores // ranks)")
    st.add_argument("--ranks", type=int, help="MPI ranks per case")
    st.add_argument("--case-timeout", type=float, help="local: seconds before a case is terminated")
    st.add_argument("--partition", help="SLURM partition")
    st.add_argument("--time", help="SLURM time limit per case, e.g. 00:30:00")
    st.add_argument("--account", help="SLURM account")
    st.add_argument("--max-parallel", type=int, help="SLURM: array tasks at a time (%%K)")
    st.add_argument("--launcher", choices=("srun", "mpiexec"), help="SLURM: how each task starts its ranks")
    st.add_argument("--no-wait", action="store_true", help="SLURM: submit and return")
    co = add("collect", cmd_collect, "tabulate a study's parameters and results (CSV and Parquet)")
    co.add_argument("directory", type=Path)
    rp = add("report", cmd_report, "process-report figures of a study: self-contained HTML and a PDF")
    rp.add_argument("directory", type=Path)
    cal = add("calibrate", cmd_calibrate, "fit an interface card's toughness (and kinetics) to measured peel values")
    cal.add_argument(
        "measurements",
        type=Path,
        help="CSV: run, peel [N/cm] (optional angle [deg], thickness [um], scatter [%], label)",
    )
    cal.add_argument("-o", "--output", required=True, help="calibrated interface card to write (.toml)")
    cal.add_argument("--card", help="interface card to start from (default: the one the runs used)")
    cal.add_argument("--fit-kinetics", action="store_true", help="also fit the bond-formation time (or prefactor)")
    cal.add_argument("--name", help="name of the calibrated card")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbosity)
    func: Callable[[Any], int] = args.func
    try:
        return func(args)
    except InputError as exc:
        _error("bad input", exc)
        return EXIT_INPUT
    except ConvergenceError as exc:
        _error("solver failure", exc)
        return EXIT_CONVERGENCE
    except Terminated as exc:
        _error("terminated", exc)
        return EXIT_TERMINATED
    except ThermobondError as exc:
        _error("error", exc)
        return EXIT_FAILURE
    except Exception:  # SIGTERM that surfaced as another library's error still ends as terminated
        if Terminated.received is None:
            raise
        _error("terminated", Terminated(Terminated.received))
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        if _rank() == 0:
            print("thermobond: interrupted (a study continues with --resume)", file=sys.stderr, flush=True)
        return 130
    except BrokenPipeError:  # output piped into `head` and closed: not an error of ours
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
