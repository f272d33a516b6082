"""Bundled resources (fonts, the default framework, icons, licence notices).

This folder is installed as the package ``cst_inclusion_desktop.resources`` (see setup.py), so
``importlib.resources`` finds it in a wheel, an editable install and the frozen bundle alike.
"""
