"""Nip mechanics: contact half-width and pressure p(x) from the line load and the two rolls.

Closed forms (plane strain, frictionless, x along the web, a the half-width, w the line load,
1/R* = 1/R₁ + 1/R₂ and the initial gap x²/(2R*)):

* Hertz line contact of two elastic cylinders (Johnson 1985, Contact Mechanics, ch. 4),
  1/E* = (1 − ν₁²)/E₁ + (1 − ν₂²)/E₂:

      a = √(4 w R*/(π E*)),   p₀ = 2w/(π a),   p(x) = p₀ √(1 − x²/a²).

* A thin compressible layer on a rigid base (Winkler elastic foundation, Johnson 1985, §5.9), u = C p
  with C = h/M, M = E(1 − ν)/((1 + ν)(1 − 2ν)):

      p(x) = (δ − x²/(2R*))/C  ⇒  a = (3 w R* C/2)^{1/3},   p₀ = a²/(2 R* C),   p(x) = p₀ (1 − x²/a²).

* A thin incompressible layer (thickness h, shear modulus G) bonded to a rigid base: the layer flows
  sideways like a lubricating film, u_x parabolic in z, and conservation of volume gives
  d(x) = −(h³/(β G)) p″ for the surface depression d = δ − x²/(2R*), with β = 3 for a frictionless
  contact face and β = 12 when the face adheres to the indenter (Johnson 1985, §5.9 treats this
  thin-layer limit). With p = p′ = 0 at x = ±a:

      δ = a²/(6R*),   p(x) = (β G/(24 R* h³)) (a² − x²)²,   w = (16/15) p₀ a,
      a = (15 w R* h³ · 24/(16 β G))^{1/5},  i.e. (15 w R* h³/(2G))^{1/5} (frictionless),
      (15 w R* h³/(8G))^{1/5} (adhered).

Everything else (a covered roll of any thickness, two covered rolls, a web's own compliance in series
with the rolls) is solved numerically by :func:`thermobond.roll.contact.solve_line_contact`, which
reproduces these limits (tests: Hertz to 0.2 %, the thin incompressible layer to ~1.5 h/a).
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np

from .compliance import BondedLayer, Compliance, HalfSpace, ThinFoundation
from .contact import NipContact, solve_line_contact
from .records import Roll, SteelSurface

__all__ = [
    "contact_modulus",
    "hertz_line_contact",
    "incompressible_layer_contact",
    "nip_contact",
    "reduced_radius",
    "roll_compliance",
    "winkler_contact",
]

# Samples of a closed-form p(x) across the nip (cosine-spaced: dense where p changes fastest)
_SAMPLES = 201


def _check(name: str, value: float) -> None:
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} = {value!r}; accepted: a finite value > 0")


def _cosine_positions(a: float) -> np.ndarray:
    return -a * np.cos(np.linspace(0.0, math.pi, _SAMPLES))


def reduced_radius(bottom: Roll, top: Roll) -> float:
    """R* = (1/R₁ + 1/R₂)⁻¹ (m)."""
    return 1.0 / (1.0 / bottom.radius + 1.0 / top.radius)


def contact_modulus(first: SteelSurface, second: SteelSurface) -> float:
    """E* = [(1 − ν₁²)/E₁ + (1 − ν₂²)/E₂]⁻¹ (Pa) of two bare rolls."""
    return 1.0 / (1.0 / first.plane_strain_modulus + 1.0 / second.plane_strain_modulus)


def hertz_line_contact(line_load: float, reduced_radius: float, contact_modulus: float) -> NipContact:
    """Hertz contact of two cylinders (formulas in the module docstring).

    Args:
        line_load: w (N/m).
        reduced_radius: R* (m).
        contact_modulus: E* (Pa).
    """
    for name, v in (("line_load", line_load), ("reduced_radius", reduced_radius), ("contact_modulus", contact_modulus)):
        _check(f"hertz_line_contact: {name}", v)
    a = math.sqrt(4.0 * line_load * reduced_radius / (math.pi * contact_modulus))
    p0 = 2.0 * line_load / (math.pi * a)
    x = _cosine_positions(a)
    p = p0 * np.sqrt(np.clip(1.0 - (x / a) ** 2, 0.0, None))
    return NipContact(a, p0, line_load, x, p, "hertz")


def winkler_contact(line_load: float, reduced_radius: float, compliance: float) -> NipContact:
    """A thin compressible layer (elastic foundation of compliance C = h/M, m/Pa) against a cylinder.

    Args:
        line_load: w (N/m).
        reduced_radius: R* (m).
        compliance: C (m/Pa).
    """
    for name, v in (("line_load", line_load), ("reduced_radius", reduced_radius), ("compliance", compliance)):
        _check(f"winkler_contact: {name}", v)
    a = (1.5 * line_load * reduced_radius * compliance) ** (1.0 / 3.0)
    p0 = a * a / (2.0 * reduced_radius * compliance)
    x = _cosine_positions(a)
    return NipContact(a, p0, line_load, x, p0 * (1.0 - (x / a) ** 2), "winkler")


def incompressible_layer_contact(
    line_load: float,
    reduced_radius: float,
    thickness: float,
    shear_modulus: float,
    surface: Literal["frictionless", "adhered"] = "frictionless",
) -> NipContact:
    """A thin incompressible layer bonded to a rigid base against a cylinder (module docstring).

    Args:
        line_load: w (N/m).
        reduced_radius: R* (m).
        thickness: Layer thickness h (m); the limit holds for h ≪ a.
        shear_modulus: G (Pa).
        surface: ``frictionless`` or ``adhered`` contact face.
    """
    for name, v in (
        ("line_load", line_load),
        ("reduced_radius", reduced_radius),
        ("thickness", thickness),
        ("shear_modulus", shear_modulus),
    ):
        _check(f"incompressible_layer_contact: {name}", v)
    beta = {"frictionless": 3.0, "adhered": 12.0}.get(surface)
    if beta is None:
        raise ValueError(f"incompressible_layer_contact: surface = {surface!r}; accepted: frictionless, adhered")
    a = (15.0 * 24.0 * line_load * reduced_radius * thickness**3 / (16.0 * beta * shear_modulus)) ** 0.2
    p0 = beta * shear_modulus * a**4 / (24.0 * reduced_radius * thickness**3)
    x = _cosine_positions(a)
    return NipContact(a, p0, line_load, x, p0 * (1.0 - (x / a) ** 2) ** 2, "incompressible-layer")


def roll_compliance(roll: Roll) -> Compliance:
    """The surface compliance of a roll: a half-space (steel) or a layer on a rigid core (covered)."""
    s = roll.surface
    if isinstance(s, SteelSurface):
        return HalfSpace(s.plane_strain_modulus)
    return BondedLayer(s.thickness, s.youngs_modulus, s.poissons_ratio)


def _estimate(roll: Roll, line_load: float, radius: float) -> float:
    """A rough half-width (m) of the roll pressed alone on a rigid cylinder, to size the window."""
    s = roll.surface
    if isinstance(s, SteelSurface):
        return hertz_line_contact(line_load, radius, s.plane_strain_modulus).half_width
    hertz = hertz_line_contact(line_load, radius, s.youngs_modulus / (1.0 - s.poissons_ratio**2)).half_width
    nu = min(s.poissons_ratio, 0.45)
    thin_compressible = winkler_contact(
        line_load, radius, s.thickness * (1 + nu) * (1 - 2 * nu) / (s.youngs_modulus * (1 - nu))
    ).half_width
    thin_incompressible = incompressible_layer_contact(line_load, radius, s.thickness, s.shear_modulus).half_width
    return min(hertz, max(thin_compressible, thin_incompressible))


def nip_contact(
    bottom: Roll,
    top: Roll,
    line_load: float,
    *,
    web: ThinFoundation | None = None,
    panels: int = 800,
) -> NipContact:
    """Half-width and pressure distribution of the nip between two rolls.

    Two bare steel rolls with no web compliance: the Hertz closed form. Anything else (a covered
    roll, a web compliance in series): the numerical line contact with the rolls' compliances, a
    bare roll's core being elastic and a covering's core rigid.

    Args:
        bottom: The bottom roll.
        top: The top roll.
        line_load: w (N/m).
        web: The web's through-thickness compliance as a thin foundation (``ThinFoundation.confined``
            from its layers' thickness, E, ν at the nip temperature), or None to neglect it.
        panels: Pressure panels of the numerical solution.
    """
    _check("nip_contact: line_load", line_load)
    radius = reduced_radius(bottom, top)
    if web is None and isinstance(bottom.surface, SteelSurface) and isinstance(top.surface, SteelSurface):
        return hertz_line_contact(line_load, radius, contact_modulus(bottom.surface, top.surface))
    compliances: list[Compliance] = [roll_compliance(bottom), roll_compliance(top)]
    guess = max(_estimate(bottom, line_load, radius), _estimate(top, line_load, radius))
    if web is not None:
        compliances.append(web)
        guess = max(guess, winkler_contact(line_load, radius, web.compliance).half_width)
    return solve_line_contact(compliances, radius, line_load, initial_half_width=guess, panels=panels)
