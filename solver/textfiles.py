"""Every text file thermobond reads is decoded here: UTF-8, with or without a byte-order mark.

Case files, material and interface cards, study files, press logs, profilometer traces, DMA files
and peel measurement files all come through :func:`read_text`, so a file saved by a spreadsheet
(a BOM), by an older editor (Latin-1 or Windows-1252 bytes such as ``°`` written as ``0xB0``) or a
binary file given by mistake gives one clear message naming the file, the byte offset, its line and
column and the byte itself, never a decoding traceback or a misread first column.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import InputError

__all__ = ["UTF8", "read_text"]

#: What is accepted, as shown in messages.
UTF8 = "UTF-8 text (with or without a byte-order mark)"

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """(line, column) of byte ``offset``, both 1-based; the column counts bytes."""
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, offset - start + 1


def _guess(byte: int) -> str:
    """What a byte that is not UTF-8 most likely was, for the message."""
    if byte >= 0xA0:
        char = bytes([byte]).decode("latin-1")
        return f", which is {char!r} in Latin-1: the file looks Latin-1 or Windows-1252 encoded"
    if 0x80 <= byte < 0xA0:
        char = bytes([byte]).decode("cp1252", errors="replace")
        return f", which is {char!r} in Windows-1252"
    return ""


def read_text(path: str | Path, what: str = "file") -> str:
    """The text of an input file, decoded as UTF-8 (a leading byte-order mark is dropped).

    Args:
        path: The file.
        what: What the file is meant to be ("case file", "press log", ...), for messages.

    Returns:
        The text, without a byte-order mark; line ends as written.

    Raises:
        InputError: The file is missing, a directory, unreadable, UTF-16/32, contains NUL bytes
            (a binary file), or holds bytes that are not UTF-8 (the offset, line, column and byte
            are named).
    """
    p = Path(path)
    if p.is_dir():
        raise InputError(f"is a directory, not a {what}", file=p, accepted=f"the path of a {what}")
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{what} not found", file=p) from None
    except PermissionError:
        raise InputError(f"cannot read the {what}: permission denied", file=p) from None
    except OSError as exc:
        raise InputError(f"cannot read the {what}: {exc.strerror or exc}", file=p) from None
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    if data.startswith(_UTF16_BOMS):
        raise InputError(
            f"the {what} is UTF-16 or UTF-32 encoded (it starts with a byte-order mark for it)",
            file=p,
            accepted=f"{UTF8}: save it as UTF-8",
        )
    nul = data.find(b"\x00", skip)
    if nul >= 0:
        line, col = _position(data, nul)
        raise InputError(
            f"byte 0x00 at offset {nul} (column {col}): a binary file, not a {what}",
            file=p,
            line=line,
            accepted=UTF8,
        )
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = skip + exc.start
        bad = data[offset]
        line, col = _position(data, offset)
        raise InputError(
            f"not UTF-8: byte 0x{bad:02X} at offset {offset} (column {col}){_guess(bad)}",
            file=p,
            line=line,
            accepted=f"{UTF8}: save the {what} as UTF-8",
        ) from None
