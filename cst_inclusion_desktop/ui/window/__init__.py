"""The main window and its parts: school list, filters, actions table, detail pane, menus, the
menu extensions' entries (their dialogs imported on first use) and the record dialogs' openers.
Uses services, domain and the other ui packages."""
