"""FAQ entries: answers from facts only, unknown prices said to be unknown, never $0."""

from __future__ import annotations

from peer_specs import TODAY, seed_model, spec

from catalog.faq import faq_entries


def answers(model):
    return {entry.question: entry.answer for entry in faq_entries(model, today=TODAY)}


def answer_to(model, start):
    return next(a for q, a in answers(model).items() if q.startswith(start))


def test_seed_model_faq():
    faq = answers(seed_model())
    name = "Gemini 2.0 Flash Image Generation"
    assert faq[f"How much does {name} cost?"] == (
        "It costs $0.039 per generated image. Its prices for input tokens and output tokens are not "
        "published, so they are unknown rather than free. Prices verified 2026-11-21 against "
        "https://example.com/pricing."
    )
    assert faq[f"What is the context window of {name}?"] == (
        "Up to 32,768 tokens per request, prompt and output together.")
    assert faq[f"How many tokens can {name} generate?"] == "Up to 32,768 tokens in one response."
    # It takes and answers text, so whether it calls tools is a fair question: not advertised.
    assert faq[f"Does {name} support function calling?"] == (
        f"Function calling is not advertised for {name}, so do not rely on it.")
    assert faq[f"Is {name} deprecated?"] == (
        "Yes, it was deprecated on 2025-11-14, so new use is discouraged. No successor is listed.")
    assert faq[f"How do I call {name} through the gateway?"] == (
        "Use the gateway's predictions API with the model name "
        "`google/gemini-2-0-flash-exp-image-generation`: create a prediction, then poll it until it "
        "succeeds or fails. One key may make 60 requests per minute and 10 concurrent requests. "
        "A response typically takes about 5 s.")
    assert " ".join(faq.values()).count("$") == 1  # the per-image price; no $0 for unknown tokens


def test_cost_answer_for_token_prices_free_and_unknown():
    chat = spec("acme/chat", pricing={"input": "0.10", "output": "0.40", "cache_read": "0"},
                modalities={"input": ["text"], "output": ["text"]})
    assert answer_to(chat, "How much").startswith(
        "It costs $0.10 per 1M input tokens, $0.40 per 1M output tokens and $0.00 per 1M cached input "
        "tokens (free).")
    assert answer_to(chat, "How much").count("free") == 1
    half = spec("acme/half", pricing={"input": "3"})
    assert "Its price for output tokens is not published, so it is unknown rather than free." in answer_to(
        half, "How much")
    unpriced = spec("acme/none")
    assert answer_to(unpriced, "How much") == "No prices are published for none, so its cost is unknown."


def test_function_calling_yes_no_and_not_advertised():
    assert answer_to(spec("acme/a", capabilities={"function_calling": True}), "Does").startswith("Yes")
    assert answer_to(spec("acme/b", capabilities={"function_calling": False}), "Does") == (
        "No, b does not support function calling.")
    assert "not advertised" in answer_to(spec("acme/c"), "Does")


def test_lifecycle_answers_with_successor():
    deprecated = spec("acme/old", status="deprecated", deprecated_on="2025-01-01", successor="acme/new",
                      retires_on="2027-06-30")
    assert answer_to(deprecated, "Is") == ("Yes, it was deprecated on 2025-01-01, so new use is "
                                          "discouraged. It retires on 2027-06-30. Use acme/new instead.")
    retired = spec("acme/gone", status="retired", retires_on="2026-01-01")
    assert answer_to(retired, "Is").startswith("It is retired and no longer answers requests. It retired on 2026-01-01.")
    assert answer_to(spec("acme/new"), "Is") == "No, its status is active."


def test_questions_without_facts_are_skipped():
    bare = spec("acme/bare")
    questions = list(answers(bare))
    assert not [q for q in questions if "context window" in q or "generate" in q or "gateway" in q]
    assert len(questions) == 3  # cost (unknown), function calling (not advertised), lifecycle


def test_openai_protocol_answer():
    model = spec("openai/gpt-4o", api={"protocol": "openai-chat", "gateway_model": "openai/gpt-4o"})
    assert answer_to(model, "How do I call") == (
        "Send an OpenAI-compatible chat completions request (POST /v1/chat/completions) to the "
        "gateway with the model name `openai/gpt-4o`.")


def test_seed_faq_follows_the_successor_chain_past_a_retired_model():
    from peer_specs import successor_chain
    seed, retired, live = successor_chain()
    faq = faq_entries(seed, today=TODAY, models={m.id: m for m in (seed, retired, live)})
    lifecycle = next(e.answer for e in faq if e.question.startswith("Is"))
    assert lifecycle == (
        "Yes, it was deprecated on 2025-11-14, so new use is discouraged. Its successor "
        "google/gemini-2.5-flash-image has also been retired; use google/gemini-3.1-flash-image.")


def test_embedding_context_is_input_only_and_no_function_calling_question():
    embed = spec("acme/text-embed", "embedding", limits={"context_window": 8191})
    faq = answers(embed)
    assert faq["What is the context window of text-embed?"] == "Up to 8,191 tokens of input per request."
    assert not [q for q in faq if "function calling" in q]
    image = spec("acme/img", "image-generation")
    assert not [q for q in answers(image) if "function calling" in q]
    # Advertised either way, or a chat model: the question is answered.
    assert [q for q in answers(spec("acme/img2", "image-generation", capabilities={"function_calling": False}))
            if "function calling" in q]
    assert [q for q in answers(spec("acme/chat")) if "function calling" in q]


def test_cost_answer_names_context_tiers_and_the_batch_discount():
    model = spec("google/pro", pricing={"input": "1.25", "output": "10",
                                        "tiers": [{"above": 200_000, "input": "2.50", "output": "15"}],
                                        "variants": {"batch": {"multiplier": "0.5"}}})
    cost = answer_to(model, "How much")
    assert ("Prompts above 200,000 tokens cost $2.50 per 1M input tokens and $15.00 per 1M output tokens."
            in cost)
    assert "Through the batch API it costs 50% less." in cost
