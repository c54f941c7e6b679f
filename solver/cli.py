"""The ``thermobond`` command line.

Exit codes: 0 success, 1 unexpected failure, 2 bad input (file, key, value and what is accepted
are named), 3 a solver did not converge. Messages go to stderr from rank 0 only.
"""

from __future__ import annotations

import argparse
import logging
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .errors import ConvergenceError, InputError, ThermobondError

__all__ = ["main"]

EXIT_OK, EXIT_FAILURE, EXIT_INPUT, EXIT_CONVERGENCE = 0, 1, 2, 3

log = logging.getLogger("thermobond")


def _rank() -> int:
    """MPI rank if mpi4py is already loaded (commands that need MPI load it), else 0."""
    mod = sys.modules.get("mpi4py.MPI")
    return int(mod.COMM_WORLD.rank) if mod is not None else 0


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
    from .simulation.stack import run_stack

    comm = MPI.COMM_WORLD
    case = load_case(args.case)
    out = _results_dir(args, case.name).resolve()
    log.info("thermobond run %s → %s (%d MPI rank%s)", case.path, out, comm.size, "" if comm.size == 1 else "s")
    summary = run_stack(case, out, comm)
    _say(f"Results: {out}")
    _say(
        f"  summary.json: curvature {summary['curvature_1_per_m']:.4g} 1/m "
        f"(R = {summary['curl_radius_m'] * 1e3:.3g} mm, concave toward {summary['concave_side']}), "
        f"max interface shear {summary['max_interface_shear_Pa'] / 1e6:.3g} MPa, "
        f"wall time {summary['wall_time_s']:.1f} s"
    )
    if case.output.plots:
        _say(f"  plots:  {out / 'plots'}")
    if case.output.fields:
        _say(f"  fields: {out / 'fields'} (open the .bp folders in ParaView)")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from .case import load_case
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
    sp = add("check", cmd_check, "validate a case and print what it describes; no solve")
    sp.add_argument("case", type=Path)
    sp = add("mesh", cmd_mesh, "mesh a case only: XDMF for ParaView and a PNG picture")
    sp.add_argument("case", type=Path)
    sp.add_argument("-o", "--output", help="output directory (default results/<case name>/mesh)")
    add("info", cmd_info, "versions, MPI and the PETSc solvers available")
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
    except ThermobondError as exc:
        _error("error", exc)
        return EXIT_FAILURE


if __name__ == "__main__":
    raise SystemExit(main())
