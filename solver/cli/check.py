"""``thermobond check CASE``: validate a case, say what it describes, and its claim checks (no solve)."""

from __future__ import annotations

import argparse

from ..case import Case, InterfaceSpec, load_case
from ..claims import check_case, describe
from ..pipeline import check_solver_options
from ..sinks import read_summary
from ..units import to_celsius
from .common import EXIT_OK, results_dir, say

__all__ = ["describe_case", "main"]


def describe_case(case: Case) -> list[str]:
    """What a case describes, line by line."""
    lines = [f"{case.path}: valid (schema version 1), case '{case.name}'"]
    lines.append(
        "  stack (bottom → top): "
        + " / ".join(f"{x.name} {x.thickness * 1e6:.4g} µm [{x.material.name}]" for x in case.stack.layers)
    )
    p = case.programme
    lines.append(
        f"  cycle: {p.duration:.6g} s, peak {to_celsius(p.peak_temperature):.1f} °C, "
        f"peak pressure {p.peak_pressure / 1e6:.3g} MPa"
    )
    lines += ["    " + r for r in p.describe().splitlines()]
    lines.append(
        f"  mechanics: {case.mechanics.section} section, stress-free at "
        f"{to_celsius(case.mechanics.stress_free_temperature):.1f} °C"
    )
    for layer in case.stack.thermoplastics:
        tg = getattr(layer.material, "glass_transition", None)
        if tg is not None:
            lines.append(f"  Tg of '{layer.name}': {tg.describe()}")
    if case.interface is not None:
        lines.append(_describe_interface(case.interface))
    if case.adhesion is not None:
        a = case.adhesion
        lines.append(
            f"  adhesion: {a.angle:g}° peel of {' + '.join(x.name for x in a.arm)} ({a.arm_thickness * 1e6:.3g} µm) "
            f"from '{a.layer.name}' at {to_celsius(a.test_temperature):.1f} °C; contact {a.contact}; interface card "
            f"'{a.card.name}' ({'calibrated' if not a.card.estimated else 'estimated'})"
        )
    return lines


def _describe_interface(spec: InterfaceSpec) -> str:
    """The interface model's cell: its surface and how it is meshed (read from a file, or built)."""
    prof, source = spec.surface.profile, spec.surface.cell
    rough = prof.roughness()
    surface = (
        f"{prof.kind} surface, cell {prof.length * 1e6:.4g} µm, Rz {rough['Rz_m'] * 1e6:.3g} µm, "
        f"true/projected length {rough['length_ratio']:.4g}"
    )
    if source is None:
        mesh = f"{spec.elements_along} elements along, {spec.tpi_elements} through the TPI"
    else:
        shape = (
            f"a polyline through its {len(prof.x)} nodes"
            if source.profile == "linear"
            else f"a {source.modes}-term cosine series fitted to it"
        )
        renamed = f", sets renamed {dict(source.names)}" if source.names else ""
        mesh = (
            f"{source.cells} cells imported from {source.file} (lengths in {source.units}{renamed}); "
            f"the metal line as {shape}"
        )
    return f"  interface: '{spec.layer.name}' on '{spec.metal.name if spec.metal else 'no metal'}': {surface}; {mesh}"


def main(args: argparse.Namespace) -> int:
    case = load_case(args.case)
    check_solver_options(case)
    lines = describe_case(case)
    checks = check_case(case)
    run = results_dir(args.output, case.name)
    summary = read_summary(run)
    if summary is not None:  # a finished run of this case decides the adhesion elements too
        same = (run / "case.toml").is_file() and (run / "case.toml").read_text(encoding="utf-8") == case.to_toml()
        if same:
            checks = summary.claims
            lines.append(f"  claims (from the run in {run}):")
        else:
            lines.append(f"  claims (recipe only: the run in {run} is of a different version of the case):")
    else:
        lines.append("  claims (recipe only; run the case to decide adhesion):")
    lines.append(describe(checks))
    say("\n".join(lines))
    return EXIT_OK
