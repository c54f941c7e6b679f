"""Writing small case files and material cards for tests (plain TOML text, like a user would)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

MATERIALS = Path(__file__).resolve().parents[1] / "cases" / "materials"

# the flagship stack, 12 µm Cu / 4 µm TPI / 25 µm core PI (name, card, thickness, elements through it)
SINGLE_SIDED = [
    ("cu", MATERIALS / "cu_ed.toml", "12 um", 4),
    ("tpi", MATERIALS / "tpi_reference.toml", "4 um", 3),
    ("pi", MATERIALS / "kapton_hn.toml", "25 um", 6),
]


def _write(path: Path, text: str, comm: Any) -> Path:
    """Rank 0 writes, everyone waits (files are read by every rank afterwards)."""
    if comm is None or comm.rank == 0:
        path.write_text(text)
    if comm is not None:
        comm.barrier()
    return path


def elastic_card(
    path: Path,
    *,
    E: str,
    nu: float,
    alpha: str | None = None,
    alpha_in: str | None = None,
    alpha_through: str | None = None,
    kind: str = "polymer",
    extra: str = "",
    comm: Any = None,
) -> Path:
    """A constant-property thermo-elastic card."""
    if alpha is not None:
        exp = f'alpha = "{alpha}"'
    else:
        exp = f'alpha_in_plane = "{alpha_in}"\nalpha_through_thickness = "{alpha_through}"'
    return _write(
        path,
        f'''schema_version = 1
name = "{path.stem}"
kind = "{kind}"
[thermal]
conductivity = "1 W/(m*K)"
density = "1000 kg/m^3"
specific_heat = "1000 J/(kg*K)"
[elastic]
youngs_modulus = "{E}"
poissons_ratio = {nu}
[expansion]
{exp}
{extra}''',
        comm,
    )


def stack_case(
    path: Path,
    layers: Sequence[tuple[str, Path | str, str, int]],
    *,
    width: str,
    element_size: str,
    edge_element_size: str | None = None,
    start: str = "250 degC",
    end: str = "25 degC",
    rate: str = "10 K/min",
    section: str = "plane_strain",
    tsf: str | None = None,
    degree: int = 2,
    extra: str = "",
    fields: bool = False,
    plots: bool = False,
    growth: float = 1.3,
    hold: str | None = None,
    mechanics: str = "",
    comm: Any = None,
) -> Path:
    """A stack case cooling (or heating) from ``start`` to ``end``, optionally holding there;
    ``mechanics`` are extra lines of its ``[mechanics]`` table."""
    text = ["schema_version = 1", f'name = "{path.stem}"']
    for name, mat, t, n in layers:
        text += ["[[stack.layers]]", f'name = "{name}"', f'material = "{mat}"', f'thickness = "{t}"', f"elements = {n}"]
    text += [
        "[mesh]",
        f'width = "{width}"',
        f'element_size = "{element_size}"',
        f"degree = {degree}",
        f"growth = {growth}",
    ]
    if edge_element_size:
        text.append(f'edge_element_size = "{edge_element_size}"')
    text += [
        "[cycle]",
        f'start_temperature = "{start}"',
        "[[cycle.segments]]",
        'name = "ramp"',
        f'temperature = "{end}"',
        f'rate = "{rate}"',
    ]
    if hold:
        text += ["[[cycle.segments]]", 'name = "hold"', f'duration = "{hold}"']
    text += ["[mechanics]", f'section = "{section}"', f'stress_free_temperature = "{tsf or start}"']
    if mechanics:
        text.append(mechanics)
    text += ["[output]", f"fields = {str(fields).lower()}", f"plots = {str(plots).lower()}"]
    text.append(extra)
    return _write(path, "\n".join(text) + "\n", comm)


def metallized_case(
    path: Path,
    *,
    fuse: str = "320 degC",
    hold: str = "10 min",
    pressure: str = "1 MPa",
    seed: str = "0.2 um",
    tpi_card: Path | str | None = None,
    interface_card: Path | str | None = None,
    comm: Any = None,
) -> Path:
    """A small, coarse metallized-route case (seed 002): a sputtered seed (0.2 µm) + 14.8 µm plated Cu
    on TPI/PI, fused under pressure, with the adhesion evaluation (contact complete from the start)."""
    card = interface_card or MATERIALS / "interface_cu_tpi.toml"
    tpi = tpi_card or MATERIALS / "tpi_reference.toml"
    text = f"""schema_version = 1
name = "{path.stem}"
[[stack.layers]]
name = "pi"
material = "{MATERIALS / "kapton_hn.toml"}"
thickness = "25 um"
elements = 2
[[stack.layers]]
name = "tpi"
material = "{tpi}"
thickness = "4 um"
elements = 1
[[stack.layers]]
name = "seed"
material = "{MATERIALS / "cu_ed.toml"}"
thickness = "{seed}"
elements = 1
formed_by = "sputtering"
[[stack.layers]]
name = "plated"
material = "{MATERIALS / "cu_ed.toml"}"
thickness = "14.8 um"
elements = 2
formed_by = "electroplating"
[mesh]
width = "0.5 mm"
element_size = "50 um"
edge_element_size = "5 um"
growth = 1.5
[cycle]
start_temperature = "25 degC"
[[cycle.segments]]
name = "heat"
temperature = "{fuse}"
rate = "20 K/min"
pressure = "{pressure}"
[[cycle.segments]]
name = "fuse"
duration = "{hold}"
[[cycle.segments]]
name = "release"
pressure = "0 MPa"
duration = "10 s"
[[cycle.segments]]
name = "cool"
temperature = "25 degC"
rate = "20 K/min"
[mechanics]
section = "axisymmetric"
stress_free_temperature = "25 degC"
[solver]
max_temperature_change = "50 K"
max_log_aT_change = 4.0
max_step = "300 s"
[output]
fields = false
plots = false
[adhesion]
interface = "{card}"
arm = ["seed", "plated"]
"""
    return _write(path, text, comm)
