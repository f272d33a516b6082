import sys

from cst_inclusion_desktop.cli import main

sys.exit(main())
