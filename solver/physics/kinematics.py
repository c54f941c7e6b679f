"""Small-strain kinematics of a 2-D section, written as 3-D tensors.

Every constitutive law in thermobond is three-dimensional. A 2-D section supplies the in-plane
strain from the displacement u = (u_x, u_y) and an out-of-plane normal strain ε_zz: zero in plane
strain (a wide laminate), or an extra unknown field fixed by σ_zz = 0 in plane stress (a narrow
strip).
"""

from __future__ import annotations

from typing import Any

import ufl

__all__ = ["section_strain", "von_mises"]


def section_strain(u: Any, ezz: Any = 0.0) -> Any:
    """3×3 small strain of the section: [[ε_xx, ε_xy, 0], [ε_xy, ε_yy, 0], [0, 0, ε_zz]]."""
    g = ufl.grad(u)
    exy = 0.5 * (g[0, 1] + g[1, 0])
    return ufl.as_tensor([[g[0, 0], exy, 0.0], [exy, g[1, 1], 0.0], [0.0, 0.0, ezz]])


def von_mises(sigma: Any) -> Any:
    """Von Mises equivalent stress √(3/2 s:s) of a 3×3 stress (Pa)."""
    s = ufl.dev(sigma)
    return ufl.sqrt(1.5 * ufl.inner(s, s))
