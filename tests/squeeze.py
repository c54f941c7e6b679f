"""Squeezing a rectangular TPI rib onto a flat surface: the Lee–Springer asperity in the interface cell.

A rib of height a0 and width b0 in a period b0 + w0 is pressed with the pressure P of the whole
period; the fluid wets the surface without slip (bonded on contact). Lee & Springer (J. Compos.
Mater. 21 (1987) 1017; Mazumdar, Composites Manufacturing, 2002, §7.4) treat it as the plane,
constant-volume squeeze flow of a rectangle (a b = a0 b0) between no-slip walls, F = μ b³ (−ȧ)/a³
(Stefan's plane squeeze), which integrates to

    D_ic = b/(b0 + w0) = (1/w*) [1 + 5 w* (a0/b0)² ∫ P/μ dt]^{1/5},   w* = 1 + w0/b0.

The cell models the symmetric half: half the rib's width and height, the mid-plane a rigid plane
sliding freely. Two measures of the degree of contact come out: the squeeze measure
(a0/a)/w* (the rectangle of the same volume, the quantity Lee–Springer's formula is about), and the
wetted width (the bonded fraction of the surface, which grows by the free surface rolling onto the
wall node by node).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

# a Newtonian fluid of η = G τ at 250 °C (one Maxwell branch, τ = 0.1 ms), nearly incompressible
NEWTONIAN_CARD = """schema_version = 1
name = "Newtonian fluid"
kind = "thermoplastic"
[thermal]
conductivity = "1 W/(m*K)"
density = "1000 kg/m^3"
specific_heat = "1000 J/(kg*K)"
[expansion]
alpha = "0 ppm/K"
[viscoelastic]
form = "shear"
glass_transition = "250 degC"
bulk_modulus = "100 GPa"
long_term_modulus = "0 Pa"
[viscoelastic.prony]
terms = [[1e-4, 1e9]]
[viscoelastic.shift]
law = "wlf"
reference_temperature = "250 degC"
C1 = 17.44
C2 = "51.6 K"
"""
T_REF = 523.15  # K
ETA_REF = 1e5  # Pa s at T_REF


def newtonian(path: Path, comm: Any) -> Any:
    from thermobond.materials import load_material

    if comm.rank == 0:
        path.write_text(NEWTONIAN_CARD)
    comm.barrier()
    return load_material(path)


def lee_springer(integral: np.ndarray, w_star: float, aspect: float) -> np.ndarray:
    """D_ic of Lee & Springer at ∫ P/μ dt (1), w* = 1 + w0/b0, aspect a0/b0."""
    return (1.0 + 5.0 * w_star * aspect**2 * np.asarray(integral)) ** 0.2 / w_star


@dataclass(frozen=True)
class Squeeze:
    """The history of a squeeze: time (s), I = ∫P/η dt (1), a/a0, squeeze and wetted degrees of contact."""

    t: np.ndarray
    I: np.ndarray  # noqa: E741 (the integral ∫P/η dt, as Lee & Springer name it)
    height: np.ndarray
    squeeze: np.ndarray
    wetted: np.ndarray
    w_star: float
    aspect: float

    def reference(self) -> np.ndarray:
        return lee_springer(self.I, self.w_star, self.aspect)


def squeeze(
    comm: Any,
    material: Any,
    *,
    w_star: float,
    pressure: float,
    temperature: Any,
    end_height: float,
    aspect: float = 0.1,
    b0: float = 20e-6,
    columns: int = 60,
    rows: int = 12,
    front: float = 8.0,
    steps: int = 60,
) -> Squeeze:
    """Squeeze a rib until a/a0 = ``end_height`` (or the mesh folds at its front: the run stops at
    the first step that fails at a hundredth of its length).

    Args:
        comm: Communicator.
        material: The (Newtonian) TPI.
        w_star: 1 + w0/b0.
        pressure: P over the period (Pa).
        temperature: T(t) (K), a number or a function of time.
        end_height: a/a0 at which to stop.
        aspect: a0/b0.
        b0: Rib width (m).
        columns, rows, front: The half rib's mesh (see :class:`~thermobond.simulation.cell.RibLayout`).
        steps: Steps (geometric in time).
    """
    import ufl
    from dolfinx import fem
    from thermobond.case import InterfaceSpec, Layer, SurfaceSpec
    from thermobond.meshes.surface import CosineProfile
    from thermobond.simulation.cell import InterfaceCell, RibLayout

    T_of = temperature if callable(temperature) else (lambda t: float(temperature))
    a0 = aspect * b0
    L = w_star * b0 / 2
    shift = material.viscoelastic.shift
    eta_ref = float(material.viscoelastic.shear.viscosity())

    def eta(T: float) -> float:
        return eta_ref * 10.0 ** float(shift.log10_aT(np.float64(T)))

    lay = Layer("tpi", material, a0 / 2, rows)
    flat = SurfaceSpec(CosineProfile(L, (0.0,), "flat"), {})
    spec = InterfaceSpec(lay, None, None, flat, 0.0, "cycle", 0.0, "none", 0.0, columns, rows, 2, 1.0, 1.0)
    cell = InterfaceCell(comm, spec, T_of(0.0), rib=RibLayout(b0 / 2, a0 / 2, columns, rows, front))
    X = cell.V.tabulate_dof_coordinates()
    top = np.flatnonzero(np.isclose(X[:, 1], cell.y0 + a0 / 2, rtol=0, atol=1e-9 * a0))  # the sliding plane

    def height() -> float:
        """a/a0 from the plane's position (every node of it moves alike)."""
        local = cell.u.x.array.reshape(-1, 2)[top, 1].max() if top.size else -np.inf
        return (a0 / 2 + comm.allreduce(local, op=max)) / (a0 / 2)

    cell.set_state(T_of(0.0), pressure, 0.0)
    if not cell.solve()[0]:
        raise RuntimeError("the rib's initial equilibrium failed")
    cell.commit(0.0)
    # the time scale: Lee–Springer's I at full flattening to end_height
    i_end = ((1.0 / end_height) ** 5 - 1.0) / (5 * w_star * aspect**2)
    t_end = i_end * eta(T_of(0.0)) / pressure
    times = np.geomspace(1e-3 * t_end, t_end * 20, steps * 3)
    xg, wg = np.polynomial.legendre.leggauss(6)
    out: dict[str, list[float]] = {k: [] for k in ("t", "I", "h", "s", "w")}
    t, integral = 0.0, 0.0
    vol = fem.form(ufl.det(cell.F) * cell.dx)
    V0 = comm.allreduce(fem.assemble_scalar(vol))
    for t_next in times:
        dt = t_next - t
        sub, ok = 1, False
        while sub <= 64:
            backup = t
            for _ in range(sub):
                cell.set_state(T_of(t + dt / sub), pressure, dt / sub)
                ok = cell.solve()[0]
                if not ok:
                    cell.restore_temperature()
                    break
                t += dt / sub
                cell.commit(t)
            if ok:
                break
            t = backup
            sub *= 4
        if not ok:
            break
        Tq = [T_of(backup + 0.5 * dt * (x + 1)) for x in xg]
        integral += pressure * 0.5 * dt * float(np.sum(wg / np.array([eta(T) for T in Tq])))
        h = height()
        V = comm.allreduce(fem.assemble_scalar(vol)) / V0
        fr = cell.fractions()
        out["t"].append(t)
        out["I"].append(integral)
        out["h"].append(h)
        out["s"].append(V / h / w_star)
        out["w"].append(fr["bonded_fraction"])
        if h <= end_height:
            break
    arr = {k: np.array(v) for k, v in out.items()}
    return Squeeze(arr["t"], arr["I"], arr["h"], arr["s"], arr["w"], w_star, aspect)
