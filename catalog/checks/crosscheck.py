"""Cross-check: our prices against another public dataset's, component by component.

A model is matched by id, alias or upstream name; each price both sides state is compared,
and one that differs by more than the tolerance (relative to the larger) is a disagreement.
A disagreement on a curated price fails the check; on an imported one it is only listed:

    google/gemini-2.5-pro input: ours 1.25 (data/models/google/gemini-2.5-pro.yaml),
        genai-prices 1.25 (google/gemini-2.5-pro) -> agrees
    openai/gpt-4o output: ours 10, litellm 15 -> differs by 33.3% (curated: exit 1)

A reviewed disagreement is acknowledged next to the price, in `pricing.known_differences`
(dataset, components, reason): it is listed as a known difference and does not fail. An
acknowledgement that covers no disagreement any more (the dataset caught up, or a typo in a
component) is stale and fails the check, so it is removed rather than left to hide the next one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from catalog.importers.common import ImportResult, slug
from catalog.money import format_price
from catalog.schema import KnownDifference, ModelSpec, PriceSet, PricingBlock
from catalog.units import price_units

DEFAULT_TOLERANCE = Decimal("0.01")


@dataclass(frozen=True)
class Comparison:
    """One price component of one model, as we state it and as the other dataset does."""

    model_id: str
    component: str
    """Dotted path under `pricing`: `input`, `tiers[>200000].output`, `variants.batch.input`."""
    ours: Decimal
    theirs: Decimal
    dataset: str
    their_key: str
    our_file: Path
    curated: bool
    """Whether our value comes from a curated spec (not from an imported snapshot)."""
    difference: Decimal
    """|ours - theirs| / max(ours, theirs); 0 when both are 0."""
    agrees: bool
    known: str | None = None
    """The reason of the acknowledgement covering this disagreement, if one does."""


@dataclass(frozen=True)
class StaleAcknowledgement:
    """A `known_differences` entry, or one component of it, that covers no disagreement."""

    model_id: str
    dataset: str
    component: str | None
    """The listed component that differs no more; None when the entry lists none."""
    reason: str


@dataclass(frozen=True)
class CrosscheckReport:
    """Every comparison made, and what could not be compared."""

    comparisons: tuple[Comparison, ...]
    matched_models: int
    unmatched_models: int
    """Our models (with prices) that the other datasets do not list."""
    only_theirs: int
    """Components the other dataset prices and we leave unknown."""
    tolerance: Decimal
    stale: tuple[StaleAcknowledgement, ...] = ()
    """Acknowledgements for a dataset of this check that no disagreement matches."""

    @property
    def disagreements(self) -> tuple[Comparison, ...]:
        """Differences beyond the tolerance that no acknowledgement covers."""
        return tuple(c for c in self.comparisons if not c.agrees and c.known is None)

    @property
    def known_differences(self) -> tuple[Comparison, ...]:
        return tuple(c for c in self.comparisons if c.known is not None)

    @property
    def curated_disagreements(self) -> tuple[Comparison, ...]:
        return tuple(c for c in self.disagreements if c.curated)

    @property
    def failed(self) -> bool:
        return bool(self.curated_disagreements or self.stale)


def covers(listed: str, component: str) -> bool:
    """Whether a listed component names a compared price: the same path, or the bare
    component of any path (`input` covers `variants.batch.input` and `input@16:30`)."""
    if listed == component:
        return True
    bare = component.split("@")[0].rsplit(".", 1)[-1]
    return "." not in listed and "[" not in listed and listed == bare


def acknowledge(
    comparisons: Sequence[Comparison], acknowledgements: Mapping[str, Sequence[KnownDifference]], datasets: Sequence[str]
) -> tuple[list[Comparison], list[StaleAcknowledgement]]:
    """Mark each disagreement an acknowledgement of its model and dataset covers, and list the
    acknowledgements (for a dataset of this check) that cover none."""
    from dataclasses import replace

    marked: list[Comparison] = []
    used: set[tuple[str, int, str | None]] = set()
    for c in comparisons:
        reason = None
        if not c.agrees:
            for index, ack in enumerate(acknowledgements.get(c.model_id, ())):
                if ack.dataset != c.dataset:
                    continue
                hits = [name for name in ack.components if covers(name, c.component)]
                if ack.components and not hits:
                    continue
                used.update((c.model_id, index, name) for name in hits or [None])
                reason = reason or ack.reason
        marked.append(replace(c, known=reason) if reason else c)
    stale = [
        StaleAcknowledgement(model_id, ack.dataset, name, ack.reason)
        for model_id, acks in sorted(acknowledgements.items())
        for index, ack in enumerate(acks)
        if ack.dataset in datasets
        for name in (ack.components or (None,))
        if (model_id, index, name) not in used
    ]
    return marked, stale


def priced_components(pricing: PricingBlock) -> Iterator[tuple[str, tuple[Any, ...], Decimal]]:
    """(dotted name, field path under the model, price) of every stated price."""
    units = price_units()

    def flat(prices: PriceSet, prefix: str, path: tuple[Any, ...]) -> Iterator[tuple[str, tuple[Any, ...], Decimal]]:
        for name in units:
            value = getattr(prices, name)
            if value is not None:
                yield f"{prefix}{name}", (*path, name), value

    yield from flat(pricing, "", ("pricing",))
    for index, tier in enumerate(pricing.tiers):
        yield from flat(tier, f"tiers[>{tier.above}].", ("pricing", "tiers", index))
    for variant, prices in sorted(pricing.variants.items()):
        yield from flat(prices, f"variants.{variant}.", ("pricing", "variants", variant))


def _by_time_of_day(model: ModelSpec, other: ModelSpec) -> dict[str, Decimal]:
    """`input@10:00` -> the price in force at 10:00 UTC, at every window boundary of both."""
    import datetime as dt

    from catalog.pricing import compile_prices, today as utc_today

    clocks = {"00:00"}
    for spec in (model, other):
        for window in spec.pricing.windows if spec.pricing else ():
            clocks |= {window.start, window.end}
    today = utc_today()
    prices: dict[str, Decimal] = {}
    for clock in sorted(clocks):
        at = dt.datetime.combine(today, dt.time.fromisoformat(clock), tzinfo=dt.UTC)
        level = compile_prices(model, at).base
        for name, value in level.prices.items():
            if value is not None:
                prices[f"{name}@{clock}"] = value
    return prices


def relative_difference(a: Decimal, b: Decimal) -> Decimal:
    larger = max(abs(a), abs(b))
    return Decimal(0) if larger == 0 else abs(a - b) / larger


def _names(model: ModelSpec) -> set[str]:
    """Every name a model goes by: id, aliases, upstream key, each also under its provider."""
    names = {model.id, *model.aliases}
    if model.provenance is not None:
        names.add(model.provenance.upstream_key)
    names |= {f"{model.provider}/{slug(n.rsplit('/', 1)[-1])}" for n in list(names)}
    return {n.lower() for n in names}


def index_by_name(models: Sequence[ModelSpec]) -> dict[str, ModelSpec]:
    """Name -> model; the first model (by id) to claim a name keeps it."""
    index: dict[str, ModelSpec] = {}
    for model in sorted(models, key=lambda m: m.id):
        for name in sorted(_names(model)):
            index.setdefault(name, model)
    return index


def crosscheck(
    models: Mapping[str, ModelSpec],
    origins: Mapping[str, Any],
    others: Sequence[ImportResult],
    *,
    is_curated_file: Any,
    tolerance: Decimal = DEFAULT_TOLERANCE,
) -> CrosscheckReport:
    """Compare every priced model of ours with its match in each other dataset.

    `origins` maps a model id to the loader's origins (which file set each field);
    `is_curated_file(path)` says whether a file is curated rather than imported.
    """
    comparisons: list[Comparison] = []
    matched: set[str] = set()
    only_theirs = 0
    indexes = [(other.report.dataset.name, index_by_name(other.models)) for other in others]
    priced = [m for _, m in sorted(models.items()) if m.pricing is not None]
    for model in priced:
        for dataset, index in indexes:
            theirs = next((index[n] for n in sorted(_names(model)) if n in index), None)
            if theirs is None or theirs.pricing is None:
                continue
            matched.add(model.id)
            their_prices = {name: value for name, _, value in priced_components(theirs.pricing)}
            our_components = list(priced_components(model.pricing))  # type: ignore[arg-type]
            if model.pricing.windows or theirs.pricing.windows:  # type: ignore[union-attr]
                # Two ways of writing a daily window (peak as base, or off-peak as base) agree
                # when the price in force agrees at every time of day: compare at each boundary.
                their_prices = _by_time_of_day(theirs, model)
                our_components = [(n, ("pricing", n.split("@")[0]), v) for n, v in _by_time_of_day(model, theirs).items()]
            our_prices = {}
            for name, path, value in our_components:
                file = origins[model.id].file_for(path) if model.id in origins else Path("?")
                our_prices[name] = value
                if name not in their_prices:
                    continue
                if model.provenance is not None and model.provenance.dataset == dataset and not is_curated_file(file):
                    continue  # our copy of their own value: nothing to learn
                difference = relative_difference(value, their_prices[name])
                comparisons.append(
                    Comparison(
                        model_id=model.id,
                        component=name,
                        ours=value,
                        theirs=their_prices[name],
                        dataset=dataset,
                        their_key=theirs.provenance.upstream_key if theirs.provenance else theirs.id,
                        our_file=file,
                        curated=bool(is_curated_file(file)),
                        difference=difference,
                        agrees=difference <= tolerance,
                    )
                )
            only_theirs += len(set(their_prices) - set(our_prices))
    acknowledgements = {m.id: m.pricing.known_differences for m in priced if m.pricing.known_differences}  # type: ignore[union-attr]
    marked, stale = acknowledge(comparisons, acknowledgements, [name for name, _ in indexes])
    return CrosscheckReport(
        comparisons=tuple(marked),
        matched_models=len(matched),
        unmatched_models=len(priced) - len(matched),
        only_theirs=only_theirs,
        tolerance=tolerance,
        stale=tuple(stale),
    )


# --- output -------------------------------------------------------------------------------


def _percent(value: Decimal) -> str:
    return f"{value * 100:.1f}%"


def _shown(path: Path) -> str:
    """A path relative to the working directory when it is inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _price(value: Decimal) -> str:
    """An exact decimal for JSON; text and Markdown print prices with catalog.money."""
    return format(value.normalize(), "f")


def summary_line(report: CrosscheckReport) -> str:
    c = report.comparisons
    curated = [x for x in c if x.curated]
    return (
        f"{report.matched_models} models matched ({report.unmatched_models} of ours unmatched); "
        f"{len(c)} prices compared: {sum(x.agrees for x in c)} agree, {len(report.disagreements)} differ "
        f"beyond {_percent(report.tolerance)}, {len(report.known_differences)} known differences; "
        f"curated: {len(curated)} compared, {sum(x.agrees for x in curated)} agree, "
        f"{len(report.curated_disagreements)} differ, {sum(x.known is not None for x in curated)} known; "
        f"{len(report.stale)} stale acknowledgements; {report.only_theirs} prices only they state"
    )


def _ordered(report: CrosscheckReport) -> list[Comparison]:
    """Disagreements first, then known differences, then agreements; curated first in each."""
    return sorted(
        report.comparisons,
        key=lambda x: (x.agrees, x.known is not None, not x.curated, x.model_id, x.component, x.dataset),
    )


def _verdict(x: Comparison) -> str:
    return "agree " if x.agrees else "KNOWN " if x.known is not None else "DIFFER"


def _stale_text(s: StaleAcknowledgement) -> str:
    what = f"{s.component} " if s.component else ""
    return f"{s.model_id}: known difference {what}with {s.dataset} matches no disagreement ({s.reason})"


def as_text(report: CrosscheckReport) -> str:
    lines = [summary_line(report)]
    lines += [f"STALE  {_stale_text(s)}" for s in report.stale]
    for x in _ordered(report):
        origin = "curated" if x.curated else "imported"
        lines.append(
            f"{_verdict(x)} {x.model_id} {x.component}: ours {format_price(x.ours)} ({origin}, {_shown(x.our_file)}), "
            f"{x.dataset} {format_price(x.theirs)} ({x.their_key})"
            + ("" if x.agrees else f", differs by {_percent(x.difference)}")
            + (f", known difference ({x.known})" if x.known else "")
        )
    return "\n".join(lines)


def as_markdown(report: CrosscheckReport) -> str:
    lines = [
        f"**Cross-check**: {summary_line(report)}",
        "",
        "| model | price | ours | theirs | dataset | difference | origin | verdict |",
        "|---|---|---:|---:|---|---:|---|---|",
    ]
    for x in _ordered(report):
        verdict = "agrees" if x.agrees else f"known difference ({x.known})" if x.known else "**differs**"
        lines.append(
            f"| `{x.model_id}` | {x.component} | {format_price(x.ours)} | {format_price(x.theirs)} | {x.dataset} "
            f"(`{x.their_key}`) | {_percent(x.difference)} | {'curated' if x.curated else 'imported'} | "
            f"{verdict} |"
        )
    if report.stale:
        lines += ["", "**Stale acknowledgements** (remove them from `pricing.known_differences`):", ""]
        lines += [f"- {_stale_text(s)}" for s in report.stale]
    return "\n".join(lines)


def as_json(report: CrosscheckReport) -> dict[str, Any]:
    return {
        "tolerance": str(report.tolerance),
        "matched_models": report.matched_models,
        "unmatched_models": report.unmatched_models,
        "only_theirs": report.only_theirs,
        "failed": report.failed,
        "stale_acknowledgements": [
            {"model": s.model_id, "dataset": s.dataset, "component": s.component, "reason": s.reason}
            for s in report.stale
        ],
        "comparisons": [
            {
                "model": x.model_id,
                "price": x.component,
                "ours": _price(x.ours),
                "theirs": _price(x.theirs),
                "dataset": x.dataset,
                "their_key": x.their_key,
                "our_file": _shown(x.our_file),
                "curated": x.curated,
                "relative_difference": str(x.difference.quantize(Decimal("0.000001"))),
                "agrees": x.agrees,
                "known_difference": x.known,
            }
            for x in report.comparisons
        ],
    }


def parse_against(value: str) -> tuple[str, str | None]:
    """`genai-prices=path/data.json` -> ("genai-prices", "path/data.json"); no `=` means the
    dataset's default location (the installed genai-prices package)."""
    name, sep, location = value.partition("=")
    return name.strip(), (location.strip() or None) if sep else None


def run(
    against: Sequence[str],
    data_dir: Path | None,
    *,
    tolerance: Decimal = DEFAULT_TOLERANCE,
    output: str = "text",
) -> tuple[int, str]:
    """What `catalog crosscheck` does: the exit status (1 when a curated price differs without
    an acknowledgement, or an acknowledgement is stale) and the report in the chosen format."""
    import json

    from catalog.importers import load_source
    from catalog.load import bundled_data_dir, load_catalog

    data = Path(data_dir) if data_dir is not None else bundled_data_dir()
    catalog = load_catalog(data)
    others = [load_source(name, location, data)[0] for name, location in map(parse_against, against)]
    imported_root = (data / "imported").resolve()

    def is_curated_file(file: Path) -> bool:
        try:
            Path(file).resolve().relative_to(imported_root)
        except ValueError:
            return True
        return False

    report = crosscheck(catalog.models, catalog.origins, others, is_curated_file=is_curated_file, tolerance=tolerance)
    if output == "json":
        text = json.dumps(as_json(report), indent=2)
    elif output == "markdown":
        text = as_markdown(report)
    else:
        text = as_text(report)
    return (1 if report.failed else 0), text
