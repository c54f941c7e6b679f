"""Flat rigid platens in unilateral contact with a section, and the melt edge of a coupon in a sheet.

A platen pushes on a face with the pressure k · reach(depth), where depth is how far the face
reaches into it and reach a smoothed ramp (:class:`ContactLaw`): the laminate lifts off wherever its
own curl is stronger than what holds it, and Newton's matrix changes continuously as it does. The
lower platen is fixed; the upper one is a rigid body (one real unknown, its height) pushed with the
press force, which its contact pressure balances. While the press is closed, the thermoplastic
layers' part of the coupon's edge stays straight between its neighbours (:func:`melt_edge_terms`):
the shear flow of a wider sheet's melt (docs/theory/stack.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import ufl
from dolfinx import fem
from mpi4py import MPI

__all__ = [
    "BALANCE_PRESSURE",
    "BALANCE_RTOL",
    "CONTACT_SMOOTHING",
    "REGULARISATION",
    "TOUCH_PRESSURE",
    "ContactLaw",
    "Platen",
    "melt_edge_terms",
    "platen_balance_error",
    "platen_terms",
]

# a spring on the increment of the rigid vertical motion, relative to the contact penalty: it keeps
# Newton's matrix regular when an iterate has lost contact everywhere; its force vanishes with the
# increment and stays far below the laminate's own weight (see Platen)
REGULARISATION = 1e-13
# the length over which a platen contact is smoothed, relative to the section's height (see
# ContactLaw.reach): far below any curl or thickness change the section resolves
CONTACT_SMOOTHING = 1e-3
TOUCH_PRESSURE = 1.0  # Pa: the contact pressure of a face that just touches a platen
# a converged step's upper platen carries its press force to 0.1 % or 100 Pa of mean pressure,
# whichever is larger (100 Pa: 1e-4 of the 1 MPa a bonding claim asks for, and below the kPa noise
# of a press log), or the step is cut back (platen_balance_error)
BALANCE_RTOL = 1e-3
BALANCE_PRESSURE = 100.0


@dataclass(frozen=True)
class ContactLaw:
    """p = k s ln(1 + e^(d/s − c)): the pressure (Pa) of a face that reaches d (m) into a platen.

    Attributes:
        penalty: k (Pa/m), 10 × the stiffest modulus over the section's height.
        smoothing: s (m).
        shift: c: a face exactly at the platen (d = 0) feels :data:`TOUCH_PRESSURE`, so a flat
            laminate laid on a platen starts in equilibrium instead of being pushed off it.
    """

    penalty: float
    smoothing: float
    shift: float

    @classmethod
    def for_section(cls, force_scale: float, height: float) -> ContactLaw:
        """The law of a section of ``height`` (m) whose stiffest modulus × height × 10⁻³ is
        ``force_scale`` (N/m)."""
        k = 1e1 * force_scale / 1e-3 / height**2  # 10 × (stiffest modulus / section height)
        s = CONTACT_SMOOTHING * height
        return cls(k, s, float(np.log(k * s / TOUCH_PRESSURE)))

    def reach(self, depth: Any) -> Any:
        """The smoothed reach s ln(1 + e^(d/s − c)) of a UFL depth: the depth where the face is a few s
        inside, zero where it is a few s clear, smooth in between (a sharp max(d, 0) makes Newton cycle
        between contact sets when a small force holds the laminate, e.g. its own weight). Both
        branches are written so that neither exponential overflows."""
        x = depth / self.smoothing - self.shift
        return self.smoothing * ufl.conditional(ufl.gt(x, 0.0), x + ufl.ln(1.0 + ufl.exp(-x)), ufl.ln(1.0 + ufl.exp(x)))

    def pressure(self, depth: np.ndarray) -> np.ndarray:
        """The contact pressure (Pa) at a face reaching ``depth`` (m) into the platen (NumPy twin)."""
        x = np.asarray(depth, dtype=float) / self.smoothing - self.shift
        return self.penalty * self.smoothing * np.logaddexp(0.0, x)


@dataclass
class Platen:
    """A flat rigid platen in unilateral, frictionless contact with a horizontal face.

    ``fixed`` platens sit at y = ``level`` under the face (the press's lower platen, a table); a
    movable one lies above the face at the unknown height ``level + U`` and is pushed down with the
    prescribed force (per radian for an axisymmetric section, per unit depth for a plane one): its
    contact pressure integrates to that force wherever the face reaches it. Disengaged (no force),
    the platen is gone.

    Attributes:
        face: Facet group in contact.
        fixed: A fixed platen below the face (True) or a movable one above it (False).
        level: Height of the fixed platen, or the face's undeformed height for a movable one (m).
        position: The movable platen's displacement U (a real, global unknown), None if fixed.
        position_old: U at the start of the step.
        engaged: 1 while the platen acts, 0 when it is gone.
        force: The press force on a movable platen (N/rad or N/m).
        contact_force: The form of the force its contact pressure carries (set with the residual):
            equal to ``force`` in a converged step (see :func:`platen_balance_error`).
        area: The pressed face's area (m²/rad or m²/m), set with the residual.
    """

    face: str
    fixed: bool
    level: float
    position: Any
    position_old: Any
    engaged: Any
    force: Any
    contact_force: Any = None
    area: float = 0.0

    def engage(self, on: bool, force: float = 0.0) -> None:
        self.engaged.value[...] = 1.0 if on else 0.0
        self.force.value[...] = force


def platen_terms(section: Any, v: Any, positions: Sequence[Any]) -> list[Any]:
    """The platens' contact terms of a section's residual and the force balance of each movable one
    (its test function in ``positions``, in the order of ``section.platens``)."""
    law: ContactLaw = section.contact
    msh, w, k = section.mesh, section.weight, law.penalty
    eps_reg = REGULARISATION * k
    y = ufl.SpatialCoordinate(msh)[1]
    movable = iter(positions)
    terms = []
    for pl in section.platens.values():
        ds_f, tr = section._face(pl.face)
        y_now, vy = y + tr(section.u)[1], tr(v)[1]
        if pl.fixed:
            pen = law.reach(pl.level - y_now)  # the face pressed into the platen below it
            terms.append(-pl.engaged * k * pen * vy * w * ds_f)
            continue
        r = next(movable)
        U, U_old = tr(pl.position), tr(pl.position_old)
        pen = law.reach(y_now - (pl.level + U))  # the face reaching above the platen
        area = msh.comm.allreduce(fem.assemble_scalar(fem.form(w * ds_f)), op=MPI.SUM)
        pl.contact_force, pl.area = fem.form(k * pen * w * ds_f), area
        terms.append(pl.engaged * k * pen * vy * w * ds_f)
        balance = pl.engaged * (k * pen - pl.force / area) + (1.0 - pl.engaged) * k * U
        # the spring has the sign of the contact's own stiffness (∂(k pen)/∂U ≤ 0): where an iterate
        # has lost contact, Newton then moves the platen towards the laminate; with the opposite sign
        # the row's derivative crossed zero and Newton drove the platen away (metres, in a roll nip)
        terms.append((balance - pl.engaged * eps_reg * (U - U_old)) * tr(r) * w * ds_f)
    if any(p.fixed for p in section.platens.values()):
        # the increment of the section's vertical rigid motion: u_y − u_y,old on the fixed platen's face
        section.u_old = fem.Function(section.Vu)
        for pl in section.platens.values():
            if pl.fixed:
                ds_f, tr = section._face(pl.face)
                terms.append(eps_reg * (tr(section.u)[1] - tr(section.u_old)[1]) * tr(v)[1] * w * ds_f)
    return terms


def platen_balance_error(platens: Sequence[Platen], comm: Any) -> float:
    """The largest |contact force − press force| of the engaged movable platens over what is tolerated,
    :data:`BALANCE_RTOL` of the force or :data:`BALANCE_PRESSURE` of mean pressure over the pressed area,
    whichever is larger (collective; ≤ 1: balanced; 0 where none is engaged).

    A Newton step converged in the norm of the whole residual can still leave the platen's own
    equation unsatisfied when the press force is small against the laminate's internal forces, or
    when an iterate lost contact: such a step must not count (the roll nip's platen once carried
    2.7 kPa of 46 MPa)."""
    worst = 0.0
    for pl in platens:
        if pl.fixed or pl.contact_force is None or float(pl.engaged.value) == 0.0:
            continue
        target = float(pl.force.value)
        carried = comm.allreduce(fem.assemble_scalar(pl.contact_force), op=MPI.SUM)
        allowed = max(BALANCE_RTOL * abs(target), BALANCE_PRESSURE * pl.area)
        worst = max(worst, abs(carried - target) / allowed)
    return worst


def melt_edge_terms(section: Any, melt_edges: tuple[str, Sequence[str]], v: Any, slopes: Sequence[Any]) -> list[Any]:
    """Each named layer's part of the face stays straight while ``section.melt_engaged`` is 1:
    ∂u_x/∂y equals one unknown slope s_ℓ all along it (a stiff penalty), so u_x varies linearly from
    the layer below to the layer above — the shear flow of a wide sheet's melt between its
    neighbours, which neither squeezes out nor bulges. The layer's edge also carries the pressure
    ``section.melt_pressure`` of the melt around it (the same melt, at the press pressure), so the
    straight edge does not pull the neighbouring foils and films into tension as the sealed edge of a
    lone coupon would. While disengaged s_ℓ = 0 and the edge is free."""
    msh, w = section.mesh, section.weight
    face, layers = melt_edges
    ds_f = section.ds(section.mesh_data.physical_groups[face].tag)
    V0 = fem.functionspace(msh, ("DG", 0))
    height = section.y_range[1] - section.y_range[0]
    face_area = msh.comm.allreduce(fem.assemble_scalar(fem.form(w * ds_f)), op=MPI.SUM)
    on = section.melt_engaged
    k = section.contact.penalty * height**2  # the penalty's stiffness per unit length of edge
    terms = []
    for name, mu in zip(layers, slopes, strict=True):
        chi = fem.Function(V0)
        chi.x.array[section.layer_cells[name]] = 1.0
        chi.x.scatter_forward()
        slope = section.melt[name]
        misfit = ufl.grad(section.u)[0, 1] - slope
        terms.append(on * k * misfit * ufl.grad(v)[0, 1] * chi * w * ds_f)
        terms.append(on * section.melt_pressure * v[0] * chi * w * ds_f)
        terms.append((-on * k * misfit * chi + (1.0 - on) * k * slope / face_area) * mu * w * ds_f)
    return terms
