"""Reporting views: the board report dialog and the trust overview. Uses services, domain and
ui.widgets."""
