"""Record dialogs: action editor, evidence, review, schools, framework and settings.
Uses services, domain and ui.widgets."""
