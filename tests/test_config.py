"""catalog.yaml: defaults when absent, validated like a spec when present."""

from __future__ import annotations

import pytest

from catalog.config import config_path, load_config
from catalog.load import bundled_data_dir
from catalog.yamlfile import SpecFileError


def test_the_shipped_configuration_is_valid():
    config = load_config(config_path(bundled_data_dir()))
    assert config.checks.stale_days == 90
    assert str(config.site.repository_url).startswith("https://")


def test_no_file_means_the_defaults(tmp_path):
    assert load_config(tmp_path / "catalog.yaml").checks.stale_days == 90


def test_a_typo_names_the_nearest_key_and_its_line(tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text("checks:\n  stale_dayz: 30\n")
    with pytest.raises(SpecFileError) as error:
        load_config(path)
    (finding,) = error.value.findings
    assert (finding.file, finding.line) == (path, 2)
    assert "stale_days" in finding.message


@pytest.mark.parametrize(("text", "line"), [
    ('checks:\n  stale_days: "30"\n', 2),                    # a number must be written as one
    ("gateways:\n  g:\n    base_url: https://g.example/v1\n    key_env: G_KEY\n    retries: yes\n", 5),
    ("site:\n  edit_branch: \"ma\\x1bin\"\n", 2),                # no control characters
])
def test_numbers_flags_and_text_are_checked_as_in_a_spec(tmp_path, text, line):
    path = tmp_path / "catalog.yaml"
    path.write_text(text)
    with pytest.raises(SpecFileError) as error:
        load_config(path)
    assert [(f.file, f.line) for f in error.value.findings] == [(path, line)]
