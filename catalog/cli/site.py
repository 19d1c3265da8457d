"""`catalog build`: the static site, from a catalog without errors.

The site is written beside the old one and swapped in whole, so a failed build leaves the
previous site in place:

    $ catalog build --out site
    built 4,321 pages into site
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from catalog.cli.common import (
    UsageError,
    data_option,
    display_path,
    json_option,
    load_with_rows,
    loaded_summary,
    no_cache_option,
    os_error_text,
    print_first_errors,
    print_json,
)
from catalog.money import format_count


@click.command()
@data_option
@click.option("--out", type=click.Path(path_type=Path), default=Path("site"), metavar="DIR",
              help="output folder (default: site/)")
@json_option
@no_cache_option
def build(data: Path | None, out: Path, as_json: bool, no_cache: bool) -> int:
    """Render the static site."""
    from catalog.site import OutputFolderError, build_site, check_output_folder

    loaded = load_with_rows(data, no_cache=no_cache)
    catalog = loaded.catalog
    try:
        check_output_folder(out, catalog.data_dir)  # refuse before saying anything else
        if loaded.errors:
            print(f"not building: {loaded_summary(loaded)}; run `catalog validate`", file=sys.stderr)
            print_first_errors(catalog.findings)
            return 1
        pages = build_site(catalog, out)
    except OutputFolderError as error:
        raise UsageError(str(error)) from None
    except OSError as error:  # the previous site is still in place
        print(f"catalog: cannot write the site into {out}: {os_error_text(error)}", file=sys.stderr)
        return 1
    if as_json:
        print_json({"pages": len(pages), "out": display_path(out)})
    else:
        print(f"built {format_count(len(pages))} page{'s' * (len(pages) != 1)} into {display_path(out)}")
    return 0
