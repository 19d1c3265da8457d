"""Bounded downloads and imports: a real HTTP server on 127.0.0.1 (port 0, started here) serves
redirect loops, redirects to file:// and ftp://, an endless body, gzip bombs and a huge
Content-Length; each fails with one line naming the source, and memory stays flat (measured
with tracemalloc, never with a clock).
"""

from __future__ import annotations

import gzip
import http.server
import json
import os
import threading
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog.cli import main
from catalog.importers.fetch import MAX_SOURCE_BYTES, ImportSourceError, gunzipped, read_source
from tests.conftest import PROVIDER_YAML, model_yaml, write_tree

MEGABYTE = 1024 * 1024
ZEROS = gzip.compress(b"\0" * MEGABYTE)
BOMB = ZEROS * 3072
"""About 3 MB of gzip members holding 3 GB of zeros."""
DATASET = json.dumps({"acme-alpha": {"litellm_provider": "acme", "mode": "chat",
                                      "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06}}).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass

    def _send(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        path = self.path
        if path == "/ok":
            self._send(200, {"Content-Length": str(len(DATASET))}, DATASET)
        elif path == "/ok.gz":
            body = gzip.compress(DATASET)
            self._send(200, {"Content-Length": str(len(body))}, body)
        elif path == "/encoded":
            body = gzip.compress(DATASET)
            self._send(200, {"Content-Length": str(len(body)), "Content-Encoding": "gzip"}, body)
        elif path.startswith("/hops/"):
            left = int(path.rsplit("/", 1)[1])
            self._send(302, {"Location": f"/hops/{left - 1}" if left else "/ok", "Content-Length": "0"})
        elif path == "/loop":
            self._send(302, {"Location": "/loop", "Content-Length": "0"})
        elif path == "/to-file":
            self._send(302, {"Location": "file:///etc/passwd", "Content-Length": "0"})
        elif path == "/to-ftp":
            self._send(301, {"Location": "ftp://127.0.0.1/dataset.json", "Content-Length": "0"})
        elif path == "/endless":
            self.send_response(200)
            self.end_headers()  # no length: the body ends when the server closes, which it never does
            try:
                while True:
                    self.wfile.write(b"\0" * 65536)
            except OSError:  # the client hung up
                pass
        elif path in ("/bomb", "/bomb-encoded"):
            headers = {"Content-Length": str(len(BOMB))}
            if path == "/bomb-encoded":
                headers["Content-Encoding"] = "gzip"
            try:
                self._send(200, headers, BOMB)
            except OSError:
                pass
        elif path == "/huge-length":
            self.send_response(200)
            self.send_header("Content-Length", str(10**12))
            self.end_headers()
            try:
                self.wfile.write(b"{")
            except OSError:
                pass
        elif path == "/brotli":
            self._send(200, {"Content-Length": "2", "Content-Encoding": "br"}, b"{}")
        else:
            self._send(404, {"Content-Length": "0"})


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def peak_memory(action) -> tuple[int, Exception | None]:
    """The peak of memory allocated while `action` runs, and what it raised."""
    tracemalloc.start()
    try:
        action()
        raised = None
    except Exception as error:  # noqa: BLE001 (returned for the caller to check)
        raised = error
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak, raised


def test_a_dataset_is_read_plain_gzipped_encoded_and_through_a_few_redirects(server):
    assert read_source(f"{server}/ok") == DATASET
    assert read_source(f"{server}/ok.gz") == DATASET
    assert read_source(f"{server}/encoded") == DATASET
    assert read_source(f"{server}/hops/4") == DATASET  # five redirects


@pytest.mark.parametrize("path, says", [
    ("/hops/5", "more than 5 redirects"),
    ("/loop", "more than 5 redirects"),
    ("/to-file", "redirects to file:///etc/passwd; only http(s) redirects are followed"),
    ("/to-ftp", "redirects to ftp://127.0.0.1/dataset.json; only http(s)"),
    ("/huge-length", "is 1,000,000,000,000 bytes, more than any dataset"),
    ("/endless", "sends over"),
    ("/bomb", "decompresses to over"),
    ("/bomb-encoded", "decompresses to over"),
    ("/brotli", "unsupported Content-Encoding br"),
    ("/missing", "HTTP 404 Not Found"),
])
def test_a_hostile_server_fails_fast_with_one_line_naming_the_source(server, path, says):
    with pytest.raises(ImportSourceError) as failed:
        read_source(f"{server}{path}", limit=4 * MEGABYTE)
    message = str(failed.value)
    assert says in message and "\n" not in message
    assert message.startswith(f"{server}/")


@pytest.mark.parametrize("path", ["/endless", "/bomb", "/bomb-encoded"])
def test_memory_stays_flat_whatever_the_server_sends(server, path):
    limit = 2 * MEGABYTE
    peak, raised = peak_memory(lambda: read_source(f"{server}{path}", limit=limit))
    assert isinstance(raised, ImportSourceError)
    assert peak < 4 * limit  # the body read so far and its copy, never the 3 GB


def test_a_gzip_bomb_file_fails_at_the_default_cap_with_flat_memory(tmp_path):
    bomb = tmp_path / "bomb.json.gz"
    bomb.write_bytes(BOMB)
    peak, raised = peak_memory(lambda: read_source(str(bomb)))
    assert isinstance(raised, ImportSourceError) and "decompresses to over" in str(raised)
    assert str(raised).startswith(str(bomb))
    assert peak < 3 * MAX_SOURCE_BYTES  # 3 GB held in memory would be a hundred times that


def test_gzip_members_are_all_read_and_a_truncated_stream_is_an_error():
    assert gunzipped(gzip.compress(b"a") + gzip.compress(b"b"), "x") == b"ab"
    assert gunzipped(gzip.compress(b"a") + b"\0" * 10, "x") == b"a"
    with pytest.raises(ImportSourceError, match="ends early"):
        gunzipped(gzip.compress(b"a" * 1000)[:20], "x")
    with pytest.raises(ImportSourceError, match="not a readable gzip file"):
        gunzipped(b"\x1f\x8bnot gzip at all", "x")


@pytest.mark.parametrize("make, says", [
    (lambda p: p.symlink_to("/dev/zero"), "is a device"),
    (lambda p: os.mkfifo(p), "is a FIFO"),
    (lambda p: p.write_bytes(b"{" * (MAX_SOURCE_BYTES + 1)), "is over 33,554,432 bytes"),
])
def test_a_dataset_file_must_be_a_regular_file_under_the_cap(tmp_path, make, says):
    path = tmp_path / "dataset.json"
    make(path)
    with pytest.raises(ImportSourceError, match=says) as failed:
        read_source(str(path))
    assert str(failed.value).startswith(str(path))


@pytest.fixture
def data(tmp_path) -> Path:
    return write_tree(tmp_path / "data", {"providers/acme.yaml": PROVIDER_YAML, "models/acme/alpha.yaml": model_yaml()})


@pytest.mark.parametrize("command", [["import", "litellm", "URL"], ["crosscheck", "--against", "litellm=URL"]])
@pytest.mark.parametrize("path", ["/loop", "/to-file", "/huge-length", "/bomb"])
def test_import_and_crosscheck_exit_one_with_one_line_naming_the_source(capsys, server, data, command, path):
    url = f"{server}{path}"
    argv = [url if a == "URL" else a.replace("URL", url) for a in command]
    code = main([*argv, "--data", str(data)])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1 and url in err
    assert "Traceback" not in err


def test_a_dataset_key_with_control_characters_is_reported_escaped(capsys, data, tmp_path):
    hostile = json.loads(DATASET)
    hostile["acme-alpha"]["cost\x1b[2J\u202e_key"] = 1
    source = tmp_path / "dataset.json"
    source.write_text(json.dumps(hostile))
    code = main(["import", "litellm", str(source), "--data", str(data)])
    out, err = capsys.readouterr()
    assert code == 0 and "cost\\x1b[2J\\u202e_key" in out
    assert "\x1b" not in out + err and "\u202e" not in out + err


def test_a_committed_snapshot_file_linked_to_a_device_does_not_stall_the_check(capsys, data, tmp_path):
    source = tmp_path / "dataset.json"
    source.write_bytes(DATASET)
    assert main(["import", "litellm", str(source), "--data", str(data)]) == 0
    snapshot = data / "imported" / "litellm"
    written = sorted(snapshot.glob("models/*/*.yaml"))[0]
    written.unlink()
    written.symlink_to("/dev/zero")
    (snapshot / "import.json").unlink()
    (snapshot / "import.json").symlink_to("/dev/zero")
    capsys.readouterr()
    code = main(["import", "litellm", str(source), "--data", str(data), "--check"])
    out, err = capsys.readouterr()
    assert code == 1 and "changed" in out + err and "Traceback" not in err
