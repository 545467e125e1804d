"""Check, read, compare, try out and publish questionnaires: `screening questionnaire ...`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import click
from flask import current_app
from flask.cli import AppGroup

from screening.instrument import (
    LOCK_NAME,
    AnswerError,
    Instrument,
    InstrumentError,
    Registry,
    Text,
    describe,
    format_lock,
    instrument_from_text,
    load_instrument,
    load_registry,
    read_lock,
    score,
)
from screening.instrument.declarations import (
    declaration_lines,
    roles_changes,
    route_extra_changes,
    route_extra_lines,
    route_map_changes,
)
from screening.instrument.loading import LOCK_HEADER, instrument_files
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


def _both(text: Text | None) -> str:
    return "" if text is None else f"{text.nl} / {text.en}"


def _show_lines(instrument: Instrument) -> list[str]:
    lines = [
        f"{instrument.id} {instrument.version} ({instrument.status}"
        + (f", published {instrument.published}" if instrument.published else "")
        + f") sha256:{instrument.hash}",
        f"title: {_both(instrument.title)}",
        f"changelog: {_both(instrument.changelog)}",
    ]
    for section in instrument.sections:
        lines += ["", f"section {section.id} (score: {section.score}, max {section.max_score}): "
                  f"{_both(section.title)}"]
        for item in section.items:
            kind: str = item.type
            if item.type == "number":
                kind += f" {item.min}..{item.max}"
            elif item.type == "text":
                kind += f" up to {item.text_limit} characters"
            essential = ", essential" if item.essential else ""
            lines.append(f"  {item.id} [{kind}{essential}]: {_both(item.text)}")
            if item.condition is not None:
                lines.append(f"    shown if {describe(item.condition)}")
            for option in item.options:
                lines.append(f"    {option.code} = {option.score}: {_both(option.label)}")
    lines += ["", "flags:"]
    for flag in instrument.flags:
        safety = f" (safety: {flag.safety})" if flag.safety else ""
        lines.append(f"  {flag.id}{safety} when {describe(flag.when)}")
    for name in ("tier", "parenting"):
        decision = getattr(instrument.scoring, name)
        lines += ["", f"{name} rules (default {decision.default}):"]
        for number, rule in enumerate(decision.rules, start=1):
            lines.append(f"  {number}. {rule.outcome} when {describe(rule.when)}")
    lines += ["", "routes:"]
    for route in instrument.routes:
        lines.append(f"  {route.id}: {_both(route.title)}")
        lines += [f"    {n}. {_both(step)}" for n, step in enumerate(route.steps, start=1)]
        lines += [f"    avoid: {_both(avoid)}" for avoid in route.avoid]
        lines += route_extra_lines(route)
    levels, tier = instrument.route_map.safety, instrument.route_map.tier
    lines += ["", f"route map: safety concern -> {levels.concern}, acute -> {levels.acute}; "
              f"tier insufficient -> {tier.insufficient}, ordinary -> {tier.ordinary}, "
              f"watch -> {tier.watch}, complex -> {tier.complex}"]
    return lines + declaration_lines(instrument)


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
        click.echo("\n".join(_show_lines(instrument)))


def _text_changes(name: str, old: Text | None, new: Text | None) -> list[str]:
    if old is None or new is None:
        return [] if old == new else [f"{name} ({'added' if old is None else 'removed'})"]
    return [f"{name} ({lang})" for lang in ("nl", "en") if getattr(old, lang) != getattr(new, lang)]


def _cond(condition: Any) -> str:
    return "-" if condition is None else describe(condition)


def _item_changes(old: Any, new: Any, old_section: str, new_section: str) -> list[str]:
    changes = _text_changes("text", old.text, new.text) + _text_changes("help", old.help, new.help)
    for field in ("type", "essential", "min", "max", "max_length", "source"):
        if getattr(old, field) != getattr(new, field):
            changes.append(f"{field} {getattr(old, field)} -> {getattr(new, field)}")
    if old_section != new_section:
        changes.append(f"moved from section {old_section} to {new_section}")
    if old.condition != new.condition:
        changes.append(f"condition {_cond(old.condition)} -> {_cond(new.condition)}")
    old_options = {option.code: option for option in old.options}
    new_options = {option.code: option for option in new.options}
    for code in old_options.keys() - new_options.keys():
        changes.append(f"option {code} removed")
    for code, option in new_options.items():
        before = old_options.get(code)
        if before is None:
            changes.append(f"option {code} added (score {option.score})")
            continue
        if before.score != option.score:
            changes.append(f"option {code} score {before.score} -> {option.score}")
        changes += _text_changes(f"option {code} label", before.label, option.label)
    if [o.code for o in old.options if o.code in new_options] != \
            [o.code for o in new.options if o.code in old_options]:
        changes.append("options reordered")
    return changes


def _keyed(kind: str, old: dict[str, Any], new: dict[str, Any], compare: Any) -> list[str]:
    lines = [f"- {kind} {key}" for key in old if key not in new]
    for key, value in new.items():
        if key not in old:
            lines.append(f"+ {kind} {key}")
        else:
            lines += [f"~ {kind} {key}: {change}" for change in compare(old[key], value)]
    return lines


def _flag_changes(old: Any, new: Any) -> list[str]:
    changes = _text_changes("label", old.label, new.label)
    if old.safety != new.safety:
        changes.append(f"safety {old.safety} -> {new.safety}")
    if old.when != new.when:
        changes.append(f"when {describe(old.when)} -> {describe(new.when)}")
    return changes


def _route_changes(old: Any, new: Any) -> list[str]:
    changes = _text_changes("title", old.title, new.title) + _text_changes("why", old.why, new.why)
    for field in ("steps", "avoid"):
        if getattr(old, field) != getattr(new, field):
            changes.append(f"{field} changed")
    return changes + route_extra_changes(old, new)


def diff_lines(old: Instrument, new: Instrument) -> list[str]:
    """List what changed from one version to another, one plain line per change."""
    lines = [f"~ instrument: {change}"
             for name in ("title", "changelog", "intended_users", "purpose", "disclaimer")
             for change in _text_changes(name, getattr(old, name), getattr(new, name))]
    lines += _keyed("section", {s.id: s for s in old.sections}, {s.id: s for s in new.sections},
                   lambda a, b: _text_changes("title", a.title, b.title)
                   + _text_changes("intro", a.intro, b.intro)
                   + ([f"score {a.score} -> {b.score}"] if a.score != b.score else []))
    old_items = {item.id: item for item in old.items()}
    new_items = {item.id: item for item in new.items()}
    lines += _keyed("item", old_items, new_items, lambda a, b: _item_changes(
        a, b, old.section_of(a.id).id, new.section_of(b.id).id))
    lines += _keyed("flag", {f.id: f for f in old.flags}, {f.id: f for f in new.flags},
                    _flag_changes)
    for name in ("tier", "parenting"):
        before, after = getattr(old.scoring, name), getattr(new.scoring, name)
        if before.default != after.default:
            lines.append(f"~ {name} default: {before.default} -> {after.default}")
        for number in range(1, max(len(before.rules), len(after.rules)) + 1):
            a = before.rules[number - 1] if number <= len(before.rules) else None
            b = after.rules[number - 1] if number <= len(after.rules) else None
            if a is None or b is None:
                sign, rule = ("+", b) if a is None else ("-", a)
                assert rule is not None
                lines.append(f"{sign} {name} rule {number}: {rule.outcome} "
                             f"when {describe(rule.when)}")
                continue
            if a.outcome != b.outcome:
                lines.append(f"~ {name} rule {number}: outcome {a.outcome} -> {b.outcome}")
            if a.when != b.when:
                lines.append(f"~ {name} rule {number}: when {describe(a.when)} -> "
                             f"{describe(b.when)}")
            lines += [f"~ {name} rule {number}: {c}"
                      for c in _text_changes("reason", a.reason, b.reason)]
    lines += _keyed("route", {r.id: r for r in old.routes}, {r.id: r for r in new.routes},
                    _route_changes)
    lines += route_map_changes(old.route_map, new.route_map)
    return roles_changes(old.roles, new.roles) + lines


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
    click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))


_TABLE = re.compile(r"^\s*\[")
_INSTRUMENT_TABLE = re.compile(r"^\s*\[\s*instrument\s*\]\s*(#.*)?$")
_STATUS = re.compile(r"""^(\s*)status\s*=\s*("[^"]*"|'[^']*')(\s*#.*)?$""")
_PUBLISHED = re.compile(r"^\s*published\s*=")


def publish_text(text: str, today: date) -> str:
    """Set status = "published" in the [instrument] table and add a published date if absent."""
    lines = text.splitlines(keepends=True)
    start = next((n for n, line in enumerate(lines) if _INSTRUMENT_TABLE.match(line)), None)
    if start is None:
        raise InstrumentError("no [instrument] table header found")
    end = next((n for n in range(start + 1, len(lines)) if _TABLE.match(lines[n])), len(lines))
    status_at = next((n for n in range(start + 1, end) if _STATUS.match(lines[n].rstrip())), None)
    if status_at is None:
        raise InstrumentError('no line status = "..." found in the [instrument] table')
    line = lines[status_at]
    match = _STATUS.match(line.rstrip())
    assert match is not None
    ending = line[len(line.rstrip("\r\n")):] or "\n"
    lines[status_at] = f'{match.group(1)}status = "published"{match.group(3) or ""}{ending}'
    if not any(_PUBLISHED.match(lines[n]) for n in range(start + 1, end)):
        lines.insert(status_at + 1, f"{match.group(1)}published = {today.isoformat()}{ending}")
    return "".join(lines)


@questionnaire_cli.command("lock")
@click.argument("instrument_id")
@click.argument("version")
def lock_command(instrument_id: str, version: str) -> None:
    """Publish a version: set its status to published and record its hash in LOCK."""
    folder = _folder()
    path = folder / instrument_id / f"{version}.toml"
    if not path.is_file():
        _fail(f"{path}: no such file")
    try:
        current = load_instrument(path)
        if (current.id, current.version) != (instrument_id, version):
            _fail(f"{path}: id and version in the file must be {instrument_id} {version}")
        if current.status == "retired":
            _fail(f"{path}: is retired; a retired version is not published again")
        text = path.read_text(encoding="utf-8")
        new_text = publish_text(text, date.today())
        published = instrument_from_text(new_text, str(path))
        lock_path = folder / LOCK_NAME
        entries = read_lock(lock_path)
    except InstrumentError as exc:
        _fail(exc.problems)
    key = (instrument_id, version)
    locked = entries.get(key)
    if locked is not None and locked != published.hash:
        _fail(f"{path}: {instrument_id} {version} is already locked with a different hash "
              f"(sha256:{locked[:12]}...); a published version never changes: make a new version")
    if locked == published.hash and new_text == text:
        click.echo(f"{instrument_id} {version} is already locked; nothing to do")
        return
    if new_text != text:
        path.write_text(new_text, encoding="utf-8")
    entries[key] = published.hash
    old_lock = lock_path.read_text(encoding="utf-8") if lock_path.exists() else ""
    header = "".join(line for line in old_lock.splitlines(keepends=True)
                     if line.lstrip().startswith("#")) or LOCK_HEADER
    lock_path.write_text(format_lock(entries, header), encoding="utf-8")
    click.echo(f"locked {instrument_id} {version} sha256:{published.hash}")
