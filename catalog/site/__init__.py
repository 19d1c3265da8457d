"""The site: the validated catalog rendered as static HTML files.

For now a single index page lists every model; the site is rendered into a temporary folder
beside the output and swapped in only when complete, so a failed build leaves the previous
site in place:

    build_site(load_catalog(), Path("site"))    # -> [Path("site/index.html")]
"""

from __future__ import annotations

import html
import shutil
import tempfile
from pathlib import Path

from catalog.load import Catalog


def render_index(catalog: Catalog) -> str:
    """An HTML5 page with one table row per model (id, name, provider, kind, status)."""
    rows = "\n".join(
        "      <tr>"
        f"<td><code>{html.escape(m.id)}</code></td>"
        f"<td>{html.escape(m.name)}</td>"
        f"<td>{html.escape(catalog.providers[m.provider].name if m.provider in catalog.providers else m.provider)}</td>"
        f"<td>{html.escape(m.kind)}</td>"
        f"<td>{html.escape(m.status)}</td>"
        "</tr>"
        for m in catalog.models.values()
    )
    count = len(catalog.models)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Model Catalog</title>
</head>
<body>
  <main>
    <h1>Model Catalog</h1>
    <p>{count} model{'s' * (count != 1)} from {len(catalog.providers)} providers.</p>
    <table>
      <caption>Every model in the catalog</caption>
      <thead>
        <tr><th scope="col">Id</th><th scope="col">Name</th><th scope="col">Provider</th><th scope="col">Kind</th><th scope="col">Status</th></tr>
      </thead>
      <tbody>
{rows}
      </tbody>
    </table>
  </main>
</body>
</html>
"""


SITE_MARKER = ".catalog-site"
"""A file every built site holds, so `build` only ever replaces a folder it made itself (or an
empty one), never a folder of someone's work that --out happened to name."""


class OutputFolderError(Exception):
    """--out names a place a site must not be written to; nothing was touched."""


def check_output_folder(out: Path, data_dir: Path) -> None:
    """Raise OutputFolderError unless `out` is safe to replace with a freshly built site."""
    target, data = Path(out).resolve(), Path(data_dir).resolve()
    cwd = Path.cwd().resolve()
    if target.exists() and not target.is_dir():
        raise OutputFolderError(f"--out {out}: is a file, not a folder")
    if target == cwd or target in cwd.parents:
        raise OutputFolderError(f"--out {out}: is the working folder or holds it; name a folder for the site")
    if target == data or target in data.parents or data in target.parents:
        raise OutputFolderError(f"--out {out}: overlaps the data folder {data_dir}; name a separate folder")
    if target.is_dir() and not (target / SITE_MARKER).is_file() and any(target.iterdir()):
        raise OutputFolderError(f"--out {out}: is a folder that is not a previous site (no {SITE_MARKER}) "
                                "and is not empty; refusing to replace it")


def build_site(catalog: Catalog, out: Path) -> list[Path]:
    """Render the site into `out`, replacing what was there only once rendering succeeded.

    Raises OutputFolderError (nothing touched) when `out` is not safe to replace, and OSError
    when writing fails; either way the previous site stays and no staging folder is left.
    """
    out = Path(out)
    check_output_folder(out, catalog.data_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        pages = {"index.html": render_index(catalog), SITE_MARKER: "built by `catalog build`\n"}
        for name, text in pages.items():
            (staging / name).write_text(text, "utf-8")
            (staging / name).chmod(0o644)  # readable by the web server whatever the umask
        staging.chmod(0o755)  # mkdtemp makes it private; a static site is meant to be read
        _swap_in(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already unless something failed
    return [out / name for name in pages if name != SITE_MARKER]


def _swap_in(staging: Path, out: Path) -> None:
    """Replace `out` with `staging` by two renames; the old site is deleted last."""
    if not out.exists():
        staging.rename(out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    retired.rmdir()
    out.rename(retired)
    try:
        staging.rename(out)
    except OSError:
        retired.rename(out)  # put the previous site back
        raise
    shutil.rmtree(retired, ignore_errors=True)
