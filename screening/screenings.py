"""Screening records: who may see them, and how answers, judgement and finalisation are saved.

Views call these helpers; the helpers only flush. Meaning always comes from
`screening.instrument`: nothing here decides what an answer means.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.attributes import set_committed_value

from screening import figure_counts
from screening.instrument import (
    Carried,
    Evaluation,
    Instrument,
    Registry,
    Result,
    Section,
    carry_answers,
    evaluate,
    honest_view,
    outcomes,
    shown_level,
    validate_answers,
    version_key,
)
from screening.instrument.followup import rescreen_after, rescreen_weeks
from screening.live_results import current_result as current_result
from screening.live_results import live_result
from screening.live_results import shown_result as shown_result
from screening.models import Screening, Share, User, utcnow
from screening.visibility import BOUND_USER, user_values, visible_to

REVIEW_STEP = "review"
RESULT_STEP = "result"



def start_items(instrument: Instrument) -> tuple[str, ...]:
    """Return the items asked on the start page: the setting, then who screens (its roles)."""
    roles = instrument.app_roles
    return tuple(item_id for item_id in (roles.setting, roles.screener_role) if item_id)


def profession_answer(instrument: Instrument, profession: str | None) -> str | None:
    """Return the option of the instrument's 'who screens' item for an account's profession."""
    return instrument.app_roles.profession_options.get(profession or "")

# When no route of a result says when to screen again (instrument 1.0 declares no interval):
# the 1.0 routes say "screen again in about 8 weeks"; a safety signal wants a look sooner.
DEFAULT_RESCREEN_WEEKS = 8
DEFAULT_RESCREEN_WEEKS_SAFETY = 2


class InstrumentMissing(LookupError):
    """The instrument version a screening was taken with is not loaded (or was altered)."""


def case_of(user: User, case_reference: str) -> Select[Screening]:
    """Select one case: the user's own screenings under this reference, oldest first.

    References are chosen per professional, so two colleagues may use the same one
    for different families; a case never mixes in a screening shared by someone else.
    """
    return (select(Screening)
            .where(Screening.owner_id == user.id, Screening.case_reference == case_reference)
            .order_by(Screening.created_at, Screening.id))


def find_for(session: Session, user: User, screening_id: int) -> Screening | None:
    """Return the screening when this user needs to know it; coordinators never do."""
    if user.role != "professional":
        return None  # what visible_to selects for them
    return session.scalar(_find_statement(), {**user_values(user), "screening_id": screening_id})


@cache
def _find_statement() -> Select[Screening]:
    """find_for's statement, built once (every page of a screening runs it); ids bound later."""
    return visible_to(BOUND_USER, Screening.id == bindparam("screening_id"))  # type: ignore[arg-type]


def share_candidates(session: Session, screening: Screening) -> list[User]:
    """Active professionals of the organisation who do not have the screening yet."""
    have = {share.user_id for share in screening.shares} | {screening.owner_id}
    users = session.scalars(select(User).where(
        User.organisation_id == screening.organisation_id, User.role == "professional",
        User.active.is_(True)).order_by(User.name))
    return [user for user in users if user.id not in have]


def share(session: Session, screening: Screening, colleague_id: str, by: User) -> User | None:
    """Share with one of the candidates; None when the choice is not one of them."""
    chosen = next((u for u in share_candidates(session, screening) if str(u.id) == colleague_id),
                  None)
    if chosen is not None:
        session.add(Share(screening_id=screening.id, user_id=chosen.id, shared_by_id=by.id))
    return chosen


def instrument_of(registry: Registry, screening: Screening) -> Instrument:
    """Return the exact instrument version a screening is pinned to."""
    try:
        instrument = registry.get(screening.instrument_id, screening.instrument_version)
    except KeyError as missing:
        raise InstrumentMissing(screening.instrument_id) from missing
    if instrument.hash != screening.instrument_hash:
        raise InstrumentMissing(screening.instrument_id)
    return instrument


def steps(instrument: Instrument) -> list[str]:
    """Return the steps of a screening: one per section, then the review."""
    return [section.id for section in instrument.sections] + [REVIEW_STEP]


def start(
    session: Session, user: User, instrument: Instrument, *, case_reference: str,
    municipality: str, start_answers: Mapping[str, str],
) -> Screening:
    """Create a draft screening pinned to this instrument version.

    A screening of a case the professional finalised before is a follow-up of the latest one.
    """
    previous = session.scalar(
        select(Screening).where(Screening.owner_id == user.id,
                                Screening.case_reference == case_reference,
                                Screening.status == "final")
        .order_by(Screening.finalised_at.desc(), Screening.id.desc()).limit(1))
    if previous is not None and previous.followed_up_at is None:
        with figure_counts.moved(previous):
            previous.followed_up_at = utcnow()
    screening = Screening(
        previous_id=previous.id if previous is not None else None,
        owner_id=user.id, organisation_id=user.organisation_id,
        case_reference=case_reference, municipality=municipality,
        instrument_id=instrument.id, instrument_version=instrument.version,
        instrument_hash=instrument.hash, status="draft",
        answers=validate_answers(instrument, start_answers), notes={},
        current_step=instrument.sections[0].id,
    )
    _recompute(instrument, screening)
    session.add(screening)
    session.flush()
    return screening


# One step's save: one UPDATE by id and the version the page was read at (the optimistic lock
# the ORM's version counter keeps for every other write), without the ORM's unit of work.
SAVE_STEP = update(Screening).where(Screening.id == bindparam("screening_id"),
                                    Screening.lock_version == bindparam("read_version"))


def section_evaluation(instrument: Instrument, screening: Screening, section: Section,
                       section_answers: Mapping[str, Any]) -> Evaluation:
    """Evaluate the answers with this section's replaced: what is shown and decided.

    Raise AnswerError on an answer that does not fit its item.
    """
    section_ids = {item.id for item in section.items}
    merged = {k: v for k, v in screening.answers.items() if k not in section_ids}
    merged.update(section_answers)
    return evaluate(instrument, merged)


def save_section(
    session: Session, instrument: Instrument, screening: Screening, section: Section,
    evaluation: Evaluation, note: str, next_step: str,
) -> bool:
    """Save the section_evaluation of a step and its note; answers of hidden items are dropped.

    False, with nothing written, when another request saved the screening since it was
    loaded. Otherwise the screening object is brought up to date as written.
    """
    notes = {k: v for k, v in screening.notes.items() if k != section.id}
    if note.strip():
        notes[section.id] = note.strip()
    values = {
        "answers": evaluation.given, "notes": notes, "current_step": next_step,
        "reached_end": screening.reached_end or next_step in (REVIEW_STEP, RESULT_STEP),
        "judgement": screening.judgement, "chosen_tier": screening.chosen_tier,
        "judgement_reason": screening.judgement_reason,
        **_outcomes(instrument, screening, evaluation),
        "lock_version": screening.lock_version + 1, "updated_at": utcnow(),
    }
    written = session.connection().execute(SAVE_STEP, {
        "screening_id": screening.id, "read_version": screening.lock_version, **values})
    if written.rowcount != 1:
        return False
    for name, value in values.items():
        set_committed_value(screening, name, value)
    return True


def has_verdict(screening: Screening) -> bool:
    """Tell whether a screening shows an outcome: final, or its last page was reached."""
    return screening.is_final or screening.reached_end


def _recompute(instrument: Instrument, screening: Screening) -> None:
    """Score the answers again; a judgement about another outcome no longer stands."""
    evaluation = evaluate(instrument, screening.answers)
    for name, value in _outcomes(instrument, screening, evaluation).items():
        setattr(screening, name, value)


def _outcomes(instrument: Instrument, screening: Screening,
              evaluation: Evaluation) -> dict[str, Any]:
    """The outcome columns of evaluated answers, and a cleared judgement when the outcome moved."""
    safety, tier, parenting = outcomes(instrument, evaluation)
    values: dict[str, Any] = {"tier": tier, "safety": safety, "parenting": parenting,
                              "shown_safety": shown_level(instrument, safety, evaluation.given)}
    if (screening.tier, screening.safety, screening.parenting) != (tier, safety, parenting):
        values.update(judgement=None, chosen_tier=None, judgement_reason=None)
    return values


def newer_version(registry: Registry, screening: Screening) -> Instrument | None:
    """Return the latest published version when a draft was started on an older one."""
    latest = registry.latest_published(screening.instrument_id)
    if screening.is_final or latest is None:
        return None
    if version_key(latest.version) <= version_key(screening.instrument_version):
        return None
    return latest


def move_to(old: Instrument, new: Instrument, screening: Screening) -> Carried:
    """Move a draft to a newer instrument version, keeping the answers that still fit."""
    carried = carry_answers(screening.answers, old, new)
    screening.instrument_id, screening.instrument_version = new.id, new.version
    screening.instrument_hash = new.hash
    screening.answers = carried.answers
    section_ids = [section.id for section in new.sections]
    if screening.current_step not in (*section_ids, REVIEW_STEP):
        screening.current_step = section_ids[0]
    _recompute(new, screening)
    return carried


def judge(screening: Screening, judgement: str, chosen_tier: str | None, reason: str | None) -> None:
    """Record the professional's judgement: agree, or another outcome with a reason."""
    screening.judgement = judgement
    if judgement == "agree":
        screening.chosen_tier, screening.judgement_reason = None, None
    else:
        screening.chosen_tier, screening.judgement_reason = chosen_tier, (reason or "").strip()


@dataclass(frozen=True)
class Rescreen:
    """The suggested day to screen again, and whether the instrument gave the interval.

    `after` names the steps the next screening waits for ('meldcode'): then there is no day.
    """

    on: date | None
    weeks: int | None
    from_instrument: bool
    after: str | None = None


def suggested_rescreen(instrument: Instrument, result: Result, today: date) -> Rescreen:
    """Suggest the next screening day from the routes' interval, else from our default.

    A route that waits for the Meldcode steps gives no day: the owner sets it afterwards.
    """
    after = rescreen_after(instrument, result)
    if after is not None:
        return Rescreen(None, None, True, after)
    weeks = rescreen_weeks(instrument, result)
    if weeks is not None:
        return Rescreen(today + timedelta(weeks=weeks), weeks, True)
    fallback = (DEFAULT_RESCREEN_WEEKS_SAFETY if result.safety in ("concern", "acute")
                else DEFAULT_RESCREEN_WEEKS)
    return Rescreen(today + timedelta(weeks=fallback), fallback, False)


def due_for(user: User, until: date) -> Select[Screening]:
    """Select the user's own finalised screenings to screen again by `until`, soonest first.

    A screening that a follow-up was started for is done; overdue ones stay until then.
    """
    return (select(Screening)
            .where(Screening.owner_id == user.id, Screening.status == "final",
                   Screening.rescreen_on.is_not(None), Screening.rescreen_on <= until,
                   Screening.followed_up_at.is_(None))
            .order_by(Screening.rescreen_on, Screening.id))


def waiting_without_date(user: User) -> Select[Screening]:
    """Select the user's own finalised screenings whose plan waits for the Meldcode steps.

    That is the plan `followup.planned` gives: no date, and routes that wait for the steps
    (`rescreen_after`, stored at finalising as `rescreen_waits`). A case whose routes do
    not wait and whose owner cleared the date has nothing planned: it is not listed.
    It stays in view until its owner plans the next screening or starts a follow-up.
    """
    return (select(Screening)
            .where(Screening.owner_id == user.id, Screening.status == "final",
                   Screening.rescreen_on.is_(None), Screening.followed_up_at.is_(None),
                   Screening.rescreen_waits.is_(True))
            .order_by(Screening.finalised_at, Screening.id))


def finalise(instrument: Instrument, screening: Screening, today: date | None = None) -> None:
    """Freeze the screening: its result, version and hash never change again; count it.

    `today` is the professional's day (their time zone); the next screening is set from it.
    """
    result = live_result(instrument, screening.answers)
    screening.result = result.to_dict()
    screening.tier, screening.safety, screening.parenting = (
        result.tier, result.safety, result.parenting)
    screening.shown_safety = honest_view(instrument, result, screening.answers).safety
    screening.reached_end = True
    screening.status = "final"
    screening.current_step = RESULT_STEP
    screening.finalised_at = utcnow()
    session = object_session(screening)
    assert session is not None
    with session.no_autoflush:  # nothing is written before the commit (see test_faults)
        screening.screener_profession = screening.owner.profession
    day = today if today is not None else screening.finalised_at.date()
    suggestion = suggested_rescreen(instrument, result, day)
    screening.rescreen_on, screening.rescreen_waits = suggestion.on, suggestion.after is not None
    figure_counts.add(session, figure_counts.key_of(screening), +1)
