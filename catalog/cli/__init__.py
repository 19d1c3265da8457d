"""The `catalog` command: a Click group of thin commands that parse, call a library function, print.

Each command family is one module (validate.py, browse.py, costs.py, data.py, site.py) and
one line of `COMMANDS` below; a command's module is imported only when that command runs or
is listed (`--help`, completion), so `catalog show` never loads the site or the smoke runner.
Exit codes: 0 ok, 1 invalid data or a failed check, 2 usage error; `main` returns the code
rather than exiting, so tests can call it:

    $ catalog validate --data data --format github
    ::error file=data/models/acme/x.yaml,line=7,col=3,title=schema.unknown-key::unknown key ...
    >>> main(["show", "openai/gpt-4o-mini"])
    0
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from catalog.cli.common import InvalidDataError, UsageError, os_error_text


class CatalogGroup(click.Group):
    """The root group: a command's return value is its exit code, and the errors the library
    raises become one line on stderr with the project's exit codes, under `main` and under
    Click's test runner alike. Commands are found in `COMMANDS` and imported when asked for."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            code = super().invoke(ctx)
        except click.exceptions.Exit:
            raise
        except click.ClickException:
            raise
        except BrokenPipeError:  # `catalog list | head` is fine
            ctx.exit(0)
        except Exception as error:
            code = _exit_code(error)
            if code is None:
                raise
            print(f"catalog: error: {error}" if code == 2 else f"catalog: {_error_text(error)}", file=sys.stderr)
            ctx.exit(code)
        if code:
            ctx.exit(code)
        return 0

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)  # the order of COMMANDS, not alphabetical

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, function = COMMANDS[cmd_name].split(":")
        return getattr(importlib.import_module(f"catalog.cli.{module}"), function)


def _exit_code(error: Exception) -> int | None:
    """2 for a mistake on the command line, 1 for data that cannot answer the command or a file
    that cannot be read or written; None for a bug, which keeps its traceback."""
    from catalog import pricing
    from catalog.workloads import UnknownWorkloadError, WorkloadError

    if isinstance(error, (UsageError, pricing.UsageError, pricing.EstimateError, UnknownWorkloadError)):
        return 2
    if isinstance(error, (InvalidDataError, WorkloadError, OSError)):
        return 1
    return None


def _error_text(error: Exception) -> str:
    # The last line of defence for OSError: one line naming the file, never a traceback.
    # Commands that can name the file better catch it themselves.
    return os_error_text(error) if isinstance(error, OSError) else str(error)


@click.group("catalog", cls=CatalogGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="model-catalog", prog_name="catalog")
def cli() -> None:
    """Validate, price and publish a catalog of AI models."""


COMMANDS = {
    "validate": "validate:validate",
    "schema": "validate:schema",
    "list": "browse:list_models",
    "show": "browse:show",
    "build": "site:build",
    "serve": "site:serve",
    "estimate": "costs:estimate",
    "cheapest": "costs:cheapest",
    "compare": "compare:compare",
    "import": "data:import_command",
    "crosscheck": "checks:crosscheck",
    "stale": "checks:stale",
    "diff": "checks:diff",
    "check": "checks:check",
    "refresh": "checks:refresh",
    "smoke": "smoke:smoke",
}
"""Command name -> `module:function` under catalog.cli, in the order `catalog --help` lists them."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on `argv` (default sys.argv[1:]) and return its exit code."""
    try:
        code = cli.main(args=list(argv) if argv is not None else None, prog_name="catalog",
                        standalone_mode=False)
    except click.exceptions.Exit as exit_:
        return exit_.exit_code
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.exceptions.Abort:
        print("Aborted!", file=sys.stderr)
        return 1
    return code if isinstance(code, int) else 0


def run() -> NoReturn:
    """The `catalog` command: `main`, then leave at once. A command that loaded the catalog
    holds thousands of validated specs (and a build, its tables and pages); freeing them one
    by one on the way out took longer than some commands themselves (0.05 to 0.2 s), and
    nothing is left to write by then: files are closed when written, and the cache writers
    are processes of their own."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a pipe closed by the reader; a stream closed already
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
