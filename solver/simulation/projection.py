"""L2 projection onto discontinuous spaces (for fields that live at quadrature points)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ufl
from dolfinx import fem
from dolfinx.fem.petsc import assemble_matrix, assemble_vector, create_vector
from petsc4py import PETSc

__all__ = ["Projector"]


class Projector:
    """u_h ∈ V with ∫ u_h·v dx = L(v) for all v (typically L(v) = ∫ f·v dx, f quadrature data).

    For a DG space the mass matrix is block diagonal: it is assembled and factorised once and each
    projection costs one right-hand-side assembly and a cheap solve.

    Args:
        target: The function to fill (its space is V).
        rhs: Builds the linear form L(v) from the test function (may sum subdomain integrals).
        dx: Measure of the mass matrix (with the quadrature degree of the data).
    """

    def __init__(self, target: Any, rhs: Callable[[Any], Any], dx: Any) -> None:
        V = target.function_space
        u, v = ufl.TrialFunction(V), ufl.TestFunction(V)
        self.target = target
        self._a = fem.form(ufl.inner(u, v) * dx)
        self._L = fem.form(rhs(v))
        A = assemble_matrix(self._a)
        A.assemble()
        self._A = A
        self._b = create_vector(fem.extract_function_spaces(self._L))
        ksp = PETSc.KSP().create(V.mesh.comm)
        ksp.setOptionsPrefix("thermobond_projection_")
        ksp.setOperators(A)
        ksp.setType("preonly")
        ksp.getPC().setType("lu")
        ksp.getPC().setFactorSolverType("mumps")
        self._ksp = ksp

    def __call__(self) -> Any:
        with self._b.localForm() as loc:
            loc.set(0.0)
        # the (vector, form) overload of assemble_vector is missing from the type stubs
        assemble_vector(self._b, self._L)  # type: ignore[arg-type]
        self._b.ghostUpdate(addv=PETSc.InsertMode.ADD, mode=PETSc.ScatterMode.REVERSE)  # type: ignore[arg-type]
        self._ksp.solve(self._b, self.target.x.petsc_vec)
        self.target.x.scatter_forward()
        return self.target
