"""The example CI workflow and the pre-commit hook run as documented: every `catalog ...`
command of docs/examples/catalog-ci.yml is run against a throwaway repository of specs with a
base branch and a pull request's change."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from catalog import pricing
from catalog.checks.diff import MARKER
from tests.conftest import model_yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "docs" / "examples" / "catalog-ci.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
LITELLM_SLICE = ROOT / "tests" / "fixtures" / "importers" / "litellm-slice.json"


def workflow_commands(workflow: dict) -> list[str]:
    """Every shell line of every `run:` step that calls `catalog`."""
    commands = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            for line in step.get("run", "").splitlines():
                if line.strip().startswith("catalog "):
                    commands.append(line.strip())
    return commands


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def spec_repository(tmp_path: Path) -> Path:
    """main with one model; origin/main points at it; the work tree raises its input price,
    with a new verified date and the old price kept as history (nothing to flag)."""
    root = tmp_path / "specs"
    data = root / "data"
    (data / "models" / "acme").mkdir(parents=True)
    (data / "providers").mkdir()
    (data / "upstream").mkdir()
    (data / "providers" / "acme.yaml").write_text("id: acme\nname: Acme AI\n")
    today = pricing.today()
    spec = model_yaml().replace("verified: 2026-11-01", f"verified: {today - dt.timedelta(days=1)}")
    (data / "models" / "acme" / "alpha.yaml").write_text(spec)
    (data / "upstream" / "litellm-0.1.json.gz").write_bytes(gzip.compress(LITELLM_SLICE.read_bytes()))
    (root / "catalog.yaml").write_text("checks:\n  stale_days: 90\n")
    git(root.parent, "init", "-q", "-b", "main", str(root))
    git(root, "config", "user.email", "ci@example.com")
    git(root, "config", "user.name", "CI")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(root, "checkout", "-q", "-b", "cheaper-alpha")
    (data / "models" / "acme" / "alpha.yaml").write_text(
        spec.replace(f"verified: {today - dt.timedelta(days=1)}", f"verified: {today}")
        .replace("  input: 2.5\n", f"  effective: {today}\n  input: 3\n")
        + f"price_history:\n  - source: https://acme.example/pricing\n    verified: {today - dt.timedelta(days=1)}\n"
          "    input: 2.5\n    output: 10\n")
    git(root, "commit", "-q", "-am", "alpha: new input price")
    return root


def test_ci_docs_show_the_example_workflow():
    ci = (ROOT / "docs" / "ci.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", ci, re.S)
    assert WORKFLOW.read_text() in blocks


def test_every_catalog_command_of_the_workflow_passes(spec_repository):
    workflow = yaml.safe_load(WORKFLOW.read_text())
    commands = workflow_commands(workflow)
    assert {c.split()[1] for c in commands} >= {"validate", "stale", "diff", "crosscheck", "build"}
    env = {**os.environ, **workflow["env"], "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for command in commands:
        line = command.replace("${{ github.base_ref }}", "main")
        done = subprocess.run(["bash", "-c", line], cwd=spec_repository, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
    comment = (spec_repository / "catalog-diff.md").read_text()
    assert comment.splitlines()[0] == MARKER
    assert "| `acme/alpha` | input | $2.50 | $3.00 | +20.0% |" in comment and "No flags" in comment
    assert (spec_repository / "site").is_dir()


def test_the_pre_commit_hook_validates_a_repository_of_specs(spec_repository):
    [hook] = yaml.safe_load(HOOKS.read_text())
    assert hook["id"] == "catalog-validate" and hook["pass_filenames"] is False
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("CATALOG_DATA", None)
    assert re.match(hook["files"], "data/models/acme/alpha.yaml")
    ok = subprocess.run(shlex.split(hook["entry"]), cwd=spec_repository, env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "1 model, 1 provider: 0 errors" in ok.stdout
    spec = spec_repository / "data" / "models" / "acme" / "alpha.yaml"
    spec.write_text(spec.read_text().replace("kind: chat", "kind: chatt"))
    bad = subprocess.run(shlex.split(hook["entry"]), cwd=spec_repository, env=env, capture_output=True, text=True)
    assert bad.returncode == 1 and "alpha.yaml:4:7: error" in bad.stdout
