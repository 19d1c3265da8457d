"""Serving the site while its specs are edited: build, serve the folder on 127.0.0.1 with the
standard library's HTTP server in a thread, and rebuild whenever a spec, the workloads, the
configuration, a template or a static file changes (their modification times are polled).

A rebuild is the ordinary incremental build (unchanged files are carried over); one that fails
leaves the last good site served. The caller says how to rebuild and what to print:

    server = start_server(Path("site"), port=8000)      # http://127.0.0.1:8000/
    watch(lambda: watched_files(data_dir, TEMPLATES), rebuild, stop)
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from catalog.config import config_path

POLL_SECONDS = 1.0
HOST = "127.0.0.1"


def watched_files(data_dir: Path, templates: Path) -> dict[str, int]:
    """Every input file a spec author edits, with its modification time in nanoseconds: the
    data folder's files, the configuration beside it, the templates and static files."""
    found: dict[str, int] = {}
    for folder in (data_dir, templates):
        for parent, dirs, names in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in names:
                path = os.path.join(parent, name)
                try:
                    found[path] = os.stat(path).st_mtime_ns
                except OSError:  # removed while we looked: the next poll sees it gone
                    continue
    config = config_path(data_dir)
    if config.exists():
        found[str(config)] = config.stat().st_mtime_ns
    return found


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the name is http.server's
        pass  # the terminal is for build messages

    def end_headers(self):
        # Always the newest build: a reload after an edit must not show a cached page.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def start_server(folder: Path, port: int = 0, host: str = HOST) -> http.server.ThreadingHTTPServer:
    """Serve `folder` in a daemon thread. Paths are resolved per request, so a rebuild that
    swaps the folder in is served at once."""
    handler = functools.partial(_Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, name="catalog-serve", daemon=True).start()
    return server


def changed_paths(before: Mapping[str, int], after: Mapping[str, int]) -> list[str]:
    """Files added, removed or modified between two polls."""
    return sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))


def watch(snapshot: Callable[[], dict[str, int]], rebuild: Callable[[list[str]], object],
          stop: threading.Event, interval: float = POLL_SECONDS) -> None:
    """Poll `snapshot` every `interval` seconds until `stop` is set, calling `rebuild` with the
    changed paths whenever it differs from the last one."""
    last = snapshot()
    while not stop.wait(interval):
        now = snapshot()
        changed = changed_paths(last, now)
        if changed:
            last = now
            rebuild(changed)
