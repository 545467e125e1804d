"""The `questionnaire` commands, run through Flask's CLI runner on a copy of test data."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask

from screening.cli_questionnaire import questionnaire_cli
from screening.instrument import load_instrument, load_registry, read_lock
from screening.instrument.publishing import publish_text

DATA = Path(__file__).parent / "instrument" / "data" / "questionnaires"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "questionnaires"
    shutil.copytree(DATA, target)
    return target


def run(folder: Path | str, *args: str) -> Result:
    app = Flask(__name__)
    app.config["QUESTIONNAIRE_DIR"] = folder
    app.cli.add_command(questionnaire_cli)
    return app.test_cli_runner().invoke(args=["questionnaire", *args])


def test_validate_all(folder: Path) -> None:
    result = run(folder, "validate")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"OK {folder / 'tiny' / '1.0.toml'}", f"OK {folder / 'tiny' / '1.1.toml'}"]


def test_validate_accepts_a_path_string_as_folder(folder: Path) -> None:
    assert run(str(folder), "validate").exit_code == 0


def test_validate_reports_every_problem(folder: Path) -> None:
    draft = folder / "tiny" / "1.1.toml"
    draft.write_text(draft.read_text().replace('score = "max"', 'score = "avg"'))
    published = folder / "tiny" / "1.0.toml"
    published.write_text(published.read_text().replace("Gezin", "Het gezin"))
    result = run(folder, "validate")
    assert result.exit_code == 1
    assert f"{published}: content hash" in result.output
    assert f"{draft}: section 'help', field 'score': should be 'sum', 'max' or 'none'" \
        in result.output


def test_validate_given_paths(folder: Path, tmp_path: Path) -> None:
    loose = tmp_path / "loose.toml"
    loose.write_text((folder / "tiny" / "1.1.toml").read_text())
    result = run(folder, "validate", str(loose), str(folder))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"OK {loose}"
    loose.write_text(loose.read_text().replace("[[routes]]", "[[route]]", 1))
    result = run(folder, "validate", str(loose))
    assert result.exit_code == 1
    assert f"{loose}: unknown top-level key 'route'" in result.output


def test_list(folder: Path) -> None:
    result = run(folder, "list")
    assert result.exit_code == 0
    first = load_instrument(folder / "tiny" / "1.0.toml").hash[:12]
    assert result.output.splitlines()[0] == f"tiny 1.0 published {first}"
    assert result.output.splitlines()[1].startswith("tiny 1.1 draft ")


def test_show_text_and_json(folder: Path) -> None:
    result = run(folder, "show", "tiny", "1.0")
    assert result.exit_code == 0
    assert "  contact_conflict [choice, essential]: Loopt contact uit op ruzie?" in result.output
    assert "    shown if contact_frequency in [monthly, weekly]" in result.output
    assert "    always = 3: Altijd / Always" in result.output
    assert "  acute_danger (safety: acute) when any(weapon in [yes]; child_afraid in [yes])" \
        in result.output
    assert "  1. insufficient when unknown essential items >= 3" in result.output
    result = run(folder, "show", "tiny", "1.0", "--json")
    data = json.loads(result.output)
    assert data["hash"] == load_instrument(folder / "tiny" / "1.0.toml").hash
    assert data["sections"][1]["items"][1]["condition"]["op"] == "in"
    assert run(folder, "show", "tiny", "7.0").exit_code == 1


def test_diff(folder: Path) -> None:
    result = run(folder, "diff", "tiny", "1.0", "1.1")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "~ instrument: changelog (nl)" in lines
    assert "- item notes" in lines
    assert "+ item help_failed" in lines
    assert "~ item contact_frequency: text (nl)" in lines
    assert "~ item help_repeated: option often score 3 -> 2" in lines
    assert ("~ flag safety_concern: when any(threats in [yes]; worry in [serious]) -> "
            "any(threats in [yes]; worry in [some, serious])") in lines
    assert run(folder, "diff", "tiny", "1.0", "1.0").output.strip() == "no differences"


def test_score_prints_the_result(folder: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"threats": "yes", "weapon": "yes", "children_count": 2}))
    result = run(folder, "score", "tiny", "1.0", str(answers))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["safety"] == "acute"
    assert data["routes"][0] == "meldcode-acuut"


@pytest.mark.parametrize(("content", "words"), [
    ('{"worry": "maybe"}', "item 'worry': 'maybe' is not an option"),
    ('{"children_count": 99}', "item 'children_count': 99 is not between 0 and 12"),
    ("{not json", "cannot read the answers as JSON"),
    ('["worry"]', "expected a JSON object"),
])
def test_score_refuses_bad_answers(folder: Path, tmp_path: Path, content: str,
                                   words: str) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(content)
    result = run(folder, "score", "tiny", "1.0", str(answers))
    assert result.exit_code == 1
    assert words in result.output


def test_lock_publishes_a_draft(folder: Path) -> None:
    result = run(folder, "lock", "tiny", "1.1")
    assert result.exit_code == 0, result.output
    path = folder / "tiny" / "1.1.toml"
    text = path.read_text()
    assert 'status = "published"' in text
    assert f"published = {date.today().isoformat()}" in text
    locked = read_lock(folder / "LOCK")
    assert locked[("tiny", "1.1")] == load_instrument(path).hash
    lock_lines = (folder / "LOCK").read_text().splitlines()
    assert lock_lines[0].startswith("#")
    assert [line.split()[1] for line in lock_lines if not line.startswith("#")] == ["1.0", "1.1"]
    registry = load_registry(folder)
    latest = registry.latest_published("tiny")
    assert latest is not None and latest.version == "1.1"
    again = run(folder, "lock", "tiny", "1.1")
    assert again.exit_code == 0
    assert "already locked" in again.output
    assert path.read_text() == text


def test_lock_refuses_a_changed_locked_version(folder: Path) -> None:
    path = folder / "tiny" / "1.0.toml"
    path.write_text(path.read_text().replace("Gezin", "Het gezin"))
    before = (folder / "LOCK").read_text()
    result = run(folder, "lock", "tiny", "1.0")
    assert result.exit_code == 1
    assert "already locked with a different hash" in result.output
    assert (folder / "LOCK").read_text() == before


def test_lock_refuses_an_invalid_or_missing_file(folder: Path) -> None:
    path = folder / "tiny" / "1.1.toml"
    path.write_text(path.read_text().replace('score = "max"', 'score = "avg"'))
    result = run(folder, "lock", "tiny", "1.1")
    assert result.exit_code == 1
    assert "field 'score'" in result.output
    assert 'status = "draft"' in path.read_text()
    assert run(folder, "lock", "tiny", "4.0").exit_code == 1


def test_lock_creates_lock_when_absent(folder: Path) -> None:
    (folder / "LOCK").unlink()
    (folder / "tiny" / "1.0.toml").unlink()
    assert run(folder, "lock", "tiny", "1.1").exit_code == 0
    assert list(read_lock(folder / "LOCK")) == [("tiny", "1.1")]


def test_publish_text_keeps_comments_and_existing_dates() -> None:
    text = ('[instrument]\nid = "x"\nstatus = "draft"   # draft | published\n'
            'published = 2026-01-02\n\n[[sections]]\nstatus = "draft"\n')
    assert publish_text(text, date(2026, 5, 5)) == (
        '[instrument]\nid = "x"\nstatus = "published"   # draft | published\n'
        'published = 2026-01-02\n\n[[sections]]\nstatus = "draft"\n')
    text = '[instrument]\nstatus = \'draft\'\nid = "x"\n'
    assert publish_text(text, date(2026, 5, 5)) == (
        '[instrument]\nstatus = "published"\npublished = 2026-05-05\nid = "x"\n')


HONEST = Path(__file__).parent / "instrument" / "data" / "honest" / "1.0.toml"


def _add_honest(folder: Path) -> None:
    """Add the test instrument with roles as draft 1.0, and a changed draft 1.1."""
    (folder / "honest").mkdir()
    text = HONEST.read_text(encoding="utf-8")
    (folder / "honest" / "1.0.toml").write_text(text, encoding="utf-8")
    changed = (text.replace('version = "1.0"', 'version = "1.1"')
               .replace('"parent_struggling"]', '"parent_struggling", "agreements_fight"]')
               .replace("rescreen_weeks = 8\ncontacts", "rescreen_weeks = 6\ncontacts")
               .replace('safety = ["concern", "acute"]', 'safety = ["acute"]'))
    (folder / "honest" / "1.1.toml").write_text(changed, encoding="utf-8")


def test_diff_and_show_name_the_declarations(folder: Path) -> None:
    _add_honest(folder)
    lines = run(folder, "diff", "honest", "1.0", "1.1").output.splitlines()
    assert ("~ roles required_for_ordinary: safety_gate, child_wellbeing, contact_conflict, "
            "parent_struggling -> safety_gate, child_wellbeing, contact_conflict, "
            "parent_struggling, agreements_fight") in lines
    assert "~ route vinger-aan-de-pols: rescreen_weeks 8 -> 6" in lines
    assert ("~ route_map variant 1: tier complex; safety in [concern, acute] -> "
            "rust-en-veiligheid -> tier complex; safety in [acute] -> rust-en-veiligheid") in lines
    shown = run(folder, "show", "honest", "1.0").output.splitlines()
    assert "  safety_gate: safety_gate" in shown
    assert "  profession_options: school_social_worker -> smw, youth_health_nurse -> jgz" in shown
    assert "  2. tier watch; when flag parent_burden -> vinger-ouder" in shown
    assert "    contacts: wijkteam, jgz" in shown
    assert "    step 2 only when one_sided in [yes]" in shown


def test_score_json_says_safety_unknown_could_become_and_decisive(
    folder: Path, tmp_path: Path
) -> None:
    _add_honest(folder)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({
        "contact_frequency": "weekly", "contact_conflict": "rarely", "agreements_fight": "no",
        "parent_struggling": "unknown", "safety_gate": "unknown", "child_wellbeing": "unknown",
    }))
    result = run(folder, "score", "honest", "1.0", str(answers))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["safety"], data["tier"], data["could_become"]) == (
        "unknown", "insufficient", "watch")
    assert set(data["decisive"]) == {"safety_gate", "child_wellbeing", "parent_struggling"}
    assert data["routes"][0] == "veiligheid-uitzoeken"


def test_score_json_of_1_0_shows_an_open_safety_gate_as_unknown(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parent.parent / "questionnaires"
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"safety_gate": "unknown", "contact_frequency": "regularly"}))
    result = run(repo, "score", "vroegsignalering-complexe-scheiding", "1.0", str(answers))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["safety"], data["scored_safety"]) == ("unknown", "none")
    assert "safety_gate" in data["decisive"] and data["could_become"] is not None
