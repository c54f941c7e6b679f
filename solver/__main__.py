"""``python -m thermobond`` runs the command line."""

from .cli import main

raise SystemExit(main())
