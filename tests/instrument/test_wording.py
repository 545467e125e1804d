"""The changed words between two versions, old and new, as a domain expert reads them."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from screening.cli_questionnaire import questionnaire_cli
from screening.instrument import load_instrument
from screening.instrument.wording import wording_lines

REPO = Path(__file__).resolve().parents[2]
FOLDER = REPO / "questionnaires"
INSTRUMENT = FOLDER / "vroegsignalering-complexe-scheiding"


def test_changed_texts_show_old_and_new_words_in_place() -> None:
    old = load_instrument(INSTRUMENT / "1.0.toml")
    new = load_instrument(INSTRUMENT / "1.1.toml")
    lines = wording_lines(old, new)
    at = lines.index("item agreements_contested question:")
    assert lines[at + 1] == "  - Wordt er over elke afspraak gestreden, ook over het ouderschapsplan?"
    assert lines[at + 2] == "  + Komt er steeds weer ruzie over afspraken, ook over het ouderschapsplan?"
    # An added question sits where the new version asks it, before later sections.
    assert lines.index("item one_parent_only question:") < lines.index("section patterns intro:")
    # A removed question shows its old words only; unchanged texts are left out.
    at = lines.index("item violence_ongoing question:")
    assert lines[at + 1].startswith("  - ") and not lines[at + 2].startswith("  + ")
    assert "item children_count question:" not in lines
    # Standard yes/no labels are not repeated for every added question.
    assert "  + Ja" not in lines
    assert wording_lines(old, old) == []


def test_diff_command_prints_the_words_on_request() -> None:
    app = Flask(__name__)
    app.config["QUESTIONNAIRE_DIR"] = FOLDER
    app.cli.add_command(questionnaire_cli)
    runner = app.test_cli_runner()
    args = ["questionnaire", "diff", "vroegsignalering-complexe-scheiding", "1.0", "1.1"]
    plain = runner.invoke(args=args)
    assert plain.exit_code == 0, plain.output
    assert "Changed texts" not in plain.output
    words = runner.invoke(args=[*args, "--words", "nl"])
    assert words.exit_code == 0, words.output
    assert words.output.startswith(plain.output)
    assert "Changed texts (nl): - old, + new" in words.output
    assert "  + Is een ouder bang voor de andere ouder?" in words.output
