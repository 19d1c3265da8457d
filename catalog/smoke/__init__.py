"""Smoke calls: call each model cheaply through a gateway, to prove it answers, how fast, and
that what the gateway bills matches what the catalog's prices say.

The stages, one module each: `gateways` (catalog.yaml's gateways with flags applied), `plan`
(models x routes -> calls), `requests` (the smallest request per protocol), `exchange` (one
HTTP exchange with retries), `limiter` (pacing), `clients` (the OpenAI and predictions
protocols), `runner` (the async run), `results` (one JSON line per call), `latest` (reading
results back: the latest per route, measured latency) and `report` (for people and CI):

    catalog smoke 'openai/*' --dry-run
    catalog smoke report --format github
"""
