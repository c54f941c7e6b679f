"""``thermobond info``: versions, MPI and the PETSc solvers available."""

from __future__ import annotations

import argparse

from ..outputs import software_versions
from .common import EXIT_OK, say

__all__ = ["main"]


def main(args: argparse.Namespace) -> int:
    v = software_versions()
    lines = [
        f"thermobond {v.get('thermobond', '?')} (git {v.get('git_revision') or 'n/a'})",
        f"  Python {v['python']} on {v['platform']}",
    ]
    try:
        import dolfinx  # the finite-element stack is optional: say so if it is missing
        import gmsh
        from mpi4py import MPI
        from petsc4py import PETSc

        from .. import _mpi  # noqa: F401  (MPI before DOLFINx)
    except ImportError as exc:
        lines.append(f"  DOLFINx: not available ({exc}); install the 'fem' extra or load your site's DOLFINx")
        say("\n".join(lines))
        return EXIT_OK
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
    say("\n".join(lines))
    return EXIT_OK
