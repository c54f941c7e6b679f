"""Material models and data: property tables, thermal expansion, Prony series, shift laws, cards.

Pure NumPy/SciPy; formulas that the finite-element forms need are written against a small math
namespace so the same code evaluates in UFL (see :mod:`thermobond.physics`).
"""

from .cards import load_material, read_material
from .claims import (
    BondingClaim,
    StorageModulusClaim,
    claim_bonding_at_minimum,
    claim_minimum_storage_modulus,
)
from .expansion import Expansion, SteppedCTE
from .fitcard import FittedCard, fit_card
from .fitting import FitOptions
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
from .transition import resolve_glass_transition

__all__ = [
    "WLF",
    "AnyMaterial",
    "Arrhenius",
    "BondingClaim",
    "Elasticity",
    "Expansion",
    "FitOptions",
    "FittedCard",
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
    "StorageModulusClaim",
    "StructuralMaterial",
    "TabulatedShift",
    "ThermalMaterial",
    "ThermalProperties",
    "ThermoplasticMaterial",
    "Viscoelasticity",
    "claim_bonding_at_minimum",
    "claim_minimum_storage_modulus",
    "fit_card",
    "load_material",
    "read_material",
    "reduced_time",
    "resolve_glass_transition",
]
