"""Readers of a case file's tables and the rules that tie them together (see :mod:`thermobond.case`)."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any, Literal, cast

from ..errors import InputError
from ..materials import AnyMaterial, MetalMaterial, PolymerMaterial, ThermoplasticMaterial, load_material
from ..process import Programme, read_cycle
from ..schema import MISSING, Section, load_toml
from .modelreaders import read_adhesion, read_interface
from .overrides import apply_override
from .physical import check_shift_laws
from .spec import (
    METAL_ROUTES,
    POLYMER_ROUTES,
    Case,
    Layer,
    MechanicsSpec,
    MeshSpec,
    OutputSpec,
    Pad,
    SolverSpec,
    ThermalSpec,
)
from .stack import Stack

__all__ = ["SCHEMA_VERSION", "load_case", "read_case"]

SCHEMA_VERSION = 1
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,40}$")
SOLIDS = (MetalMaterial, PolymerMaterial, ThermoplasticMaterial)


def _material(sec: Section, key: str, kinds: tuple[str, ...]) -> AnyMaterial:
    path = sec.path(key)
    try:
        mat = load_material(path)
    except InputError as exc:
        raise InputError(f"in material card: {exc}", file=sec.file, key=sec.key(key)) from None
    if mat.kind not in kinds:
        raise sec.error(key, f"material '{mat.name}' is of kind '{mat.kind}'", str(path), " or ".join(kinds))
    return mat


def _name(sec: Section, seen: set[str]) -> str:
    name = sec.string("name")
    if not _NAME.match(name):
        raise sec.error("name", "names start with a letter and use letters, digits, '_' or '-' (≤ 41 chars)", name)
    if name in seen:
        raise sec.error("name", "names must be unique", name)
    seen.add(name)
    return name


def _layers(stack: Section) -> Stack:
    """The ``[[stack.layers]]`` (see :class:`~thermobond.case.spec.Layer` for each key).

    Keys:
        layers: The layers of the laminate, bottom → top, 1 to 20 of them.
    """
    secs = stack.sections("layers")
    if not 1 <= len(secs) <= 20:
        raise stack.error("layers", "wrong number of layers", len(secs), "1 … 20 layers")
    seen: set[str] = set()
    layers = []
    for s in secs:
        name = _name(s, seen)
        mat = _material(s, "material", ("metal", "polymer", "thermoplastic"))
        if not isinstance(mat, SOLIDS):  # the kinds above are the solid ones
            raise s.error("material", "a layer needs a solid material", str(mat.path))
        t = s.quantity("thickness", "length", lo=1e-9, hi=5e-3)
        n = s.integer("elements", 4, lo=1, hi=200)
        sig = s.quantity("intrinsic_stress", "stress", 0.0, lo=-5e9, hi=5e9)
        born = s.string("active_from", "") or None
        if isinstance(mat, MetalMaterial):
            formed = s.string("formed_by", "electroplating" if born else "foil", choices=METAL_ROUTES)
        else:
            formed = s.string("formed_by", "film", choices=POLYMER_ROUTES)
        s.finish()
        layers.append(Layer(name, mat, t, n, sig, born, formed))
    stack.finish()
    return Stack(tuple(layers))


def _mesh(sec: Section, stack: Stack, needed: bool = True) -> MeshSpec:
    total = stack.total_thickness
    layers = stack.layers
    width = sec.quantity("width", "length", MISSING if needed else 50 * total, lo=2 * total, hi=1.0)
    size = sec.quantity("element_size", "length", min(width / 50, 20 * total / 10), lo=width / 5000, hi=width / 4)
    edge = sec.quantity(
        "edge_element_size", "length", min(size, min(layer.thickness for layer in layers)), lo=size / 1000, hi=size
    )
    growth = sec.number("growth", 1.2, lo=1.0, hi=2.0)
    grading = sec.number("interface_grading", 1.0, lo=1.0, hi=10.0)
    degree = sec.integer("degree", 2, lo=1, hi=3)
    sec.finish()
    return MeshSpec(width, size, edge, growth, grading, degree)


def _thermal(sec: Section) -> ThermalSpec:
    """The ``[thermal]`` table (see :class:`~thermobond.case.spec.ThermalSpec`).

    Keys:
        pads: Press pads and release films (``[[thermal.pads]]``), listed from the laminate outward;
            each is conducted through, not deformed.
        pads.elements: Elements through the pad's thickness in the thermal column.
    """
    h = sec.optional_quantity("conductance", "conductance", lo=1.0, hi=1e9)
    n = sec.integer("elements_per_layer", 4, lo=1, hi=100)
    pads = []
    seen: set[str] = set()
    for s in sec.sections("pads", required=False):
        name = _name(s, seen)
        mat = _material(s, "material", ("thermal", "polymer", "metal", "thermoplastic"))
        t = s.quantity("thickness", "length", lo=1e-7, hi=0.05)
        side = s.string("side", "both", choices=("top", "bottom", "both"))
        ne = s.integer("elements", 8, lo=1, hi=200)
        s.finish()
        pads.append(Pad(name, mat, t, side, ne))  # type: ignore[arg-type]
    sec.finish()
    return ThermalSpec(h, tuple(pads), n)


def _births(stack: Stack, programme: Programme, path: Path) -> None:
    """Rules of layers born during the cycle (plated conductors)."""
    for i, layer in enumerate(stack.layers):
        if layer.active_from is None:
            continue
        key = f"stack.layers[{i}].active_from"
        if layer.active_from not in programme.names[1:]:
            raise InputError(
                "active_from must name a cycle segment",
                file=path,
                key=key,
                value=layer.active_from,
                accepted=", ".join(programme.names[1:]),
            )
        if any(other.active_from is None for other in stack.layers[i + 1 :]):
            raise InputError(
                "a layer born during the cycle (plated) must lie above every layer that exists from the start",
                file=path,
                key=key,
                value=layer.active_from,
            )
        if programme.pressed_after(programme.segment(layer.active_from)[0]):
            raise InputError(
                "pressing after a layer is born is not supported: release the pressure before the "
                "segment the layer is born in",
                file=path,
                key=key,
                value=layer.active_from,
            )


def _mechanics(sec: Section, programme: Programme, stack: Stack, width: float) -> MechanicsSpec:
    """The ``[mechanics]`` table (see :class:`~thermobond.case.spec.MechanicsSpec`).

    Keys:
        plane: The former name of ``section``: ``"strain"`` is ``section = "plane_strain"`` and
            ``"stress"`` is ``"plane_stress"``; ``"plate"`` (a generalized plane strain shared by all
            layers) was removed and is refused. Give ``section`` or ``plane``, not both.
        section: ``axisymmetric`` (the default: a round coupon of diameter ``mesh.width``, isotropic
            in its plane, free to curl the same in every direction), ``plane_strain`` (a cut through
            a long strip held straight along its length, ε_zz = 0) or ``plane_stress`` (a narrow
            strip, σ_zz = 0).
    """
    if sec.has("plane"):
        plane = sec.string("plane", choices=("plate", "strain", "stress"))
        if plane == "plate":
            raise sec.error(
                "plane",
                "'plate' (one out-of-plane strain plane shared by all layers) was removed: it held a molten "
                "layer's neighbours together out of plane and overestimated curl after heating through Tg",
                plane,
                "section = 'axisymmetric' (a round coupon: the default), 'plane_strain' or 'plane_stress'",
            )
        if sec.has("section"):
            raise sec.error("plane", "give 'section' only ('plane' is its old name)", plane)
        section = {"strain": "plane_strain", "stress": "plane_stress"}[plane]
    else:
        section = sec.string("section", "axisymmetric", choices=("axisymmetric", "plane_strain", "plane_stress"))
    T0 = float(programme.temperatures[0])
    tsf = sec.quantity("stress_free_temperature", "temperature", T0, lo=173.15, hi=873.15)
    platen = sec.string("platen", "rigid", choices=("rigid", "pressure"))
    edges = sec.string("edges_while_pressed", "sheet", choices=("sheet", "free"))
    visco = sec.boolean("viscoelastic", True)
    plastic = sec.boolean("plasticity", True)
    weight = sec.boolean("own_weight", True)
    size = sec.quantity("sheet_size", "length", 0.1, lo=1e-3, hi=10.0)
    shape = sec.string("sheet_shape", "square", choices=("square", "round"))
    H = stack.total_thickness
    d = sec.quantity("edge_distance", "length", H, lo=0.0, hi=0.25 * width)
    length = sec.quantity("edge_length", "length", H, lo=0.0, hi=0.25 * width)
    sec.finish()
    kind = {"axisymmetric": "axisymmetric", "plane_strain": "strain", "plane_stress": "stress"}[section]
    return MechanicsSpec(
        cast(Literal["axisymmetric", "strain", "stress"], kind),
        tsf,
        visco,
        plastic,
        cast(Literal["rigid", "pressure"], platen),
        cast(Literal["sheet", "free"], edges),
        weight,
        size,
        cast(Literal["square", "round"], shape),
        d,
        length,
    )


def _solver(sec: Section, programme: Programme) -> SolverSpec:
    """The ``[solver]`` table (see :class:`~thermobond.case.spec.SolverSpec`).

    Keys:
        petsc: PETSc options merged over the defaults of every problem of the case, without the
            leading ``-`` and without a prefix (``snes_max_it = 30``, ``ksp_type = "preonly"``):
            strings, numbers or booleans.
    """
    duration = programme.duration
    init = sec.quantity("initial_step", "time", min(1.0, duration / 10), lo=1e-9, hi=duration)
    maxs = sec.quantity("max_step", "time", max(init, duration / 50), lo=init, hi=duration)
    mins = sec.quantity("min_step", "time", min(1e-6, init / 10), lo=1e-12, hi=init)
    dT = sec.quantity("max_temperature_change", "temperature_difference", 5.0, lo=0.01, hi=200.0)
    dlog = sec.number("max_log_aT_change", 0.5, lo=0.01, hi=20.0)
    petsc: dict[str, Any] = {}
    pet = sec.section("petsc", required=False)
    for k, v in pet.data.items():
        if not isinstance(v, (str, int, float, bool)):
            raise pet.error(k, "PETSc option values must be strings, numbers or booleans", v)
        petsc[k] = v
        pet.used.add(k)
        pet.keep(k, v)
    sec.finish()
    return SolverSpec(init, maxs, mins, dT, dlog, petsc)


def _output(sec: Section) -> OutputSpec:
    fields = sec.boolean("fields", True)
    every = sec.integer("field_every", 10, lo=1, hi=100000)
    plots = sec.boolean("plots", True)
    sec.finish()
    return OutputSpec(fields, every, plots)


def read_case(data: dict[str, Any], path: Path) -> Case:
    """Validate a parsed case (see module docstring).

    Keys:
        schema_version: Version of the case-file layout; 1.
        name: Case name: a letter, then letters, digits, ``_`` or ``-``; it names the results
            folder (``results/<name>``).
        description: Free text, repeated in the outputs.
        stack: The laminate: ``[[stack.layers]]``, bottom → top.
        analysis: Which models run (``models``).
        mesh: In-plane meshing of the stack model's section.
        cycle: The recipe: ``[[cycle.segments]]`` from a start state, or a press ``log``.
        thermal: Press pads, release films and the platens' contact conductance.
        mechanics: Options of the stack model: section, platens, edges, the reported sheet.
        solver: Time stepping and PETSc options.
        interface: The interface model (needs ``"interface"`` in ``analysis.models``): the rough
            surface, the layers, gas in the valleys, its mesh.
        adhesion: Bond development and the peel test: the interface card, the peeled arm, the test.
        output: What a run writes besides ``history.csv`` and ``summary.json``.

    Raises:
        InputError: The first problem found, naming file, key, value and what is accepted.
    """
    top = Section(data, path)
    version = top.integer("schema_version")
    if version != SCHEMA_VERSION:
        raise top.error("schema_version", "unsupported schema version", version, str(SCHEMA_VERSION))
    name = top.string("name")
    if not _NAME.match(name):
        raise top.error("name", "a case name starts with a letter and uses letters, digits, '_' or '-'", name)
    description = top.string("description", "")
    stack = _layers(top.section("stack"))
    an = top.section("analysis", required=False)
    models = tuple(an.array("models", ["stack"]))
    if not models or any(m not in ("stack", "interface") for m in models) or len(set(models)) != len(models):
        raise an.error("models", "unknown or repeated model", list(models), "a list of 'stack' and/or 'interface'")
    an.finish()
    mesh = _mesh(top.section("mesh", required=False), stack, "stack" in models)
    programme = read_cycle(top.section("cycle"))
    check_shift_laws(stack, programme, path)
    thermal = _thermal(top.section("thermal", required=False))
    _births(stack, programme, path)
    mechanics = _mechanics(top.section("mechanics", required=False), programme, stack, mesh.width)
    solver = _solver(top.section("solver", required=False), programme)
    interface = None
    if "interface" in models:
        interface = read_interface(top.section("interface"), stack, programme, models)
    elif top.has("interface"):
        raise top.error("interface", "an [interface] table needs 'interface' in analysis.models")
    adhesion = None
    if top.has("adhesion"):
        adhesion = read_adhesion(top.section("adhesion"), stack, models, interface)
    output = _output(top.section("output", required=False))
    top.finish()
    return Case(
        path=path,
        name=name,
        description=description,
        stack=stack,
        mesh=mesh,
        programme=programme,
        thermal=thermal,
        mechanics=mechanics,
        solver=solver,
        output=output,
        resolved=top.resolved,
        models=models,
        interface=interface,
        adhesion=adhesion,
        quantity_kinds=dict(top.kinds),
    )


def load_case(path: str | Path, **overrides: Any) -> Case:
    """Read and validate a case file, optionally changing some of its values first.

    Args:
        path: The case file (TOML).
        **overrides: Dotted keys (see :mod:`thermobond.case.overrides`) and values written as in a
            case file, e.g. ``load_case("c.toml", **{"cycle.hold.temperature": "340 degC"})``; a key
            without dots may use ``__`` for them (``cycle__hold__temperature="340 degC"``).

    Raises:
        InputError: The file is missing, not TOML, an override does not address the case, or the
            case fails validation.
    """
    p = Path(path).resolve()
    data = load_toml(p, "case file")
    if overrides:
        data = copy.deepcopy(data)
        for key, value in overrides.items():
            dotted = key.replace("__", ".")
            try:
                apply_override(data, dotted, value)
            except KeyError as exc:
                raise InputError(str(exc.args[0]), file=p, key=dotted, value=value) from None
    return read_case(data, p)
