"""The UFL counterpart of :data:`thermobond.materials.mathns.NUMPY`."""

from __future__ import annotations

from types import SimpleNamespace

import ufl

__all__ = ["UFL"]

UFL = SimpleNamespace(
    exp=ufl.exp,
    log=ufl.ln,
    maximum=ufl.max_value,
    minimum=ufl.min_value,
    where=ufl.conditional,
    less=ufl.lt,
    abs=abs,
    sqrt=ufl.sqrt,
    cos=ufl.cos,
    sin=ufl.sin,
)
