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

from catalog.cli.common import UsageError, data_option, display_path, load, no_cache_option, os_error_text, summary
from catalog.findings import has_errors


@click.command()
@data_option
@click.option("--out", type=click.Path(path_type=Path), default=Path("site"), metavar="DIR",
              help="output folder (default: site/)")
@no_cache_option
def build(data: Path | None, out: Path, no_cache: bool) -> int:
    """Render the static site."""
    from catalog.site import OutputFolderError, build_site, check_output_folder

    catalog = load(data, no_cache=no_cache)
    try:
        check_output_folder(out, catalog.data_dir)  # refuse before saying anything else
        if has_errors(catalog.findings):
            print(f"not building: {summary(catalog)}; run `catalog validate`", file=sys.stderr)
            return 1
        pages = build_site(catalog, out)
    except OutputFolderError as error:
        raise UsageError(str(error)) from None
    except OSError as error:  # the previous site is still in place
        print(f"catalog: cannot write the site into {out}: {os_error_text(error)}", file=sys.stderr)
        return 1
    print(f"built {len(pages)} page{'s' * (len(pages) != 1)} into {display_path(out)}")
    return 0
