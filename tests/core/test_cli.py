"""The `oncobrief` command: output formats, exit codes 0/1/2, messages on stderr."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from oncobrief.cli import app

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_2ff37f2944dc5c1f.txt"
TITLE = "Brain Metastasis Model of NTRK-Rearranged Tumors: Focus on Treatment Resistance"

runner = CliRunner()


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    return folder


@pytest.fixture
def bad_seeds(seeds: Path) -> Path:
    (seeds / "binary.txt").write_bytes(b"\x00\x01\x02\xff\xfe\x00 not text")
    (seeds / "empty.txt").write_bytes(b"")
    return seeds


def run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env)


def test_latest_text(seeds: Path) -> None:
    result = run("--seeds", str(seeds), "latest")
    assert result.exit_code == 0, result.output
    assert TITLE in result.stdout
    assert "PRECLINICAL" in result.stdout
    assert result.stderr == ""


def test_latest_json_is_a_list_of_brief_models(seeds: Path) -> None:
    result = run("--seeds", str(seeds), "--format", "json", "latest", "-n", "3")
    assert result.exit_code == 0, result.output
    briefs = json.loads(result.stdout)
    assert isinstance(briefs, list) and len(briefs) == 1
    assert briefs[0]["schema_version"] == "1.0"
    assert briefs[0]["title"] == TITLE
    assert briefs[0]["attribution"]["posted"] == "2022-06-28"


def test_show_by_id_prefix_in_every_format(seeds: Path) -> None:
    listed = json.loads(run("--seeds", str(seeds), "-f", "json", "list").stdout)
    brief_id = listed[0]["id"]
    as_json = run("--seeds", str(seeds), "-f", "json", "show", brief_id[:6])
    assert as_json.exit_code == 0
    assert json.loads(as_json.stdout)["id"] == brief_id  # one object, not a list
    as_text = run("--seeds", str(seeds), "show", brief_id)
    assert "Limitations:" in as_text.stdout and f"Id: {brief_id}" in as_text.stdout
    as_markdown = run("--seeds", str(seeds), "-f", "markdown", "show", brief_id)
    assert as_markdown.stdout.startswith(f"## {TITLE}")
    missing = run("--seeds", str(seeds), "show", "zzzz")
    assert missing.exit_code == 1
    assert "No brief has an id starting with “zzzz”" in missing.stderr


@pytest.mark.parametrize("name", ["Augtyro", "TPX-0005", "REPOTRECTINIB"])
def test_drug_by_any_name_finds_the_seed(seeds: Path, name: str) -> None:
    result = run("--seeds", str(seeds), "drug", name)
    assert result.exit_code == 0, result.output
    assert TITLE in result.stdout
    assert "repotrectinib" in result.stdout


def test_drug_near_miss_exits_1_with_suggestion_on_stderr(seeds: Path) -> None:
    result = run("--seeds", str(seeds), "drug", "repotrectinb")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Did you mean: repotrectinib?" in result.stderr


def test_gene_and_search(seeds: Path) -> None:
    assert TITLE in run("--seeds", str(seeds), "gene", "NTRK1").stdout
    found = run("--seeds", str(seeds), "search", "brain metastasis")
    assert found.exit_code == 0 and "score" in found.stdout
    missing = run("--seeds", str(seeds), "-f", "json", "search", "pancreatic adenocarcinoma")
    assert missing.exit_code == 1
    assert json.loads(missing.stdout) == []
    assert "No brief matches the search" in missing.stderr


def test_seeds_folder_from_the_environment(seeds: Path) -> None:
    result = run("list", env={"ONCOBRIEF_SEEDS_DIR": str(seeds)})
    assert result.exit_code == 0, result.output
    assert TITLE in result.stdout


def test_missing_seeds_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run("--seeds", str(tmp_path / "absent"), "latest")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "absent" in lines[0] and "does not exist" in lines[0]


def test_unknown_format_is_a_usage_error(seeds: Path) -> None:
    assert run("--seeds", str(seeds), "--format", "yaml", "latest").exit_code == 2


def test_check_reports_every_bad_file_and_exits_1(bad_seeds: Path) -> None:
    result = run("check", str(bad_seeds))
    assert result.exit_code == 1
    assert "1 brief loaded, 2 failed" in result.stdout
    assert "binary.txt: " in result.stdout and "empty.txt: " in result.stdout
    as_json = json.loads(run("-f", "json", "check", str(bad_seeds)).stdout)
    assert len(as_json["errors"]) == 2


def test_check_of_a_good_folder_exits_0(seeds: Path) -> None:
    result = run("--seeds", str(seeds), "check")
    assert result.exit_code == 0
    assert "1 brief loaded, 0 failed" in result.stdout


def test_lookups_still_work_beside_bad_files(bad_seeds: Path) -> None:
    result = run("--seeds", str(bad_seeds), "latest")
    assert result.exit_code == 0
    assert TITLE in result.stdout


def test_template_override_and_broken_template(seeds: Path, tmp_path: Path) -> None:
    overrides = tmp_path / "templates"
    overrides.mkdir()
    (overrides / "list.txt.j2").write_text("{{ briefs|length }} CUSTOM\n", encoding="utf-8")
    result = run("--seeds", str(seeds), "--templates", str(overrides), "latest")
    assert result.stdout.strip() == "1 CUSTOM"
    (overrides / "list.txt.j2").write_text("{% for %}\n", encoding="utf-8")
    broken = run("--seeds", str(seeds), "--templates", str(overrides), "latest")
    assert broken.exit_code == 2
    assert "list.txt.j2" in broken.stderr and "line 1" in broken.stderr


def test_installed_command_runs_from_the_default_seeds_folder(seeds: Path) -> None:
    """The real console script, in a folder with ./seeds, as a user runs it."""
    command = Path(sys.executable).with_name("oncobrief")
    result = subprocess.run(
        [str(command), "-f", "json", "latest"],
        cwd=seeds.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["title"] == TITLE


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["check", "{tmp}/absent"], "does not exist (give an existing folder)"),
        (["--seeds", "{seed_file}", "latest"], "is not a folder (set --seeds DIR"),
        (["--templates", "{tmp}/absent", "latest"], "templates folder"),
    ],
)
def test_configuration_errors_exit_2_with_one_line(
    tmp_path: Path, seeds: Path, args: list[str], words: str
) -> None:
    filled = [a.format(tmp=tmp_path, seed_file=seeds / SEED.name) for a in args]
    result = run(*filled)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0]


def test_invalid_setting_in_the_environment_exits_2(seeds: Path) -> None:
    result = run("--seeds", str(seeds), "latest", env={"ONCOBRIEF_MAX_FILE_BYTES": "lots"})
    assert result.exit_code == 2
    assert "ONCOBRIEF_MAX_FILE_BYTES" in result.stderr
