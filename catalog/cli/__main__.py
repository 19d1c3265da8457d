"""`python -m catalog.cli`: the same as the `catalog` command."""

import sys

from catalog.cli import main

sys.exit(main())
