"""The input-file reference, recorded from the readers themselves.

Every key of every thermobond TOML file is read through a :class:`~thermobond.schema.Section`
accessor. Running the readers over a set of valid files inside
:func:`~thermobond.schema.recording_keys` yields, for each key, what the code accepts: its kind
and unit, the default, the range or the choices, and the reader's line that reads it. The
default and range expressions are taken from that line's source, so a default computed from other
values (``min(width / 50, ...)``) is shown as the code computes it rather than as one number.
Descriptions come from docstrings (:mod:`.descriptions`); examples from the files themselves.

Completeness is checked, not hoped for: :func:`reader_call_sites` lists every accessor call in the
reader modules, and the tests require the example files to reach each of them.
"""

from __future__ import annotations

import ast
import inspect
import linecache
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from ..schema import MISSING, KeyRead, Section, file_kind, load_toml, recording_keys
from ..units import DIMENSIONS, to_celsius
from .descriptions import describe

__all__ = [
    "ACCESSORS",
    "READER_MODULES",
    "KeyDoc",
    "key_pattern",
    "key_reference",
    "reader_call_sites",
    "record_file",
    "toml_keys",
]

#: the :class:`Section` methods that read a key
ACCESSORS = (
    "quantity",
    "optional_quantity",
    "number",
    "integer",
    "string",
    "boolean",
    "path",
    "array",
    "section",
    "sections",
    "free_table",
)
#: modules (under the package folder) whose functions read input files through :class:`Section`
READER_MODULES = (
    "case/readers.py",
    "case/modelreaders.py",
    "case/patchreader.py",
    "process/segments.py",
    "materials/cards.py",
    "materials/interfacecard.py",
    "study/spec.py",
    "study/uqspec.py",
)
_PACKAGE = Path(__file__).resolve().parents[1]
_INDEX = re.compile(r"\[\d+\]")


@dataclass(frozen=True)
class KeyDoc:
    """One key of one kind of input file, as the reference shows it.

    Attributes:
        file_kind: ``case file``, ``material card``, ``interface card`` or ``study file``.
        key: Dotted key with array indices dropped (``stack.layers[].thickness``).
        table: The table holding it (``stack.layers[]``; ``""`` for the top level).
        accessor: How it is read (a :class:`Section` method name).
        kind: Quantity kind (a key of :data:`thermobond.units.DIMENSIONS`) or None.
        default: The default as text (``required`` when there is none).
        accepted: The accepted range or choices as text.
        example: A value as a bundled or example file writes it (TOML), or ``""``.
        example_file: The file the example is from.
        description: What the key means (from the docstrings).
        sites: ``module.py:line`` of every reader call that reads it.
        used_by: Which kinds of card read it (material cards), else empty.
        free_form: A table whose own keys are taken as they are (PETSc options, provenance).
    """

    file_kind: str
    key: str
    table: str
    accessor: str
    kind: str | None
    default: str
    accepted: str
    example: str
    example_file: str
    description: str
    sites: tuple[str, ...]
    used_by: tuple[str, ...] = ()
    free_form: bool = False


def key_pattern(key: str) -> str:
    """``stack.layers[2].thickness`` → ``stack.layers[].thickness``."""
    return _INDEX.sub("[]", key)


@dataclass
class _Recording:
    """The reads of one file and what the file holds."""

    path: Path
    kind: str
    card_kind: str
    data: dict[str, Any]
    reads: list[KeyRead] = field(default_factory=list)


def record_file(path: Path) -> tuple[str, list[KeyRead], dict[str, Any]]:
    """Run the reader of ``path``'s kind over it and return (file kind, its reads, its TOML data).

    Only the reads of ``path`` itself are kept (a case also reads its material cards: those are
    recorded from the cards).

    Raises:
        InputError: The file is not valid: reference files must load.
        ValueError: The file is not a thermobond TOML file.
    """
    from ..case import load_case
    from ..materials.cards import read_material
    from ..materials.interfacecard import load_interface_card
    from ..study.spec import load_study

    p = Path(path).resolve()
    data = load_toml(p)
    kind = file_kind(data)
    with recording_keys() as reads:
        if kind == "case file":
            load_case(p)
        elif kind == "material card":
            read_material(load_toml(p, "material card"), p)
        elif kind == "interface card":
            load_interface_card(p)
        elif kind == "study file":
            load_study(p)
        else:
            raise ValueError(f"{p} is not a thermobond case, card or study file")
    return kind, [r for r in reads if r.file == p], data


def toml_keys(data: dict[str, Any], prefix: str = "") -> list[str]:
    """Every dotted key a TOML document writes, tables included, with array-of-table indices."""
    out: list[str] = []
    for k, v in data.items():
        key = f"{prefix}.{k}" if prefix else str(k)
        out.append(key)
        if isinstance(v, dict):
            out += toml_keys(v, key)
        elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            for i, x in enumerate(v):
                out += toml_keys(x, f"{key}[{i}]")
    return out


# ---- the reader's call, read back from its source ---------------------------------------------
def _call_source(site: tuple[str, int, int, int, int]) -> ast.Call | None:
    """The accessor call at a recorded site, parsed (None if the source cannot be read)."""
    file, first, last, col, end_col = site
    lines = [line.encode() for line in linecache.getlines(file)[first - 1 : last]]
    if not lines:
        return None
    if len(lines) == 1:
        text = lines[0][col:end_col]
    else:
        text = lines[0][col:] + b"".join(lines[1:-1]) + lines[-1][:end_col]
    try:
        node = ast.parse(text.decode().strip(), mode="eval").body
    except SyntaxError:
        return None
    return node if isinstance(node, ast.Call) else None


def _arguments(read: KeyRead) -> dict[str, str]:
    """The source text of the accessor's arguments, by parameter name."""
    call = _call_source(read.site)
    if call is None:
        return {}
    sig = inspect.signature(getattr(Section, read.accessor))
    try:
        bound = sig.bind(
            None,
            *(ast.unparse(a) for a in call.args),
            **{k.arg: ast.unparse(k.value) for k in call.keywords if k.arg is not None},
        )
    except TypeError:
        return {}
    return {k: v for k, v in bound.arguments.items() if isinstance(v, str)}


def _literal(source: str | None, values: Sequence[Any] = ()) -> bool:
    """Whether an argument's source is a constant: a literal, or a bare name (a module constant, a
    parameter passed down) that had the same value in every recorded read."""
    if source is None:
        return True  # the accessor's own default
    if source.isidentifier() and source != "MISSING" and len({repr(v) for v in values}) == 1:
        return True
    try:
        ast.literal_eval(source)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False
    return True


def _show(value: float, kind: str | None) -> str:
    """A value in SI, written for a reader: temperatures in °C, lengths in µm or mm ..."""
    if kind is None or kind == "dimensionless":
        return f"{value:g}"
    if kind == "temperature":
        return f"{to_celsius(value):.6g} °C"
    from ..units import _registry

    q: Any = _registry().Quantity(value, DIMENSIONS[kind][1].replace("^", "**"))
    if value != 0 and kind not in ("temperature_difference", "expansion"):
        q = q.to_compact()
    if kind == "expansion":
        q = q.to("ppm/K")
    return f"{q:.6g~P}"


def _code(text: str) -> str:
    return f"`{text}` (computed)"


def _default_text(reads: Sequence[KeyRead], all_reads: Sequence[KeyRead], conditional: bool = False) -> str:
    """The default as text; ``conditional``: a required key that valid files may leave out (it is read
    only in some cases, which its description says)."""
    texts: list[str] = []
    for r in reads:
        same = [x.default for x in all_reads if x.site == r.site]
        src = _arguments(r).get("required" if r.accessor in ("section", "sections") else "default")
        if r.accessor in ("section", "sections"):
            text = ("required" if not conditional else "only in some cases") if r.default is MISSING else "optional"
        elif r.accessor == "optional_quantity":
            text = "none (optional)"
        elif r.accessor == "free_table":
            text = "empty"
        elif not _literal(src, same) and src != "MISSING":
            text = _code(src or "")
        elif r.default is MISSING:
            text = "required" if not conditional else "required in some cases"
        elif r.accessor == "quantity":
            text = _show(float(r.default), r.kind)
        elif isinstance(r.default, str):
            text = f'"{r.default}"' if r.default else '"" (none)'
        elif isinstance(r.default, bool):
            text = "true" if r.default else "false"
        elif isinstance(r.default, list):
            text = _toml_value(r.default)
        else:
            text = f"{r.default:g}" if isinstance(r.default, float) else str(r.default)
        if text not in texts:
            texts.append(text)
    return " or ".join(texts)


def _end(read: KeyRead, which: str, source: str | None, values: Sequence[Any]) -> str:
    value = read.lo if which == "lo" else read.hi
    if value is None:
        return "−∞" if which == "lo" else "∞"
    if not _literal(source, values):
        return f"`{source}`"
    if read.accessor == "integer":
        return str(int(value))
    if read.kind == "temperature" and value == 0:
        return "0 K"
    return _show(float(value), read.kind)


def _accepted_text(reads: Sequence[KeyRead], all_reads: Sequence[KeyRead]) -> str:
    texts: list[str] = []
    for r in reads:
        args = _arguments(r)
        los = [x.lo for x in all_reads if x.site == r.site]
        his = [x.hi for x in all_reads if x.site == r.site]
        if r.choices is not None:
            text = " | ".join(f'"{c}"' if c else '""' for c in r.choices)
        elif r.accessor in ("quantity", "optional_quantity", "number", "integer"):
            if r.lo is None and r.hi is None:
                text = "any" if r.accessor != "integer" else "any integer"
            else:
                left = "(" if r.lo_open or r.lo is None else "["
                right = ")" if r.hi_open or r.hi is None else "]"
                lo_text, hi_text = _end(r, "lo", args.get("lo"), los), _end(r, "hi", args.get("hi"), his)
                text = f"{left}{lo_text}, {hi_text}{right}"
        else:
            text = {
                "boolean": "true | false",
                "path": "a file path (relative to this file)",
                "array": "an array",
                "section": "a table",
                "sections": "an array of tables",
                "free_table": "any table",
            }.get(r.accessor, "a string")
        if text not in texts:
            texts.append(text)
    return "; or ".join(texts)


def _toml_value(value: Any, items: int = 4) -> str:
    """A value written as TOML on one line; long arrays cut after ``items`` entries."""
    if isinstance(value, list):
        shown = [_toml_value(v, 2) for v in value[:items]]
        return "[" + ", ".join(shown) + (", …" if len(value) > items else "") + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml_value(v, 2)}" for k, v in value.items()) + "}"
    text = tomli_w.dumps({"x": value}).strip()
    return text.split("=", 1)[1].strip() if text.startswith("x =") else ""


def _site(read: KeyRead) -> str:
    try:
        rel = Path(read.site[0]).resolve().relative_to(_PACKAGE)
    except ValueError:
        rel = Path(read.site[0])
    return f"{rel.as_posix()}:{read.site[1]}"


def _sometimes_absent(recordings: Sequence[_Recording]) -> set[tuple[str, str]]:
    """(file kind, key) of keys that some valid file of that kind does not write although it writes
    the table holding them: such a key cannot be required always."""
    present: dict[str, list[set[str]]] = {}
    for rec in recordings:
        present.setdefault(rec.kind, []).append({key_pattern(k) for k in toml_keys(rec.data)} | {""})
    out = set()
    for rec in recordings:
        for r in rec.reads:
            key = key_pattern(r.key)
            table = key.rpartition(".")[0]
            if any(table in keys and key not in keys for keys in present[rec.kind]):
                out.add((rec.kind, key))
    return out


def _free_form(recordings: Sequence[_Recording]) -> set[tuple[str, str]]:
    """(file kind, table) of tables whose keys were consumed without an accessor (free-form)."""
    out = set()
    for rec in recordings:
        read = {key_pattern(r.key) for r in rec.reads}
        tables = {key_pattern(r.key) for r in rec.reads if r.accessor in ("section", "free_table")}
        for key in toml_keys(rec.data):
            pat = key_pattern(key)
            if pat in read:
                continue
            # the nearest enclosing table that was read (a quoted key may itself hold dots)
            parents = [pat.rsplit(".", n)[0] for n in range(1, pat.count(".") + 1)]
            parent = next((q for q in parents if q in tables), None)
            if parent is not None and not any(q in read for q in parents[: parents.index(parent)]):
                out.add((rec.kind, parent))
    return out


def key_reference(files: Iterable[Path]) -> tuple[KeyDoc, ...]:
    """The reference of every key the readers read from ``files``, in reading order per file kind.

    Args:
        files: Valid thermobond TOML files (cases, material and interface cards, studies); the
            first file that writes a key gives its example.

    Raises:
        InputError: A file does not load.
    """
    recordings = []
    for path in files:
        kind, reads, data = record_file(path)
        card_kind = str(data.get("kind", "")) if kind == "material card" else ""
        recordings.append(_Recording(Path(path).resolve(), kind, card_kind, data, reads))
    free = _free_form(recordings)
    optional = _sometimes_absent(recordings)
    grouped: dict[tuple[str, str], list[tuple[_Recording, KeyRead]]] = {}
    for rec in recordings:
        for r in rec.reads:
            grouped.setdefault((rec.kind, key_pattern(r.key)), []).append((rec, r))
    out = []
    for (kind, key), items in grouped.items():
        reads = [r for _, r in items]
        by_site = {r.site: r for r in reads}  # one representative read per reader line
        distinct = list(by_site.values())
        example, example_file = "", ""
        if not any(r.accessor in ("section", "sections") for r in reads):
            for rec, r in items:
                if r.present:
                    example, example_file = _toml_value(r.value), rec.path.name
                    break
        table = key.rpartition(".")[0]
        first = distinct[0]
        out.append(
            KeyDoc(
                file_kind=kind,
                key=key,
                table=table,
                accessor=first.accessor,
                kind=first.kind,
                default=_default_text(distinct, reads, conditional=(kind, key) in optional),
                accepted=_accepted_text(distinct, reads),
                example=example,
                example_file=example_file,
                description=describe(kind, key, distinct),
                sites=tuple(dict.fromkeys(_site(r) for r in distinct)),
                used_by=tuple(sorted({rec.card_kind for rec, _ in items if rec.card_kind})),
                free_form=(kind, key) in free,
            )
        )
    return tuple(out)


def reader_call_sites(package: Path = _PACKAGE) -> set[tuple[str, int]]:
    """(module path, line) of every :class:`Section` accessor call in :data:`READER_MODULES`.

    A call is ``name.accessor(...)`` with ``name`` a local variable (``sec``, ``top``, ``s`` ...);
    ``np.array`` and the like are not Sections.
    """
    sites = set()
    for rel in READER_MODULES:
        path = package / rel
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ACCESSORS
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id not in ("np", "numpy", "self", "Path", "os")
            ):
                sites.add((rel, node.lineno))
    return sites
