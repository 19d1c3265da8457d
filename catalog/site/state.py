"""What every page of a build reads, computed once: the catalog, its enrichment (each model's on
first use), the workload presets, offerings grouped by canonical model, the prices in force,
the configuration's gateways and the latest smoke results.

Page kinds only read a `Site`; nothing in it changes while pages render, so worker processes
forked after `prepare_site` share it without copying:

    site = prepare_site(catalog, config, today=date(2026, 11, 30))
    site.offerings["gpt-4o"][0].id      # "openai/gpt-4o": the offering the index row shows
    site.status["azure/gpt-4o"]         # "active": the effective status on the build day
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment

from catalog.config import ProjectConfig
from catalog.enrich import EnrichedModel, Enricher, catalog_enricher
from catalog.identity import canonical_id, offerings_by_canonical
from catalog.lifecycle import effective_status
from catalog.dataset import Catalog
from catalog.peers import prices_in_force
from catalog.schema import ModelSpec, PricingBlock
from catalog.site.views import STATUS_ORDER
from catalog.smoke.gateways import Gateway, Overrides, gateways_for_run
from catalog.smoke.latest import RouteStatus, smoke_view
from catalog.workloads import MonthlyTotal, Workload, load_workloads, workload_cost


KEPT_TOTALS = "kept_totals"
"""The `Site.extra` key of the monthly totals the previous build kept that still hold."""


@dataclass(frozen=True)
class Site:
    catalog: Catalog
    config: ProjectConfig
    today: dt.date
    base_url: str | None
    """Absolute address the site is published at (sitemap, canonical links), or None."""
    gateways: Mapping[str, Gateway]
    """The gateways of `catalog.yaml`, by name: the code samples call models through them."""
    default_gateway: str | None
    env: Environment
    enriched: LazyEnrichment
    workloads: Mapping[str, Workload]
    status: Mapping[str, str]
    """Model id -> effective status today."""
    blocks: Mapping[str, PricingBlock | None]
    """Model id -> the pricing block in force today."""
    canonical: Mapping[str, str]
    """Model id -> canonical model id."""
    offerings: Mapping[str, tuple[ModelSpec, ...]]
    """Canonical id -> its offerings, the primary one first."""
    curated: frozenset[str]
    """Ids of models with a curated spec (under data/models/)."""
    order: tuple[str, ...]
    """Canonical ids in the index's default order."""
    smoke: Mapping[str, tuple[RouteStatus, ...]] = field(default_factory=dict)
    """Model id -> the latest smoke result of each of its routes (models never called: absent)."""
    kinds: frozenset[str] = frozenset()
    """Names of the page kinds this build renders: a page links to another kind only if it exists."""
    extra: dict[str, Any] = field(default_factory=dict)
    """A page kind's own data, computed once per process on first use (the workload rankings
    that /workloads/ and each /workloads/<name>/ read); never changes what another kind reads."""
    totals: dict[tuple[str, str], MonthlyTotal] = field(default_factory=dict)
    """(model id, preset name) -> the preset's monthly total on the model on the build day."""
    priced: dict[tuple[str, str], MonthlyTotal] = field(default_factory=dict)
    """The totals this process priced (not kept from the previous build), for the build to keep."""

    def provider_name(self, provider: str) -> str:
        spec = self.catalog.providers.get(provider)
        return spec.name if spec is not None else provider

    def monthly_total(self, model: ModelSpec, preset: str, kept: bool = False) -> MonthlyTotal:
        """What the preset costs a month on the model on the build day, priced once per build:
        the workload rankings, the model pages' calculators and the calculator page all ask.
        With `kept`, the previous build's total where it still holds (`catalog.site.build` puts
        them in `extra`, unpickled on first use): worth it for a ranking, which asks for every
        model's, not for a page's few."""
        key = (model.id, preset)
        found = self.totals.get(key)
        if found is None:
            found = self.extra.get(KEPT_TOTALS, {}).get(key) if kept else None
            if found is None:
                found = self.priced[key] = MonthlyTotal.of(workload_cost(model, self.workloads[preset], at=self.today))
            self.totals[key] = found
        return found


class LazyEnrichment(Mapping[str, EnrichedModel]):
    """Each model's enrichment, computed when a page first asks for it, from the tables of its
    kind (peer standings, capability shares, the similarity index), themselves built on first
    use. A build that makes many model pages builds the tables of their kinds before the
    workers fork (`ready`), and each worker enriches only the models of the pages it renders; a
    rebuild that makes a few builds only their kinds' tables, only if one of those pages needs
    them. `Enricher.enrich` depends on nothing but its kind's tables, so the result is the same
    in any order, whichever kinds were built together."""

    def __init__(self, kinds: Mapping[str, str], tables: Callable[[frozenset[str]], Enricher]) -> None:
        self._kind_of = kinds
        """Model id -> its kind."""
        self._make = tables
        self._tables: dict[str, Enricher] = {}
        """Kind -> the tables its models are enriched from."""
        self._done: dict[str, EnrichedModel] = {}

    def ready(self, kinds: Iterable[str] | None = None) -> None:
        """Build the tables of `kinds` (every kind when None) not built yet, in one go."""
        wanted = frozenset(self._kind_of.values() if kinds is None else kinds) - self._tables.keys()
        if wanted:
            tables = self._make(wanted)
            self._tables.update(dict.fromkeys(wanted, tables))

    def __getitem__(self, model_id: str) -> EnrichedModel:
        found = self._done.get(model_id)
        if found is None:
            found = self._done[model_id] = self._tables_of(model_id).enrich(model_id)
        return found

    def reads(self, model_id: str) -> tuple[str, tuple[str, ...]]:
        """What enriching the model reads (`Enricher.reads`), from its kind's tables."""
        return self._tables_of(model_id).reads(model_id)

    def _tables_of(self, model_id: str) -> Enricher:
        kind = self._kind_of[model_id]
        if kind not in self._tables:
            self.ready((kind,))
        return self._tables[kind]

    def __iter__(self):
        return iter(self._kind_of)

    def __len__(self) -> int:
        return len(self._kind_of)


def imported_folder(catalog: Catalog) -> str:
    """The folder of imported specs, as a path prefix (no file-system calls per spec)."""
    return os.path.join(os.path.abspath(catalog.data_dir), "imported", "")


def is_curated(catalog: Catalog, model_id: str, imported: str) -> bool:
    return any(not os.path.abspath(p).startswith(imported) for p in catalog.sources.get(model_id, ()))


def offering_order(model: ModelSpec, curated: frozenset[str], status: Mapping[str, str],
                   canonical: str) -> tuple:
    """Which offering stands for its canonical model: curated first, then one that still
    answers, then the one named like the canonical model (its maker's), then by id."""
    return (model.id not in curated, status[model.id] == "retired",
            model.id.split("/", 1)[1] != canonical.split("/")[-1], model.id)


def default_order(offerings: Mapping[str, tuple[ModelSpec, ...]], curated: frozenset[str],
                  status: Mapping[str, str]) -> tuple[str, ...]:
    """The index's default order: curated models first (someone checked them), then live before
    deprecated before retired, newest release first, then models sold by more providers (better
    known), then by name. Reseller copies fold into their canonical row, so they never lead."""

    def key(item: tuple[str, tuple[ModelSpec, ...]]) -> tuple:
        canonical, offers = item
        lead = offers[0]
        released = lead.released.toordinal() if lead.released else 0
        return (lead.id not in curated, STATUS_ORDER[status[lead.id]], -released, -len(offers),
                lead.name.lower(), canonical)

    return tuple(canonical for canonical, _ in sorted(offerings.items(), key=key))


def prepare_site(catalog: Catalog, config: ProjectConfig, *, today: dt.date, env: Environment,
                 base_url: str | None = None, kinds: frozenset[str] = frozenset()) -> Site:
    """Load the presets, read the smoke results and enrich the catalog (peers rank measured
    latency where a model has been called): everything pages share, computed once."""
    models = catalog.models
    status = {mid: effective_status(m, today) for mid, m in models.items()}
    imported = imported_folder(catalog)
    curated = frozenset(mid for mid in models if is_curated(catalog, mid, imported))
    grouped = offerings_by_canonical(models.values())
    offerings = {
        key: tuple(sorted(offers, key=lambda m, key=key: offering_order(m, curated, status, key)))
        for key, offers in grouped.items()
    }
    workloads_file = catalog.data_dir / "workloads.yaml"
    workloads = load_workloads(workloads_file) if workloads_file.exists() else {}
    gateways, default_gateway = gateways_for_run(config, Overrides())
    smoke = smoke_view(catalog.data_dir)
    return Site(
        catalog=catalog,
        config=config,
        today=today,
        base_url=base_url.rstrip("/") + "/" if base_url else None,
        gateways=gateways,
        default_gateway=default_gateway,
        env=env,
        enriched=LazyEnrichment({mid: m.kind for mid, m in models.items()},
                                lambda kinds: catalog_enricher(catalog, today=today, latency=smoke.latency, kinds=kinds)),
        workloads=workloads,
        status=status,
        blocks={mid: prices_in_force(m, today) for mid, m in models.items()},
        canonical={mid: canonical_id(m) for mid, m in models.items()},
        offerings=offerings,
        curated=curated,
        order=default_order(offerings, curated, status),
        kinds=kinds,
        smoke=smoke.routes,
    )
