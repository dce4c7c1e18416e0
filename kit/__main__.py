"""``python -m kit`` runs the workshop-kit command."""

from .cli import main

raise SystemExit(main())
