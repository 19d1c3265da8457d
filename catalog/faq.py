"""FAQ: questions a reader asks about a model, answered from the spec's facts alone.

A question whose facts are absent is skipped rather than answered with a guess, and an unknown
price is said to be unknown, never $0:

    Q: How much does Gemini 2.0 Flash Image Generation cost?
    A: It costs $0.039 per generated image. Its prices for input tokens and output tokens
       are not published, so they are unknown rather than free.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from catalog.claims import price_text, successor_advice, unknown_prices_clause
from catalog.lifecycle import effective_status
from catalog.money import format_price
from catalog.peers import PRICE_COMPONENTS, billed_prices, prices_in_force
from catalog.schema import ModelSpec

PROTOCOL_CALLS: dict[str, str] = {
    "openai-chat": "Send an OpenAI-compatible chat completions request (POST /v1/chat/completions)"
                   " to the gateway with the model name `{model}`.",
    "openai-completions": "Send an OpenAI-compatible completions request (POST /v1/completions) to"
                          " the gateway with the model name `{model}`.",
    "openai-images": "Send an OpenAI-compatible image generation request (POST /v1/images/generations)"
                     " to the gateway with the model name `{model}`.",
    "openai-embeddings": "Send an OpenAI-compatible embeddings request (POST /v1/embeddings) to the"
                         " gateway with the model name `{model}`.",
    "openai-audio-speech": "Send an OpenAI-compatible speech request (POST /v1/audio/speech) to the"
                           " gateway with the model name `{model}`.",
    "openai-audio-transcriptions": "Send an OpenAI-compatible transcription request"
                                   " (POST /v1/audio/transcriptions) to the gateway with the model"
                                   " name `{model}`.",
    "openai-moderations": "Send an OpenAI-compatible moderation request (POST /v1/moderations) to"
                          " the gateway with the model name `{model}`.",
    "rerank": "Send a rerank request to the gateway with the model name `{model}`.",
    "predictions": "Use the gateway's predictions API with the model name `{model}`: create a"
                   " prediction, then poll it until it succeeds or fails.",
}
"""How each protocol is called, as the answer says it."""


INPUT_ONLY_KINDS = frozenset(("embedding", "rerank", "moderation"))
"""Kinds that read a request and return no generated tokens."""
TOOL_KINDS = frozenset(("chat", "completion", "realtime"))
"""Kinds where a reader expects to be told about function calling even when it is not advertised."""


@dataclass(frozen=True, slots=True)
class FaqEntry:
    """One question and its answer, both plain sentences."""

    question: str
    answer: str


def faq_entries(model: ModelSpec, *, today: dt.date,
                models: Mapping[str, ModelSpec] | None = None) -> tuple[FaqEntry, ...]:
    """The questions the facts of `model` can answer, in a fixed order. `models` (the catalog
    by id) lets the successor advice skip successors that are themselves retired."""
    entries = [
        _cost(model, today),
        _context_window(model),
        _max_output(model),
        _function_calling(model),
        _lifecycle(model, today, models or {}),
        _gateway(model),
    ]
    return tuple(e for e in entries if e is not None)


def _cost(model: ModelSpec, today: dt.date) -> FaqEntry:
    question = f"How much does {model.name} cost?"
    pricing = prices_in_force(model, today)
    if pricing is None:
        return FaqEntry(question, f"No prices are published for {model.name}, so its cost is unknown.")
    known = [(c, getattr(pricing, c)) for c in PRICE_COMPONENTS if getattr(pricing, c) is not None]
    parts = [price_text(c, price) for c, price in known]
    if pricing.output_images:
        cheapest = min(image.price for image in pricing.output_images)
        parts.append(f"from {format_price(cheapest)} per generated image depending on size and quality")
    sentences = [f"It costs {_join(parts)}." if parts else "None of its prices are published."]
    for tier in pricing.tiers:
        tier_parts = [price_text(c, getattr(tier, c)) for c in PRICE_COMPONENTS
                      if getattr(tier, c) is not None]
        if tier_parts:
            sentences.append(f"Prompts above {tier.above:,} tokens cost {_join(tier_parts)}.")
    batch = pricing.variants.get("batch")
    if batch is not None:
        listed = [price_text(c, getattr(batch, c)) for c in PRICE_COMPONENTS if getattr(batch, c) is not None]
        if batch.multiplier is not None and batch.multiplier < 1:
            # Listed batch prices replace the base ones; the multiplier scales the others.
            discount = f"{((1 - batch.multiplier) * 100).normalize():f}%"
            sentences.append(f"Through the batch API it costs {_join(listed)}, and its other prices "
                             f"are {discount} lower." if listed else
                             f"Through the batch API it costs {discount} less.")
        elif listed:
            sentences.append(f"Through the batch API it costs {_join(listed)}.")
    unknown = billed_prices(model, pricing).unknown
    if unknown:
        clause, plural = unknown_prices_clause(unknown)
        sentences.append(f"{clause}, so {'they are' if plural else 'it is'} unknown rather than free.")
    sentences.append(f"Prices verified {pricing.verified.isoformat()} against {pricing.source}.")
    return FaqEntry(question, " ".join(sentences))


def _context_window(model: ModelSpec) -> FaqEntry | None:
    if model.limits.context_window is None:
        return None
    tokens = f"{model.limits.context_window:,} tokens"
    # Embedding, rerank and moderation models read input only: there is no output to share it with.
    answer = (f"Up to {tokens} of input per request." if model.kind in INPUT_ONLY_KINDS
              else f"Up to {tokens} per request, prompt and output together.")
    return FaqEntry(f"What is the context window of {model.name}?", answer)


def _max_output(model: ModelSpec) -> FaqEntry | None:
    if model.limits.max_output is None:
        return None
    return FaqEntry(
        f"How many tokens can {model.name} generate?",
        f"Up to {model.limits.max_output:,} tokens in one response.",
    )


def _function_calling(model: ModelSpec) -> FaqEntry | None:
    supported = model.capabilities.function_calling
    converses = "text" in model.modalities.input and "text" in model.modalities.output
    if supported is None and model.kind not in TOOL_KINDS and not converses:
        # An embedding or pure image model not advertising tools: not a question to ask. A
        # model that takes and answers text (Gemini's image models) is asked about it.
        return None
    answer = {
        True: f"Yes, {model.name} can call tools that you describe with JSON Schema.",
        False: f"No, {model.name} does not support function calling.",
        None: f"Function calling is not advertised for {model.name}, so do not rely on it.",
    }[supported]
    return FaqEntry(f"Does {model.name} support function calling?", answer)


def _lifecycle(model: ModelSpec, today: dt.date, models: Mapping[str, ModelSpec]) -> FaqEntry:
    question = f"Is {model.name} deprecated?"
    advice = successor_advice(model, models, today)
    instead = f" {advice[0].upper()}{advice[1:]}." if advice else " No successor is listed."
    retires = ""
    if model.retires_on is not None:
        tense = "retired" if model.retires_on <= today else "retires"
        retires = f" It {tense} on {model.retires_on.isoformat()}."
    status = effective_status(model, today)
    if status == "retired":
        answer = f"It is retired and no longer answers requests.{retires}{instead}"
    elif status == "deprecated":
        when = f" on {model.deprecated_on.isoformat()}" if model.deprecated_on else ""
        answer = f"Yes, it was deprecated{when}, so new use is discouraged.{retires}{instead}"
    elif model.deprecated_on is not None:
        answer = (f"Not yet: it is to be deprecated on {model.deprecated_on.isoformat()}.{retires}"
                  + (instead if model.successor else ""))
    else:
        answer = f"No, its status is {status}.{retires}"
    return FaqEntry(question, answer)


def _gateway(model: ModelSpec) -> FaqEntry | None:
    api = model.api
    if api is None:
        return None
    sentences = [PROTOCOL_CALLS[api.protocol].format(model=api.gateway_model)]
    limits = api.rate_limits
    if limits is not None:
        rates = []
        if limits.requests_per_minute is not None:
            rates.append(f"{limits.requests_per_minute:,} requests per minute")
        if limits.concurrent_requests is not None:
            rates.append(f"{limits.concurrent_requests:,} concurrent requests")
        if limits.tokens_per_minute is not None:
            rates.append(f"{limits.tokens_per_minute:,} tokens per minute")
        if rates:
            sentences.append(f"One key may make {_join(rates)}.")
    if api.typical_response_seconds is not None:
        sentences.append(f"A response typically takes about {api.typical_response_seconds:g} s.")
    return FaqEntry(f"How do I call {model.name} through the gateway?", " ".join(sentences))


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
