"""Gateways as the runner uses them: `catalog.yaml`'s settings with the preset's report
locations filled in and the command-line flags applied.

A preset names where a known gateway reports a call's provider, latency, cost and cache hit;
explicit `report` locations in the file win over it:

    agentcc     header:x-agentcc-cost, header:x-agentcc-latency-ms, ...
    openrouter  body:usage.cost, body:usage.prompt_tokens_details.cached_tokens
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, replace

from catalog.config import GatewayConfig, ProjectConfig, ReportLocations

PRESETS: dict[str, ReportLocations] = {
    # The seed gateway returns its per-call metadata on x-agentcc-* response headers.
    "agentcc": ReportLocations(
        provider="header:x-agentcc-provider",
        latency_ms="header:x-agentcc-latency-ms",
        cost="header:x-agentcc-cost",
        cache="header:x-agentcc-cache",
    ),
    # LiteLLM proxy response headers.
    "litellm": ReportLocations(
        provider="header:x-litellm-model-api-base",
        latency_ms="header:x-litellm-response-duration-ms",
        cost="header:x-litellm-response-cost",
        cache="header:x-litellm-cache-key",
    ),
    # OpenRouter puts the bill and cached tokens in the body's usage; provider in the body.
    "openrouter": ReportLocations(
        provider="body:provider",
        cost="body:usage.cost",
        cached_tokens="body:usage.prompt_tokens_details.cached_tokens",
    ),
}

BASE_URL_GATEWAY = "base-url"
"""The name of the gateway `--base-url` makes when no `--gateway` is given."""
BASE_URL_KEY_ENV = "CATALOG_GATEWAY_KEY"
"""Where `--base-url` alone reads the key from."""


class GatewayError(ValueError):
    """A gateway that cannot be used as asked: unknown name, missing key, bad flag."""


@dataclass(frozen=True, slots=True)
class Gateway:
    """One gateway, resolved: everything the runner needs and nothing secret."""

    name: str
    base_url: str
    protocol: str
    report: ReportLocations
    key_env: str
    key_header: str
    key_prefix: str
    requests_per_minute: int
    concurrent_requests: int
    timeout_seconds: float
    connect_timeout_seconds: float
    retries: int
    backoff_seconds: float
    backoff_max_seconds: float
    poll_interval_seconds: float
    deadline_seconds: float

    def auth_headers(self, key: str) -> dict[str, str]:
        return {self.key_header: f"{self.key_prefix}{key}"}

    def shown_auth_headers(self) -> dict[str, str]:
        """The auth header as `--dry-run` prints it: the variable's name, never its value."""
        return {self.key_header: f"{self.key_prefix}${self.key_env}"}


def resolve_gateway(name: str, config: GatewayConfig) -> Gateway:
    """A configured gateway with its preset's report locations under its own."""
    preset = PRESETS[config.preset] if config.preset else ReportLocations()
    explicit = config.report.model_dump(exclude_none=True)
    report = preset.model_copy(update=explicit)
    if config.key_header is not None:
        header = config.key_header
    else:
        header = "Authorization" if config.protocol == "openai" else "X-API-Key"
    return Gateway(
        name=name,
        base_url=str(config.base_url).rstrip("/"),
        protocol=config.protocol,
        report=report,
        key_env=config.key_env,
        key_header=header,
        key_prefix="Bearer " if header.lower() == "authorization" else "",
        requests_per_minute=config.requests_per_minute,
        concurrent_requests=config.concurrent_requests,
        timeout_seconds=config.timeout_seconds,
        connect_timeout_seconds=config.connect_timeout_seconds,
        retries=config.retries,
        backoff_seconds=config.backoff_seconds,
        backoff_max_seconds=config.backoff_max_seconds,
        poll_interval_seconds=config.poll_interval_seconds,
        deadline_seconds=config.deadline_seconds,
    )


@dataclass(frozen=True, slots=True)
class Overrides:
    """Command-line flags that override `catalog.yaml`."""

    gateway: str | None = None
    base_url: str | None = None
    requests_per_minute: int | None = None
    concurrent_requests: int | None = None


def gateways_for_run(config: ProjectConfig, flags: Overrides) -> tuple[dict[str, Gateway], str | None]:
    """Every gateway of the run, by name, and the default gateway's name.

    `--gateway NAME` picks the default gateway (and the run calls only routes through it);
    `--base-url URL` alone makes an OpenAI-compatible gateway with the seed gateway's report
    headers and the key in $CATALOG_GATEWAY_KEY (the run sends every OpenAI-compatible route
    there, see `plan_calls`); with `--gateway` it moves that gateway.
    `--rpm` and `--concurrency` apply to every gateway of the run."""
    gateways = {name: resolve_gateway(name, gw) for name, gw in config.gateways.items()}
    default = config.smoke.default_gateway
    if flags.gateway is not None:
        if flags.gateway not in gateways and flags.base_url is None:
            raise GatewayError(f"--gateway {flags.gateway!r}: no such gateway in catalog.yaml{_nearest(flags.gateway, gateways)}")
        default = flags.gateway
    if flags.base_url is not None:
        url = _checked_url(flags.base_url)
        name = flags.gateway or BASE_URL_GATEWAY
        if name in gateways:
            gateways[name] = replace(gateways[name], base_url=url)
        else:
            base = GatewayConfig(base_url=url, protocol="openai", preset="agentcc", key_env=BASE_URL_KEY_ENV)
            gateways[name] = resolve_gateway(name, base)
        default = name
    for field, value in (("requests_per_minute", flags.requests_per_minute),
                         ("concurrent_requests", flags.concurrent_requests)):
        if value is not None:
            gateways = {name: replace(gw, **{field: value}) for name, gw in gateways.items()}
    return gateways, default


def _checked_url(text: str) -> str:
    if not text.startswith(("http://", "https://")) or len(text) < 10:
        raise GatewayError(f"--base-url {text!r}: not an http(s) URL")
    return text.rstrip("/")


def _nearest(name: str, known: dict[str, Gateway]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    listed = ", ".join(sorted(known)) or "none"
    return f"; did you mean {close[0]!r}?" if close else f" (configured: {listed})"


def read_keys(gateways: list[Gateway], environ: dict[str, str] | None = None) -> dict[str, str]:
    """Each gateway's key from its environment variable; a missing one is an error naming it."""
    environ = os.environ if environ is None else environ  # type: ignore[assignment]
    keys = {}
    missing = []
    for gateway in gateways:
        key = environ.get(gateway.key_env, "").strip()
        if key:
            keys[gateway.name] = key
        else:
            missing.append(f"${gateway.key_env} (gateway {gateway.name})")
    if missing:
        raise GatewayError(f"no API key: set {', '.join(missing)}; or use --dry-run to see the requests")
    return keys


def configured_gateway(config: ProjectConfig, name: str | None = None) -> Gateway | None:
    """The gateway `name` (else `smoke.default_gateway`) of `catalog.yaml`, resolved; None when
    there is none. The site's code samples call models through it."""
    name = name or config.smoke.default_gateway
    if name is None or name not in config.gateways:
        return None
    return resolve_gateway(name, config.gateways[name])


def header_name(location: str | None) -> str | None:
    """The header of a `header:NAME` report location (None for a body location or none)."""
    if location is None or not location.startswith("header:"):
        return None
    return location.removeprefix("header:")
