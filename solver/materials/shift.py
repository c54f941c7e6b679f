"""Time–temperature shift factors a_T (docs/theory/viscoelasticity.md).

Every law gives log10 a_T(T) with T in kelvin, is written once for NumPy and UFL (the ``xp``
namespace), knows the temperature range where it is valid, and says what it does outside:

* :class:`WLF` — log10 a_T = −C1 (T − T_ref)/(C2 + T − T_ref). It has a pole at T = T_ref − C2;
  below ``lower_limit`` (default T_ref − C2/2, where a_T = 10^C1) the argument is clamped, so the
  pole can never be reached.
* :class:`Arrhenius` — log10 a_T = E_a/(R ln 10) (1/T − 1/T_ref). Valid for all T > 0.
* :class:`HybridShift` — WLF above a switch temperature, Arrhenius below it, continuous at the
  switch (the processing-code form of [R29b]).
* :class:`TabulatedShift` — log10 a_T interpolated linearly in T, clamped beyond the table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from numpy.typing import ArrayLike

from .mathns import NUMPY
from .tabulated import PiecewiseLinear

__all__ = [
    "GAS_CONSTANT",
    "WLF",
    "Arrhenius",
    "HybridShift",
    "ShiftLaw",
    "TabulatedShift",
    "apparent_activation_energy",
    "reduced_time",
    "reduced_time_increments",
]

GAS_CONSTANT = 8.314462618  # J/(mol K)
_LN10 = math.log(10.0)


def _degc(kelvin: float) -> str:
    return f"{kelvin - 273.15:.8g} degC"


class ShiftLaw(Protocol):
    """What a shift law offers to the rest of thermobond."""

    @property
    def reference_temperature(self) -> float: ...

    def log10_aT(self, T: Any, xp: Any = NUMPY) -> Any: ...

    @property
    def valid_range(self) -> tuple[float, float]: ...

    def describe(self) -> str: ...

    def to_table(self) -> dict[str, Any]:
        """The card's ``[viscoelastic.shift]`` table (quantities as unit strings)."""
        ...


@dataclass(frozen=True)
class WLF:
    """Williams–Landel–Ferry shift (Williams, Landel & Ferry 1955; IUPAC Gold Book "WLF equation").

    Args:
        C1: Dimensionless constant (17.44 universal at T_ref = Tg [R32]).
        C2: Constant (K) (51.6 K universal).
        reference_temperature: T_ref (K).
        lower_limit: Temperature (K) below which T is clamped; default T_ref − C2/2.
    """

    C1: float
    C2: float
    reference_temperature: float
    lower_limit: float | None = None

    def __post_init__(self) -> None:
        if not (self.C1 > 0 and self.C2 > 0):
            raise ValueError(f"WLF constants must be positive (C1={self.C1}, C2={self.C2})")
        lo = self._lower
        if lo <= self.reference_temperature - self.C2:
            raise ValueError(
                f"WLF lower_limit {lo:.2f} K is at or below the pole T_ref − C2 = "
                f"{self.reference_temperature - self.C2:.2f} K"
            )

    @property
    def _lower(self) -> float:
        if self.lower_limit is None:
            return self.reference_temperature - 0.5 * self.C2
        return self.lower_limit

    @property
    def valid_range(self) -> tuple[float, float]:
        """WLF is only physical from about T_ref to T_ref + 50 K [R30]; evaluated (clamped) from
        ``lower_limit`` upward."""
        return (self._lower, math.inf)

    def log10_aT(self, T: Any, xp: Any = NUMPY) -> Any:
        d = xp.maximum(T, self._lower) - self.reference_temperature
        return -self.C1 * d / (self.C2 + d)

    def describe(self) -> str:
        return f"WLF C1={self.C1:.4g}, C2={self.C2:.4g} K, T_ref={self.reference_temperature - 273.15:.2f} °C"

    def to_table(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "law": "wlf",
            "reference_temperature": _degc(self.reference_temperature),
            "C1": float(f"{self.C1:.8g}"),
            "C2": f"{self.C2:.8g} K",
        }
        if self.lower_limit is not None:
            out["lower_limit"] = _degc(self.lower_limit)
        return out


@dataclass(frozen=True)
class Arrhenius:
    """Arrhenius shift, log10 a_T = E_a/(R ln 10)·(1/T − 1/T_ref) [R34].

    Args:
        activation_energy: E_a (J/mol).
        reference_temperature: T_ref (K).
    """

    activation_energy: float
    reference_temperature: float

    def __post_init__(self) -> None:
        if self.activation_energy <= 0:
            raise ValueError("Arrhenius activation energy must be positive")

    @property
    def valid_range(self) -> tuple[float, float]:
        return (1.0, math.inf)

    def log10_aT(self, T: Any, xp: Any = NUMPY) -> Any:
        Tc = xp.maximum(T, 1.0)
        return self.activation_energy / (GAS_CONSTANT * _LN10) * (1.0 / Tc - 1.0 / self.reference_temperature)

    def describe(self) -> str:
        Ea, Tref = self.activation_energy / 1e3, self.reference_temperature - 273.15
        return f"Arrhenius E_a={Ea:.4g} kJ/mol, T_ref={Tref:.2f} °C"

    def to_table(self) -> dict[str, Any]:
        return {
            "law": "arrhenius",
            "reference_temperature": _degc(self.reference_temperature),
            "activation_energy": f"{self.activation_energy / 1e3:.8g} kJ/mol",
        }


@dataclass(frozen=True)
class HybridShift:
    """WLF above ``switch_temperature``, Arrhenius below, continuous at the switch ([R29b]).

    log10 a_T is zero at the WLF law's reference temperature, also when that lies below the switch.

    Args:
        wlf: The WLF law used at and above the switch (its T_ref is the law's T_ref).
        activation_energy: E_a (J/mol) of the Arrhenius branch below the switch.
        switch_temperature: T_d (K); must be ≥ the WLF lower limit. Default T_ref of the WLF law.
    """

    wlf: WLF
    activation_energy: float
    switch_temperature: float | None = None

    def __post_init__(self) -> None:
        if self.activation_energy <= 0:
            raise ValueError("hybrid shift activation energy must be positive")
        if self.T_switch < self.wlf.valid_range[0]:
            raise ValueError("hybrid switch temperature is below the WLF lower limit")

    @property
    def reference_temperature(self) -> float:
        return self.wlf.reference_temperature

    @property
    def T_switch(self) -> float:
        return self.wlf.reference_temperature if self.switch_temperature is None else self.switch_temperature

    @property
    def valid_range(self) -> tuple[float, float]:
        return (1.0, math.inf)

    def _raw(self, T: Any, xp: Any) -> Any:
        Ts = self.T_switch
        above = self.wlf.log10_aT(xp.maximum(T, Ts), xp)
        at_switch = float(self.wlf.log10_aT(np.float64(Ts)))
        Tc = xp.maximum(T, 1.0)
        below = at_switch + self.activation_energy / (GAS_CONSTANT * _LN10) * (1.0 / Tc - 1.0 / Ts)
        return xp.where(xp.less(T, Ts), below, above)

    def log10_aT(self, T: Any, xp: Any = NUMPY) -> Any:
        # zero at T_ref wherever the switch lies (nothing to subtract when T_ref ≥ T_switch)
        offset = float(self._raw(np.float64(self.reference_temperature), NUMPY))
        return self._raw(T, xp) - offset

    def describe(self) -> str:
        return (
            f"{self.wlf.describe()} above {self.T_switch - 273.15:.2f} °C; Arrhenius "
            f"E_a={self.activation_energy / 1e3:.4g} kJ/mol below"
        )

    def to_table(self) -> dict[str, Any]:
        out = self.wlf.to_table()
        out.pop("lower_limit", None)
        out.update(
            {
                "law": "hybrid",
                "activation_energy": f"{self.activation_energy / 1e3:.8g} kJ/mol",
                "switch_temperature": _degc(self.T_switch),
            }
        )
        return out


@dataclass(frozen=True)
class TabulatedShift:
    """log10 a_T given at temperatures, linear in between, clamped (constant) beyond the table.

    Args:
        temperatures: Strictly increasing temperatures (K).
        log10_values: log10 a_T at those temperatures.
        reference_temperature: T where log10 a_T = 0 (K), for reporting.
    """

    temperatures: tuple[float, ...]
    log10_values: tuple[float, ...]
    reference_temperature: float

    def __post_init__(self) -> None:
        if len(self.temperatures) < 2 or len(self.temperatures) != len(self.log10_values):
            raise ValueError("a tabulated shift needs at least two (T, log10 a_T) pairs")
        if np.any(np.diff(self.temperatures) <= 0):
            raise ValueError("tabulated shift temperatures must increase")

    @property
    def valid_range(self) -> tuple[float, float]:
        return (self.temperatures[0], self.temperatures[-1])

    def log10_aT(self, T: Any, xp: Any = NUMPY) -> Any:
        return PiecewiseLinear(self.temperatures, self.log10_values)(T, xp)

    def describe(self) -> str:
        return f"tabulated log a_T, {len(self.temperatures)} points"

    def to_table(self) -> dict[str, Any]:
        return {
            "law": "table",
            "reference_temperature": _degc(self.reference_temperature),
            "temperature": [_degc(t) for t in self.temperatures],
            "log10_aT": [float(f"{v:.8g}") for v in self.log10_values],
        }


def apparent_activation_energy(law: ShiftLaw, T: float, dT: float = 1e-3) -> float:
    """E_a,app = R ln10 · d(log10 a_T)/d(1/T) (J/mol), by central difference."""
    f = lambda x: float(law.log10_aT(np.float64(x)))  # noqa: E731
    d = (f(T + dT) - f(T - dT)) / (1.0 / (T + dT) - 1.0 / (T - dT))
    return GAS_CONSTANT * _LN10 * d


def reduced_time(t: ArrayLike, T: ArrayLike, law: ShiftLaw, *, points: int = 8) -> np.ndarray:
    """Reduced time ξ(t) = ∫₀ᵗ dt'/a_T(T(t')) for a piecewise-linear temperature history.

    Each interval is integrated with ``points``-point Gauss–Legendre on the linear T(t), which
    stays accurate when 1/a_T changes by decades inside an interval.

    Args:
        t: Times (s), increasing, starting at the origin of ξ.
        T: Temperatures (K) at those times.
        law: The shift law.
        points: Gauss points per interval.

    Returns:
        ξ at every time (s), ξ[0] = 0.
    """
    t = np.asarray(t, dtype=float)
    T = np.asarray(T, dtype=float)
    return np.concatenate([[0.0], np.cumsum(reduced_time_increments(t[:-1], t[1:], T[:-1], T[1:], law, points=points))])


def reduced_time_increments(
    t0: ArrayLike, t1: ArrayLike, T0: ArrayLike, T1: ArrayLike, law: ShiftLaw, *, points: int = 8
) -> np.ndarray:
    """Δξ over intervals [t0, t1] with T linear between T0 and T1 (Gauss–Legendre)."""
    t0, t1, T0, T1 = (np.asarray(a, dtype=float) for a in (t0, t1, T0, T1))
    xg, wg = np.polynomial.legendre.leggauss(points)
    s = 0.5 * (xg + 1.0)
    Tq = T0[..., None] + (T1 - T0)[..., None] * s
    inv_a = 10.0 ** (-np.asarray(law.log10_aT(Tq)))
    return 0.5 * (t1 - t0) * (inv_a @ wg)
