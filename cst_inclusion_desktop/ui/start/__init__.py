"""Starting the app: the first-run welcome, opening and switching databases, interface
preferences. Uses services, domain and ui.widgets."""
