"""Board report layout with ReportLab: plain data in, PDF out. Imports domain only."""
