"""Surfaces and surface measures of the interface cell (no solver).

* The contact edge: where the contact pressure falls as √(a − x) (the edge of an elastic contact,
  Johnson, Contact Mechanics, 1985, §5.2), extrapolating p² from the last two nodes in contact
  finds a exactly, wherever a lies between the nodes.
* A measured trace is used as given: away from the cross-fade the periodic profile is the levelled
  trace (to the truncation of its series), and it is periodic with its slope.
* The foil classes have the class's Rz and an Rq within the grade's published range (RF Essentials,
  "How do I specify the copper roughness treatment for a low loss RF PCB?": STD 1.5–2.5 µm,
  VLP 0.4–0.8 µm, HVLP 0.1–0.4 µm, RA 0.1–0.3 µm), rougher classes longer true surfaces.
* Closed valleys of a node chain, periodic or between symmetry planes.
"""

from __future__ import annotations

import math

import numpy as np
import pytest


@pytest.mark.parametrize("a", [0.31, 0.55, 0.5, 0.96])
def test_contact_edge_from_a_square_root_pressure(a):
    from thermobond.simulation.surfacestate import contact_edges

    x = np.linspace(0.0, 2.0, 21)  # node spacing 0.1; the edge between nodes (or on one, a = 0.5)
    p = np.sqrt(np.maximum(a - x, 0.0)) * 1e6
    g = np.maximum(x - a, 0.0) ** 1.5 * 1e-3  # any positive gap outside
    left, right = contact_edges(x, p, g, 1e12, cyclic=False, period=2.0)
    length = float(np.sum(np.where((p[:-1] > 0) & (p[1:] > 0), np.diff(x), left + right)))
    assert length == pytest.approx(a, rel=1e-9)


def test_trace_is_used_as_given_and_made_periodic():
    from thermobond.meshes.surface import periodic_samples, trace_profile

    rng = np.random.default_rng(3)
    x = np.linspace(0.0, 10e-6, 2001)
    z = 0.5e-6 * np.sin(2 * math.pi * x / 3.1e-6) + 0.2e-6 * np.cos(2 * math.pi * x / 1.3e-6) + 0.3 * x  # tilted
    z += 1e-9 * rng.standard_normal(x.size)
    prof = trace_profile(x, z, modes=128, blend=0.1)
    P, _ = periodic_samples(x, z, blend=0.1)
    assert prof.length == pytest.approx(0.9 * 10e-6)
    level = z - np.polyval(np.polyfit(x, z, 1), x)
    inside = (x > 0.15 * 10e-6) & (x < 0.85 * 10e-6)
    zs = prof(x[inside])
    ref = level[inside] - level[inside].mean() + (zs.mean() - 0.0)
    assert np.abs(zs - ref).max() < 0.02 * (level.max() - level.min())
    ends = prof(np.array([0.0, P]))
    slopes = prof.slope(np.array([0.0, P]))
    assert ends[0] == pytest.approx(ends[1], abs=1e-15) and slopes[0] == pytest.approx(slopes[1], abs=1e-9)


def test_foil_classes():
    from thermobond.meshes.foils import FOIL_CLASSES, foil_profile

    rq_range = {"STD": (1.5e-6, 2.5e-6), "VLP": (0.4e-6, 0.8e-6), "HVLP": (0.1e-6, 0.4e-6), "RA": (0.1e-6, 0.3e-6)}
    ratios = []
    for name, fc in FOIL_CLASSES.items():
        r = foil_profile(name).roughness()
        assert r["Rz_m"] == pytest.approx(fc.rz, rel=0.02)
        lo, hi = rq_range[name]
        assert lo <= r["Rq_m"] <= hi
        ratios.append(r["length_ratio"])
    assert ratios == sorted(ratios, reverse=True)  # STD, VLP, HVLP, RA: ever smoother


def test_closed_valleys():
    from thermobond.simulation.gas import valley_runs

    free = np.array([False, True, True, False, True, True, True, False, True])
    assert [r.tolist() for r in valley_runs(free, cyclic=False)] == [[1, 2], [4, 5, 6], [8]]
    cyc = valley_runs(free, cyclic=True)
    assert sorted(r.tolist() for r in cyc) == [[1, 2], [4, 5, 6], [8]]
    wrap = np.array([True, False, True, True, False, True])
    assert sorted(sorted(r.tolist()) for r in valley_runs(wrap, cyclic=True)) == [[0, 5], [2, 3]]
    assert valley_runs(np.ones(5, bool), cyclic=True) == []
