"""`python -m opendias.cli ...`: the `opendias` command."""

import sys

from opendias.cli import main

sys.exit(main())
