"""The few math functions the material laws need, so one formula serves NumPy and UFL.

Material laws are written once against this small namespace (``exp``, ``log``, ``maximum``,
``minimum``, ``where``, ``less``). :data:`NUMPY` evaluates them on arrays; ``thermobond.physics``
provides the UFL namespace so the same law appears in a variational form.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

__all__ = ["NUMPY"]

NUMPY = SimpleNamespace(
    exp=np.exp,
    log=np.log,
    maximum=np.maximum,
    minimum=np.minimum,
    where=np.where,
    less=np.less,
    abs=np.abs,
    sqrt=np.sqrt,
    cos=np.cos,
    sin=np.sin,
)
