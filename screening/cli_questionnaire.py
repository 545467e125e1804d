"""`screening questionnaire ...`: check, read, compare, try out and publish questionnaires.

Only the commands live here; what they print and do is in the pure instrument package
(showing, diffing, publishing), where it is tested without a command line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import NoReturn

import click
from flask import current_app
from flask.cli import AppGroup

from screening.instrument import (
    AnswerError,
    Instrument,
    InstrumentError,
    Registry,
    honest_view,
    load_instrument,
    load_registry,
    score,
)
from screening.instrument.diffing import diff_lines
from screening.instrument.loading import instrument_files
from screening.instrument.publishing import publish
from screening.instrument.showing import show_lines
from screening.instrument.wording import wording_lines

questionnaire_cli = AppGroup(
    "questionnaire", help="Check, read, compare and publish questionnaires."
)


def _folder() -> Path:
    return Path(current_app.config["QUESTIONNAIRE_DIR"])


def _fail(lines: str | Iterable[str]) -> NoReturn:
    for line in [lines] if isinstance(lines, str) else lines:
        click.echo(line, err=True)
    raise SystemExit(1)


def _registry() -> Registry:
    try:
        return load_registry(_folder())
    except InstrumentError as exc:
        _fail(exc.problems)


def _get(registry: Registry, instrument_id: str, version: str) -> Instrument:
    try:
        return registry.get(instrument_id, version)
    except KeyError:
        _fail(f"no questionnaire {instrument_id} {version} in {_folder()}")


@questionnaire_cli.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def validate_command(paths: tuple[Path, ...]) -> None:
    """Validate every questionnaire and LOCK, or just the files or folders given."""
    problems: list[str] = []
    for path in paths or (_folder(),):
        try:
            if path.is_dir():
                files = list(instrument_files(path))
                load_registry(path)
            else:
                files = [path]
                load_instrument(path)
        except InstrumentError as exc:
            problems.extend(exc.problems)
            continue
        for file in files:
            click.echo(f"OK {file}")
    if problems:
        _fail(problems)


@questionnaire_cli.command("list")
def list_command() -> None:
    """List every questionnaire version with its status and hash."""
    for instrument in _registry().all():
        click.echo(f"{instrument.id} {instrument.version} {instrument.status} "
                   f"{instrument.hash[:12]}")


@questionnaire_cli.command("show")
@click.argument("instrument_id")
@click.argument("version")
@click.option("--json", "as_json", is_flag=True, help="Print the whole instrument as JSON.")
def show_command(instrument_id: str, version: str, as_json: bool) -> None:
    """Show one questionnaire version as readable text or JSON."""
    instrument = _get(_registry(), instrument_id, version)
    if as_json:
        data = instrument.model_dump(mode="json", by_alias=True)
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo("\n".join(show_lines(instrument)))


@questionnaire_cli.command("diff")
@click.argument("instrument_id")
@click.argument("old_version")
@click.argument("new_version")
@click.option("--words", "language", type=click.Choice(["nl", "en"]), default=None,
              help="Also print every changed text, old and new, in this language.")
def diff_command(instrument_id: str, old_version: str, new_version: str,
                 language: str | None) -> None:
    """Show what changed between two versions of a questionnaire."""
    registry = _registry()
    old = _get(registry, instrument_id, old_version)
    new = _get(registry, instrument_id, new_version)
    lines = diff_lines(old, new)
    click.echo("\n".join(lines) if lines else "no differences")
    if language and lines:
        click.echo("")
        click.echo(f"Changed texts ({language}): - old, + new")
        click.echo("\n".join(wording_lines(old, new, language)))


@questionnaire_cli.command("score")
@click.argument("instrument_id")
@click.argument("version")
@click.argument("answers_file", type=click.Path(dir_okay=False, path_type=Path))
def score_command(instrument_id: str, version: str, answers_file: Path) -> None:
    """Score a JSON file of answers {"item-id": "option-code" | number | "text"}."""
    instrument = _get(_registry(), instrument_id, version)
    try:
        answers = json.loads(answers_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        _fail(f"{answers_file}: cannot read the answers as JSON: {exc}")
    if not isinstance(answers, dict) or not all(
        isinstance(value, str | int) and not isinstance(value, bool) for value in answers.values()
    ):
        _fail(f"{answers_file}: expected a JSON object of item id -> option code, number or text")
    try:
        result = score(instrument, answers)
    except AnswerError as exc:
        _fail(f"{answers_file}: {exc}")
    # As every page shows it: safety 'unknown' also when only ROLES.toml names the gate (1.0);
    # 'scored_safety' then says what the version itself scored.
    shown = honest_view(instrument, result, answers)
    data = shown.to_dict()
    if shown.safety != result.safety:
        data["scored_safety"] = result.safety
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@questionnaire_cli.command("lock")
@click.argument("instrument_id")
@click.argument("version")
def lock_command(instrument_id: str, version: str) -> None:
    """Publish a version: set its status to published and record its hash in LOCK."""
    try:
        click.echo(publish(_folder(), instrument_id, version, date.today()))
    except InstrumentError as exc:
        _fail(exc.problems)
