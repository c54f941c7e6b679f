"""Reader of the ``[patch]`` table: the 3-D interface patch on an areal surface."""

from __future__ import annotations

from typing import Any, Literal, cast

from ..errors import InputError
from ..materials import ThermoplasticMaterial
from ..meshes import areal
from ..meshes.heightmap import read_height_map
from ..process import Programme
from ..schema import Section
from .modelreaders import read_gas, read_layers
from .spec import PatchSpec
from .stack import Stack

__all__ = ["read_areal_surface", "read_patch"]

Lattice = Literal["square", "hexagonal"]


def read_areal_surface(sec: Section) -> Any:
    """The rigid areal surface of the patch (``[patch.surface]``, docs/theory/roughness.md).

    Keys:
        kind: ``bisinusoid`` (amplitude, wavelength), ``nodules`` (spherical caps on a lattice:
            radius, height, spacing, lattice, cells, randomize, seed, rounding), ``self_affine`` (a
            random Gaussian surface: hurst, short_cutoff, long_cutoff, size, sq or sa, seed) or
            ``height_map`` (a measured map: file, blend).
        amplitude: Δ of the bisinusoid h = Δ cos(2πx/λ) cos(2πy/λ) (m): Sz = 2Δ, Sq = Δ/2.
        wavelength: λ of the bisinusoid (m), the patch's side.
        radius: Radius of each nodule's spherical cap (m).
        height: Protrusion of each nodule above the base (m), at most its radius.
        spacing: Distance between neighbouring nodule centres (m).
        lattice: ``square`` (a patch of cells × cells nodules) or ``hexagonal`` (two nodules per
            cell of spacing × spacing·√3).
        cells: Lattice cells along each side of the patch.
        randomize: Jitter of the nodules, in [0, 1): centres moved by up to ±randomize × spacing/2,
            heights scaled by 1 ± randomize/2.
        seed: Seed of the random numbers (the same seed gives the same surface).
        rounding: Standard deviation of the Gaussian that rounds the nodules' feet (m); default
            radius/10.
        hurst: Hurst exponent H of the self-affine surface, in (0, 1).
        short_cutoff: Shortest wavelength of the self-affine surface (m).
        long_cutoff: Roll-off wavelength (m): the spectrum is flat above it; at most ``size``.
        size: Side of the square self-affine patch (m).
        sq: Root-mean-square height Sq of the self-affine surface (m); give ``sq`` or ``sa``.
        sa: Arithmetic mean height Sa of the self-affine surface (m); give ``sq`` or ``sa``.
        file: The height map (format: docs/theory/roughness.md), relative to the case file; the
            patch is the map's extent.
        blend: Fraction of each side of the map cross-faded to make it periodic (0 for a map that is
            periodic already).
    """
    from ..simulation.patchsurface import Bisinusoid  # numpy and UFL only: no PETSc at reading

    kind = sec.string("kind", choices=("bisinusoid", "nodules", "self_affine", "height_map"))
    try:
        if kind == "bisinusoid":
            surface: Any = Bisinusoid(
                sec.quantity("amplitude", "length", lo=1e-9, hi=1e-3, lo_open=True),
                sec.quantity("wavelength", "length", lo=1e-8, hi=1e-2, lo_open=True),
            )
        elif kind == "nodules":
            radius = sec.quantity("radius", "length", lo=1e-9, hi=1e-3, lo_open=True)
            surface = areal.nodular(
                sec.quantity("spacing", "length", lo=1e-9, hi=1e-2, lo_open=True),
                radius,
                sec.quantity("height", "length", lo=1e-9, hi=1e-3, lo_open=True),
                lattice=cast(Lattice, sec.string("lattice", "square", choices=("square", "hexagonal"))),
                cells=sec.integer("cells", 1, lo=1, hi=8),
                jitter=sec.number("randomize", 0.0, lo=0.0, hi=0.95),
                seed=sec.integer("seed", 0, lo=0),
                rounding_m=sec.quantity("rounding", "length", radius / 10, lo=1e-10, hi=1e-3, lo_open=True),
            )
        elif kind == "self_affine":
            has_sq, has_sa = sec.has("sq"), sec.has("sa")
            if has_sq == has_sa:
                raise sec.error(None, "give exactly one of 'sq' or 'sa'")
            surface = areal.self_affine(
                sec.number("hurst", lo=0.01, hi=0.99),
                short_cutoff_m=sec.quantity("short_cutoff", "length", lo=1e-9, hi=1e-3, lo_open=True),
                long_cutoff_m=sec.quantity("long_cutoff", "length", lo=1e-9, hi=1e-2, lo_open=True),
                size_m=sec.quantity("size", "length", lo=1e-8, hi=1e-2, lo_open=True),
                rms_height_m=sec.quantity("sq", "length", lo=0, hi=1e-3, lo_open=True) if has_sq else None,
                sa_m=sec.quantity("sa", "length", lo=0, hi=1e-3, lo_open=True) if has_sa else None,
                seed=sec.integer("seed", 0, lo=0),
            )
        else:
            path = sec.path("file")
            blend = sec.number("blend", 0.1, lo=0.0, hi=0.45)
            try:
                surface = read_height_map(path, blend=blend)
            except InputError as exc:
                raise InputError(f"in height map: {exc}", file=sec.file, key=sec.key("file")) from None
    except ValueError as exc:
        raise sec.error(None, str(exc)) from None
    sec.finish()
    return surface


def read_patch(sec: Section, stack: Stack, programme: Programme, models: tuple[str, ...]) -> PatchSpec:
    """The 3-D interface patch's table: the polymer layer, the metal it fills, the areal surface, mesh.

    Keys:
        surface: The rigid areal surface (``[patch.surface]``).
        mesh: The patch's hexahedral Q2 mesh (``[patch.mesh]``).
        mesh.elements_xy: Elements along each side of the patch (the surface's finest detail needs
            about two elements per wavelength).
        mesh.elements_z: Elements through the thermoplastic layer.
        mesh.core_elements: Elements through the core layer.
        mesh.grading: Growth g of the element heights in the thermoplastic away from the surface.
        linear_solver: How Newton's linear systems are solved: ``direct`` (MUMPS, the default: the
            fastest up to some 10⁵ unknowns) or ``iterative`` (flexible GMRES, a Schur-complement
            field split with multigrid on the displacements: memory and time that grow about
            linearly with the unknowns, for patches beyond one machine).
        gas: Gas between the layer and the surface (``[patch.gas]``, :func:`read_gas`).
    """
    layer, metal, core, history, bond = read_layers(sec, stack, models)
    if not isinstance(layer.material, ThermoplasticMaterial):
        msg = "the patch layer needs a thermoplastic card (a Prony series and a shift law)"
        raise sec.error("layer", msg, layer.name)
    surf_sec = sec.section("surface")
    surface = read_areal_surface(surf_sec)
    side = max(float(surface.period_x_m), float(surface.period_y_m))
    core_t = sec.quantity("core_thickness", "length", min(core.thickness, side) if core else 0.0, lo=0.0, hi=1e-3)
    if core is None or core_t == 0.0:
        core, core_t = None, 0.0
    m = sec.section("mesh", required=False)
    n_xy = m.integer("elements_xy", 8, lo=2, hi=256)
    n_z = m.integer("elements_z", 4, lo=1, hi=64)
    n_c = m.integer("core_elements", 2, lo=1, hi=32)
    grading = m.number("grading", 1.5, lo=1.0, hi=4.0)
    m.finish()
    duration = programme.duration
    max_step = sec.quantity("max_step", "time", min(60.0, duration / 20), lo=1e-6, hi=duration)
    linear_solver = sec.string("linear_solver", "direct", choices=("direct", "iterative"))
    gmode, gp = read_gas(sec)
    if gmode == "sealed" and gp > 0 and linear_solver != "direct":
        msg = "sealed gas needs linear_solver = 'direct' (each pocket's pressure is a dense row of the system)"
        raise sec.error("linear_solver", msg, linear_solver)
    description = dict(surf_sec.resolved)
    sec.finish()
    return PatchSpec(
        layer,
        core,
        metal,
        surface,
        description,
        core_t,
        cast(Literal["cycle", "stack"], history),
        bond,
        n_xy,
        n_z,
        n_c,
        grading,
        max_step,
        cast(Literal["direct", "iterative"], linear_solver),
        cast(Literal["none", "vented", "sealed"], gmode),
        gp,
    )
