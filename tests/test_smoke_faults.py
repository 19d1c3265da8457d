"""Each fault the test gateway can act out ends in one correct result line, with the right
number of attempts: retried when the gateway asks for it (429, 5xx, timeouts, dropped
connections), not when it answered (other 4xx, bad JSON, a wrong content type)."""

from __future__ import annotations

import time

import pytest

from gateway import TestGateway
from smoke_helpers import KEY, chat_model, image_model, run_models, test_gateway_config


@pytest.fixture()
def gw():
    with TestGateway(key=KEY) as server:
        yield server


def one_call(gw, tmp_path, preset="agentcc", model=None, **settings):
    gateway = test_gateway_config(gw, preset, **settings)
    (line,), summary = run_models([model or chat_model()], gateway, tmp_path)
    return line


def test_a_clean_call_answers_once(gw, tmp_path):
    line = one_call(gw, tmp_path)
    assert line["ok"] is True and line["http_status"] == 200 and line["attempts"] == 1
    assert line["error_class"] is None and line["latency_ms"] > 0


def test_429_waits_for_retry_after_then_answers(gw, tmp_path):
    gw.queue("429")
    gw.retry_after = "1"
    started = time.monotonic()
    line = one_call(gw, tmp_path)
    assert time.monotonic() - started >= 1.0  # the backoff alone would have been ~0.01 s
    assert line["ok"] is True and line["attempts"] == 2


def test_429_every_time_gives_up_after_the_retries(gw, tmp_path):
    gw.queue("429", "429", "429")
    gw.retry_after = "0"
    line = one_call(gw, tmp_path, retries=2)
    assert line["ok"] is False and line["attempts"] == 3
    assert line["error_class"] == "RateLimited" and line["http_status"] == 429


def test_retry_after_longer_than_allowed_is_not_waited_for(gw, tmp_path):
    gw.queue("429")
    gw.retry_after = "120"
    line = one_call(gw, tmp_path, backoff_max_seconds=2)
    assert line["ok"] is False and line["attempts"] == 1
    assert "retry after 120 s" in line["error_message"]


@pytest.mark.parametrize("status", ["500", "503"])
def test_server_errors_are_retried(gw, tmp_path, status):
    gw.queue(status, status)
    line = one_call(gw, tmp_path)
    assert line["ok"] is True and line["attempts"] == 3


def test_server_errors_past_the_retries_fail_with_the_status(gw, tmp_path):
    gw.queue("503", "503", "503", "503")
    line = one_call(gw, tmp_path, retries=3)
    assert line["ok"] is False and line["attempts"] == 4
    assert (line["error_class"], line["http_status"]) == ("ServerError", 503)
    assert "HTTP 503" in line["error_message"]


def test_other_4xx_are_not_retried(gw, tmp_path):
    gw.queue("400", "ok")
    line = one_call(gw, tmp_path)
    assert line["ok"] is False and line["attempts"] == 1
    assert (line["error_class"], line["http_status"]) == ("ClientError", 400)
    assert list(gw.faults) == ["ok"]  # the second request was never sent


def test_a_slow_answer_within_the_timeout_is_measured(gw, tmp_path):
    gw.queue("slow")
    gw.slow_seconds = 0.3
    line = one_call(gw, tmp_path, timeout_seconds=2)
    assert line["ok"] is True and line["attempts"] == 1
    assert line["latency_ms"] >= 300
    assert line["gateway_latency_ms"] == 87  # what the gateway says, apart from what we measured


def test_a_timeout_is_retried(gw, tmp_path):
    gw.queue("timeout")
    gw.hang_seconds = 3
    line = one_call(gw, tmp_path, timeout_seconds=1)
    assert line["ok"] is True and line["attempts"] == 2


def test_timeouts_past_the_retries_fail_as_timeout(gw, tmp_path):
    gw.queue("timeout", "timeout")
    gw.hang_seconds = 1.5
    line = one_call(gw, tmp_path, timeout_seconds=0.3, retries=1)
    assert line["ok"] is False and line["attempts"] == 2
    assert line["error_class"] == "Timeout" and line["http_status"] is None


def test_a_dropped_connection_is_retried(gw, tmp_path):
    gw.queue("drop", "drop")
    line = one_call(gw, tmp_path)
    assert line["ok"] is True and line["attempts"] == 3


def test_dropped_connections_past_the_retries_fail_as_connection_errors(gw, tmp_path):
    gw.queue("drop", "drop")
    line = one_call(gw, tmp_path, retries=1)
    assert line["ok"] is False and line["attempts"] == 2
    assert line["error_class"] == "ConnectionError"


def test_malformed_json_fails_without_retry(gw, tmp_path):
    gw.queue("malformed")
    line = one_call(gw, tmp_path)
    assert line["ok"] is False and line["attempts"] == 1
    assert (line["error_class"], line["http_status"]) == ("MalformedResponse", 200)


def test_a_wrong_content_type_fails_without_retry(gw, tmp_path):
    gw.queue("content-type")
    line = one_call(gw, tmp_path)
    assert line["ok"] is False and line["attempts"] == 1
    assert line["error_class"] == "UnexpectedContentType"
    assert "text/html" in line["error_message"]


def test_a_prediction_is_created_then_polled_until_it_succeeds(gw, tmp_path):
    gw.polls_until_done = 3
    line = one_call(gw, tmp_path, "predictions", image_model())
    assert line["ok"] is True and line["attempts"] == 1 and line["polls"] == 3
    assert line["route"] == "predictions:predictions"
    assert line["gateway_latency_ms"] == pytest.approx(4200)
    assert line["usage"] == {"images_out": 1, "requests": 1}
    assert line["catalog_cost"] == "0.039"
    create = gw.requests[0]
    assert create["method"] == "POST" and create["path"] == "/predictions/v1/prediction/"
    assert create["headers"]["X-API-Key"] == KEY and "Authorization" not in create["headers"]


def test_a_prediction_whose_creation_is_retried(gw, tmp_path):
    gw.queue("503")
    line = one_call(gw, tmp_path, "predictions", image_model())
    assert line["ok"] is True and line["attempts"] == 2


def test_a_prediction_that_errors(gw, tmp_path):
    gw.prediction_outcome = "error"
    gw.polls_until_done = 1
    line = one_call(gw, tmp_path, "predictions", image_model())
    assert line["ok"] is False and line["attempts"] == 1 and line["polls"] == 1
    assert line["error_class"] == "PredictionFailed" and "NSFW" in line["error_message"]


def test_a_prediction_that_never_finishes_stops_at_the_deadline(gw, tmp_path):
    gw.prediction_outcome = "never"
    line = one_call(gw, tmp_path, "predictions", image_model(), deadline_seconds=0.4, poll_interval_seconds=0.05)
    assert line["ok"] is False and line["attempts"] == 1
    # Polled until the deadline, and no further: at most one poll per interval within it.
    assert line["error_class"] == "PredictionTimeout" and 1 <= line["polls"] <= 0.4 / 0.05 + 1


def test_one_failure_does_not_stop_the_other_models(gw, tmp_path):
    gw.queue("400")
    models = [chat_model(f"openai/model-{i}") for i in range(5)]
    gateway = test_gateway_config(gw, concurrent_requests=1)
    lines, summary = run_models(models, gateway, tmp_path)
    assert len(lines) == 5 and (summary.ok, summary.failed) == (4, 1)
    assert [line["ok"] for line in lines].count(False) == 1
