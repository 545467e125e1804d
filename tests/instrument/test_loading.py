"""Content hash, LOCK and the registry of versions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from screening.instrument import (
    Instrument,
    InstrumentError,
    content_hash,
    load_instrument,
    load_registry,
    read_lock,
)

from .conftest import DATA, TINY_PATH, tiny_doc


def test_hash_is_stable_and_hex() -> None:
    first = content_hash(tiny_doc())
    assert first == content_hash(tiny_doc())
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    assert load_instrument(TINY_PATH).hash == first


def test_hash_ignores_status_but_not_content() -> None:
    document = tiny_doc()
    base = content_hash(document)
    document["instrument"]["status"] = "retired"
    assert content_hash(document) == base
    document["sections"][1]["items"][0]["text"]["nl"] = "Hoe vaak?"
    assert content_hash(document) != base
    document = tiny_doc()
    document["instrument"]["published"] = document["instrument"]["published"].replace(day=2)
    assert content_hash(document) != base


def test_hash_ignores_comments_and_line_endings(tmp_path: Path) -> None:
    text = TINY_PATH.read_text(encoding="utf-8")
    path = tmp_path / "1.0.toml"
    path.write_bytes(("# another comment\n" + text).replace("\n", "\r\n").encode("utf-8"))
    assert load_instrument(path).hash == load_instrument(TINY_PATH).hash


def test_hash_does_not_change_the_document() -> None:
    document = tiny_doc()
    content_hash(document)
    assert document["instrument"]["status"] == "published"


def test_registry_loads_versions_in_order() -> None:
    registry = load_registry(DATA)
    assert [(i.id, i.version, i.status) for i in registry.all()] == [
        ("tiny", "1.0", "published"), ("tiny", "1.1", "draft")]
    assert registry.get("tiny", "1.1").version == "1.1"
    assert [i.version for i in registry.versions("tiny")] == ["1.0", "1.1"]
    assert [i.version for i in registry.published()] == ["1.0"]
    latest = registry.latest_published("tiny")
    assert latest is not None and latest.version == "1.0"
    assert registry.latest_published("nope") is None
    assert registry.versions("nope") == []
    with pytest.raises(KeyError):
        registry.get("tiny", "9.9")


def _copy_as(questionnaires: Path, version: str, status: str) -> Path:
    text = (questionnaires / "tiny" / "1.0.toml").read_text(encoding="utf-8")
    text = text.replace('version = "1.0"', f'version = "{version}"')
    text = text.replace('status = "published"', f'status = "{status}"')
    path = questionnaires / "tiny" / f"{version}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_versions_sort_as_numbers(questionnaires: Path) -> None:
    _copy_as(questionnaires, "1.10", "draft")
    _copy_as(questionnaires, "1.9", "draft")
    registry = load_registry(questionnaires)
    assert [i.version for i in registry.versions("tiny")] == ["1.0", "1.1", "1.9", "1.10"]


def test_latest_published_skips_retired_and_drafts(questionnaires: Path) -> None:
    path = _copy_as(questionnaires, "2.0", "published")
    lock = questionnaires / "LOCK"
    lock.write_text(lock.read_text() + f"tiny 2.0 sha256:{load_instrument(path).hash}\n")
    registry = load_registry(questionnaires)
    latest = registry.latest_published("tiny")
    assert latest is not None and latest.version == "2.0"
    assert [i.version for i in registry.published()] == ["1.0", "2.0"]
    path.write_text(path.read_text().replace('status = "published"', 'status = "retired"'))
    registry = load_registry(questionnaires)  # retiring keeps the hash
    latest = registry.latest_published("tiny")
    assert latest is not None and latest.version == "1.0"


def test_tampered_published_file_is_refused_with_its_name(questionnaires: Path) -> None:
    path = questionnaires / "tiny" / "1.0.toml"
    path.write_text(path.read_text().replace("Hoe vaak contact?", "Hoe vaak is er contact?"))
    with pytest.raises(InstrumentError) as caught:
        load_registry(questionnaires)
    assert caught.value.problems == [
        f"{path}: content hash sha256:{load_instrument(path).hash[:12]}... does not match LOCK "
        f"(sha256:{load_instrument(TINY_PATH).hash[:12]}...): a published version must never "
        "change; make a new version instead"]


def test_published_file_missing_from_lock_is_refused(questionnaires: Path) -> None:
    (questionnaires / "LOCK").write_text("# empty\n")
    with pytest.raises(InstrumentError, match=r"1\.0\.toml: status is published but the "
                                              r"version is not in LOCK"):
        load_registry(questionnaires)


def test_missing_lock_file_means_nothing_is_locked(questionnaires: Path) -> None:
    (questionnaires / "LOCK").unlink()
    with pytest.raises(InstrumentError, match="not in LOCK"):
        load_registry(questionnaires)
    (questionnaires / "tiny" / "1.0.toml").unlink()
    assert [i.version for i in load_registry(questionnaires).all()] == ["1.1"]


def test_lock_entry_without_file_is_refused(questionnaires: Path) -> None:
    lock = questionnaires / "LOCK"
    lock.write_text(lock.read_text() + "tiny 3.0 sha256:" + "0" * 64 + "\n")
    with pytest.raises(InstrumentError) as caught:
        load_registry(questionnaires)
    assert caught.value.problems == [
        f"{lock}: tiny 3.0 is locked, but its file tiny/3.0.toml is missing"]


def test_draft_in_lock_is_refused(questionnaires: Path) -> None:
    lock = questionnaires / "LOCK"
    draft = load_instrument(questionnaires / "tiny" / "1.1.toml")
    lock.write_text(lock.read_text() + f"tiny 1.1 sha256:{draft.hash}\n")
    with pytest.raises(InstrumentError, match=r"1\.1\.toml: is a draft, but version 1\.1 is "
                                              "in LOCK"):
        load_registry(questionnaires)


def test_malformed_lock_line_is_refused(questionnaires: Path) -> None:
    lock = questionnaires / "LOCK"
    lock.write_text(lock.read_text() + "tiny 1.1 md5:abc\n")
    with pytest.raises(InstrumentError, match=r"LOCK, line 4: expected '<id> <version> "
                                              r"sha256:<hex>'"):
        read_lock(lock)
    with pytest.raises(InstrumentError, match="line 4"):
        load_registry(questionnaires)


def test_folder_must_be_the_id_and_file_the_version(questionnaires: Path) -> None:
    (questionnaires / "tiny" / "1.1.toml").rename(questionnaires / "tiny" / "1.2.toml")
    wrong = questionnaires / "other"
    wrong.mkdir()
    (questionnaires / "tiny" / "1.2.toml").replace(wrong / "1.1.toml")
    with pytest.raises(InstrumentError) as caught:
        load_registry(questionnaires)
    assert caught.value.problems == [
        f"{wrong / '1.1.toml'}: [instrument], field 'id': 'tiny' must equal the folder "
        "name 'other'"]
    (wrong / "1.1.toml").rename(wrong / "1.3.toml")
    with pytest.raises(InstrumentError) as caught:
        load_registry(questionnaires)
    assert f"{wrong / '1.3.toml'}: [instrument], field 'version': '1.1' must equal the file " \
           "name '1.3'" in caught.value.problems


def test_problems_of_all_files_are_listed(questionnaires: Path) -> None:
    bad = questionnaires / "tiny" / "1.1.toml"
    bad.write_text(bad.read_text().replace('score = "max"', 'score = "avg"'))
    (questionnaires / "LOCK").write_text("")
    with pytest.raises(InstrumentError) as caught:
        load_registry(questionnaires)
    assert len(caught.value.problems) == 2
    assert "not in LOCK" in caught.value.problems[0]
    assert caught.value.problems[1] == (
        f"{bad}: section 'help', field 'score': should be 'sum', 'max' or 'none'")


def test_registry_folder_must_exist(tmp_path: Path) -> None:
    with pytest.raises(InstrumentError, match="is not a folder"):
        load_registry(tmp_path / "nope")


def test_loader_sets_the_hash_on_the_instrument(tiny: Instrument) -> None:
    assert tiny.hash == content_hash(tiny_doc())
