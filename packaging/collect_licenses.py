"""Copy the third-party licence texts the packaged app must carry into ``resources/licenses/``.

The files are committed and bundled (Help ▸ About shows them). Run this after changing a
dependency: ``.venv/bin/python packaging/collect_licenses.py``. Licence texts come from the
installed packages' metadata; the LGPL/GPL texts for Qt come from the system's copies
(Debian's ``/usr/share/common-licenses``) because the PySide6 wheels do not ship them.
"""

from __future__ import annotations

import shutil
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "resources" / "licenses"
COMMON = Path("/usr/share/common-licenses")

# (file written, distribution, licence, what it is)
PACKAGES: tuple[tuple[str, str, str, str], ...] = (
    ("SQLAlchemy.txt", "SQLAlchemy", "MIT", "database toolkit"),
    ("Alembic.txt", "alembic", "MIT", "database migrations"),
    ("Mako.txt", "Mako", "MIT", "templates used by Alembic"),
    ("MarkupSafe.txt", "MarkupSafe", "BSD-3-Clause", "used by Mako"),
    ("ReportLab.txt", "reportlab", "BSD", "PDF reports"),
    ("Pillow.txt", "pillow", "MIT-CMU", "images in reports, used by ReportLab"),
    ("charset-normalizer.txt", "charset-normalizer", "MIT", "used by ReportLab"),
    ("platformdirs.txt", "platformdirs", "MIT", "standard folders"),
    ("openpyxl.txt", "openpyxl", "MIT", "Excel files"),
    ("et_xmlfile.txt", "et_xmlfile", "MIT", "used by openpyxl"),
    ("typing_extensions.txt", "typing_extensions", "PSF-2.0", "used by SQLAlchemy"),
    ("python-docx.txt", "python-docx", "MIT", "DOCX board papers"),
    ("lxml.txt", "lxml", "BSD-3-Clause", "XML for python-docx; bundles libxml2 and libxslt, MIT"),
    ("psycopg.txt", "psycopg", "LGPL-3.0", "PostgreSQL driver for server mode; see LGPL-3.0.txt"),
    (
        "psycopg-binary.txt",
        "psycopg-binary",
        "LGPL-3.0",
        "psycopg's compiled part; bundles libpq (PostgreSQL Licence) and OpenSSL (Apache-2.0)",
    ),
    (
        "cryptography.txt",
        "cryptography",
        "Apache-2.0 OR BSD-3-Clause",
        "school pack signatures and encryption; bundles OpenSSL, Apache-2.0",
    ),
    ("cffi.txt", "cffi", "MIT-0", "used by cryptography"),
)
# A choice of licences spread over several files: all of them, in this order.
SEVERAL_FILES = {"cryptography": ("LICENSE", "LICENSE.BSD", "LICENSE.APACHE")}


def licence_file(distribution: str) -> Path:
    dist = metadata.distribution(distribution)
    candidates = sorted(
        (entry for entry in dist.files or [] if ".dist-info" in str(entry)),
        key=lambda entry: entry.name.endswith(".python"),  # et_xmlfile: its own licence first
    )
    for entry in candidates:
        if entry.name.upper().startswith(("LICENSE", "LICENCE", "COPYING")):
            return Path(str(dist.locate_file(entry)))
    raise SystemExit(f"no licence file found in the metadata of {distribution}")


def main() -> int:
    TARGET.mkdir(parents=True, exist_ok=True)
    index = [
        "Third-party software in CST Inclusion Desktop",
        "=============================================",
        "",
        f"Qt 6 and PySide6 {metadata.version('PySide6-Essentials')} (the user interface) are used",
        "under the GNU Lesser General Public License v3: see LGPL-3.0.txt and GPL-3.0.txt.",
        "They are dynamically linked: the Qt and PySide6 libraries sit unmodified in the",
        "_internal folder and can be replaced with compatible builds. Their source code is at",
        "https://download.qt.io/official_releases/ and https://code.qt.io/.",
        "",
        "DejaVu fonts (in the reports): free licence (Bitstream Vera / Arev), see DejaVu.txt.",
        f"Python {sys.version.split()[0]} (the runtime): PSF License, see Python.txt.",
        "",
    ]
    shutil.copyfile(COMMON / "LGPL-3", TARGET / "LGPL-3.0.txt")
    shutil.copyfile(COMMON / "GPL-3", TARGET / "GPL-3.0.txt")
    shutil.copyfile(ROOT / "resources" / "fonts" / "DejaVu-LICENSE.txt", TARGET / "DejaVu.txt")
    shutil.copyfile(Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt", TARGET / "Python.txt")
    for file_name, distribution, licence, role in PACKAGES:
        if distribution in SEVERAL_FILES:
            folder = licence_file(distribution).parent
            texts = [
                (folder / name).read_text(encoding="utf-8") for name in SEVERAL_FILES[distribution]
            ]
            (TARGET / file_name).write_text("\n\n".join(texts), encoding="utf-8")
        else:
            shutil.copyfile(licence_file(distribution), TARGET / file_name)
        version = metadata.version(distribution)
        index.append(f"{distribution} {version} ({role}): {licence}, see {file_name}.")
    (TARGET / "README.txt").write_text("\n".join(index) + "\n", encoding="utf-8")
    print(f"wrote {len(list(TARGET.iterdir()))} files to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
