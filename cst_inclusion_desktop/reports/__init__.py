"""Board paper and annex layout: plain data in (domain.board_paper), PDF (ReportLab) or DOCX
(python-docx) out. Imports domain only."""
