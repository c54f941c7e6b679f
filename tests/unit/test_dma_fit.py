"""DMA input and fitting: accuracy per isotherm on two synthetic data sets, round trip to the
generating model, distinct relaxation times, the tolerance warning, pyvisco cross-check, bad input."""

from __future__ import annotations

import json
import logging
import re
import warnings

import numpy as np
import pytest
from thermobond.materials import FitOptions, PronySeries, fit_card, load_material
from thermobond.materials.claims import check_minimum_storage_modulus, storage_modulus
from thermobond.materials.dma import read_dma
from thermobond.materials.fitting import fit_dma
from thermobond.materials.material import Viscoelasticity

from benchmarks.validation.foreign_tpi import FOREIGN_DMA, FOREIGN_TPI
from tests.conftest import CASES, MATERIALS

DMA = CASES / "dma" / "tpi_reference_dma.csv"
TEMPLATE = load_material(MATERIALS / "tpi_reference.toml")
TRUE = TEMPLATE.viscoelastic
TARGET = 0.05  # RMS of ln(model/data) per isotherm, E′ and E″ (issue 15)


def _per_isotherm_rms(visco, data):
    """RMS of ln(model/data) of E′ and E″ per isotherm, computed here from the card's series and law."""
    aT = 10 ** np.asarray(visco.shift.log10_aT(data.temperature))
    w = 2 * np.pi * data.frequency
    r1 = np.log(visco.given.storage(w, aT) / data.storage)
    r2 = np.log(visco.given.loss(w, aT) / data.loss)
    out = {}
    for T in np.unique(data.temperature):
        m = data.temperature == T
        out[T] = (np.sqrt(np.mean(r1[m] ** 2)), np.sqrt(np.mean(r2[m] ** 2)))
    return out


def _noise_floor(data, E1, E2):
    """The same for the generating model: what a perfect fit would show (the data's noise)."""
    r1, r2 = np.log(E1 / data.storage), np.log(E2 / data.loss)
    return max(
        max(np.sqrt(np.mean(r1[data.temperature == T] ** 2)), np.sqrt(np.mean(r2[data.temperature == T] ** 2)))
        for T in np.unique(data.temperature)
    )


@pytest.fixture(scope="module")
def cards():
    """Both data sets through fit_card with the default options, as the command line runs it; numpy
    warnings are errors."""
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name, path in (("reference", DMA), ("foreign", FOREIGN_DMA)):
            out[name] = fit_card(path, FitOptions(), TEMPLATE, card_path=MATERIALS / f"_{name}.toml")
    return out


@pytest.mark.parametrize("name", ["reference", "foreign"])
def test_fit_reproduces_every_isotherm(cards, name):
    """The card as written (series and law read back from its TOML) reproduces E′ and E″ of every
    isotherm, glassy shoulder included, within 5 % RMS, and within 1 % of the noise floor: the
    generating model's own RMS error against the same noisy data."""
    card = cards[name]
    data = card.fit.data
    if name == "reference":
        aT = 10 ** np.asarray(TRUE.shift.log10_aT(data.temperature))
        E1, E2 = TRUE.given.storage(2 * np.pi * data.frequency, aT), TRUE.given.loss(2 * np.pi * data.frequency, aT)
    else:
        M = FOREIGN_TPI.complex_modulus(2 * np.pi * data.frequency, data.temperature)
        E1, E2 = M.real, M.imag
    floor = _noise_floor(data, E1, E2)
    errs = _per_isotherm_rms(card.viscoelastic, data)
    assert len(errs) == np.unique(data.temperature).size
    worst = max(max(e) for e in errs.values())
    assert worst <= TARGET, {T - 273.15: e for T, e in errs.items()}
    assert worst <= floor + 0.01, (worst, floor)
    assert card.fit.tolerance_met


def test_foreign_fit_has_the_generating_models_shift_and_crossing(cards):
    """Foreign TPI: the fitted law reproduces the generating law's log a_T within 0.1 decade over the
    data range, and E′(1 Hz) reaches 1e6 Pa within 1 K of where the generating model does (both found
    here on a 0.01 K grid)."""
    card = cards["foreign"]
    v = card.viscoelastic
    T = np.linspace(*card.fit.data_range, 300)
    Tr = v.shift.reference_temperature
    true_L = np.asarray(FOREIGN_TPI.shift.log10_aT(T)) - float(FOREIGN_TPI.shift.log10_aT(np.float64(Tr)))
    assert np.abs(np.asarray(v.shift.log10_aT(T)) - true_L).max() < 0.1
    Tg = np.arange(273.15 + 300, 273.15 + 350, 0.01)
    true_cross = Tg[np.argmax(FOREIGN_TPI.complex_modulus(2 * np.pi, Tg).real <= 1e6)]
    assert card.claim.verdict is True and not card.claim.crossing_extrapolated
    assert card.claim.crossing_temperature == pytest.approx(true_cross, abs=1.0)


def test_distinct_times_and_a_warning_when_the_tolerance_is_missed(caplog):
    """--tolerance 0.02 on data with 1.5–2 % noise cannot be met: the fit keeps its terms, logs a
    WARNING saying by how much it misses, and still writes a card thermobond accepts (relaxation times
    distinct, also as the card rounds them)."""
    with caplog.at_level(logging.WARNING, logger="thermobond.materials.fitting"), warnings.catch_warnings():
        warnings.simplefilter("error")
        card = fit_card(FOREIGN_DMA, FitOptions(tolerance=0.02), TEMPLATE, card_path=MATERIALS / "_x.toml")
    w = card.fit.worst_isotherm()
    assert w.worst_rms > 0.02 and not card.fit.tolerance_met
    msg = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(msg) == 1 and "misses its tolerance" in msg[0] and f"{w.worst_rms - 0.02:.4f}" in msg[0], msg
    times = card.viscoelastic.given.times
    rounded = np.array([float(f"{t:.8g}") for t in card.fit.prony.times])
    assert np.unique(rounded).size == rounded.size == times.size
    assert np.diff(np.log10(np.sort(times))).min() >= 0.1 - 1e-9


def _as_visco(fit):
    return Viscoelasticity(fit.prony.to_shear(bulk_modulus=3e9), 3e9, fit.shift, fit.prony)


@pytest.fixture(scope="module")
def fitted():
    return fit_dma(read_dma(DMA), FitOptions(reference_temperature=523.15))


def test_round_trip_recovers_the_generating_model(fitted):
    """Reference TPI model → 2 %-noise DMA → fit: E′(1 Hz, T) within 5 % (in ln) over the data range,
    the 1e6 Pa crossing within 3 K, log a_T within 0.2 decades."""
    data = read_dma(DMA)
    T = np.linspace(data.temperature.min(), data.temperature.max(), 400)
    fit = _as_visco(fitted)
    err = np.log(storage_modulus(fit, T) / storage_modulus(TRUE, T))
    assert np.abs(err).max() < 0.05
    c_fit = check_minimum_storage_modulus(fit, 523.15)
    c_true = check_minimum_storage_modulus(TRUE, 523.15)
    assert abs(c_fit.first_crossing_temperature - c_true.first_crossing_temperature) < 3.0
    assert np.abs(np.asarray(fitted.shift.log10_aT(T)) - np.asarray(TRUE.shift.log10_aT(T))).max() < 0.2
    # the fit meets its own tolerance and reduced the number of terms
    assert fitted.rms_log_error() <= 0.05
    assert fitted.prony.n_terms < fitted.full_terms
    assert fitted.prony.long_term == 0.0  # a melt
    zones = {z.zone: z for z in fitted.zones}
    assert set(zones) == {"glassy", "transition", "rubbery/terminal"} and all(z.points > 0 for z in zones.values())


def test_unmeasured_reference_temperature():
    """T_ref need not be a measured isotherm: the law is referenced there and the model is unchanged."""
    data = read_dma(DMA)
    fit = fit_dma(data, FitOptions(reference_temperature=273.15 + 252.5))
    assert float(fit.shift.log10_aT(np.float64(273.15 + 252.5))) == pytest.approx(0.0, abs=1e-12)
    T = np.linspace(500, 630, 200)
    err = np.log(storage_modulus(_as_visco(fit), T) / storage_modulus(TRUE, T))
    assert np.abs(err).max() < 0.05


def test_temperature_sweep_needs_a_shift_law(tmp_path):
    """A single-frequency sweep cannot separate spectrum and shift (§2.3): refused without a law,
    and fitted when the law is given."""
    from thermobond.errors import InputError
    from thermobond.materials.synthetic import write_pyvisco_csv

    T = np.arange(200.0, 371.0, 2.0) + 273.15
    aT = 10 ** TRUE.shift.log10_aT(T)
    E1, E2 = TRUE.given.storage(2 * np.pi, aT), TRUE.given.loss(2 * np.pi, aT)
    p = tmp_path / "sweep.csv"
    write_pyvisco_csv(p, np.ones_like(T), T, E1, E2)
    data = read_dma(p)
    assert data.kind == "temperature_sweep"
    with pytest.raises(InputError, match="cannot separate"):
        fit_dma(data)
    fit = fit_dma(data, FitOptions(shift_law=TRUE.shift, tolerance=0.02))
    err = np.log(storage_modulus(_as_visco(fit), T) / E1)
    assert np.abs(err).max() < 0.05


def test_readers_agree_on_layouts(tmp_path):
    """The one-header layout with units in brackets, °C/K, Pa/MPa, tan δ: same data in SI."""
    a = read_dma(DMA)
    lines = [ln for ln in DMA.read_text().splitlines() if not ln.startswith("#")][2:]
    rows = [ln.split(",") for ln in lines]
    p = tmp_path / "plain.csv"
    text = ["frequency [rad/s], T [K], E' [Pa], tan_delta [-]"]
    for f, e1, e2, t, _ in rows:
        text.append(f"{2 * np.pi * float(f)!r}, {float(t) + 273.15!r}, {float(e1) * 1e6!r}, {float(e2) / float(e1)!r}")
    p.write_text("\n".join(text) + "\n")
    b = read_dma(p)
    assert b.frequency == pytest.approx(a.frequency, rel=1e-12)
    assert b.temperature == pytest.approx(a.temperature, rel=1e-12)
    assert b.storage == pytest.approx(a.storage, rel=1e-12)
    assert b.loss == pytest.approx(a.loss, rel=1e-9)


def test_pyvisco_cross_check(fitted):
    """Same data through pyvisco 2.1.3 (NREL), an independent implementation.

    * Shift factors: pyvisco's pairwise power-law shifting agrees with ours within 0.15 decades at
      and below T_ref; above T_ref (rubbery plateau, terminal flow) it fails on this data — its
      log a_T is not even monotonic — while ours follows the generating law (see the other tests).
    * Master curve: given the same shift factors, pyvisco's Prony fit (linear error) and ours
      (log error) agree within 5 % in E′ wherever E′ ≥ 1e8 Pa, and both fit the data there at the
      noise level (2 %). Below, pyvisco's linear error loses the rubbery and terminal zones (RMS
      ≈ 0.4 in ln over the whole curve) while ours stays at the noise level.
    """
    pd = pytest.importorskip("pandas")
    try:
        import pyvisco.load as load
        import pyvisco.master as master
        import pyvisco.prony as pprony
    except ImportError:
        pytest.fail("pyvisco is a test dependency: `pip install --no-deps pyvisco==2.1.3` (scripts/env.sh does)")
    text = "\n".join(ln for ln in DMA.read_text().splitlines() if not ln.startswith("#")).encode()
    df_raw, _, _ = load.user_raw(text, "freq", "E")
    df_aT, _ = master.get_aT(df_raw, 250)
    T, ours = fitted.shift_points
    theirs = df_aT["log_aT"].to_numpy()
    below = T <= 523.15 + 1e-9
    assert np.abs(theirs[below] - ours[below]).max() < 0.15
    assert np.any(np.diff(theirs) > 0) and np.all(np.diff(ours) < 0)  # pyvisco non-monotonic, ours monotonic
    df_same = pd.DataFrame({"T": np.round(T - 273.15), "log_aT": ours})
    df_master = master.smooth(master.get_curve(df_raw, df_same, 250), 1)
    res, _ = pprony.fit(pprony.discretize(df_master), df_master, opt=True)
    Ei = res["df_terms"]["E_i"].to_numpy() * 1e6  # MPa in the file
    theirs_p = PronySeries(Ei, res["df_terms"]["tau_i"].to_numpy(), max(res["E_0"] * 1e6 - Ei.sum(), 0.0), "tensile")
    pv1 = np.log(theirs_p.storage(fitted.omega_r))
    o1 = np.log(fitted.prony.storage(fitted.omega_r))
    d1 = np.log(fitted.storage)
    hard = fitted.storage >= 1e8
    assert np.abs(pv1[hard] - o1[hard]).max() < 0.05
    assert np.sqrt(np.mean((pv1[hard] - d1[hard]) ** 2)) < 0.03
    assert np.sqrt(np.mean((o1[hard] - d1[hard]) ** 2)) < 0.03
    assert np.sqrt(np.mean((o1 - d1) ** 2)) < 0.03 < np.sqrt(np.mean((pv1 - d1) ** 2))


HEADER = "f,E_stor,E_loss,T,Set\nHz,MPa,MPa,C,-\n"
GOOD = [
    (0.1, 100, 10, 260, 0),
    (1, 200, 20, 260, 0),
    (10, 300, 30, 260, 0),
    (0.1, 50, 10, 270, 1),
    (1, 100, 20, 270, 1),
    (10, 200, 30, 270, 1),
]


def _rows(rows):
    return "".join(",".join(str(v) for v in r) + "\n" for r in rows)


BAD = {
    "missing column": ("f,E_stor,E_loss,Set\nHz,MPa,MPa,-\n" + "1,2,3,0\n2,3,4,0\n", ["no column 'T'"]),
    "unknown column": ("f,E_stor,E_loss,T,Colour\nHz,MPa,MPa,C,-\n" + _rows(GOOD), ["unknown column", "Colour"]),
    "non-numeric": (HEADER + _rows([*GOOD[:2], (10, "abc", 30, 260, 0), *GOOD[3:]]), ["line 5", "not a number", "abc"]),
    "nan": (
        HEADER + _rows([*GOOD[:2], (10, "nan", 30, 260, 0), *GOOD[3:]]),
        ["not a finite number", "E_stor", "line 5"],
    ),
    "negative modulus": (
        HEADER + _rows([*GOOD[:4], (1, -100, 20, 270, 1), GOOD[5]]),
        ["storage modulus must be positive"],
    ),
    "single isotherm": (HEADER + _rows(GOOD[:3]), ["only one isotherm"]),
    "kelvin labelled celsius": (
        HEADER + _rows([(f, a, b, t + 273.15, s) for f, a, b, t, s in GOOD]),
        ["look like kelvin", "unit says °C"],
    ),
    "unsorted frequencies": (HEADER + _rows([GOOD[0], GOOD[2], GOOD[1], *GOOD[3:]]), ["not sorted"]),
    "split isotherm": (HEADER + _rows([GOOD[0], GOOD[1], GOOD[3], GOOD[2], GOOD[4], GOOD[5]]), ["split"]),
    "wrong unit": ("f,E_stor,E_loss,T,Set\nHz,m,MPa,C,-\n" + _rows(GOOD), ["wrong unit", "E_stor"]),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_dma_input(tmp_path, capsys, kind):
    from thermobond.cli import main

    text, needles = BAD[kind]
    p = tmp_path / "bad.csv"
    p.write_text(text)
    out = tmp_path / "card.toml"
    assert main(["material", "fit", str(p), "-o", str(out)]) == 2
    err = re.sub(r"\s+", " ", capsys.readouterr().err)
    assert "bad.csv" in err
    for n in needles:
        assert n in err, (n, err)
    assert list(tmp_path.iterdir()) == [p], "nothing may be written for bad input"


def test_cli_fit_and_check(tmp_path, capsys):
    from thermobond.cli import main

    out = tmp_path / "tpi.toml"
    assert main(["material", "fit", str(DMA), "-o", str(out), "--reference-temperature", "250 degC"]) == 0
    assert (tmp_path / "tpi_fit.png").stat().st_size > 10_000 and (tmp_path / "tpi_fit.pdf").exists()
    card = load_material(out)
    assert card.kind == "thermoplastic" and card.viscoelastic.given.n_terms >= 3
    capsys.readouterr()
    assert main(["material", "check", str(out), "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    for key in (
        "minimum_in_window_Pa",
        "minimum_temperature_degC",
        "crossing_temperature_degC",
        "glass_transition_degC",
        "glass_transition_definition",
        "window_end_source",
        "still_falling_at_window_end",
        "frequency_Hz",
        "verdict",
        "margin_decades",
    ):
        assert key in facts
    # the fitted card's description is valid over its DMA data (up to 360 °C): E′ crosses 1e6 Pa inside
    assert facts["verdict"] == "pass" and not facts["crossing_extrapolated"]
    assert facts["crossing_temperature_degC"] == pytest.approx(332.0, abs=3.0)


def test_bundled_fitted_card_matches_its_data():
    """cases/materials/tpi_reference_fitted.toml is the fit of the bundled DMA file: every isotherm
    within 5 % RMS in E′ and E″, and its data range is that of the file."""
    card = load_material(MATERIALS / "tpi_reference_fitted.toml")
    data = read_dma(DMA)
    errs = _per_isotherm_rms(card.viscoelastic, data)
    assert max(max(e) for e in errs.values()) <= TARGET
    assert card.viscoelastic.data_range == pytest.approx((data.temperature.min(), data.temperature.max()))
