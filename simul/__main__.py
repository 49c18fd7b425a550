"""`python -m simul`: the same as the `simul` command."""

import sys

from simul.cli import main

sys.exit(main())
