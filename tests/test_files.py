"""Writing a file whole or not at all (`catalog.files.write_atomically`): the cache, the site's
manifest, the JSON Schemas and import reports all go through it."""

from __future__ import annotations

import os
import stat

import pytest

from catalog.files import write_atomically


def test_a_write_replaces_the_file_with_the_given_permissions(tmp_path):
    path = tmp_path / "cache.pickle"
    path.write_bytes(b"old")
    write_atomically(path, b"new", 0o600)
    assert path.read_bytes() == b"new" and stat.S_IMODE(path.stat().st_mode) == 0o600
    write_atomically(path, b"newer")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert os.listdir(tmp_path) == ["cache.pickle"]


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing_beside_it(tmp_path, monkeypatch):
    path = tmp_path / "manifest.json"
    path.write_bytes(b"old")

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_atomically(path, b"new")
    assert path.read_bytes() == b"old" and os.listdir(tmp_path) == ["manifest.json"]
