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


def build_site(catalog: Catalog, out: Path) -> list[Path]:
    """Render the site into `out`, replacing what was there only once rendering succeeded."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        pages = {"index.html": render_index(catalog)}
        for name, text in pages.items():
            (staging / name).write_text(text, "utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_in(staging, out)
    return [out / name for name in pages]


def _swap_in(staging: Path, out: Path) -> None:
    """Replace `out` with `staging` by two renames; the old site is deleted last."""
    if out.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        retired.rmdir()
        out.rename(retired)
        staging.rename(out)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        staging.rename(out)
    out.chmod(0o755)  # mkdtemp makes it private; a static site is meant to be read
