"""The stack model's result: the summary's edge stresses, the effective stress-free temperature, the
curl of the user's sheet (with geometric nonlinearity), the release, the centre's stress profile."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import numpy as np

from ..case import Case
from ..errors import InputError
from ..laminate import Laminate, Ply, plate_section, sheet_curl
from ..laminate import stress_free_temperature as effective_stress_free_temperature
from ..process import Programme
from ..results import (
    CentreStress,
    Deflection,
    InterfaceStress,
    InterfaceTraction,
    SheetSummary,
    SolverStats,
    StackResult,
    StackSummary,
)
from ..units import to_celsius

if TYPE_CHECKING:
    from .stackmodel import StackModel
    from .stackoutputs import StackDiagnostics

__all__ = ["stack_result"]

log = logging.getLogger(__name__)


def stack_result(
    case: Case, model: StackModel, diag: StackDiagnostics, stats: Any, ncells: int, setup: float, wall: float
) -> StackResult:
    mech = model.mech
    curv = diag.last["curvature"]
    tr = diag.last["tractions"]
    mspec = case.mechanics
    per_iface = {n: _interface_stress(xs, syy, sxy, mech.radius, mspec) for n, (xs, syy, sxy) in tr.items()}
    peeq = mech.layer_max(mech.peeq_h)
    metals = [layer.name for layer in case.stack.metals]
    prog = case.programme
    end = prog.duration
    T_end = float(prog.temperature(end))
    t_sf = _effective_stress_free_temperature(case, curv.curvature, T_end)
    press_open = _press_open(prog)
    release = diag.release_time()
    note = ""
    if release is None and mech.press_closed:
        note = (
            "the recipe never releases the laminate: the platen holds it flat at the end of the cycle, "
            "so the curvature is that of the pressed laminate, not its curl"
        )
    y, layers, sig = mech.axis_probe.evaluate(mech.sigma_h)
    summary = StackSummary(
        section={"axisymmetric": "axisymmetric", "strain": "plane_strain", "stress": "plane_stress"}[mspec.section],
        tpi_model="viscoelastic" if mspec.viscoelastic else "glassy elastic",
        stress_free_temperature_degC=to_celsius(mspec.stress_free_temperature),
        effective_stress_free_temperature_degC=None if t_sf is None else to_celsius(t_sf),
        final_temperature_degC=to_celsius(T_end),
        curvature_1_per_m=curv.curvature,
        curl_radius_m=curv.radius,
        concave_side=curv.concave_side,
        sheet=_sheet(case, curv.curvature, T_end),
        edge_distance_m=mspec.edge_distance,
        edge_length_m=mspec.edge_length,
        edge_interface_normal_Pa=max((v.edge_mean_normal_Pa for v in per_iface.values()), key=abs, default=0.0),
        edge_interface_shear_Pa=max((v.edge_mean_shear_Pa for v in per_iface.values()), key=abs, default=0.0),
        interfaces=per_iface,
        max_von_mises_Pa=mech.layer_max(mech.vm_h),
        max_equivalent_plastic_strain=max((peeq[m] for m in metals), default=0.0),
        equivalent_plastic_strain={m: peeq[m] for m in metals},
        tpi_thickness_change=mech.tpi_thickness_change(),
        press_open_s=press_open,
        release_s=release,
        note=note,
        cells=ncells,
        solver=SolverStats(mech.dofs, stats.steps, stats.newton_iterations, mech.linear_solves, stats.cutbacks, wall),
    )
    if note:
        log.warning("%s: %s", case.name, note)
    stats.timings.update(model.timings)
    stats.timings["setup"] = setup
    return StackResult(
        summary=summary,
        history=stats.history(diag.columns),
        interface_programmes=diag.interface_programmes(prog),
        tractions=tuple(InterfaceTraction(n, xs, sy, sx) for n, (xs, sy, sx) in tr.items()),
        deflection=Deflection(curv.x, curv.w, curv.fitted(curv.x)),
        centre_stress=CentreStress(y, tuple(layers), sig[:, 0], sig[:, 1], sig[:, 2], sig[:, 3]),
    )


def _interface_stress(xs: np.ndarray, syy: np.ndarray, sxy: np.ndarray, radius: float, m: Any) -> InterfaceStress:
    """The edge values at a distance and averaged over a length (mesh-independent), the centre, the
    raw nodal peaks (see :class:`InterfaceStress`)."""
    i_s, i_n = int(np.argmax(np.abs(sxy))), int(np.argmax(np.abs(syy)))
    at = radius - m.edge_distance

    def mean_near_edge(v: np.ndarray) -> float:
        if m.edge_length <= 0:
            return float(np.interp(radius, xs, v))
        grid = np.linspace(radius - m.edge_length, radius, 401)
        return float(np.mean(np.interp(grid, xs, v)))  # the trapezoid rule's error is below the mesh's

    return InterfaceStress(
        edge_normal_Pa=float(np.interp(at, xs, syy)),
        edge_shear_Pa=float(np.interp(at, xs, sxy)),
        edge_mean_normal_Pa=mean_near_edge(syy),
        edge_mean_shear_Pa=mean_near_edge(sxy),
        mid_normal_Pa=float(np.interp(0.0, xs, syy)),
        mid_shear_Pa=float(np.interp(0.0, xs, sxy)),
        peak_normal_Pa=float(syy[i_n]),
        x_peak_normal_m=float(xs[i_n]),
        peak_shear_Pa=float(sxy[i_s]),
        x_peak_shear_m=float(xs[i_s]),
    )


def _press_open(prog: Programme) -> float | None:
    """When the recipe's pressure last drops to zero (None if it is pressed at the end or never)."""
    p = np.asarray(prog.pressures)
    if p[-1] > 0 or not np.any(p > 0):
        return None
    k = int(np.flatnonzero(p > 0)[-1])
    return float(prog.times[k + 1])


def _laminate(case: Case) -> Laminate:
    """The stack's layers as elastic plies (glassy thermoplastics): what the curl is compared with."""
    return Laminate.of([Ply.from_material(layer.material, layer.thickness, layer.name) for layer in case.stack.layers])


def _effective_stress_free_temperature(case: Case, curvature: float, temperature: float) -> float | None:
    plane = {"axisymmetric": "biaxial", "strain": "strain", "stress": "stress"}[case.mechanics.section]
    try:
        return effective_stress_free_temperature(
            _laminate(case),
            curvature,
            temperature,
            bracket=(73.15, 1973.15),
            plane=plane,  # type: ignore[arg-type]
        )
    except InputError:
        return None


def _sheet(case: Case, curvature: float, temperature: float) -> SheetSummary | None:
    """The user's sheet with the coupon's curl (axisymmetric sections only: a plane section is a cut
    through a strip, not a sheet). The elastic section of the cooled laminate is given the misfit
    moment that reproduces the coupon's curvature (:meth:`PlateSection.matching_curvature`)."""
    m = case.mechanics
    if m.section != "axisymmetric":
        return None
    section = plate_section(_laminate(case), temperature, m.stress_free_temperature).matching_curvature(curvature)
    c = sheet_curl(section, m.sheet_size, m.sheet_shape)
    return SheetSummary(
        shape=c.shape,
        size_m=c.size,
        branch=c.branch,
        curvature_major_1_per_m=c.kappa_major,
        curvature_minor_1_per_m=c.kappa_minor,
        bifurcation_curvature_1_per_m=c.bifurcation_curvature,
        cylindrical_curvature_1_per_m=c.cylindrical_curvature,
        load_ratio=c.load_ratio,
        edge_lift_m=c.edge_lift,
        edge_lift_max_m=c.lift.edge_lift_max,
        small_deflection_edge_lift_m=abs(curvature) * m.sheet_size**2 / 8,
        roll_angle_rad=c.lift.roll_angle,
        height_m=c.lift.height,
    )
