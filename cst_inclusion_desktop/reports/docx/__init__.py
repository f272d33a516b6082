"""The editable, accessible DOCX of the board paper, the annex and the inspection summary
(python-docx)."""

from cst_inclusion_desktop.reports.docx.writer import write_docx, write_docx_with

__all__ = ["write_docx", "write_docx_with"]
