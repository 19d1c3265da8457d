"""The spec: what a provider file and a model file may say, as pydantic models.

One YAML file per model, `data/models/<provider>/<model>.yaml`, one per provider,
`data/providers/<provider>.yaml`. Every class forbids unknown keys, every docstring below a
field becomes that field's description in the generated JSON Schema. A price has three
states: a number (priced), 0 (free) and absent (unknown, never shown or summed as $0):

    id: google/gemini-2.0-flash
    name: Gemini 2.0 Flash
    provider: google
    kind: chat
    pricing:
      source: https://ai.google.dev/gemini-api/docs/pricing
      verified: 2026-11-21
      input: 0.10        # USD per 1M input tokens
      output: 0.40

Only the shape of one file is checked here; rules that compare fields or files live in
`catalog.rules`, each with an id.

Numbers are numbers and text is text, whoever wrote the file:

- A price, a limit, a count or a score is a YAML number: `"0.039"` or `"$0.039"` in quotes is
  an error at its line. Each kind has a ceiling far above any real value, so that no spec can
  make a page or an estimate huge or slow: a price at most `MAX_PRICE` USD per its unit, a
  token size at most `MAX_TOKENS`, a count at most `MAX_COUNT`. `.inf` and `.nan` are errors.
  A price of `-0` reads as 0.
- Plain scalars are read as YAML 1.2 reads them (`catalog.yamlfile`): `1e-6` is a number,
  `1_000` is 1000; `0100` (YAML 1.1's octal), `0x10` and `0b1` are errors that say the decimal
  to write; `1:30` is text, never 90; a flag is `true` or `false`, and YAML 1.1's `yes`, `no`,
  `on` and `off` are errors where a flag is expected (and text elsewhere).
- One-line text (names, ids, aliases, titles, parameter names) holds no control character
  (C0, C1, DEL, ESC) and no invisible or direction-changing one (U+200B..U+200F,
  U+202A..U+202E, U+2066..U+2069, U+FEFF, ...); Markdown and other prose may also hold
  newlines and tabs, nothing else of those (`catalog.text`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from catalog.text import unsafe_character

from catalog.units import (
    PER_1K_SEARCHES,
    PER_1M_CHARACTERS,
    PER_1M_TOKENS,
    PER_IMAGE,
    PER_PAGE,
    PER_REQUEST,
    PER_SECOND,
)

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9._-]{0,126}[a-z0-9])?$"
MODEL_ID_PATTERN = r"^[a-z0-9](?:[a-z0-9._-]{0,126}[a-z0-9])?/[a-z0-9](?:[a-z0-9._-]{0,126}[a-z0-9])?$"
PARTIAL_DATE_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?$"
CLOCK_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
IMAGE_SIZE_PATTERN = r"^([0-9]{2,5}x[0-9]{2,5}|any)$"
"""Patterns say [0-9]: the validator's `\\d` also matches the digits of other scripts."""

MAX_PRICE = Decimal(1_000_000)
"""Highest price, in USD per the field's unit: real ones stay below $1,000 per 1M tokens."""
MAX_TOKENS = 1_000_000_000
"""Largest token size (context window, output, tier threshold): real ones stay below 100M."""
MAX_COUNT = 1_000_000_000_000
"""Largest count (requests or tokens per minute, embedding dimensions)."""
MAX_MEASURE = 1e12
"""Largest magnitude of other numbers: seconds, benchmark scores, parameter bounds."""


# --- numbers and text, checked once here for every field that holds them ------------------


HOW_VALUES_ARE_READ = (
    "Numbers are YAML numbers, never quoted: a price is 0 to 1000000 USD per its unit (-0 reads as 0), "
    "a token size 1 to 1000000000, a count 1 to 1000000000000; .inf and .nan are refused. Plain values are "
    "read as YAML 1.2: 1e-6 is a number and 1_000 is 1000; 0100 (octal in YAML 1.1), 0x10 and 0b1 are "
    "refused with the decimal to write; 1:30 is text; a flag is true or false, and yes/no/on/off are refused "
    "where a flag is expected. One-line text holds no control (C0, C1, DEL) or invisible or "
    "direction-changing character (U+200B-U+200F, U+202A-U+202E, U+2066-U+2069, U+FEFF, ...); Markdown "
    "and other prose may also hold newlines and tabs."
)
"""How the reader and the schema read values; the generated JSON Schema carries it as `$comment`."""

SPEC_FILE = {"spec_file": True}
"""Validation context of data read from a spec file: `Model.model_validate(data, context=SPEC_FILE)`."""


def _yaml_number(value: object, info: ValidationInfo) -> object:
    """A number must be written as one: booleans are refused, and in a spec file so is text
    (`"0.039"`, `"$0.039"`). Code and the catalog's own JSON carry exact prices as text."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise PydanticCustomError("number_type", "should be a number")
    if isinstance(value, str) and isinstance(info.context, dict) and info.context.get("spec_file"):
        raise PydanticCustomError("number_type", "should be a number, written without quotes or units")
    return value


YamlNumber = BeforeValidator(_yaml_number)
"""Annotation of a number field that a spec file must write as a number (see `_yaml_number`)."""


def _flag(value: object) -> object:
    if not isinstance(value, bool):
        raise PydanticCustomError("bool_type", "should be true or false (yes, no, on and off are not flags)")
    return value


def _no_negative_zero(value: Decimal) -> Decimal:
    return Decimal(0) if value.is_zero() else value  # -0.0 would print as "$-0.0"


def _number_schema(schema: dict[str, object]) -> None:
    """The JSON Schema of an exact decimal says number: a quoted price is an error."""
    branches = [b for b in schema.pop("anyOf", []) if isinstance(b, dict) and b.get("type") != "string"]
    if len(branches) == 1:
        schema.update(branches[0])
    elif branches:
        schema["anyOf"] = branches


def _text(multiline: bool) -> AfterValidator:
    def check(value: str) -> str:
        found = unsafe_character(value, multiline=multiline)
        if found is not None:
            index, char = found
            raise PydanticCustomError(
                "text_unsafe",
                "holds {what} {code} at character {index}; remove it",
                {"what": "a control character" if ord(char) < 0xA0 else "an invisible or direction-changing character",
                 "code": f"U+{ord(char):04X}", "index": index + 1},
            )
        return value
    return AfterValidator(check)


Text = Annotated[str, _text(multiline=False)]
"""One line of visible text: no control, invisible or direction-changing character."""
Prose = Annotated[str, _text(multiline=True)]
"""Text that may break lines and indent with tabs, and hold nothing else invisible."""
Flag = Annotated[bool, BeforeValidator(_flag)]
"""`true` or `false`."""

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
"""A lower-case URL path segment: letters, digits, '.', '_' and '-'."""
ModelId = Annotated[str, StringConstraints(pattern=MODEL_ID_PATTERN)]
"""`<provider>/<model>`, two slugs; it is also the model's URL path and file path."""

_EXACT = PlainSerializer(lambda d: format(d, "f"), return_type=str, when_used="json")

# Constraints come before the validators: pydantic then writes them as JSON Schema keywords.
Price = Annotated[
    Decimal,
    Field(ge=0, le=MAX_PRICE, allow_inf_nan=False, json_schema_extra=_number_schema),
    YamlNumber,
    AfterValidator(_no_negative_zero),
    _EXACT,
]
"""A non-negative amount in USD, exact, at most `MAX_PRICE`. JSON carries it as a string to keep it exact."""

Multiplier = Annotated[
    Decimal,
    Field(gt=0, le=100, allow_inf_nan=False, json_schema_extra=_number_schema),
    YamlNumber,
    _EXACT,
]

TokenSize = Annotated[int, Field(gt=0, le=MAX_TOKENS), YamlNumber]
"""A number of tokens in one request: 1 to `MAX_TOKENS`."""
Count = Annotated[int, Field(gt=0, le=MAX_COUNT), YamlNumber]
"""A count of things: 1 to `MAX_COUNT`."""
Measure = Annotated[float, Field(ge=-MAX_MEASURE, le=MAX_MEASURE, allow_inf_nan=False), YamlNumber]
"""A finite number of at most `MAX_MEASURE` either way."""

PerMillionTokens = Annotated[Price | None, PER_1M_TOKENS]
PerImage = Annotated[Price | None, PER_IMAGE]
PerRequest = Annotated[Price | None, PER_REQUEST]
PerSecond = Annotated[Price | None, PER_SECOND]
PerThousandSearches = Annotated[Price | None, PER_1K_SEARCHES]
PerMillionCharacters = Annotated[Price | None, PER_1M_CHARACTERS]
PerPage = Annotated[Price | None, PER_PAGE]

PartialDate = Annotated[str, StringConstraints(pattern=PARTIAL_DATE_PATTERN)]
"""A date that may stop at the month: `2024-08` or `2024-08-06`."""
ClockTime = Annotated[str, StringConstraints(pattern=CLOCK_TIME_PATTERN)]
"""A UTC time of day, `HH:MM`."""
Markdown = Annotated[Prose, StringConstraints(min_length=1, max_length=20_000)]
"""CommonMark text; the site renders it with raw HTML disabled."""

Kind = Literal[
    "chat",
    "completion",
    "embedding",
    "image-generation",
    "image-edit",
    "video-generation",
    "speech",
    "transcription",
    "realtime",
    "rerank",
    "moderation",
    "ocr",
    "search",
]
Status = Literal["preview", "active", "deprecated", "retired"]
Modality = Literal["text", "image", "audio", "video", "pdf", "embedding"]
Protocol = Literal[
    "openai-chat",
    "openai-completions",
    "openai-images",
    "openai-embeddings",
    "openai-audio-speech",
    "openai-audio-transcriptions",
    "openai-moderations",
    "rerank",
    "predictions",
]
Variant = Literal["batch", "priority", "flex"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
"""A day of the week, UTC."""


class Spec(BaseModel):
    """The policy every spec class shares: unknown keys are errors, values are immutable,
    attribute docstrings are the field descriptions of the JSON Schema (`catalog.field_docs`
    reads them when a schema is written, not pydantic at every import)."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
    )


# --- prices -------------------------------------------------------------------------------


class PriceSet(Spec):
    """Flat prices, each per the unit its field declares. Absent means unknown, 0 means free.

    Token fields are per 1M tokens. `input` is the uncached remainder of the prompt: a
    response's input count includes its cache reads and writes, which `cache_read` and
    `cache_write_*` price instead.
    """

    input: PerMillionTokens = None
    """USD per 1M uncached input (prompt) tokens."""
    output: PerMillionTokens = None
    """USD per 1M output tokens, reasoning tokens included unless `reasoning` prices them."""
    cache_read: PerMillionTokens = None
    """USD per 1M input tokens read from the prompt cache."""
    cache_write_5m: PerMillionTokens = None
    """USD per 1M input tokens written to a prompt cache that lives 5 minutes."""
    cache_write_1h: PerMillionTokens = None
    """USD per 1M input tokens written to a prompt cache that lives 1 hour."""
    reasoning: PerMillionTokens = None
    """USD per 1M reasoning tokens, when the provider prices them apart from output."""
    input_audio: PerMillionTokens = None
    """USD per 1M audio input tokens."""
    output_audio: PerMillionTokens = None
    """USD per 1M audio output tokens."""
    cache_read_audio: PerMillionTokens = None
    """USD per 1M audio input tokens read from the prompt cache."""
    input_image: PerMillionTokens = None
    """USD per 1M image input tokens (images priced as tokens)."""
    output_image: PerMillionTokens = None
    """USD per 1M image output tokens (generated images priced as tokens)."""
    input_video: PerMillionTokens = None
    """USD per 1M video input tokens."""
    input_per_image: PerImage = None
    """USD per input image, when images are priced per image rather than per token."""
    output_per_image: PerImage = None
    """USD per generated image, whatever its size and quality (see `output_images`)."""
    per_request: PerRequest = None
    """USD per request, on top of any token prices."""
    input_per_second: PerSecond = None
    """USD per second of input media (audio to transcribe, video to analyse)."""
    output_per_second: PerSecond = None
    """USD per second of generated media (speech, video)."""
    web_search: PerThousandSearches = None
    """USD per 1,000 web searches the model runs."""
    input_characters: PerMillionCharacters = None
    """USD per 1M input characters (text-to-speech priced by characters)."""
    per_page: PerPage = None
    """USD per document page processed (OCR)."""


class ImagePrice(Spec):
    """The price of one generated image of a given size and quality."""

    size: Annotated[str, StringConstraints(pattern=IMAGE_SIZE_PATTERN)]
    """Pixel size `WIDTHxHEIGHT`, or `any`."""
    quality: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")] | None = None
    """The provider's quality name (standard, hd, low, medium, high); absent if it has none."""
    price: Price
    """USD per image."""


class ContextTier(PriceSet):
    """A cliff: a request whose whole prompt (cached tokens included) has more than `above`
    tokens pays these prices for all its tokens of each kind listed; unlisted kinds keep the
    base price."""

    above: TokenSize
    """Prompt-token threshold; the tier applies to prompts strictly above it."""


class VariantPricing(PriceSet):
    """Prices of a service variant (batch, priority, flex). Listed prices replace the base
    ones; `multiplier` scales every base price that is not listed. With neither, an unlisted
    price is unknown for this variant.

    Above a context tier of the block, for each component that tier lists, the variant's price
    is its own tier price (the entry of `tiers` with the same `above`) if listed there, else
    the tier's price times `multiplier`, else unknown: a flat variant price never undercuts a
    tier. Components the tier does not list, and requests below the first tier, follow the flat
    rule above."""

    multiplier: Multiplier | None = None
    """Factor applied to the base prices that are not listed (0.5 for a 50% batch discount)."""
    tiers: tuple[ContextTier, ...] = ()
    """The variant's own prices above context tiers of the block, each matching a block tier's `above`."""


class TimeWindow(PriceSet):
    """Prices during a UTC time of day, on some or every day of the week (off-peak discounts).
    Same override rules as a variant.

        - {name: off-peak, start: "10:00", end: "00:00", days: [mon, tue, wed, thu, fri]}
        - {name: off-peak, start: "00:00", end: "00:00", days: [sat, sun]}   # all day
    """

    name: Annotated[Text, StringConstraints(min_length=1, max_length=40)]
    """Short name shown on the page ("off-peak")."""
    start: ClockTime
    """Start of the window, UTC, inclusive."""
    end: ClockTime
    """End of the window, UTC, exclusive; earlier than `start` when the window spans midnight,
    equal to it when the window lasts the whole day."""
    days: tuple[Weekday, ...] = ()
    """UTC days of the week whose clock times in `start`..`end` the window covers; empty means
    every day. A window spanning midnight covers, on each listed day, the times after `start`
    and the times before `end`."""
    multiplier: Multiplier | None = None
    """Factor applied to the base prices that are not listed."""
    tiers: tuple[ContextTier, ...] = ()
    """The window's own prices above context tiers of the block, with the same rule as a variant's."""


class KnownDifference(Spec):
    """A reviewed disagreement with a public dataset: `catalog crosscheck` lists it as a known
    difference instead of failing, and fails when it no longer matches a disagreement."""

    dataset: Slug
    """The dataset that states other prices, as the cross-check names it: `genai-prices`, `litellm`."""
    components: tuple[Annotated[Text, StringConstraints(min_length=1, max_length=80)], ...] = ()
    """The prices it covers, as the cross-check names them: a component (`input`, in every tier,
    variant and time window too) or one path (`variants.batch.input`); empty means every price."""
    reason: Annotated[Prose, StringConstraints(min_length=1, max_length=300)]
    """Why our price differs, in a sentence: what we follow and what the dataset has."""


class PricingBlock(PriceSet):
    """A model's prices at one point in time, with where they came from."""

    source: AnyHttpUrl
    """The page the prices were read from."""
    verified: dt.date
    """When someone last checked these prices against `source`."""
    effective: dt.date | None = None
    """The day these prices took effect; absent for the earliest known prices."""
    currency: Literal["USD"] = "USD"
    """Only USD is supported."""
    note: Annotated[Prose, StringConstraints(max_length=500)] | None = None
    """How the prices were verified, or anything a reader of the price table should know."""
    output_images: tuple[ImagePrice, ...] = ()
    """Per-image prices by size and quality, when they differ."""
    tiers: tuple[ContextTier, ...] = ()
    """Context tiers, by ascending threshold."""
    variants: dict[Variant, VariantPricing] = Field(default_factory=dict)
    """Prices of the batch, priority and flex service variants."""
    windows: tuple[TimeWindow, ...] = ()
    """Time-of-day windows with their own prices."""
    high_price_intended: Flag = False
    """Set when a per-1M-token price above the unit-slip ceiling is really the price."""
    known_differences: tuple[KnownDifference, ...] = ()
    """Reviewed disagreements with public datasets, which the cross-check does not fail on."""


# --- the rest of a model --------------------------------------------------------------------


class Limits(Spec):
    """Sizes in tokens. Absent means not published."""

    context_window: TokenSize | None = None
    """Tokens the model can attend to in one request, prompt and output together."""
    max_input: TokenSize | None = None
    """Most prompt tokens accepted, when it is less than the context window."""
    max_output: TokenSize | None = None
    """Most tokens generated in one response."""
    prompt_cache_min: TokenSize | None = None
    """Fewest prompt tokens for which the provider caches the prompt."""
    embedding_dimensions: Count | None = None
    """Length of the vectors an embedding model returns."""

    @property
    def prompt_room(self) -> int | None:
        """The context window when published, else the most input tokens: the size that context
        filters compare with and lists show. Never an invented window: a source giving only the
        maximum input (LiteLLM's `max_input_tokens`) says that much, and no more."""
        return self.context_window if self.context_window is not None else self.max_input


class Modalities(Spec):
    """What goes in and what comes out."""

    input: tuple[Modality, ...] = ()
    """Input modalities."""
    output: tuple[Modality, ...] = ()
    """Output modalities."""


class Capabilities(Spec):
    """Each is true (advertised), false (the provider says no) or absent (not advertised)."""

    function_calling: Flag | None = None
    """Calls tools described by JSON Schema."""
    parallel_tool_calls: Flag | None = None
    """Asks for several tool calls in one response."""
    tool_choice: Flag | None = None
    """Lets the caller force or forbid tool use."""
    vision: Flag | None = None
    """Understands input images."""
    audio_input: Flag | None = None
    """Understands input audio."""
    audio_output: Flag | None = None
    """Speaks: generates audio."""
    video_input: Flag | None = None
    """Understands input video."""
    pdf_input: Flag | None = None
    """Reads PDF documents natively."""
    image_output: Flag | None = None
    """Generates images."""
    streaming: Flag | None = None
    """Streams the response as it is generated."""
    structured_output: Flag | None = None
    """Constrains output to a JSON Schema."""
    prompt_caching: Flag | None = None
    """Caches prompt prefixes and bills cache reads apart."""
    reasoning: Flag | None = None
    """Thinks before answering (reasoning tokens)."""
    web_search: Flag | None = None
    """Searches the web while answering."""
    system_messages: Flag | None = None
    """Accepts a system prompt."""
    computer_use: Flag | None = None
    """Operates a computer through screenshots and input events."""
    fine_tuning: Flag | None = None
    """Can be fine-tuned by customers."""
    batch_api: Flag | None = None
    """Offers an asynchronous batch API."""


class Parameter(Spec):
    """One input parameter of the model's API."""

    name: Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_.-]*$")]
    """The parameter's name in the request body."""
    type: Literal["string", "integer", "number", "boolean", "array", "object", "url", "file"]
    """JSON type, or `url` / `file` for media inputs."""
    required: Flag = False
    """Whether a request must set it."""
    description: Annotated[Prose, StringConstraints(min_length=1, max_length=2_000)]
    """What it does."""
    tips: Markdown | None = None
    """Advice on choosing a value."""
    default: Text | int | Measure | bool | None = None
    """Value used when the request does not set it."""
    choices: tuple[Text | int | Measure, ...] = ()
    """Allowed values, when they are a short list."""
    minimum: Measure | None = None
    """Smallest allowed value of a number."""
    maximum: Measure | None = None
    """Largest allowed value of a number."""


class RateLimits(Spec):
    """Limits the gateway or provider applies to one key."""

    requests_per_minute: Count | None = None
    """Requests accepted per minute."""
    concurrent_requests: Count | None = None
    """Requests in flight at once."""
    tokens_per_minute: Count | None = None
    """Tokens accepted per minute."""


GatewayModel = Annotated[Text, StringConstraints(min_length=1, max_length=200)]


class Route(Spec):
    """One more way to reach the model: another gateway (named in `catalog.yaml`), its
    protocol and the names it knows the model by."""

    gateway: Slug
    """The gateway's name under `gateways:` in `catalog.yaml` (`eachlabs`)."""
    protocol: Protocol
    """Wire protocol at that gateway."""
    model: GatewayModel
    """The model name that gateway expects (`gemini` in a prediction's `model`)."""
    version: GatewayModel | None = None
    """The version a predictions API expects beside the model (`2.0-flash-exp-image-generation`)."""


class Api(Spec):
    """How to call the model: its main route (`protocol`, `gateway_model`, through `gateway` or
    the default gateway) and any further `routes`."""

    protocol: Protocol
    """Wire protocol: OpenAI-compatible endpoints, or predictions (create, then poll)."""
    gateway_model: GatewayModel
    """The model name the gateway expects in requests."""
    gateway: Slug | None = None
    """The gateway, by its name under `gateways:` in `catalog.yaml`; absent, the default gateway
    (`smoke.default_gateway`)."""
    version: GatewayModel | None = None
    """The version a predictions API expects beside the model name."""
    routes: tuple[Route, ...] = ()
    """Other gateways that serve the model, each with its own protocol and model name."""
    parameters: tuple[Parameter, ...] = ()
    """Input parameters worth documenting."""
    output_format: Annotated[Text, StringConstraints(min_length=1, max_length=200)] | None = None
    """What a successful response carries (`png image URL`, `JSON chat completion`)."""
    rate_limits: RateLimits | None = None
    """Rate limits for one key."""
    typical_response_seconds: Annotated[
        float, Field(gt=0, le=MAX_MEASURE, allow_inf_nan=False), YamlNumber] | None = None
    """Typical wall-clock time of one request, as published."""


class Editorial(Spec):
    """Prose for the model page, in Markdown."""

    overview: Markdown | None = None
    """What the model is and who it is for."""
    use_cases: Markdown | None = None
    """What it is good at."""
    tips: Markdown | None = None
    """How to get good results."""
    limitations: Markdown | None = None
    """What it does poorly or cannot do."""


class Benchmark(Spec):
    """A published benchmark result."""

    name: Annotated[Text, StringConstraints(min_length=1, max_length=80)]
    """Benchmark name (MMLU, GPQA Diamond)."""
    score: Measure
    """The score, higher is better, in `unit`."""
    unit: Literal["percent", "score", "elo"] = "percent"
    """What the score is measured in."""
    date: dt.date
    """When the result was published."""
    source: AnyHttpUrl
    """Where it was published."""


class Link(Spec):
    """A useful link about the model."""

    kind: Literal["official", "pricing", "docs", "model-card", "paper", "benchmark", "other"]
    """What the link is."""
    url: AnyHttpUrl
    """Where it goes."""
    title: Annotated[Text, StringConstraints(min_length=1, max_length=200)] | None = None
    """Link text; the site derives one from `kind` when absent."""


class Provenance(Spec):
    """Where an imported spec came from. Curated specs leave it out."""

    dataset: Annotated[Text, StringConstraints(min_length=1, max_length=80)]
    """The public dataset (litellm, genai-prices, openrouter)."""
    version: Annotated[Text, StringConstraints(min_length=1, max_length=80)]
    """The dataset's version or snapshot date."""
    imported: dt.date
    """The dataset's release day when the import was told it (`--snapshot-date`), so importing
    the same snapshot again writes the same file; else the day the spec was generated."""
    upstream: AnyHttpUrl
    """Where the dataset is published."""
    upstream_key: Annotated[Text, StringConstraints(min_length=1, max_length=300)]
    """The model's key in the dataset."""


class ModelSpec(Spec):
    """One model, as offered by one provider."""

    model_config = ConfigDict(json_schema_extra={"$comment": HOW_VALUES_ARE_READ})

    id: ModelId
    """`<provider>/<model>`; must match the file's path under `models/`."""
    name: Annotated[Text, StringConstraints(min_length=1, max_length=120)]
    """Display name."""
    provider: Slug
    """The provider's id; a provider spec with that id must exist."""
    family: Slug | None = None
    """Model family (`gemini-2.0`), used to find similar models."""
    base_model: Slug | None = None
    """The canonical model this offering sells (`gpt-4o`, `llama-3.3-70b-instruct`): the same
    model at other providers, its dated snapshots and regional copies share it. Absent, the
    offering is a canonical model of its own."""
    kind: Kind
    """What the model does; models are compared with peers of the same kind."""
    status: Status = "active"
    """Lifecycle stage."""
    released: dt.date | None = None
    """First day of general or preview availability."""
    deprecated_on: dt.date | None = None
    """Day the provider deprecated it (new use discouraged)."""
    retires_on: dt.date | None = None
    """Day it stops answering."""
    successor: ModelId | None = None
    """The model the provider recommends instead, if any."""
    lifecycle_source: AnyHttpUrl | None = None
    """The page that announces `deprecated_on`, `retires_on` or `successor` (the provider's
    deprecations page), when the dates come from one."""
    knowledge_cutoff: PartialDate | None = None
    """Last month (or day) of training data."""
    open_weights: Flag | None = None
    """Whether the weights are published."""
    aliases: tuple[Annotated[Text, StringConstraints(min_length=1, max_length=200)], ...] = ()
    """Other names the model is known by (dated snapshots, provider-side names)."""
    summary: Annotated[Text, StringConstraints(min_length=1, max_length=300)] | None = None
    """One sentence for lists and link previews."""
    limits: Limits = Field(default_factory=Limits)
    """Token limits."""
    modalities: Modalities = Field(default_factory=Modalities)
    """Input and output modalities."""
    capabilities: Capabilities = Field(default_factory=Capabilities)
    """Capability flags."""
    pricing: PricingBlock | None = None
    """Current prices; absent when none are published (every price unknown)."""
    price_history: tuple[PricingBlock, ...] = ()
    """Earlier prices, each with the day it took effect, newest first."""
    api: Api | None = None
    """How to call it through the gateway."""
    editorial: Editorial = Field(default_factory=Editorial)
    """Prose for the model page."""
    benchmarks: tuple[Benchmark, ...] = ()
    """Published benchmark results."""
    links: tuple[Link, ...] = ()
    """Official pages, pricing, documentation, papers."""
    provenance: Provenance | None = None
    """Set on imported specs: the dataset they were generated from."""

    # That the provider matches the id's folder is checked by the loader (load.id-mismatch),
    # which can name the line; one place per rule.


class ProviderSpec(Spec):
    """A company or service that offers models."""

    model_config = ConfigDict(json_schema_extra={"$comment": HOW_VALUES_ARE_READ})

    id: Slug
    """Must match the file name under `providers/`."""
    name: Annotated[Text, StringConstraints(min_length=1, max_length=120)]
    """Display name."""
    homepage: AnyHttpUrl | None = None
    """The provider's website."""
    pricing_page: AnyHttpUrl | None = None
    """Where the provider publishes prices."""
    docs: AnyHttpUrl | None = None
    """API documentation."""
    status_page: AnyHttpUrl | None = None
    """Service status page."""
    overview: Markdown | None = None
    """Who they are, in a paragraph of Markdown."""
    aliases: tuple[Slug, ...] = ()
    """Names public datasets use for this provider (`gemini`, `vertex_ai`)."""
    local_runtime: Flag | None = None
    """True for software that runs models on your own hardware (Ollama, Lemonade): its $0 is
    no price anyone is billed, so `cheapest` leaves its offerings out unless asked."""
    provenance: Provenance | None = None
    """Set on imported provider specs."""
