"""Thermal expansion: isotropic or transversely isotropic, with an optional glassy/rubbery step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .mathns import NUMPY

__all__ = ["Expansion", "SteppedCTE"]


@dataclass(frozen=True)
class SteppedCTE:
    """A coefficient of thermal expansion that is constant between transition temperatures.

    α(T) = alphas[k] for breaks[k−1] ≤ T < breaks[k]. The thermal strain is the integral
    ε_th(T; T_ref) = ∫_{T_ref}^{T} α dT', continuous and piecewise linear in T, which is what a
    glassy/rubbery polymer (a TPI: α_glass ≈ 30 ppm/K, α_rubber ≈ 150–250 ppm/K, docs/theory/materials.md) needs.

    Args:
        alphas: CTE in each interval (1/K); one more entry than ``breaks``.
        breaks: Transition temperatures (K), increasing.
    """

    alphas: tuple[float, ...]
    breaks: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if len(self.alphas) != len(self.breaks) + 1:
            raise ValueError("SteppedCTE needs one more alpha than breaks")
        if any(b <= a for a, b in zip(self.breaks, self.breaks[1:], strict=False)):
            raise ValueError("SteppedCTE breaks must increase")

    @classmethod
    def constant(cls, alpha: float) -> SteppedCTE:
        return cls((float(alpha),))

    def alpha(self, T: Any, xp: Any = NUMPY) -> Any:
        """Instantaneous CTE α(T) (1/K)."""
        out = self.alphas[0] + 0.0 * T
        for k, tb in enumerate(self.breaks):
            out = xp.where(xp.less(T, tb), out, self.alphas[k + 1] + 0.0 * T)
        return out

    def _antiderivative(self, T: Any, xp: Any) -> Any:
        # A(T) with A' = α, written as ramps: α0·T + Σ (α_{k+1} − α_k)·max(T − T_k, 0).
        out = self.alphas[0] * T
        for k, tb in enumerate(self.breaks):
            out = out + (self.alphas[k + 1] - self.alphas[k]) * xp.maximum(T - tb, 0.0)
        return out

    def strain(self, T: Any, T_ref: float, xp: Any = NUMPY) -> Any:
        """Free thermal strain between ``T_ref`` and ``T`` (both K)."""
        return self._antiderivative(T, xp) - self._antiderivative(T_ref + 0.0 * T, xp)


@dataclass(frozen=True)
class Expansion:
    """Thermal expansion of a layer whose through-thickness direction is the y axis.

    In-plane (x and the out-of-plane z of a 2-D section) and through-thickness (y) CTEs may differ:
    a core polyimide film is transversely isotropic, α_in ≈ 20 ppm/K and α_z ≈ 55–81 ppm/K
    (DuPont Kapton HN data sheet; IBM, Polym. Eng. Sci. 1993 on thickness-direction expansion).
    """

    in_plane: SteppedCTE
    through_thickness: SteppedCTE

    @classmethod
    def isotropic(cls, cte: SteppedCTE) -> Expansion:
        return cls(cte, cte)

    @property
    def is_isotropic(self) -> bool:
        return self.in_plane == self.through_thickness
