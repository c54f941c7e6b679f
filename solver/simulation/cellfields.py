"""The interface cell's fields for ParaView: one VTX file, every field on the displacement's points.

``fields/cell.bp`` holds, on the quadratic Lagrange points of the displacement, the displacement
(m), the Cauchy stress (Pa, 3 × 3: the plane-strain σ_zz too), its von Mises value (Pa), the contact pressure
(Pa; on the surface, zero elsewhere) and the bond state (1 where the surface node has bonded). The
fields share one point set, so ParaView can warp the stress by the displacement (Warp By Vector)
without resampling. The stresses are L2 projections of the quadrature-point stresses of each layer
onto that space (a continuous field: smoothed across the TPI/core boundary, exact enough to look at,
not to post-process interface tractions — the stack model's ``interface_stress.csv`` is for that).
The bond degree of the adhesion model (bond development after contact) is computed after the cell
has run and is written along the surface in ``bond.csv``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import basix.ufl
import numpy as np
import ufl
from dolfinx import fem, io

from .cell import InterfaceCell
from .projection import Projector

__all__ = ["CellFields"]


class CellFields:
    """Observer of the interface model's time loop: writes ``cell.bp`` every ``every`` steps and at
    the end (collective).

    Args:
        comm: The communicator.
        folder: The fields folder.
        cell: The interface cell.
        every: Write every this many accepted steps.
    """

    def __init__(self, comm: Any, folder: Any, cell: InterfaceCell, every: int) -> None:
        self.cell = cell
        self.every = every
        msh = cell.mesh
        degree = cell.u.function_space.ufl_element().embedded_superdegree

        def space(shape: tuple[int, ...]) -> Any:  # the displacement's element, of another shape
            return fem.functionspace(msh, basix.ufl.element("Lagrange", msh.basix_cell(), degree, shape=shape))

        self.stress = fem.Function(space((3, 3)), name="stress_Pa")  # plane strain: σ_zz too
        self.von_mises = fem.Function(space(()), name="von_mises_Pa")
        self.contact_pressure = fem.Function(space(()), name="contact_pressure_Pa")
        self.bonded = fem.Function(space(()), name="bonded")
        groups = cell.mesh_data.physical_groups
        F, J = cell.F, ufl.det(cell.F)

        def cauchy(name: str) -> Any:
            return F * (cell.S[name] + J * cell.p * ufl.inv(F.T * F)) * F.T / J

        def stress_rhs(v: Any) -> Any:
            return sum(ufl.inner(cauchy(n), v) * cell.dx(groups[n].tag) for n in ("tpi", "pi"))

        def von_mises_rhs(v: Any) -> Any:
            terms = []
            for n in ("tpi", "pi"):
                s = ufl.dev(cauchy(n))
                terms.append(ufl.sqrt(1.5 * ufl.inner(s, s)) * v * cell.dx(groups[n].tag))
            return terms[0] + terms[1]

        self._stress = Projector(self.stress, stress_rhs, cell.dx)
        self._von_mises = Projector(self.von_mises, von_mises_rhs, cell.dx)
        # the surface points of the scalar space, and where each sits in the cell's list of surface nodes
        S = self.contact_pressure.function_space
        facets = cell.mesh_data.facet_tags.find(groups["surface"].tag)
        self._surface = fem.locate_dofs_topological(S, msh.topology.dim - 1, facets)
        x = S.tabulate_dof_coordinates()[self._surface, 0]
        self._order = np.clip(np.searchsorted(cell.X, x), 0, cell.X.size - 1)
        fields = [cell.u, self.stress, self.von_mises, self.contact_pressure, self.bonded]
        self.writer = io.VTXWriter(comm, str(folder / "cell.bp"), fields)

    def write(self, t: float) -> None:
        """Project the stresses, fill the surface values and write one time (collective)."""
        cell = self.cell
        self._stress()
        self._von_mises()
        # a continuous projection of a non-negative field undershoots next to steep gradients
        np.maximum(self.von_mises.x.array, 0.0, out=self.von_mises.x.array)
        _, pc = cell.contact_pressure()  # collective: every rank holds the whole surface
        for f, values in ((self.contact_pressure, pc), (self.bonded, cell.state.bonded.astype(float))):
            f.x.array[:] = 0.0
            f.x.array[self._surface] = np.asarray(values, dtype=float)[self._order]
        self.writer.write(t)

    def after_step(self, t: float, step: int, row: Mapping[str, Any]) -> None:
        if step > 0 and step % self.every == 0:
            self.write(t)

    def finish(self, t: float, step: int) -> None:
        self.write(t)
        self.writer.close()
