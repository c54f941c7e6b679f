"""The ``thermobond`` command line: its arguments. Each command lives in its own module with a
``main(args) -> int``, imported only when that command runs (see :func:`thermobond.cli.main`)."""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["COMMANDS", "build_parser"]

#: command name → the module of ``thermobond.cli`` that runs it
COMMANDS = {
    "run": "run",
    "check": "check",
    "mesh": "mesh",
    "export": "export",
    "info": "info",
    "material fit": "material",
    "material check": "material",
    "study": "study",
    "collect": "collect",
    "report": "report",
    "calibrate": "calibrate",
    "docs": "docs",
}

DEFAULT_TEMPLATE = Path(__file__).resolve().parents[2] / "cases" / "materials" / "tpi_reference.toml"


def _positive_int(text: str) -> int:
    """An argparse type: an integer ≥ 1 (0 would silently mean 'the default')."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer ≥ 1, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected an integer ≥ 1, got {text!r}")
    return value


def _positive_float(text: str) -> float:
    """An argparse type: a finite number > 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a finite number > 0, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="thermobond", description="Thermocompression bonding of flexible copper-clad laminates."
    )
    p.add_argument("-q", "--quiet", action="store_const", const=-1, dest="verbosity", default=0, help="only warnings")
    p.add_argument("-v", "--verbose", action="store_const", const=1, dest="verbosity", help="debug output")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help, description=help)
        sp.set_defaults(command_name=name)
        return sp

    sp = add("run", "solve one case (use `mpiexec -n N thermobond run CASE` for MPI)")
    sp.add_argument("case", type=Path, help="case file (TOML)")
    sp.add_argument("-o", "--output", help="results folder (default results/<case name>)")
    sp = add("check", "validate a case, print what it describes and its claim checks; no solve")
    sp.add_argument("case", type=Path)
    sp.add_argument("-o", "--output", help="results folder of a finished run (default results/<case name>)")
    sp = add("mesh", "mesh a case only: XDMF for ParaView and a PNG picture, or another tool's format")
    sp.add_argument("case", type=Path)
    sp.add_argument("-o", "--output", help="output folder (default results/<case name>/mesh)")
    sp.add_argument(
        "--format",
        choices=("inp", "med", "msh", "vtu", "xdmf"),
        help="write the mesh for another tool (Abaqus, Code_Aster/Salome, Gmsh 4.1, VTK, XDMF) with every "
        "group named and each layer's material (default: DOLFINx XDMF with integer tags)",
    )
    sp.add_argument("--model", choices=("stack", "interface"), default="stack", help="which model's mesh")
    sp = add("export", "a finished run's fields (VTX) as VTU series (.pvd) or XDMF time series")
    sp.add_argument("run", type=Path, help="results folder of a finished run")
    sp.add_argument("--format", choices=("vtu", "xdmf"), default="vtu")
    sp.add_argument("-o", "--output", help="folder to write (default RUN/export)")
    add("info", "versions, MPI and the PETSc solvers available")

    mat = sub.add_parser("material", help="fit a TPI card from DMA data, or check a card against the E′ claim")
    msub = mat.add_subparsers(dest="material_command", required=True, metavar="ACTION")
    fit = msub.add_parser(
        "fit",
        help="fit shift law + Prony series to DMA data and write a card",
        description="Fit a thermoplastic card from DMA frequency sweeps (or a temperature sweep "
        "with a known shift law).",
    )
    fit.set_defaults(command_name="material fit")
    fit.add_argument("dma", type=Path, help="DMA CSV (pyvisco two-row header, or 'name [unit]' headers)")
    fit.add_argument("-o", "--output", required=True, help="card to write (.toml); the figure goes next to it")
    fit.add_argument("--reference-temperature", help="T_ref, e.g. '250 degC' (default: isotherm at the tan δ peak)")
    fit.add_argument("--law", choices=("auto", "wlf", "arrhenius", "hybrid", "table"), default="auto")
    fit.add_argument(
        "--tolerance",
        type=_positive_float,
        default=0.05,
        help="largest RMS of ln(model/data) allowed at any isotherm (0.05 ≈ 5 %%)",
    )
    fit.add_argument(
        "--per-decade", type=_positive_float, default=2.0, help="relaxation times per decade before reduction"
    )
    fit.add_argument("--long-term", choices=("zero", "free"), default="zero", help="long-term modulus: 0 (melt) or fit")
    fit.add_argument(
        "--template", type=Path, default=DEFAULT_TEMPLATE, help="card giving thermal, expansion and bulk-modulus data"
    )
    fit.add_argument("--shift-from", help="use the shift law of this card (needed for a temperature sweep)")
    fit.add_argument("--wlf", nargs=2, metavar=("C1", "C2_K"), help="use WLF(C1, C2) at --reference-temperature")
    fit.add_argument("--glass-transition", help="Tg to write into the card (default: α tan δ peak at 1 Hz)")
    fit.add_argument("--name", help="material name in the card")
    chk = msub.add_parser("check", help="check a thermoplastic card against 'min E′ above Tg ≤ 1e6 Pa'")
    chk.set_defaults(command_name="material check")
    chk.add_argument("card", type=Path)
    chk.add_argument("--frequency", default="1 Hz", help="DMA frequency (default 1 Hz)")
    chk.add_argument("--glass-transition", help="Tg to use (default: the card's)")
    chk.add_argument("--tg-from-tan-delta", action="store_true", help="use the α tan δ peak as Tg")
    chk.add_argument("--t-max", help="end of the claim window (default: where the card's description is valid)")
    chk.add_argument("--json", action="store_true", help="print the facts as JSON")

    st = add("study", "expand a study file into cases and run them (local pool or SLURM job array)")
    st.add_argument("study", type=Path, help="study file (TOML)")
    st.add_argument("-o", "--output", help="study folder (default results/<study name>)")
    st.add_argument("--dry-run", action="store_true", help="validate every case and list what would run; write nothing")
    st.add_argument("--executor", choices=("local", "slurm"), help="override the study file's executor")
    st.add_argument("--resume", action="store_true", help="run only the cases without a valid summary.json")
    st.add_argument("--workers", type=_positive_int, help="local: cases at a time (default cores // ranks)")
    st.add_argument("--ranks", type=_positive_int, help="MPI ranks per case")
    st.add_argument("--case-timeout", type=_positive_float, help="local: seconds before a case is terminated")
    st.add_argument("--partition", help="SLURM partition")
    st.add_argument("--time", help="SLURM time limit per case, e.g. 00:30:00")
    st.add_argument("--account", help="SLURM account")
    st.add_argument("--max-parallel", type=_positive_int, help="SLURM: array tasks at a time (%%K)")
    st.add_argument(
        "--cases-per-task",
        type=_positive_int,
        help="SLURM: cases one array task runs in turn (serial cases share one warm process)",
    )
    st.add_argument("--launcher", choices=("srun", "mpiexec"), help="SLURM: how each task starts its ranks")
    st.add_argument("--no-wait", action="store_true", help="SLURM: submit and return")
    co = add("collect", "tabulate a study's parameters and results (CSV and Parquet)")
    co.add_argument("directory", type=Path)
    rp = add(
        "report",
        "the process report of a study or of one run: which recipe passes (HTML and PDF); of several runs "
        "side by side (a press and a roll line)",
    )
    rp.add_argument(
        "directory",
        type=Path,
        nargs="+",
        help="a study directory or a run's results folder; or several results folders",
    )
    rp.add_argument(
        "-o",
        "--output",
        type=Path,
        help="where a side-by-side report goes (default: comparison/ in the current folder)",
    )
    rp.add_argument(
        "--labels", help="names of the runs in a side-by-side report, comma-separated (default: case names)"
    )
    cal = add("calibrate", "fit an interface card's toughness (and kinetics) to measured peel values")
    cal.add_argument(
        "measurements",
        type=Path,
        help="CSV: run, peel [N/cm] (optional angle [deg], thickness [um], scatter [%%], label)",
    )
    cal.add_argument("-o", "--output", required=True, help="calibrated interface card to write (.toml)")
    cal.add_argument("--card", help="interface card to start from (default: the one the runs used)")
    cal.add_argument("--fit-kinetics", action="store_true", help="also fit the bond-formation time (or prefactor)")
    cal.add_argument("--name", help="name of the calibrated card")
    dc = add("docs", "build the documentation site (HTML; warnings are errors) and print where it is")
    dc.add_argument("-o", "--output", help="folder to write the site to (default docs/_build/html of the checkout)")
    dc.add_argument("--source", help="the docs/ folder to build (default: that of the checkout thermobond runs from)")
    dc.add_argument("--results", help="where the bundled cases' runs are, for the gallery (default results/)")
    dc.add_argument(
        "--run-examples", action="store_true", help="run every bundled case first, so the gallery has their figures"
    )
    dc.add_argument("--allow-warnings", action="store_true", help="build even if Sphinx warns")
    return p
