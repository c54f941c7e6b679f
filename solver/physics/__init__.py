"""Pure UFL: forms and constitutive formulas. UFL in, UFL out; no I/O, no meshtags, no PETSc."""

from .elasticity import lame, thermal_strain, thermoelastic_stress
from .kinematics import section_strain, von_mises
from .thermal import heat_residual
from .uflmath import UFL

__all__ = [
    "UFL",
    "heat_residual",
    "lame",
    "section_strain",
    "thermal_strain",
    "thermoelastic_stress",
    "von_mises",
]
