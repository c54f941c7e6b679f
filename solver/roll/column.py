"""Records of the 1-D conduction column: slabs, bodies, face exchanges, joints, time stepping, result.

See :mod:`thermobond.roll.conduction` for the model they describe.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..materials import ThermalProperties

__all__ = ["Body", "ColumnHistory", "Exchange", "Face", "Joint", "Slab", "Stepping"]

Face = Literal["bottom", "top"]


@dataclass(frozen=True)
class Slab:
    """A meshed layer of a body.

    Attributes:
        name: Name of the layer.
        thickness: Thickness (m).
        thermal: Thermal properties.
        elements: Number of linear elements.
        grading: Ratio of consecutive element sizes from bottom to top (1 = uniform; < 1 refines
            toward the top face).
    """

    name: str
    thickness: float
    thermal: ThermalProperties
    elements: int
    grading: float = 1.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.thickness) and self.thickness > 0):
            raise ValueError(f"Slab {self.name!r}: thickness = {self.thickness!r} m; accepted: > 0")
        if self.elements < 1:
            raise ValueError(f"Slab {self.name!r}: elements = {self.elements!r}; accepted: ≥ 1")
        if not (math.isfinite(self.grading) and self.grading > 0):
            raise ValueError(f"Slab {self.name!r}: grading = {self.grading!r}; accepted: > 0")

    def sizes(self) -> np.ndarray:
        """Element sizes (m), bottom to top."""
        w = self.grading ** np.arange(self.elements, dtype=float)
        return self.thickness * w / w.sum()


@dataclass(frozen=True)
class Body:
    """A contiguous stack of slabs (a ply, a roll's surface region), bottom to top.

    Attributes:
        name: Unique name in the chain.
        slabs: The slabs, bottom to top.
        initial_temperature: Uniform initial temperature (K).
        free_conductance: h to ``free_temperature`` of a face neither joined nor under an exchange
            (W/(m² K)); 0 makes free faces adiabatic.
        free_temperature: Temperature free faces exchange with (K).
    """

    name: str
    slabs: tuple[Slab, ...]
    initial_temperature: float
    free_conductance: float = 0.0
    free_temperature: float = 0.0

    def __post_init__(self) -> None:
        if not self.slabs:
            raise ValueError(f"Body {self.name!r} has no slabs; accepted: at least one")
        if not (math.isfinite(self.free_conductance) and self.free_conductance >= 0):
            raise ValueError(f"Body {self.name!r}: free_conductance = {self.free_conductance!r}; accepted: ≥ 0")


@dataclass(frozen=True)
class Exchange:
    """Heat exchange of one body face during [start, end) (s).

    The flux into the body is h (T_env − T) + q + ε σ (T_e⁴ − T⁴); the radiative term is linearised
    about the temperature at the start of each step, h_r = ε σ (T_e² + T²)(T_e + T).

    Attributes:
        body: Name of the body.
        face: ``bottom`` or ``top``.
        start: Start time (s).
        end: End time (s).
        conductance: h (W/(m² K)); ``math.inf`` imposes T_env.
        temperature: T_env (K).
        heat_flux: q (W/m²), absorbed.
        emissivity: ε (–) of a grey exchange with an emitter.
        emitter_temperature: T_e (K).
    """

    body: str
    face: Face
    start: float
    end: float
    conductance: float = 0.0
    temperature: float = 0.0
    heat_flux: float = 0.0
    emissivity: float = 0.0
    emitter_temperature: float = 0.0

    def __post_init__(self) -> None:
        if not self.end > self.start:
            raise ValueError(f"Exchange on {self.body}.{self.face}: end {self.end!r} s ≤ start {self.start!r} s")
        if not self.conductance >= 0 or not 0 <= self.emissivity <= 1:
            raise ValueError(
                f"Exchange on {self.body}.{self.face}: conductance {self.conductance!r} (accepted ≥ 0), "
                f"emissivity {self.emissivity!r} (accepted 0 … 1)"
            )


@dataclass(frozen=True)
class Joint:
    """The top face of body ``lower`` touches the bottom face of the next body during [start, end).

    Attributes:
        lower: Name of the lower body.
        start: Start time (s).
        end: End time (s).
        conductance: Contact conductance (W/(m² K)); ``math.inf`` is perfect contact.
    """

    lower: str
    start: float
    end: float
    conductance: float

    def __post_init__(self) -> None:
        if not self.end > self.start:
            raise ValueError(f"Joint above {self.lower}: end {self.end!r} s ≤ start {self.start!r} s")
        if not self.conductance > 0:
            raise ValueError(f"Joint above {self.lower}: conductance {self.conductance!r}; accepted: > 0")


@dataclass(frozen=True)
class Stepping:
    """Time steps: graded from ``first_step`` by ``growth`` after every breakpoint.

    In an interval between breakpoints the steps start at min(first_step, largest) and grow by
    ``growth`` up to the largest step, the interval's length over max(minimum, steps_per_interval);
    with growth = 1 every step is that first one.

    Attributes:
        first_step: First step after a breakpoint (s).
        growth: Ratio of consecutive steps (≥ 1).
        steps_per_interval: Minimum number of steps between two breakpoints.
    """

    first_step: float = 1e-6
    growth: float = 1.2
    steps_per_interval: int = 40

    def __post_init__(self) -> None:
        if not (self.first_step > 0 and self.growth >= 1.0 and self.steps_per_interval >= 1):
            raise ValueError(
                f"Stepping(first_step={self.first_step!r}, growth={self.growth!r}, "
                f"steps_per_interval={self.steps_per_interval!r}); accepted: > 0, ≥ 1, ≥ 1"
            )

    def steps(self, length: float, minimum: int) -> np.ndarray:
        """Step sizes (s) that cover an interval of ``length`` (s) in at least ``minimum`` steps."""
        largest = length / max(minimum, self.steps_per_interval)
        out: list[float] = []
        t, dt = 0.0, min(self.first_step, largest)
        while length - t > 1e-12 * length:
            step = min(dt, length - t)
            if length - t - step < 0.25 * step:
                step = length - t
            out.append(step)
            t += step
            dt = min(dt * self.growth, largest)
        return np.asarray(out)


@dataclass(frozen=True)
class ColumnHistory:
    """Result of :func:`conduct`.

    Attributes:
        times: Times (s), the start time first.
        boundaries: Per body, the temperature (K) at its slab boundaries (bottom face, internal
            boundaries, top face), shape (len(times), len(slabs) + 1).
        probes: Temperature at the requested probes (K), shape (len(times), number of probes).
        profiles: Per body, the final nodal (y from the body's bottom (m), T (K)).
    """

    times: np.ndarray
    boundaries: dict[str, np.ndarray]
    probes: np.ndarray
    profiles: dict[str, tuple[np.ndarray, np.ndarray]]
