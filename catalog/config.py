"""The project's configuration: `catalog.yaml` beside the data folder, validated like a spec.

Settings that are not facts about models live here: where the site's "edit this spec" links
point, how old a verified price may be before `catalog stale` flags it, and (for the smoke
runner) the gateways models are called through. A typo is an error naming the nearest key,
with file, line and column. Command-line flags override what the file says; a missing file
means the defaults:

    site:
      repository_url: https://github.com/example/model-catalog
      edit_branch: main
    checks:
      stale_days: 90
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import AnyHttpUrl, Field, StringConstraints, ValidationError

from catalog.layers import merge_layers
from catalog.schema import Spec
from catalog.schema_errors import schema_findings
from catalog.yamlfile import Locator, SpecFileError, read_yaml_document

CONFIG_FILE = "catalog.yaml"


class SiteConfig(Spec):
    """How the static site links back to its sources."""

    repository_url: AnyHttpUrl | None = None
    """The repository holding the specs; model pages link to their file there for editing."""
    edit_branch: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._/-]{1,100}$")] = "main"
    """The branch the edit links open."""
    base_url: AnyHttpUrl | None = None
    """Where the site is published (for the sitemap and feed); `catalog build --base-url` overrides it."""


class ChecksConfig(Spec):
    """Thresholds of the CI checks."""

    stale_days: int = Field(default=90, ge=0, le=100_000)
    """A curated pricing block verified longer ago than this many days is stale."""


class ProjectConfig(Spec):
    """Everything `catalog.yaml` may say; every section is optional."""

    site: SiteConfig = Field(default_factory=SiteConfig)
    """The static site."""
    checks: ChecksConfig = Field(default_factory=ChecksConfig)
    """The CI checks."""


def config_path(data_dir: Path) -> Path:
    """The configuration that goes with a data folder: `catalog.yaml` beside it."""
    return data_dir.resolve().parent / CONFIG_FILE


def load_config(path: Path | None) -> ProjectConfig:
    """The configuration in `path`, or the defaults when there is no such file.

    Raises `SpecFileError` (findings with file:line:column) when the file is not valid."""
    if path is None or not path.exists():
        return ProjectConfig()
    document = read_yaml_document(path)
    layered = merge_layers([(path, document.data)])
    try:
        return ProjectConfig.model_validate(layered.data)
    except ValidationError as error:
        locator = Locator()
        locator.remember(document)
        raise SpecFileError(schema_findings(error, layered, ProjectConfig, locator)) from None
