"""From a solved case to peel strength and claims (issue: bond development, peel, calibration, claims)."""

from __future__ import annotations

import csv
import json
import re

import numpy as np
import pytest

from tests.casefiles import metallized_case
from tests.conftest import CASES, MATERIALS

pytestmark = pytest.mark.solver


def _run(path, out, comm):
    """The run's summary as written (JSON)."""
    from thermobond.case import load_case
    from thermobond.pipeline import run_case

    run_case(load_case(path), out, comm)
    return json.loads((out / "summary.json").read_text())


def test_metallized_route_adhesion_chain(mpi_tmp_path, comm):
    """Γ_eff = D_b Γ_int with D_b integrated on the stack's interface temperature; the peel strength
    is the elastic–plastic peel of the 15 µm plane-strain arm at Γ_eff; every claim element is listed."""
    from thermobond.bond.adhesion import arm_for
    from thermobond.bond.healing import bond_degree
    from thermobond.bond.peel import peel_force
    from thermobond.case import load_case

    path = metallized_case(mpi_tmp_path / "mc.toml", fuse="300 degC", hold="5 min", comm=comm)
    out = mpi_tmp_path / "out"
    summary = _run(path, out, comm)
    s = summary["adhesion"]
    case = load_case(path)
    card = case.adhesion.card
    with open(out / "interface_history.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    t = np.array([float(r["time_s"]) for r in rows])
    T = np.array([float(r["tpi/seed.temperature_degC"]) for r in rows]) + 273.15
    D = bond_degree(t, T, card.kinetics, None)
    assert 0.3 < D < 0.99  # 5 min at 300 °C: partly developed (the estimated card's t_b ≈ 5 min there)
    assert s["effective_toughness_J_per_m2"] == pytest.approx(D * card.intrinsic_toughness, rel=1e-9)
    assert s["bond_degree_mean"] == pytest.approx(D, rel=1e-9)
    # the platen temperature drives nearly the same bond: the thin laminate follows the platens
    D_cycle = bond_degree(case.programme.times, case.programme.temperatures, card.kinetics, None)
    assert D == pytest.approx(D_cycle, rel=0.05)
    arm = arm_for(case, case.adhesion)
    assert arm.thickness == pytest.approx(15e-6)
    P = peel_force(arm, s["effective_toughness_J_per_m2"], 90.0).force_per_width
    assert s["peel_strength_N_per_m"] == pytest.approx(P, rel=1e-12)
    assert s["claim_peel_strength_N_per_m"] == pytest.approx(P, rel=1e-12)
    assert s["peel_strength_N_per_m_sigma"] is None and not s["interface_card_calibrated"]
    assert s["peel"]["plastic_work_J_per_m2"] > s["effective_toughness_J_per_m2"]  # plasticity dominates
    ids = [c["id"] for c in summary["claims"]]
    assert ids == ["000-1", "000-11", "000-12", "002-5", "002-6", "002-7", "002-9", "002-14", "IPC-6202"]
    by = {c["id"]: c for c in summary["claims"]}
    assert by["002-14"]["passes"] == (P >= 500.0) and by["002-14"]["value"] == pytest.approx(P / 100)
    assert by["002-5"]["passes"] and by["002-9"]["passes"] and by["002-9"]["margin"] == 0.0
    assert comm.allgather(s["peel_strength_N_per_m"]) == [s["peel_strength_N_per_m"]] * comm.size
    if comm.rank == 0:
        assert (out / "bond.csv").is_file()
        curve = np.genfromtxt(out / "peel_vs_thickness.csv", delimiter=",", names=True)
        k = int(np.argmax(curve["peel_strength_N_per_m"]))
        assert 0 < k < curve.size - 1  # the published rise and fall with arm thickness (Song et al. 2002)


def test_calibrate_then_predict(mpi_tmp_path, comm, capsys):
    """Runs made with a 'true' card stand for measurements; `thermobond calibrate` recovers its Γ_int
    from the estimated card, and a new recipe run with the calibrated card carries the uncertainty."""
    from thermobond.cli import main

    true_card = mpi_tmp_path / "true.toml"
    if comm.rank == 0:
        true_card.write_text((MATERIALS / "interface_cu_tpi.toml").read_text().replace('"150 J/m^2"', '"90 J/m^2"'))
    comm.barrier()
    peels = {}
    for name, fuse, hold in (("a", "280 degC", "5 min"), ("b", "320 degC", "10 min")):
        p = metallized_case(mpi_tmp_path / f"{name}.toml", fuse=fuse, hold=hold, interface_card=true_card, comm=comm)
        peels[name] = _run(p, mpi_tmp_path / f"run_{name}", comm)["adhesion"]["peel_strength_N_per_m"]
    meas = mpi_tmp_path / "peel.csv"
    if comm.rank == 0:
        meas.write_text("run,peel [N/m],scatter [%]\n" + "".join(f"run_{k},{v!r},5\n" for k, v in peels.items()))
    comm.barrier()
    calibrated = mpi_tmp_path / "cal.toml"
    assert (
        main(["calibrate", str(meas), "-o", str(calibrated), "--card", str(MATERIALS / "interface_cu_tpi.toml")]) == 0
    )
    from thermobond.materials.interfacecard import load_interface_card

    fitted = load_interface_card(calibrated)  # written by rank 0, read by all
    assert fitted.intrinsic_toughness == pytest.approx(90.0, rel=1e-3)
    assert fitted.calibration is not None and fitted.calibration.points == 2
    text = capsys.readouterr().out
    if comm.rank == 0:
        m = re.search(r"Γ_int = ([0-9.]+) J/m²", text)
        assert m and float(m.group(1)) == pytest.approx(90.0, rel=1e-3)
    p = metallized_case(mpi_tmp_path / "c.toml", fuse="300 degC", hold="5 min", interface_card=calibrated, comm=comm)
    s = _run(p, mpi_tmp_path / "run_c", comm)["adhesion"]
    assert s["interface_card_calibrated"]
    assert s["peel_strength_N_per_m_sigma"] is not None and s["peel_strength_N_per_m_sigma"] > 0
    assert s["effective_toughness_J_per_m2"] < 90.0
    # `check` of the solved case shows the adhesion verdicts from the run
    assert main(["check", str(p), "-o", str(mpi_tmp_path / "run_c")]) == 0
    out = capsys.readouterr().out
    if comm.rank == 0:
        assert "claims (from the run" in out and "002-14" in out and "calibrated" in out


def test_interface_case_bond_degree_follows_first_contact(mpi_tmp_path, comm):
    """On a partly filled surface, points bonded later develop less bond; unbonded points carry none."""
    text = (CASES / "interface_nodules.toml").read_text().replace('"materials/', f'"{CASES}/materials/')
    text = text.replace("fields = true", "fields = false").replace("[output]", "[output]\nplots = false")
    path = mpi_tmp_path / "nod.toml"
    if comm.rank == 0:
        path.write_text(text)
    comm.barrier()
    summary = _run(path, mpi_tmp_path / "nod", comm)
    s = {**summary["interface"], **summary["adhesion"]}
    assert 0.3 < s["bonded_fraction_final"] < 0.9
    # the files are read on every rank (they are complete once run_case returns), so a failed
    # assertion fails every rank together instead of leaving one rank waiting in the next test
    b = np.genfromtxt(mpi_tmp_path / "nod" / "bond.csv", delimiter=",", names=True)
    bonded = ~np.isnan(b["bonded_at_s"])
    assert np.all(b["bond_degree"][~bonded] == 0)
    d, tb = b["bond_degree"][bonded], b["bonded_at_s"][bonded]
    order = np.argsort(tb, kind="stable")
    assert np.all(np.diff(d[order]) <= 1e-12)  # later contact → less time to bond
    # Γ_eff counts the bonded part of the true surface, per projected length, at its bond degree
    prof = np.genfromtxt(mpi_tmp_path / "nod" / "surface_profile.csv", delimiter=",", names=True)
    ratio = np.sum(np.hypot(np.diff(prof["x_m"]), np.diff(prof["z_m"]))) / (prof["x_m"][-1] - prof["x_m"][0])
    upper = 150.0 * d.max() * s["bonded_fraction_true_area_final"] * ratio
    assert upper * 0.9 < s["effective_toughness_J_per_m2"] <= upper * 1.01
