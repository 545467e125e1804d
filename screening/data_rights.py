"""AVG (GDPR) rights and retention: export everything of a case, erase a case, purge old records."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from screening import figure_counts
from screening.answer_text import AnswerWords, answer_text
from screening.instrument import Instrument, Result
from screening.instrument.followup import planned
from screening.models import AuditEvent, Screening
from screening.screenings import has_verdict, shown_result


def months_before(moment: datetime, months: int) -> datetime:
    """Return the same moment `months` calendar months earlier (day clamped to the month)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    month += 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


@dataclass(frozen=True)
class PurgePlan:
    """The screenings a retention run erases, and why."""

    finalised: Sequence[Screening]
    stale_drafts: Sequence[Screening]

    @property
    def all(self) -> list[Screening]:
        return [*self.finalised, *self.stale_drafts]


def purge_plan(session: Session, now: datetime, final_months: int, draft_days: int) -> PurgePlan:
    """Select finalised screenings past their retention and drafts left untouched too long."""
    finalised = session.scalars(select(Screening).where(
        Screening.status == "final", Screening.finalised_at < months_before(now, final_months),
    ).order_by(Screening.id)).all()
    stale = session.scalars(select(Screening).where(
        Screening.status == "draft", Screening.updated_at < now - timedelta(days=draft_days),
    ).order_by(Screening.id)).all()
    return PurgePlan(finalised, stale)


def erase(session: Session, screening: Screening) -> None:
    """Erase one screening and take it out of the kept figures, in the caller's transaction."""
    figure_counts.forget(session, screening)
    session.delete(screening)


def audit_rows_for(session: Session, organisation_id: int, screenings: Iterable[Screening],
                   pointers: Iterable[str]) -> Sequence[AuditEvent]:
    """Audit rows of this organisation that point at these screenings or at the case.

    A refused attempt from another organisation's account is that organisation's row:
    it never shows up in this case's export (it would name a stranger's account).
    """
    ids = [s.id for s in screenings]
    return session.scalars(select(AuditEvent).where(
        AuditEvent.organisation_id == organisation_id,
        or_(AuditEvent.screening_id.in_(ids),
            and_(AuditEvent.screening_id.is_(None),
                 AuditEvent.case_pointer.in_(list(pointers)))),
    ).order_by(AuditEvent.at, AuditEvent.id)).all()


def readable_answers(instrument: Instrument, answers: dict[str, Any], language: str,
                     words: AnswerWords) -> list[dict[str, Any]]:
    """List answers with their question and answer text, for a person reading the export."""
    return [{"item": item.id, "question": item.text.get(language), "answer": answers[item.id],
             "answer_text": answer_text(item, answers[item.id], language, words).text}
            for item in instrument.items() if item.id in answers]


def _shown(instrument: Instrument, screening: Screening) -> dict[str, Any]:
    """Return the outcome as every page shows it: safety 'unknown', what it could become."""
    result = shown_result(instrument, screening)
    return {"verdict": has_verdict(screening), "safety": result.safety, "tier": result.tier,
            "could_become": result.could_become, "decisive": list(result.decisive),
            "next_screening": _plan(instrument, screening, result)}


def _plan(instrument: Instrument, screening: Screening, result: Result) -> dict[str, Any] | None:
    """The next screening as the pages and the PDF show it; a draft has no plan (None)."""
    if not screening.is_final:
        return None
    plan = planned(instrument, result, screening.rescreen_on)
    return {"on": plan.on.isoformat() if plan.on else None, "after": plan.after}


def export_document(case_reference: str, organisation: str, exported_at: datetime,
                    screenings: Sequence[tuple[Screening, Instrument]],
                    audit_rows: Sequence[AuditEvent], language: str, words: AnswerWords) -> str:
    """Build the JSON of an access request: everything stored about one case."""
    document = {
        "case_reference": case_reference,
        "organisation": organisation,
        "exported_at": exported_at.isoformat(),
        "screenings": [{
            "id": s.id, "status": s.status, "municipality": s.municipality,
            "instrument": {"id": s.instrument_id, "version": s.instrument_version,
                           "hash": s.instrument_hash},
            "created_at": s.created_at.isoformat(), "updated_at": s.updated_at.isoformat(),
            "finalised_at": s.finalised_at.isoformat() if s.finalised_at else None,
            "rescreen_on": s.rescreen_on.isoformat() if s.rescreen_on else None,
            "owner": s.owner.name,
            "answers": readable_answers(instrument, s.answers, language, words),
            "notes": s.notes,
            "computed": {"safety": s.safety, "tier": s.tier, "parenting": s.parenting},
            "shown": _shown(instrument, s),
            "result": s.result,
            "judgement": {"judgement": s.judgement, "chosen_tier": s.chosen_tier,
                          "reason": s.judgement_reason},
            "shared_with": [{"name": share.user.name, "since": share.created_at.isoformat()}
                            for share in s.shares],
        } for s, instrument in screenings],
        "audit": [{"at": row.at.isoformat(), "event": row.event, "user_id": row.user_id,
                   "screening_id": row.screening_id} for row in audit_rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
