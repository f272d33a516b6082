"""The editable, accessible DOCX of the board paper and the annex (python-docx)."""

from cst_inclusion_desktop.reports.docx.writer import write_docx

__all__ = ["write_docx"]
