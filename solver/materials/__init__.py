"""Material models and data: property tables, thermal expansion, Prony series, shift laws, cards.

Pure NumPy/SciPy; formulas that the finite-element forms need are written against a small math
namespace so the same code evaluates in UFL (see :mod:`thermobond.physics`).
"""

from .cards import load_material, read_material
from .expansion import Expansion, SteppedCTE
from .material import (
    AnyMaterial,
    Elasticity,
    GlassTransition,
    Material,
    MetalMaterial,
    Plasticity,
    PolymerMaterial,
    SolidMaterial,
    StructuralMaterial,
    ThermalMaterial,
    ThermalProperties,
    ThermoplasticMaterial,
    Viscoelasticity,
)
from .prony import PronySeries, RetardationSpectrum
from .shift import WLF, Arrhenius, HybridShift, ShiftLaw, TabulatedShift, reduced_time
from .tabulated import PiecewiseLinear

__all__ = [
    "WLF",
    "AnyMaterial",
    "Arrhenius",
    "Elasticity",
    "Expansion",
    "GlassTransition",
    "HybridShift",
    "Material",
    "MetalMaterial",
    "PiecewiseLinear",
    "Plasticity",
    "PolymerMaterial",
    "PronySeries",
    "RetardationSpectrum",
    "ShiftLaw",
    "SolidMaterial",
    "SteppedCTE",
    "StructuralMaterial",
    "TabulatedShift",
    "ThermalMaterial",
    "ThermalProperties",
    "ThermoplasticMaterial",
    "Viscoelasticity",
    "load_material",
    "read_material",
    "reduced_time",
]
