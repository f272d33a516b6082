"""Help: the About dialog. Uses services, domain and ui.widgets."""
