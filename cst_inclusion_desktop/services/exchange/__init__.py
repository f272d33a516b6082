"""Exchange: getting records in and out — spreadsheet import and export, and school packs.
Uses services.records, services.safety, store and domain."""
