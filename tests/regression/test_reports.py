"""Reports that answer "which recipe passes", for one run and for a study, as HTML and PDF; and a
run's measured temperatures held against its own.

One small run (a metallized laminate on a coarse mesh, ~20 s) is made once for the module; the study
is built from copies of it whose summaries say, by construction, which recipes pass and how the
peel strength depends on the recipe — so the verdict page can be checked against what was built.
Reports are made on one process (matplotlib, rank 0): not repeated under ``mpiexec``.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import CASES

LAG_S, OFFSET_K = 30.0, 1.0  # the synthetic thermocouple: 30 s late, reading 1 K high
COARSE = {
    "mesh.width": "1 mm",
    "mesh.element_size": "200 um",
    "mesh.edge_element_size": "5 um",
    "solver.max_temperature_change": "30 K",
    "solver.max_step": "300 s",
    "output.fields": False,
}


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    """The metallized-fusion case, coarse, with a thermocouple at the Cu seed/TPI interface (a
    separate CSV) and the platen's (a second column of it)."""
    import thermobond

    tmp = tmp_path_factory.mktemp("run")
    base = thermobond.load_case(CASES / "metallized_fusion.toml", **COARSE)
    t = np.arange(0.0, base.programme.duration + 1.0, 5.0)
    late = base.programme.temperature(t - LAG_S) - 273.15 + OFFSET_K
    rows = "".join(f"{a:.1f},{b:.4f},{b:.4f}\n" for a, b in zip(t, late, strict=True))
    (tmp / "tc.csv").write_text("t [s], T_iface [degC], T_platen [degC]\n" + rows)
    measured = {
        "tpi/cu_seed": {"file": str(tmp / "tc.csv"), "column": "T_iface"},
        "platen": {"file": str(tmp / "tc.csv"), "column": "T_platen"},
    }
    case = thermobond.load_case(CASES / "metallized_fusion.toml", **COARSE, **{"cycle.measured": measured})
    out = tmp / "metallized"
    thermobond.run(case, out)
    return out


def test_a_run_compares_its_thermocouples(small_run):
    """The laminate (45 µm) equilibrates with the platen in milliseconds (h²/α ≈ 0.02 s), so the
    interface's simulated temperature is the platen's: the thermocouple's lag and offset come back as
    built, and the RMS is that of the built difference."""
    s = json.loads((small_run / "summary.json").read_text())
    got = {m["target"]: m for m in s["measured"]}
    assert set(got) == {"tpi/cu_seed", "platen"}
    for m in got.values():
        assert m["time_lag_s"] == pytest.approx(LAG_S, abs=0.5)
        assert m["offset_K"] == pytest.approx(OFFSET_K, abs=0.02)
        assert m["correlation"] > 0.999
    table = np.genfromtxt(small_run / "measured" / "tpi-cu_seed.csv", delimiter=",", names=True)
    assert got["tpi/cu_seed"]["rms_difference_K"] == pytest.approx(np.sqrt(np.mean(table["difference_K"] ** 2)))
    assert (small_run / "plots" / "measured_tpi-cu_seed.png").is_file()


# ---- reading a report back ---------------------------------------------------------------------------
class _Text(HTMLParser):
    """The visible text of an HTML page (outside <style> and <svg>), the verdict paragraph, the tables."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.verdict = ""
        self.rows: list[tuple[str, list[str]]] = []
        self._skip = 0
        self._in_verdict = False
        self._row: list[str] | None = None
        self._row_class = ""
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("style", "svg"):
            self._skip += 1
        if tag == "p" and "verdict" in (a.get("class") or ""):
            self._in_verdict = True
        if tag == "tr":
            self._row, self._row_class = [], a.get("class") or ""
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("style", "svg"):
            self._skip -= 1
        if tag == "p":
            self._in_verdict = False
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        if tag == "tr" and self._row is not None:
            self.rows.append((self._row_class, self._row))
            self._row = None

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._in_verdict:
            self.verdict += data
        if self._cell is not None:
            self._cell.append(data)


def _html(path: Path) -> _Text:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _fonts(obj, seen=None):
    """Every font dictionary reachable from a PDF object's resources (pages, forms, patterns)."""
    seen = set() if seen is None else seen
    res = obj.get("/Resources")
    if res is None:
        return
    res = res.get_object()
    for f in (res.get("/Font") or {}).values():
        yield f.get_object()
    for x in list((res.get("/XObject") or {}).values()) + list((res.get("/Pattern") or {}).values()):
        x = x.get_object()
        if id(x) not in seen:
            seen.add(id(x))
            yield from _fonts(x, seen)


def _assert_truetype(pdf_path: Path) -> int:
    """Every font of the PDF is TrueType and embedded (no Type 3); returns the page count."""
    from pypdf import PdfReader

    reader = PdfReader(pdf_path)
    kinds = set()
    for page in reader.pages:
        for font in _fonts(page):
            kinds.add(font["/Subtype"])
            if font["/Subtype"] == "/Type0":
                for d in font["/DescendantFonts"]:
                    d = d.get_object()
                    assert d["/Subtype"] == "/CIDFontType2"  # TrueType outlines
                    assert "/FontFile2" in d["/FontDescriptor"].get_object()
            else:
                assert font["/Subtype"] == "/TrueType", font["/Subtype"]
                assert "/FontFile2" in font["/FontDescriptor"].get_object()
    assert "/Type3" not in kinds and kinds
    return len(reader.pages)


def _assert_self_contained(html: str, figures: int) -> None:
    assert html.count("<svg") == figures and figures > 0  # vector figures, inline
    assert "<img" not in html and "data:image/png" not in html
    assert not re.search(r"(src|href)=['\"](?!#)", html)  # no outside file: only links inside the page


def test_run_report_says_whether_the_recipe_passes(small_run):
    """The verdict names exactly the checks the run's summary fails; every check is a table row
    marked by its verdict; the PDF's pages are the ones listed, with TrueType fonts only."""
    from thermobond.report import write_report

    files = write_report(small_run)
    s = json.loads((small_run / "summary.json").read_text())
    failed = [c["id"] for c in s["claims"] if c["passes"] is False]
    page = _html(files.html)
    verdict = re.sub(r"\s+", " ", page.verdict)
    if failed:
        assert verdict.startswith("This recipe fails:")
        assert re.findall(r"\b(\d{3}-\d+|IPC-6202)\b", verdict) == failed
    else:
        assert verdict.startswith("This recipe passes every check")
    peel = s["adhesion"]["claim_peel_strength_N_per_m"] / 100
    assert f"{peel:.3g} N/cm" in " ".join(page.text)
    marked = {r[0]: cls for cls, r in page.rows if r and re.fullmatch(r"\d{3}-\d+|IPC-6202", r[0])}
    assert marked == {c["id"]: {True: "pass", False: "fail", None: ""}[c["passes"]] for c in s["claims"]}
    titles = json.loads((files.html.parent / "pages.json").read_text())
    assert _assert_truetype(files.pdf) == len(titles) == len(files.pages)
    assert titles[0] == "Does this recipe pass?"
    assert any(t.startswith("Measured against simulated") for t in titles)
    _assert_self_contained(files.html.read_text(encoding="utf-8"), len(files.figures))
    from pypdf import PdfReader

    first = PdfReader(files.pdf).pages[0].extract_text()
    assert "Does this recipe pass?" in first and ("This recipe fails" in first or "This recipe passes" in first)


# ---- a study made of the run's copies, with verdicts known by construction -----------------------------
TEMPERATURES = (270.0, 300.0, 330.0)  # °C, every 30 °C
PRESSURES = (1e6, 2e6)  # Pa


def _peel(T: float, p: float) -> float:
    """The built peel strength at 15 µm (N/cm): 0.1 N/cm per K and 0.2 N/cm per MPa."""
    return 5.0 + 0.1 * (T - 300.0) + 0.2 * (p / 1e6 - 1.0)


def _claims(T: float, p: float) -> list[dict]:
    """Three checks: heating ≥ 280 °C, pressure ≥ 1.5 MPa, peel ≥ 5 N/cm at 15 µm; one undecided."""

    def check(cid, element, value, bound, unit, margin_unit, scale=1.0):
        margin = (value - bound) * scale
        return {
            "id": cid,
            "source": "built",
            "element": element,
            "passes": margin >= 0,
            "value": value,
            "threshold": bound,
            "unit": unit,
            "margin": margin,
            "margin_unit": margin_unit,
            "note": "",
        }

    peel = _peel(T, p)
    return [
        check("002-7", "heating temperature ≥ 280 °C", T, 280.0, "°C", "K"),
        check("002-9", "heating under a pressure ≥ 1.5 MPa", p / 1e6, 1.5, "MPa", "MPa"),
        check("002-14", "adhesion ≥ 5 N/cm at 15 µm", peel, 5.0, "N/cm", "N/cm"),
        {
            "id": "002-5",
            "source": "built",
            "element": "dry-plated conductor 0.01–5 µm thick",
            "passes": None,
            "value": None,
            "threshold": [0.01, 5.0],
            "unit": "µm",
            "margin": None,
            "margin_unit": "µm",
            "note": "no layer is formed by dry plating",
        },
    ]


@pytest.fixture(scope="module")
def built_study(small_run, tmp_path_factory):
    root = tmp_path_factory.mktemp("study") / "window"
    summary = json.loads((small_run / "summary.json").read_text())
    params = [
        {"key": "cycle.heat.temperature", "label": "hold temperature", "unit": "degC", "kind": "temperature"},
        {"key": "cycle.heat.pressure", "label": "press pressure", "unit": "Pa", "kind": "pressure"},
    ]
    cases = []
    for p in PRESSURES:
        for T in TEMPERATURES:
            cid = f"c{len(cases):04d}-built"
            d = root / "cases" / cid
            shutil.copytree(small_run, d, ignore=shutil.ignore_patterns("report", "plots", ".thermobond.lock"))
            shutil.copy(d / "case.toml", d / "input.toml")
            s = dict(summary, claims=_claims(T, p))
            s["adhesion"] = dict(summary["adhesion"], claim_peel_strength_N_per_m=100 * _peel(T, p))
            (d / "summary.json").write_text(json.dumps(s))
            values = {"cycle.heat.temperature": f"{T:g} degC", "cycle.heat.pressure": f"{p / 1e6:g} MPa"}
            number = {"cycle.heat.temperature": T, "cycle.heat.pressure": p}
            cases.append({"id": cid, "index": len(cases), "values": values, "number": number})
    # the report's axes and the one response to map (a study file's [report] table)
    (root / "study.toml").write_text(
        '[report]\nx = "cycle.heat.temperature"\ny = "cycle.heat.pressure"\n'
        'responses = ["adhesion.claim_peel_strength_N_per_m"]\n'
    )
    manifest = {"study": "window", "description": "built", "base": "built", "mode": "grid"}
    (root / "manifest.json").write_text(json.dumps({**manifest, "parameters": params, "cases": cases}))
    return root


def test_study_report_lists_the_recipes_that_pass(built_study):
    """Built: a recipe passes at ≥ 280 °C, ≥ 1.5 MPa and ≥ 5 N/cm — 300 and 330 °C at 2 MPa. The
    verdict page lists exactly those, names the hold temperature as the most sensitive parameter with
    its built effect (+6 N/cm over 270–330 °C against +0.2 N/cm over 1–2 MPa), states the grid's
    resolution, and leaves the undecided check out of the verdict."""
    from thermobond.report import write_report

    files = write_report(built_study)
    page = _html(files.html)
    text = re.sub(r"\s+", " ", " ".join(page.text))
    assert re.sub(r"\s+", " ", page.verdict) == "2 of 6 recipes pass every check and reach 5 N/cm at 15 µm."
    listed = re.findall(r"(\d+ °C, \d+ MPa) \((c\d{4})-built\): peel ([\d.]+) N/cm", text)
    assert listed == [("300 °C, 2 MPa", "c0004", "5.2"), ("330 °C, 2 MPa", "c0005", "8.2")]
    assert "Most sensitive parameter: hold temperature" in text
    assert "hold temperature: +6 N/cm across 270–330 °C" in text
    assert "press pressure: +0.2 N/cm across 1–2 MPa" in text
    assert "hold temperature: 3 values, every 30 °C" in text and "press pressure: 2 values, every 1 MPa" in text
    assert "Undecided in every case (not part of the verdict): 002-5" in text
    by_case: dict[str, str] = {}
    for cls, r in page.rows:  # the first table naming the cases is the pass/fail table
        if len(r) > 2 and r[1].endswith("-built"):
            by_case.setdefault(r[1], cls)
    assert by_case == {f"c{i:04d}-built": "pass" if i in (4, 5) else "fail" for i in range(6)}
    titles = json.loads((files.html.parent / "pages.json").read_text())
    assert titles[0] == "Which recipes pass"
    assert [t for t in titles if t.startswith("Process window:")] == [
        "Process window: window-claim_peel_strength_N_per_m"
    ]
    assert "Measured against simulated temperature: measured-tpi-cu_seed" in titles  # the cases' traces, gathered
    assert _assert_truetype(files.pdf) == len(titles)
    _assert_self_contained(files.html.read_text(encoding="utf-8"), len(files.figures))
    # the collected table in the output convention, units in the Parquet schema
    import pyarrow.parquet as pq

    schema = pq.read_schema(built_study / "collected.parquet")
    assert schema.field("cycle.heat.temperature_degC").metadata == {b"unit": b"degC"}
    assert schema.field("claim.002-14.margin_N_per_m").metadata == {b"unit": b"N/m"}
    assert "cycle.heat.temperature" not in schema.names  # the number column only, not the text twin
    lags = pq.read_table(built_study / "collected.parquet").column("measured.tpi/cu_seed.time_lag_s").to_pylist()
    assert lags == pytest.approx([LAG_S] * 6, abs=0.5)
    margins = pq.read_table(built_study / "collected.parquet").column("claim.002-14.margin_N_per_m").to_pylist()
    assert margins == pytest.approx([100 * (_peel(T, p) - 5.0) for p in PRESSURES for T in TEMPERATURES])


# ---- runs side by side: a press and a roll line -----------------------------------------------------
@pytest.fixture(scope="module")
def roll_run(tmp_path_factory):
    """The roll line of the roll verification (two bare steel rolls, Hertz nip), the nip finely sampled."""
    import thermobond

    from tests.verification.test_roll_case import _case_text

    tmp = tmp_path_factory.mktemp("roll")
    path = tmp / "roll_slab.toml"
    path.write_text(_case_text().replace("nip_divisions = 4", "nip_divisions = 24"), encoding="utf-8")
    out = tmp / "roll"
    thermobond.run(thermobond.load_case(path), out)
    return out


def test_a_press_and_a_roll_line_side_by_side(small_run, roll_run, tmp_path, capsys):
    """`thermobond report PRESS ROLL -o DIR`: one report with both runs' verdicts and results in columns,
    every check of either run in a row, and the process each saw. The roll's time pressed at ≥ 1 MPa is
    Hertz's, 2a √(1 − (1 MPa/p₀)²)/v (Johnson 1985, §4.3: p = p₀ √(1 − x²/a²)); the press's is the
    recipe's time at ≥ 1 MPa."""
    import math

    import thermobond
    from thermobond.cli import main

    out = tmp_path / "side_by_side"
    assert main(["report", str(small_run), str(roll_run), "-o", str(out), "--labels", "press,roll"]) == 0
    assert (out / "report.html").is_file() and (out / "report.pdf").is_file()
    page = _html(out / "report.html")
    rows = {r[0]: r[1:] for _, r in page.rows if r}
    assert rows[""] == ["press", "roll"]  # the header of the results table
    assert rows["process"] == ["press cycle", "roll line"]
    press, roll = (json.loads((d / "summary.json").read_text()) for d in (small_run, roll_run))
    from thermobond.report.verdict import case_verdict
    from thermobond.sinks import read_summary

    assert rows["verdict"] == [case_verdict(read_summary(d)).word for d in (small_run, roll_run)]
    ids = {c["id"] for s in (press, roll) for c in s["claims"]}
    assert ids <= set(rows)  # every check of either run has its row
    r = roll["roll"]
    a, p0 = r["nip_width_m"] / 2, r["peak_nip_pressure_Pa"]
    hertz = 2 * a * math.sqrt(1 - (1e6 / p0) ** 2) / r["line_speed_m_per_s"]
    assert float(rows["time pressed at ≥ 1 MPa"][1].split()[0]) == pytest.approx(hertz, rel=0.03)
    assert float(rows["nip dwell (ms)"][1]) == pytest.approx(r["dwell_s"] * 1e3, rel=1e-3)
    case = thermobond.load_case(small_run / "case.toml")
    t = np.linspace(0.0, case.programme.duration, 400_001)
    recipe = float(np.sum(case.programme.pressure(t) >= 1e6 * (1 - 1e-9)) * (t[1] - t[0]))
    cell = rows["time pressed at ≥ 1 MPa"][0].split()
    assert float(cell[0]) * (60 if cell[1] == "min" else 1) == pytest.approx(recipe, rel=0.01)
    _assert_self_contained((out / "report.html").read_text(encoding="utf-8"), 1)
    assert str(out / "report.html") in capsys.readouterr().out
