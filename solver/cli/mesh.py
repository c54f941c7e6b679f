"""``thermobond mesh CASE``: the stack section's mesh only — XDMF for ParaView and a PNG picture."""

from __future__ import annotations

import argparse

from .. import _mpi
from ..case import load_case
from ..report.meshplot import gather_cells, plot_mesh
from ..simulation.meshfiles import write_xdmf
from ..simulation.stackmodel import build_stack_mesh
from ..sinks import output_folder
from .common import EXIT_OK, results_dir, say

__all__ = ["main"]


def main(args: argparse.Namespace) -> int:
    comm = _mpi.world()
    case = load_case(args.case)
    out = output_folder(comm, results_dir(args.output, case.name, "mesh"))
    md = build_stack_mesh(comm, case)
    write_xdmf(md, out / "mesh.xdmf")
    cells = gather_cells(md)
    if cells is not None:
        plot_mesh(cells, out, "mesh", case.name)
    n = md.mesh.topology.index_map(2).size_global
    say(f"Mesh of '{case.name}': {n} cells, groups: {', '.join(md.physical_groups)}")
    say(f"  {out / 'mesh.xdmf'} (ParaView), {out / 'mesh.png'}")
    return EXIT_OK
