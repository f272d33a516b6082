"""The main window and its parts: school list, filters, actions table, detail pane, menus and
the menu-extension list. Uses services, domain and the other ui packages."""
