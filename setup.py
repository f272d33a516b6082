"""Packages for setuptools; everything else is in pyproject.toml.

The top-level ``resources/`` folder is installed as ``cst_inclusion_desktop.resources``, so the
files travel inside the package and are found with ``importlib.resources`` in every install.
"""

from setuptools import find_packages, setup

RESOURCES = "cst_inclusion_desktop.resources"

setup(
    packages=[
        *find_packages(include=["cst_inclusion_desktop", "cst_inclusion_desktop.*"]),
        RESOURCES,
    ],
    package_dir={RESOURCES: "resources"},
)
