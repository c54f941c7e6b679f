"""Analytical laminate mechanics: biaxial laminate theory and the large-deflection curl of a sheet.

Pure NumPy/SciPy. A :class:`Laminate` of :class:`Ply` records (bottom first) gives, at a
temperature T and from a stress-free temperature T_sf, its plate stiffnesses and misfit
resultants (:func:`plate_section`), the small-deflection state of the free plate
(:func:`laminate_state`, :func:`laminate_curvature`), the inverse — the effective stress-free
temperature of a curvature (:func:`stress_free_temperature`) — and the beam variants used to
check it against Timoshenko (:func:`beam_curvature`). :func:`sheet_curl` follows a square or
round sheet of a given size through the spherical cap, the bifurcation and the cylindrical roll,
and reports the lift of its edges on a table; :func:`centre_state` gives the stress through
the thickness at the centre of the curled sheet.

Sign convention: curvature κ = ∂²w/∂x² (1/m) is positive when the sheet is concave toward the top
face of the laminate (the last ply). SI units throughout; temperatures in K.
"""

from .curl import Branch, CurlModel, SheetCurl, centre_state, sheet_curl
from .layers import Laminate, Ply
from .membrane import ClampedPlate, SheetShape, clamped_plate
from .plate import (
    BeamPlane,
    LaminateState,
    beam_curvature,
    laminate_curvature,
    laminate_state,
    stress_free_temperature,
)
from .section import PlateSection, plate_section
from .table import TableLift, table_lift

__all__ = [
    "BeamPlane",
    "Branch",
    "ClampedPlate",
    "CurlModel",
    "Laminate",
    "LaminateState",
    "PlateSection",
    "Ply",
    "SheetCurl",
    "SheetShape",
    "TableLift",
    "beam_curvature",
    "centre_state",
    "clamped_plate",
    "laminate_curvature",
    "laminate_state",
    "plate_section",
    "sheet_curl",
    "stress_free_temperature",
    "table_lift",
]
