"""Build the executables for this platform: ``python packaging/build.py``.

Runs PyInstaller on ``packaging/cst-inclusion.spec`` and leaves a onedir bundle in
``dist/cst-inclusion/`` holding ``cst-inclusion`` (the app) and ``cst-inclusion-cli`` (the
console companion), then prints the bundle's size. Options:

    --self-test    run ``cst-inclusion-cli self-test`` on the result (exit 1 if it fails)
    --msi          Windows only: also build ``dist/cst-inclusion-VERSION-x64.msi`` with WiX 5.0.2
                   (``dotnet tool install --global wix --version 5.0.2``)
    --dist/--work  other output and scratch folders (the tests build into a temporary folder)

The bundle must stay under ``SIZE_LIMIT_MB`` (CI fails past it). It was 201 MB (10^6 bytes) on
Linux x86-64 when the limit was set, with PySide6 6.12, ReportLab 5.1 and Pillow 13; the limit
leaves about 15 % headroom, so a new dependency that adds tens of MB is a decision, not a drift.
The server driver (psycopg 3 with its binary part: libpq, its own OpenSSL, Kerberos and LDAP
client libraries, ~11 MB, plus Python's ssl it needs, ~6 MB) took it to 245 MB; stripping the
Linux libraries' debug info and symbol tables (the spec's ``STRIP``) brought it to 203 MB.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "cst-inclusion.spec"
WXS = ROOT / "packaging" / "windows" / "cst-inclusion.wxs"
BUNDLE_NAME = "cst-inclusion"
SIZE_LIMIT_MB = 230
WIX_VERSION = "5.0.2"
EXE_SUFFIX = ".exe" if os.name == "nt" else ""


def app_version() -> str:
    """``__version__`` read from the package source (one place), without importing it."""
    text = (ROOT / "cst_inclusion_desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise SystemExit("cannot find __version__ in cst_inclusion_desktop/__init__.py")
    return match.group(1)


def msi_version(version: str) -> str:
    """MSI ProductVersion is numeric major.minor.build: 1.2.0rc1 becomes 1.2.0."""
    numbers = re.findall(r"\d+", version)[:3]
    return ".".join(numbers + ["0"] * (3 - len(numbers)))


def bundle_size(folder: Path) -> int:
    """Bytes on disk; PyInstaller links Qt libraries on Linux, so links are not counted twice."""
    return sum(
        path.lstat().st_size
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


def build_bundle(dist: Path, work: Path) -> Path:
    """Run PyInstaller; return the bundle folder. Reuses ``work`` as a cache between builds."""
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    subprocess.run(command, cwd=ROOT, check=True)
    return dist / BUNDLE_NAME


def cli_executable(bundle: Path) -> Path:
    return bundle / f"cst-inclusion-cli{EXE_SUFFIX}"


def run_self_test(bundle: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(cli_executable(bundle)), "self-test"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
    )


def build_msi(bundle: Path, dist: Path) -> Path:
    """Windows: package the bundle as a per-machine MSI with the pinned WiX toolset."""
    wix = shutil.which("wix")
    if wix is None:
        raise SystemExit(f"wix not found: dotnet tool install --global wix --version {WIX_VERSION}")
    reported = subprocess.run([wix, "--version"], capture_output=True, text=True, check=True)
    if not reported.stdout.strip().startswith(WIX_VERSION):
        raise SystemExit(f"WiX {WIX_VERSION} is required (found {reported.stdout.strip()})")
    out = dist / f"{BUNDLE_NAME}-{app_version()}-x64.msi"
    command = [
        wix,
        "build",
        "-arch",
        "x64",
        "-d",
        f"Version={msi_version(app_version())}",
        "-d",
        f"RepoRoot={ROOT}",
        "-bindpath",
        f"App={bundle}",
        "-o",
        str(out),
        str(WXS),
    ]
    subprocess.run(command, cwd=ROOT, check=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--self-test", action="store_true", help="run the built self-test")
    parser.add_argument("--msi", action="store_true", help="Windows: also build the MSI")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    bundle = build_bundle(args.dist, args.work)
    size_mb = bundle_size(bundle) / 1_000_000
    print(f"built {bundle} in {time.perf_counter() - started:.0f} s: {size_mb:.0f} MB")
    if size_mb > SIZE_LIMIT_MB:
        print(f"the bundle is larger than the {SIZE_LIMIT_MB} MB limit in packaging/build.py")
        return 1
    if args.self_test:
        result = run_self_test(bundle)
        print((result.stdout + result.stderr).strip())
        if result.returncode != 0:
            return 1
    if args.msi:
        print(f"built {build_msi(bundle, args.dist)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
