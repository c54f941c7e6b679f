"""The bad-input catalogue: one line per input a user may get wrong, with the exit code the command
line must give, the words its message must contain and the files that must not exist afterwards.

Run by ``test_bad_input_catalogue.py`` through the real command line (``thermobond.cli.main``) in
process. Words name the file, the key or line/column, the value and what is accepted. A few entries
are inputs that must be ACCEPTED (exit 0: a byte-order mark, a semicolon file with decimal commas),
so that the refusals around them are known not to be blanket ones.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from tests.conftest import CASES, MATERIALS

_FLAGSHIP = (CASES / "flagship_single_sided.toml").read_text(encoding="utf-8")
FLAG = _FLAGSHIP.replace('"materials/', f'"{MATERIALS}/')
TPI = (MATERIALS / "tpi_reference.toml").read_text(encoding="utf-8")
CU = (MATERIALS / "cu_ed.toml").read_text(encoding="utf-8")
IFACE = (MATERIALS / "interface_cu_tpi.toml").read_text(encoding="utf-8")
TRACE_CASE = (
    (CASES / "interface_trace.toml")
    .read_text(encoding="utf-8")
    .replace('"materials/', f'"{MATERIALS}/')
    .replace('file = "../meshes/profiles/synthetic_ed_vlp_trace.csv"', 'file = "trace.csv"')
)
MICROGRAPH = (CASES / "meshes" / "nodular_micrograph.med").read_bytes()
MESH_CASE = (
    (CASES / "interface_sinusoid.toml")
    .read_text(encoding="utf-8")
    .replace('"materials/', f'"{MATERIALS}/')
    .replace(
        'kind = "sinusoid"\namplitude = "1 um"\nwavelength = "5 um"\n',
        'kind = "mesh"\nfile = "cell.med"\nunits = "um"\n',
    )
)
PATCH = (CASES / "interface_patch_3d.toml").read_text(encoding="utf-8").replace('"materials/', f'"{MATERIALS}/')
ROLL = (CASES / "roll_lamination.toml").read_text(encoding="utf-8").replace('"materials/', f'"{MATERIALS}/')
_CYCLE = FLAG[FLAG.index("[cycle]") : FLAG.index("[mechanics]")]
LOG_CASE = FLAG.replace(_CYCLE, '[cycle]\nlog = "log.csv"\n\n')
STUDY = f'''schema_version = 1
name = "s"
base = "{CASES / "flagship_single_sided.toml"}"
[[parameters]]
key = "cycle.cool.rate"
values = ["5 K/min", "10 K/min"]
'''
RANGE_STUDY = STUDY.replace('values = ["5 K/min", "10 K/min"]', 'low = "2 K/min"\nhigh = "8 K/min"')
GRID_RANGE = RANGE_STUDY + "steps = 2\n"
ADAPTIVE = '[sampling]\nmode = "adaptive"\nsamples = 8\nbatch = 4\nbudget = 40\ntolerance = "0.1 K/min"\n'
CRITERION = '[[criteria]]\nresponse = "stack.curvature_1_per_m"\nat_least = 1.0\n'
LOG = "t [s], T [degC], p [MPa]\n0, 25, 0\n600, 300, 3\n1200, 300, 3\n1800, 25, 0\n"
TRACE = "x [um], z [um]\n" + "".join(f"{0.5 * i:g}, {0.1 * (i % 4):g}\n" for i in range(20))
DMA_HEAD = "f,E_stor,E_loss,T,Set\nHz,MPa,MPa,C,-\n"
DMA_ROWS = [
    (0.1, 50, 20, 260, 0),
    (1, 100, 30, 260, 0),
    (10, 200, 40, 260, 0),
    (0.1, 20, 10, 270, 1),
    (1, 50, 20, 270, 1),
]
MEAS = "run,peel [N/cm],angle [deg],scatter [%]\nr1,7.2,90,10\n"
BOM = codecs.BOM_UTF8


def rows(table: list[tuple[object, ...]], sep: str = ",") -> str:
    return "".join(sep.join(str(v) for v in r) + "\n" for r in table)


@dataclass(frozen=True)
class Input:
    """Files to write (name → text or bytes), the one the command reads, and the one at fault."""

    files: dict[str, str | bytes]
    target: str
    bad: str


@dataclass(frozen=True)
class Bad:
    """One catalogue line: the input, the command (``{f}`` the target, ``{d}`` the folder), the exit
    code, the words of the message ("|"-separated) and the files that must not exist afterwards."""

    kind: str
    id: str
    input: Input
    command: str
    code: int
    words: str
    absent: tuple[str, ...] = field(default=())


def _edit(text: str, edits: tuple[tuple[str, str], ...]) -> str:
    for old, new in edits:
        if text.count(old) != 1:
            raise ValueError(f"catalogue edit {old!r} matches {text.count(old)} times")
        text = text.replace(old, new)
    return text


def at(inp: Input, option: str) -> Input:
    """The same files, with a command-line option at fault (the message names the option)."""
    return Input(inp.files, inp.target, option)


def case(*edits: tuple[str, str], extra: str = "", base: str = FLAG) -> Input:
    return Input({"c.toml": _edit(base, edits) + extra}, "c.toml", "c.toml")


def roll(*edits: tuple[str, str], extra: str = "") -> Input:
    """The bundled roll-lamination case, edited."""
    return case(*edits, extra=extra, base=ROLL)


def raw(name: str, content: str | bytes) -> Input:
    return Input({name: content}, name, name)


def card(*edits: tuple[str, str], metal: bool = False, content: str | bytes | None = None) -> Input:
    """A material card m.toml (an edited TPI or Cu card) used by the flagship case c.toml."""
    text = content if content is not None else _edit(CU if metal else TPI, edits)
    which = "cu_ed.toml" if metal else "tpi_reference.toml"
    return Input({"m.toml": text, "c.toml": FLAG.replace(str(MATERIALS / which), "m.toml")}, "c.toml", "m.toml")


def icard(*edits: tuple[str, str], content: str | bytes | None = None) -> Input:
    """An interface card i.toml used by the flagship case with an [adhesion] table."""
    text = content if content is not None else _edit(IFACE, edits)
    adhesion = '\n[adhesion]\ninterface = "i.toml"\ncontact = "complete"\n'
    return Input({"i.toml": text, "c.toml": FLAG + adhesion}, "c.toml", "i.toml")


def log(content: str | bytes) -> Input:
    return Input({"c.toml": LOG_CASE, "log.csv": content}, "c.toml", "log.csv")


def trace(content: str | bytes) -> Input:
    return Input({"c.toml": TRACE_CASE, "trace.csv": content}, "c.toml", "trace.csv")


def imported(*edits: tuple[str, str], content: bytes = MICROGRAPH, bad: str = "c.toml") -> Input:
    """A case whose interface cell is the mesh file cell.med (by default the bundled micrograph)."""
    return Input({"c.toml": _edit(MESH_CASE, edits), "cell.med": content}, "c.toml", bad)


def study(*edits: tuple[str, str], content: str | None = None) -> Input:
    return Input({"s.toml": content if content is not None else _edit(STUDY, edits)}, "s.toml", "s.toml")


def dma(content: str | bytes) -> Input:
    return Input({"dma.csv": content}, "dma.csv", "dma.csv")


def meas(content: str | bytes) -> Input:
    return Input({"peel.csv": content}, "peel.csv", "peel.csv")


CHECK = "check {f}"
RUN = "run {f} -o {d}/out"
MESH = "mesh {f} -o {d}/out"
STUDY_RUN = "study {f} -o {d}/out"
DRY = "study {f} --dry-run -o {d}/out"
MCHECK = "material check {f}"
FIT = "material fit {f} -o {d}/card.toml"
CAL = "calibrate {f} -o {d}/card.toml"
LATIN1_COMMENT = "# 250 \xb0C = Tg\n".encode("latin-1")

# fmt: off
CATALOGUE = [
    # ---- case files: the file itself -----------------------------------------------------------------
    Bad('case', 'missing file', Input({}, 'nope.toml', 'nope.toml'), CHECK, 2, 'not found'),
    Bad('case', 'a directory', Input({'dir/x': ''}, 'dir', 'dir'), CHECK, 2, 'is a directory, not a case file'),
    Bad('case', 'empty file', raw('c.toml', ''), CHECK, 2, 'schema_version|required key is missing'),
    Bad('case', 'not TOML', case(extra='\n[[[\n'), RUN, 2, 'not valid TOML|line'),
    Bad('case', 'a CSV given as case', raw('c.csv', LOG), CHECK, 2, "not valid TOML|'.csv' file given as a case file"),
    Bad('case', 'Latin-1 byte', raw('c.toml', LATIN1_COMMENT + FLAG.encode()), RUN, 2, "not UTF-8|0xB0|offset 6|line 1|'°'"),
    Bad('case', 'UTF-16', raw('c.toml', FLAG.encode('utf-16')), CHECK, 2, 'UTF-16|save it as UTF-8'),
    Bad('case', 'binary (NUL bytes)', raw('c.toml', b'\x89PNG\r\n\x1a\n\x00\x00'), CHECK, 2, 'byte 0x00|binary file'),
    Bad('case', 'BOM accepted', raw('c.toml', BOM + FLAG.encode()), CHECK, 0, 'valid (schema version 1)'),
    Bad('case', 'material card given', raw('c.toml', CU), RUN, 2, 'this is a material card, not a case file'),
    Bad('case', 'interface card given', raw('c.toml', IFACE), CHECK, 2, 'this is an interface card, not a case file'),
    Bad('case', 'study given to run', study(), RUN, 2, 'this is a study file, not a case file|[[stack.layers]]'),
    Bad('case', 'study given to mesh', study(), MESH, 2, 'this is a study file, not a case file'),
    # ---- case files: top level -----------------------------------------------------------------------
    Bad('case', 'schema_version 7', case(('schema_version = 1', 'schema_version = 7')), RUN, 2, 'schema_version|unsupported schema version|7|accepted: 1'),
    Bad('case', 'schema_version missing', case(('schema_version = 1\n', '')), CHECK, 2, "key 'schema_version'|required key is missing"),
    Bad('case', 'bad name', case(('name = "flagship_single_sided"', 'name = "3 layers"')), CHECK, 2, "key 'name'|'3 layers'|starts with a letter"),
    Bad('case', 'unknown top key', case(('schema_version = 1', "schema_version = 1\ncolour = 'red'")), CHECK, 2, "key 'colour'|unknown key|accepted:"),
    Bad('case', 'nan number', case(('growth = 1.25', 'growth = nan')), RUN, 2, "key 'mesh.growth'|not a finite number|nan"),
    Bad('case', 'inf quantity', case(('width = "4 mm"', 'width = "inf mm"')), CHECK, 2, "key 'mesh.width'|not a finite number|'inf mm'"),
    # ---- case files: [[stack.layers]] ----------------------------------------------------------------
    Bad('case', 'layer thickness wrong unit', case(('thickness = "4 um"', 'thickness = "4 MPa"')), CHECK, 2, "stack.layers[1].thickness|wrong unit|'4 MPa'|'12 um'"),
    Bad('case', 'layer thickness no unit', case(('thickness = "4 um"', 'thickness = 4')), CHECK, 2, "stack.layers[1].thickness|a unit is required|'12 um'"),
    Bad('case', 'layer thickness 1 m', case(('thickness = "4 um"', 'thickness = "1 m"')), RUN, 2, "stack.layers[1].thickness|out of range|'1 m'|0.005 m"),
    Bad('case', 'layer thickness unparsable', case(('thickness = "4 um"', 'thickness = "four um"')), CHECK, 2, "stack.layers[1].thickness|cannot read|'four um'"),
    Bad('case', 'layer elements 0', case(('elements = 3', 'elements = 0')), CHECK, 2, 'stack.layers[1].elements|out of range|0|[1, 200]'),
    Bad('case', 'layer elements text', case(('elements = 3', 'elements = "three"')), CHECK, 2, "stack.layers[1].elements|expected an integer|'three'"),
    Bad('case', 'layer unknown key', case(('elements = 3', 'elements = 3\ncolour = 1')), CHECK, 2, 'stack.layers[1].colour|unknown key'),
    Bad('case', 'duplicate layer', case(('name = "tpi"', 'name = "cu"')), CHECK, 2, "stack.layers[1].name|unique|'cu'"),
    Bad('case', 'layer name with space', case(('name = "tpi"', 'name = "t p i"')), CHECK, 2, "stack.layers[1].name|'t p i'|start with a letter"),
    Bad('case', 'material not found', case(('kapton_hn.toml', 'nope.toml')), RUN, 2, 'stack.layers[2].material|file not found|nope.toml'),
    Bad('case', 'material is a directory', case((f'"{MATERIALS}/kapton_hn.toml"', f'"{MATERIALS}"')), CHECK, 2, 'stack.layers[2].material|is a directory'),
    Bad('case', 'material is a case file', case((f'"{MATERIALS}/kapton_hn.toml"', f'"{CASES}/flagship_single_sided.toml"')), CHECK, 2, 'stack.layers[2].material|this is a case file, not a material card'),
    Bad('case', 'material of wrong kind', case((f'"{MATERIALS}/kapton_hn.toml"', f'"{MATERIALS}/pad_aramid.toml"')), CHECK, 2, "stack.layers[2].material|of kind 'thermal'|metal or polymer or thermoplastic"),
    Bad('case', 'formed_by unknown', case(('name = "cu"\n', 'name = "cu"\nformed_by = "glue"\n')), CHECK, 2, "stack.layers[0].formed_by|unknown choice|'glue'|'sputtering'"),
    Bad('case', 'active_from not a segment', case(('name = "pi"\n', 'name = "pi"\nactive_from = "plate"\n')), CHECK, 2, "stack.layers[2].active_from|must name a cycle segment|'plate'|cool"),
    Bad('case', 'intrinsic_stress wrong unit', case(('name = "cu"\n', 'name = "cu"\nintrinsic_stress = "3 K"\n')), CHECK, 2, "stack.layers[0].intrinsic_stress|wrong unit|'3 K'"),
    # ---- case files: [mesh] --------------------------------------------------------------------------
    Bad('case', 'mesh key typo', case(('width = "4 mm"', 'widht = "4 mm"')), CHECK, 2, "mesh.width|required key is missing|is 'widht' a misspelling of it?"),
    Bad('case', 'mesh extra key typo', case(('width = "4 mm"', 'width = "4 mm"\ngrowht = 1.2')), CHECK, 2, "mesh.growht|unknown key|did you mean 'growth'"),
    Bad('case', 'mesh width too small', case(('width = "4 mm"', 'width = "10 um"')), CHECK, 2, "mesh.width|out of range|'10 um'"),
    Bad('case', 'mesh growth 5', case(('growth = 1.25', 'growth = 5')), CHECK, 2, 'mesh.growth|out of range|5|2]'),
    Bad('case', 'mesh degree 4', case(('growth = 1.25', 'growth = 1.25\ndegree = 4')), CHECK, 2, 'mesh.degree|out of range|4|[1, 3]'),
    Bad('case', 'mesh element_size wrong unit', case(('element_size = "40 um"', 'element_size = "40 s"')), CHECK, 2, "mesh.element_size|wrong unit|'40 s'"),
    # ---- case files: [cycle] -------------------------------------------------------------------------
    Bad('case', 'start temperature 2500 degC', case(('start_temperature = "250 degC"', 'start_temperature = "2500 degC"')), RUN, 2, "cycle.start_temperature|out of range|'2500 degC'|600 °C"),
    Bad('case', 'segment temperature unparsable', case(('temperature = "25 degC"', 'temperature = "hot"')), CHECK, 2, "cycle.segments[0].temperature|cannot read|'hot'"),
    Bad('case', 'no segments', case(('[[cycle.segments]]\n', ''), ('name = "cool"\n', ''), ('temperature = "25 degC"\n', ''), ('rate = "5 K/min"                 # 2-5 K/min press cooling [EST]\n', '')), CHECK, 2, 'cycle.segments|required key is missing'),
    Bad('case', 'rate and duration', case(('rate = "5 K/min"', 'rate = "5 K/min"\nduration = "10 min"')), CHECK, 2, "cycle.segments[0]|exactly one of 'duration' or 'rate'"),
    Bad('case', 'rate without change', case(('temperature = "25 degC"', 'temperature = "250 degC"')), CHECK, 2, "cycle.segments[0].rate|needs a temperature change|'5 K/min'"),
    Bad('case', 'rate 1e-9 K/min', case(('rate = "5 K/min"', 'rate = "1e-9 K/min"')), RUN, 2, "cycle.segments[0].rate|'1e-9 K/min'|longer than the longest cycle accepted|K/min for this segment"),
    Bad('case', 'rate wrong unit', case(('rate = "5 K/min"', 'rate = "5 K"')), CHECK, 2, "cycle.segments[0].rate|wrong unit|'5 K'|'5 K/min'"),
    Bad('case', 'rate zero', case(('rate = "5 K/min"', 'rate = "0 K/min"')), CHECK, 2, "cycle.segments[0].rate|out of range|'0 K/min'"),
    Bad('case', 'duration 1e9 s', case(('rate = "5 K/min"', 'duration = "1e9 s"')), CHECK, 2, "cycle.segments[0].duration|out of range|'1e9 s'|10000000 s"),
    Bad('case', 'cycle total too long', case(('rate = "5 K/min"', 'duration = "60 days"\n[[cycle.segments]]\nname = "hold"\nduration = "60 days"')), RUN, 2, 'cycle.segments[1]|lasts 1.037e+07 s|longest cycle accepted|at most 1e+07 s'),
    Bad('case', 'negative pressure', case(('temperature = "25 degC"', 'temperature = "25 degC"\npressure = "-3 MPa"')), CHECK, 2, "cycle.segments[0].pressure|out of range|'-3 MPa'|[0 Pa"),
    Bad('case', 'duplicate segment', case(('rate = "5 K/min"', 'rate = "5 K/min"\n[[cycle.segments]]\nname = "cool"\nduration = "1 min"')), CHECK, 2, "cycle.segments[1].name|unique|'cool'"),
    Bad('case', 'log file missing', case((_CYCLE, '[cycle]\nlog = "nope.csv"\n\n')), CHECK, 2, 'cycle.log|file not found|nope.csv'),
    Bad('case', 'log is a directory', Input({'c.toml': LOG_CASE, 'log.csv/x': ''}, 'c.toml', 'c.toml'), CHECK, 2, 'cycle.log|is a directory'),
    # ---- case files: [roll] (a roll-lamination line in place of [cycle]) ----------------------------------
    Bad('case', 'roll line speed 0', roll(('line_speed = "1.5 m/min"', 'line_speed = "0 m/min"')), CHECK, 2, "roll.line_speed|out of range|'0 m/min'|(0 m/s, 3.33333333333 m/s]"),
    Bad('case', 'roll line speed in kelvin', roll(('line_speed = "1.5 m/min"', 'line_speed = "1.5 K"')), CHECK, 2, "roll.line_speed|wrong unit|'1.5 K'|'1.5 m/min'"),
    Bad('case', 'roll line load 0.5 N/cm', roll(('line_load = "200 N/cm"', 'line_load = "0.5 N/cm"')), CHECK, 2, "roll.line_load|out of range|'0.5 N/cm'|[100 N/m, 1000000 N/m]"),
    Bad('case', 'roll diameter 2 um', roll(('diameter = "300 mm"               # (estimate)', 'diameter = "2 um"')), CHECK, 2, "roll.bottom.diameter|out of range|'2 um'|[0.01 m, 5 m]"),
    Bad('case', 'roll covering poisson 0.7', roll(('[[roll.preheat]]                  # the foil', '[roll.top.covering]\nthickness = "10 mm"\nyoungs_modulus = "5 MPa"\npoissons_ratio = 0.7\n\n[[roll.preheat]]                  # the foil')), CHECK, 2, "roll.top.covering.poissons_ratio|out of range|0.7|[0, 0.5]"),
    Bad('case', 'roll cooling kind unknown', roll(('kind = "chill_roll"', 'kind = "ice"')), CHECK, 2, "roll.cooling[0].kind|unknown choice|'ice'|'air', 'chill_roll'"),
    Bad('case', 'roll wrap by the other ply', roll(('roll = "bottom"', 'roll = "top"')), CHECK, 2, "roll.preheat[0].layer|only the ply the top roll presses|'cu_bottom'|a layer of 'tpi_bottom+pi'"),
    Bad('case', 'roll heater temperature and flux', roll(('emissivity = 0.85', 'emissivity = 0.85\nheat_flux = "5 kW/m^2"')), CHECK, 2, "roll.preheat[1]|exactly one of 'temperature'|'heat_flux'"),
    Bad('case', 'roll and cycle both', roll(('[roll]\n', '[cycle]\nstart_temperature = "25 degC"\n\n[roll]\n')), CHECK, 2, "roll|exactly one of [cycle] and [roll]|it has both"),
    Bad('case', 'roll with a platen conductance', roll(('[mesh]\n', '[thermal]\nconductance = "1e4 W/(m^2*K)"\n\n[mesh]\n')), CHECK, 2, "thermal.conductance|a roll line sets the laminate's faces itself|no conductance and no pads"),
    # ---- case files: [mechanics], [solver], [output], [analysis], [thermal], [interface], [adhesion] -----
    Bad('case', 'section 3d', case(('section = "axisymmetric"', 'section = "3d"')), RUN, 2, "mechanics.section|unknown choice|'3d'|'axisymmetric', 'plane_strain', 'plane_stress'"),
    Bad('case', 'sheet size 0', case(('section = "axisymmetric"', 'section = "axisymmetric"\nsheet_size = "0 mm"')), RUN, 2, "mechanics.sheet_size|out of range|0 mm"),
    Bad('case', 'sheet shape hexagon', case(('section = "axisymmetric"', 'section = "axisymmetric"\nsheet_shape = "hexagon"')), RUN, 2, "mechanics.sheet_shape|unknown choice|'square', 'round'"),
    Bad('case', 'edge distance beyond the coupon', case(('section = "axisymmetric"', 'section = "axisymmetric"\nedge_distance = "3 mm"')), RUN, 2, "mechanics.edge_distance|out of range|3 mm"),
    Bad('case', 'log pressure tolerance zero', Input({"c.toml": LOG_CASE.replace('log = "log.csv"', 'log = "log.csv"\npressure_tolerance = "0 MPa"'), "log.csv": LOG}, "c.toml", "c.toml"), CHECK, 2, "cycle.pressure_tolerance|out of range"),
    Bad('case', 'plane plate removed', case(('section = "axisymmetric"', 'plane = "plate"')), RUN, 2, "mechanics.plane|was removed|section = 'axisymmetric'"),
    Bad('case', 'stress-free temperature 2000 degC', case(('stress_free_temperature = "250 degC"', 'stress_free_temperature = "2000 degC"')), CHECK, 2, "mechanics.stress_free_temperature|out of range|'2000 degC'"),
    Bad('case', 'viscoelastic as text', case(('stress_free_temperature = "250 degC"', 'stress_free_temperature = "250 degC"\nviscoelastic = "yes"')), CHECK, 2, "mechanics.viscoelastic|expected true or false|'yes'"),
    Bad('case', 'initial step 0 s', case(('max_temperature_change = "15 K"', 'max_temperature_change = "15 K"\ninitial_step = "0 s"')), CHECK, 2, "solver.initial_step|out of range|'0 s'"),
    Bad('case', 'max temperature change 500 K', case(('max_temperature_change = "15 K"', 'max_temperature_change = "500 K"')), CHECK, 2, "solver.max_temperature_change|out of range|'500 K'|200 K"),
    Bad('case', 'unknown ksp_type', case(extra='\n[solver.petsc]\nksp_type = "nosuch"\n'), RUN, 2, "solver.petsc.ksp_type|unknown PETSc type|'nosuch'|gmres"),
    Bad('case', 'unknown pc_type (check)', case(extra='\n[solver.petsc]\npc_type = "magic"\n'), CHECK, 2, "solver.petsc.pc_type|unknown PETSc type|'magic'|lu"),
    Bad('case', 'unknown snes_type', case(extra='\n[solver.petsc]\nsnes_type = "warp"\n'), RUN, 2, "solver.petsc.snes_type|unknown PETSc type|'warp'|newtonls"),
    Bad('case', 'unknown solver package', case(extra='\n[solver.petsc]\npc_factor_mat_solver_type = "nosuchlu"\n'), RUN, 2, "solver.petsc.pc_factor_mat_solver_type|'nosuchlu'|mumps"),
    Bad('case', 'petsc option a table', case(extra='\n[solver.petsc]\nksp = { type = "cg" }\n'), CHECK, 2, 'solver.petsc.ksp|strings, numbers or booleans'),
    Bad('case', 'field_every 0', case(('field_every = 5', 'field_every = 0')), CHECK, 2, 'output.field_every|out of range|0'),
    Bad('case', 'fields as text', case(('fields = true', 'fields = "yes"')), CHECK, 2, "output.fields|expected true or false|'yes'"),
    Bad('case', 'unknown model', case(extra='\n[analysis]\nmodels = ["fluid"]\n'), CHECK, 2, "analysis.models|unknown, repeated or out-of-order model|'fluid'|'stack', 'interface' and 'patch'"),
    Bad('case', 'repeated model', case(extra='\n[analysis]\nmodels = ["stack", "stack"]\n'), CHECK, 2, 'analysis.models|unknown, repeated or out-of-order model'),
    Bad('case', 'conductance wrong unit', case(extra='\n[thermal]\nconductance = "1e4 W/m^2"\n'), CHECK, 2, "thermal.conductance|wrong unit|'1e4 W/m^2'"),
    Bad('case', 'pad without material', case(extra='\n[[thermal.pads]]\nname = "pad"\nthickness = "1 mm"\n'), CHECK, 2, 'thermal.pads[0].material|required key is missing'),
    Bad('case', 'interface table without model', case(extra='\n[interface]\nlayer = "tpi"\n'), CHECK, 2, "key 'interface'|needs 'interface' in analysis.models"),
    Bad('case', 'surface kind fractal', case(('file = "trace.csv"', 'file = "trace.csv"'), ('kind = "trace"', 'kind = "fractal"'), base=TRACE_CASE), CHECK, 2, "interface.surface.kind|unknown choice|'fractal'|'sinusoid'"),
    Bad('case', 'trace file missing', case(('file = "trace.csv"', 'file = "nope.csv"'), base=TRACE_CASE), CHECK, 2, 'interface.surface.file|file not found|nope.csv'),
    Bad('case', 'cell mesh file missing', imported(('file = "cell.med"', 'file = "nope.med"')), CHECK, 2, 'interface.surface.file|file not found|nope.med'),
    Bad('case', 'cell mesh in um read as m', imported(('units = "um"', 'units = "m"')), CHECK, 2, "interface.surface.units|are the file's lengths in m?|'m'|m, mm, um, nm"),
    Bad('case', 'cell mesh units not a length', imported(('units = "um"', 'units = "kg"')), CHECK, 2, "interface.surface.units|not a length unit|'kg'|m, mm, um, nm"),
    Bad('case', 'cell mesh set missing', imported(('units = "um"', 'units = "um"\nnames = { tpi = "polymer" }'), bad='cell.med'), CHECK, 2, "key 'polymer'|missing cell set|cell sets found: tpi, pi"),
    Bad('case', 'cell mesh not a mesh', imported(content=b'not a mesh\n', bad='cell.med'), CHECK, 2, 'meshio cannot read it|a 2-D mesh in any format meshio reads'),
    Bad('case', 'patch table without model', case(extra='\n[patch]\nlayer = "tpi"\n'), CHECK, 2, "key 'patch'|needs 'patch' in analysis.models"),
    Bad('case', 'patch models out of order', case(('models = ["patch"]', 'models = ["patch", "stack"]'), base=PATCH), CHECK, 2, "analysis.models|out-of-order|'patch', 'stack'|in this order"),
    Bad('case', 'patch layer not thermoplastic', case(('layer = "tpi"\nmetal = "cu"', 'layer = "pi"\nmetal = ""'), base=PATCH), CHECK, 2, "patch.layer|needs a thermoplastic card|'pi'"),
    Bad('case', 'patch surface kind sinusoid', case(('kind = "bisinusoid"', 'kind = "sinusoid"'), base=PATCH), CHECK, 2, "patch.surface.kind|unknown choice|'sinusoid'|'bisinusoid'"),
    Bad('case', 'patch bisinusoid without amplitude', case(('amplitude = "0.5 um"\n', ''), base=PATCH), CHECK, 2, 'patch.surface.amplitude|required key is missing'),
    Bad('case', 'patch nodules taller than their radius', case(('kind = "bisinusoid"\namplitude = "0.5 um"\nwavelength = "5 um"', 'kind = "nodules"\nradius = "1 um"\nheight = "2 um"\nspacing = "5 um"'), base=PATCH), CHECK, 2, 'patch.surface|nodules need 0 < height ≤ radius'),
    Bad('case', 'patch self-affine with sq and sa', case(('kind = "bisinusoid"\namplitude = "0.5 um"\nwavelength = "5 um"', 'kind = "self_affine"\nhurst = 0.8\nshort_cutoff = "1 um"\nlong_cutoff = "5 um"\nsize = "5 um"\nsq = "0.2 um"\nsa = "0.2 um"'), base=PATCH), CHECK, 2, "patch.surface|give exactly one of 'sq' or 'sa'"),
    Bad('case', 'patch height map missing', case(('kind = "bisinusoid"\namplitude = "0.5 um"\nwavelength = "5 um"', 'kind = "height_map"\nfile = "nope.txt"'), base=PATCH), CHECK, 2, 'patch.surface.file|file not found|nope.txt'),
    Bad('case', 'patch elements_xy 1', case(('elements_xy = 8', 'elements_xy = 1'), base=PATCH), CHECK, 2, 'patch.mesh.elements_xy|out of range|1|[2, 256]'),
    Bad('case', 'patch linear solver gmres', case(('metal = "cu"', 'metal = "cu"\nlinear_solver = "gmres"'), base=PATCH), CHECK, 2, "patch.linear_solver|unknown choice|'gmres'|'direct', 'iterative'"),
    Bad('case', 'patch sealed gas with the iterative solver', case(('metal = "cu"', 'metal = "cu"\nlinear_solver = "iterative"\n[patch.gas]\nmode = "sealed"'), base=PATCH), CHECK, 2, "patch.linear_solver|sealed gas needs linear_solver = 'direct'|'iterative'"),
    Bad('case', 'patch gas mode trapped', case(('metal = "cu"', 'metal = "cu"\n[patch.gas]\nmode = "trapped"'), base=PATCH), CHECK, 2, "patch.gas.mode|unknown choice|'trapped'|'none', 'vented', 'sealed'"),
    Bad('case', 'adhesion angle 200', case(extra='\n[adhesion]\ninterface = "' + str(MATERIALS / 'interface_cu_tpi.toml') + '"\ncontact = "complete"\nangle = 200\n'), CHECK, 2, 'adhesion.angle|out of range|200|180'),
    Bad('case', 'adhesion without contact', case(extra='\n[adhesion]\ninterface = "' + str(MATERIALS / 'interface_cu_tpi.toml') + '"\n'), CHECK, 2, "adhesion.contact|interface model|contact = 'complete'"),
    Bad('case', 'adhesion card is a metal card', case(extra='\n[adhesion]\ninterface = "' + str(MATERIALS / 'cu_ed.toml') + '"\ncontact = "complete"\n'), CHECK, 2, 'adhesion.interface|this is a material card, not an interface card'),
    # ---- material cards --------------------------------------------------------------------------------
    Bad('material', 'WLF pole inside the cycle (C2 = 5 K)', card(('law = "hybrid"                   # WLF above T_ref, Arrhenius below, continuous [R29b]', 'law = "wlf"'), ('C2 = "51.6 K"', 'C2 = "5 K"'), ('activation_energy = "300 kJ/mol" # glassy creep within 100 K below Tg: 200-400 kJ/mol [EST]\n', '')), RUN, 2, "stack.layers[1].material|pole T_ref − C2 = 245.0 °C|C1 17.44, C2 5 K|25.0 … 250.0 °C|law = 'hybrid'"),
    Bad('material', 'WLF pole above Tg', card(('law = "hybrid"                   # WLF above T_ref, Arrhenius below, continuous [R29b]', 'law = "wlf"'), ('reference_temperature = "250 degC"', 'reference_temperature = "310 degC"'), ('activation_energy = "300 kJ/mol" # glassy creep within 100 K below Tg: 200-400 kJ/mol [EST]\n', '')), MCHECK.replace('{f}', '{d}/m.toml'), 2, 'viscoelastic.shift.C2|pole T_ref − C2 = 258.4 °C|glass transition (250.0 °C)|C2 > 60 K'),
    Bad('material', 'tabulated log aT not monotonic', card(('law = "hybrid"                   # WLF above T_ref, Arrhenius below, continuous [R29b]', 'law = "table"\ntemperature = ["200 degC", "250 degC", "300 degC"]\nlog10_aT = [5.0, 0.0, 1.0]'), ('C1 = 17.44                       # universal [R32, R33]\n', ''), ('C2 = "51.6 K"                    # universal [R32, R33]\n', ''), ('activation_energy = "300 kJ/mol" # glassy creep within 100 K below Tg: 200-400 kJ/mol [EST]\n', '')), CHECK, 2, 'viscoelastic.shift.log10_aT[2]|must fall as the temperature rises|entry 3|300 degC|1 after 0'),
    Bad('material', 'tabulated log aT with nan', card(('law = "hybrid"                   # WLF above T_ref, Arrhenius below, continuous [R29b]', 'law = "table"\ntemperature = ["200 degC", "300 degC"]\nlog10_aT = [5.0, nan]'), ('C1 = 17.44                       # universal [R32, R33]\n', ''), ('C2 = "51.6 K"                    # universal [R32, R33]\n', ''), ('activation_energy = "300 kJ/mol" # glassy creep within 100 K below Tg: 200-400 kJ/mol [EST]\n', '')), RUN, 2, 'viscoelastic.shift.log10_aT[1]|not a finite number|nan'),
    Bad('material', 'prony term nan', card(('[1e-8, 4.78e5]', '[1e-8, nan]')), CHECK, 2, 'm.toml|viscoelastic.prony.terms[0][1]|not a finite number'),
    Bad('material', 'prony modulus negative', card(('[1e-8, 4.78e5]', '[1e-8, -4.78e5]')), CHECK, 2, "m.toml|viscoelastic.prony.terms[0]|tau > 0 and a modulus ≥ 0|-478000.0"),
    Bad('material', 'prony terms text', card(('[1e-8, 4.78e5]', '[1e-8, "a lot"]')), CHECK, 2, 'm.toml|viscoelastic.prony.terms|[[tau, modulus], ...]'),
    Bad('material', 'bulk modulus 0', card(('bulk_modulus = "3 GPa"', 'bulk_modulus = "0 GPa"')), CHECK, 2, "m.toml|viscoelastic.bulk_modulus|out of range|'0 GPa'"),
    Bad('material', 'C1 out of range', card(('C1 = 17.44', 'C1 = 170')), CHECK, 2, 'm.toml|viscoelastic.shift.C1|out of range|170|100]'),
    Bad('material', 'hybrid switch below clamp', card(('activation_energy = "300 kJ/mol"', 'activation_energy = "300 kJ/mol"\nswitch_temperature = "100 degC"')), CHECK, 2, "m.toml|viscoelastic.shift.switch_temperature|out of range|'100 degC'|[224.2 °C"),
    Bad('material', 'unknown kind', card(('kind = "thermoplastic"', 'kind = "plastic"')), CHECK, 2, "m.toml|key 'kind'|unknown choice|'plastic'|'thermoplastic'"),
    Bad('material', 'unknown key in thermal', card(('density = "1270 kg/m^3"', 'density = "1270 kg/m^3"\ncolour = "amber"')), CHECK, 2, 'm.toml|thermal.colour|unknown key'),
    Bad('material', 'schema_version 2', card(('schema_version = 1', 'schema_version = 2')), CHECK, 2, 'm.toml|schema_version|out of range|2|[1, 1]'),
    Bad('material', 'Latin-1 card', card(content=LATIN1_COMMENT + TPI.encode()), RUN, 2, 'm.toml|not UTF-8|0xB0|offset 6'),
    Bad('material', 'BOM card accepted', card(content=BOM + TPI.encode()), CHECK, 0, 'valid (schema version 1)'),
    Bad('material', 'poisson 0.7', card(('poissons_ratio = 0.33', 'poissons_ratio = 0.7'), metal=True), CHECK, 2, 'm.toml|elastic.poissons_ratio|out of range|0.7|0.5)'),
    Bad('material', "young's table not increasing", card(('temperature = ["23 degC", "350 degC"]', 'temperature = ["350 degC", "23 degC"]'), metal=True), CHECK, 2, 'm.toml|elastic.youngs_modulus_table.temperature|temperatures must increase'),
    Bad('material', "young's table value wrong unit", card(('value = ["120 GPa", "104 GPa"]', 'value = ["120 GPa", "104 K"]'), metal=True), CHECK, 2, "m.toml|elastic.youngs_modulus_table.value|wrong unit|'104 K'"),
    Bad('material', 'conductivity negative', card(('conductivity = "401 W/(m*K)"', 'conductivity = "-401 W/(m*K)"'), metal=True), RUN, 2, "m.toml|thermal.conductivity|out of range|'-401 W/(m*K)'"),
    Bad('material', 'density missing', card(('density = "8930 kg/m^3"          # [R13]\n', ''), metal=True), CHECK, 2, 'm.toml|thermal.density|required key is missing'),
    Bad('material', 'alpha without per-K', card(('alpha = "17 ppm/K"', 'alpha = "17 ppm"'), metal=True), CHECK, 2, "m.toml|expansion.alpha|wrong unit: expected an expansion|'17 ppm'|'17 ppm/K'"),
    Bad('material', 'yield stress nan', card(('hardening_modulus = "1 GPa"', 'hardening_modulus = "nan GPa"'), metal=True), CHECK, 2, "m.toml|plastic.hardening_modulus|not a finite number|'nan GPa'"),
    Bad('material', 'material check of a metal card', raw('m.toml', CU), MCHECK, 2, "m.toml|of kind 'metal'|thermoplastic"),
    Bad('material', 'material check of a case', raw('m.toml', FLAG), MCHECK, 2, 'm.toml|this is a case file, not a material card'),
    Bad('material', 'material check of a directory', Input({'d/x': ''}, 'd', 'd'), MCHECK, 2, 'is a directory, not a material card'),
    Bad('material', 'material check frequency 1 GHz', at(raw('m.toml', TPI), '--frequency'), MCHECK + " --frequency '1 GHz'", 2, "--frequency|out of range|'1 GHz'|1e4 Hz"),
    Bad('material', 'material check frequency in K', at(raw('m.toml', TPI), '--frequency'), MCHECK + " --frequency '5 K'", 2, "--frequency|wrong unit|'5 K'"),
    # ---- interface cards -------------------------------------------------------------------------------
    Bad('interface', 'negative toughness', icard(('intrinsic = "150 J/m^2"', 'intrinsic = "-150 J/m^2"')), CHECK, 2, "i.toml|toughness.intrinsic|out of range|'-150 J/m^2'"),
    Bad('interface', 'kinetics law unknown', icard(('law = "arrhenius"', 'law = "magic"')), CHECK, 2, "i.toml|kinetics.law|unknown choice|'magic'|'shift_clock'"),
    Bad('interface', 'prefactor wrong unit', icard(('prefactor = "2.9e8 1/s"', 'prefactor = "2.9e8 m"')), RUN, 2, "i.toml|kinetics.prefactor|wrong unit|'2.9e8 m'"),
    Bad('interface', 'cohesive strength 1 Pa', icard(('strength = "30 MPa"', 'strength = "1 Pa"')), CHECK, 2, "i.toml|cohesive.strength|out of range|'1 Pa'"),
    Bad('interface', 'covariance not PSD', icard(('strength = "30 MPa"', 'strength = "30 MPa"\n[calibration]\nparameters = ["toughness"]\ncovariance = [[-1.0]]\npoints = 3\nrms_log_error = 0.1')), CHECK, 2, 'i.toml|calibration.covariance|positive semi-definite'),
    Bad('interface', 'unknown key', icard(('law = "arrhenius"', 'law = "arrhenius"\norder = 2')), CHECK, 2, 'i.toml|kinetics.order|unknown key'),
    Bad('interface', 'metal card as interface card', icard(content=CU), CHECK, 2, 'i.toml|this is a material card, not an interface card'),
    Bad('interface', 'Latin-1 interface card', icard(content=LATIN1_COMMENT + IFACE.encode()), CHECK, 2, 'i.toml|not UTF-8|0xB0'),
    # ---- study files -----------------------------------------------------------------------------------
    Bad('study', 'case given as study', raw('s.toml', FLAG), STUDY_RUN, 2, "this is a case file, not a study file|'base' and [[parameters]]", ('out',)),
    Bad('study', 'material card given as study', raw('s.toml', TPI), DRY, 2, 'this is a material card, not a study file', ('out',)),
    Bad('study', 'base missing', study(content=STUDY.replace(f'''base = "{CASES / 'flagship_single_sided.toml'}"\n''', '')), STUDY_RUN, 2, "key 'base'|required key is missing", ('out',)),
    Bad('study', 'base not found', study((str(CASES / 'flagship_single_sided.toml'), 'nope.toml')), STUDY_RUN, 2, "key 'base'|file not found|nope.toml", ('out',)),
    Bad('study', 'base is a material card', study((str(CASES / 'flagship_single_sided.toml'), str(MATERIALS / 'cu_ed.toml'))), STUDY_RUN, 2, "key 'base'|the base case|cu_ed.toml|this is a material card, not a case file", ('out',)),
    Bad('study', 'parameter key unknown', study(('key = "cycle.cool.rate"', 'key = "cycle.nosuch.rate"')), STUDY_RUN, 2, "cycle.nosuch.rate|'nosuch'|cool", ('out',)),
    Bad('study', 'parameter value invalid for the case', study(('values = ["5 K/min", "10 K/min"]', 'values = ["5 K/min", "1e-9 K/min"]')), STUDY_RUN, 2, "cycle.segments[0].rate|'1e-9 K/min'|longest cycle accepted", ('out',)),
    Bad('study', 'empty values', study(('values = ["5 K/min", "10 K/min"]', 'values = []')), DRY, 2, 'parameters[0].values|at least one value', ('out',)),
    Bad('study', 'range not increasing', study(('values = ["5 K/min", "10 K/min"]', 'low = "10 K/min"\nhigh = "5 K/min"\nsteps = 3')), DRY, 2, 'parameters[0].high|the range must increase|10 K/min … 5 K/min', ('out',)),
    Bad('study', 'log range negative', study(('values = ["5 K/min", "10 K/min"]', 'low = "-1 K/min"\nhigh = "5 K/min"\nsteps = 3\nscale = "log"')), DRY, 2, "parameters[0].low|a log range must be positive|'-1 K/min'", ('out',)),
    Bad('study', 'grid range without steps', study(('values = ["5 K/min", "10 K/min"]', 'low = "1 K/min"\nhigh = "5 K/min"')), DRY, 2, 'parameters[0].steps|required key is missing', ('out',)),
    Bad('study', 'sampling mode random', study(content=STUDY + '[sampling]\nmode = "random"\n'), DRY, 2, "sampling.mode|unknown choice|'random'|'grid', 'zip', 'lhs'", ('out',)),
    Bad('study', 'lhs without samples', study(content=STUDY + '[sampling]\nmode = "lhs"\n'), DRY, 2, 'sampling.samples|required key is missing', ('out',)),
    Bad('study', 'sobol samples not a power of two', study(content=RANGE_STUDY + '[sampling]\nmode = "sobol"\nsamples = 10\n'), DRY, 2, "sampling.samples|a Sobol' design needs a power of two|10|4, 8, 16", ('out',)),
    Bad('study', 'sobol over a list of values', study(content=STUDY + '[sampling]\nmode = "sobol"\nsamples = 8\n'), DRY, 2, "parameters[0].values|sampling mode 'sobol' needs a range|cycle.cool.rate|'low' and 'high'", ('out',)),
    Bad('study', 'sobol with steps', study(content=RANGE_STUDY + 'steps = 3\n[sampling]\nmode = "sobol"\nsamples = 8\n'), DRY, 2, "parameters|'steps' has no meaning for sampling mode 'sobol'", ('out',)),
    Bad('study', 'adaptive without criteria', study(content=RANGE_STUDY + ADAPTIVE), DRY, 2, 'criteria|an adaptive study needs the spec', ('out',)),
    Bad('study', 'adaptive budget below the initial design', study(content=RANGE_STUDY + ADAPTIVE.replace('budget = 40', 'budget = 4') + CRITERION), DRY, 2, 'sampling.budget|value out of range|4|[8, 100000]', ('out',)),
    Bad('study', 'adaptive tolerance negative', study(content=RANGE_STUDY + ADAPTIVE.replace('"0.1 K/min"', '"-3 K/min"') + CRITERION), DRY, 2, "sampling.tolerance|expected a positive number with its unit|'-3 K/min'", ('out',)),
    Bad('study', 'adaptive tolerance in the wrong unit', study(content=RANGE_STUDY + ADAPTIVE.replace('"0.1 K/min"', '"3 MPa"') + CRITERION), DRY, 2, "sampling.tolerance|'3 MPa'", ('out',)),
    Bad('study', 'adaptive tolerance wider than the range', study(content=RANGE_STUDY + ADAPTIVE.replace('"0.1 K/min"', '"5 K/min"') + CRITERION), DRY, 2, "sampling.tolerance|a positive part of the first parameter's range|'5 K/min'|less than half of 2 K/min … 8 K/min", ('out',)),
    Bad('study', 'adaptive batch 0', study(content=RANGE_STUDY + ADAPTIVE.replace('batch = 4', 'batch = 0') + CRITERION), DRY, 2, 'sampling.batch|value out of range|0|[1, 1000]', ('out',)),
    Bad('study', 'criterion with both limits', study(content=GRID_RANGE + CRITERION + 'at_most = 9.0\n'), DRY, 2, "criteria[0].at_least|give one limit: 'at_least' or 'at_most'|stack.curvature_1_per_m", ('out',)),
    Bad('study', 'criterion without a limit', study(content=GRID_RANGE + '[[criteria]]\nresponse = "x"\n'), DRY, 2, "criteria[0].at_least|give one limit", ('out',)),
    Bad('study', 'uncertainty of a parameter not varied', study(content=GRID_RANGE + '[[uncertainty]]\nkey = "cycle.heat.temperature"\nsd = "5 K"\n'), DRY, 2, "uncertainty[0].key|not a varied parameter|cycle.heat.temperature|cycle.cool.rate", ('out',)),
    Bad('study', 'uncertainty with two spreads', study(content=GRID_RANGE + '[[uncertainty]]\nkey = "cycle.cool.rate"\nsd = "1 K/min"\ncv = 0.1\n'), DRY, 2, "uncertainty[0].sd|give one spread: 'sd', 'half_width' or 'cv'", ('out',)),
    Bad('study', 'uncertainty cv 2', study(content=GRID_RANGE + '[[uncertainty]]\nkey = "cycle.cool.rate"\ncv = 2\n'), DRY, 2, 'uncertainty[0].cv|value out of range|2|(0, 1]', ('out',)),
    Bad('study', 'uncertainty sd without a number', study(content=GRID_RANGE + '[[uncertainty]]\nkey = "cycle.cool.rate"\nsd = "wide"\n'), DRY, 2, "uncertainty[0].sd|expected a positive number with its unit|'wide'", ('out',)),
    Bad('study', 'calibrated covariance of other keys', study(content=GRID_RANGE + '[[uncertainty]]\nkeys = ["cycle.cool.rate"]\ncovariance = "calibration"\n'), DRY, 2, "uncertainty[0].keys|the card's calibrated factors, in the calibration's order|cycle.cool.rate|adhesion.toughness_factor", ('out',)),
    Bad('study', 'calibrated covariance from a file', study(content=GRID_RANGE + '[[uncertainty]]\nkeys = ["adhesion.toughness_factor"]\ncovariance = "mine.csv"\n'), DRY, 2, "uncertainty[0].covariance|unknown choice|'mine.csv'|'calibration'", ('out',)),
    Bad('case', 'adhesion toughness factor 0', case(extra='\n[adhesion]\ninterface = "' + str(MATERIALS / 'interface_cu_tpi.toml') + '"\ncontact = "complete"\ntoughness_factor = 0\n'), CHECK, 2, 'adhesion.toughness_factor|out of range|0|0.001'),
    Bad('study', 'uncertainty sd in the wrong unit', study(content=GRID_RANGE + '[[uncertainty]]\nkey = "cycle.cool.rate"\nsd = "1 MPa"\n'), DRY, 2, "uncertainty[0].sd|'1 MPa'", ('out',)),
    Bad('study', 'cases_per_worker negative', study(content=STUDY + '[execution]\ncases_per_worker = -1\n'), DRY, 2, 'execution.cases_per_worker|value out of range|-1|[0, 100000]', ('out',)),
    Bad('study', 'schema_version 3', study(('schema_version = 1', 'schema_version = 3')), DRY, 2, 'schema_version|unsupported schema version|3', ('out',)),
    Bad('study', 'executor cloud', study(content=STUDY + '[execution]\nexecutor = "cloud"\n'), DRY, 2, "execution.executor|unknown choice|'cloud'", ('out',)),
    Bad('study', 'Latin-1 study', Input({'s.toml': LATIN1_COMMENT + STUDY.encode()}, 's.toml', 's.toml'), DRY, 2, 's.toml|not UTF-8|0xB0|offset 6', ('out',)),
    Bad('study', '-o is a file', Input({'s.toml': STUDY, 'out': 'x'}, 's.toml', '--output'), STUDY_RUN, 2, 'the study folder is a file|out'),
    # ---- press logs --------------------------------------------------------------------------------------
    Bad('press log', 'Latin-1 header', log('t [s], T [°C], p [MPa]\n0, 25, 0\n60, 30, 0\n'.encode('latin-1')), CHECK, 2, "log.csv|not UTF-8|0xB0|offset 10|line 1|'°'"),
    Bad('press log', 'UTF-16', log(LOG.encode('utf-16')), CHECK, 2, 'log.csv|UTF-16'),
    Bad('press log', 'BOM accepted', log(BOM + LOG.encode()), CHECK, 0, 'cycle: 1800 s'),
    Bad('press log', 'semicolon, decimal commas accepted', log('t [min];T [degC];p [bar]\n0;25,5;0\n10;300,5;30\n'), CHECK, 0, 'cycle: 600 s|peak 300.5 °C|peak pressure 3 MPa'),
    Bad('press log', 'tab-separated accepted', log('t [s]\tT [degC]\tp [MPa]\n0\t25\t0\n60\t30\t0\n'), CHECK, 0, 'cycle: 60 s'),
    Bad('press log', 'semicolon, mixed decimal marks', log('t [s];T [degC];p [MPa]\n0;25,5;0\n60;30.5;0\n'), CHECK, 2, "log.csv|line 3|column 'T [degC]'|ambiguous number|'30.5'"),
    Bad('press log', 'decimal commas in a comma file', log('t [s], T [degC], p [MPa]\n0, 25,5, 0\n'), CHECK, 2, "log.csv|line 2|4 cells in a row|3 columns|comma-separated|if the values use decimal commas, separate the columns with ';'"),
    Bad('press log', 'one column (unknown delimiter)', log('t [s] T [degC] p [MPa]\n0 25 0\n60 30 0\n'), CHECK, 2, "log.csv|no column 'T'|comma-separated|'t [s] T [degC] p [MPa]'"),
    Bad('press log', 'NaN temperature', log('t [s], T [degC], p [MPa]\n0, 25, 0\n60, nan, 0\n120, 30, 0\n'), RUN, 2, "log.csv|line 3|column 'T [degC]'|not a finite number|'nan'"),
    Bad('press log', 'NaN time', log('t [s], T [degC], p [MPa]\n0, 25, 0\nNaN, 30, 0\n'), CHECK, 2, "log.csv|line 3|column 't [s]'|not a finite number|'NaN'"),
    Bad('press log', 'inf pressure', log('t [s], T [degC], p [MPa]\n0, 25, 0\n60, 30, inf\n'), RUN, 2, "log.csv|line 3|column 'p [MPa]'|not a finite number|'inf'"),
    Bad('press log', 'header only', log('t [s], T [degC], p [MPa]\n'), CHECK, 2, 'log.csv|0 data rows|at least 2'),
    Bad('press log', 'one data row', log('t [s], T [degC], p [MPa]\n0, 25, 0\n'), CHECK, 2, 'log.csv|1 data row|at least 2'),
    Bad('press log', 'empty file', log(''), CHECK, 2, 'log.csv|the press log is empty'),
    Bad('press log', 'time not increasing', log('t [s], T [degC], p [MPa]\n0, 25, 0\n60, 30, 0\n60, 35, 0\n'), RUN, 2, "log.csv|line 4|column 't [s]'|t must increase|60 follows 60 (line 3)"),
    Bad('press log', 'missing p column', log('t [s], T [degC]\n0, 25\n60, 30\n'), CHECK, 2, "log.csv|no column 'p'|'t [s]', 'T [degC]'|t [s], T [degC], p [MPa]"),
    Bad('press log', 'T without unit', log('t [s], T, p [MPa]\n0, 25, 0\n60, 30, 0\n'), CHECK, 2, "log.csv|column 'T'|needs a unit in its header|'T [degC]'"),
    Bad('press log', 'T in MPa', log('t [s], T [MPa], p [MPa]\n0, 25, 0\n60, 30, 0\n'), CHECK, 2, "log.csv|column 'T [MPa]'|'MPa' is not a temperature unit"),
    Bad('press log', 'T 900 degC', log('t [s], T [degC], p [MPa]\n0, 25, 0\n60, 900, 0\n'), CHECK, 2, "log.csv|line 3|column 'T [degC]'|out of range|'900'|−100 … 600 °C"),
    Bad('press log', 'negative pressure', log('t [s], T [degC], p [MPa]\n0, 25, -1\n60, 30, 0\n'), CHECK, 2, "log.csv|line 2|column 'p [MPa]'|out of range|'-1'|pressure_tolerance"),
    Bad('press log', 'gauge offset within the tolerance accepted', log('t [s], T [degC], p [MPa]\n0, 25, -0.01\n60, 30, 0\n'), CHECK, 0, 'cycle: 60 s'),
    Bad('press log', 'empty cell', log('t [s], T [degC], p [MPa]\n0, 25, 0\n60, , 0\n'), CHECK, 2, "log.csv|line 3|column 'T [degC]'|empty cell"),
    Bad('press log', 'text in an extra column', log('t [s], T [degC], p [MPa], phase\n0, 25, 0, heat\n60, 30, 0, heat\n'), CHECK, 2, "log.csv|line 2|column 'phase'|not a number|'heat'|extra columns are kept"),
    Bad('press log', 'log of 200 days', log('t [d], T [degC], p [MPa]\n0, 25, 0\n200, 30, 0\n'), CHECK, 2, "log.csv|line 3|column 't [d]'|longer than the longest cycle|is the time unit right"),
    Bad('press log', 'duplicate column', log('t [s], T [degC], p [MPa], T [K]\n0, 25, 0, 1\n60, 30, 0, 2\n'), CHECK, 2, "log.csv|line 1|column 'T' appears twice"),
    Bad('press log', 'row longer than header', log('t [s], T [degC], p [MPa]\n0, 25, 0, 7\n60, 30, 0\n'), CHECK, 2, 'log.csv|line 2|4 cells in a row|3 columns'),
    # ---- profilometer traces -------------------------------------------------------------------------
    Bad('trace', 'NaN height', trace(TRACE.replace('\n1.5, 0.3\n', '\n1.5, nan\n')), CHECK, 2, "trace.csv|line 5|column 'z [um]'|not a finite number|'nan'"),
    Bad('trace', 'x not increasing', trace(TRACE.replace('\n1.5, 0.3\n', '\n0.5, 0.3\n')), RUN, 2, "trace.csv|line 5|column 'x [um]'|x must increase|0.5 follows 1"),
    Bad('trace', 'too few points', trace('x [um], z [um]\n0, 0\n1, 0.1\n2, 0\n'), CHECK, 2, 'trace.csv|3 data rows|at least 16'),
    Bad('trace', 'no data rows', trace('x [um], z [um]\n'), CHECK, 2, 'trace.csv|0 data rows|at least 16'),
    Bad('trace', 'missing z', trace('x [um]\n' + ''.join(f'{i}\n' for i in range(20))), CHECK, 2, "trace.csv|no column 'z'|'x [um]'|x [unit]"),
    Bad('trace', 'unknown column', trace('x [um], z [um], w [um]\n' + ''.join(f'{i}, 0, 0\n' for i in range(20))), CHECK, 2, "trace.csv|unknown column 'w [um]'|x [unit]"),
    Bad('trace', 'x without unit', trace(TRACE.replace('x [um]', 'x')), CHECK, 2, "trace.csv|column 'x'|needs a unit|'x [um]'"),
    Bad('trace', 'z in seconds', trace(TRACE.replace('z [um]', 'z [s]')), CHECK, 2, "trace.csv|column 'z [s]'|'s' is not a length unit"),
    Bad('trace', 'z of 5 mm', trace(TRACE.replace('\n1.5, 0.3\n', '\n1.5, 5000\n')), CHECK, 2, "trace.csv|line 5|column 'z [um]'|out of range|'5000'|±1 mm"),
    Bad('trace', 'Latin-1 trace', trace(b'# \xb5m\n' + TRACE.encode()), CHECK, 2, "trace.csv|not UTF-8|0xB5|offset 2|'µ'"),
    Bad('trace', 'semicolon trace accepted', trace(TRACE.replace(', ', ';').replace('.', ',')), CHECK, 0, 'valid (schema version 1)'),
    # ---- DMA files (material fit) ---------------------------------------------------------------------
    Bad('DMA', "E'' = 5000 E'", dma(DMA_HEAD + rows([(f, a, 5000 * a, t, s) for f, a, _, t, s in DMA_ROWS])), FIT, 2, "dma.csv|line 3|column 'E_loss'|tan δ = E″/E′ = 5000|terminal flow|swapped or scaled", ('card.toml', 'card_fit.png')),
    Bad('DMA', "E' zero", dma(DMA_HEAD + rows([(0.1, 0, 20, 260, 0), *DMA_ROWS[1:]])), FIT, 2, "dma.csv|line 3|column 'E_stor'|storage modulus must be positive|'0'", ('card.toml',)),
    Bad('DMA', 'moduli in Pa labelled GPa', dma(DMA_HEAD.replace('MPa,MPa', 'GPa,GPa') + rows([(f, a * 1000000.0, b * 1000000.0, t, s) for f, a, b, t, s in DMA_ROWS])), FIT, 2, 'dma.csv|line 3|stiffer than any solid|is the modulus unit right', ('card.toml',)),
    Bad('DMA', 'NaN storage', dma(DMA_HEAD + rows([(1, 'nan', 30, 260, 0), *DMA_ROWS[1:]])), FIT, 2, "dma.csv|line 3|column 'E_stor'|not a finite number|'nan'", ('card.toml',)),
    Bad('DMA', 'Latin-1 units row', dma(b'f,E_stor,E_loss,T,Set\nHz,MPa,MPa,\xb0C,-\n' + rows(DMA_ROWS).encode()), FIT, 2, 'dma.csv|not UTF-8|0xB0|line 2', ('card.toml',)),
    Bad('DMA', 'unknown column', dma(DMA_HEAD.replace('Set', 'Colour') + rows(DMA_ROWS)), FIT, 2, "dma.csv|unknown column 'Colour'", ('card.toml',)),
    Bad('DMA', 'missing temperature', dma("f [Hz], E' [MPa], E'' [MPa]\n1, 2, 3\n2, 3, 4\n"), FIT, 2, 'dma.csv|no column \'T\'|\'f [Hz]\', "E\' [MPa]"', ('card.toml',)),
    Bad('DMA', 'single isotherm', dma(DMA_HEAD + rows(DMA_ROWS[:3])), FIT, 2, "dma.csv|column 'T'|only one isotherm|260.0 °C", ('card.toml',)),
    Bad('DMA', 'kelvin labelled celsius', dma(DMA_HEAD + rows([(f, a, b, t + 273.15, s) for f, a, b, t, s in DMA_ROWS])), FIT, 2, "dma.csv|column 'T'|look like kelvin|unit says °C", ('card.toml',)),
    Bad('DMA', 'modulus column without unit', dma("f [Hz], T [degC], E', E'' [MPa]\n" + rows([(f, t, a, b) for f, a, b, t, _ in DMA_ROWS], ', ')), FIT, 2, "dma.csv|column 'E''|needs a unit", ('card.toml',)),
    Bad('DMA', 'tan delta with a unit', dma("f [Hz], T [degC], E' [MPa], tan_delta [MPa]\n" + rows([(f, t, a, b / a) for f, a, b, t, _ in DMA_ROWS], ', ')), FIT, 2, "dma.csv|column 'tan_delta [MPa]'|dimensionless|'MPa'", ('card.toml',)),
    Bad('DMA', 'two storage columns', dma("f [Hz], T [degC], E' [MPa], E_stor [MPa], E'' [MPa]\n1, 260, 1, 1, 1\n2, 270, 1, 1, 1\n"), FIT, 2, "dma.csv|two columns mean the same|'E' [MPa]'|'E_stor [MPa]'", ('card.toml',)),
    Bad('DMA', 'no data rows', dma(DMA_HEAD), FIT, 2, 'dma.csv|0 data rows|at least 2', ('card.toml',)),
    Bad('DMA', 'split isotherm', dma(DMA_HEAD + rows([DMA_ROWS[0], DMA_ROWS[3], DMA_ROWS[1], DMA_ROWS[4], DMA_ROWS[2]])), FIT, 2, 'dma.csv|line 5|isotherm at 260.00 °C is split', ('card.toml',)),
    Bad('DMA', 'output not .toml', at(dma(DMA_HEAD + rows(DMA_ROWS)), '--output'), 'material fit {f} -o {d}/card.txt', 2, '--output|must be a .toml file|card.txt', ('card.txt',)),
    # ---- peel measurement files (calibrate) --------------------------------------------------------------
    Bad('measurements', 'no peel column', meas('run,force [N]\nr1,3\n'), CAL, 2, "peel.csv|needs the columns 'run' and 'peel [unit]'|'run', 'force [N]'", ('card.toml',)),
    Bad('measurements', 'negative peel', meas(MEAS.replace('7.2', '-7.2')), CAL, 2, "peel.csv|line 2|column 'peel [N/cm]'|out of range|'-7.2'|0 < peel", ('card.toml',)),
    Bad('measurements', 'NaN peel', meas(MEAS.replace('7.2', 'NaN')), CAL, 2, "peel.csv|line 2|column 'peel [N/cm]'|not a finite number|'NaN'", ('card.toml',)),
    Bad('measurements', 'peel in kelvin', meas(MEAS.replace('peel [N/cm]', 'peel [K]')), CAL, 2, "peel.csv|column 'peel [K]'|'K' is not a force per length unit", ('card.toml',)),
    Bad('measurements', 'angle 200', meas(MEAS.replace(',90,', ',200,')), CAL, 2, "peel.csv|line 2|column 'angle [deg]'|peel angle out of range|'200'|(0, 180] degrees", ('card.toml',)),
    Bad('measurements', 'scatter 150 %', meas(MEAS.replace(',10\n', ',150\n')), CAL, 2, "peel.csv|line 2|column 'scatter [%]'|scatter out of range|'150'", ('card.toml',)),
    Bad('measurements', 'thickness in seconds', meas('run,peel [N/cm],thickness [s]\nr1,7,15\n'), CAL, 2, "peel.csv|column 'thickness [s]'|'s' is not a length unit", ('card.toml',)),
    Bad('measurements', 'empty run', meas('run,peel [N/cm]\n,7\n'), CAL, 2, "peel.csv|line 2|column 'run'|empty cell|a results folder", ('card.toml',)),
    Bad('measurements', 'run not finished', meas(MEAS), CAL, 2, "peel.csv|line 2|column 'run'|run 'r1' is not a finished run|no summary.json|run the case first", ('card.toml',)),
    Bad('measurements', 'unknown column', meas('run,peel [N/cm],temperature [degC]\nr1,7,23\n'), CAL, 2, "peel.csv|unknown column 'temperature [degC]'|angle [deg]", ('card.toml',)),
    Bad('measurements', 'no data rows', meas('run,peel [N/cm]\n'), CAL, 2, 'peel.csv|0 data rows|at least 1', ('card.toml',)),
    Bad('measurements', 'Latin-1 label', meas('run,peel [N/cm],label\nr1,7,90° peel\n'.encode('latin-1')), CAL, 2, 'peel.csv|not UTF-8|0xB0|line 2', ('card.toml',)),
    Bad('measurements', 'semicolon file read (then: run not finished)', meas('run;peel [N/cm];scatter [%]\nr1;7,2;10\n'), CAL, 2, "peel.csv|line 2|column 'run'|run 'r1' is not a finished run", ('card.toml',)),
    Bad('measurements', 'output not .toml', at(meas(MEAS), '--output'), 'calibrate {f} -o {d}/card.txt', 2, '--output|must be a .toml file', ('card.txt',)),
    # ---- command-line options --------------------------------------------------------------------------
    Bad('option', 'study --workers 0', at(study(), '--workers'), DRY + ' --workers 0', 2, "argument --workers|expected an integer ≥ 1|'0'"),
    Bad('option', 'study --ranks -1', at(study(), '--ranks'), DRY + ' --ranks -1', 2, "argument --ranks|expected an integer ≥ 1|'-1'"),
    Bad('option', 'study --case-timeout 0', at(study(), '--case-timeout'), DRY + ' --case-timeout 0', 2, "argument --case-timeout|expected a finite number > 0|'0'"),
    Bad('option', 'study --max-parallel x', at(study(), '--max-parallel'), DRY + ' --max-parallel x', 2, "argument --max-parallel|expected an integer ≥ 1|'x'"),
    Bad('option', 'fit --wlf not numbers', at(dma(DMA_HEAD + rows(DMA_ROWS)), '--wlf'), FIT + " --wlf abc 5 --reference-temperature '250 degC'", 2, "--wlf|not two numbers|'abc 5'|C1 and C2 in K", ('card.toml',)),
    Bad('option', 'fit --wlf negative C2', at(dma(DMA_HEAD + rows(DMA_ROWS)), '--wlf'), FIT + " --wlf 17 -5 --reference-temperature '250 degC'", 2, "--wlf|WLF constants must be positive|'17 -5'", ('card.toml',)),
    Bad('option', 'fit --wlf inf', at(dma(DMA_HEAD + rows(DMA_ROWS)), '--wlf'), FIT + " --wlf inf 51.6 --reference-temperature '250 degC'", 2, "--wlf|not finite|'inf 51.6'", ('card.toml',)),
    Bad('option', 'fit --wlf without T_ref', at(dma(DMA_HEAD + rows(DMA_ROWS)), '--wlf'), FIT + ' --wlf 17.44 51.6', 2, "--wlf|needs --reference-temperature", ('card.toml',)),
    Bad('option', 'fit --tolerance -1', at(dma(DMA_HEAD + rows(DMA_ROWS)), '--tolerance'), FIT + ' --tolerance -1', 2, "argument --tolerance|expected a finite number > 0|'-1'", ('card.toml',)),
    Bad('option', 'fit --reference-temperature hot', at(dma(DMA_HEAD + rows(DMA_ROWS)), '--reference-temperature'), FIT + ' --reference-temperature hot', 2, "--reference-temperature|cannot read this quantity|'hot'", ('card.toml',)),
    Bad('option', 'fit --template missing', Input({'dma.csv': DMA_HEAD + rows(DMA_ROWS)}, 'dma.csv', 'nope.toml'), FIT + ' --template {d}/nope.toml', 2, 'nope.toml|material card not found', ('card.toml',)),
    Bad('option', 'check --glass-transition without unit', at(raw('m.toml', TPI), '--glass-transition'), MCHECK + ' --glass-transition 250', 2, "--glass-transition|a unit is required|'250'|'360 degC'"),
    Bad('option', 'calibrate --card missing', Input({'peel.csv': MEAS}, 'peel.csv', 'nope.toml'), CAL + ' --card {d}/nope.toml', 2, 'nope.toml|interface card not found', ('card.toml',)),
    Bad('option', 'collect a file', raw('study_dir', 'x'), 'collect {f}', 2, 'study_dir|not a study directory|no manifest.json'),
    Bad('option', 'report a missing folder', Input({}, 'nope', 'nope'), 'report {f}', 2, 'nope|not a study directory'),
    # ---- results folders (-o) -----------------------------------------------------------------------------
    Bad('output', "run -o ''", at(case(), '--output'), "run {f} -o ''", 2, '--output|an empty results folder was given|a folder path'),
    Bad('output', 'run -o a file', Input({'c.toml': FLAG, 'out': 'x'}, 'c.toml', 'out'), RUN, 2, '--output|the results folder is a file|out'),
    Bad('output', 'run -o below a file', Input({'c.toml': FLAG, 'out': 'x'}, 'c.toml', 'out'), 'run {f} -o {d}/out/sub', 1, 'cannot create the results folder|out/sub|Not a directory', ('out/sub',)),
    Bad('output', 'mesh -o a file', Input({'c.toml': FLAG, 'out': 'x'}, 'c.toml', 'out'), MESH, 2, '--output|the output folder is a file|out'),
    Bad('output', "mesh -o ''", at(case(), '--output'), "mesh {f} -o ''", 2, '--output|an empty results folder was given'),
    Bad('output', "check -o ''", at(case(), '--output'), "check {f} -o ''", 2, '--output|an empty results folder was given'),
    Bad('output', "study -o ''", at(study(), '--output'), "study {f} -o ''", 2, '--output|an empty'),
]
# fmt: on
