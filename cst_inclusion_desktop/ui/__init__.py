"""PySide6 widgets, dialogs, item models and workers. Imports services and domain only."""
