"""Reviewed files beside the data (`canonical.yaml`, `kinds.yaml`, the project's `catalog.yaml`):
read once, validated as strictly as a spec.

Each entry of such a file decides what an import rule cannot and says why; a mistake in one is
an error naming its file, line and column, never a silent change of what the import writes:

    read_reviewed(Path("data/kinds.yaml"), KindOverridesFile)
    -> KindOverridesFile(offerings=(KindOverride(offering="poe/openai-gpt-5.4", kind="chat", ...),))
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from catalog.layers import merge_layers
from catalog.schema import SPEC_FILE, Spec
from catalog.schema_errors import schema_findings
from catalog.yamlfile import Locator, SpecFileError, read_yaml_document

S = TypeVar("S", bound=Spec)


def read_reviewed(path: Path, schema: type[S]) -> S:
    """The file parsed by `schema`; cached until the file changes (imports read it per run).

    Raises `SpecFileError` (findings with file:line:column) when the file is not valid."""
    stat = path.stat()
    return _read_cached(path, stat.st_mtime, stat.st_size, schema)


@lru_cache(maxsize=16)
def _read_cached(path: Path, mtime: float, size: int, schema: type[S]) -> S:
    document = read_yaml_document(path)
    layered = merge_layers([(path, document.data)])
    try:
        return schema.model_validate(layered.data, context=SPEC_FILE)
    except ValidationError as error:
        locator = Locator()
        locator.remember(document)
        raise SpecFileError(schema_findings(error, layered, schema, locator)) from None
