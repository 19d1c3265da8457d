"""Reading a file that someone else chose (only a regular file, never more than a cap), and
writing one so that no reader ever sees half of it.

A spec or a dataset named on the command line may be a link to `/dev/zero`, a FIFO nobody
writes to, or a socket; reading one would exhaust memory or wait forever. Every read of such a
file goes through `read_regular_file`, which refuses them and stops one byte past the cap:

    read_regular_file(Path("data/models/acme/alpha.yaml"), limit=1_000_000)   # b"id: acme/alpha\\n..."
    read_regular_file(Path("/dev/zero"), limit=1_000_000)                     # NotAFileError("a device")
    write_atomically(Path("site/.catalog-site"), b"{...}")   # written beside it, renamed over it
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["NotAFileError", "TooLargeError", "read_regular_file", "write_atomically"]

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
"""Non-blocking: opening a FIFO without a writer returns at once instead of waiting."""


class NotAFileError(OSError):
    """The path is a folder, FIFO, socket or device; `kind` says which ("a FIFO (named pipe)")."""

    def __init__(self, kind: str):
        super().__init__(f"is {kind}, not a regular file")
        self.kind = kind


class TooLargeError(OSError):
    """The file holds more than the cap."""

    def __init__(self, limit: int):
        super().__init__(f"is over {limit:,} bytes")
        self.limit = limit


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them.

    The type is checked on the opened descriptor (no swap between check and read), and at most
    `limit` + 1 bytes are read whatever the file reports as its size. Raises `NotAFileError`,
    `TooLargeError`, or the `OSError` of opening or reading.
    """
    try:
        fd = os.open(path, _FLAGS)
    except OSError:
        try:  # a socket cannot be opened at all: say what it is rather than "no such device"
            mode = os.stat(path).st_mode
        except OSError:
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode):
            raise NotAFileError(_kind(mode)) from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotAFileError(_kind(mode))
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise TooLargeError(limit)
    return b"".join(chunks)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a plain file"


def write_atomically(path: Path, content: bytes, mode: int = 0o644) -> None:
    """Write `content` to a new file beside `path` and rename it over `path`, so a reader sees
    the old file or the new one, never half of one, and a failure leaves no stray file. `mode`
    is the new file's permissions (0o600 for what only its owner should read). Raises OSError;
    the folder must exist."""
    import tempfile  # only writers need it; every command reads

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
