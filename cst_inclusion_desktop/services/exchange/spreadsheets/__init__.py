"""Spreadsheets: reading CSV and XLSX defensively (one encoding per file, bounded workbooks),
checking every row like the CLI and GUI, importing all or nothing, and exporting with formulas
neutralised. Uses services.records, services.safety, store and domain."""
