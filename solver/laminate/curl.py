"""Large-deflection curl of a free sheet: spherical cap, bifurcation, cylindrical roll.

Model (von Kármán plate, Rayleigh–Ritz). The transverse deflection is taken with uniform
curvatures, w = (κ_x x² + κ_y y²)/2, as in the analyses of a film on a substrate by Masters &
Salamon (1993, Int. J. Eng. Sci. 31:915; 1994, J. Appl. Mech. 61:872), Salamon & Masters (1995,
Int. J. Solids Struct. 32:473) and Freund (2000, J. Mech. Phys. Solids 48:1159). Those papers
expand the mid-plane strains in polynomials of increasing order and find the bifurcation move as
terms are added; here the membrane problem that remains for given curvatures is solved exactly
(the limit of infinitely many in-plane terms, :mod:`thermobond.laminate.membrane`), because with
uniform curvatures it depends on K = κ_x κ_y alone. Eliminating the mean mid-plane strains
(:attr:`PlateSection.misfit_moment`) leaves the energy per unit area

    Π(κ_x, κ_y) = ½ d1 (κ_x² + κ_y²) + d2 κ_x κ_y + m (κ_x + κ_y) + β (κ_x κ_y)²,

with (d1, d2) = (D*11, D*12), D* = D − B A⁻¹ B, m the misfit moment, and β = (Y/2) ⟨φ⟩ the
stretching coefficient of the sheet's shape and size (Y the membrane modulus, ⟨φ⟩ the mean
deflection of the clamped plate ∇⁴φ = 1 of that shape). Its stationary points:

* spherical, κ_x = κ_y = κ:  (d1 + d2) κ + 2β κ³ = −m; stable while κ² < κ_B² = (d1 − d2)/(2β);
* cylindrical (the two rolls, κ_x ≠ κ_y):  κ_x + κ_y = −m/d1 and κ_x κ_y = κ_B²; it branches off
  the spherical state at κ = κ_B, i.e. at a small-deflection curvature κ0_B = 2 d1 κ_B/(d1 + d2),
  and for growing misfit κ_major → −m/d1, the cylindrical-bending curvature
  (:attr:`PlateSection.cylindrical_curvature`), while κ_minor = κ_B²/κ_major → 0.

For a homogeneous round plate (d1 − d2 = D(1 − ν), Y = E h, ⟨φ⟩ = a⁴/192, a = L/2) this gives
κ_B a²/h = 4/√(1 + ν) and, with K = κ a²/h and S the small-deflection (Stoney) value of K,
S = K [1 + (1 − ν) K²/16] on the spherical branch and S_B = 8/(1 + ν)^{3/2} at bifurcation.
The same energy method for Mansfield's lenticular disk (Mansfield 1962, Proc. R. Soc. Lond. A
268:316), where uniform curvature is exact, reproduces his critical curvature (see the tests).

Limits: the uniform-curvature shape misses the boundary layers of the real sheet (its edges curl
differently over a width ~√(R h)). For a round homogeneous plate the exact axisymmetric von Kármán
solution, whose curvature may vary with r, has a mean curvature 0.4 % below this model's cap at
7 % of the bifurcation load and 9.5 % below at the bifurcation load (see the tests);
Masters & Salamon (1994) likewise found the largest differences to finite elements near the
bifurcation. Deep in the roll the model becomes exact in the interior, because the roll is nearly
developable (κ_minor → 0, little membrane strain), so moderate-rotation (von Kármán) theory stays
meaningful there. For a square the energy depends on K only, so the
model cannot say whether the roll's axis is parallel to a side or to a diagonal; both lifts are
reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import brentq

from ..errors import InputError
from .layers import Laminate
from .membrane import ClampedPlate, SheetShape, clamped_plate
from .plate import LaminateState, laminate_state
from .section import PlateSection, plate_section
from .table import TableLift, table_lift

__all__ = ["Branch", "CurlModel", "SheetCurl", "centre_state", "sheet_curl"]

Branch = Literal["flat", "spherical", "cylindrical"]

_ROUND_OFF = 1e-12  # relative size of a misfit moment taken as zero (a symmetric laminate)


@dataclass(frozen=True)
class CurlModel:
    """The reduced energy Π(κ_x, κ_y) per unit area of a sheet with uniform curvatures.

    Attributes:
        d1: D*11 (N m).
        d2: D*12 (N m), |d2| < d1.
        m: Misfit moment (N); the curl is concave toward the top when m < 0.
        beta: Stretching coefficient β (N m³): the membrane energy per area is β (κ_x κ_y)².
    """

    d1: float
    d2: float
    m: float
    beta: float

    def __post_init__(self) -> None:
        if not (self.d1 > abs(self.d2) and self.beta > 0.0):
            raise InputError("curl model needs d1 > |d2| and β > 0", value=(self.d1, self.d2, self.beta))

    @classmethod
    def of(cls, section: PlateSection, size: float, shape: SheetShape | ClampedPlate) -> CurlModel:
        """The model of a sheet of ``section``, side or diameter ``size`` (m), of ``shape``.

        Args:
            section: The laminate at its temperature.
            size: Side or diameter L (m).
            shape: ``"square"``, ``"round"``, or their :func:`clamped_plate` solution.
        """
        if not size > 0.0:
            raise InputError("sheet size must be positive", key="size", value=size, accepted="> 0 m")
        plate = shape if isinstance(shape, ClampedPlate) else clamped_plate(shape)
        d1, d2 = section.reduced_bending
        beta = 0.5 * section.membrane_modulus * plate.mean * size**4
        return cls(d1, d2, section.misfit_moment, beta)

    def energy(self, kx: float, ky: float) -> float:
        """Π (J/m²) up to a constant."""
        return 0.5 * self.d1 * (kx**2 + ky**2) + self.d2 * kx * ky + self.m * (kx + ky) + self.beta * (kx * ky) ** 2

    @property
    def small_deflection_curvature(self) -> float:
        """κ0 = −m/(d1 + d2) (1/m): linear plate theory."""
        return -self.m / (self.d1 + self.d2)

    @property
    def cylindrical_curvature(self) -> float:
        """−m/d1 (1/m): the limit of the roll's major curvature."""
        return -self.m / self.d1

    @property
    def bifurcation_curvature(self) -> float:
        """κ_B = √((d1 − d2)/(2β)) (1/m), signed like the curl: the spherical curvature where the roll starts."""
        return float(np.copysign(np.sqrt((self.d1 - self.d2) / (2 * self.beta)), -self.m))

    @property
    def load_ratio(self) -> float:
        """m/m_B: the misfit moment over its value at bifurcation (< 1 on the spherical branch)."""
        m_b = 2 * self.d1 * abs(self.bifurcation_curvature)
        return abs(self.m) / m_b

    @property
    def spherical_curvature(self) -> float:
        """κ of the spherical state, the real root of (d1 + d2) κ + 2β κ³ + m = 0 (1/m)."""
        k0 = self.small_deflection_curvature
        if k0 == 0.0:
            return 0.0
        # f is increasing; its root lies between 0 and the linear solution κ0
        return float(
            brentq(lambda k: (self.d1 + self.d2) * k + 2 * self.beta * k**3 + self.m, min(0.0, k0), max(0.0, k0))
        )

    def equilibrium(self) -> tuple[float, float, Branch]:
        """The stable state: (κ_major, κ_minor, branch)."""
        if self.m == 0.0:
            return 0.0, 0.0, "flat"
        k = self.spherical_curvature
        kb2 = (self.d1 - self.d2) / (2 * self.beta)
        if k * k <= kb2:
            return k, k, "spherical"
        s = self.cylindrical_curvature
        major = 0.5 * (s + np.copysign(np.sqrt(max(s * s - 4 * kb2, 0.0)), s))
        return float(major), float(kb2 / major), "cylindrical"


@dataclass(frozen=True)
class SheetCurl:
    """The curl of a free sheet cut from a laminate.

    Curvatures are positive when the sheet is concave toward the laminate's top face.

    Attributes:
        shape: ``"square"`` (side ``size``) or ``"round"`` (diameter ``size``).
        size: L (m).
        thickness: Laminate thickness h (m).
        branch: ``"flat"``, ``"spherical"`` (a cap, κ_x = κ_y) or ``"cylindrical"`` (a roll).
        kappa_major: Principal curvature of larger magnitude (1/m).
        kappa_minor: The other principal curvature (1/m).
        small_deflection_curvature: κ0 of linear plate theory (1/m), what the edge-lift formula
            κ0 L²/8 assumes.
        bifurcation_curvature: Curvature of the spherical cap when the roll starts (1/m).
        cylindrical_curvature: Limit of the roll's major curvature for large misfit (1/m).
        load_ratio: Misfit moment over its value at bifurcation (> 1: the sheet rolls).
        centre_membrane_force: Equi-biaxial membrane force at the sheet's centre from the Gaussian
            curvature, N_x = N_y (N/m); tension positive.
        lift: Lift on a table, concave side up; for a square rolled about an axis parallel to a side.
        diagonal_lift: The same for a square rolled about a diagonal (equal to ``lift`` for a round
            sheet or a spherical cap of a round sheet).
    """

    shape: SheetShape
    size: float
    thickness: float
    branch: Branch
    kappa_major: float
    kappa_minor: float
    small_deflection_curvature: float
    bifurcation_curvature: float
    cylindrical_curvature: float
    load_ratio: float
    centre_membrane_force: float
    lift: TableLift
    diagonal_lift: TableLift

    @property
    def concave_side(self) -> str:
        """``"top"``, ``"bottom"`` or ``"flat"``: the face the sheet curls toward."""
        return "top" if self.kappa_major > 0 else "bottom" if self.kappa_major < 0 else "flat"

    @property
    def edge_lift(self) -> float:
        """Height of the curled edge above the table (m), concave side up (see :class:`TableLift`)."""
        return self.lift.edge_lift

    @property
    def normalised_curvature(self) -> float:
        """|κ0| L²/h: the small-deflection curl in units of the sheet's thickness-to-size ratio."""
        return abs(self.small_deflection_curvature) * self.size**2 / self.thickness


def _as_section(section: PlateSection | tuple[ArrayLike, ArrayLike, ArrayLike, float, float]) -> PlateSection:
    if isinstance(section, PlateSection):
        return section
    if len(section) != 5:
        raise InputError("expected a PlateSection or (A, B, D, N_T, M_T)", value=type(section).__name__)
    A, B, D, N_T, M_T = section
    a = np.asarray(A, dtype=float)
    d = np.asarray(D, dtype=float)
    # only for the isotropy check's scale and normalised reports: exact for a homogeneous plate
    h_equiv = float(np.sqrt(12.0 * d[0, 0] / a[0, 0])) if a.shape == (3, 3) and d.shape == (3, 3) else 1.0
    return PlateSection.from_matrices(A, B, D, float(N_T), float(M_T), thickness=h_equiv)


def sheet_curl(
    section: PlateSection | tuple[ArrayLike, ArrayLike, ArrayLike, float, float],
    size: float,
    shape: SheetShape = "square",
) -> SheetCurl:
    """Curl of a free sheet of ``size`` cut from a laminate, with geometric nonlinearity.

    Args:
        section: The laminate at its temperature (:func:`~thermobond.laminate.plate_section`), or
            (A, B, D, N_T, M_T): 3×3 Voigt matrices (N/m, N, N m) about the geometric mid-plane and
            the equi-biaxial misfit resultants (N/m, N); the thickness is then taken as √(12 D11/A11).
        size: Side of a square or diameter of a round sheet, L (m).
        shape: ``"square"`` or ``"round"``.

    Returns:
        The stable state, its branch, the bifurcation curvature and the lift on a table.
    """
    if shape not in ("square", "round"):
        raise InputError("unknown sheet shape", key="shape", value=shape, accepted="square, round")
    sec = _as_section(section)
    plate = clamped_plate(shape)
    model = CurlModel.of(sec, size, plate)
    if abs(model.m) <= _ROUND_OFF * (abs(sec.N_T) * sec.thickness + abs(sec.M_T)):
        # a symmetric laminate: the misfit moment is round-off of cancelling ply contributions
        model = CurlModel(model.d1, model.d2, 0.0, model.beta)
    major, minor, branch = model.equilibrium()
    gauss = major * minor
    centre_force = -0.5 * sec.membrane_modulus * gauss * plate.centre_laplacian * size**2
    lift = table_lift(major, minor, shape, size)
    diagonal = table_lift(major, minor, shape, size, angle=np.pi / 4) if shape == "square" else lift
    return SheetCurl(
        shape=shape,
        size=size,
        thickness=sec.thickness,
        branch=branch,
        kappa_major=major,
        kappa_minor=minor,
        small_deflection_curvature=model.small_deflection_curvature,
        bifurcation_curvature=model.bifurcation_curvature,
        cylindrical_curvature=model.cylindrical_curvature,
        load_ratio=model.load_ratio,
        centre_membrane_force=float(centre_force),
        lift=lift,
        diagonal_lift=diagonal,
    )


def centre_state(
    laminate: Laminate, temperature: float, stress_free_temperature: float, size: float, shape: SheetShape = "square"
) -> tuple[SheetCurl, LaminateState]:
    """Curl of a sheet and the stress through its thickness at its centre.

    At the centre the sheet has the curvatures of its branch and, from its Gaussian curvature, the
    equi-biaxial membrane force :attr:`SheetCurl.centre_membrane_force`; the major curvature is
    along x.

    Args:
        laminate: The plies, bottom first.
        temperature: T (K).
        stress_free_temperature: T_sf (K).
        size: Side or diameter L (m).
        shape: ``"square"`` or ``"round"``.

    Returns:
        The curl and the state at the centre (σ_xx along the roll, σ_yy along its axis).
    """
    curl = sheet_curl(plate_section(laminate, temperature, stress_free_temperature), size, shape)
    n = curl.centre_membrane_force
    state = laminate_state(
        laminate,
        temperature,
        stress_free_temperature,
        curvatures=(curl.kappa_major, curl.kappa_minor),
        membrane_force=(n, n),
    )
    return curl, state
