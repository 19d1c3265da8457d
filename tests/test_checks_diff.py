"""`catalog diff`: throwaway git repositories with two commits, and what diff reports of them
in each format."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog.checks.diff import MARKER, MARKDOWN_ROWS
from catalog.cli import cli

ALPHA = """\
id: acme/alpha
name: Alpha
provider: acme
kind: chat
limits:
  context_window: 128000
capabilities:
  vision: true
pricing:
  source: https://acme.example/pricing
  verified: 2026-11-01
  input: 2.5
  output: 10
"""


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


class Repo:
    """A throwaway repository with data/ in it; `commit()` records the work tree."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        root.mkdir(parents=True, exist_ok=True)
        git(root, "init", "-q", "-b", "main")
        git(root, "config", "user.email", "ci@example.com")
        git(root, "config", "user.name", "CI")
        self.write("providers/acme.yaml", "id: acme\nname: Acme\n")

    def write(self, relative: str, text: str) -> None:
        path = self.data / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.data / relative
        text = path.read_text()
        assert old in text, (old, text)
        path.write_text(text.replace(old, new))

    def commit(self, message: str) -> str:
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", message)
        return git(self.root, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "repo")
    repo.write("models/acme/alpha.yaml", ALPHA)
    repo.commit("first")
    return repo


def diff(repo: Repo, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["diff", *args, "--data", str(repo.data)])
    return result.exit_code, result.output


def diff_json(repo: Repo, *args: str) -> dict:
    status, out = diff(repo, *args, "--format", "json")
    assert status == 0, out
    return json.loads(out)


def rules(report: dict) -> list[tuple[str, str]]:
    return sorted((f["model"], f["rule"]) for f in report["flags"])


def test_a_verified_price_change_with_history_has_no_flags(repo):
    repo.edit("models/acme/alpha.yaml", "  verified: 2026-11-01\n  input: 2.5\n",
              "  verified: 2026-11-20\n  effective: 2026-11-15\n  input: 3\n")
    repo.write("models/acme/alpha.yaml", (repo.data / "models/acme/alpha.yaml").read_text() + (
        "price_history:\n  - source: https://acme.example/pricing\n    verified: 2026-11-01\n"
        "    input: 2.5\n    output: 10\n"))
    rev = repo.commit("reprice alpha")
    report = diff_json(repo, "HEAD~1", "--to", rev)
    assert report["price_changes"] == [
        {"model": "acme/alpha", "price": "input", "old": "2.5", "new": "3", "percent": "20.0", "unit_slip": False}]
    assert report["flags"] == []
    status, text = diff(repo, "HEAD~1", "--to", "HEAD")
    assert "PRICE  acme/alpha input: $2.50 -> $3.00 (+20.0%)" in text
    assert "0 flags to review" in text and "FLAG" not in text


def test_unit_slip_without_verification_and_history(repo):
    repo.edit("models/acme/alpha.yaml", "  output: 10\n", "  output: 0.01\n")
    repo.commit("output per 1k tokens by mistake")
    report = diff_json(repo, "HEAD~1", "--to", "HEAD")
    [change] = report["price_changes"]
    assert change == {"model": "acme/alpha", "price": "output", "old": "10", "new": "0.01", "percent": "-99.9",
                      "unit_slip": True}
    assert rules(report) == [("acme/alpha", "diff.history-dropped"), ("acme/alpha", "diff.unit-slip"),
                             ("acme/alpha", "diff.unverified-change")]
    slip = next(f for f in report["flags"] if f["rule"] == "diff.unit-slip")
    assert slip["message"].startswith("output $10.00 -> $0.01 is a change of 10x or more")
    assert slip["file"] == "data/models/acme/alpha.yaml"
    status, text = diff(repo, "HEAD~1", "--to", "HEAD")
    assert "FLAG   acme/alpha: [diff.unit-slip] output $10.00 -> $0.01" in text
    assert text.count("(data/models/acme/alpha.yaml:9)") == 3


def test_a_ninefold_change_is_not_a_slip_but_tenfold_either_way_is(repo):
    repo.edit("models/acme/alpha.yaml", "  input: 2.5\n", "  input: 22.5\n")
    repo.commit("9x")
    assert all(not c["unit_slip"] for c in diff_json(repo, "HEAD~1", "--to", "HEAD")["price_changes"])
    repo.edit("models/acme/alpha.yaml", "  input: 22.5\n", "  input: 2.25\n")
    repo.commit("/10")
    assert [c["unit_slip"] for c in diff_json(repo, "HEAD~1", "--to", "HEAD")["price_changes"]] == [True]


def test_a_new_verified_date_or_source_clears_the_unverified_flag(repo):
    repo.edit("models/acme/alpha.yaml", "  input: 2.5\n", "  input: 2\n")
    repo.edit("models/acme/alpha.yaml", "verified: 2026-11-01", "verified: 2026-11-25")
    repo.commit("cheaper, verified")
    assert ("acme/alpha", "diff.unverified-change") not in rules(diff_json(repo, "HEAD~1", "--to", "HEAD"))
    repo.edit("models/acme/alpha.yaml", "  input: 2\n", "  input: 1.5\n")
    repo.edit("models/acme/alpha.yaml", "https://acme.example/pricing", "https://acme.example/pricing/v2")
    repo.commit("new source page")
    assert ("acme/alpha", "diff.unverified-change") not in rules(diff_json(repo, "HEAD~1", "--to", "HEAD"))


def test_removal_without_deprecation_is_flagged_but_a_retired_model_is_not(repo):
    repo.write("models/acme/beta.yaml", ALPHA.replace("alpha", "beta").replace("Alpha", "Beta"))
    repo.write("models/acme/gamma.yaml", ALPHA.replace("alpha", "gamma").replace("Alpha", "Gamma")
               .replace("kind: chat\n", "kind: chat\nstatus: retired\nretires_on: 2026-01-01\n"))
    repo.commit("beta and gamma")
    (repo.data / "models/acme/beta.yaml").unlink()
    (repo.data / "models/acme/gamma.yaml").unlink()
    # Work tree against HEAD: nothing committed yet.
    report = diff_json(repo, "HEAD")
    assert [m["model_id"] for m in report["removed"]] == ["acme/beta", "acme/gamma"]
    assert rules(report) == [("acme/beta", "diff.removed-not-deprecated")]
    status, markdown = diff(repo, "HEAD", "--format", "markdown")
    assert "| `acme/beta` | diff.removed-not-deprecated |" in markdown
    assert "### Removed models\n\n- `acme/beta`: Beta (chat, active)\n- `acme/gamma`: Gamma (chat, retired)" in markdown


def test_dropped_history_entry_is_flagged(repo):
    repo.edit("models/acme/alpha.yaml", "  verified: 2026-11-01\n", "  verified: 2026-11-01\n  effective: 2026-10-01\n")
    repo.write("models/acme/alpha.yaml", (repo.data / "models/acme/alpha.yaml").read_text() + (
        "price_history:\n  - source: https://acme.example/pricing\n    verified: 2026-09-01\n"
        "    effective: 2026-06-01\n    input: 3\n    output: 12\n"
        "  - source: https://acme.example/pricing\n    verified: 2026-05-01\n    input: 5\n    output: 15\n"))
    repo.commit("alpha with history")
    text = (repo.data / "models/acme/alpha.yaml").read_text()
    repo.write("models/acme/alpha.yaml", text[: text.index("  - source: https://acme.example/pricing\n    verified: 2026-05-01")])
    repo.commit("history rewritten")
    report = diff_json(repo, "HEAD~1", "--to", "HEAD")
    assert report["price_changes"] == []
    assert rules(report) == [("acme/alpha", "diff.history-dropped")]
    assert "price_history lost the earliest (input $5.00, output $15.00)" in report["flags"][0]["message"]


def test_added_model_and_changed_limits_capabilities_lifecycle(repo):
    repo.edit("models/acme/alpha.yaml", "context_window: 128000", "context_window: 200000")
    repo.edit("models/acme/alpha.yaml", "vision: true", "vision: false")
    repo.edit("models/acme/alpha.yaml", "kind: chat\n", "kind: chat\ndeprecated_on: 2026-12-01\n")
    repo.write("models/acme/delta.yaml", ALPHA.replace("alpha", "delta").replace("Alpha", "Delta"))
    repo.commit("more")
    report = diff_json(repo, "HEAD~1", "--to", "HEAD")
    assert [m["model_id"] for m in report["added"]] == ["acme/delta"]
    assert sorted((c["field"], c["old"], c["new"]) for c in report["changes"]) == [
        ("capabilities.vision", True, False), ("deprecated_on", None, "2026-12-01"),
        ("limits.context_window", 128000, 200000)]
    status, text = diff(repo, "HEAD~1", "--to", "HEAD")
    assert "ADDED  acme/delta (chat, active)" in text
    assert "CHANGE acme/alpha limits.context_window: 128,000 -> 200,000" in text
    assert "CHANGE acme/alpha capabilities.vision: yes -> no" in text


def test_markdown_is_a_sticky_comment(repo):
    repo.edit("models/acme/alpha.yaml", "  output: 10\n", "  output: 100\n")
    repo.commit("slip")
    status, markdown = diff(repo, "HEAD~1", "--to", "HEAD", "--format", "markdown")
    lines = markdown.splitlines()
    assert lines[0] == MARKER and markdown.count(MARKER) == 1
    assert "**3 flags to review**" in markdown
    assert "| `acme/alpha` | output | $10.00 | $100.00 | +900.0% ⚠️ 10x |" in markdown
    # Nothing changed: still one marker, so the sticky comment is updated to say so.
    status, same = diff(repo, "HEAD", "--format", "markdown")
    assert same.splitlines()[0] == MARKER and "No model or price changed." in same


def test_github_annotations_point_at_the_spec(repo):
    repo.edit("models/acme/alpha.yaml", "  output: 10\n", "  output: 100\n")
    status, out = diff(repo, "HEAD", "--format", "github")
    lines = out.splitlines()
    assert any(line.startswith("::warning file=data/models/acme/alpha.yaml,line=9,title=diff.unit-slip::acme/alpha: "
                               "output $10.00 -> $100.00") for line in lines)
    assert any(line.startswith("::notice file=data/models/acme/alpha.yaml,line=9,title=diff.price::") and
               line.endswith("(+900.0%25)") for line in lines)
    assert lines[-1].startswith("HEAD -> work tree: 0 added")


def test_strict_fails_on_flags_and_a_broken_spec_is_not_a_removal(repo):
    repo.edit("models/acme/alpha.yaml", "  output: 10\n", "  output: 100\n")
    assert diff(repo, "HEAD")[0] == 0
    assert diff(repo, "HEAD", "--strict")[0] == 1
    repo.edit("models/acme/alpha.yaml", "kind: chat", "kind: chat\ncontex_window: 1")
    report = diff_json(repo, "HEAD")
    assert report["removed"] == [] and rules(report) == [("acme/alpha", "diff.invalid")]


def test_the_work_tree_and_index_are_untouched(repo):
    repo.edit("models/acme/alpha.yaml", "  output: 10\n", "  output: 11\n")
    git(repo.root, "add", "data/models/acme/alpha.yaml")
    repo.write("models/acme/new.yaml", ALPHA.replace("alpha", "new"))  # untracked, still counted
    before = git(repo.root, "status", "--porcelain")
    report = diff_json(repo, "HEAD")
    assert [m["model_id"] for m in report["added"]] == ["acme/new"]
    assert git(repo.root, "status", "--porcelain") == before
    assert (repo.data / "models/acme/alpha.yaml").read_text().count("output: 11") == 1


def test_bad_revision_or_folder_is_a_usage_error(repo, tmp_path):
    status, out = diff(repo, "no-such-branch")
    assert status == 2 and "unknown revision 'no-such-branch'" in out
    plain = tmp_path / "plain" / "data"
    (plain / "models").mkdir(parents=True)
    result = CliRunner().invoke(cli, ["diff", "HEAD", "--data", str(plain)])
    assert result.exit_code == 2 and "not inside a git repository" in result.output


def test_markdown_tables_are_capped_for_a_comment(repo):
    for n in range(MARKDOWN_ROWS + 5):
        repo.write(f"models/acme/m{n}.yaml", ALPHA.replace("alpha", f"m{n}"))
    repo.commit("many")
    for n in range(MARKDOWN_ROWS + 5):
        repo.edit(f"models/acme/m{n}.yaml", "  input: 2.5\n", "  input: 2.6\n")
    status, markdown = diff(repo, "HEAD", "--format", "markdown")
    assert "5 more price changes" in markdown and len(markdown) < 65_536
