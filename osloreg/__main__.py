"""`python -m osloreg`: the command line (see osloreg/cli/)."""

from osloreg.cli import main

raise SystemExit(main())
