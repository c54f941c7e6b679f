"""``thermobond mesh CASE``: a model's mesh only — XDMF for ParaView and a PNG picture, or the mesh in
another tool's format (``--format inp|med|msh|vtu|xdmf``) with every group named."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np

from .. import _mpi
from ..case import Case, InterfaceSpec, load_case
from ..errors import InputError
from ..report.meshplot import gather_cells, plot_mesh
from ..sinks import output_folder
from .common import EXIT_OK, results_dir, say

__all__ = ["main", "model_mesh"]

#: samples of the rigid metal surface written beside an interface cell (the polyline an outside
#: tool or an import sees: 4096 segments put a cosine within 5e-8 of its amplitude)
METAL_SAMPLES = 4097


def _interface_cell_mesh(comm: Any, spec: InterfaceSpec) -> tuple[Any, Any]:
    """The interface cell's mesh and surface, as :class:`thermobond.simulation.cell.InterfaceCell`
    builds them (the TPI's flat bottom on the surface's highest mesh node, pressing it by a hair), or
    imports them (``[interface.surface] kind = "mesh"``)."""
    # DOLFINx and Gmsh load only when a mesh is built (the CLI starts without them)
    from ..meshes import cell_mesh
    from ..simulation.cellimport import import_cell_mesh

    if spec.surface.cell is not None:
        cell = import_cell_mesh(comm, spec.surface.cell)
        return cell.mesh_data, cell.profile
    prof = spec.surface.profile
    xn = np.linspace(0.0, prof.length, 2 * spec.elements_along + 1)
    h_t = spec.layer.thickness
    y0 = float(np.max(prof(xn))) - max(1e-6 * (prof.peak - prof.valley), 1e-9 * h_t)
    h_core = spec.core_thickness if spec.core is not None else 0.0
    md = cell_mesh(
        comm,
        prof.length,
        y0,
        h_t,
        h_core if h_core > 0 else 0.25 * h_t,
        nx=spec.elements_along,
        n_tpi=spec.tpi_elements,
        n_pi=spec.core_elements if h_core > 0 else 1,
        ratio=spec.grading,
    )
    return md, prof


def model_mesh(comm: Any, case: Case, model: str) -> tuple[Any, dict[str, str], Any, str]:
    """A model's mesh (collective): MeshData, layer → material, the metal surface (x, z) or None,
    and the Abaqus idealisation."""
    if model == "interface":
        spec = case.interface
        if spec is None:
            raise InputError("the case has no interface model", key="--model", value="interface", accepted="stack")
        md, prof = _interface_cell_mesh(comm, spec)
        materials = {"tpi": _describe(spec.layer.material)}
        materials["pi"] = _describe(spec.core.material) if spec.core is not None else "stiff cap (no core)"
        x = np.linspace(0.0, prof.length, METAL_SAMPLES)
        return md, materials, (x, prof(x)), "hybrid"
    # DOLFINx and Gmsh load only when a mesh is built (the CLI starts without them)
    from ..simulation.stackmodel import build_stack_mesh

    materials = {layer.name: _describe(layer.material) for layer in case.stack.layers}
    return build_stack_mesh(comm, case), materials, None, case.mechanics.section


def _describe(material: Any) -> str:
    return f"{material.name} ({material.kind})"


def main(args: argparse.Namespace) -> int:
    # DOLFINx and Gmsh load only when a mesh is built (the CLI starts without them)
    from ..meshes.exchange import write_mesh
    from ..simulation.meshfiles import write_xdmf

    comm = _mpi.world()
    case = load_case(args.case)
    model = getattr(args, "model", "stack")
    out = output_folder(comm, results_dir(args.output, case.name, "mesh"))
    md, materials, metal, idealisation = model_mesh(comm, case, model)
    stem = "mesh" if model == "stack" else "interface_mesh"
    fmt = getattr(args, "format", None)
    if fmt is None:
        written: Path = out / f"{stem}.xdmf"
        write_xdmf(md, written)
    else:
        title = f"thermobond {model} mesh of case '{case.name}'"
        written = write_mesh(
            md, out / f"{stem}.{fmt}", fmt, materials=materials, metal=metal, idealisation=idealisation, title=title
        )
    cells = gather_cells(md)
    if cells is not None:
        plot_mesh(cells, out, stem, case.name)
    n = md.mesh.topology.index_map(2).size_global
    groups = [*md.physical_groups, *(["metal"] if metal is not None and fmt is not None else [])]
    say(f"Mesh of '{case.name}' ({model} model): {n} cells, groups: {', '.join(groups)}")
    say(f"  {written}, {out / f'{stem}.png'}")
    return EXIT_OK
