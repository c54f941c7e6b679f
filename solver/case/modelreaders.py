"""Readers of the ``[interface]`` and ``[adhesion]`` tables: which layers they concern and how."""

from __future__ import annotations

from typing import Any, Literal, cast

from ..errors import InputError
from ..materials import MetalMaterial, PolymerMaterial, ThermoplasticMaterial
from ..materials.interfacecard import load_interface_card
from ..meshes import surface as srf
from ..meshes.foils import FOIL_CLASSES, foil_profile
from ..process import Programme
from ..schema import MISSING, Section
from .spec import AdhesionSpec, CellFile, InterfaceSpec, Layer, SurfaceSpec
from .stack import Stack

__all__ = ["read_adhesion", "read_interface", "read_layers", "read_surface"]

_POLYMERS = (PolymerMaterial, ThermoplasticMaterial)


def read_surface(sec: Section) -> SurfaceSpec:
    """The rough metal surface of the interface cell (``[interface.surface]``, docs/theory/roughness.md).

    Keys:
        kind: ``sinusoid`` (amplitude, wavelength), ``nodules`` (spherical caps: radius, height,
            spacing, count, randomize, seed), ``trace`` (a profilometer trace: file, modes, blend),
            ``random`` (a Gaussian random profile: length, correlation_length, ra or rz, seed,
            modes), ``foil`` (a copper foil class: class, seed, modes) or ``mesh`` (a cell meshed
            outside thermobond, its metal line the surface: file, units, profile, modes, names).
        amplitude: Half the peak-to-valley height of the sinusoid (m): Rz = 2 × amplitude.
        wavelength: Wavelength of the sinusoid (m); the cell is half a wavelength wide.
        radius: Radius of the spherical cap of each nodule (m).
        height: Protrusion of each nodule above the base (m), at most its radius.
        spacing: Centre-to-centre spacing of the nodules (m).
        count: Nodules in the cell.
        randomize: Jitter of the nodules (0: a regular array): positions by ±randomize × spacing/2,
            heights scaled by 1 ± randomize/2.
        seed: Seed of the random numbers (the same seed gives the same surface).
        file: Profilometer trace (CSV with columns ``x`` and ``z`` and their units in the header,
            e.g. ``x [um], z [um]``), relative to the case file; the cell is the trace's length.
            For ``kind = "mesh"``, the cell's mesh file (see ``_mesh_surface``'s keys).
        modes: Fourier modes that represent the trace, random profile or foil (more resolve finer
            detail and need more elements along the cell); for ``kind = "mesh"`` with ``profile =
            "cosine"``, the terms of the series fitted to the metal line (default 256).
        blend: Fraction of the trace's length over which its end is cross-faded into its start to
            make it periodic (0 for a trace whose ends already meet).
        length: Length of the random profile, the cell's width (m).
        correlation_length: Correlation length of the random profile (m): the lateral size of
            its hills and valleys.
        ra: Target arithmetic mean roughness Ra of the random profile (m); give ``ra`` or ``rz``.
        rz: Target peak-to-valley height of the random profile over the cell (m; the highest peak
            minus the lowest valley, not the ISO 4287 mean over five sampling lengths); give
            ``ra`` or ``rz``.
        class: Copper foil class (``STD``, ``VLP``, ``HVLP``, ``RA``): a periodic nodular surface
            with the class's typical roughness (:mod:`thermobond.meshes.foils`).
    """
    kind = sec.string("kind", choices=("sinusoid", "nodules", "trace", "random", "foil", "mesh"))
    if kind == "mesh":
        return _mesh_surface(sec)
    try:
        if kind == "sinusoid":
            prof = srf.sinusoid(
                sec.quantity("amplitude", "length", lo=1e-9, hi=1e-3, lo_open=True),
                sec.quantity("wavelength", "length", lo=1e-8, hi=1e-2, lo_open=True),
            )
        elif kind == "nodules":
            prof = srf.nodules(
                sec.quantity("radius", "length", lo=1e-9, hi=1e-3, lo_open=True),
                sec.quantity("height", "length", lo=1e-9, hi=1e-3, lo_open=True),
                sec.quantity("spacing", "length", lo=1e-9, hi=1e-2, lo_open=True),
                count=sec.integer("count", 1, lo=1, hi=50),
                randomize=sec.number("randomize", 0.0, lo=0.0, hi=1.0),
                seed=sec.integer("seed", 0, lo=0),
            )
        elif kind == "trace":
            x, z = srf.read_trace(sec.path("file"))
            prof = srf.trace_profile(
                x, z, modes=sec.integer("modes", 64, lo=8, hi=512), blend=sec.number("blend", 0.1, lo=0.0, hi=0.45)
            )
        elif kind == "foil":
            grade = sec.string("class", choices=tuple(FOIL_CLASSES))
            prof = foil_profile(grade, seed=sec.integer("seed", 0, lo=0), modes=sec.integer("modes", 64, lo=8, hi=512))
        else:
            has_ra, has_rz = sec.has("ra"), sec.has("rz")
            if has_ra == has_rz:
                raise sec.error(None, "give exactly one of 'ra' or 'rz'")
            prof = srf.random_profile(
                sec.quantity("length", "length", lo=1e-8, hi=1e-2, lo_open=True),
                sec.quantity("correlation_length", "length", lo=1e-9, hi=1e-2, lo_open=True),
                ra=sec.quantity("ra", "length", lo=0, lo_open=True) if has_ra else None,
                rz=sec.quantity("rz", "length", lo=0, lo_open=True) if has_rz else None,
                seed=sec.integer("seed", 0, lo=0),
                modes=sec.integer("modes", 64, lo=8, hi=512),
            )
    except ValueError as exc:
        raise sec.error(None, str(exc)) from None
    sec.finish()
    return SurfaceSpec(prof, dict(sec.resolved))


def _mesh_surface(sec: Section) -> SurfaceSpec:
    """``kind = "mesh"``: an interface cell meshed outside thermobond (docs/theory/roughness.md). The
    file is read and checked now, on every rank (no mesh exists yet), so that a bad file is refused
    with the case and the surface is known before any solve.

    Keys:
        file: The cell as a 2-D mesh in any format meshio reads (``.med``, ``.msh``, ``.inp``,
            ``.vtu``, ...), relative to the case file: cell sets ``tpi`` and ``pi``; line sets
            ``surface`` (the TPI's bottom), ``top``, ``left`` and ``right`` (vertical symmetry
            planes at the ends) and, where the TPI does not yet fill the roughness, ``metal`` (the
            rigid surface; without it the ``surface`` is the metal). The file's mesh replaces
            ``[interface.mesh]`` and ``core_thickness``.
        units: Length unit of the mesh file's coordinates (``m``, ``mm``, ``um``, ``nm``).
        profile: The metal surface the contact law sees, from the file's metal line: ``linear``
            (the polyline through its nodes, exact there; one UFL term per kink, so for a line of a
            few hundred nodes at most; a TPI bottom lying on its kinks at zero gap can leave the
            contact's Newton iterations cycling) or ``cosine`` (a series of ``modes`` terms fitted
            to it: smooth, symmetric about the sides; for a finely sampled or a traced line).
        modes: Terms of the cosine series fitted to the metal line.
        names: The file's set names where they differ from thermobond's
            (``[interface.surface.names]``).
        names.tpi, names.pi, names.surface, names.top, names.left, names.right, names.metal: The
            name of that set in the mesh file (default: the thermobond name).
    """
    try:
        # meshio (the optional extra `exchange`) and MPI load only for an imported cell
        from ..meshes.importing import CELL_LAYERS, CELL_LINES, read_cell
    except ImportError as exc:
        raise sec.error(
            "kind", f"an imported cell needs meshio ({exc})", "mesh", "pip install 'thermobond[exchange]'"
        ) from None
    path = sec.path("file")
    units = sec.string("units", "m")
    shape = cast(Literal["linear", "cosine"], sec.string("profile", "linear", choices=("linear", "cosine")))
    modes = sec.integer("modes", 256, lo=8, hi=2048)
    table = sec.section("names", required=False)
    names = []
    for group in (*CELL_LAYERS, *CELL_LINES, "metal"):
        name = table.string(group, group)
        if name != group:
            names.append((group, name))
    table.finish()
    sec.finish()
    try:
        plain, prof = read_cell(path, units=units, names=dict(names), profile=shape, modes=modes)
    except InputError as exc:
        if exc.key == "units":  # the case's key, not a set of the file
            raise sec.error("units", exc.reason, units, exc.accepted) from None
        raise
    cell = CellFile(path, units, tuple(names), shape, modes, int(plain.cells.shape[0]))
    return SurfaceSpec(prof, dict(sec.resolved), cell)


def read_layers(
    sec: Section, stack: Stack, models: tuple[str, ...]
) -> tuple[Layer, Layer | None, Layer | None, str, float | None]:
    """The layers of a micro-scale model (the interface cell or the 3-D patch) and what drives it.

    Returns (layer, metal, core, history, bonding temperature in K or None): the polymer layer that
    flows (default: the first thermoplastic), the metal it fills (default: the first metal next to
    it; ``""`` for none), the layer on its other side (the core), the history (``cycle`` or
    ``stack``) and the bonding temperature (default: the layer's Tg).
    """
    tpis = stack.thermoplastics
    lname = sec.string("layer", tpis[0].name if tpis else stack.names[0], choices=stack.names)
    layer = stack.layer(lname)
    if not isinstance(layer.material, _POLYMERS):
        raise sec.error("layer", "the interface layer must be a thermoplastic or polymer layer", lname)
    metals = stack.metals_next_to(lname)
    mname = sec.string("metal", metals[0].name if metals else "", choices=[*stack.names, ""])
    metal = stack.layer(mname) if mname else None
    if metal is not None and metal.name not in {n.name for n in stack.neighbours(lname)}:
        raise sec.error("metal", f"the metal layer must be next to '{lname}'", mname)
    cores = [n for n in stack.neighbours(lname) if metal is None or n.name != metal.name]
    core = cores[0] if cores else None
    history = sec.string("history", "stack" if "stack" in models else "cycle", choices=("cycle", "stack"))
    if history == "stack" and "stack" not in models:
        raise sec.error("history", "history = 'stack' needs the stack model in analysis.models", history)
    if history == "stack" and metal is None:
        raise sec.error("history", "history = 'stack' needs a metal layer next to the interface layer", history)
    tg = layer.material.glass_transition
    tb = sec.optional_quantity("bonding_temperature", "temperature", lo=0, hi=873.15)
    bond = tb if tb is not None else (tg.value if tg is not None else None)
    return layer, metal, core, history, bond


def read_gas(sec: Section) -> tuple[str, float]:
    """The ``gas`` table of the interface or the patch: its mode and the press atmosphere's absolute
    pressure.

    Keys:
        gas.mode: ``none`` (nothing resists the gap's closing), ``vented`` (the gap stays at the
            press atmosphere's pressure, which then loads nothing) or ``sealed`` (each valley of the
            2-D cell, each pocket of the 3-D patch — a region of open gap that does not wrap around
            the periodic patch — traps the atmosphere's gas as the contact closes it off; its gauge
            pressure, from p V = p0 V0 T/T0, is an unknown of the Newton solve; the patch then
            needs ``linear_solver = "direct"``).
        gas.pressure: Absolute pressure of the press atmosphere (Pa): 0.1 MPa in air, 0 for a
            vacuum press (nothing is then trapped).
    """
    gas = sec.section("gas", required=False)
    mode = gas.string("mode", "none", choices=("none", "vented", "sealed"))
    pressure = gas.quantity("pressure", "pressure", 0.101325e6, lo=0.0, hi=10e6)
    gas.finish()
    return mode, pressure


def read_interface(sec: Section, stack: Stack, programme: Programme, models: tuple[str, ...]) -> InterfaceSpec:
    """The interface model's table: the polymer layer, the metal it fills, the surface, mesh, gas.

    Keys:
        surface: The rough metal surface (``[interface.surface]``).
        gas: Gas in the surface's valleys (``[interface.gas]``, :func:`read_gas`).
        card: The interface card whose bilinear cohesive law bonded points follow, relative to the
            case file. Default: the ``[adhesion] interface`` card; without either, bonds have
            unlimited strength.
        mesh: The cell's mesh (``[interface.mesh]``).
        mesh.elements_along: Elements along the cell (along the surface).
        mesh.tpi_elements: Elements through the thermoplastic layer.
        mesh.core_elements: Elements through the core layer.
    """
    layer, metal, core, history, bond = read_layers(sec, stack, models)
    surf = read_surface(sec.section("surface"))
    L = surf.profile.length
    core_t = sec.quantity("core_thickness", "length", min(core.thickness, 2 * L) if core else 0.0, lo=0.0, hi=1e-3)
    if core is None:
        core_t = 0.0
    gmode, gp = read_gas(sec)
    card = None
    if sec.has("card"):
        cpath = sec.path("card")
        try:
            card = load_interface_card(cpath)
        except InputError as exc:
            raise InputError(f"in interface card: {exc}", file=sec.file, key=sec.key("card")) from None
    m = sec.section("mesh", required=False)
    along = m.integer("elements_along", 32, lo=4, hi=2000)
    n_t = m.integer("tpi_elements", 10, lo=2, hi=200)
    n_c = m.integer("core_elements", 3, lo=1, hi=50)
    grading = m.number("grading", 1.15, lo=1.0, hi=2.0)
    m.finish()
    duration = programme.duration
    max_step = sec.quantity("max_step", "time", min(60.0, duration / 20), lo=1e-6, hi=duration)
    sec.finish()
    return InterfaceSpec(
        layer,
        core,
        metal,
        surf,
        core_t,
        cast(Literal["cycle", "stack"], history),
        bond,
        cast(Literal["none", "vented", "sealed"], gmode),
        gp,
        along,
        n_t,
        n_c,
        grading,
        max_step,
        card,
    )


def read_adhesion(sec: Section, stack: Stack, models: tuple[str, ...], interface: InterfaceSpec | None) -> AdhesionSpec:
    """The bond and peel evaluation: the interface card, the bonded layer, the peeled arm, the test.

    Keys:
        interface: The interface card (intrinsic toughness and bond kinetics of the metal–TPI
            interface), relative to the case file.
        toughness_factor: Multiplies the card's Γ_int (default 1): a study varies it, and an
            uncertainty analysis scatters it by the card's calibrated covariance.
        kinetics_factor: Multiplies the card's kinetics parameter (default 1): the bond time t_b of
            a shift-clock card, the prefactor k0 of an Arrhenius card (a shorter bond time).
            Both factors also apply to the interface model's bonds when they follow this card.
    """
    cpath = sec.path("interface")
    try:
        card = load_interface_card(cpath)
    except InputError as exc:
        raise InputError(f"in interface card: {exc}", file=sec.file, key=sec.key("interface")) from None
    card = card.scaled(
        sec.number("toughness_factor", 1.0, lo=1e-3, hi=1e3),
        sec.number("kinetics_factor", 1.0, lo=1e-6, hi=1e6),
    )
    if interface is not None and interface.metal is not None:
        default_layer: Any = interface.layer.name
    else:
        bonded = stack.bonded_thermoplastics
        default_layer = bonded[0].name if bonded else MISSING
    lname = sec.string("layer", default_layer, choices=stack.names)
    layer = stack.layer(lname)
    if not isinstance(layer.material, _POLYMERS) or not stack.metals_next_to(lname):
        raise sec.error("layer", "the bonded layer must be a polymer layer next to a metal layer", lname)
    if card.kinetics.law == "shift_clock" and not isinstance(layer.material, ThermoplasticMaterial):
        raise sec.error(
            "layer", "a shift-clock bond kinetics needs a thermoplastic layer with viscoelastic data", lname
        )
    # default arm: the metal layers stacked on the bonded layer, walking away from it
    if interface is not None and interface.metal is not None and interface.layer.name == lname:
        first = interface.metal.name
    else:
        first = stack.metals_next_to(lname)[0].name
    run = [layer.name for layer in stack.metal_run(lname, first)]
    arm_names = sec.array("arm", run)
    if not arm_names or any(a not in run for a in arm_names) or arm_names != run[: len(arm_names)]:
        raise sec.error(
            "arm",
            "the peeled arm is the run of metal layers on the bonded layer, starting next to it",
            arm_names,
            " then ".join(run),
        )
    arm = tuple(stack.layer(a) for a in arm_names)
    angle = sec.number("angle", 90.0, lo=1.0, hi=180.0)
    t_test = sec.quantity("test_temperature", "temperature", 296.15, lo=173.15, hi=673.15)
    h15 = sec.quantity("claim_thickness", "length", 15e-6, lo=1e-7, hi=1e-3)
    foundation = sec.string("foundation", "auto", choices=("auto", "rigid"))
    has_interface = (
        "interface" in models
        and interface is not None
        and interface.layer.name == lname
        and interface.metal is not None
        and interface.metal.name == arm[0].name
    )
    default_contact: Any = "interface" if has_interface else "complete" if arm[0].dry_plated else MISSING
    if default_contact is MISSING and not sec.has("contact"):
        raise sec.error(
            "contact",
            f"how much of the {arm[0].formed_by} '{arm[0].name}' is in contact with '{lname}' comes from the "
            "interface model: add 'interface' to analysis.models (with [interface] layer and metal set to "
            "these layers), or set adhesion.contact = 'complete' to assume full contact from the start",
        )
    contact = sec.string("contact", default_contact, choices=("interface", "complete"))
    if contact == "interface" and not has_interface:
        raise sec.error(
            "contact",
            f"contact = 'interface' needs the interface model of '{lname}' against '{arm[0].name}'",
            contact,
            "'complete', or add the interface model",
        )
    if not all(isinstance(a.material, MetalMaterial) for a in arm):  # guaranteed by metal_run; kept explicit
        raise sec.error("arm", "every layer of the peeled arm must be a metal", arm_names)
    sec.finish()
    return AdhesionSpec(
        card,
        layer,
        arm,
        angle,
        t_test,
        h15,
        cast(Literal["auto", "rigid"], foundation),
        cast(Literal["interface", "complete"], contact),
    )
