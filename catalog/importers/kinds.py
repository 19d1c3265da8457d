"""Model kinds from what a dataset states: modalities and names, read by one reviewed rule table.

LiteLLM states a kind (its `mode`); models.dev and model-prices do not, so theirs is derived
here from the modalities and names they do give, and a LiteLLM `chat` that the same rules
contradict is corrected. The first rule that matches decides; no rule means chat:

    derived_kind(evidence("evroc/openai-whisper-large-v3", "whisper", ["audio"], ["text"]))
    -> ("transcription", KindRule("transcription", "takes audio and no text; writes text", ...))
    derived_kind(evidence("openai/gpt-4o", "gpt", ["text", "image"], ["text"])) -> ("chat", None)

`data/kinds.yaml` holds the reviewed exceptions, one offering each, with the reason.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any

from pydantic import StringConstraints

from catalog.importers.common import ImportResult
from catalog.importers.reviewed import read_reviewed
from catalog.schema import Kind, ModelSpec, Spec

DEFAULT_KIND = "chat"
"""What a model is when no rule says otherwise: it reads text and writes text."""
STATED_KINDS_CORRECTED = frozenset({"chat"})
"""A dataset's stated kind that the rules may correct: LiteLLM writes `chat` for entries of
every sort (FLUX, Titan Embed, Llama Guard); a specific mode it states is kept."""
OVERRIDES_FILE = "kinds.yaml"


@dataclass(frozen=True)
class Evidence:
    """What a dataset says about one offering that bears on its kind."""

    names: str
    """The model part of its id and its family, lower-case: `workers-ai-cf-baai-bge-m3 bge`."""
    inputs: frozenset[str]
    """Input modalities, empty when the dataset states none."""
    outputs: frozenset[str]


@dataclass(frozen=True)
class KindRule:
    """One row of the table: every condition given must hold."""

    kind: Kind
    why: str
    """What the data says, as the import report lists it."""
    names: str | None = None
    """A pattern the names must contain."""
    writes: str | None = None
    """A modality the stated outputs include."""
    writes_text: bool | None = None
    """Whether the stated outputs include text (None: either)."""
    reads: str | None = None
    """A modality the stated inputs include."""
    reads_text: bool | None = None
    """Whether the stated inputs include text (None: either)."""

    def matches(self, evidence: Evidence) -> bool:
        return (
            (self.names is None or re.search(self.names, evidence.names) is not None)
            and (self.writes is None or self.writes in evidence.outputs)
            and (self.writes_text is None or self.writes_text == ("text" in evidence.outputs))
            and (self.reads is None or self.reads in evidence.inputs)
            and (self.reads_text is None or self.reads_text == ("text" in evidence.inputs))
        )


def _token(words: str) -> str:
    """`words` as whole parts of a slug (`e5` in `multilingual-e5-large`, not in `qwen2e5`)."""
    return rf"(?:^|[-._ ])(?:{words})(?:$|[-._ ])"


EMBEDDING_NAMES = "embed|mini-?lm|mpnet|" + _token("bge|e5|gte|voyage")
"""Embedding models: named so (`embed`, `embedding`, `text-embedding`), or a family that only
makes embeddings (BGE, E5, GTE, all-MiniLM, MPNet, Voyage); their rerankers match `rerank` first."""

RULES: tuple[KindRule, ...] = (
    # What it writes, where that is not text: the modalities say it.
    KindRule("image-edit", "writes images, no text; takes an image; its name says edit",
             writes="image", writes_text=False, reads="image", names="edit"),
    KindRule("image-generation", "writes images, no text", writes="image", writes_text=False),
    KindRule("video-generation", "writes video, no text", writes="video", writes_text=False),
    KindRule("speech", "writes audio, no text", writes="audio", writes_text=False),
    # Images or audio beside text: the name says which of the two the model is for.
    KindRule("image-generation", "writes images beside text; its name says image (Gemini Image, GPT Image, Grok Imagine)",
             writes="image", names=r"image|imagine|nano-banana"),
    KindRule("speech", "writes audio beside text; its name says music or TTS (Lyria)",
             writes="audio", names=r"lyria|music|tts"),
    KindRule("transcription", "takes audio and no text; writes text", reads="audio", reads_text=False, writes="text"),
    # Text in, text out, as the datasets list them, yet not a chat model: the name says so.
    KindRule("rerank", "its name says rerank", names="rerank"),
    KindRule("embedding", "its name or family says embedding (embed, BGE, E5, GTE, MiniLM, MPNet, Voyage)",
             names=EMBEDDING_NAMES),
    KindRule("moderation", "its name says guard or moderation (Llama Guard, Prompt Guard, gpt-oss-safeguard, Qwen3Guard)",
             names=r"guard|moderation"),
    KindRule("ocr", "its name says OCR", names="ocr"),
    KindRule("speech", "its name says TTS", names="tts"),
    KindRule("image-generation", "its name is an image model family (FLUX, Stable Diffusion, SDXL, DALL-E, Imagen)",
             names=r"flux|stable-?diffusion|sdxl|dall-e|imagen"),
    KindRule("realtime", "its name says realtime", names="realtime"),
)
"""The reviewed table, first match wins. A kind the table does not reach is chat."""


def evidence(model_id: str, family: str | None, inputs: Iterable[str], outputs: Iterable[str]) -> Evidence:
    """The evidence of an offering `provider/model`: the provider's name is left out, since
    it says who sells the model, not what it does."""
    model = model_id.partition("/")[2] or model_id
    return Evidence(f"{model} {family or ''}".strip().lower(), frozenset(inputs), frozenset(outputs))


def spec_evidence(model: ModelSpec) -> Evidence:
    return evidence(model.id, model.family, model.modalities.input, model.modalities.output)


def derived_kind(evidence: Evidence) -> tuple[str, KindRule | None]:
    """The kind the table gives, and the rule that gave it (None: no rule, so chat)."""
    for rule in RULES:
        if rule.matches(evidence):
            return rule.kind, rule
    return DEFAULT_KIND, None


# --- the reviewed exceptions ------------------------------------------------------------------

Reason = Annotated[str, StringConstraints(min_length=10, max_length=400)]


class KindOverride(Spec):
    """One offering whose kind neither its dataset nor the rules get right."""

    offering: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*$")]
    """The offering's id, `<provider>/<model>`."""
    kind: Kind
    reason: Reason
    """Why: what the provider's own documentation says the model does."""


class KindOverridesFile(Spec):
    """`data/kinds.yaml`."""

    offerings: tuple[KindOverride, ...] = ()


def load_kind_overrides(data_dir: Path) -> Mapping[str, KindOverride]:
    """Offering id -> its reviewed kind (none when the data folder has no `kinds.yaml`).

    Raises `SpecFileError` (findings with file:line:column) when the file is not valid."""
    path = Path(data_dir) / OVERRIDES_FILE
    if not path.is_file():
        return {}
    parsed = read_reviewed(path, KindOverridesFile)
    return {o.offering: o for o in parsed.offerings}


# --- the import step --------------------------------------------------------------------------


@dataclass(frozen=True)
class KindChange:
    """An offering whose kind is not the one its dataset wrote."""

    model_id: str
    written: str
    """What the importer wrote: the dataset's stated kind, or the default for one that states none."""
    kind: str
    why: str

    def as_json(self) -> dict[str, str]:
        return {"model": self.model_id, "was": self.written, "kind": self.kind, "why": self.why}


@dataclass(frozen=True)
class KindSummary:
    """How an import's kinds were decided, for its report."""

    stated: bool
    """The dataset states kinds (then only `chat` is corrected), or they are all derived."""
    by_kind: tuple[tuple[str, int], ...]
    by_rule: tuple[tuple[str, int], ...]
    """`kind: why` -> offerings the rule decided (every derived kind, or every correction)."""
    changes: tuple[KindChange, ...] = field(default=())
    """For a dataset that states kinds: each stated kind corrected, by rule or override."""
    overridden: tuple[KindChange, ...] = field(default=())

    def summary(self) -> dict[str, Any]:
        return {
            "source": "stated by the dataset; chat corrected by the rules" if self.stated
                      else "derived from modalities and names (the dataset states none)",
            "by_kind": dict(self.by_kind),
            "by_rule": dict(self.by_rule),
            "changed": [c.as_json() for c in self.changes],
            "overridden": [c.as_json() for c in self.overridden],
        }

    def lines(self) -> list[str]:
        source = "stated by the dataset, chat corrected as below" if self.stated else "derived as below: the dataset states none"
        out = [f"kinds ({source}): " + ", ".join(f"{k} {n}" for k, n in self.by_kind)]
        verb = "corrected" if self.stated else "derived"
        out += [f"kind {verb}: {rule} ({n})" for rule, n in self.by_rule]
        out += [f"  {c.model_id}: {c.written} -> {c.kind}" for c in self.changes]
        out += [f"kind overridden: {c.model_id}: {c.written} -> {c.kind} ({c.why})" for c in self.overridden]
        return out


def with_kinds(result: ImportResult, stated: bool, overrides: Mapping[str, KindOverride]) -> ImportResult:
    """Every offering with its kind: derived by the rules where the dataset states none; where
    it states one, a `chat` the rules contradict is corrected; a reviewed override has the last
    word. The report counts each rule and lists every change of a stated kind."""
    models: list[ModelSpec] = []
    by_rule: Counter[str] = Counter()
    changes: list[KindChange] = []
    overridden: list[KindChange] = []
    for model in result.models:
        kind, rule = derived_kind(spec_evidence(model))
        if stated and (model.kind not in STATED_KINDS_CORRECTED or rule is None):
            kind, rule = model.kind, None
        override = overrides.get(model.id)
        if override is not None and override.kind != kind:
            overridden.append(KindChange(model.id, kind, override.kind, override.reason))
            kind, rule = override.kind, None
        if rule is not None:
            by_rule[f"{rule.kind}: {rule.why}"] += 1
            if stated:
                changes.append(KindChange(model.id, model.kind, kind, rule.why))
        models.append(model if kind == model.kind else model.model_copy(update={"kind": kind}))
    summary = KindSummary(
        stated=stated,
        by_kind=_ranked(Counter(m.kind for m in models)),
        by_rule=_ranked(by_rule),
        changes=tuple(sorted(changes, key=lambda c: c.model_id)),
        overridden=tuple(sorted(overridden, key=lambda c: c.model_id)),
    )
    return replace(result, models=tuple(models), report=replace(result.report, kinds=summary))


def _ranked(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
