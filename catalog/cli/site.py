"""`catalog build` and `catalog serve`: the static site, from a catalog without errors.

The site is written beside the old one and swapped in whole, so a failed build leaves the
previous site in place; `serve` builds, serves it on 127.0.0.1 and rebuilds on every edit:

    $ catalog build --out site
    built 4,321 pages into site
    $ catalog serve --port 8000
    serving http://127.0.0.1:8000/ (rebuilding on changes; Ctrl-C stops)
"""

from __future__ import annotations

import re
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
@click.option("--base-url", metavar="URL", default=None,
              help="where the site is published, for the sitemap's absolute addresses "
                   "(default: site.base_url in catalog.yaml)")
@json_option
@no_cache_option
def build(data: Path | None, out: Path, base_url: str | None, as_json: bool, no_cache: bool) -> int:
    """Render the static site."""
    from catalog.site import OutputFolderError, build_site, check_output_folder
    from catalog.workloads import WorkloadError

    if base_url is not None and not re.match(r"^https?://[^\s/?#]+(/[^\s?#]*)?$", base_url):
        raise UsageError(f"--base-url {base_url!r}: not an http(s) address such as https://models.example.com/")
    loaded = load_with_rows(data, no_cache=no_cache)
    catalog = loaded.catalog
    try:
        check_output_folder(out, catalog.data_dir)  # refuse before saying anything else
        if loaded.errors:
            print(f"not building: {loaded_summary(loaded)}; run `catalog validate`", file=sys.stderr)
            print_first_errors(catalog.findings)
            return 1
        pages = build_site(catalog, out, base_url=base_url)
    except OutputFolderError as error:
        raise UsageError(str(error)) from None
    except WorkloadError as error:  # data/workloads.yaml, which the calculators are built on
        print(f"not building: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # the previous site is still in place
        print(f"catalog: cannot write the site into {out}: {os_error_text(error)}", file=sys.stderr)
        return 1
    if as_json:
        print_json({"pages": len(pages), "out": display_path(out)})
    else:
        print(f"built {format_count(len(pages))} page{'s' * (len(pages) != 1)} into {display_path(out)}")
    return 0


@click.command()
@data_option
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="port on 127.0.0.1 (0 picks a free one)")
@click.option("--out", type=click.Path(path_type=Path), default=Path("site"), metavar="DIR",
              help="output folder (default: site/)")
def serve(data: Path | None, port: int, out: Path) -> int:
    """Build the site, serve it on 127.0.0.1 and rebuild when a spec or template changes."""
    import threading

    from jinja2 import TemplateError

    from catalog.dataset import bundled_data_dir
    from catalog.site import OutputFolderError, build_site, check_output_folder
    from catalog.site.build import TEMPLATES
    from catalog.site.serve import start_server, watch, watched_files
    from catalog.workloads import WorkloadError

    data_dir = data if data is not None else bundled_data_dir()

    def rebuild(changed: list[str] | None = None) -> bool:
        """One incremental build; on failure the errors are printed and the last site stays."""
        if changed:
            shown = ", ".join(display_path(Path(p)) for p in changed[:3])
            print(f"changed: {shown}{f' and {len(changed) - 3} more' if len(changed) > 3 else ''}; rebuilding",
                  flush=True)
        try:
            loaded = load_with_rows(data_dir)
            if loaded.errors:
                print(f"not rebuilt: {loaded_summary(loaded)}; still serving the last good site", file=sys.stderr)
                print_first_errors(loaded.catalog.findings)
                return False
            pages = build_site(loaded.catalog, out)
        except WorkloadError as error:
            print(f"not rebuilt: {error}; still serving the last good site", file=sys.stderr, flush=True)
            return False
        except TemplateError as error:  # a template being edited
            where = f"{getattr(error, 'filename', None) or 'a template'}:{getattr(error, 'lineno', None) or '?'}"
            print(f"not rebuilt: {where}: {error.message}; still serving the last good site", file=sys.stderr, flush=True)
            return False
        except OSError as error:
            print(f"not rebuilt: cannot write {out}: {os_error_text(error)}", file=sys.stderr, flush=True)
            return False
        print(f"built {format_count(len(pages))} pages into {display_path(out)}", flush=True)
        return True

    try:
        check_output_folder(out, data_dir)
    except OutputFolderError as error:
        raise UsageError(str(error)) from None
    if not rebuild() and not (out / "index.html").exists():
        return 1  # nothing good to serve yet
    try:
        server = start_server(out, port)
    except OSError as error:
        raise UsageError(f"--port {port}: {os_error_text(error)}") from None
    print(f"serving http://127.0.0.1:{server.server_address[1]}/ (rebuilding on changes; Ctrl-C stops)", flush=True)
    stop = threading.Event()
    try:
        watch(lambda: watched_files(data_dir, TEMPLATES), rebuild, stop)
    except KeyboardInterrupt:
        print("stopped", flush=True)
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
    return 0
