"""The smallest sensible request per protocol: enough to prove the model answers, at a cost
of a fraction of a cent.

A chat model gets a one-word question with a small `max_tokens`, an image model the cheapest
image it prices, an embedding model one word, a speech model a second of speech, a
transcription model a second of silence:

    POST chat/completions  {"model": "openai/gpt-4o-mini", "max_tokens": 16,
                            "messages": [{"role": "user", "content": "Reply with one word: ok"}]}
"""

from __future__ import annotations

import io
import wave
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from catalog.schema import ModelSpec, Parameter

PROMPT = "Reply with one word: ok"
IMAGE_PROMPT = "a small red circle on a white background"
SPEECH_TEXT = "Hi."
MAX_TOKENS = 16
DEFAULT_IMAGE_SIZE = "1024x1024"  # the one size every OpenAI image model accepts
PROMPT_PARAMETERS = ("prompt", "text", "input", "query")


class RequestError(ValueError):
    """No sensible request can be made (a predictions model with a required input we cannot fill)."""


@dataclass(frozen=True, slots=True)
class ApiRequest:
    """One HTTP request, relative to a gateway's base URL, without credentials."""

    method: str
    path: str
    json: dict[str, Any] | None = None
    form: dict[str, str] | None = None
    files: dict[str, tuple[str, bytes, str]] | None = field(default=None, repr=False)
    image_size: str | None = None
    image_quality: str | None = None

    def shown_body(self) -> Any:
        """The body as `--dry-run` prints it: files by name and size, not their bytes."""
        if self.json is not None:
            return self.json
        files = {name: f"<{fname}, {len(data):,} bytes of {kind}>" for name, (fname, data, kind) in (self.files or {}).items()}
        return {**(self.form or {}), **files}


def build_request(model: ModelSpec, protocol: str, gateway_model: str, version: str | None) -> ApiRequest:
    """The request that smoke-tests `model` over `protocol`, naming it `gateway_model`."""
    if protocol == "openai-chat":
        return ApiRequest("POST", "chat/completions", {
            "model": gateway_model, "messages": [{"role": "user", "content": PROMPT}], "max_tokens": MAX_TOKENS,
        })
    if protocol == "openai-completions":
        return ApiRequest("POST", "completions", {"model": gateway_model, "prompt": PROMPT, "max_tokens": MAX_TOKENS})
    if protocol == "openai-embeddings":
        return ApiRequest("POST", "embeddings", {"model": gateway_model, "input": "ok"})
    if protocol == "openai-moderations":
        return ApiRequest("POST", "moderations", {"model": gateway_model, "input": "ok"})
    if protocol == "rerank":
        return ApiRequest("POST", "rerank", {"model": gateway_model, "query": "ok", "documents": ["ok", "no"], "top_n": 1})
    if protocol == "openai-images":
        size, quality = cheapest_image(model)
        body: dict[str, Any] = {"model": gateway_model, "prompt": IMAGE_PROMPT, "n": 1, "size": size}
        if quality is not None:
            body["quality"] = quality
        return ApiRequest("POST", "images/generations", body, image_size=size, image_quality=quality)
    if protocol == "openai-audio-speech":
        return ApiRequest("POST", "audio/speech", {
            "model": gateway_model, "input": SPEECH_TEXT, "voice": "alloy", "response_format": "mp3",
        })
    if protocol == "openai-audio-transcriptions":
        return ApiRequest("POST", "audio/transcriptions", form={"model": gateway_model},
                          files={"file": ("second.wav", silent_wav(), "audio/wav")})
    if protocol == "predictions":
        body = {"model": gateway_model, "input": prediction_input(model)}
        if version is not None:
            body = {"model": gateway_model, "version": version, "input": body["input"]}
        return ApiRequest("POST", "prediction/", body)
    raise RequestError(f"no smoke request for protocol {protocol!r}")


def cheapest_image(model: ModelSpec) -> tuple[str, str | None]:
    """The size and quality of the cheapest image the model prices by size, else 1024x1024."""
    priced = [p for p in (model.pricing.output_images if model.pricing else ()) if p.size != "any"]
    if not priced:
        return DEFAULT_IMAGE_SIZE, None
    best = min(priced, key=lambda p: (p.price, _pixels(p.size)))
    return best.size, best.quality


def _pixels(size: str) -> int:
    width, height = size.split("x")
    return int(width) * int(height)


def prediction_input(model: ModelSpec, placeholder: Callable[[Parameter], Any] | None = None) -> dict[str, Any]:
    """A prediction's input: a tiny prompt, and each other required parameter's default or
    first choice; a required input we cannot fill is a `RequestError`, unless `placeholder`
    gives it a value (a code sample shows an example URL where a smoke call has nothing to send)."""
    params = model.api.parameters if model.api else ()
    text = IMAGE_PROMPT if model.kind.startswith(("image", "video")) else PROMPT
    filled: dict[str, Any] = {}
    for param in params:
        if param.name in PROMPT_PARAMETERS and param.type == "string":
            if param.required or not filled:
                filled[param.name] = text
        elif param.required:
            if param.default is not None:
                filled[param.name] = param.default
            elif param.choices:
                filled[param.name] = param.choices[0]
            elif placeholder is not None:
                filled[param.name] = placeholder(param)
            else:
                raise RequestError(f"required input {param.name!r} has no default or choices to send")
    if not filled:
        filled["prompt"] = text
    return filled


def silent_wav(seconds: float = 1.0, rate: int = 16_000) -> bytes:
    """`seconds` of silence as 16-bit mono WAV: the smallest honest audio file to transcribe."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x00\x00" * int(seconds * rate))
    return buffer.getvalue()
