"""`python -m catalog.cli`: the same as the `catalog` command."""

from catalog.cli import run

run()
