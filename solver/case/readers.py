"""Readers of a case file's tables and the rules that tie them together (see :mod:`thermobond.case`)."""

from __future__ import annotations

import copy
import dataclasses
import re
from pathlib import Path
from typing import Any, Literal, cast

import numpy as np

from ..errors import InputError
from ..materials import AnyMaterial, MetalMaterial, PolymerMaterial, ThermoplasticMaterial, load_material
from ..process import FACES, PLATEN, MeasuredTrace, Programme, read_recipe
from ..schema import MISSING, Section, load_toml
from .modelreaders import read_adhesion, read_interface
from .overrides import apply_override
from .patchreader import read_patch
from .physical import check_shift_laws
from .rollreader import read_roll
from .spec import (
    METAL_ROUTES,
    POLYMER_ROUTES,
    Case,
    InterfaceSpec,
    Layer,
    MechanicsSpec,
    MeshSpec,
    OutputSpec,
    Pad,
    RollSpec,
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


def _recipe(top: Section, stack: Stack) -> tuple[Programme, RollSpec | None, tuple[MeasuredTrace, ...]]:
    """The case's recipe: a press ``[cycle]`` or a roll line ``[roll]``, exactly one of them.

    Keys:
        cycle: The press recipe: ``[[cycle.segments]]`` from a start state, or a press ``log``.
        roll: A continuous roll-lamination line in place of ``[cycle]``: rolls, line load and
            speed, preheat and cooling zones; a slice of web taken through it is the recipe.

    Returns:
        The programme, the roll line (None for a press) and the measured temperatures
        (``[cycle.measured]``; none on a roll line).
    """
    has_cycle, has_roll = top.has("cycle"), top.has("roll")
    if has_cycle == has_roll:
        raise top.error(
            "roll" if has_roll else "cycle",
            "a case has a press cycle or a roll line: exactly one of [cycle] and [roll]"
            + (" (it has both)" if has_cycle else " (it has neither)"),
            None,
            "[cycle] (press segments or a press log) or [roll] (a roll-lamination line)",
        )
    if has_cycle:
        programme, measured = read_recipe(top.section("cycle"))
        return programme, None, measured
    roll = read_roll(top.section("roll"), stack)
    return roll.programme(), roll, ()


def _roll_rules(top: Section, stack: Stack, thermal: ThermalSpec, path: Path) -> None:
    """What a roll line cannot do that a press can: pads, a platen conductance, plated layers."""
    if thermal.conductance is not None or thermal.pads:
        raise InputError(
            "a roll line sets the laminate's faces itself ([roll] contact conductances, preheat and cooling "
            "zones): [thermal] takes only elements_per_layer with [roll]",
            file=path,
            key="thermal.conductance" if thermal.conductance is not None else "thermal.pads",
            accepted="no conductance and no pads in [thermal]",
        )
    for i, layer in enumerate(stack.layers):
        if layer.active_from is not None:
            raise InputError(
                "a layer born during the cycle (plated) has no roll-lamination route",
                file=path,
                key=f"stack.layers[{i}].active_from",
                value=layer.active_from,
                accepted="no active_from with [roll]",
            )


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


def _mechanics(sec: Section, programme: Programme, stack: Stack, width: float, roll: bool) -> MechanicsSpec:
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
    # a web on a roll line hangs in tension between rolls; it does not lie on a table
    weight = sec.boolean("own_weight", not roll)
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


def _solver(sec: Section, programme: Programme, roll: bool) -> SolverSpec:
    """The ``[solver]`` table (see :class:`~thermobond.case.spec.SolverSpec`).

    Keys:
        petsc: PETSc options merged over the defaults of every problem of the case, without the
            leading ``-`` and without a prefix (``snes_max_it = 30``, ``ksp_type = "preonly"``):
            strings, numbers or booleans.
    """
    duration = programme.duration
    init = sec.quantity("initial_step", "time", min(1.0, duration / 10), lo=1e-9, hi=duration)
    maxs = sec.quantity("max_step", "time", max(init, duration / 50), lo=init, hi=duration)
    # a recipe with short pieces (a roll nip of milliseconds) may need steps far below a microsecond
    shortest = float(min(b - a for a, b in zip(programme.breakpoints, programme.breakpoints[1:], strict=False)))
    mins = sec.quantity("min_step", "time", min(1e-6, init / 10, 1e-6 * shortest), lo=1e-12, hi=init)
    dT = sec.quantity("max_temperature_change", "temperature_difference", 5.0, lo=0.01, hi=200.0)
    dlog = sec.number("max_log_aT_change", 0.5, lo=0.01, hi=20.0)
    ratio = None
    if roll or sec.has("max_pressure_ratio"):  # a press's pressure ramps over minutes: no limit unless asked
        ratio = sec.number("max_pressure_ratio", 10.0, lo=1.1, hi=1e6)
    petsc: dict[str, Any] = {}
    pet = sec.section("petsc", required=False)
    for k, v in pet.data.items():
        if not isinstance(v, (str, int, float, bool)):
            raise pet.error(k, "PETSc option values must be strings, numbers or booleans", v)
        petsc[k] = v
        pet.used.add(k)
        pet.keep(k, v)
    sec.finish()
    return SolverSpec(init, maxs, mins, dT, dlog, petsc, ratio)


def _output(sec: Section) -> OutputSpec:
    fields = sec.boolean("fields", True)
    every = sec.integer("field_every", 10, lo=1, hi=100000)
    plots = sec.boolean("plots", True)
    sec.finish()
    return OutputSpec(fields, every, plots)


def _roll_interface(
    top: Section, stack: Stack, roll: RollSpec, programme: Programme, interface: InterfaceSpec | None
) -> tuple[RollSpec, Programme]:
    """An interface model driven by the recipe (``history = "cycle"``) sees the temperature of the
    interface it models: where ``roll.interface`` was left to its default, the recipe follows it."""
    if interface is None or interface.history != "cycle" or interface.metal is None:
        return roll, programme
    modelled = stack.interface(interface.metal.name, interface.layer.name).name
    if modelled == roll.interface:
        return roll, programme
    if "interface" in top.data["roll"]:
        raise top.error(
            "roll.interface",
            f"the interface model (history = 'cycle') models '{modelled}', the recipe follows '{roll.interface}'",
            roll.interface,
            f"'{modelled}', or leave roll.interface out",
        )
    top.resolved["roll"]["interface"] = modelled
    roll = dataclasses.replace(roll, interface=modelled)
    return roll, roll.programme()


def _measured_targets(
    traces: tuple[MeasuredTrace, ...], stack: Stack, models: tuple[str, ...], programme: Programme, path: Path
) -> None:
    """A measured temperature belongs to the platen, a face of the laminate or an interface the stack
    model computes, and overlaps the cycle."""
    names = [i.name for i in stack.interfaces]
    for trace in traces:
        if trace.target not in (PLATEN, *FACES, *names):
            raise InputError(
                "a measured temperature names the platen, a face of the laminate or an interface of the stack",
                file=path,
                key=trace.key,
                value=trace.target,
                accepted=", ".join(repr(n) for n in [PLATEN, *FACES, *names]),
            )
        if trace.target != PLATEN and "stack" not in models:
            raise InputError(
                f"the measured temperature of '{trace.target}' is compared with the stack model's: add 'stack' "
                "to analysis.models",
                file=path,
                key=trace.key,
                value=trace.target,
                accepted=f"'{PLATEN}' (the recipe's temperature) without the stack model",
            )
        inside = (trace.times >= 0.0) & (trace.times <= programme.duration)
        if np.count_nonzero(inside) < 2:
            raise InputError(
                f"{trace.source} has {np.count_nonzero(inside)} sample(s) inside the cycle (0 … "
                f"{programme.duration:.6g} s on the cycle's clock)",
                file=path,
                key=trace.key,
                accepted="a trace overlapping the cycle (cycle_start: the trace's time at which the cycle starts)",
            )


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
        patch: The 3-D interface patch (needs ``"patch"`` in ``analysis.models``): the areal
            surface, the layers, its mesh.
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
    order = ("stack", "interface", "patch")
    known = all(m in order for m in models) and len(set(models)) == len(models)
    if not models or not known or list(models) != sorted(models, key=order.index):
        raise an.error(
            "models",
            "unknown, repeated or out-of-order model",
            list(models),
            "a list of 'stack', 'interface' and 'patch', in this order",
        )
    an.finish()
    mesh = _mesh(top.section("mesh", required=False), stack, "stack" in models)
    programme, roll, measured = _recipe(top, stack)
    _measured_targets(measured, stack, models, programme, path)
    check_shift_laws(stack, programme, path)
    thermal = _thermal(top.section("thermal", required=False))
    if roll is not None:
        _roll_rules(top, stack, thermal, path)
    _births(stack, programme, path)
    mechanics = _mechanics(top.section("mechanics", required=False), programme, stack, mesh.width, roll is not None)
    solver = _solver(top.section("solver", required=False), programme, roll is not None)
    interface = None
    if "interface" in models:
        interface = read_interface(top.section("interface"), stack, programme, models)
    elif top.has("interface"):
        raise top.error("interface", "an [interface] table needs 'interface' in analysis.models")
    patch = None
    if "patch" in models:
        patch = read_patch(top.section("patch"), stack, programme, models)
    elif top.has("patch"):
        raise top.error("patch", "a [patch] table needs 'patch' in analysis.models")
    adhesion = None
    if top.has("adhesion"):
        adhesion = read_adhesion(top.section("adhesion"), stack, models, interface)
    if roll is not None:
        roll, programme = _roll_interface(top, stack, roll, programme, interface)
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
        roll=roll,
        patch=patch,
        quantity_kinds=dict(top.kinds),
        measured=measured,
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
