#!/usr/bin/env python3
"""Set up and run CST Inclusion Desktop from a clone, with nothing but Python 3.11+.

    python3 dev.py app     # create .venv, install, open the app on the default database
    python3 dev.py test    # create .venv, install, run ruff, import-linter, mypy and all tests

The tests run against SQLite and against a throwaway PostgreSQL cluster (tests/postgres_cluster.py)
started here on a loopback port and stopped afterwards, whatever happens; PostgreSQL is
installed from Debian's packages when missing (as root). Outside CI, with no PostgreSQL, the
server tests skip; under CI=true they fail.

Anything after the command is passed on (``python3 dev.py test -k school``,
``python3 dev.py app --db trust.db``). Set-up is skipped when pyproject.toml is unchanged.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"
PYTEST_NO_TESTS = 5
# System packages the tests need on Linux: Xvfb and the xcb libraries Qt's real X11 backend
# loads (the packaged app's self-test runs under Xvfb), poppler's pdftoppm for PDF pages, and
# binutils' objdump, which PyInstaller uses to inspect libraries, and LibreOffice Writer
# (headless) to prove the board paper's DOCX opens and converts cleanly.
TEST_SYSTEM_PACKAGES = (
    "xvfb",
    "xauth",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "poppler-utils",
    "binutils",
    "libreoffice-writer-nogui",
)


LINT_IMPORTS = [
    "-c",
    "import sys; from importlinter.cli import lint_imports_command as run; sys.exit(run())",
    "--no-cache",
]
# Static checks before the tests: layout, lint, the layer contracts in pyproject.toml, types.
CHECKS = (
    (["-m", "ruff", "check", "."], "fix the lint errors listed above"),
    (["-m", "ruff", "format", "--check", "."], "run `.venv/bin/python -m ruff format .`"),
    (LINT_IMPORTS, "an import breaks a layer contract (pyproject.toml)"),
    (["-m", "mypy"], "fix the type errors listed above (mypy --strict, see pyproject.toml)"),
)


def ensure_environment() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be run by an older Python
        sys.exit(f"Python 3.11 or newer is needed (this is {sys.version.split()[0]}).")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    print("Installing CST Inclusion Desktop and its test tools into .venv ...", flush=True)
    run(
        [
            str(PYTHON),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-e",
            f"{ROOT}[dev]",
        ]
    )
    STAMP.write_text(wanted)


def run(command: list[str], env: dict[str, str] | None = None) -> int:
    result = subprocess.run(command, cwd=ROOT, env=env)
    if result.returncode != 0 and command[1:3] == ["-m", "pip"]:
        sys.exit(f"Set-up failed (exit {result.returncode}): {' '.join(command)}")
    return result.returncode


def ensure_system_packages() -> None:
    """On Linux as root with apt-get, install the missing TEST_SYSTEM_PACKAGES (logged)."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or not shutil.which("apt-get"):
        return
    missing = [name for name in TEST_SYSTEM_PACKAGES if not _deb_installed(name)]
    if not missing:
        return
    print(f"Installing system packages for the tests: {' '.join(missing)} ...", flush=True)
    quiet = {
        "stdout": subprocess.DEVNULL,
        "env": dict(os.environ, DEBIAN_FRONTEND="noninteractive"),
    }
    subprocess.run(["apt-get", "update", "-qq"], check=False, **quiet)
    result = subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        check=False,
        **quiet,
    )
    if result.returncode != 0:
        print(f"apt-get install failed (exit {result.returncode}); tests needing them will skip")


def _deb_installed(name: str) -> bool:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() == "install ok installed"


def test(extra: list[str]) -> int:
    ensure_system_packages()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    for step, hint in CHECKS:
        code = run([str(PYTHON), *step], env)
        if code:
            print(f"{step[1] if step is not LINT_IMPORTS else 'import-linter'} failed: {hint}")
            return code
    from tests.postgres_cluster import ADMIN_URL_VARIABLE, ClusterUnavailable, running_cluster

    try:
        with running_cluster() as admin_url:
            print("PostgreSQL test cluster started on a loopback port", flush=True)
            return run_pytest(extra, dict(env, **{ADMIN_URL_VARIABLE: admin_url}))
    except ClusterUnavailable as error:
        if os.environ.get("CI") == "true":
            print(f"PostgreSQL is needed under CI: {error}")
            return 1
        print(f"PostgreSQL unavailable ({error}): the server tests will skip")
        return run_pytest(extra, env)


def run_pytest(extra: list[str], env: dict[str, str]) -> int:
    code = run([str(PYTHON), "-m", "pytest", *extra], env)
    if code == PYTEST_NO_TESTS:
        print("pytest collected no tests: treating that as a failure")
        return 1
    return code


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"app", "test"}:
        print(__doc__)
        return 2
    ensure_environment()
    if argv[0] == "test":
        return test(argv[1:])
    return run([str(PYTHON), "-m", "cst_inclusion_desktop", *argv[1:]])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
