"""Reading results back: the latest per model and route, cost reconciliation, measured
latency for peers, and `catalog smoke report` in each format with its exit code."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest

from catalog.cli import main
from catalog.peers import LATENCY, peer_standings
from catalog.smoke.latest import Tolerance, cost_check, latest_per_model, measured_latency, read_results, smoke_view
from catalog.smoke.report import build_report, render, table_rows, text_notes
from catalog.smoke.results import SmokeResult
from peer_specs import spec

BASE = SmokeResult(model="openai/gpt-4o-mini", route="agentcc:openai-chat", gateway="agentcc", protocol="openai-chat",
                   gateway_model="openai/gpt-4o-mini", started_at="2026-11-30T10:00:00+00:00", ok=True,
                   http_status=200, attempts=1, latency_ms=400.0, gateway_cost="0.0000036",
                   catalog_cost="0.0000036", cost_difference="0")


def write(folder, *results, name="2026-11-30.jsonl"):
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / name).open("a") as out:
        for result in results:
            out.write(json.dumps(result.to_json()) + "\n")


def test_the_latest_result_per_route_wins(tmp_path):
    old_failure = replace(BASE, ok=False, started_at="2026-11-29T10:00:00+00:00", error_class="ServerError")
    other_route = replace(BASE, route="litellm:openai-chat", latency_ms=900.0)
    write(tmp_path, BASE, name="2026-11-30.jsonl")
    write(tmp_path, old_failure, other_route, name="2026-11-29.jsonl")
    latest = latest_per_model(read_results(tmp_path).results)
    assert [(r.route, r.ok) for r in latest["openai/gpt-4o-mini"]] == [("agentcc:openai-chat", True),
                                                                        ("litellm:openai-chat", True)]


def test_an_unreadable_line_is_named_and_skipped(tmp_path):
    write(tmp_path, BASE)
    with (tmp_path / "2026-11-30.jsonl").open("a") as out:
        out.write('{"model": "openai/x", "ok": tr')  # a run killed mid-line
    history = read_results(tmp_path)
    assert len(history.results) == 1
    (problem,) = history.problems
    assert problem.startswith(f"{tmp_path / '2026-11-30.jsonl'}:2: not a smoke result")


def test_cost_check_within_and_beyond_the_tolerance():
    tolerance = Tolerance(percent=Decimal(1), usd=Decimal("0.0000001"))
    assert cost_check(BASE, tolerance) == "match"
    assert cost_check(replace(BASE, gateway_cost="0.00000363"), tolerance) == "match"  # within 1%
    assert cost_check(replace(BASE, gateway_cost="0.0000072"), tolerance) == "mismatch"
    assert cost_check(replace(BASE, catalog_cost=None), tolerance) == "unchecked"
    assert cost_check(replace(BASE, ok=False), tolerance) == "unchecked"


def test_measured_latency_feeds_the_peers():
    results = [BASE, replace(BASE, route="litellm:openai-chat", latency_ms=600.0),
               replace(BASE, started_at="2026-11-30T11:00:00+00:00", ok=False, latency_ms=None),
               replace(BASE, model="acme/slow", latency_ms=3000.0)]
    latency = measured_latency(results)
    assert latency == {"openai/gpt-4o-mini": pytest.approx(0.5), "acme/slow": pytest.approx(3.0)}
    models = [spec(f"acme/m{i}", "chat") for i in range(4)] + [spec("openai/gpt-4o-mini", "chat"), spec("acme/slow", "chat")]
    latency.update({f"acme/m{i}": 1.0 + i for i in range(4)})
    standings = peer_standings(models, latency)
    (fast,) = [s for s in standings["openai/gpt-4o-mini"] if s.metric is LATENCY]
    assert fast.rank == 1 and fast.n == 6


def test_the_report_in_each_format_and_its_exit_code():
    failed = replace(BASE, model="acme/down", ok=False, error_class="ServerError", error_message="HTTP 503: busy",
                     http_status=503, attempts=4, latency_ms=None, gateway_cost=None, catalog_cost=None)
    mismatch = replace(BASE, model="acme/dear", gateway_cost="0.0000072", cost_difference="0.0000036")
    report = build_report([BASE, failed, mismatch], Tolerance())
    assert report.exit_code == 1 and len(report.failures) == 1 and len(report.mismatches) == 1
    rows = table_rows(report)
    assert rows[0][:3] == ["model", "route", "status"] and len(rows) == 4
    assert [row[2] for row in rows[1:]] == ["ok", "failed (ServerError)", "ok"]
    assert rows[1][-1].startswith("mismatch") and rows[3][-1] == "match"
    assert text_notes(report) == ["acme/down via agentcc:openai-chat: HTTP 503: busy",
                                  "3 routes: 2 answered, 1 failed, 1 cost mismatches"]
    markdown = render(report, "markdown")
    assert markdown.startswith("| model | route |") and "check the pricing data" in markdown
    github = render(report, "github").splitlines()
    assert github[0].startswith("::error title=cost mismatch::acme/dear") or github[0].startswith("::error title=smoke call failed::")
    assert sum(line.startswith("::error") for line in github) == 2
    doc = json.loads(render(report, "json"))
    assert [r["cost_check"] for r in doc["routes"]] == ["mismatch", "unchecked", "match"]
    assert build_report([BASE], Tolerance()).exit_code == 0


def test_the_report_command_exits_1_on_a_failure(tmp_path, capsys):
    write(tmp_path / "smoke", BASE)
    assert main(["smoke", "report", "--out", str(tmp_path / "smoke"), "--format", "markdown"]) == 0
    assert "| openai/gpt-4o-mini | agentcc:openai-chat | ok |" in capsys.readouterr().out
    write(tmp_path / "smoke", replace(BASE, started_at="2026-11-30T12:00:00+00:00", ok=False, error_class="Timeout",
                                      error_message="timed out"))
    assert main(["smoke", "report", "--out", str(tmp_path / "smoke")]) == 1
    assert "failed (Timeout)" in capsys.readouterr().out


def test_the_site_view_reads_the_data_folders_results(tmp_path):
    data = tmp_path / "data"
    (data / "models").mkdir(parents=True)
    (tmp_path / "catalog.yaml").write_text("smoke:\n  results_dir: runs\n  cost_tolerance_percent: 100\n")
    mismatch = replace(BASE, gateway_cost="0.0000072")  # within 100%
    write(data / "runs", mismatch, replace(BASE, route="eachlabs:predictions", ok=False, error_class="PredictionFailed",
                                           latency_ms=None, started_at="2026-11-28T23:59:00+00:00"))
    view = smoke_view(data)
    statuses = view.routes["openai/gpt-4o-mini"]
    assert [(s.route, s.ok, s.date, s.cost_check) for s in statuses] == [
        ("agentcc:openai-chat", True, "2026-11-30", "match"),
        ("eachlabs:predictions", False, "2026-11-28", "unchecked"),
    ]
    assert view.latency == {"openai/gpt-4o-mini": pytest.approx(0.4)}
    doc = json.loads(json.dumps(statuses[0].to_json()))
    assert doc["cost_check"] == "match" and doc["result"]["gateway_cost"] == "0.0000072"
    assert smoke_view(tmp_path / "nothing").routes == {}


def test_catalog_check_runs_the_smoke_report_when_results_exist(tmp_path, capsys):
    import datetime as dt

    from catalog.checks.check import CheckContext, run_checks, smoke_report_check
    from catalog.load import load_catalog

    data = tmp_path / "data"
    (data / "models").mkdir(parents=True)
    context = CheckContext(load_catalog(data), dt.date(2026, 11, 30), 90, "text")
    (skipped,) = run_checks(context, [smoke_report_check])
    assert skipped.ok and skipped.skipped and skipped.name == "smoke"
    write(data / "smoke", BASE)
    (passed,) = run_checks(context, [smoke_report_check])
    assert passed.ok and not passed.skipped and "1 answered" in passed.summary
    write(data / "smoke", replace(BASE, started_at="2026-11-30T12:00:00+00:00", gateway_cost="0.01"))
    (failed,) = run_checks(context, [smoke_report_check])
    assert not failed.ok and "1 cost mismatches" in failed.summary and "openai/gpt-4o-mini" in failed.details
