"""A test gateway: a real HTTP server on 127.0.0.1 that speaks both smoke protocols, in each
preset's shape, with faults a test switches on.

Paths say which gateway it plays: `/agentcc/v1`, `/litellm/v1`, `/openrouter/v1` (OpenAI
compatible, each reporting cost and latency its own way) and `/predictions/v1` (create, then
poll). Faults are queued and each POST takes the next one:

    with TestGateway() as gw:
        gw.queue("429", "ok")               # first call rate-limited, then answered
        url = gw.base_url("agentcc")        # http://127.0.0.1:PORT/agentcc/v1
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PRESETS = ("agentcc", "litellm", "openrouter", "predictions")
FAULTS = ("ok", "429", "500", "503", "slow", "timeout", "malformed", "content-type", "drop", "400")


class TestGateway:
    """The server and what a test can set: faults, usage, the reported cost and latency, the
    key it accepts, the outcome of predictions and a rate limit it enforces."""

    __test__ = False  # not a pytest class

    def __init__(self, key: str = "test-key") -> None:
        self.key = key
        self.faults: deque[str] = deque()
        self.retry_after = "1"
        self.slow_seconds = 0.3
        self.hang_seconds = 3.0
        self.usage = {"prompt_tokens": 12, "completion_tokens": 3, "cached_tokens": 0}
        self.cost = "0.0000036"
        self.latency_ms = "87"
        self.provider = "openai"
        self.cache = "miss"
        self.prediction_outcome = "success"  # or "error", or "never" (stays processing)
        self.polls_until_done = 2
        self.predict_time = 4.2
        self.rpm_limit: int | None = None
        self.keep_requests = True
        self.lock = threading.Lock()
        self.requests: list[dict[str, Any]] = []
        self.post_times: list[float] = []
        self.rate_limited_by_limit = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self._polls: dict[str, int] = {}
        self._ids = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.gateway = self  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> TestGateway:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def base_url(self, preset: str = "agentcc") -> str:
        return f"http://127.0.0.1:{self.port}/{preset}/v1"

    def queue(self, *faults: str) -> None:
        unknown = set(faults) - set(FAULTS)
        assert not unknown, f"unknown faults {unknown}"
        self.faults.extend(faults)

    def next_fault(self) -> str:
        with self.lock:
            return self.faults.popleft() if self.faults else "ok"

    def next_id(self) -> str:
        with self.lock:
            self._ids += 1
            return f"pred-{self._ids}"

    def poll(self, prediction_id: str) -> int:
        with self.lock:
            self._polls[prediction_id] = self._polls.get(prediction_id, 0) + 1
            return self._polls[prediction_id]

    def stats(self) -> dict[str, Any]:
        """What the server saw: requests, 429s its own rate limit gave, the first and last
        request's time (monotonic seconds), and the most requests in flight at once."""
        with self.lock:
            times = list(self.post_times)
            return {"requests": len(times), "rate_limited": self.rate_limited_by_limit,
                    "first": times[0] if times else None, "last": times[-1] if times else None,
                    "max_in_flight": self.max_in_flight}

    def reset(self) -> None:
        with self.lock:
            self.post_times.clear()
            self.requests.clear()
            self.rate_limited_by_limit = 0
            self.max_in_flight = 0

    def over_limit(self) -> bool:
        """Every request counts; more than `rpm_limit` in the trailing minute is a 429."""
        now = time.monotonic()
        with self.lock:
            self.post_times.append(now)
            if self.rpm_limit is None:
                return False
            recent = sum(1 for t in self.post_times if now - t < 60)
            if recent > self.rpm_limit:
                self.rate_limited_by_limit += 1
                return True
            return False


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ThreadingHTTPServer

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    @property
    def gw(self) -> TestGateway:
        return self.server.gateway  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        gw = self.gw
        with gw.lock:
            gw.in_flight += 1
            gw.max_in_flight = max(gw.max_in_flight, gw.in_flight)
        try:
            self._answer(method)
        finally:
            with gw.lock:
                gw.in_flight -= 1

    def _answer(self, method: str) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        if self.path == "/stats":
            return self._json(200, self.gw.stats())
        if self.path == "/reset":
            self.gw.reset()
            return self._json(200, {})
        parts = self.path.lstrip("/").split("/", 2)
        if len(parts) < 3 or parts[0] not in PRESETS or parts[1] != "v1":
            return self._json(404, {"error": f"no such path {self.path}"})
        preset, endpoint = parts[0], parts[2]
        with self.gw.lock:
            if self.gw.keep_requests:
                self.gw.requests.append({"method": method, "path": self.path, "headers": dict(self.headers),
                                         "body": raw})
        if self.gw.over_limit():
            return self._json(429, {"error": "rate limit exceeded"}, {"Retry-After": "1"})
        if not self._authorised(preset):
            supplied = self.headers.get("authorization") or self.headers.get("x-api-key") or ""
            # A careless gateway echoes the credential: the runner must still never write it.
            return self._json(401, {"error": f"invalid key: {supplied}"})
        fault = self.gw.next_fault() if method == "POST" else "ok"
        if self._fault(fault):
            return
        if preset == "predictions":
            return self._prediction(method, endpoint, raw)
        return self._openai(preset, endpoint, raw)

    def _authorised(self, preset: str) -> bool:
        if preset == "predictions":
            return self.headers.get("x-api-key") == self.gw.key
        return self.headers.get("authorization") == f"Bearer {self.gw.key}"

    def _fault(self, fault: str) -> bool:
        """Act out a fault; True when the response has been dealt with."""
        if fault == "429":
            self._json(429, {"error": "slow down"}, {"Retry-After": self.gw.retry_after})
        elif fault in ("500", "503", "400"):
            self._json(int(fault), {"error": f"fault {fault}"})
        elif fault == "timeout":
            time.sleep(self.gw.hang_seconds)
            self._json(200, {"late": True})
        elif fault == "malformed":
            self._send(200, b'{"choices": [', "application/json")
        elif fault == "content-type":
            self._send(200, b"<html><body>Gateway login</body></html>", "text/html")
        elif fault == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        else:
            if fault == "slow":
                time.sleep(self.gw.slow_seconds)
            return False
        return True

    # --- OpenAI-compatible ---------------------------------------------------------------

    def _openai(self, preset: str, endpoint: str, raw: bytes) -> None:
        gw = self.gw
        problem = _request_problem(endpoint, raw, self.headers.get("content-type", ""))
        if problem is not None:
            return self._json(400, {"error": {"message": problem, "type": "invalid_request_error"}})
        usage: dict[str, Any] = {
            "prompt_tokens": gw.usage["prompt_tokens"],
            "completion_tokens": gw.usage["completion_tokens"],
            "total_tokens": gw.usage["prompt_tokens"] + gw.usage["completion_tokens"],
            "prompt_tokens_details": {"cached_tokens": gw.usage["cached_tokens"]},
        }
        headers: dict[str, str] = {}
        body: dict[str, Any]
        if preset == "agentcc":
            headers = {"x-agentcc-provider": gw.provider, "x-agentcc-latency-ms": gw.latency_ms,
                       "x-agentcc-cost": gw.cost, "x-agentcc-cache": gw.cache, "x-agentcc-request-id": "req-1"}
        elif preset == "litellm":
            headers = {"x-litellm-response-cost": gw.cost, "x-litellm-response-duration-ms": gw.latency_ms,
                       "x-litellm-model-api-base": f"https://api.{gw.provider}.com"}
            if gw.cache == "hit":
                headers["x-litellm-cache-key"] = "c0ffee"
        elif preset == "openrouter":
            usage["cost"] = float(gw.cost)
        if endpoint == "chat/completions":
            body = {"id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": _model(raw),
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"},
                                 "finish_reason": "stop"}], "usage": usage}
        elif endpoint == "completions":
            body = {"id": "cmpl-1", "object": "text_completion", "created": 0, "model": _model(raw),
                    "choices": [{"index": 0, "text": "ok", "finish_reason": "stop"}], "usage": usage}
        elif endpoint == "embeddings":
            body = {"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": [0.1, 0.2]}],
                    "model": _model(raw), "usage": {"prompt_tokens": 1, "total_tokens": 1}}
        elif endpoint == "images/generations":
            body = {"created": 0, "data": [{"url": "https://example.invalid/i.png"}]}
        elif endpoint == "audio/speech":
            return self._send(200, b"ID3" + b"\x00" * 64, "audio/mpeg", headers)
        elif endpoint == "audio/transcriptions":
            body = {"text": "", "usage": {"type": "duration", "seconds": 1}}
        elif endpoint == "moderations":
            body = {"id": "modr-1", "results": [{"flagged": False}]}
        elif endpoint == "rerank":
            body = {"results": [{"index": 0, "relevance_score": 0.9}], "meta": {"billed_units": {"search_units": 1}}}
        else:
            return self._json(404, {"error": f"no endpoint {endpoint}"})
        if preset == "openrouter":
            body["provider"] = gw.provider
        self._json(200, body, headers)

    # --- predictions ---------------------------------------------------------------------

    def _prediction(self, method: str, endpoint: str, raw: bytes) -> None:
        gw = self.gw
        if method == "POST" and endpoint == "prediction/":
            try:
                request = json.loads(raw)
            except ValueError:
                return self._json(400, {"status": "error", "message": "invalid JSON"})
            if not isinstance(request.get("input"), dict) or "model" not in request:
                return self._json(400, {"status": "error", "message": "model and input are required"})
            return self._json(200, {"status": "success", "message": "Prediction created", "predictionID": gw.next_id()})
        if method == "GET" and endpoint.startswith("prediction/"):
            prediction_id = endpoint.removeprefix("prediction/")
            polls = gw.poll(prediction_id)
            if gw.prediction_outcome == "never" or polls < gw.polls_until_done:
                return self._json(200, {"id": prediction_id, "status": "processing"})
            if gw.prediction_outcome == "error":
                return self._json(200, {"id": prediction_id, "status": "error", "error": "NSFW content detected"})
            return self._json(200, {"id": prediction_id, "status": "success",
                                    "output": "https://example.invalid/out.png",
                                    "metrics": {"predict_time": gw.predict_time}})
        return self._json(404, {"error": f"no endpoint {endpoint}"})

    # --- sending -------------------------------------------------------------------------

    def _json(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(body).encode(), "application/json", headers)

    def _send(self, status: int, payload: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout fault): nothing to answer


REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "chat/completions": ("model", "messages"),
    "completions": ("model", "prompt"),
    "embeddings": ("model", "input"),
    "images/generations": ("model", "prompt"),
    "audio/speech": ("model", "input", "voice"),
    "moderations": ("input",),
    "rerank": ("model", "query", "documents"),
}


def _request_problem(endpoint: str, raw: bytes, content_type: str) -> str | None:
    """Why an OpenAI-compatible request is malformed (as a real gateway would refuse it), or None."""
    if endpoint == "audio/transcriptions":
        if not content_type.startswith("multipart/form-data"):
            return "audio/transcriptions takes multipart/form-data"
        missing = [name for name in ("file", "model") if f'name="{name}"'.encode() not in raw]
        return f"missing form fields: {', '.join(missing)}" if missing else None
    required = REQUIRED_FIELDS.get(endpoint)
    if required is None:
        return None
    try:
        body = json.loads(raw)
    except ValueError:
        return "the body is not JSON"
    if not isinstance(body, dict):
        return "the body is not a JSON object"
    missing = [name for name in required if name not in body]
    if missing:
        return f"missing fields: {', '.join(missing)}"
    if endpoint == "chat/completions" and not (isinstance(body["messages"], list) and body["messages"]):
        return "messages must be a non-empty list"
    return None


def _model(raw: bytes) -> str:
    try:
        return str(json.loads(raw).get("model", ""))
    except (ValueError, AttributeError):
        return ""


def serve() -> None:
    """`python tests/gateway.py [--rpm-limit N]`: serve until killed, printing the port first
    (the benchmark runs the gateway in a process of its own, so it measures only the runner)."""
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--rpm-limit", type=int, default=None)
    parser.add_argument("--key", default="test-key")
    args = parser.parse_args()
    gateway = TestGateway(key=args.key)
    gateway.rpm_limit = args.rpm_limit
    gateway.keep_requests = False
    with gateway:
        print(gateway.port, flush=True)
        gateway.thread.join()


if __name__ == "__main__":
    serve()
