"""The laminate as a value object: layers bottom → top, their interfaces, neighbours and roles.

Every question about which layers touch — the metal next to a thermoplastic, the interfaces that
heal, the run of conductors a peel test lifts, the face a platen presses — is answered here, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..materials import MetalMaterial, PolymerMaterial, ThermoplasticMaterial
from .spec import Layer

__all__ = ["Interface", "Stack", "interface_name"]


def interface_name(lower: str, upper: str) -> str:
    """Name of the interface between two layers (the mesh's physical group of it)."""
    return f"{lower}/{upper}"


@dataclass(frozen=True)
class Interface:
    """The interface between two neighbouring layers.

    Attributes:
        lower: The layer below.
        upper: The layer above.
        height: Distance from the laminate's bottom face (m).
    """

    lower: Layer
    upper: Layer
    height: float

    @property
    def name(self) -> str:
        return interface_name(self.lower.name, self.upper.name)

    def other(self, layer: Layer) -> Layer:
        """The layer on the other side of ``layer``."""
        return self.upper if layer.name == self.lower.name else self.lower

    @property
    def heals(self) -> bool:
        """A thermoplastic against another polymer: the interface heals by reptation."""
        kinds = (type(self.lower.material), type(self.upper.material))
        polymers = (PolymerMaterial, ThermoplasticMaterial)
        return ThermoplasticMaterial in kinds and all(issubclass(k, polymers) for k in kinds)


@dataclass(frozen=True)
class Stack:
    """Layers listed bottom → top (names unique, at least one layer)."""

    layers: tuple[Layer, ...]

    def __post_init__(self) -> None:
        names = [layer.name for layer in self.layers]
        if not names:
            raise ValueError("a stack needs at least one layer")
        if len(set(names)) != len(names):
            raise ValueError(f"layer names must be unique: {names}")

    # ---- lookup ---------------------------------------------------------------------------------
    @property
    def names(self) -> tuple[str, ...]:
        return tuple(layer.name for layer in self.layers)

    def index(self, name: str) -> int:
        return self.names.index(name)

    def layer(self, name: str) -> Layer:
        """The layer called ``name`` (KeyError if there is none)."""
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise KeyError(name)

    @property
    def total_thickness(self) -> float:
        return sum(layer.thickness for layer in self.layers)

    @cached_property
    def interfaces(self) -> tuple[Interface, ...]:
        """Every internal interface, bottom → top."""
        out, y = [], 0.0
        for lo, up in zip(self.layers, self.layers[1:], strict=False):
            y += lo.thickness
            out.append(Interface(lo, up, y))
        return tuple(out)

    def interface(self, a: str, b: str) -> Interface:
        """The interface between two neighbouring layers, named in either order."""
        for i in self.interfaces:
            if {i.lower.name, i.upper.name} == {a, b}:
                return i
        raise ValueError(f"layers '{a}' and '{b}' are not neighbours")

    def neighbours(self, name: str) -> tuple[Layer, ...]:
        """The layers directly below and above (below first)."""
        i = self.index(name)
        return tuple(self.layers[j] for j in (i - 1, i + 1) if 0 <= j < len(self.layers))

    # ---- roles ------------------------------------------------------------------------------------
    @property
    def metals(self) -> tuple[Layer, ...]:
        return tuple(layer for layer in self.layers if isinstance(layer.material, MetalMaterial))

    @property
    def thermoplastics(self) -> tuple[Layer, ...]:
        return tuple(layer for layer in self.layers if isinstance(layer.material, ThermoplasticMaterial))

    def metals_next_to(self, name: str) -> tuple[Layer, ...]:
        return tuple(n for n in self.neighbours(name) if isinstance(n.material, MetalMaterial))

    @property
    def bonded_thermoplastics(self) -> tuple[Layer, ...]:
        """Thermoplastic layers with a metal neighbour (the layers the claims are about)."""
        return tuple(t for t in self.thermoplastics if self.metals_next_to(t.name))

    @property
    def healing_interfaces(self) -> tuple[Interface, ...]:
        """Interfaces of a thermoplastic with another polymer."""
        return tuple(i for i in self.interfaces if i.heals)

    def metal_run(self, layer: str, first: str) -> tuple[Layer, ...]:
        """The consecutive metal layers from ``first`` (a metal next to ``layer``) walking away from it."""
        i, j = self.index(layer), self.index(first)
        if abs(i - j) != 1 or not isinstance(self.layers[j].material, MetalMaterial):
            raise ValueError(f"'{first}' is not a metal layer next to '{layer}'")
        step = 1 if j > i else -1
        run = []
        while 0 <= j < len(self.layers) and isinstance(self.layers[j].material, MetalMaterial):
            run.append(self.layers[j])
            j += step
        return tuple(run)

    def polymers_behind(self, layer: str, away_from: str) -> tuple[Layer, ...]:
        """``layer`` and the non-metal layers beyond it, walking away from the neighbour ``away_from``
        until the next metal (what lies under a peeled conductor)."""
        i, j = self.index(layer), self.index(away_from)
        step = 1 if j < i else -1
        out = []
        while 0 <= i < len(self.layers) and not isinstance(self.layers[i].material, MetalMaterial):
            out.append(self.layers[i])
            i += step
        return tuple(out)

    # ---- the laminate in the press ----------------------------------------------------------------
    @property
    def born_at_start(self) -> tuple[Layer, ...]:
        """The layers that exist from the start (plated layers are born later, above them)."""
        return tuple(layer for layer in self.layers if layer.active_from is None)

    @property
    def pressed_face(self) -> str:
        """The face the top platen presses: the top, or the top of the layers born at the start."""
        born = self.born_at_start
        if len(born) == len(self.layers):
            return "top"
        return interface_name(born[-1].name, self.layers[len(born)].name)
