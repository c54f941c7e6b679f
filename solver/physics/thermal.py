"""Transient heat conduction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ufl

__all__ = ["heat_residual"]


def heat_residual(
    T: Any,
    T_old: Any,
    v: Any,
    dt: Any,
    conductivity: Any,
    heat_capacity: Any,
    dx: Any,
    robin: Iterable[tuple[Any, Any, Any]] = (),
) -> Any:
    """Backward-Euler residual of ρc ∂T/∂t = ∇·(k∇T) with Robin (contact conductance) faces.

    F(T; v) = ∫ ρc (T − Tⁿ)/Δt v dx + ∫ k ∇T·∇v dx + Σ_faces ∫ h (T − T_platen) v ds = 0

    Args:
        T, T_old, v: Unknown, previous temperature (K) and test function.
        dt: Time step (s).
        conductivity: k (W/(m K)).
        heat_capacity: ρ c_p (J/(m³ K)).
        dx: Cell measure.
        robin: (h (W/(m² K)), T_platen (K), ds) for each face with a contact conductance.
    """
    F = heat_capacity * (T - T_old) / dt * v * dx + conductivity * ufl.inner(ufl.grad(T), ufl.grad(v)) * dx
    for h, T_platen, ds in robin:
        F += h * (T - T_platen) * v * ds
    return F
