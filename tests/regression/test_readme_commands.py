"""Every command the README shows, typed as a new user types it: a fresh process in a folder holding a
copy of ``cases/``, relative paths as written in the README.

The quickstart block is read from README.md, so a command added there without a test here (or a
named test elsewhere) fails :func:`test_every_quickstart_command_is_covered`. The long ones are
covered by the regression tests named in :data:`ELSEWHERE`.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

#: README commands run by other tests (too long for this module), and where
FLAGSHIP_TESTS = "regression/test_flagship.py::test_flagship_cli_run, test_mpi_run_matches_serial"
STUDY_TESTS = "regression/test_studies.py (local, resume, SLURM, report; a smaller study)"
ELSEWHERE = {
    "thermobond run cases/flagship_single_sided.toml": FLAGSHIP_TESTS,
    "mpiexec -n 2 thermobond run cases/flagship_single_sided.toml": FLAGSHIP_TESTS,
    "thermobond study cases/studies/process_window.toml": STUDY_TESTS,
    "thermobond report results/process_window": STUDY_TESTS,
}
#: README commands run here
ADHESION = "test_metallized_run_check_and_calibrate"
HERE = {
    "thermobond check cases/flagship_single_sided.toml": "test_check_describes_the_flagship",
    "thermobond run cases/metallized_fusion.toml": ADHESION,
    "thermobond check cases/metallized_fusion.toml": ADHESION,
    "thermobond calibrate cases/peel.csv -o cases/materials/my_interface.toml": ADHESION,
    "thermobond mesh cases/flagship_single_sided.toml": "test_mesh_writes_its_files",
    "thermobond info": "test_info_reports_the_versions",
}


def _quickstart() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split("## Quickstart", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = []
    for line in block.splitlines():
        cmd = line.split("#", 1)[0].strip()
        if cmd.startswith(("thermobond", "mpiexec")):
            commands.append(re.sub(r"\s+", " ", cmd))
    return commands


def _serial_only() -> None:
    from mpi4py import MPI

    if MPI.COMM_WORLD.size > 1:
        pytest.skip("starts its own processes: run in the serial session")


def _thermobond(cwd: Path, command: str, timeout: float = 120.0) -> subprocess.CompletedProcess[str]:
    """``command`` as typed (``thermobond ...``) in a fresh process, the venv's scripts first."""
    argv = shlex.split(command)
    argv[0] = str(BIN / argv[0])
    r = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert "Traceback" not in r.stderr, r.stderr
    return r


@pytest.fixture
def user_folder(tmp_path: Path) -> Path:
    """A folder with a copy of the bundled cases, as after a checkout (results go here, not the repo)."""
    _serial_only()
    shutil.copytree(REPO / "cases", tmp_path / "cases")
    shutil.copytree(REPO / "meshes" / "profiles", tmp_path / "meshes" / "profiles")
    return tmp_path


def test_every_quickstart_command_is_covered() -> None:
    commands = _quickstart()
    assert len(commands) >= 10
    uncovered = [c for c in commands if c not in HERE and c not in ELSEWHERE]
    assert not uncovered, f"README commands without a test: {uncovered}"


def test_info_reports_the_versions(user_folder: Path) -> None:
    """DOLFINx and PETSc are found from a fresh shell (mpi4py is loaded before DOLFINx)."""
    import dolfinx
    from petsc4py import PETSc

    r = _thermobond(user_folder, "thermobond info")
    assert r.returncode == 0, r.stderr
    petsc = ".".join(str(v) for v in PETSc.Sys.getVersion())
    assert f"DOLFINx {dolfinx.__version__}" in r.stdout and f"PETSc {petsc}" in r.stdout, r.stdout
    assert "not available" not in r.stdout


def test_mesh_writes_its_files(user_folder: Path) -> None:
    r = _thermobond(user_folder, "thermobond mesh cases/flagship_single_sided.toml")
    assert r.returncode == 0, r.stderr
    out = user_folder / "results" / "flagship_single_sided" / "mesh"
    assert "<Topology" in (out / "mesh.xdmf").read_text()
    assert (out / "mesh.h5").stat().st_size > 10_000 and (out / "mesh.png").stat().st_size > 10_000
    # every layer of the case is a named region of the mesh
    assert all(name in r.stdout for name in ("cu", "tpi", "pi", "cu/tpi", "tpi/pi"))


def test_check_describes_the_flagship(user_folder: Path) -> None:
    r = _thermobond(user_folder, "thermobond check cases/flagship_single_sided.toml")
    assert r.returncode == 0, r.stderr
    # the cycle as the case states it: 250 → 25 °C at 5 K/min = 2700 s
    assert "valid (schema version 1)" in r.stdout and "cycle: 2700 s" in r.stdout, r.stdout
    assert "claims (recipe only" in r.stdout


@pytest.mark.slow  # ~30 s: a full fit (the in-process fit is tested in unit/test_dma_fit.py)
def test_material_fit_and_check_of_the_bundled_dma(user_folder: Path) -> None:
    """`material fit` of the bundled DMA (synthetic, from tpi_reference.toml with 2 % noise) gives a
    card whose E′ at 1 Hz falls through 1e6 Pa where the card the data came from does."""
    card = "cases/materials/my_tpi.toml"
    r = _thermobond(user_folder, f"thermobond material fit cases/dma/tpi_reference_dma.csv -o {card}")
    assert r.returncode == 0, r.stderr
    assert (user_folder / "cases" / "materials" / "my_tpi_fit.png").stat().st_size > 10_000
    fitted = _thermobond(user_folder, f"thermobond material check {card} --json")
    source = _thermobond(user_folder, "thermobond material check cases/materials/tpi_reference.toml --json")
    assert fitted.returncode == source.returncode == 0, fitted.stderr + source.stderr
    a, b = json.loads(fitted.stdout), json.loads(source.stdout)
    assert a["crossing_temperature_degC"] == pytest.approx(b["crossing_temperature_degC"], abs=2.0)


COMMANDS = ["run", "check", "mesh", "info", "material fit", "material check", "study", "collect", "report", "calibrate"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_of_every_command(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    from thermobond.cli import main

    with pytest.raises(SystemExit) as exit_:
        main([*command.split(), "--help"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: thermobond {command}")


def test_calibrate_help_from_a_fresh_process(user_folder: Path) -> None:
    r = _thermobond(user_folder, "thermobond calibrate --help", timeout=60)
    assert r.returncode == 0 and "scatter [%]" in r.stdout, r.stderr


def test_metallized_run_check_and_calibrate(user_folder: Path) -> None:
    """The README's adhesion path: run the metallized case, check its claims from the run, then
    calibrate the interface card on the bundled example peel file, which names that run."""
    r = _thermobond(user_folder, "thermobond run cases/metallized_fusion.toml", timeout=600)
    assert r.returncode == 0, r.stderr
    assert (user_folder / "results" / "metallized_fusion" / "summary.json").is_file()
    r = _thermobond(user_folder, "thermobond check cases/metallized_fusion.toml")
    assert r.returncode == 0 and "claims (from the run in" in r.stdout, r.stdout + r.stderr
    r = _thermobond(user_folder, "thermobond calibrate cases/peel.csv -o cases/materials/my_interface.toml")
    assert r.returncode == 0, r.stderr
    from thermobond.materials.interfacecard import load_interface_card

    card = load_interface_card(user_folder / "cases" / "materials" / "my_interface.toml")
    assert card.calibration is not None and card.calibration.points == 3
    # the example's three peel values are consistent with one toughness: the fit reproduces them
    # within their stated 10 % scatter
    assert card.calibration.rms_log_error < 0.10
