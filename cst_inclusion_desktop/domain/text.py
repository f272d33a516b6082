"""One text-cleaning rule for every text field from every source, and one way to print text.

Text arrives from the command line, the GUI, spreadsheets, framework files and school packs;
all of it passes ``clean_unicode`` (through ``validation.clean_text``), so a title typed in the
app and a title carried in a pack obey the same rule. ``printable`` is the other side: what the
command line prints can never drive the terminal (escape sequences) or reorder what is shown
(bidi overrides such as ``gpj.exe`` disguised by U+202E).
"""

from __future__ import annotations

import unicodedata

from cst_inclusion_desktop.domain.errors import ValidationError

LINE_BREAKS = frozenset("\n\r")
MULTI_LINE_ALLOWED = frozenset("\t\n\r")
# Unicode's line and paragraph separators break a line in Qt, PDFs and some terminals without
# being a control character: a one-line field refuses them, and printing escapes them.
UNICODE_LINE_BREAKS = frozenset("\u2028\u2029")
# Bidi embeddings, overrides and isolates reorder how text is shown: refused everywhere.
BIDI_CONTROLS = frozenset(chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
FILE_NAME_MAX = 255


def is_control(char: str) -> bool:
    """C0, DEL and C1 control characters (NUL, ESC, BEL, CSI …)."""
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F


def _refused(char: str, multi_line: bool) -> str | None:
    """Why ``char`` cannot be stored, or None when it can."""
    if is_control(char) and not (multi_line and char in MULTI_LINE_ALLOWED):
        if char in MULTI_LINE_ALLOWED:
            return f"text on one line (found control character U+{ord(char):04X})"
        return f"printable text (found control character U+{ord(char):04X})"
    if char in UNICODE_LINE_BREAKS and not multi_line:
        return f"text on one line (found line separator U+{ord(char):04X})"
    if char in BIDI_CONTROLS:
        return f"text without bidirectional controls (found U+{ord(char):04X})"
    if 0xD800 <= ord(char) <= 0xDFFF:
        return "valid Unicode text (found an unpaired surrogate)"
    return None


def clean_unicode(text: str, field: str, *, multi_line: bool = True) -> str:
    """NFC-normalised ``text``, or ValidationError naming the first character refused."""
    for char in text:
        reason = _refused(char, multi_line)
        if reason is not None:
            raise ValidationError(field, printable(text), reason)
    return unicodedata.normalize("NFC", text)


def safe_file_name(name: str, field: str = "file") -> str:
    """The base name of ``name``: no folders of either OS, no controls, never '.' or '..'.

    The one rule for every stored file name (``evidence add`` and school packs), so a name can
    always be joined to a folder without leaving it.
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    # Control and bidi characters would break reports and disguise extensions: show "_".
    base = "".join(char if _is_plain(char) else "_" for char in base)
    base = unicodedata.normalize("NFC", base)
    if not base or base in {".", ".."}:
        raise ValidationError(field, printable(name), "a file with a name")
    if len(base) > FILE_NAME_MAX:
        raise ValidationError(
            field, printable(name), f"a file name of at most {FILE_NAME_MAX} characters"
        )
    return base


def printable(text: str, *, keep_line_breaks: bool = False) -> str:
    r"""``text`` safe for a terminal: controls, bidi controls and surrogates shown as \uXXXX.

    The escape is JSON's own, so printed JSON stays valid JSON.
    """
    return "".join(
        char
        if (keep_line_breaks and char in MULTI_LINE_ALLOWED) or _is_plain(char)
        else f"\\u{ord(char):04x}"
        for char in text
    )


def _is_plain(char: str) -> bool:
    return not (
        is_control(char)
        or char in BIDI_CONTROLS
        or char in UNICODE_LINE_BREAKS
        or 0xD800 <= ord(char) <= 0xDFFF
    )
