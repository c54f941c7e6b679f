"""Continuous roll lamination: nip mechanics and conduction through the moving web.

* :mod:`~thermobond.roll.records`: the rolls, the line, preheat and cooling zones, the plies of the web.
* :mod:`~thermobond.roll.nip`: nip half-width and pressure p(x) (Hertz, thin layers, numerical).
* :mod:`~thermobond.roll.history`: T(t) at every interface and p(t) of a slice of web through the line.
* :mod:`~thermobond.roll.recipe`: that history as the recipe (a :class:`~thermobond.process.Programme`)
  the stack and interface models follow, as they follow a press cycle.
* :mod:`~thermobond.roll.study`: the same over line speed × roll temperature × line load.

Nothing here imports DOLFINx: the models are 1-D (conduction) and boundary-element (contact).
"""

from .compliance import BondedLayer, HalfSpace, ThinFoundation
from .contact import NipContact, solve_line_contact
from .history import Discretisation, RollHistory, nip_history
from .nip import (
    contact_modulus,
    hertz_line_contact,
    incompressible_layer_contact,
    nip_contact,
    reduced_radius,
    winkler_contact,
)
from .recipe import roll_programme
from .records import (
    AirCooling,
    ChillRoll,
    ElastomerCovering,
    HeatedDrum,
    InfraredHeater,
    Line,
    Ply,
    Roll,
    SteelSurface,
    WebLayer,
)
from .study import RollLinePoint, RollSetting, roll_line_study

__all__ = [
    "AirCooling",
    "BondedLayer",
    "ChillRoll",
    "Discretisation",
    "ElastomerCovering",
    "HalfSpace",
    "HeatedDrum",
    "InfraredHeater",
    "Line",
    "NipContact",
    "Ply",
    "Roll",
    "RollHistory",
    "RollLinePoint",
    "RollSetting",
    "SteelSurface",
    "ThinFoundation",
    "WebLayer",
    "contact_modulus",
    "hertz_line_contact",
    "incompressible_layer_contact",
    "nip_contact",
    "nip_history",
    "reduced_radius",
    "roll_line_study",
    "roll_programme",
    "solve_line_contact",
    "winkler_contact",
]
