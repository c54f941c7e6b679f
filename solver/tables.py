"""Reading the CSV tables users give thermobond: press logs, profilometer traces, DMA data, peel
measurements. One reader, so that every table is read by the same rules:

* UTF-8 text, with or without a byte-order mark (:func:`thermobond.textfiles.read_text`);
* comma-, semicolon- or tab-separated — the delimiter is the one the header line uses, and the
  messages say which was seen; in a semicolon- or tab-separated file, decimal commas (``3,5``) are
  accepted when the file uses them consistently (a cell with both ``.`` and ``,`` is ambiguous and
  refused);
* lines starting with ``#`` and blank lines are skipped; line numbers in messages are the file's;
* units in the header, ``name [unit]`` (or ``name (unit)``), or in a second header row of units;
* every value is a finite number: a bad cell is named by line and column, with the value and what
  is accepted.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import InputError
from .textfiles import read_text
from .units import parse_quantity

__all__ = ["Column", "Table", "read_table"]

_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
_HEADER_UNIT = re.compile(r"^\s*(.*?)\s*[\[(]\s*(.*?)\s*[\])]\s*$")
_NUMBER = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$")
_COMMA_NUMBER = re.compile(r"^[-+]?\d*,\d+(?:[eE][-+]?\d+)?$")
_NONFINITE = re.compile(r"^[-+]?(nan|inf|infinity)$", re.IGNORECASE)


@dataclass(frozen=True)
class Column:
    """One column of a table.

    Attributes:
        name: The header without its unit (``"T"`` for ``"T [degC]"``).
        unit: The unit as written, or None when the header gives none.
        header: The header cell as written.
        index: Position in the row (0-based).
    """

    name: str
    unit: str | None
    header: str
    index: int


@dataclass(frozen=True)
class Table:
    """A CSV table as read: header, units and cells (text), with their line numbers in the file.

    Attributes:
        path: The file.
        what: What the file is ("press log", ...), for messages.
        delimiter: The delimiter seen on the header line.
        decimal_comma: The numbers use decimal commas (semicolon- and tab-separated files only).
        columns: The columns, in file order.
        cells: The data rows (stripped text, padded with empty cells to the header's width).
        lines: The file line (1-based) of every data row.
    """

    path: Path
    what: str
    delimiter: str
    decimal_comma: bool
    columns: tuple[Column, ...]
    cells: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]

    @property
    def layout(self) -> str:
        """How the file was read, e.g. ``"semicolon-separated, decimal commas"``."""
        text = f"{_DELIMITERS[self.delimiter]}-separated"
        return text + (", decimal commas" if self.decimal_comma else "")

    @property
    def n_rows(self) -> int:
        return len(self.cells)

    @property
    def headers(self) -> str:
        return ", ".join(repr(c.header) for c in self.columns)

    def error(
        self,
        message: str,
        *,
        row: int | None = None,
        column: Column | None = None,
        value: object = None,
        accepted: str | None = None,
    ) -> InputError:
        """An error naming this file, the line of data row ``row`` and the column."""
        return InputError(
            message,
            file=self.path,
            line=None if row is None else self.lines[row],
            column=None if column is None else column.header,
            value=value,
            accepted=accepted,
        )

    def find(self, *names: str, ignore_case: bool = False) -> Column | None:
        """The first column whose name is one of ``names`` (exact, or ignoring case)."""
        fold = (lambda s: s.lower()) if ignore_case else (lambda s: s)
        wanted = [fold(n) for n in names]
        for want in wanted:
            for c in self.columns:
                if fold(c.name) == want:
                    return c
        return None

    def require(self, *names: str, accepted: str, ignore_case: bool = False) -> Column:
        """The column named one of ``names``; an error saying what the header holds otherwise."""
        col = self.find(*names, ignore_case=ignore_case)
        if col is None:
            raise self.error(
                f"no column '{names[0]}' in the header (read as {self.layout}: {self.headers})",
                accepted=accepted,
            )
        return col

    def text(self, column: Column) -> list[str]:
        """A column's cells as written."""
        return [r[column.index] for r in self.cells]

    def _number(self, cell: str, row: int, column: Column, accepted: str) -> float:
        if self.decimal_comma and "," in cell and "." not in cell:
            cell = cell.replace(",", ".")
        elif self.decimal_comma and "." in cell:
            raise self.error(
                "ambiguous number: this file writes decimals with ',' but this cell has a '.'",
                row=row,
                column=column,
                value=cell,
                accepted="one decimal mark throughout the file",
            )
        if _NONFINITE.match(cell):
            raise self.error("not a finite number", row=row, column=column, value=cell, accepted=accepted)
        if not _NUMBER.match(cell):
            what = "empty cell" if not cell else "not a number"
            raise self.error(what, row=row, column=column, value=cell or None, accepted=accepted)
        return float(cell)

    def numbers(self, column: Column, *, optional: bool = False, accepted: str = "a finite number") -> np.ndarray:
        """A column as numbers in the unit it is written in; with ``optional``, empty cells are NaN.

        Raises:
            InputError: An empty cell (unless optional), text, NaN or infinity (line, column, value).
        """
        out = np.empty(self.n_rows)
        for i, r in enumerate(self.cells):
            cell = r[column.index]
            out[i] = np.nan if (optional and not cell) else self._number(cell, i, column, accepted)
        return out

    def unit_conversion(self, column: Column, kind: str, default_unit: str | None = None) -> tuple[float, float]:
        """(a, b) with value_SI = a·value + b for the column's unit (affine for temperatures).

        Raises:
            InputError: No unit in the header (and no default), or a unit of the wrong dimension.
        """
        unit = column.unit or default_unit
        if not unit:
            raise self.error(
                "this column needs a unit in its header",
                column=column,
                accepted=f"e.g. '{column.name} [{_EXAMPLE_UNITS.get(kind, 'unit')}]'",
            )
        try:
            b = parse_quantity(f"0 {unit}", kind)
            a = parse_quantity(f"1 {unit}", kind) - b
        except InputError as exc:
            raise self.error(
                f"unit '{unit}' is not a {kind.replace('_', ' ')} unit",
                column=column,
                value=unit,
                accepted=exc.accepted,
            ) from None
        return a, b

    def quantities(
        self,
        column: Column,
        kind: str,
        *,
        lo: float | None = None,
        hi: float | None = None,
        accepted: str,
        default_unit: str | None = None,
        optional: bool = False,
    ) -> np.ndarray:
        """A column in SI (see :func:`thermobond.units.parse_quantity` for ``kind``), range-checked.

        Args:
            column: The column.
            kind: The kind of quantity (``"time"``, ``"temperature"``, ``"pressure"``, ...).
            lo, hi: Accepted range in SI (inclusive); a value outside is named with its line.
            accepted: The accepted range as the user reads it (``"−100 … 600 °C"``).
            default_unit: The unit when the header gives none (None: a unit is required).
            optional: Empty cells are allowed and become NaN.
        """
        a, b = self.unit_conversion(column, kind, default_unit)
        raw = self.numbers(column, optional=optional, accepted=accepted)
        si = a * raw + b
        bad = ~np.isnan(raw) & (((si < lo) if lo is not None else False) | ((si > hi) if hi is not None else False))
        if np.any(bad):
            i = int(np.argmax(bad))
            more = int(bad.sum()) - 1
            also = f" (and {more} more row{'s' if more > 1 else ''})" if more else ""
            raise self.error(
                f"value out of range{also}",
                row=i,
                column=column,
                value=self.cells[i][column.index],
                accepted=accepted,
            )
        return si

    def check_increasing(self, column: Column, values: np.ndarray) -> None:
        """Raise at the first row whose value does not exceed the previous row's."""
        d = np.diff(values)
        if np.any(d <= 0):
            i = int(np.argmax(d <= 0)) + 1
            prev, cell = self.cells[i - 1][column.index], self.cells[i][column.index]
            raise self.error(
                f"{column.name} must increase from row to row: {cell} follows {prev} (line {self.lines[i - 1]})",
                row=i,
                column=column,
                value=cell,
                accepted=f"strictly increasing {column.name}",
            )


_EXAMPLE_UNITS = {
    "time": "s",
    "temperature": "degC",
    "pressure": "MPa",
    "length": "um",
    "modulus": "MPa",
    "frequency": "Hz",
    "force_per_length": "N/cm",
}


def _split_header(cell: str) -> tuple[str, str | None]:
    m = _HEADER_UNIT.match(cell)
    if m:
        return m.group(1), m.group(2)
    return cell.strip(), None


def _is_number(cell: str, decimal_comma: bool) -> bool:
    c = cell.strip()
    return bool(_NUMBER.match(c) or _NONFINITE.match(c) or (decimal_comma and _COMMA_NUMBER.match(c)))


def read_table(path: str | Path, what: str, *, units_row: bool | None = False, min_rows: int = 1) -> Table:
    """Read a CSV table (the rules are in the module docstring).

    Args:
        path: The file.
        what: What it is ("press log", "profilometer trace", ...), for messages.
        units_row: The line after the header holds the units (pyvisco's layout); None: it does when
            none of its cells is a number.
        min_rows: Fewest data rows accepted.

    Raises:
        InputError: The file cannot be read or decoded, has no header, no (or too few) data rows,
            duplicate or empty column names, or a row with more cells than the header.
    """
    p = Path(path)
    text = read_text(p, what)
    numbered = [
        (i, ln) for i, ln in enumerate(text.splitlines(), start=1) if ln.strip() and not ln.lstrip().startswith("#")
    ]
    if not numbered:
        raise InputError(f"the {what} is empty (no header, no data)", file=p)
    head_line, head = numbered[0]
    delimiter = max(_DELIMITERS, key=lambda d: (head.count(d), d == ","))
    if head.count(delimiter) == 0:
        delimiter = ","
    rows = [next(csv.reader([ln], delimiter=delimiter, skipinitialspace=True)) for _, ln in numbered]
    lines = [i for i, _ in numbered]
    header = [h.strip() for h in rows[0]]
    while header and not header[-1]:
        header.pop()  # a trailing delimiter on the header line
    decimal_comma = delimiter != "," and any(_COMMA_NUMBER.match(c.strip()) for r in rows[1:] for c in r)
    units: list[str | None]
    body_from = 1
    has_units_row = units_row
    if units_row is None:
        has_units_row = len(rows) > 1 and not any(_is_number(c, decimal_comma) for c in rows[1] if c.strip())
    if has_units_row:
        if len(rows) < 2:
            raise InputError(f"the {what} has no units row under its header", file=p, line=head_line)
        units = [u.strip() or None for u in rows[1]] + [None] * max(0, len(header) - len(rows[1]))
        names = header
        body_from = 2
    else:
        split = [_split_header(h) for h in header]
        names = [n for n, _ in split]
        units = [u for _, u in split]
    columns: list[Column] = []
    for j, (n, h) in enumerate(zip(names, header, strict=True)):
        if not n:
            raise InputError(
                f"column {j + 1} of the header has no name (read as {_DELIMITERS[delimiter]}-separated)",
                file=p,
                line=head_line,
                value=head,
            )
        if any(c.name == n for c in columns):
            raise InputError(f"column '{n}' appears twice in the header", file=p, line=head_line, value=head)
        columns.append(Column(n, units[j], h, j))
    cells = []
    for k in range(body_from, len(rows)):
        row = [c.strip() for c in rows[k]]
        while len(row) > len(columns) and not row[-1]:
            row.pop()
        if len(row) > len(columns):
            hint = "; if the values use decimal commas, separate the columns with ';'" if delimiter == "," else ""
            raise InputError(
                f"{len(row)} cells in a row, but the header has {len(columns)} columns "
                f"(read as {_DELIMITERS[delimiter]}-separated: {', '.join(repr(c.header) for c in columns)}){hint}",
                file=p,
                line=lines[k],
                value=numbered[k][1],
            )
        cells.append(tuple(row + [""] * (len(columns) - len(row))))
    if len(cells) < min_rows:
        raise InputError(
            f"the {what} has {len(cells)} data row{'s' if len(cells) != 1 else ''} under its header",
            file=p,
            accepted=f"at least {min_rows}",
        )
    return Table(p, what, delimiter, decimal_comma, tuple(columns), tuple(cells), tuple(lines[body_from:]))
