"""Independent analytical references used by the tests (no thermobond imports)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def laminate_beam(layers: Sequence[tuple[float, float, float, float]], plane: str) -> tuple[float, float]:
    """Mid-plane strain and curvature of a free multilayer beam with free strains (beam theory).

    Args:
        layers: (thickness h_i (m), E_i (Pa), ν_i, in-plane free thermal strain e_i), bottom → top.
        plane: "stress" (σ_xx = E(ε − e)), "strain" (σ_xx = E/(1−ν²)(ε − (1+ν)e)) or "plate"
            (biaxial: σ_xx = E/(1−ν)(ε − e)).

    Returns:
        (ε at y = 0, d²w/dx²) with ε_xx(y) = ε0 − y w''; w'' > 0 when concave toward +y.
    """
    A = np.zeros((2, 2))
    b = np.zeros(2)
    y = 0.0
    for h, E, nu, e in layers:
        Ep, ep = {"stress": (E, e), "strain": (E / (1 - nu**2), (1 + nu) * e), "plate": (E / (1 - nu), e)}[plane]
        y0, y1 = y, y + h
        m0, m1, m2 = y1 - y0, (y1**2 - y0**2) / 2, (y1**3 - y0**3) / 3
        # ∫ E'(ε0 − κ y − e') [1, y] dy = 0
        A += Ep * np.array([[m0, -m1], [m1, -m2]])
        b += Ep * ep * np.array([m0, m1])
        y = y1
    eps0, kappa = np.linalg.solve(A, b)
    return float(eps0), float(kappa)
