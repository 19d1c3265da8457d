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

from catalog.checks.github import shown_path
from catalog.importers.common import ImportResult, slug
from catalog.money import format_price
from catalog.pricing import WEEKDAYS, Moment, compile_prices
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
    """Our models with at least one price compared."""
    unmatched_models: int
    """Our models (with prices) that the other datasets do not list."""
    only_theirs: int
    """Components the other dataset prices and we leave unknown."""
    tolerance: Decimal
    own_source_models: int = 0
    """Our models found only in the dataset they are imported from, every price our copy of
    theirs: listed, but nothing to compare."""
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
    """`input@10:00` -> the price in force at 10:00 UTC, at every window boundary of both; on
    each day of the week (`input@sat 10:00`) when a window of either names days."""
    clocks = {"00:00"}
    by_day = False
    for spec in (model, other):
        for window in spec.pricing.windows if spec.pricing else ():
            clocks |= {window.start, window.end}
            by_day = by_day or bool(window.days)
    prices: dict[str, Decimal] = {}
    for day in WEEKDAYS if by_day else (None,):
        for clock in sorted(clocks):
            moment = Moment(clock, day or WEEKDAYS[0])  # without days, every day is alike
            level = compile_prices(model, None, None, moment).base
            for name, value in level.prices.items():
                if value is not None:
                    prices[f"{name}@{day} {clock}" if day else f"{name}@{clock}"] = value
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


def match_order(model: ModelSpec) -> list[str]:
    """Our names in the order a match is tried: the id, then names under the model's own
    provider, then the rest. An alias such as `deepseek-r1` or a bare upstream name that
    another provider's offering also uses (Vertex AI's `gemini-3.1-flash-image-preview`) must
    not win over the offering itself."""
    own = f"{model.provider}/"
    return sorted(_names(model), key=lambda n: (n != model.id.lower(), not n.startswith(own), n))


def index_by_name(models: Sequence[ModelSpec]) -> dict[str, ModelSpec]:
    """Name -> model; the first model (by id) to claim a name keeps it."""
    index: dict[str, ModelSpec] = {}
    for model in sorted(models, key=lambda m: m.id):
        for name in sorted(_names(model)):
            index.setdefault(name, model)
    return index


def imported_source(file: Path) -> str | None:
    from catalog.load import imported_source as source_of  # the loader's reading of a path

    return source_of(file)


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
    found: set[str] = set()
    only_theirs = 0
    indexes = [(other.report.dataset.name, index_by_name(other.models)) for other in others]
    priced = [m for _, m in sorted(models.items()) if m.pricing is not None]
    for model in priced:
        for dataset, index in indexes:
            theirs = next((index[n] for n in match_order(model) if n in index), None)
            if theirs is None or theirs.pricing is None:
                continue
            found.add(model.id)
            their_prices = {name: value for name, _, value in priced_components(theirs.pricing)}
            our_components = list(priced_components(model.pricing))  # type: ignore[arg-type]
            if model.pricing.windows or theirs.pricing.windows:  # type: ignore[union-attr]
                # Two ways of writing a daily window (peak as base, or off-peak as base) agree
                # when the price in force agrees at every time of day: compare at each boundary.
                their_prices = _by_time_of_day(theirs, model)
                our_components = [(n, ("pricing", n.split("@")[0]), v) for n, v in _by_time_of_day(model, theirs).items()]
            our_prices = {}
            compared = len(comparisons)
            for name, path, value in our_components:
                file = origins[model.id].file_for(path) if model.id in origins else Path("?")
                our_prices[name] = value
                if name not in their_prices:
                    continue
                if imported_source(file) == dataset and not is_curated_file(file):
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
            if len(comparisons) > compared:
                matched.add(model.id)
                only_theirs += len(set(their_prices) - set(our_prices))
    acknowledgements = {m.id: m.pricing.known_differences for m in priced if m.pricing.known_differences}  # type: ignore[union-attr]
    marked, stale = acknowledge(comparisons, acknowledgements, [name for name, _ in indexes])
    return CrosscheckReport(
        comparisons=tuple(marked),
        matched_models=len(matched),
        unmatched_models=len(priced) - len(found),
        own_source_models=len(found - matched),
        only_theirs=only_theirs,
        tolerance=tolerance,
        stale=tuple(stale),
    )


# --- output -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """Comparisons alike but for the time of day, shown as one line: the first of them, and
    the component with the hours they cover (each compared clock holds until the next one):

        input@mon 01:00, input@mon 06:00, ... input@fri 06:00 (ours 0.30, theirs 0.15)
        -> input@mon-fri 01:00-04:00, 06:00-10:00
    """

    comparison: Comparison
    component: str


def _when(component: str) -> tuple[str, str | None, str | None]:
    """`input@mon 01:00` -> ("input", "mon", "01:00"); `input@16:30` -> ("input", None, "16:30")."""
    base, _, when = component.partition("@")
    day, _, clock = when.rpartition(" ")
    return base, day or None, clock or None


def _spans(clocks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Adjacent spans of one day joined; the evening span and the early-morning one written as
    one span past midnight, as a time window writes it (`10:00-01:00`)."""
    joined: list[tuple[str, str]] = []
    for start, end in sorted(clocks):
        if joined and joined[-1][1] == start:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    if len(joined) > 1 and joined[0][0] == "00:00" and joined[-1][1] == "24:00":
        joined = [*joined[1:-1], (joined[-1][0], joined[0][1])]
    return joined


def _day_runs(days: list[str]) -> str:
    """`[mon, tue, wed, sat]` -> `mon-wed, sat`."""
    runs: list[list[int]] = []
    for index in sorted(map(_weekday_index, days)):
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return ", ".join(WEEKDAYS[r[0]] if len(r) == 1 else f"{WEEKDAYS[r[0]]}-{WEEKDAYS[r[-1]]}" for r in runs)


def describe_times(by_day: Mapping[str | None, list[tuple[str, str]]]) -> str:
    """The hours of each day (None: every day alike), days with the same hours together:
    `mon-fri 01:00-04:00, 06:00-10:00`, `sat-sun all day`, `16:30-00:30`."""
    days_by_hours: dict[str, list[str]] = {}
    for day, clocks in by_day.items():
        spans = _spans(clocks)
        hours = "all day" if spans == [("00:00", "24:00")] else ", ".join(f"{a}-{b}" for a, b in spans)
        if day is None:
            return hours
        days_by_hours.setdefault(hours, []).append(day)
    parts = sorted(days_by_hours.items(), key=lambda kv: min(map(_weekday_index, kv[1])))
    return "; ".join(f"{'every day' if len(days) == 7 else _day_runs(days)} {hours}" for hours, days in parts)


def _weekday_index(day: str) -> int:
    return WEEKDAYS.index(day)


def findings(comparisons: Sequence[Comparison]) -> list[Finding]:
    """One finding per model, dataset, component and outcome, in the order of `comparisons`:
    the times of day at which the same two prices were compared become one line."""
    bounds: dict[tuple[str, str, str], set[str]] = {}
    for c in comparisons:
        base, _, clock = _when(c.component)
        if clock is not None:
            bounds.setdefault((c.model_id, c.dataset, base), set()).add(clock)
    groups: dict[tuple[Any, ...], list[Comparison]] = {}
    for c in comparisons:
        base, _, clock = _when(c.component)
        key = (c.model_id, c.dataset, base, clock is not None, c.ours, c.theirs, c.agrees, c.known, c.curated,
               c.our_file, c.their_key)
        groups.setdefault(key, []).append(c)
    found = []
    for (model_id, dataset, base, *_), members in groups.items():
        if _when(members[0].component)[2] is None:
            found.append(Finding(members[0], members[0].component))
            continue
        clocks = sorted(bounds[(model_id, dataset, base)])
        by_day: dict[str | None, list[tuple[str, str]]] = {}
        for c in members:
            _, day, clock = _when(c.component)
            after = clocks.index(clock) + 1  # type: ignore[arg-type]
            by_day.setdefault(day, []).append((clock, clocks[after] if after < len(clocks) else "24:00"))  # type: ignore[arg-type]
        found.append(Finding(members[0], f"{base}@{describe_times(by_day)}"))
    return found


def _percent(value: Decimal) -> str:
    return f"{value * 100:.1f}%"



def _price(value: Decimal) -> str:
    """An exact decimal for JSON; text and Markdown print prices with catalog.money."""
    return format(value.normalize(), "f")


def summary_line(report: CrosscheckReport) -> str:
    """The counts, a price compared by time of day counted once per line of the report (per
    span of hours with the same two prices), not once per compared hour and weekday."""
    lines = [f.comparison for f in findings(report.comparisons)]
    curated = [x for x in lines if x.curated]

    def counts(xs: list[Comparison]) -> tuple[int, int, int]:
        return (sum(x.agrees for x in xs), sum(not x.agrees and x.known is None for x in xs),
                sum(x.known is not None for x in xs))

    agree, differ, known = counts(lines)
    curated_agree, curated_differ, curated_known = counts(curated)
    return (
        f"{report.matched_models} models matched ({report.own_source_models} more only by the dataset they are "
        f"imported from, {report.unmatched_models} of ours unmatched); "
        f"{len(lines)} prices compared: {agree} agree, {differ} differ "
        f"beyond {_percent(report.tolerance)}, {known} known differences; "
        f"curated: {len(curated)} compared, {curated_agree} agree, "
        f"{curated_differ} differ, {curated_known} known; "
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


def acknowledge_hint(report: CrosscheckReport) -> list[str]:
    """How to acknowledge a reviewed difference, written for the first curated one: fix our
    price if it is wrong, or say why it is right next to it."""
    if not report.curated_disagreements:
        return []
    first = report.curated_disagreements[0]
    component = first.component.split("@")[0].rsplit(".", 1)[-1]
    return [
        f"{len(findings(report.curated_disagreements))} curated price(s) differ. Review each: fix the spec if our price is "
        f"wrong; if ours is right, acknowledge the difference in the spec's pricing block "
        f"({shown_path(first.our_file)}):",
        "  pricing:",
        "    known_differences:",
        f"      - dataset: {first.dataset}",
        f"        components: [{component}]",
        "        reason: what we follow, and what the dataset has",
    ]


def as_text(report: CrosscheckReport) -> str:
    lines = [summary_line(report)]
    lines += [f"STALE  {_stale_text(s)}" for s in report.stale]
    for finding in findings(_ordered(report)):
        x = finding.comparison
        origin = "curated" if x.curated else "imported"
        lines.append(
            f"{_verdict(x)} {x.model_id} {finding.component}: ours {format_price(x.ours)} ({origin}, {shown_path(x.our_file)}), "
            f"{x.dataset} {format_price(x.theirs)} ({x.their_key})"
            + ("" if x.agrees else f", differs by {_percent(x.difference)}")
            + (f", known difference ({x.known})" if x.known else "")
        )
    return "\n".join([*lines, *acknowledge_hint(report)])


def as_markdown(report: CrosscheckReport) -> str:
    lines = [
        f"**Cross-check**: {summary_line(report)}",
        "",
        "| model | price | ours | theirs | dataset | difference | origin | verdict |",
        "|---|---|---:|---:|---|---:|---|---|",
    ]
    for finding in findings(_ordered(report)):
        x = finding.comparison
        verdict = "agrees" if x.agrees else f"known difference ({x.known})" if x.known else "**differs**"
        lines.append(
            f"| `{x.model_id}` | {finding.component} | {format_price(x.ours)} | {format_price(x.theirs)} | {x.dataset} "
            f"(`{x.their_key}`) | {_percent(x.difference)} | {'curated' if x.curated else 'imported'} | "
            f"{verdict} |"
        )
    if report.stale:
        lines += ["", "**Stale acknowledgements** (remove them from `pricing.known_differences`):", ""]
        lines += [f"- {_stale_text(s)}" for s in report.stale]
    hint = acknowledge_hint(report)
    if hint:
        lines += ["", hint[0], "", "```yaml", *(line[2:] for line in hint[1:]), "```"]
    return "\n".join(lines)


def as_github(report: CrosscheckReport) -> str:
    """Errors on the curated prices that differ and on stale acknowledgements, notices on
    imported ones, the advice to acknowledge, then the summary."""
    from catalog.checks.github import annotation, capped

    entries = []
    for finding in findings(report.disagreements):
        x = finding.comparison
        level = "error" if x.curated else "notice"
        text = (f"{x.model_id} {finding.component}: ours {format_price(x.ours)}, {x.dataset} {format_price(x.theirs)} ({x.their_key}), "
                f"differs by {_percent(x.difference)}")
        entries.append((level, annotation(level, text, file=shown_path(x.our_file), title="crosscheck"),
                        f"{shown_path(x.our_file)}: {text}"))
    for s in report.stale:
        entries.append(("error", annotation("error", _stale_text(s), title="crosscheck.stale-acknowledgement"),
                        _stale_text(s)))
    return "\n".join([*capped(entries), *acknowledge_hint(report), summary_line(report)])  # type: ignore[arg-type]


def as_json(report: CrosscheckReport) -> dict[str, Any]:
    return {
        "tolerance": str(report.tolerance),
        "matched_models": report.matched_models,
        "unmatched_models": report.unmatched_models,
        "own_source_models": report.own_source_models,
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
                "our_file": shown_path(x.our_file),
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


def check_catalog(catalog: Any, against: Sequence[str], *, tolerance: Decimal = DEFAULT_TOLERANCE) -> CrosscheckReport:
    """Cross-check a loaded catalog against datasets named as `--against` takes them."""
    from catalog.checks.stale import is_imported_file
    from catalog.importers import load_source

    others = [load_source(name, location, catalog.data_dir)[0] for name, location in map(parse_against, against)]
    return crosscheck(catalog.models, catalog.origins, others,
                      is_curated_file=lambda file: not is_imported_file(file, catalog.data_dir), tolerance=tolerance)


def bundled_datasets(data_dir: Path, sources: Sequence[str]) -> list[str]:
    """`--against` values for the datasets kept in `data/upstream/` (`litellm-1.110.2.json.gz`):
    the last file of each known source, by name."""
    found: dict[str, Path] = {}
    for path in sorted((Path(data_dir) / "upstream").glob("*.json*")):
        source = max((s for s in sources if path.name.startswith(f"{s}-")), key=len, default=None)
        if source is not None:
            found[source] = path
    return [f"{source}={path}" for source, path in sorted(found.items())]


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

    from catalog.load import bundled_data_dir, load_catalog

    data = Path(data_dir) if data_dir is not None else bundled_data_dir()
    report = check_catalog(load_catalog(data), against, tolerance=tolerance)
    formats = {"json": lambda r: json.dumps(as_json(r), indent=2), "markdown": as_markdown, "github": as_github}
    return (1 if report.failed else 0), formats.get(output, as_text)(report)
