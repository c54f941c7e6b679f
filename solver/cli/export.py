"""``thermobond export RUN --format vtu|xdmf``: a finished run's VTX fields for tools that cannot read
VTX (``<RUN>/export/``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import _mpi
from ..errors import InputError
from .common import EXIT_OK, say

__all__ = ["main"]


def main(args: argparse.Namespace) -> int:
    # adios2 and meshio (extra `exchange`): loaded only by this command
    from ..fieldexport import export_fields

    run = Path(args.run)
    if not run.is_dir():
        raise InputError("no such results folder", key="RUN", value=str(run), accepted="the folder of a finished run")
    if _mpi.rank() != 0:  # a serial conversion: the other ranks of an mpiexec have nothing to do
        return EXIT_OK
    files = export_fields(run, args.format, Path(args.output) if args.output else None)
    say(f"Fields of {run} as {args.format}: {len(files)} files")
    for f in files:
        say(f"  {f}")
    return EXIT_OK
