"""Build the packaged executables with PyInstaller and run their self-test, on every CI run.

The bundle is built once per test session into a temporary folder (PyInstaller's work folder
is kept in ``build/pyinstaller-tests`` as a cache), then the console companion's
``self-test`` runs offscreen and, when Xvfb is installed (``dev.py test`` installs it on
Linux), on a real X server with Qt's xcb backend. The bundle must stay under the size limit
documented in ``packaging/build.py``.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from cst_inclusion_desktop import APP_NAME, __version__

ROOT = Path(__file__).resolve().parent.parent
STEPS = (
    r"database, migration, action, evidence, report \(\d+ pages?\), "
    r"server driver \(psycopg 3\.[\d.]+ \(binary\), libpq \d+\.\d+\), window \(\d+\.\d s\)"
)


def load_build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("packaging_build", ROOT / "packaging/build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = load_build_script()


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    return build.build_bundle(dist, ROOT / "build" / "pyinstaller-tests")


def app_env(home: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CST_")}
    env.update(CST_INCLUSION_HOME=str(home), **extra)
    return env


def test_bundle_has_both_executables_data_and_no_unused_qt(bundle: Path) -> None:
    suffix = ".exe" if sys.platform == "win32" else ""
    assert (bundle / f"cst-inclusion{suffix}").is_file()
    assert (bundle / f"cst-inclusion-cli{suffix}").is_file()
    internal = bundle / "_internal"
    resources = internal / "cst_inclusion_desktop" / "resources"
    assert (resources / "licenses" / "LGPL-3.0.txt").is_file()
    assert (resources / "fonts" / "DejaVuSans.ttf").is_file()
    assert (resources / "icons" / "app.png").is_file()
    assert (resources / "criteria" / "ofsted-inclusion-2025.json").is_file()
    versions = internal / "cst_inclusion_desktop" / "store" / "migrations" / "versions"
    assert sorted(path.name for path in versions.glob("0001_*.py"))
    assert list(internal.glob("_rl_accel*")), "ReportLab's C accelerator is missing"
    unwanted = re.compile(r"Qt6(Qml|Quick|Pdf|3D|Multimedia|WebEngine)|^translations$|^qml$")
    assert [path.name for path in internal.rglob("*") if unwanted.search(path.name)] == []


def test_bundle_stays_under_the_documented_size(bundle: Path) -> None:
    size_mb = build.bundle_size(bundle) / 1_000_000
    print(f"bundle size: {size_mb:.0f} MB (limit {build.SIZE_LIMIT_MB} MB)")
    assert size_mb <= build.SIZE_LIMIT_MB


def test_frozen_version_comes_from_the_package(bundle: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(build.cli_executable(bundle)), "--version"],
        capture_output=True,
        text=True,
        env=app_env(tmp_path),
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{APP_NAME} {__version__}"


def test_frozen_self_test_offscreen(bundle: Path, tmp_path: Path) -> None:
    result = build.run_self_test(bundle, app_env(tmp_path, QT_QPA_PLATFORM="offscreen"))
    print(result.stdout, result.stderr)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.fullmatch(rf"self-test ok: qt \(offscreen\), {STEPS}\n", result.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Xvfb is Linux only")
def test_frozen_self_test_on_a_real_x_server(bundle: Path, tmp_path: Path) -> None:
    xvfb_run = shutil.which("xvfb-run")
    if xvfb_run is None:
        pytest.skip("xvfb-run is not installed (python3 dev.py test installs it as root)")
    env = app_env(tmp_path, QT_QPA_PLATFORM="xcb")
    result = subprocess.run(
        [xvfb_run, "-a", str(build.cli_executable(bundle)), "self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    print(result.stdout, result.stderr)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.fullmatch(rf"self-test ok: qt \(xcb\), {STEPS}\n", result.stdout)


def test_installer_and_build_take_the_version_from_the_package() -> None:
    assert build.app_version() == __version__
    assert build.msi_version("1.2.0rc1") == "1.2.0"
    assert build.msi_version("2") == "2.0.0"


def test_msi_writes_only_config_keys_the_app_reads() -> None:
    """The contract between packaging/windows/cst-inclusion.wxs and config.py."""
    from xml.etree import ElementTree

    from cst_inclusion_desktop import APP_SLUG
    from cst_inclusion_desktop.config import option_keys

    ns = {"w": "http://wixtoolset.org/schemas/v4/wxs"}
    root = ElementTree.parse(ROOT / "packaging" / "windows" / "cst-inclusion.wxs").getroot()
    package = root.find("w:Package", ns)
    assert package is not None and package.get("Scope") == "perMachine"
    assert package.get("Version") == "$(var.Version)"
    assert re.fullmatch(
        r"[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}", package.get("UpgradeCode", "")
    )
    assert package.find("w:MajorUpgrade", ns) is not None
    site = root.find(".//w:StandardDirectory[@Id='CommonAppDataFolder']/w:Directory", ns)
    assert site is not None and site.get("Name") == APP_SLUG
    entries = root.findall(".//w:IniFile", ns)
    written = {entry.get("Key"): entry.get("Value") for entry in entries}
    assert written == {
        "database": "'[DBPATH]'",
        "trust_name": "'[TRUSTNAME]'",
        "backup_dir": "'[BACKUPDIR]'",
    }
    assert set(written) <= set(option_keys())
    for entry in entries:
        assert (entry.get("Name"), entry.get("Section")) == ("config.toml", "cst-inclusion")
        assert entry.get("Directory") == site.get("Id")
    secure = {p.get("Id") for p in root.findall("w:Package/w:Property[@Secure='yes']", ns)}
    assert {"DBPATH", "TRUSTNAME", "BACKUPDIR"} <= secure
