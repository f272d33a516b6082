"""Server mode's commands: ``server setup|upgrade|import`` and ``users …``."""
