"""Reading validated TOML tables: every key is consumed once, unknown keys are errors.

A :class:`Section` wraps one TOML table of one file. Each accessor parses and range-checks a key
and records the value it settled on (including defaults) in :attr:`Section.resolved`, so the
resolved input can be written back out exactly as it was understood.

Inside :func:`recording_keys` every accessor also reports what it was asked to read — the key, its
kind, default, range and choices, and the reader's line that asked — as a :class:`KeyRead`. The
case-file reference of the documentation is generated that way from the readers themselves
(:mod:`thermobond.docsite.keyref`), so it lists exactly what the code accepts.
"""

from __future__ import annotations

import contextlib
import difflib
import math
import sys
import tomllib
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError
from .textfiles import read_text
from .units import format_quantity, parse_quantity, to_celsius

__all__ = ["FILE_KINDS", "MISSING", "KeyRead", "Section", "file_kind", "load_toml", "recording_keys"]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class KeyRead:
    """One key a reader asked a :class:`Section` for (recorded inside :func:`recording_keys`).

    Attributes:
        file: The input file.
        key: Dotted key as the file writes it (``cycle.segments[0].temperature``).
        accessor: The :class:`Section` method: ``quantity``, ``optional_quantity``, ``number``,
            ``integer``, ``string``, ``boolean``, ``path``, ``array``, ``section``, ``sections`` or
            ``free_table``.
        present: Whether the file gives the key.
        value: The value as written (None when absent).
        default: The default the reader passed, in SI for quantities; :data:`MISSING` when the key
            is required, None for an optional quantity.
        kind: The kind of quantity (a key of :data:`thermobond.units.DIMENSIONS`), or None.
        lo: Lower end of the accepted range (SI), or None.
        hi: Upper end of the accepted range (SI), or None.
        lo_open: The lower end itself is refused.
        hi_open: The upper end itself is refused.
        choices: The accepted strings, or None for any.
        site: (source file, first line, last line, first column, end column) of the reader's call.
        function: Qualified name of the reader function that made the call.
    """

    file: Path
    key: str
    accessor: str
    present: bool
    value: Any
    default: Any
    kind: str | None = None
    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    hi_open: bool = False
    choices: tuple[str, ...] | None = None
    site: tuple[str, int, int, int, int] = ("", 0, 0, 0, 0)
    function: str = ""


#: where the accessors report while :func:`recording_keys` is active (None: not recording). A context
#: variable, not a module global: each thread and task records into its own list, and only inside the
#: ``with`` block.
_RECORDING: ContextVar[list[KeyRead] | None] = ContextVar("thermobond_schema_recording", default=None)


@contextlib.contextmanager
def recording_keys() -> Iterator[list[KeyRead]]:
    """Record every key read by any :class:`Section` inside the block.

    Yields:
        The list the reads are appended to, in the order the readers asked for them.
    """
    reads: list[KeyRead] = []
    token = _RECORDING.set(reads)
    try:
        yield reads
    finally:
        _RECORDING.reset(token)


def _reader_site() -> tuple[tuple[str, int, int, int, int], str]:
    """The source position of the call into this module, and the calling function's name."""
    frame = sys._getframe(1)
    here = frame.f_code.co_filename
    while frame is not None and frame.f_code.co_filename == here:
        frame = frame.f_back  # type: ignore[assignment]
    if frame is None:
        return ("", 0, 0, 0, 0), ""
    code = frame.f_code
    pos = next(
        (p for i, p in enumerate(code.co_positions()) if 2 * i == frame.f_lasti), (frame.f_lineno, None, None, None)
    )
    line, end, col, end_col = pos
    return (code.co_filename, line or 0, end or line or 0, col or 0, end_col or 0), code.co_qualname


#: what each kind of TOML file is recognised by, and what it must hold (for messages)
FILE_KINDS: dict[str, str] = {
    "case file": "a case file has [[stack.layers]] and [cycle] (see cases/*.toml)",
    "study file": "a study has 'base' and [[parameters]] (see cases/studies/)",
    "material card": "a material card has 'kind' (metal, polymer, thermoplastic, thermal) and [thermal]",
    "interface card": "an interface card has kind = 'interface', [toughness] and [kinetics]",
}
_MATERIAL_KINDS = ("metal", "polymer", "thermoplastic", "thermal")


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def file_kind(data: dict[str, Any]) -> str | None:
    """Which kind of thermobond TOML file ``data`` is (a key of :data:`FILE_KINDS`), or None."""
    if "stack" in data or "cycle" in data:
        return "case file"
    if "base" in data or "parameters" in data:
        return "study file"
    kind = data.get("kind")
    if kind == "interface" or "toughness" in data or "kinetics" in data:
        return "interface card"
    if kind in _MATERIAL_KINDS or "viscoelastic" in data or "elastic" in data:
        return "material card"
    return None


def load_toml(path: Path, what: str = "TOML file") -> dict[str, Any]:
    """Read a TOML file (UTF-8, see :mod:`thermobond.textfiles`), turning I/O and syntax errors into
    :class:`InputError`.

    Args:
        path: The file.
        what: What it must be: a key of :data:`FILE_KINDS` ("case file", "material card", ...) is
            checked against what the file holds, so a card given as a case is named as such.
    """
    text = read_text(path, what)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        hint = "" if Path(path).suffix.lower() == ".toml" else f" (a '{Path(path).suffix}' file given as a {what}?)"
        raise InputError(f"not valid TOML: {exc}{hint}", file=path, accepted=f"a {what} in TOML") from None
    got = file_kind(data)
    if what in FILE_KINDS and got is not None and got != what:
        raise InputError(f"this is {_a(got)}, not {_a(what)}", file=path, accepted=FILE_KINDS[what])
    _reject_nonfinite(data, path, "")
    return data


def _reject_nonfinite(value: Any, path: Path, key: str) -> None:
    """TOML writes ``nan`` and ``inf`` as numbers: no thermobond input accepts them, anywhere."""
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError("not a finite number", file=path, key=key or None, value=value, accepted="a finite number")
    if isinstance(value, dict):
        for k, v in value.items():
            _reject_nonfinite(v, path, f"{key}.{k}" if key else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _reject_nonfinite(v, path, f"{key}[{i}]")


def _show(value_si: float, kind: str) -> str:
    if kind == "temperature":
        return f"{to_celsius(value_si):.6g} °C"
    return format_quantity(value_si, kind)


class Section:
    """One TOML table being read.

    Args:
        data: The table.
        file: The file it came from.
        prefix: Dotted key of the table inside the file ("" for the top level).
    """

    def __init__(
        self, data: dict[str, Any], file: Path | str, prefix: str = "", kinds: dict[str, str] | None = None
    ) -> None:
        if not isinstance(data, dict):
            raise InputError("expected a table", file=file, key=prefix or None, value=data)
        self.data = data
        self.file = Path(file)
        self.prefix = prefix
        self.used: set[str] = set()
        self.resolved: dict[str, Any] = {}
        #: dotted key → the kind of quantity read there (shared by a file's sections)
        self.kinds: dict[str, str] = kinds if kinds is not None else {}

    # ---- helpers ---------------------------------------------------------------------------
    def key(self, name: str) -> str:
        return f"{self.prefix}.{name}" if self.prefix else name

    def error(self, name: str | None, message: str, value: object = None, accepted: str | None = None) -> InputError:
        return InputError(
            message,
            file=self.file,
            key=self.key(name) if name else (self.prefix or None),
            value=value,
            accepted=accepted,
        )

    def has(self, name: str) -> bool:
        return name in self.data

    def _note(self, accessor: str, name: str, default: Any, **facts: Any) -> None:
        """Report the read of ``name`` while :func:`recording_keys` is active (otherwise nothing)."""
        reads = _RECORDING.get()
        if reads is None:
            return
        site, function = _reader_site()
        if "choices" in facts and facts["choices"] is not None:
            facts["choices"] = tuple(facts["choices"])
        reads.append(
            KeyRead(
                self.file,
                self.key(name),
                accessor,
                name in self.data,
                self.data.get(name),
                default,
                site=site,
                function=function,
                **facts,
            )
        )

    def _raw(self, name: str, default: Any) -> Any:
        self.used.add(name)
        if name in self.data:
            return self.data[name]
        if default is MISSING:
            typo = difflib.get_close_matches(name, [k for k in self.data if k not in self.used], n=1)
            hint = f" (is '{typo[0]}' a misspelling of it?)" if typo else ""
            raise self.error(name, "required key is missing" + hint)
        return default

    def _check_range(
        self,
        name: str,
        value: float,
        raw: object,
        lo: float | None,
        hi: float | None,
        kind: str,
        lo_open: bool,
        hi_open: bool,
    ) -> None:
        bad = (
            not math.isfinite(value)
            or (lo is not None and (value < lo or (lo_open and value == lo)))
            or (hi is not None and (value > hi or (hi_open and value == hi)))
        )
        if bad:
            left = "(" if lo_open else "["
            right = ")" if hi_open else "]"
            lo_s = "−∞" if lo is None else _show(lo, kind)
            hi_s = "∞" if hi is None else _show(hi, kind)
            raise self.error(name, "value out of range", raw, f"{left}{lo_s}, {hi_s}{right}")

    # ---- accessors -------------------------------------------------------------------------
    def quantity(
        self,
        name: str,
        kind: str,
        default: Any = MISSING,
        *,
        lo: float | None = None,
        hi: float | None = None,
        lo_open: bool = False,
        hi_open: bool = False,
    ) -> float:
        """A quantity with units (see :mod:`thermobond.units`), in SI; default given in SI."""
        self._note("quantity", name, default, kind=kind, lo=lo, hi=hi, lo_open=lo_open, hi_open=hi_open)
        return self._quantity(name, kind, default, lo, hi, lo_open, hi_open)

    def _quantity(
        self,
        name: str,
        kind: str,
        default: Any,
        lo: float | None,
        hi: float | None,
        lo_open: bool,
        hi_open: bool,
    ) -> float:
        self.kinds[self.key(name)] = kind
        raw = self._raw(name, default)
        if raw is default and name not in self.data:
            value = float(default)
            self.resolved[name] = format_quantity(value, kind)
            return value
        try:
            value = parse_quantity(raw, kind, key=self.key(name), file=str(self.file))
        except InputError:
            raise
        self._check_range(name, value, raw, lo, hi, kind, lo_open, hi_open)
        self.resolved[name] = raw
        return value

    def optional_quantity(
        self,
        name: str,
        kind: str,
        *,
        lo: float | None = None,
        hi: float | None = None,
        lo_open: bool = False,
        hi_open: bool = False,
    ) -> float | None:
        """A quantity with units in SI, or None when the key is absent."""
        self._note("optional_quantity", name, None, kind=kind, lo=lo, hi=hi, lo_open=lo_open, hi_open=hi_open)
        if name not in self.data:
            self.used.add(name)
            self.kinds[self.key(name)] = kind
            return None
        return self._quantity(name, kind, MISSING, lo, hi, lo_open, hi_open)

    def number(
        self,
        name: str,
        default: Any = MISSING,
        *,
        lo: float | None = None,
        hi: float | None = None,
        lo_open: bool = False,
        hi_open: bool = False,
    ) -> float:
        """A plain number (no unit)."""
        self._note("number", name, default, lo=lo, hi=hi, lo_open=lo_open, hi_open=hi_open)
        raw = self._raw(name, default)
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise self.error(name, "expected a number", raw)
        value = float(raw)
        self._check_range(name, value, raw, lo, hi, "dimensionless", lo_open, hi_open)
        self.resolved[name] = raw
        return value

    def integer(self, name: str, default: Any = MISSING, *, lo: int | None = None, hi: int | None = None) -> int:
        """An integer."""
        self._note("integer", name, default, lo=lo, hi=hi)
        raw = self._raw(name, default)
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise self.error(name, "expected an integer", raw)
        self._check_range(name, float(raw), raw, lo, hi, "dimensionless", False, False)
        self.resolved[name] = raw
        return int(raw)

    def string(self, name: str, default: Any = MISSING, *, choices: Sequence[str] | None = None) -> str:
        """A string, optionally one of ``choices``."""
        self._note("string", name, default, choices=choices)
        raw = self._raw(name, default)
        if not isinstance(raw, str):
            raise self.error(name, "expected a string", raw)
        if choices is not None and raw not in choices:
            raise self.error(name, "unknown choice", raw, ", ".join(repr(c) for c in choices))
        self.resolved[name] = raw
        return raw

    def boolean(self, name: str, default: Any = MISSING) -> bool:
        """true or false."""
        self._note("boolean", name, default)
        raw = self._raw(name, default)
        if not isinstance(raw, bool):
            raise self.error(name, "expected true or false", raw)
        self.resolved[name] = raw
        return raw

    def path(self, name: str, default: Any = MISSING, *, must_exist: bool = True) -> Path:
        """A file path, relative to the directory of this file."""
        self._note("path", name, default)
        raw = self._raw(name, default)
        if not isinstance(raw, str) or not raw:
            raise self.error(name, "expected a file path", raw)
        p = Path(raw)
        if not p.is_absolute():
            p = (self.file.parent / p).resolve()
        if must_exist and p.is_dir():
            raise self.error(name, f"is a directory, not a file: {p}", raw)
        if must_exist and not p.is_file():
            raise self.error(name, f"file not found: {p}", raw)
        self.resolved[name] = str(p)
        return p

    def array(self, name: str, default: Any = MISSING) -> list[Any]:
        """An array (its items are checked by the caller)."""
        self._note("array", name, default)
        raw = self._raw(name, default)
        if not isinstance(raw, list):
            raise self.error(name, "expected an array", raw)
        self.resolved[name] = raw
        return raw

    def section(self, name: str, *, required: bool = True) -> Section:
        """A sub-table; an empty one when it is optional and absent."""
        self._note("section", name, MISSING if required else {})
        raw = self._raw(name, MISSING if required else {})
        sub = Section(raw, self.file, self.key(name), self.kinds)
        self.resolved[name] = sub.resolved
        return sub

    def sections(self, name: str, *, required: bool = True) -> list[Section]:
        """An array of tables (``[[name]]``)."""
        self._note("sections", name, MISSING if required else [])
        raw = self._raw(name, MISSING if required else [])
        if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
            raise self.error(name, "expected an array of tables ([[...]])", raw)
        subs = [Section(r, self.file, f"{self.key(name)}[{i}]", self.kinds) for i, r in enumerate(raw)]
        self.resolved[name] = [s.resolved for s in subs]
        return subs

    def free_table(self, name: str) -> dict[str, Any]:
        """A table taken as it is, not validated (provenance, notes); empty when absent."""
        self._note("free_table", name, {})
        raw = self._raw(name, {})
        if not isinstance(raw, dict):
            raise self.error(name, "expected a table", raw)
        self.resolved[name] = raw
        return raw

    def keep(self, name: str, value: Any) -> None:
        """Record a derived value in the resolved table."""
        self.resolved[name] = value

    def finish(self) -> None:
        """Raise for the first key that nothing consumed (a typo or an unsupported option)."""
        for k in self.data:
            if k not in self.used:
                close = difflib.get_close_matches(k, sorted(self.used), n=1)
                hint = f"did you mean '{close[0]}'?" if close else None
                accepted = ", ".join(sorted(self.used)) or "no keys"
                raise self.error(k, "unknown key" + (f" ({hint})" if hint else ""), None, accepted)
