"""Plies and laminates: thickness, elasticity E(T) and ν, and the in-plane free strain of each layer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..errors import InputError
from ..materials.expansion import Expansion, SteppedCTE
from ..materials.material import Material, SolidMaterial

__all__ = ["Laminate", "Ply"]

Modulus = float | Callable[[float], float]
CTE = float | SteppedCTE | Expansion


@dataclass(frozen=True)
class Ply:
    """One layer of a laminate that is isotropic in its plane.

    The in-plane free strain of the layer at temperature T, measured from the stress-free state, is
    ``e(T) = ∫_{T_sf}^{T} α dT' + eigenstrain``; the same in every in-plane direction.

    Attributes:
        thickness: Layer thickness h (m), > 0.
        youngs_modulus: Young's modulus E (Pa): a number, or a function of temperature E(T) (T in K)
            such as a material card's :class:`~thermobond.materials.PiecewiseLinear`. A laminate
            state at temperature T uses E(T) (a secant, path-independent thermo-elastic model).
        poissons_ratio: ν, in (−1, 0.5).
        expansion: In-plane coefficient of thermal expansion: a number α (1/K), a
            :class:`~thermobond.materials.SteppedCTE`, or an :class:`~thermobond.materials.Expansion`
            (its in-plane part is used).
        eigenstrain: Intrinsic in-plane free strain (dimensionless) added to the thermal strain,
            e.g. the growth strain of a plated layer or cure shrinkage (negative: the layer shrinks).
        name: A label for reports.
    """

    thickness: float
    youngs_modulus: Modulus
    poissons_ratio: float
    expansion: CTE
    eigenstrain: float = 0.0
    name: str = ""

    def __post_init__(self) -> None:
        if not self.thickness > 0.0:
            raise InputError("ply thickness must be positive", key="thickness", value=self.thickness, accepted="> 0 m")
        if not -1.0 < self.poissons_ratio < 0.5:
            raise InputError(
                "Poisson's ratio out of range", key="poissons_ratio", value=self.poissons_ratio, accepted="(−1, 0.5)"
            )
        if not callable(self.youngs_modulus) and not float(self.youngs_modulus) > 0.0:
            raise InputError(
                "Young's modulus must be positive", key="youngs_modulus", value=self.youngs_modulus, accepted="> 0 Pa"
            )

    @classmethod
    def from_material(cls, material: Material, thickness: float, name: str = "") -> Ply:
        """The ply of a material card: its E(T), ν and in-plane expansion.

        For a thermoplastic card the elasticity is the glassy (instantaneous) limit, which is what
        a laminate cooled below Tg from a stress-free temperature at Tg carries.

        Args:
            material: A validated material card.
            thickness: Layer thickness (m).
            name: Label; the card's name if empty.

        Raises:
            InputError: If the card has no elasticity or no expansion (a ``thermal`` card).
        """
        if not isinstance(material, SolidMaterial):
            raise InputError(
                "a laminate ply needs elasticity and thermal expansion",
                file=material.path,
                value=material.kind,
                accepted="metal, polymer or thermoplastic cards",
            )
        return cls(
            thickness=thickness,
            youngs_modulus=material.elastic.youngs_modulus,
            poissons_ratio=material.elastic.poissons_ratio,
            expansion=material.expansion,
            name=name or material.name,
        )

    def modulus(self, temperature: float) -> float:
        """Young's modulus E (Pa) at ``temperature`` (K)."""
        E = self.youngs_modulus
        value = float(E(temperature)) if callable(E) else float(E)
        if not value > 0.0:
            raise InputError(
                f"Young's modulus of ply '{self.name}' is not positive at {temperature:.6g} K",
                value=value,
                accepted="> 0 Pa",
            )
        return value

    def biaxial_modulus(self, temperature: float) -> float:
        """E/(1 − ν) (Pa): the modulus of an equi-biaxial in-plane stress state."""
        return self.modulus(temperature) / (1.0 - self.poissons_ratio)

    def thermal_strain(self, temperature: float, stress_free_temperature: float) -> float:
        """∫_{T_sf}^{T} α dT' (dimensionless), both temperatures in K."""
        cte = self.expansion
        if isinstance(cte, Expansion):
            cte = cte.in_plane
        if isinstance(cte, SteppedCTE):
            return float(cte.strain(temperature, stress_free_temperature))
        return float(cte) * (temperature - stress_free_temperature)

    def free_strain(self, temperature: float, stress_free_temperature: float) -> float:
        """In-plane free strain e = thermal strain + eigenstrain (dimensionless)."""
        return self.thermal_strain(temperature, stress_free_temperature) + self.eigenstrain


@dataclass(frozen=True)
class Laminate:
    """Plies bonded together, listed from the bottom face (z = 0) to the top face (z = h).

    Attributes:
        plies: The layers, bottom first (a list is accepted and stored as a tuple).
    """

    plies: tuple[Ply, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "plies", tuple(self.plies))
        if not self.plies:
            raise InputError("a laminate needs at least one ply", key="plies", value=0, accepted="≥ 1 ply")

    @classmethod
    def of(cls, plies: Sequence[Ply]) -> Laminate:
        """A laminate from any sequence of plies (bottom first)."""
        return cls(tuple(plies))

    @property
    def thickness(self) -> float:
        """Total thickness h (m)."""
        return sum(p.thickness for p in self.plies)

    @property
    def interfaces(self) -> tuple[float, ...]:
        """z (m) of the faces of the plies from the bottom face: 0, h_1, h_1 + h_2, …, h."""
        z = [0.0]
        for p in self.plies:
            z.append(z[-1] + p.thickness)
        return tuple(z)

    def flipped(self) -> Laminate:
        """The same laminate turned upside down (the top ply becomes the bottom one)."""
        return Laminate(tuple(reversed(self.plies)))
