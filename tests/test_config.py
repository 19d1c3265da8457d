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
