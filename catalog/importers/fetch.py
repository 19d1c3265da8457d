"""Reading a dataset from a file or an http(s) URL, bounded whatever the source sends.

Import and crosscheck read files and URLs that a pull request or a command line names. A
source may redirect forever or to `file://`, send an endless body or claim a terabyte, or be
a 3 MB gzip bomb holding 3 GB of zeros; each fails fast, with one line naming the source, and
memory stays under the cap (`MAX_SOURCE_BYTES`, compressed or not):

    read_source("data/upstream/litellm-1.109.1.json.gz")      # the JSON, decompressed
    read_source("https://example.org/loop")
    # ImportSourceError: https://example.org/loop: more than 5 redirects; ...
"""

from __future__ import annotations

import time
import zlib
from pathlib import Path

import httpx

from catalog.files import NotAFileError, TooLargeError, read_regular_file
from catalog.text import escaped

MAX_SOURCE_BYTES = 32 * 1024 * 1024
"""Largest dataset read, before and after decompression: 32 MiB, ten times the largest one
imported today (OpenRouter's model list, a few MB)."""
MAX_REDIRECTS = 5
"""Redirects followed, each only to http(s)."""
FETCH_TIMEOUT_SECONDS = 30.0
"""Longest wait for a connection or for the next bytes of a response."""
FETCH_DEADLINE_SECONDS = 300.0
"""Longest a whole download may take, so a server that drips bytes cannot stall CI."""

__all__ = ["MAX_SOURCE_BYTES", "ImportSourceError", "is_url", "read_source"]


class ImportSourceError(Exception):
    """A source that cannot be read or is not in the expected shape; the message says which."""


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def read_source(location: str, timeout: float = FETCH_TIMEOUT_SECONDS, *, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """The bytes of a local file or of an http(s) URL, gzip-decompressed when compressed."""
    if is_url(location):
        raw = _download(location, timeout, limit)
    else:
        try:
            raw = read_regular_file(Path(location), limit)
        except TooLargeError:
            raise ImportSourceError(f"{location}: is over {limit:,} bytes, more than any dataset") from None
        except NotAFileError as error:
            raise ImportSourceError(f"{location}: cannot read: {error}") from None
        except OSError as error:
            raise ImportSourceError(f"{location}: cannot read: {error.strerror or error}") from error
    return gunzipped(raw, location, limit) if raw.startswith(b"\x1f\x8b") else raw


def gunzipped(raw: bytes, location: str, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """Decompress gzip data (one member or several) to at most `limit` bytes, streaming, so a
    bomb fails after `limit` bytes of output instead of filling memory."""
    out = bytearray()
    data = raw
    try:
        while data:
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)  # gzip header and trailer
            while not inflater.eof:
                out += inflater.decompress(data, limit + 1 - len(out))
                if len(out) > limit:
                    raise ImportSourceError(f"{location}: decompresses to over {limit:,} bytes, more than any dataset")
                data = inflater.unconsumed_tail
                if not data and not inflater.eof:
                    raise ImportSourceError(f"{location}: not a readable gzip file: it ends early")
            data = inflater.unused_data
            if not data.strip(b"\0"):  # zero padding after the last member, as gzip(1) allows
                break
    except zlib.error as error:
        raise ImportSourceError(f"{location}: not a readable gzip file: {error}") from None
    return bytes(out)


def _download(url: str, timeout: float, limit: int) -> bytes:
    deadline = time.monotonic() + FETCH_DEADLINE_SECONDS
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False,
                          headers={"Accept-Encoding": "gzip, identity"}) as client:
            for _ in range(MAX_REDIRECTS + 1):
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        url = _redirect_target(url, response)
                        continue
                    return _body(url, response, limit, deadline)
    except httpx.HTTPError as error:
        raise ImportSourceError(f"{url}: cannot fetch: {_one_line(str(error)) or type(error).__name__}") from None
    raise ImportSourceError(f"{url}: more than {MAX_REDIRECTS} redirects; give the final address")


def _redirect_target(url: str, response: httpx.Response) -> str:
    location = response.headers.get("location", "")
    target = httpx.URL(url).join(location)
    if target.scheme not in ("http", "https"):
        raise ImportSourceError(f"{url}: redirects to {_clip(location)}; only http(s) redirects are followed")
    return str(target)


def _body(url: str, response: httpx.Response, limit: int, deadline: float) -> bytes:
    if response.status_code != 200:
        raise ImportSourceError(f"{url}: cannot fetch: HTTP {response.status_code} {response.reason_phrase}")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ImportSourceError(f"{url}: is {int(declared):,} bytes, more than any dataset (at most {limit:,})")
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("identity", "gzip", ""):
        raise ImportSourceError(f"{url}: cannot fetch: unsupported Content-Encoding {_clip(encoding)}")
    chunks, size = [], 0
    for chunk in response.iter_raw():  # as sent: a gzip-encoded body is decompressed below, bounded
        size += len(chunk)
        if size > limit:
            raise ImportSourceError(f"{url}: sends over {limit:,} bytes, more than any dataset")
        if time.monotonic() > deadline:
            raise ImportSourceError(f"{url}: still downloading after {FETCH_DEADLINE_SECONDS:.0f} seconds")
        chunks.append(chunk)
    raw = b"".join(chunks)
    return gunzipped(raw, url, limit) if encoding == "gzip" else raw


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _clip(text: str) -> str:
    """A value a server sent, for a message: short, and with no control character."""
    return escaped(text if len(text) <= 80 else f"{text[:77]}...")
