"""Transient conduction: a generic heat problem and the through-thickness column of a case."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import ufl
from dolfinx import default_scalar_type, fem
from dolfinx.fem.petsc import LinearProblem
from mpi4py import MPI

from ..case import Case
from ..materials import ThermalProperties
from ..meshes import LayerSpec, column_mesh
from ..physics import heat_residual
from .petscopts import DIRECT_LU, forget, merged

__all__ = ["HeatProblem", "ThermalColumn"]


class HeatProblem:
    """Backward-Euler conduction on any mesh with named regions and faces.

    Args:
        mesh_data: DOLFINx MeshData with physical groups for regions and faces.
        regions: Thermal properties per region name (every cell must be in one).
        faces: Face name → contact conductance h (W/(m² K)) or None for an imposed temperature.
        initial_temperature: Uniform initial temperature (K).
        degree: Lagrange degree.
        prefix: PETSc options prefix.
    """

    def __init__(
        self,
        mesh_data: Any,
        regions: Mapping[str, ThermalProperties],
        faces: Mapping[str, float | None],
        initial_temperature: float,
        degree: int = 1,
        prefix: str = "thermobond_heat_",
    ) -> None:
        msh = mesh_data.mesh
        self.mesh = msh
        groups = mesh_data.physical_groups
        tdim = msh.topology.dim
        V = fem.functionspace(msh, ("Lagrange", degree))
        Q = fem.functionspace(msh, ("DG", 0))
        k, rhoc = fem.Function(Q), fem.Function(Q)
        for name, props in regions.items():
            cells = mesh_data.cell_tags.find(groups[name].tag)
            k.x.array[cells] = props.conductivity
            rhoc.x.array[cells] = props.density * props.specific_heat
        self.T = fem.Function(V, name="temperature")
        self.T.x.array[:] = initial_temperature
        self.T_old = fem.Function(V)
        self.T_old.x.array[:] = initial_temperature
        self.dt = fem.Constant(msh, default_scalar_type(1.0))
        self.face_temperature = {f: fem.Constant(msh, default_scalar_type(initial_temperature)) for f in faces}

        ds = ufl.Measure("ds", domain=msh, subdomain_data=mesh_data.facet_tags)
        robin, bcs = [], []
        msh.topology.create_connectivity(tdim - 1, tdim)
        for f, h in faces.items():
            tag = groups[f].tag
            if h is None:
                dofs = fem.locate_dofs_topological(V, tdim - 1, mesh_data.facet_tags.find(tag))
                bcs.append(fem.dirichletbc(self.face_temperature[f], dofs, V))
            else:
                robin.append((h, self.face_temperature[f], ds(tag)))
        Tt, v = ufl.TrialFunction(V), ufl.TestFunction(V)
        F = heat_residual(Tt, self.T_old, v, self.dt, k, rhoc, ufl.dx(domain=msh), robin)
        a, L = ufl.system(F)
        opts = merged(DIRECT_LU, {}, prefix)
        self._problem = LinearProblem(a, L, bcs=bcs, u=self.T, petsc_options_prefix=prefix, petsc_options=opts)
        forget(prefix, opts)

    def advance(self, dt: float, face_temperatures: Mapping[str, float]) -> None:
        """One backward-Euler step of ``dt`` (s) with the given face (platen) temperatures (K)."""
        self.dt.value[...] = dt
        for f, c in self.face_temperature.items():
            c.value[...] = face_temperatures[f]
        self.T_old.x.array[:] = self.T.x.array
        self._problem.solve()
        self.T.x.scatter_forward()

    def nodal_profile(self, axis: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """All (coordinate, T) pairs of the degrees of freedom, gathered on every rank and sorted."""
        V = self.T.function_space
        n = V.dofmap.index_map.size_local
        x = V.tabulate_dof_coordinates()[:n, axis]
        T = self.T.x.array[:n]
        comm = self.mesh.comm
        xs = np.concatenate(comm.allgather(x))
        Ts = np.concatenate(comm.allgather(T))
        order = np.argsort(xs, kind="stable")
        return xs[order], Ts[order]


@dataclass(frozen=True)
class _ColumnLayer:
    name: str
    y0: float
    y1: float


class ThermalColumn:
    """Conduction through pads and laminate, platen temperature on both outer faces.

    A press recipe gives the platens' temperature: both outer faces follow it through the case's
    contact conductance (or exactly, without one). A roll line's recipe gives the temperatures of
    the laminate's faces themselves (``Programme.faces``: the roll model solves the contact with
    rolls, drums, heaters, chill rolls and air, which act on each face differently); they are
    imposed on the faces, and the column conducts them through the laminate as the roll model does
    through the joined web. Before the nip the roll model's plies are separate webs; the column's
    layers are joined from the start, so there its interfaces see the two faces' conduction, not the
    separate plies' temperatures (no pressure acts then; in the nip the difference decays within the
    web's diffusion time L²/α, milliseconds).

    With the platens covering the coupon and adiabatic free edges the laminate temperature depends
    on y only (checked against a 2-D solve in the tests), so it is solved on a 1-D column and mapped
    onto the 2-D section. The column has a few hundred DOFs at most, so every rank solves it
    redundantly on ``MPI.COMM_SELF``: no communication, identical results on every rank.

    Backward Euler reproduces the steady lag r·τ of a linear ramp exactly for any step, so a step
    is only split when it is shorter than 50 column time constants τ (then into sub-steps ≤ τ/4,
    to follow the transient after a rate change). The laminate alone has τ of milliseconds
    (L²/α: 2 ms for 12.5 µm of Kapton); millimetre press pads have seconds.

    Args:
        case: The case (layers, pads, conductance, programme).
    """

    def __init__(self, case: Case) -> None:
        comm = MPI.COMM_SELF
        n = case.thermal.elements_per_layer
        below = [p for p in case.thermal.pads if p.side in ("bottom", "both")]
        above = [p for p in case.thermal.pads if p.side in ("top", "both")]
        specs: list[LayerSpec] = []
        props: dict[str, ThermalProperties] = {}
        for p in reversed(below):
            specs.append(LayerSpec(f"{p.name}_bottom", p.thickness, p.elements))
            props[specs[-1].name] = p.material.thermal
        for layer in case.stack.layers:
            specs.append(LayerSpec(layer.name, layer.thickness, n))
            props[layer.name] = layer.material.thermal
        for p in above:
            specs.append(LayerSpec(f"{p.name}_top", p.thickness, p.elements))
            props[specs[-1].name] = p.material.thermal
        y0 = -sum(p.thickness for p in below)
        self.layers: list[_ColumnLayer] = []
        y = y0
        for s in specs:
            self.layers.append(_ColumnLayer(s.name, y, y + s.thickness))
            y += s.thickness
        self.laminate_thickness = case.stack.total_thickness
        faces = case.programme.faces
        h = None if faces is not None else case.thermal.conductance
        md = column_mesh(comm, specs, y0)
        T0 = float(case.programme.temperatures[0])
        self.problem = HeatProblem(md, props, {"bottom": h, "top": h}, T0)
        self.programme = case.programme
        self.time = 0.0
        self.interfaces = [(i.name, i.height) for i in case.stack.interfaces]
        # slowest time constant of the column (s): (Σ L_i/√α_i)² for conduction, plus the lumped
        # time Σ ρ c L / h of the contact conductance
        beta = sum(s.thickness / math.sqrt(props[s.name].diffusivity) for s in specs)
        tau = beta**2
        if h is not None:
            tau += sum(props[s.name].density * props[s.name].specific_heat * s.thickness for s in specs) / h
        self.diffusion_time = tau
        self._y, self._T = self.problem.nodal_profile()

    def advance(self, t_new: float) -> None:
        """Advance from the current time to ``t_new`` (s) following the programme's platen temperature."""
        span = t_new - self.time
        if span <= 0:
            return
        tau = self.diffusion_time
        nsub = 1 if span > 50 * tau else max(1, min(200, math.ceil(span / (0.25 * tau))))
        for k in range(1, nsub + 1):
            t = self.time + span * k / nsub
            bottom, top = self.programme.face_temperatures(t)
            self.problem.advance(span / nsub, {"bottom": bottom, "top": top})
        self.time = t_new
        self._y, self._T = self.problem.nodal_profile()

    def snapshot(self) -> tuple[Any, ...]:
        """State to :meth:`restore` if the step that follows is rejected."""
        return self.problem.T.x.array.copy(), self.time, self._y, self._T

    def restore(self, state: tuple[Any, ...]) -> None:
        T, self.time, self._y, self._T = state
        self.problem.T.x.array[:] = T

    def temperature_at(self, y: np.ndarray | float) -> np.ndarray:
        """Temperature (K) at heights y (m, y = 0 at the laminate's bottom face)."""
        return np.interp(y, self._y, self._T)

    def face_temperatures(self) -> tuple[float, float]:
        """(bottom, top) laminate face temperatures (K)."""
        return float(self.temperature_at(0.0)), float(self.temperature_at(self.laminate_thickness))

    def interface_temperatures(self) -> dict[str, float]:
        return {name: float(self.temperature_at(y)) for name, y in self.interfaces}
