"""`python -m osloreg`: the command line (see osloreg/cli.py)."""

from osloreg.cli import main

raise SystemExit(main())
