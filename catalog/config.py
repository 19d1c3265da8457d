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
    gateways:
      agentcc:                      # the name routes and `--gateway` use
        base_url: https://gateway.futureagi.com/v1
        protocol: openai            # or predictions (create, then poll)
        preset: agentcc             # where the gateway reports cost, latency, provider, cache
        key_env: AGENTCC_API_KEY    # the key is read from the environment, never from here
        requests_per_minute: 60
    smoke:
      default_gateway: agentcc
"""

from __future__ import annotations

from pathlib import Path
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AnyHttpUrl, Field, StringConstraints

from catalog.schema import Price, Slug, Spec, Text, YamlNumber

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

    stale_days: Annotated[int, Field(ge=0, le=100_000), YamlNumber] = 90
    """A curated pricing block verified longer ago than this many days is stale."""


Location = Annotated[str, StringConstraints(pattern=r"^(header|body):[A-Za-z0-9_.-]{1,200}$")]
"""Where a gateway reports a value: `header:x-agentcc-cost` or `body:usage.cost` (a dotted
path into the JSON response)."""
EnvName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,100}$")]
HeaderName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]{1,100}$")]
Seconds = Annotated[float, Field(gt=0, le=86_400, allow_inf_nan=False), YamlNumber]


class ReportLocations(Spec):
    """Where a gateway reports what a call did; absent means it does not report it."""

    provider: Location | None = None
    """The upstream provider that served the call."""
    latency_ms: Location | None = None
    """The gateway's own latency measurement, in milliseconds."""
    latency_seconds: Location | None = None
    """The same, for gateways that report seconds (a prediction's `metrics.predict_time`)."""
    cost: Location | None = None
    """What the gateway billed for the call, in USD."""
    cache: Location | None = None
    """Whether the gateway answered from its cache (`hit`, `true`, or a cache key)."""
    cached_tokens: Location | None = None
    """Prompt tokens read from the provider's prompt cache, where the body says so apart."""


class GatewayConfig(Spec):
    """One gateway models are called through: where it is, how to authenticate, how hard to
    push it, and where it reports cost and latency."""

    base_url: AnyHttpUrl
    """The API root, endpoints are under it (`https://gateway.futureagi.com/v1`)."""
    protocol: Literal["openai", "predictions"] = "openai"
    """OpenAI-compatible endpoints, or predictions (create, then poll until done)."""
    preset: Literal["agentcc", "litellm", "openrouter"] | None = None
    """A known gateway's report locations; `report` overrides them one by one."""
    report: ReportLocations = Field(default_factory=ReportLocations)
    """Where this gateway reports provider, latency, cost and cache, beyond the preset."""
    key_env: EnvName
    """The environment variable holding the API key; the key itself is never in a file."""
    key_header: HeaderName | None = None
    """The header carrying the key: `Authorization` (as `Bearer <key>`) for the OpenAI
    protocol, `X-API-Key` for predictions, unless set here."""
    requests_per_minute: Annotated[int, Field(ge=1, le=100_000), YamlNumber] = 60
    """Requests sent per minute, polls and retries included; spaced evenly."""
    concurrent_requests: Annotated[int, Field(ge=1, le=1_000), YamlNumber] = 4
    """Calls in flight at once."""
    timeout_seconds: Seconds = 60
    """How long one HTTP request may take before it counts as timed out (and is retried)."""
    connect_timeout_seconds: Seconds = 10
    """How long opening a connection may take."""
    retries: Annotated[int, Field(ge=0, le=20), YamlNumber] = 3
    """Further attempts after a 429, a 5xx, a timeout or a dropped connection."""
    backoff_seconds: Seconds = 1
    """The first retry's delay; each retry doubles it (with jitter) up to `backoff_max_seconds`."""
    backoff_max_seconds: Seconds = 30
    """The longest delay between two attempts, `Retry-After` included."""
    poll_interval_seconds: Seconds = 1
    """Predictions: the pause between two polls of a prediction."""
    deadline_seconds: Seconds = 300
    """Predictions: how long a prediction may run before the call fails."""


class SmokeConfig(Spec):
    """The smoke runner (`catalog smoke`)."""

    default_gateway: Slug | None = None
    """The gateway of each model's `api.protocol` and `api.gateway_model`; with none, only
    routes that name their gateway are called."""
    results_dir: Annotated[Text, StringConstraints(min_length=1, max_length=500)] = "smoke"
    """Where results are appended (one JSON line per call), relative to the data folder."""
    deadline_seconds: Seconds = 3_600
    """A whole run stops after this long; calls still running are recorded as failed."""
    cost_tolerance_percent: Annotated[Decimal, Field(ge=0, le=100, allow_inf_nan=False), YamlNumber] = Decimal(1)
    """The gateway's cost may differ from the catalog's by this share of it before the
    report flags the pricing data to check."""
    cost_tolerance_usd: Price = Decimal("0.000001")
    """...or by this much in USD, whichever is larger (rounding of tiny bills)."""


class ProjectConfig(Spec):
    """Everything `catalog.yaml` may say; every section is optional."""

    site: SiteConfig = Field(default_factory=SiteConfig)
    """The static site."""
    checks: ChecksConfig = Field(default_factory=ChecksConfig)
    """The CI checks."""
    gateways: dict[Slug, GatewayConfig] = Field(default_factory=dict)
    """Gateways the smoke runner calls models through, by name."""
    smoke: SmokeConfig = Field(default_factory=SmokeConfig)
    """The smoke runner."""


def config_path(data_dir: Path) -> Path:
    """The configuration that goes with a data folder: `catalog.yaml` beside it."""
    return data_dir.resolve().parent / CONFIG_FILE


def load_config(path: Path | None) -> ProjectConfig:
    """The configuration in `path`, or the defaults when there is no such file.

    Raises `SpecFileError` (findings with file:line:column) when the file is not valid."""
    from catalog.importers.reviewed import read_reviewed

    if path is None or not path.exists():
        return ProjectConfig()
    return read_reviewed(path, ProjectConfig)
