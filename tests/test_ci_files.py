"""The ready CI files in docs/ci: valid YAML, and every `jobclub` command in them is one the installed
command accepts, so a copied file does not fail on its first run."""

from __future__ import annotations

import shlex

import pytest
import yaml
from conftest import ROOT

from generator.cli import main

CI_FILES = {"github": ROOT / "docs/ci/github-workflow.yml", "gitlab": ROOT / "docs/ci/gitlab-ci.yml"}


def _commands(node: object) -> list[str]:
    """Every shell line in the file that runs jobclub."""
    if isinstance(node, dict):
        return [command for value in node.values() for command in _commands(value)]
    if isinstance(node, list):
        return [command for value in node for command in _commands(value)]
    if isinstance(node, str):
        return [line.strip() for line in node.splitlines() if "/jobclub " in line]
    return []


@pytest.mark.parametrize("host", CI_FILES)
def test_ci_file_checks_in_its_hosts_format_then_builds(host: str) -> None:
    commands = _commands(yaml.safe_load(CI_FILES[host].read_text()))
    assert [shlex.split(command)[1] for command in commands] == ["check", "build"]
    assert f"--format {host}" in commands[0]
    for command in commands:
        name, *arguments = shlex.split(command)[1:]
        # Parsing the arguments raises a usage error for an option or value the command does not know.
        main.commands[name].make_context(name, arguments)


def test_github_workflow_runs_daily_and_on_every_change() -> None:
    workflow = yaml.safe_load(CI_FILES["github"].read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert {"push", "pull_request", "schedule"} <= set(triggers)
    assert triggers["schedule"] == [{"cron": "0 5 * * *"}]


def test_gitlab_check_keeps_its_code_quality_report() -> None:
    pipeline = yaml.safe_load(CI_FILES["gitlab"].read_text())
    assert pipeline["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert "--output gl-code-quality-report.json" in pipeline["check"]["script"][0]
    assert pipeline["pages"]["artifacts"]["paths"] == ["public"]
