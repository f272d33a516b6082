"""A plain ``pip install .`` is a working program: the wheel carries every resource.

The wheel is built from this checkout and installed, without its dependencies, into a fresh
virtual environment that borrows the test environment's installed libraries through a ``.pth``
file (so the test needs no network). The program then runs from an unrelated folder, where
nothing of the checkout is on the path.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = "Scripts" if os.name == "nt" else "bin"


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{command}: {result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fresh environment's folder, with the wheel of this checkout installed in it."""
    work = tmp_path_factory.mktemp("wheel")
    wheels = work / "wheels"
    run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        work,
    )
    environment = work / "venv"
    venv.EnvBuilder(with_pip=True).create(environment)
    python = environment / BIN / ("python.exe" if os.name == "nt" else "python")
    site = Path(
        run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], work
        ).strip()
    )
    # The libraries only (PySide6, SQLAlchemy …), never the checkout: the editable install's
    # finder in that folder is a .pth of its own, which a .pth-added folder does not run.
    (site / "borrowed-libraries.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheel = next(wheels.glob("cst_inclusion_desktop-*.whl"))
    run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], work)
    return environment


def test_the_installed_program_initialises_reports_and_self_tests(
    installed: Path, tmp_path: Path
) -> None:
    program = str(installed / BIN / "cst-inclusion")
    elsewhere = tmp_path / "somewhere-else"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("CST_")}
    env.update(CST_INCLUSION_HOME=str(tmp_path / "home"), PYTHONPATH="")
    database = str(tmp_path / "trust.db")
    located = run(
        [
            str(installed / BIN / "python"),
            "-c",
            "import cst_inclusion_desktop as p; print(p.__file__)",
        ],
        elsewhere,
        env,
    )
    assert Path(located.strip()).is_relative_to(installed), "the wheel, not the checkout, ran"
    run([program, "--db", database, "init", "--trust-name", "Wheel Trust"], elsewhere, env)
    principles = run([program, "--db", database, "principles", "list"], elsewhere, env)
    assert "Knowing children well" in principles
    criteria = run([program, "--db", database, "criteria", "list"], elsewhere, env)
    assert "IC3" in criteria and "School inspection toolkit" in criteria
    pdf = tmp_path / "board.pdf"
    run([program, "--db", database, "report", "board", "--out", str(pdf)], elsewhere, env)
    assert pdf.read_bytes().startswith(b"%PDF")
    outcome = run([program, "self-test", "--no-qt"], elsewhere, env)
    assert outcome.lower().startswith("self-test ok: database, migration"), outcome
