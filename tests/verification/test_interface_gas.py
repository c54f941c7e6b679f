"""Gas trapped in a closed valley of the interface cell against Boyle's law (issue 13, item 6).

A Newtonian TPI film (η = 1e5 Pa s) on a sinusoid (λ 10 µm, amplitude 1 µm) seals the valley when it
touches the crest, trapping the press atmosphere's air at p_a in the valley's volume V_c = A λ/2 per
half period (the flat film on the crest). Once the melt has relaxed it transmits the press pressure
p to the gas, so at constant temperature the valley keeps V = V_c p_a/(p_a + p) (Boyle–Mariotte).
In a vacuum press (p_a = 0) nothing is trapped and the valley fills.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.squeeze import T_REF, newtonian

pytestmark = pytest.mark.solver

LAM, AMP, H = 10e-6, 1e-6, 4e-6


def _fill(comm, tmp, ambient, pressure):
    """The film pressed at constant temperature until steady: (void area / V_c, gas pressure (Pa))."""
    from thermobond.case import InterfaceSpec, Layer, SurfaceSpec
    from thermobond.meshes.surface import sinusoid
    from thermobond.simulation.cell import InterfaceCell

    mat = newtonian(tmp / "newtonian.toml", comm)
    lay = Layer("tpi", mat, H, 8)
    surf = SurfaceSpec(sinusoid(AMP, LAM), {})
    spec = InterfaceSpec(lay, None, None, surf, 0.0, "cycle", 0.0, "sealed", ambient, 24, 8, 2, 1.15, 1.0)
    cell = InterfaceCell(comm, spec, T_REF)
    cell.set_state(T_REF, pressure, 0.0)
    assert cell.solve()[0]
    cell.commit(0.0)
    t = 0.0
    for t_next in np.geomspace(1e-3, 30.0, 30):
        n = 1
        while True:
            start, ok = t, True
            for _ in range(n):
                cell.set_state(T_REF, pressure, (t_next - start) / n)
                if not cell.solve()[0]:
                    cell.restore_temperature()
                    ok = False
                    break
                t += (t_next - start) / n
                cell.commit(t)
            if ok:
                break
            t, n = start, 4 * n
            assert n <= 256, f"no convergence at t = {t_next:.3g} s"
    fr = cell.fractions()
    return fr["void_area_m2"] / (AMP * LAM / 2), fr["gas_pressure_max_Pa"]


@pytest.mark.parametrize("pressure", [0.5e6, 2e6])
def test_sealed_valley_follows_boyle(mpi_tmp_path, comm, pressure):
    """Unfilled volume within 3 % of V_c p_a/(p_a + p); the gas carries the press pressure (0.5 %)."""
    pa = 0.101325e6
    void, gas = _fill(comm, mpi_tmp_path, pa, pressure)
    assert void == pytest.approx(pa / (pa + pressure), rel=0.03)
    assert gas == pytest.approx(pa + pressure, rel=0.005)


def test_vacuum_press_fills_more_than_an_ambient_one(mpi_tmp_path, comm):
    void_air, _ = _fill(comm, mpi_tmp_path, 0.101325e6, 0.5e6)
    void_vacuum, _ = _fill(comm, mpi_tmp_path, 0.0, 0.5e6)
    assert void_vacuum < 0.01 < 0.1 < void_air
