"""One broken example per validation rule, each with the plain-words message it gives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from screening.instrument import Instrument, InstrumentError, load_instrument
from screening.instrument.loading import instrument_from_document

from .conftest import find_item, tiny_doc

SOURCE = "questionnaires/tiny/1.0.toml"


def problems_of(mutate: Callable[[dict[str, Any]], object]) -> list[str]:
    """Break a copy of the test instrument and return the problems it is refused with."""
    document = tiny_doc()
    mutate(document)
    with pytest.raises(InstrumentError) as caught:
        instrument_from_document(document, SOURCE)
    assert str(caught.value) == "\n".join(caught.value.problems)
    return caught.value.problems


def item(item_id: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda document: find_item(document, item_id)


def set_item(item_id: str, **fields: object) -> Callable[[dict[str, Any]], object]:
    return lambda document: find_item(document, item_id).update(fields)


def remove_acute(document: dict[str, Any]) -> None:
    for flag in document["flags"]:
        if flag.get("safety") == "acute":
            del flag["safety"]


def remove_concern(document: dict[str, Any]) -> None:
    for flag in document["flags"]:
        if flag.get("safety") == "concern":
            flag["safety"] = "acute"


CASES: list[tuple[str, Callable[[dict[str, Any]], object], str]] = [
    ("duplicate section id",
     lambda d: d["sections"][2].update(id="patterns"),
     "section 'patterns', field 'id': section id is used twice"),
    ("duplicate item id across sections",
     lambda d: find_item(d, "threats").update(id="children_count"),
     "item 'children_count', field 'id': item id is used twice"),
    ("duplicate option code",
     lambda d: find_item(d, "contact_conflict")["options"][1].update(code="rarely"),
     "item 'contact_conflict', field 'options': option code 'rarely' is used twice"),
    ("bad item id",
     set_item("notes", id="Notes Here"),
     "item 'Notes Here', field 'id': 'Notes Here' is not a valid id: use only lowercase "
     "letters, digits, '_' and '-'"),
    ("bad option code",
     lambda d: find_item(d, "worry")["options"][0].update(code="Geen"),
     "item 'worry', option 'Geen', field 'code': 'Geen' is not a valid id"),
    ("bad route id",
     lambda d: d["routes"][0].update(id="meld code"),
     "route 'meld code', field 'id': 'meld code' is not a valid id"),
    ("empty Dutch text",
     lambda d: find_item(d, "notes")["text"].update(nl="  "),
     "item 'notes', field 'text.nl': must not be empty"),
    ("missing English text",
     lambda d: d["instrument"]["disclaimer"].pop("en"),
     "[instrument], field 'disclaimer.en': is required"),
    ("choice item with one option",
     lambda d: find_item(d, "worry").update(options=find_item(d, "worry")["options"][:1]),
     "item 'worry', field 'options': a choice item needs at least two options"),
    ("unknown option with a score",
     lambda d: find_item(d, "help_repeated")["options"][3].update(score=1),
     "item 'help_repeated', field 'options': the option 'unknown' must score 0, not 1"),
    ("negative option score",
     lambda d: find_item(d, "worry")["options"][1].update(score=-1),
     "item 'worry', option 'some', field 'score': should be at least 0"),
    ("yesno item with options",
     set_item("threats", options=[{"code": "yes", "label": {"nl": "Ja", "en": "Yes"}}]),
     "item 'threats', field 'options': a yesno item gets its options (yes, no, unknown) "
     "from the loader; write no options"),
    ("number item with min above max",
     set_item("children_count", min=5, max=2),
     "item 'children_count', field 'min': min (5) is more than max (2)"),
    ("number item without max",
     lambda d: find_item(d, "children_count").pop("max"),
     "item 'children_count', field 'max': a number item needs both min and max"),
    ("min on a choice item",
     set_item("worry", min=1),
     "item 'worry', field 'min': only number items have min, this is a choice item"),
    ("text too long allowed",
     set_item("notes", max_length=5000),
     "item 'notes', field 'max_length': must be between 1 and 1000"),
    ("condition on a later item",
     set_item("contact_conflict", condition={"item": "threats", "op": "in", "values": ["yes"]}),
     "item 'contact_conflict', field 'condition': refers to item 'threats', which does not "
     "come before it"),
    ("condition on itself",
     set_item("worry", condition={"item": "worry", "op": "answered"}),
     "item 'worry', field 'condition': refers to item 'worry', which does not come before it"),
    ("condition on a missing item",
     set_item("worry", condition={"item": "nobody", "op": "answered"}),
     "item 'worry', field 'condition': refers to item 'nobody', which does not exist"),
    ("condition with an invalid option code",
     set_item("contact_conflict",
              condition={"item": "contact_frequency", "op": "in", "values": ["daily"]}),
     "item 'contact_conflict', field 'condition': 'daily' is not an option of item "
     "'contact_frequency'"),
    ("item condition with a flag leaf",
     set_item("worry", condition={"any": [{"flag": "conflict_contact"}]}),
     "item 'worry', field 'condition': an item condition may only test items, not a flag"),
    ("item condition with a domain leaf",
     set_item("worry", condition={"domain": "patterns", "op": "gte", "value": 1}),
     "item 'worry', field 'condition': an item condition may only test items, not a domain"),
    ("gte on a choice item",
     set_item("contact_conflict",
              condition={"item": "contact_frequency", "op": "gte", "value": 2}),
     "item 'contact_conflict', field 'condition': op 'gte' needs a number item, but "
     "'contact_frequency' is a choice item"),
    ("unknown operator",
     set_item("worry", condition={"item": "threats", "op": "equals", "values": ["yes"]}),
     "item 'worry', field 'condition.op': should be 'in', 'not_in', 'answered', 'unknown', "
     "'gte' or 'lte'"),
    ("in without values",
     set_item("worry", condition={"not": {"item": "threats", "op": "in"}}),
     "item 'worry', field 'condition.not': op 'in' needs a non-empty list 'values'"),
    ("not a condition",
     set_item("worry", condition={"all": [{"item": "threats", "op": "answered"}, {"x": 1}]}),
     "item 'worry', field 'condition.all[2]': is not a condition: it needs one of the keys "
     "item, flag, domain, unknown_essential, all, any or not"),
    ("flag refers to a flag defined after it",
     lambda d: d["flags"][0].update(when={"flag": "stuck_help"}),
     "flag 'conflict_contact', field 'when': refers to flag 'stuck_help', which is not "
     "defined before it"),
    ("rule refers to a missing flag",
     lambda d: d["scoring"]["tier"]["rules"][1].update(when={"flag": "nope"}),
     "tier rule 2, field 'when': refers to flag 'nope', which does not exist"),
    ("rule refers to an unscored section",
     lambda d: d["scoring"]["tier"]["rules"][1]["when"]["all"][0].update(domain="context"),
     "tier rule 2, field 'when': domain 'context' is not a scored section"),
    ("route map misses a tier",
     lambda d: d["route_map"]["tier"].pop("watch"),
     "field 'route_map.tier.watch': is required"),
    ("route map misses a safety level",
     lambda d: d["route_map"]["safety"].pop("concern"),
     "field 'route_map.safety.concern': is required"),
    ("route map names a missing route",
     lambda d: d["route_map"]["safety"].update(acute="nowhere"),
     "field 'route_map.safety.acute': route 'nowhere' does not exist"),
    ("tier not reachable",
     lambda d: d["scoring"]["tier"]["rules"].pop(2),
     "field 'scoring.tier': tier 'watch' cannot be reached: no rule or default gives it"),
    ("parenting pattern not reachable",
     lambda d: d["scoring"]["parenting"]["rules"].pop(0),
     "field 'scoring.parenting': parenting 'conflicted' cannot be reached: no rule or "
     "default gives it"),
    ("no acute flag",
     remove_acute,
     "field 'flags': at least one flag needs safety = \"acute\""),
    ("no concern flag",
     remove_concern,
     "field 'flags': at least one flag needs safety = \"concern\""),
    ("invalid rule outcome",
     lambda d: d["scoring"]["tier"]["rules"][0].update(outcome="huge"),
     "tier rule 1, field 'outcome': 'huge' is not a tier outcome; use one of insufficient, "
     "ordinary, watch, complex"),
    ("invalid default",
     lambda d: d["scoring"]["parenting"].update(default="chaotic"),
     "field 'scoring.parenting.default': 'chaotic' is not a parenting outcome"),
    ("invalid flag safety level",
     lambda d: d["flags"][1].update(safety="high"),
     "flag 'acute_danger', field 'safety': should be 'concern' or 'acute'"),
    ("version not MAJOR.MINOR",
     lambda d: d["instrument"].update(version="1"),
     "[instrument], field 'version': '1' is not a version: write MAJOR.MINOR, for example 1.0"),
    ("invalid status",
     lambda d: d["instrument"].update(status="final"),
     "[instrument], field 'status': should be 'draft', 'published' or 'retired'"),
    ("published without a date",
     lambda d: d["instrument"].pop("published"),
     "[instrument], field 'published': a published or retired version needs a publication "
     "date"),
    ("unknown key in an item",
     set_item("notes", colour="red"),
     "item 'notes': unknown key 'colour'"),
    ("unknown key in a condition",
     set_item("worry", condition={"item": "threats", "op": "answered", "when": 1}),
     "item 'worry', field 'condition': unknown key 'when'"),
    ("unknown key in [instrument]",
     lambda d: d["instrument"].update(author="me"),
     "[instrument]: unknown key 'author'"),
    ("unknown top-level key",
     lambda d: d.update(extras={}),
     "unknown top-level key 'extras'"),
    ("wrong type",
     set_item("children_count", min="0"),
     "item 'children_count', field 'min': should be a whole number"),
    ("missing field",
     lambda d: d["sections"][0].pop("title"),
     "section 'context', field 'title': is required"),
    ("invalid section score",
     lambda d: d["sections"][0].update(score="avg"),
     "section 'context', field 'score': should be 'sum', 'max' or 'none'"),
]


@pytest.mark.parametrize(("mutate", "expected"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_broken_instrument_is_refused_in_plain_words(
    mutate: Callable[[dict[str, Any]], object], expected: str
) -> None:
    problems = problems_of(mutate)
    assert any(problem.startswith(f"{SOURCE}: {expected}") for problem in problems), problems


def test_the_unbroken_instrument_is_valid() -> None:
    document = tiny_doc()
    assert isinstance(instrument_from_document(document, SOURCE), Instrument)


def test_several_problems_are_listed_together() -> None:
    def break_twice(document: dict[str, Any]) -> None:
        find_item(document, "notes").update(max_length=0)
        document["route_map"]["tier"].update(watch="nowhere")

    problems = problems_of(break_twice)
    assert problems == [
        f"{SOURCE}: item 'notes', field 'max_length': must be between 1 and 1000",
        f"{SOURCE}: field 'route_map.tier.watch': route 'nowhere' does not exist",
    ]


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "1.0.toml"
    path.write_text('[instrument]\nid = "tiny\n', encoding="utf-8")
    with pytest.raises(InstrumentError, match=r"1\.0\.toml: not valid TOML"):
        load_instrument(path)


def test_yesno_items_get_standard_options() -> None:
    document = tiny_doc()
    instrument = instrument_from_document(document, SOURCE)
    fight = instrument.item("agreements_fight")
    assert [(o.code, o.label.nl, o.label.en, o.score) for o in fight.options] == [
        ("yes", "Ja", "Yes", 2), ("no", "Nee", "No", 0), ("unknown", "Onbekend", "Unknown", 0)]
    afraid = instrument.item("child_afraid")
    assert [o.code for o in afraid.options] == ["yes", "no"]
    assert fight.max_score == 2


def test_instrument_round_trips_through_model_dump() -> None:
    instrument = instrument_from_document(tiny_doc(), SOURCE)
    again = Instrument.model_validate(instrument.model_dump(by_alias=True))
    assert again == instrument
    json_again = Instrument.model_validate(instrument.model_dump(mode="json", by_alias=True))
    assert json_again == instrument


def test_helpers_find_parts(tiny: Instrument) -> None:
    assert [item.id for item in tiny.items()][:3] == ["children_count", "youngest_age", "notes"]
    assert tiny.section("help").max_score == 3  # max of option 'often' 3 and yes_score 2
    assert tiny.section("patterns").max_score == 3 + 2 + 1
    assert tiny.section("context").max_score == 0
    assert tiny.route("meldcode").title.get("en") == "Reporting code"
    assert tiny.flag("acute_danger").safety == "acute"
    assert tiny.item("worry").option("serious") is not None
    assert tiny.item("worry").option("nope") is None
    with pytest.raises(KeyError):
        tiny.item("nope")
    with pytest.raises(KeyError):
        tiny.section("nope")


def test_text_falls_back_to_dutch(tiny: Instrument) -> None:
    assert tiny.title.get("en_GB") == "Small test list"
    assert tiny.title.get("nl") == "Kleine testlijst"
    assert tiny.title.get("de") == "Kleine testlijst"
