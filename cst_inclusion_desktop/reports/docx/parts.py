"""The bits of WordprocessingML python-docx has no API for: repeated header rows, cell
shading, alt text on pictures, the document language and page-number fields."""

from __future__ import annotations

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shape import InlineShape
from docx.shared import Length
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

LANGUAGE = "en-GB"


def repeat_as_header(row: _Row) -> None:
    """Mark ``row`` as a header row: Word and LibreOffice repeat it on every page."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def set_column_widths(table: Table, widths: list[Length]) -> None:
    """Fixed column widths: the grid and every cell (Word reads one, LibreOffice the other)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    twips = [str(int(width.twips)) for width in widths]
    for row in table._tbl.tr_lst:
        for cell, value in zip(row.tc_lst, twips, strict=False):
            properties = cell.get_or_add_tcPr()
            cell_width = properties.get_or_add_tcW()
            cell_width.set(qn("w:type"), "dxa")
            cell_width.set(qn("w:w"), value)


def shade(cell: _Cell, hex_colour: str) -> None:
    """Fill ``cell`` with ``hex_colour`` ("E57373")."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_colour)
    cell._tc.get_or_add_tcPr().append(shading)


def set_alt_text(picture: InlineShape, title: str, description: str) -> None:
    """The picture's alt text (``descr``), read out by screen readers."""
    properties = picture._inline.docPr
    properties.set("title", title)
    properties.set("descr", description)


def set_language(document: Document) -> None:
    """en-GB for the document's metadata and every run's default (spelling, screen readers)."""
    document.core_properties.language = LANGUAGE
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), LANGUAGE)


def add_field(paragraph: Paragraph, instruction: str) -> None:
    """A field (PAGE, NUMPAGES) that the word processor fills in."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1")):
        if kind:
            character = OxmlElement("w:fldChar")
            character.set(qn("w:fldCharType"), kind)
            run._r.append(character)
        elif text == instruction:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {instruction} "
            run._r.append(code)
        else:
            shown = OxmlElement("w:t")
            shown.text = text
            run._r.append(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)
