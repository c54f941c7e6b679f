"""Dotted keys into a case file: how a study, ``load_case(path, **overrides)`` and the command line
change one value of a case as it is written.

Dotted keys address the case file as written; named lists are addressed by name:
``stack.layers.tpi.thickness`` (or ``stack.tpi.thickness``), ``cycle.segments.hold.temperature``
(or ``cycle.hold.temperature``), ``thermal.pads.pad.thickness``; ``surface.rz`` is
``interface.surface.rz`` and ``material.tpi`` the card of layer ``tpi``. Values are written as in
case files (``"320 degC"``, ``"3 MPa"``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["apply_override", "canonical_key"]

_ALIASES = {"surface": ["interface", "surface"]}


def _named(items: list[Any], name: str) -> int | None:
    for i, item in enumerate(items):
        if isinstance(item, dict) and item.get("name") == name:
            return i
    return None


def _path(data: dict[str, Any], key: str) -> list[str | int]:
    """Tokens (table keys and list indices) of a dotted key in the raw case ``data``.

    Raises:
        KeyError: With a message saying which part does not exist and what does.
    """
    tokens = key.split(".")
    if not all(tokens):
        raise KeyError(f"'{key}' is not a dotted key")
    if tokens[0] == "material" and len(tokens) == 2:
        tokens = ["stack", "layers", tokens[1], "material"]
    elif tokens[0] in _ALIASES:
        tokens = _ALIASES[tokens[0]] + tokens[1:]
    node: Any = data
    path: list[str | int] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        last = i == len(tokens) - 1
        if isinstance(node, list):
            j = _named(node, tok) if not tok.isdigit() else int(tok)
            if j is None or j >= len(node):
                names = [str(x.get("name")) for x in node if isinstance(x, dict)]
                raise KeyError(f"'{key}': no item '{tok}' in '{'.'.join(map(str, path))}' (names: {', '.join(names)})")
            path.append(j)
            node = node[j]
        elif isinstance(node, dict):
            if tok in node:
                path.append(tok)
                node = node[tok]
            else:
                # a named item of one of this table's lists (stack.tpi → stack.layers.tpi)
                hits = [
                    (k, j) for k, v in node.items() if isinstance(v, list) for j in [_named(v, tok)] if j is not None
                ]
                if len(hits) == 1:
                    k, j = hits[0]
                    path += [k, j]
                    node = node[k][j]
                elif last or not any(isinstance(v, list) for v in node.values()):
                    # a key the file does not write yet (its default applies; the case reader
                    # validates it), or a table it leaves out ([solver], [solver.petsc]); where the
                    # table holds named lists a missing name is an error (stack.tpx → no layer tpx)
                    path.append(tok)
                    node = {}
                else:
                    where = ".".join(map(str, path)) or "the case"
                    names = sorted(k for k in node if not isinstance(node[k], list))
                    lists = {
                        k: [x.get("name") for x in v if isinstance(x, dict)]
                        for k, v in node.items()
                        if isinstance(v, list)
                    }
                    named = "; ".join(f"{k}: {', '.join(map(str, n))}" for k, n in lists.items() if n)
                    raise KeyError(
                        f"'{key}': '{tok}' is not a key of {where} (keys: {', '.join(names)}"
                        + (f"; named items {named}" if named else "")
                        + ")"
                    )
        else:
            raise KeyError(f"'{key}': '{'.'.join(map(str, path))}' is a value, not a table")
        i += 1
    return path


def apply_override(data: dict[str, Any], key: str, value: Any) -> None:
    """Set ``key`` (a dotted key, see the module docstring) to ``value`` in the raw case ``data``.

    Raises:
        KeyError: The key does not address the case (the message says what does exist).
    """
    path = _path(data, key)
    node: Any = data
    for tok in path[:-1]:
        if isinstance(node, dict) and tok not in node:
            node[tok] = {}
        node = node[tok]
    node[path[-1]] = value


def canonical_key(data: dict[str, Any], key: str) -> str:
    """The dotted key as the case reader names it (``cycle.hold.temperature`` →
    ``cycle.segments[1].temperature``), for looking up what kind of quantity it holds.

    Raises:
        KeyError: The key does not address the case.
    """
    out = ""
    for tok in _path(data, key):
        out += f"[{tok}]" if isinstance(tok, int) else (f".{tok}" if out else tok)
    return out
