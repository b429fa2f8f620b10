"""`python -m knotty` is the `knotty` command."""

from knotty.cli import main

raise SystemExit(main())
