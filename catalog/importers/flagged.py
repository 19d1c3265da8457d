"""Upstream values that break our rules: imported as they are, and each one listed in the report.

The catalog's rules run over the imported specs alone, dated the day of the import, so the
list depends only on the dataset (not on curated overrides or on the day it is checked):

    with_rule_breaks(result, curated_provider_ids)
    -> report.rule_breaks == (RuleBreak("limits.output-within-context", "azure/gpt-x",
           "models/azure/gpt-x.yaml", "limits.max_output", "max_output 65536 exceeds ..."), ...)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from catalog.importers.common import ImportResult, RuleBreak


def rule_breaks(result: ImportResult, curated_providers: Iterable[str]) -> tuple[RuleBreak, ...]:
    """Every rule violation of the imported specs, sorted by rule, model id, field, message."""
    from catalog import rules
    from catalog.dataset import DEFAULT_STALE_DAYS

    context = rules.RuleContext(
        today=result.report.dataset.imported,
        stale_days=DEFAULT_STALE_DAYS,
        models={m.id: m for m in result.models},
        providers={p.id: p for p in result.providers},
        declared_models=frozenset(m.id for m in result.models),
        # Providers with a curated spec get no imported one; they exist all the same.
        declared_providers=frozenset({*(p.id for p in result.providers), *curated_providers}),
    )
    found = {
        RuleBreak(
            rule=v.rule,
            model_id=v.spec_id,
            file=f"{'providers' if v.subject == 'provider' else 'models'}/{v.spec_id}.yaml",
            field=".".join(str(part) for part in v.path),
            message=v.message,
        )
        for v in rules.check_catalog(context)
    }
    return tuple(sorted(found, key=lambda b: (b.rule, b.model_id, b.field, b.message)))


def with_rule_breaks(result: ImportResult, curated_providers: Iterable[str]) -> ImportResult:
    """The result whose report lists every rule break and counts them per rule."""
    breaks = rule_breaks(result, curated_providers)
    counts = Counter(b.rule for b in breaks)
    ranked = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return replace(result, report=replace(result.report, findings=ranked, rule_breaks=breaks))
