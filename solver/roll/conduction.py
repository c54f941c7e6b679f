"""Transient through-thickness conduction in a chain of bodies that touch and separate in time.

A Lagrangian slice of the web sees a sequence of zones: each ply on its own over drums and heaters,
the plies and both rolls pressed together in the nip, the laminate on a chill roll or in air. This is
1-D conduction along y in a chain of bodies (bottom roll, ply 1, …, ply n, top roll), each made of
slabs; neighbouring bodies are joined through a contact conductance during given time windows, and
body faces exchange heat with their surroundings (a conductance to a temperature, an absorbed flux,
grey radiation from an emitter).

Discretisation: linear finite elements with a lumped (row-sum) heat capacity and backward Euler,

    (C/Δt + K + H) (Tⁿ⁺¹ − Tⁿ) = Σ h T_env + q − (K + H) Tⁿ,

with C the lumped capacities ρ c Δy/2 per element end, K the element conductances k/Δy, H the face and
joint conductances. The matrix is tridiagonal (a joint couples the last node of one body to the first
of the next), so a step costs O(N). The lumped, backward-Euler scheme is monotone (its matrix is an
M-matrix): temperatures stay within the bounds of the initial and boundary temperatures, whatever the
step, which matters for the sudden contacts here. It is first order in time and second order in space;
steps are graded from a small first step after every change of the boundary conditions.

Why NumPy and not ``thermobond.simulation.heat.HeatProblem``: the bodies here are disconnected until
they are joined through a time-dependent conductance (duplicated nodes at every ply and roll face),
which in DOLFINx needs a discontinuous space with interior-facet terms and a re-assembled form per
zone, and the column has a few hundred unknowns that every rank would solve redundantly anyway (as
``ThermalColumn`` does on ``COMM_SELF``). A tridiagonal solve is microseconds.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
import scipy.linalg

from .column import Body, ColumnHistory, Exchange, Joint, Slab, Stepping

__all__ = ["Body", "ColumnHistory", "Exchange", "Joint", "Slab", "Stepping", "conduct"]

STEFAN_BOLTZMANN = 5.670374419e-8  # W/(m² K⁴), CODATA 2018 (exact since the 2019 SI)
# A perfect contact (conductance ∞) is a conductance this many times the softer neighbouring element's
# k/Δy: the jump it leaves is 10⁻⁶ of that element's temperature difference, and the matrix stays
# well conditioned.
_PERFECT = 1e6


class _Chain:
    """Node numbering, capacities and conductances of the chain of bodies."""

    def __init__(self, bodies: Sequence[Body]) -> None:
        self.names = [b.name for b in bodies]
        if len(set(self.names)) != len(self.names):
            raise ValueError(f"conduct: body names must be unique (got {self.names})")
        ys, caps, conds, first, boundary = [], [], [], [], []
        offset = 0
        for body in bodies:
            sizes = np.concatenate([s.sizes() for s in body.slabs])
            rhoc = np.concatenate(
                [np.full(s.elements, s.thermal.density * s.thermal.specific_heat) for s in body.slabs]
            )
            k = np.concatenate([np.full(s.elements, s.thermal.conductivity) for s in body.slabs])
            y = np.concatenate([[0.0], np.cumsum(sizes)])
            cap = np.zeros(y.size)
            cap[:-1] += 0.5 * rhoc * sizes
            cap[1:] += 0.5 * rhoc * sizes
            ys.append(y)
            caps.append(cap)
            conds.append(k / sizes)
            first.append(offset)
            boundary.append(offset + np.concatenate([[0], np.cumsum([s.elements for s in body.slabs])]))
            offset += y.size
        self.n = offset
        self.y = ys
        self.capacity = np.concatenate(caps)
        self.first = first  # first node of each body
        self.boundary = boundary  # global node index of each slab boundary, per body
        self.element_conductance = conds
        # off-diagonal coupling between node i and i+1 (0 across a body gap)
        off = []
        for j, c in enumerate(conds):
            off.append(c)
            if j < len(conds) - 1:
                off.append(np.zeros(1))
        self.off = np.concatenate(off)
        diag = np.zeros(self.n)
        for j, c in enumerate(conds):
            lo = first[j]
            diag[lo : lo + c.size] += c
            diag[lo + 1 : lo + 1 + c.size] += c
        self.diag = diag

    def index(self, body: str) -> int:
        try:
            return self.names.index(body)
        except ValueError:
            raise ValueError(f"conduct: unknown body {body!r}; accepted: {', '.join(self.names)}") from None

    def face_node(self, body: str, face: str) -> int:
        j = self.index(body)
        return int(self.first[j] if face == "bottom" else self.first[j] + self.y[j].size - 1)

    def face_stiffness(self, body: str, face: str) -> float:
        """k/Δy of the element at a face (W/(m² K))."""
        c = self.element_conductance[self.index(body)]
        return float(c[0] if face == "bottom" else c[-1])


def _intervals(
    start: float,
    end: float,
    exchanges: Sequence[Exchange],
    joints: Sequence[Joint],
    windows: Sequence[tuple[float, float, int]],
) -> np.ndarray:
    times = {start, end}
    for e in exchanges:
        times.update((e.start, e.end))
    for joint in joints:
        times.update((joint.start, joint.end))
    for w in windows:
        times.update((w[0], w[1]))
    t = np.array(sorted(x for x in times if start <= x <= end))
    keep = np.concatenate([[True], np.diff(t) > 1e-12 * max(1.0, abs(end))])
    return t[keep]


def _operator(
    chain: _Chain,
    t: float,
    exchanges: Sequence[Exchange],
    joints: Sequence[Joint],
    free: dict[tuple[str, str], tuple[float, float]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[int, float, float]]]:
    """Conductance diagonal, couplings, source and radiating faces of the chain at time t (s)."""
    diag = chain.diag.copy()
    off = chain.off.copy()
    rhs = np.zeros(chain.n)
    radiating: list[tuple[int, float, float]] = []
    touched: set[tuple[str, str]] = set()
    for jt in joints:
        if jt.start <= t < jt.end:
            upper = chain.names[chain.index(jt.lower) + 1]
            i = chain.face_node(jt.lower, "top")
            h = jt.conductance
            if math.isinf(h):
                h = _PERFECT * min(chain.face_stiffness(jt.lower, "top"), chain.face_stiffness(upper, "bottom"))
            diag[i] += h
            diag[i + 1] += h
            off[i] += h
            touched.update({(jt.lower, "top"), (upper, "bottom")})
    for ex in exchanges:
        if ex.start <= t < ex.end:
            i = chain.face_node(ex.body, ex.face)
            h = ex.conductance
            if math.isinf(h):
                h = _PERFECT * chain.face_stiffness(ex.body, ex.face)
            diag[i] += h
            rhs[i] += h * ex.temperature + ex.heat_flux
            if ex.emissivity > 0:
                radiating.append((i, ex.emissivity, ex.emitter_temperature))
            touched.add((ex.body, ex.face))
    for (name, face), (h, Tf) in free.items():
        if h > 0 and (name, face) not in touched:
            i = chain.face_node(name, face)
            diag[i] += h
            rhs[i] += h * Tf
    return diag, off, rhs, radiating


def conduct(
    bodies: Sequence[Body],
    exchanges: Sequence[Exchange],
    joints: Sequence[Joint],
    start: float,
    end: float,
    *,
    stepping: Stepping | None = None,
    windows: Sequence[tuple[float, float, int]] = (),
    probes: Sequence[tuple[str, float]] = (),
) -> ColumnHistory:
    """Integrate the chain's temperatures from ``start`` to ``end`` (s).

    Args:
        bodies: The chain, bottom to top.
        exchanges: Face exchanges in time windows (a face may carry several at once: they add).
        joints: Contacts between neighbours in time windows.
        start: Start time (s).
        end: End time (s).
        stepping: Time-step control.
        windows: (t0, t1, n): at least n steps between t0 and t1 (s) (e.g. through the nip, to sample
            the pressure).
        probes: (body, y from the body's bottom (m)) where to record T(t), interpolated linearly.
    """
    stepping = stepping or Stepping()
    if not end > start:
        raise ValueError(f"conduct: end {end!r} s ≤ start {start!r} s")
    chain = _Chain(bodies)
    for joint in joints:
        if chain.index(joint.lower) == len(bodies) - 1:
            raise ValueError(f"conduct: joint above {joint.lower!r}, the last body of the chain")
    free = {(b.name, f): (b.free_conductance, b.free_temperature) for b in bodies for f in ("bottom", "top")}
    probe_index = []
    for name, y in probes:
        j = chain.index(name)
        yy = chain.y[j]
        if not 0.0 <= y <= yy[-1]:
            raise ValueError(f"conduct: probe at y = {y!r} m outside body {name!r} (0 … {yy[-1]!r} m)")
        i = min(int(np.searchsorted(yy, y, side="right")) - 1, yy.size - 2)
        probe_index.append((chain.first[j] + i, (y - yy[i]) / (yy[i + 1] - yy[i])))

    T = np.concatenate([np.full(chain.y[j].size, b.initial_temperature) for j, b in enumerate(bodies)])
    times = [start]
    samples = [T.copy()]
    breaks = _intervals(start, end, exchanges, joints, windows)
    for ta, tb in itertools.pairwise(breaks):
        mid = 0.5 * (ta + tb)
        diag, off, rhs, radiating = _operator(chain, mid, exchanges, joints, free)
        need = max((math.ceil(n * (tb - ta) / (t1 - t0)) for t0, t1, n in windows if t0 <= mid < t1), default=0)
        t = ta
        for dt in stepping.steps(tb - ta, need):
            d = diag.copy()
            b = rhs.copy()
            for i, eps, Te in radiating:
                hr = eps * STEFAN_BOLTZMANN * (Te * Te + T[i] * T[i]) * (Te + T[i])
                d[i] += hr
                b[i] += hr * Te
            # solve for the increment: its round-off scales with the residual, not with T (a foil of
            # copper at equilibrium stays exactly there even when C/Δt ≪ k/Δy)
            residual = b - d * T
            residual[:-1] += off * T[1:]
            residual[1:] += off * T[:-1]
            ab = np.empty((3, chain.n))
            ab[0, 0] = ab[2, -1] = 0.0
            ab[0, 1:] = -off
            ab[1] = d + chain.capacity / dt
            ab[2, :-1] = -off
            T = T + scipy.linalg.solve_banded((1, 1), ab, residual, overwrite_ab=True, check_finite=False)
            t += dt
            times.append(t)
            samples.append(T)
        times[-1] = tb
    S = np.asarray(samples)
    boundaries = {b.name: S[:, chain.boundary[j]] for j, b in enumerate(bodies)}
    if probe_index:
        pr = np.stack([(1.0 - f) * S[:, i] + f * S[:, i + 1] for i, f in probe_index], axis=1)
    else:
        pr = np.zeros((S.shape[0], 0))
    profiles = {
        b.name: (chain.y[j], T[chain.first[j] : chain.first[j] + chain.y[j].size].copy()) for j, b in enumerate(bodies)
    }
    return ColumnHistory(np.asarray(times), boundaries, pr, profiles)
