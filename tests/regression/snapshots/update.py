"""Regenerate regression snapshots after a change that moves the physics on purpose.

Runs each named bundled case (``cases/<name>.toml``, all of them when none is named) through
``thermobond.run`` with plots and fields off, on 1 and on 2 MPI ranks, and rewrites
``tests/regression/snapshots/<name>_np<N>.json`` with its summary (wall times left out). Say in the
commit which snapshots changed and why.

    .venv/bin/python tests/regression/snapshots/update.py interface_sinusoid interface_nodules
    .venv/bin/python tests/regression/snapshots/update.py interface_trace --ranks 2
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = HERE.parents[2] / "cases"


def _without_wall_times(data: object) -> object:
    """The summary without its wall times (they change from run to run and are not compared)."""
    if isinstance(data, dict):
        return {k: _without_wall_times(v) for k, v in data.items() if not k.endswith("wall_time_s")}
    if isinstance(data, list):
        return [_without_wall_times(v) for v in data]
    return data


def _run_here(names: list[str]) -> None:
    """Run the cases on this process's communicator and write their snapshots (rank 0)."""
    import thermobond
    from mpi4py import MPI

    comm = MPI.COMM_WORLD
    for name in names:
        case = thermobond.load_case(CASES / f"{name}.toml", **{"output.plots": False, "output.fields": False})
        summary = _without_wall_times(thermobond.run(case, comm=comm).summary.to_json())
        if comm.rank == 0:
            path = HERE / f"{name}_np{comm.size}.json"
            path.write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n")
            print(f"wrote {path.name}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="bundled case names (default: every case in cases/)")
    parser.add_argument("--ranks", type=int, nargs="+", default=[1, 2], help="MPI sizes (default: 1 2)")
    parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)  # one size, in this process
    args = parser.parse_args(argv)
    names = args.names or sorted(p.stem for p in CASES.glob("*.toml"))
    if args.here:
        _run_here(names)
        return 0
    mpiexec = Path(sys.executable).with_name("mpiexec")
    for n in args.ranks:
        cmd = [sys.executable, __file__, "--here", *names]
        if n > 1:
            cmd = [str(mpiexec), "-n", str(n), *cmd]
        done = subprocess.run(cmd, env=os.environ.copy(), check=False)
        if done.returncode:
            return done.returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
