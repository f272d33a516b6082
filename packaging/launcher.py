"""Entry script for the frozen executables: the same ``main`` as ``python -m
cst_inclusion_desktop`` (no arguments opens the app; a command runs it)."""

import sys

from cst_inclusion_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
