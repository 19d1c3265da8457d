"""The plan of a smoke run: which models, by which routes, with which request.

A model with an `api` block has its main route (`api.protocol`, `api.gateway_model`, through
`api.gateway` or the default gateway) and one per entry of `api.routes`; the seed image model
has two:

    google/gemini-2.0-flash-exp-image-generation  eachlabs:predictions  prediction/
    google/gemini-2.0-flash-exp-image-generation  agentcc:openai-chat   chat/completions

A route that cannot be called (its gateway is not configured, or speaks another protocol) is
listed as skipped with the reason, never silently dropped.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from catalog.schema import Api, ModelSpec
from catalog.smoke.gateways import Gateway
from catalog.smoke.requests import ApiRequest, RequestError, build_request


@dataclass(frozen=True, slots=True)
class ModelRoute:
    """One way to call a model: a gateway (None: the default one), a protocol and the names
    the gateway knows the model by."""

    gateway: str | None
    protocol: str
    model: str
    version: str | None = None


def model_routes(api: Api) -> tuple[ModelRoute, ...]:
    """Every route of a model's `api` block, its main route first."""
    first = ModelRoute(api.gateway, api.protocol, api.gateway_model, api.version)
    return (first, *(ModelRoute(r.gateway, r.protocol, r.model, r.version) for r in api.routes))


def route_id(gateway: str, protocol: str) -> str:
    """How results and reports name a route: `agentcc:openai-chat`."""
    return f"{gateway}:{protocol}"


@dataclass(frozen=True, slots=True)
class Call:
    """One planned call: a model, a route resolved to a gateway, and the request to send."""

    model: ModelSpec
    gateway: Gateway
    route: ModelRoute
    request: ApiRequest

    @property
    def route_id(self) -> str:
        return route_id(self.gateway.name, self.route.protocol)


@dataclass(frozen=True, slots=True)
class Skipped:
    model_id: str
    route: str
    reason: str


@dataclass(frozen=True, slots=True)
class Plan:
    calls: tuple[Call, ...]
    skipped: tuple[Skipped, ...]


class PlanError(ValueError):
    """A selection that names nothing: a pattern that matches no model."""


def select_models(models: Iterable[ModelSpec], patterns: Sequence[str], kind: str | None) -> list[ModelSpec]:
    """Models with an `api` block whose id (or an alias) matches a glob of `patterns` (every
    model when there is none), of `kind` when given. A pattern matching no model is an error."""
    callable_models = [m for m in models if m.api is not None and (kind is None or m.kind == kind)]
    if not patterns:
        return callable_models
    chosen: dict[str, ModelSpec] = {}
    for pattern in patterns:
        matched = [m for m in callable_models
                   if fnmatch.fnmatchcase(m.id, pattern) or any(fnmatch.fnmatchcase(a, pattern) for a in m.aliases)]
        if not matched:
            what = f" of kind {kind}" if kind else ""
            raise PlanError(f"{pattern!r} matches no model{what} with an api block")
        for model in matched:
            chosen.setdefault(model.id, model)
    return sorted(chosen.values(), key=lambda m: m.id)


@dataclass(frozen=True, slots=True)
class RouteTarget:
    """A route resolved to the gateway that serves it: `gateway` is None, and `problem` says
    why, when it cannot be called."""

    route: ModelRoute
    name: str | None
    """The gateway's name (None: no default gateway)."""
    gateway: Gateway | None
    problem: str | None = None

    @property
    def route_id(self) -> str:
        return route_id(self.name or "(default gateway)", self.route.protocol)


def resolve_route(route: ModelRoute, gateways: Mapping[str, Gateway], default_gateway: str | None,
                  openai_through: str | None = None) -> RouteTarget:
    """The gateway a route is called through: the one it names, else the default; the one
    place this is decided, for the runner and for the site's code samples.
    `openai_through` sends every OpenAI-compatible route through that one gateway."""
    name = route.gateway or default_gateway
    if openai_through is not None and route.protocol != "predictions":
        name = openai_through
    if name is None:
        return RouteTarget(route, None, None, "no default gateway (smoke.default_gateway in catalog.yaml, or --gateway)")
    gateway = gateways.get(name)
    if gateway is None:
        return RouteTarget(route, name, None, f"gateway {name!r} is not configured in catalog.yaml")
    if (route.protocol == "predictions") != (gateway.protocol == "predictions"):
        return RouteTarget(route, name, None, f"gateway {name!r} speaks {gateway.protocol}, not {route.protocol}")
    return RouteTarget(route, name, gateway)


def plan_calls(
    models: Iterable[ModelSpec],
    gateways: dict[str, Gateway],
    default_gateway: str | None,
    only_gateway: str | None = None,
    openai_through: str | None = None,
) -> Plan:
    """One call per route of each model; `only_gateway` keeps the routes through that gateway,
    and `openai_through` sends every OpenAI-compatible route through that one gateway
    (`--base-url` alone: whichever gateway a route names, the URL given serves it)."""
    calls: list[Call] = []
    skipped: list[Skipped] = []
    for model in models:
        assert model.api is not None
        for route in model_routes(model.api):
            target = resolve_route(route, gateways, default_gateway, openai_through)
            if only_gateway is not None and target.name != only_gateway:
                continue
            if target.gateway is None:
                skipped.append(Skipped(model.id, target.route_id, target.problem or "cannot be called"))
                continue
            try:
                request = build_request(model, route.protocol, route.model, route.version)
            except RequestError as error:
                skipped.append(Skipped(model.id, target.route_id, str(error)))
                continue
            calls.append(Call(model, target.gateway, route, request))
    return Plan(tuple(calls), tuple(skipped))
