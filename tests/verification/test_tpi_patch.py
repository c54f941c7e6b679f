"""The 3-D TPI patch (finite-strain Prony law, mixed Q2/DPC1, contact) against Westergaard.

With its branch frozen (τ → ∞) the TPI law is a nearly incompressible elastic solid (K/G = 10⁷, the
melt's ratio, where a displacement-only formulation locks), and a patch of the wavy profile
h = Δ cos(2πx/λ) extruded along y is Westergaard's line contact: p̄ = p* sin²(πa/λ) with
p* = π E* Δ/λ, E* = 4G for an incompressible solid (Johnson, Contact Mechanics, 1985, §13.2), for a
layer λ thick standing in for the half-space (the fundamental wave decays as e^(−2πz/λ)). Δ/λ = 0.001:
small strain. The penetration is taken at the current position x = X + u (a surface that gives its
height in UFL) or linearised about the reference point (any other surface): both are checked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pytest

pytestmark = pytest.mark.solver

WAVELENGTH = 100e-6  # m
AMPLITUDE = 1e-3 * WAVELENGTH
SHEAR = 1e7  # Pa


@dataclass(frozen=True)
class _Extruded:
    """h = Δ cos(2πx/λ), extruded along y (a line contact); ``exact``: it gives its height in UFL."""

    exact: bool = True
    period_x_m: float = WAVELENGTH
    period_y_m: float = WAVELENGTH / 16

    def height(self, x, y):
        return AMPLITUDE * np.cos(2 * np.pi * np.asarray(x) / WAVELENGTH) + 0.0 * np.asarray(y)

    def gradient(self, x, y):
        x = np.asarray(x)
        return np.stack([-2 * np.pi / WAVELENGTH * AMPLITUDE * np.sin(2 * np.pi * x / WAVELENGTH), np.zeros_like(x)])

    def __getattr__(self, name):
        if name == "ufl_height" and self.exact:
            import ufl

            return lambda x, y: AMPLITUDE * ufl.cos(2 * np.pi * x / WAVELENGTH)
        raise AttributeError(name)


def _elastic_tpi():
    from thermobond.materials import PronySeries, Viscoelasticity
    from thermobond.materials.shift import WLF

    G = PronySeries(np.array([1.0]), np.array([1e30]), SHEAR, "shear")
    return SimpleNamespace(viscoelastic=Viscoelasticity(G, 1e7 * SHEAR, WLF(17.44, 51.6, 523.15), G))


@pytest.mark.parametrize(("exact", "loads"), [(True, (0.25, 0.5, 0.75)), (False, (0.5,))])
def test_extruded_wavy_profile_gives_westergaards_contact_width(comm, exact, loads):
    """Within 1 % at p̄/p* = 1/4, 1/2, 3/4 (64 Q2 elements along λ); the contact force is p̄ λx λy."""
    from thermobond.simulation.patch import PatchMesh
    from thermobond.simulation.tpipatch import TPIPatch

    patch = TPIPatch(comm, _Extruded(exact), WAVELENGTH, _elastic_tpi(), 523.15, PatchMesh(64, 10, 1.5, elements_y=2))
    assert patch.exact_gap == exact
    pstar = math.pi * 4 * SHEAR * AMPLITUDE / WAVELENGTH
    for q in loads:
        r = patch.step(0.0, 523.15, q * pstar)
        assert r is not None, q
        exact_width = 2 / math.pi * math.asin(math.sqrt(q))
        assert r.contact_fraction == pytest.approx(exact_width, rel=0.01), q
        # the normal contact force; the load is its vertical part (they differ by ~ slope² ≈ 4e-5)
        assert r.contact_force_N == pytest.approx(q * pstar * patch.area_m2, rel=1e-4)
