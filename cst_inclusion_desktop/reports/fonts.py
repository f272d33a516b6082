"""The bundled DejaVu fonts, registered once and made the default everywhere.

ReportLab falls back to base-14 Helvetica (no ŵ, ŷ or curly quotes, and not embedded) in three
places: paragraph styles, the canvas's initial font and ``reportlab.graphics`` shapes. All three
are pointed at DejaVu here so nothing sneaks in.
"""

from __future__ import annotations

from reportlab import rl_config
from reportlab.graphics import shapes
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from cst_inclusion_desktop import paths

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


def register_fonts() -> None:
    """Idempotent: register the TTFs and make them ReportLab's defaults."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, file_name in _FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(paths.resource("fonts", file_name))))
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
    )
    shapes.STATE_DEFAULTS["fontName"] = REGULAR
    rl_config.canvas_basefontname = REGULAR
