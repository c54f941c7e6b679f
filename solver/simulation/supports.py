"""Dirichlet supports of a section, built from it when a problem is made (factories)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from dolfinx import fem
from mpi4py import MPI

__all__ = ["BCFactory", "combine", "face_constraint", "point_constraints"]

#: Builds a list of DOLFINx Dirichlet conditions from a section (``SectionMechanics``).
BCFactory = Callable[[Any], list[Any]]


def point_constraints(points: Sequence[tuple[int, float, float]], tol: float) -> BCFactory:
    """u_c = 0 at given points: [(component, x, y)]; raises if any point is not a mesh node."""

    def build(m: Any) -> list[Any]:
        bcs, found = [], 0
        for comp, x0, y0 in points:
            sub = m.Vu.sub(comp)
            Vc, _ = sub.collapse()
            dofs = fem.locate_dofs_geometrical(
                (sub, Vc), lambda x, x0=x0, y0=y0: np.isclose(x[0], x0, atol=tol) & np.isclose(x[1], y0, atol=tol)
            )
            found += m.mesh.comm.allreduce(int(np.sum(dofs[1] < Vc.dofmap.index_map.size_local)), op=MPI.SUM)
            bcs.append(fem.dirichletbc(0.0, dofs[0], sub))
        if found < len(points):
            raise RuntimeError("a point constraint does not sit on a mesh node")
        return bcs

    return build


def face_constraint(face: str, comp: int, value: Any = 0.0) -> BCFactory:
    """u_comp = value (a number or a Constant) on a named face."""

    def build(m: Any) -> list[Any]:
        tdim = m.mesh.topology.dim
        facets = m.mesh_data.facet_tags.find(m.mesh_data.physical_groups[face].tag)
        sub = m.Vu.sub(comp)
        Vc, _ = sub.collapse()
        dofs = fem.locate_dofs_topological((sub, Vc), tdim - 1, facets)
        if isinstance(value, fem.Constant):
            return [fem.dirichletbc(value, dofs[0], sub)]
        return [fem.dirichletbc(float(value), dofs[0], sub)]

    return build


def combine(*factories: BCFactory) -> BCFactory:
    def build(m: Any) -> list[Any]:
        return [bc for f in factories for bc in f(m)]

    return build
