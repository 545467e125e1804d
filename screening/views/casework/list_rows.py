"""The rows of the screenings list, written by a function instead of a Jinja loop.

Through Jinja a row cost some 50 us (two links, two moments, labels and badges, each value
escaped on its way out); a page has twenty. The markup is the template's: what every row
repeats (words, labels, the shape of its links) is prepared and escaped once per language
and kept; each row escapes only its own values, which are never kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

from flask import current_app, render_template, request
from markupsafe import Markup, escape

from screening.i18n import datetime_formatter, gettext
from screening.kept import keep
from screening.labels import SAFETY_LABELS, STATUS_LABELS, TIER_LABELS
from screening.urls import PLACEHOLDER, template_url_for
from screening.views.site import status_kind

# Stands in for a case reference while the shape of its link is built; the default URL
# converter leaves it as it is.
REFERENCE_PLACEHOLDER = "REFERENCE"
# Stands in for the rows while the table around them is written.
ROWS_PLACEHOLDER = "list-rows-7d2c41"
# The table around the rows, per language and sort (casework/_list_table.html).
_FRAMES: dict[tuple[str, str], tuple[str, str]] = {}
FRAMES_MAX = 16


class ListRow(NamedTuple):
    """One row of the list: what it shows, nothing more (answers, notes and result stay in
    the database). The list's statement selects these columns, in this order."""

    id: int
    owner_id: int
    case_reference: str
    status: str
    tier: str | None
    chosen_tier: str | None
    safety: str | None
    shown_safety: str | None
    instrument_id: str
    instrument_version: str
    current_step: str | None
    created_at: datetime
    updated_at: datetime
    verdict: bool  # final, or its last page reached: it shows an outcome
    owner_name: str


class RowWords(NamedTuple):
    """What every row repeats, in one language: words, labels and the shape of its links."""

    case: Markup
    unfinished: Markup
    you: Markup
    on_step: Markup
    status: Mapping[str, Markup]
    safety: Mapping[str, Markup]
    tier: Mapping[str, Markup]
    show: tuple[str, str]
    case_link: tuple[str, str]


@lru_cache(maxsize=16)
def row_words(language: str, script_root: str) -> RowWords:
    """The words and link shapes of the request's language and script root (the key)."""
    def labels(found: Mapping[str, Any]) -> dict[str, Markup]:
        return {code: escape(str(label)) for code, label in found.items()}

    show = template_url_for("casework.show", screening_id=int(PLACEHOLDER))
    case = template_url_for("casework.case", case_reference=REFERENCE_PLACEHOLDER)
    return RowWords(escape(gettext("casus")), escape(gettext("Nog niet af")),
                    escape(gettext("jij")), Markup(gettext("staat op: %(step)s")),
                    labels(STATUS_LABELS), labels(SAFETY_LABELS), labels(TIER_LABELS),
                    tuple(show.split(PLACEHOLDER)),  # type: ignore[arg-type]
                    tuple(case.split(REFERENCE_PLACEHOLDER)))  # type: ignore[arg-type]


class Writer(NamedTuple):
    """One page's row writer: the words, the viewer, and how links and moments are written."""

    words: RowWords
    language: str
    me: int
    quote: Callable[[str], str]  # the route's default converter: a reference as Flask links it
    moment: Callable[[datetime], str]

    @classmethod
    def for_request(cls, me: int, language: str) -> Writer:
        url_map = current_app.url_map
        return cls(row_words(language, request.script_root), language, me,
                   url_map.converters["default"](url_map).to_url, datetime_formatter("short"))

    def case_url(self, reference: str) -> str:
        """The link to a case, as Flask builds it."""
        before, after = self.words.case_link
        return f"{before}{self.quote(reference)}{after}"

    def table(self, sort: str, rows: Iterable[ListRow], steps: Mapping[int, str]) -> Markup:
        """The list's table (caption, header, the sorted column) with the page's rows in it."""
        before, after = table_frame(self.language, sort)
        return Markup(f"{before}{self.rows(rows, steps)}{after}")

    def rows(self, rows: Iterable[ListRow], steps: Mapping[int, str]) -> Markup:
        """The table rows of a page of the list; `steps` holds the step title of each draft."""
        on_step = self.words.on_step
        notes = {title: " · " + on_step % {"step": title} for title in set(steps.values()) if title}
        return Markup("".join(self._row(row, notes.get(steps.get(row.id, ""), ""))
                              for row in rows))

    def _row(self, row: ListRow, note: str) -> str:
        words, reference, mine = self.words, escape(row.case_reference), row.owner_id == self.me
        first = f'<a href="{words.show[0]}{row.id}{words.show[1]}">{reference}</a>'
        if mine:
            first += (f' · <a href="{escape(self.case_url(row.case_reference))}">{words.case}'
                      f'<span class="visually-hidden"> {reference}</span></a>')
        if row.verdict:
            cells = (f"<td>{_badge(row.shown_safety or row.safety, words.safety)}</td>"
                     f"<td>{_badge(row.chosen_tier or row.tier, words.tier)}</td>")
        else:
            cells = ('<td colspan="2"><span class="utrecht-badge-status utrecht-badge-status--'
                     f'neutral badge unfinished">{words.unfinished}</span>{note}</td>')
        owner = words.you if mine else escape(row.owner_name)
        return (f"<tr><td>{first}</td><td>{escape(self.moment(row.created_at))}</td>"
                f"<td>{escape(self.moment(row.updated_at))}</td>"
                f"<td>{words.status.get(row.status, '')}</td>{cells}<td>{owner}</td></tr>\n")


def table_frame(language: str, sort: str) -> tuple[str, str]:
    """The markup before and after the rows of the list's table, in the request's language
    (the key) and order: written once, unless templates are reloaded while edited."""
    frame = _FRAMES.get((language, sort))
    if frame is None:
        before, after = render_template("casework/_list_table.html", sort=sort,
                                         rows=ROWS_PLACEHOLDER).split(ROWS_PLACEHOLDER)
        frame = (before, after)
        if not current_app.jinja_env.auto_reload:
            keep(_FRAMES, (language, sort), frame, FRAMES_MAX)
    return frame


def _badge(code: str | None, labels: Mapping[str, Markup]) -> str:
    if not code:
        return ""
    return (f'<span class="utrecht-badge-status utrecht-badge-status--{status_kind(code)} badge '
            f'{escape(code)}">{labels.get(code, "")}</span>')
