"""``python -m thermobond`` runs the command line."""

from .cli import entry

raise SystemExit(entry())
