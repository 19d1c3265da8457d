"""The seed model's page, built from the bundled catalog, carries every fact both pages this
project grew from show (see shared seeds), and none of their mistakes: no $0 for a token price
nobody published, and no "no major caveats" for a deprecated model."""

from __future__ import annotations

import json
import re

import pytest

SEED = "google/gemini-2.0-flash-exp-image-generation"


@pytest.fixture(scope="module")
def seed_text(bundled_site):
    html = (bundled_site / "models" / SEED / "index.html").read_text()
    text = re.sub(r"<[^>]+>", " ", html)
    text = re.sub(r"\s+", " ", text).replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    return html, text


@pytest.mark.parametrize("fact", [
    # The gateway catalog's page.
    "Gemini 2.0 Flash Image Generation (experimental)", "Google", "image-generation",
    "Context window 32,768 tokens", "Max output 32,768 tokens", "Max input the context window (32,768 tokens)",
    "Input text, image", "Output text, image",
    "Vision input", "Streaming", "Function calling", "Not advertised",
    "$0.039", "/image", "Verified 2026-11-21",
    "Where it's strong", "32,768-token max output, top", "Watch out for", "Deprecated on 2025-11-14",
    "Benchmarks", "None recorded",
    "x-agentcc-provider", "x-agentcc-latency-ms", "x-agentcc-cost", "x-agentcc-cache",
    "Similar models", "How much does Gemini 2.0 Flash Image Generation (experimental) cost?",
    "What is the context window", "support function calling?", "Useful links",
    "What a workload costs", "image-generation",
    # The marketplace's page.
    "prompt", "image_url", "Be specific about the subject", "predictions", "POST https://api.eachlabs.ai/v1/prediction/",
    "X-API-Key", "$EACHLABS_API_KEY", "version 2.0-flash-exp-image-generation", "predictionID", "predict_time",
    "openai-chat through agentcc", "https://gateway.futureagi.com/v1", "$AGENTCC_API_KEY",
    "poll", "60 requests/minute", "Concurrent requests 10", "about 5 s", "PNG image",
    "Overview", "Use cases", "Tips", "Limitations",
])
def test_the_seed_page_carries_the_fact(seed_text, fact):
    assert fact in seed_text[1]


def test_the_seed_page_makes_none_of_the_seed_pages_mistakes(seed_text):
    html, text = seed_text
    assert "$0.000000" not in text and "$0.00 " not in text and "$0 " not in text
    assert "no major caveats" not in text.lower() and "No caveats found" not in text
    rows = dict(re.findall(r'<th scope="row">(Input|Output)</th><td class="n">([^<]+)</td>', html))
    assert rows == {"Input": "unknown", "Output": "unknown"}
    assert '<td class="n">free</td>' not in re.search(r'<section id="pricing".*?</section>', html, re.S).group(0)
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    cost = next(q for q in ld["mainEntity"] if q["name"].startswith("How much does"))
    assert "unknown rather than free" in cost["acceptedAnswer"]["text"]
