"""Finding a model by what a person types: an id, an alias, a display name or a short id, in
any case. A name several offerings share resolves to the first-party offering of their
canonical model (catalog.identity), naming the others; otherwise it is ambiguous:

    resolve(rows, "OpenAI/GPT-4o")   -> Resolved("openai/gpt-4o", others=())
    resolve(rows, "gpt-4o-mini")     -> Resolved("openai/gpt-4o-mini", others=("azure/gpt-4o-mini", ...))
    resolve(rows, "nope")            -> None

It reads list rows (catalog.listing), never whole specs, so it is as fast on a cached catalog
as on a small one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from catalog.listing import ModelRow


@dataclass(frozen=True)
class Resolved:
    id: str
    """The model found."""
    others: tuple[str, ...] = ()
    """Other offerings the name also matched, when it was resolved to the first-party one."""


class AmbiguousName(LookupError):
    """A name that several models answer to, none of them first-party."""

    def __init__(self, name: str, candidates: Sequence[str]) -> None:
        self.name, self.candidates = name, tuple(candidates)
        super().__init__(f"'{name}' names {len(candidates)} models: {', '.join(candidates)}; give the full id")


def _model_part(row: ModelRow) -> str:
    return row.id.split("/", 1)[1]


def resolve(rows: Sequence[ModelRow], name: str) -> Resolved | None:
    """The model `name` stands for, None when nothing matches; raises AmbiguousName."""
    folded = name.strip().lower()
    exact = [row for row in rows if row.id.lower() == folded]
    if exact:  # ids are lower case, so at most one
        return Resolved(exact[0].id)
    candidates = [row for row in rows
                  if folded in (alias.lower() for alias in row.aliases) or row.name.lower() == folded
                  or ("/" not in folded and (_model_part(row) == folded or row.canonical.lower() == folded))]
    if not candidates:
        return None
    if len(candidates) == 1:
        return Resolved(candidates[0].id)
    chosen = first_party(candidates)
    if chosen is None:
        raise AmbiguousName(name, sorted(row.id for row in candidates))
    return Resolved(chosen.id, tuple(sorted(row.id for row in candidates if row is not chosen)))


def first_party(offerings: Sequence[ModelRow]) -> ModelRow | None:
    """The maker's own offering among offerings of one canonical model, or None.

    The catalog does not yet record who makes a model, so the maker's offering is recognised
    as the one whose id's model part is the canonical id itself and that a curated spec
    describes (the curated data is written from the makers' own pages). Offerings of different
    canonical models, or two candidates, leave it undecided.
    """
    canonicals = {row.canonical for row in offerings}
    if len(canonicals) != 1:
        return None
    (canonical,) = canonicals
    home = [row for row in offerings if _model_part(row) == canonical and row.curated]
    return home[0] if len(home) == 1 else None
