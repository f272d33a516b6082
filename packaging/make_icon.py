"""Draw the application icon with Qt (no image editor, no extra dependency) and save it as
``resources/icons/app.png`` (256 px) and ``resources/icons/app.ico`` (16-256 px, for Windows).

The files are committed; run this only to change the design:
``.venv/bin/python packaging/make_icon.py``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

ROOT = Path(__file__).resolve().parent.parent
ICON_DIR = ROOT / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# The five principles' colours, one petal each: a trust's schools around one shared centre.
PETALS = ("#1b6ca8", "#2e8b57", "#e0a100", "#c0392b", "#6c3483")


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 256, size / 256)
    tile = QPainterPath()
    tile.addRoundedRect(QRectF(8, 8, 240, 240), 44, 44)
    painter.fillPath(tile, QBrush(QColor("#f4f6fa")))
    painter.setPen(QPen(QColor("#1f2a44"), 8))
    painter.drawPath(tile)
    painter.setPen(Qt.PenStyle.NoPen)
    centre = QPointF(128, 128)
    for index, colour in enumerate(PETALS):
        painter.save()
        painter.translate(centre)
        painter.rotate(index * 72)
        painter.setBrush(QColor(colour))
        painter.drawEllipse(QRectF(-26, -98, 52, 74))
        painter.restore()
    painter.setBrush(QColor("#1f2a44"))
    painter.drawEllipse(centre, 30, 30)
    painter.setBrush(QColor("#ffffff"))
    painter.drawEllipse(centre, 12, 12)
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    ICON_DIR.mkdir(parents=True, exist_ok=True)
    png = ICON_DIR / "app.png"
    if not draw(256).save(str(png), "PNG"):
        print(f"could not write {png}", file=sys.stderr)
        return 1
    ico = ICON_DIR / "app.ico"
    # One ICO holding every size, so Explorer and the Start menu never scale a 256 px image down.
    ico.write_bytes(_ico_bytes([draw(size) for size in ICO_SIZES]))
    print(f"wrote {png} and {ico}")
    app.quit()
    return 0


def _ico_bytes(images: list[QImage]) -> bytes:
    """An ICO file whose entries are PNG streams (supported by Windows since Vista)."""
    blobs: list[bytes] = []
    for image in images:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        blobs.append(bytes(data.data()))
    header = (
        (0).to_bytes(2, "little") + (1).to_bytes(2, "little") + len(images).to_bytes(2, "little")
    )
    offset = 6 + 16 * len(images)
    entries = b""
    for image, blob in zip(images, blobs, strict=True):
        side = image.width() % 256  # 0 means 256 in the ICO directory
        entries += bytes([side, side, 0, 0]) + (1).to_bytes(2, "little")
        entries += (32).to_bytes(2, "little") + len(blob).to_bytes(4, "little")
        entries += offset.to_bytes(4, "little")
        offset += len(blob)
    return header + entries + b"".join(blobs)


if __name__ == "__main__":
    sys.exit(main())
