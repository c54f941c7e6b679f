"""The input boundary's readers on their own: decoding (thermobond.textfiles) and CSV tables
(thermobond.tables), and every reader built on them giving the same numbers whatever the layout."""

from __future__ import annotations

import codecs

import numpy as np
import pytest
from thermobond.errors import InputError
from thermobond.materials.dma import read_dma
from thermobond.meshes.surface import read_trace
from thermobond.tables import read_table
from thermobond.textfiles import read_text

from tests.conftest import CASES, REPO

DMA = CASES / "dma" / "tpi_reference_dma.csv"
TRACE = REPO / "meshes" / "profiles" / "synthetic_ed_vlp_trace.csv"


def test_bom_is_dropped_and_offsets_count_it(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(codecs.BOM_UTF8 + "T [°C]\n".encode())
    assert read_text(p) == "T [°C]\n"
    # the byte offset of a bad byte is the file's (the 3 BOM bytes included), line and column too
    p.write_bytes(codecs.BOM_UTF8 + b"ok\nT [\xb0C]\n")
    with pytest.raises(InputError) as err:
        read_text(p, "press log")
    e = err.value
    assert e.line == 2 and "byte 0xB0 at offset 9 (column 4)" in str(e) and "'°' in Latin-1" in str(e)


def test_windows_1252_byte_is_named(tmp_path):
    p = tmp_path / "a.csv"
    p.write_bytes(b"x [\x96m]\n")  # an en dash in Windows-1252
    with pytest.raises(InputError, match=r"byte 0x96 at offset 3 .* '–' in Windows-1252"):
        read_text(p)


def test_table_layouts_and_line_numbers(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("# comment\n\nt [s];T [degC]\n0;25,5\n# a note between rows\n60;30,25\n", encoding="utf-8")
    t = read_table(p, "test table")
    assert (t.delimiter, t.decimal_comma, t.layout) == (";", True, "semicolon-separated, decimal commas")
    assert t.lines == (4, 6)
    T = t.require("T", accepted="T")
    assert t.quantities(T, "temperature", accepted="any").tolist() == pytest.approx([298.65, 303.4])
    # a semicolon file without decimal commas keeps its decimal points
    p.write_text("t [s];T [degC]\n0;25.5\n", encoding="utf-8")
    t = read_table(p, "test table")
    assert not t.decimal_comma and t.numbers(t.columns[1]).tolist() == [25.5]


def test_units_are_affine_for_temperatures(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("T [degF], L [ft]\n32, 1\n212, 2\n", encoding="utf-8")
    t = read_table(p, "test table")
    assert t.quantities(t.columns[0], "temperature", accepted="any").tolist() == pytest.approx([273.15, 373.15])
    assert t.quantities(t.columns[1], "length", accepted="any").tolist() == pytest.approx([0.3048, 0.6096])


@pytest.mark.parametrize("layout", ["semicolon + decimal comma + BOM", "tab"])
def test_dma_reads_the_same_in_every_layout(tmp_path, layout):
    """The bundled DMA file rewritten as a European spreadsheet would save it reads to the same data."""
    a = read_dma(DMA)
    text = DMA.read_text(encoding="utf-8")
    if layout == "tab":
        data = text.replace(",", "\t").encode()
    else:
        body = "\n".join(
            ln if ln.startswith("#") else ln.replace(",", ";").replace(".", ",") for ln in text.splitlines()
        )
        data = codecs.BOM_UTF8 + body.encode()
    p = tmp_path / "dma.csv"
    p.write_bytes(data)
    b = read_dma(p)
    for field in ("frequency", "temperature", "storage", "loss"):
        assert np.array_equal(getattr(a, field), getattr(b, field)), field


def test_trace_reads_the_same_with_semicolons(tmp_path):
    x0, z0 = read_trace(TRACE)
    p = tmp_path / "trace.csv"
    p.write_text(TRACE.read_text(encoding="utf-8").replace(", ", ";").replace(".", ","), encoding="utf-8")
    x1, z1 = read_trace(p)
    assert np.array_equal(x0, x1) and np.array_equal(z0, z1)


def test_dma_rows_a_dma_cannot_produce(tmp_path):
    """tan δ = 5000 outside terminal flow is refused with its rows; the bundled data's two rows with
    tan δ ≈ 1100–2100 are accepted, as there E′ is nine decades below the glassy modulus (the
    sample flows: tan δ = 1/(ωτ))."""
    data = read_dma(DMA)
    tan = data.loss / data.storage
    assert tan.max() > 1e3 and data.storage[tan > 1e3].max() < 1e-6 * data.storage.max()
    lines = DMA.read_text(encoding="utf-8").splitlines()
    head = [ln for ln in lines if ln.startswith("#") or not ln[:1].isdigit()]
    rows = [ln.split(",") for ln in lines if ln[:1].isdigit()]
    scaled = [f"{f},{e1},{float(e1) * 5000!r},{t},{s}" for f, e1, _, t, s in rows]
    p = tmp_path / "dma.csv"
    p.write_text("\n".join(head + scaled) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"tan δ = E″/E′ = 5000 .*lines 6, 7, 8, 9, 10 and \d+ more"):
        read_dma(p)


def test_card_arrays_of_quantities_stay_valid_toml():
    """A tabulated shift's temperatures ("220 degC", ...) wrapped over lines keep each item whole
    (`material fit --law table` wrote an unreadable card when an item was split at its space)."""
    import tomllib

    import tomli_w
    from thermobond.materials.cardwriter import _compact_arrays

    temps = [f"{220 + 7.5 * i:g} degC" for i in range(19)]
    text = _compact_arrays(tomli_w.dumps({"shift": {"temperature": temps, "log10_aT": [0.1 * i for i in range(19)]}}))
    assert tomllib.loads(text)["shift"]["temperature"] == temps
    assert max(len(line) for line in text.splitlines()) <= 110
