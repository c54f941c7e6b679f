"""From bonded area to peel strength: bond development, peel mechanics, calibration (docs/theory/adhesion.md).

Pure NumPy/SciPy; the finite-element peel reference lives in ``benchmarks/verification``.
"""

from .healing import bond_degree, healing_degree, reptation_time
from .peel import PeelArm, PeelResult, kendall_peel, peel_force, toughness_from_peel

__all__ = [
    "PeelArm",
    "PeelResult",
    "bond_degree",
    "healing_degree",
    "kendall_peel",
    "peel_force",
    "reptation_time",
    "toughness_from_peel",
]
