"""What the stack model records as it goes: history columns, the interface programmes that drive the
interface model, the release of the laminate, and the ParaView fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
from dolfinx import fem, io

from ..process import Programme
from ..units import to_celsius

if TYPE_CHECKING:
    from .stackmodel import StackMechanics, StackModel

__all__ = ["FieldOutput", "StackDiagnostics"]


def _area_mean(x: np.ndarray, values: np.ndarray, axisymmetric: bool) -> float:
    """Mean of a traction over the whole interface (per area: weighted by the radius on a coupon).
    By equilibrium the mean normal traction is the press pressure plus the weight above."""
    w = x if axisymmetric else np.ones_like(x)
    return float(np.trapezoid(values * w, x) / np.trapezoid(w, x))


class StackDiagnostics:
    """History columns of the stack model (collective; every rank computes the same row)."""

    def __init__(self, model: StackModel) -> None:
        self.model = model
        self.interfaces = [i.name for i in model.case.stack.interfaces]
        self.tpis = [name for name, *_ in model.mech.tpi_lines]
        cols = ["time_s", "step", "dt_s", "newton_iterations", "platen_temperature_degC", "pressure_Pa"]
        cols += ["top_contact_fraction", "bottom_contact_fraction"]
        cols += ["bottom_temperature_degC", "top_temperature_degC"]
        cols += [f"{n}.temperature_degC" for n in self.interfaces]
        cols += ["curvature_1_per_m"]
        for n in self.interfaces:
            cols += [f"{n}.mean_normal_stress_Pa", f"{n}.max_normal_stress_Pa", f"{n}.max_shear_stress_Pa"]
        cols += [f"{n}.thickness_change" for n in self.tpis]
        self.columns = tuple(cols)
        self.programme_rows: list[tuple[float, dict[str, float], dict[str, float]]] = []
        self.last: dict[str, Any] = {}
        self.contact: list[tuple[float, float]] = []  # (t, top contact fraction)

    def values(self, t: float, step: int, dt: float, iterations: int) -> Mapping[str, Any]:
        m = self.model
        mech, column, prog = m.mech, m.column, m.programme
        mech.update_stress_fields()
        tr = mech.interface_tractions()
        curv = mech.curvature()
        thick = mech.tpi_thickness_change()
        Tb, Tt = column.face_temperatures()
        bottom, top = mech.contact_fractions()
        self.contact.append((t, top))
        Ti = column.interface_temperatures()
        row: dict[str, Any] = {
            "time_s": t,
            "step": step,
            "dt_s": dt,
            "newton_iterations": iterations,
            "top_contact_fraction": top,
            "bottom_contact_fraction": bottom,
            "platen_temperature_degC": to_celsius(float(prog.temperature(t))),
            "pressure_Pa": float(prog.pressure(t)),
            "bottom_temperature_degC": to_celsius(Tb),
            "top_temperature_degC": to_celsius(Tt),
            "curvature_1_per_m": curv.curvature,
        }
        pressures = {}
        axisymmetric = m.case.mechanics.section == "axisymmetric"
        for n in self.interfaces:
            x, syy, sxy = tr[n]
            mean = _area_mean(x, syy, axisymmetric)
            row[f"{n}.temperature_degC"] = to_celsius(Ti[n])
            row[f"{n}.mean_normal_stress_Pa"] = mean
            row[f"{n}.max_normal_stress_Pa"] = float(syy[np.argmax(np.abs(syy))])
            row[f"{n}.max_shear_stress_Pa"] = float(np.max(np.abs(sxy)))
            pressures[n] = -mean
        for n in self.tpis:
            row[f"{n}.thickness_change"] = thick[n]
        self.programme_rows.append((t, dict(Ti), pressures))
        self.last = {"tractions": tr, "curvature": curv}
        return row

    def interface_programmes(self, breakpoints: Programme) -> dict[str, Programme]:
        """T(t) (K) and the mean normal pressure p(t) (Pa, compression positive; ≥ 0) at each
        interface, with the recipe's breakpoints."""
        t = np.array([r[0] for r in self.programme_rows])
        out = {}
        for n in self.interfaces:
            T = np.array([r[1][n] for r in self.programme_rows])
            p = np.maximum(np.array([r[2][n] for r in self.programme_rows]), 0.0)
            keep = tuple(b for b in breakpoints.breakpoints if b <= t[-1] * (1 + 1e-12))
            names = breakpoints.names[: len(keep)]
            out[n] = Programme(t, T, p, keep, names)
        return out

    def release_time(self) -> float | None:
        """When the upper platen last lost contact over the coupon: the start of the final stretch
        in which its contact fraction stays below one half; None if it holds the laminate at the end or
        never held it."""
        if not self.contact or self.contact[-1][1] >= 0.5 or all(c < 0.5 for _, c in self.contact):
            return None
        k = len(self.contact) - 1
        while k > 0 and self.contact[k - 1][1] < 0.5:
            k -= 1
        return self.contact[k][0] if k > 0 else 0.0


class FieldOutput:
    """ParaView output (VTX/ADIOS2) every ``every`` steps and at the end: displacement, temperature
    (°C), stress, von Mises (DG) and plastic strain."""

    def __init__(self, comm: Any, folder: Any, mech: StackMechanics, every: int) -> None:

        self.mech = mech
        self.every = every
        self.T_degC = fem.Function(mech.T.function_space, name="temperature_degC")
        self.writers = [
            io.VTXWriter(comm, str(folder / "displacement.bp"), [mech.u]),
            io.VTXWriter(comm, str(folder / "temperature.bp"), [self.T_degC]),
            io.VTXWriter(comm, str(folder / "stress.bp"), [mech.sigma_h]),
            io.VTXWriter(comm, str(folder / "von_mises.bp"), [mech.vm_h]),
            io.VTXWriter(comm, str(folder / "plastic_strain.bp"), [mech.peeq_h]),
        ]

    def write(self, t: float) -> None:
        self.T_degC.x.array[:] = self.mech.T.x.array - 273.15
        for w in self.writers:
            w.write(t)

    def after_step(self, t: float, step: int, row: Mapping[str, Any]) -> None:
        if step == 0 or step % self.every == 0:
            self.write(t)

    def finish(self, t: float, step: int) -> None:
        self.write(t)
        for w in self.writers:
            w.close()
