"""`python -m app` is the `knotty` command."""

from app.cli import main

raise SystemExit(main())
