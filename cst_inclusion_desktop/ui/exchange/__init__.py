"""Exchange wizards: spreadsheet import and export, school packs. Uses services, domain and
ui.widgets."""
