"""PETSc option sets: one defaults dict per problem, merged with the case's options.

Every problem has its own options prefix (``thermobond_stack_``, ``thermobond_interface_``,
``thermobond_heat_``, ``thermobond_projection_``), so a user can target it from the case file
(``[solver.petsc]``) or from the environment (``PETSC_OPTIONS="-thermobond_stack_snes_monitor"``);
an option the user set in the environment wins over thermobond's defaults and the case file.
"""

from __future__ import annotations

import functools
import gc
import weakref
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from petsc4py import PETSc

from ..errors import InputError

__all__ = ["DIRECT_LU", "forget", "merged", "release_petsc_objects", "validate_options", "weak_method"]

# Direct LU by MUMPS: robust for the 10⁴–10⁵ DOF problems a case solves; MUMPS measured 2.2×
# faster than SuperLU_dist on these machines.
DIRECT_LU: dict[str, Any] = {
    "ksp_type": "preonly",
    "pc_type": "lu",
    "pc_factor_mat_solver_type": "mumps",
    "ksp_error_if_not_converged": True,
}

# the options whose value names a PETSc type, and where PETSc lists the types
_TYPES: dict[str, Any] = {
    "ksp_type": PETSc.KSP.Type,
    "pc_type": PETSc.PC.Type,
    "snes_type": PETSc.SNES.Type,
    "pc_factor_mat_solver_type": PETSc.Mat.SolverType,
    "snes_linesearch_type": PETSc.SNESLineSearch.Type,
}
# solver packages that a PETSc build may lack (checked against the build)
_PACKAGES = {"mumps", "superlu_dist", "superlu", "hypre", "pastix", "strumpack", "cholmod", "umfpack", "klu"}


def _choices(kind: Any) -> set[str]:
    return {str(v) for k, v in vars(kind).items() if not k.startswith("_") and isinstance(v, str)}


def validate_options(options: Mapping[str, Any], file: Path | str | None = None) -> None:
    """Check the case's ``[solver.petsc]`` options before anything is written.

    Raises:
        InputError: A type that PETSc does not know, or a solver package this PETSc was built
            without (the key, the value and the accepted values are named).
    """
    for key, value in options.items():
        for opt, kind in _TYPES.items():
            if key == opt or key.endswith("_" + opt):
                choices = _choices(kind)
                if str(value) not in choices:
                    raise InputError(
                        "unknown PETSc type",
                        file=file,
                        key=f"solver.petsc.{key}",
                        value=value,
                        accepted=", ".join(sorted(choices)),
                    )
                if str(value) in _PACKAGES and not PETSc.Sys.hasExternalPackage(str(value)):
                    have = sorted(p for p in _PACKAGES if PETSc.Sys.hasExternalPackage(p))
                    raise InputError(
                        "this PETSc has no such solver package",
                        file=file,
                        key=f"solver.petsc.{key}",
                        value=value,
                        accepted=", ".join(have) or "none",
                    )


@functools.cache
def _user_options() -> frozenset[str]:
    """The options in PETSc's database before thermobond made its first problem: the user's
    (``PETSC_OPTIONS``, the command line). Recorded once per process."""
    return frozenset(PETSc.Options().getAll())


def merged(defaults: Mapping[str, Any], overrides: Mapping[str, Any], prefix: str | None = None) -> dict[str, Any]:
    """Defaults updated by the case's options; with ``prefix``, options the user set in PETSc's
    database under that prefix (``PETSC_OPTIONS``, the command line) are left to them."""
    out = dict(defaults)
    out.update(overrides)
    if prefix:
        user = _user_options()
        for key in list(out):
            if f"{prefix}{key}" in user:
                del out[key]
    return out


def forget(prefix: str, options: Mapping[str, Any]) -> None:
    """Remove a problem's options from PETSc's global database once the problem has read them.

    DOLFINx deletes them itself, under the pushed prefix, which petsc4py 3.25 ignores: the options
    would stay and reach the next problem of the same prefix (another case of a study worker). They
    are deleted here by their full names.
    """
    db = PETSc.Options()
    for key in options:
        db.delValue(f"{prefix}{key}")


def weak_method(obj: Any, name: str) -> Callable[..., Any]:
    """``obj.name`` as a callback for a PETSc object that ``obj`` owns, without a reference to ``obj``.

    A petsc4py object keeps its Python callbacks (monitor, residual, Jacobian) where the garbage
    collector cannot see them, so a bound method or a lambda over ``obj`` makes a cycle that is never
    collected: the model, its mesh and every communicator DOLFINx duplicated for them (about 50 per
    stack model) lived to the end of the process, and a process that ran some forty cases in turn (a
    warm study worker, a test session) died when MPI ran out of communicators (MPICH: exit 15). The
    callback holds ``obj`` weakly; once ``obj`` is gone it does nothing.
    """
    ref = weakref.ref(obj)

    def call(*args: Any) -> Any:
        target = ref()
        return None if target is None else getattr(target, name)(*args)

    return call


def release_petsc_objects() -> None:
    """Collect garbage now, on every rank (call it collectively).

    A solver's PETSc objects (matrices, vectors, SNES) are destroyed collectively when the Python
    objects holding them are freed. Objects in reference cycles are freed whenever each rank's
    garbage collector happens to run, which differs between ranks: one rank then waits in a
    collective destroy while the other is somewhere else. On several ranks automatic collection is
    therefore off (:mod:`thermobond._mpi`) and cycles are collected here, at a common point.
    """
    gc.collect()
