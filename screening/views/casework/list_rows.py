"""The rows of the screenings list, written by a function instead of a Jinja loop.

Through Jinja a row cost some 50 us (two links, two moments, labels and badges, each value
escaped on its way out); a page has twenty. The markup is the template's: what every row
repeats (words, labels, the shape of its links) is prepared and escaped once per page,
and each row escapes only its own values. Nothing is kept beyond the request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from markupsafe import Markup, escape

from screening.i18n import format_datetime
from screening.labels import SAFETY_LABELS, STATUS_LABELS, TIER_LABELS
from screening.urls import PLACEHOLDER, template_url_for
from screening.views.site import status_kind

# Stands in for a case reference while the shape of its link is built; the default URL
# converter leaves it as it is.
REFERENCE_PLACEHOLDER = "REFERENCE"


@dataclass(frozen=True)
class RowWords:
    """What every row of one page repeats: the viewer, words, labels and link shapes."""

    me: int
    case: Markup
    unfinished: Markup
    you: Markup
    on_step: Markup
    status: Mapping[str, Markup]
    safety: Mapping[str, Markup]
    tier: Mapping[str, Markup]
    show: tuple[str, str]
    case_link: tuple[str, str]
    quote: Callable[[str], str]  # the route's default converter: how Flask puts a reference in a link

    @classmethod
    def for_page(cls, me: int) -> RowWords:
        def labels(found: Mapping[str, Any]) -> dict[str, Markup]:
            return {code: escape(str(label)) for code, label in found.items()}

        show = template_url_for("casework.show", screening_id=int(PLACEHOLDER))
        case = template_url_for("casework.case", case_reference=REFERENCE_PLACEHOLDER)
        before, after = show.split(PLACEHOLDER)
        case_before, case_after = case.split(REFERENCE_PLACEHOLDER)
        return cls(me, escape(_("casus")), escape(_("Nog niet af")), escape(_("jij")),
                   Markup(_("staat op: %(step)s")), labels(STATUS_LABELS), labels(SAFETY_LABELS),
                   labels(TIER_LABELS), (before, after), (case_before, case_after),
                   current_app.url_map.converters["default"](current_app.url_map).to_url)

    def case_url(self, reference: str) -> str:
        """The link to a case, as Flask builds it."""
        return f"{self.case_link[0]}{self.quote(reference)}{self.case_link[1]}"


def rows_html(rows: Iterable[Any], steps: Mapping[int, str], words: RowWords) -> Markup:
    """The table rows of a page of the list; `steps` holds the step title of each draft."""
    return Markup("".join(_row(row, steps, words) for row in rows))


def _row(row: Any, steps: Mapping[int, str], words: RowWords) -> str:
    reference = escape(row.case_reference)
    first = f'<a href="{words.show[0]}{row.id}{words.show[1]}">{reference}</a>'
    if row.owner_id == words.me:
        first += (f' · <a href="{escape(words.case_url(row.case_reference))}">{words.case}'
                  f'<span class="visually-hidden"> {reference}</span></a>')
    if row.verdict:
        cells = (f"<td>{_badge(row.shown_safety or row.safety, words.safety)}</td>"
                 f"<td>{_badge(row.chosen_tier or row.tier, words.tier)}</td>")
    else:
        step = steps.get(row.id)
        cells = ('<td colspan="2"><span class="utrecht-badge-status utrecht-badge-status--neutral'
                 f' badge unfinished">{words.unfinished}</span>'
                 f'{" · " + words.on_step % {"step": step} if step else ""}</td>')
    owner = words.you if row.owner_id == words.me else escape(row.owner_name)
    return (f"<tr><td>{first}</td><td>{escape(format_datetime(row.created_at, 'short'))}</td>"
            f"<td>{escape(format_datetime(row.updated_at, 'short'))}</td>"
            f"<td>{words.status.get(row.status, '')}</td>{cells}<td>{owner}</td></tr>\n")


def _badge(code: str | None, labels: Mapping[str, Markup]) -> str:
    if not code:
        return ""
    return (f'<span class="utrecht-badge-status utrecht-badge-status--{status_kind(code)} badge '
            f'{escape(code)}">{labels.get(code, "")}</span>')
