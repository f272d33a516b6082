"""Safety dialogs: backup and restore, recovery before opening, the start-up backup, the Qt
part of the self-test. Uses services, domain and ui.widgets."""
