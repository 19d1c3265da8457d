"""`catalog serve`: a real server on a free port, started as a subprocess, that rebuilds when a
spec changes and keeps serving the last good site when a rebuild fails."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from catalog.site.serve import changed_paths, watched_files

from .test_build import copy_data

WAIT = 60.0
"""Seconds to wait for a build (the test machine is shared and slow); not a speed assertion."""


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def wait_for(condition, what: str):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"gave up waiting for {what}")


@pytest.fixture
def server(tmp_path):
    data = copy_data(tmp_path)
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "catalog.cli", "serve", "--port", "0", "--data", str(data),
                                    "--out", str(tmp_path / "site")], stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, "CATALOG_CACHE_DIR": str(tmp_path / "cache")})
    try:
        url = wait_for(lambda: (m := re.search(r"serving (http://127\.0\.0\.1:\d+/)", log.read_text())) and m.group(1),
                       "the server's address")
        yield url, data, log
    finally:
        process.send_signal(signal.SIGINT)
        try:
            assert process.wait(timeout=20) == 0
        finally:
            if process.poll() is None:
                process.kill()


def test_serve_rebuilds_when_a_spec_changes_and_keeps_the_last_good_site_on_errors(server):
    url, data, log = server
    assert "<h1>Quill" in fetch(url + "models/globex/quill/")
    assert "Providers" in fetch(url)
    spec = data / "models" / "globex" / "quill.yaml"
    spec.write_text(spec.read_text().replace("name: Quill", "name: Quill Two"))
    wait_for(lambda: "<h1>Quill Two" in fetch(url + "models/globex/quill/"), "the rebuilt page")
    # A broken spec: the errors are printed, the last good site stays served.
    spec.write_text(spec.read_text() + "limits: [\n")
    wait_for(lambda: "not rebuilt" in log.read_text(), "the failed rebuild")
    assert re.search(r"quill\.yaml:\d+:\d+: error", log.read_text())
    assert "<h1>Quill Two" in fetch(url + "models/globex/quill/")


def test_the_watch_sees_files_added_changed_and_removed(tmp_path):
    data = copy_data(tmp_path)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "base.html").write_text("x")
    before = watched_files(data, templates)
    assert str(templates / "base.html") in before and str(data.parent / "catalog.yaml") in before
    spec = data / "models" / "acme" / "sage.yaml"
    os.utime(spec, ns=(before[str(spec)] + 10**9, before[str(spec)] + 10**9))
    (data / "models" / "acme" / "new.yaml").write_text("id: acme/new\n")
    (templates / "base.html").unlink()
    assert changed_paths(before, watched_files(data, templates)) == sorted(
        [str(data / "models" / "acme" / "new.yaml"), str(spec), str(templates / "base.html")])
