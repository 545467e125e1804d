"""What the app keeps across requests holds nothing of one request (see SECURITY.md)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable

from flask import Flask, Response


def test_the_async_check_keeps_no_function_made_for_one_request(app: Flask) -> None:
    """A function made during a request (after_this_request) can hold its data: not kept."""
    def made_for_one_request() -> Callable[[Response], Response]:
        case = {"case_reference": "ALM-2026-001"}

        def after(response: Response) -> Response:
            response.headers["X-Case"] = case["case_reference"]
            return response
        return after

    function = made_for_one_request()
    gone = weakref.ref(function)
    assert app.ensure_sync(function) is function
    assert app.ensure_sync(function) is function  # the second time from what is known
    del function
    gc.collect()
    assert gone() is None


def test_the_async_check_still_wraps_async_functions(app: Flask) -> None:
    async def view() -> str:
        return "x"

    wrapped = app.ensure_sync(view)
    assert wrapped is not view


def test_kept_markup_follows_a_language_switch(app: Flask, professional) -> None:
    """Chrome, filters, row words, step words and judgement fields are kept per language."""
    from tests.flows import start

    screening_id = start(professional, "ALM-1")
    pages = {
        "/screenings": ({"Zoek op casusnummer", "Alle uitkomsten", "Nog niet af", "Uitloggen"},
                        {"Search by case reference", "All outcomes", "Not finished", "Log out"}),
        f"/screenings/{screening_id}/stap/context": (
            {"Notitie bij dit onderdeel (niet verplicht)", "Opslaan en later verder"},
            {"Note on this section (optional)", "Save and continue later"}),
        f"/screenings/{screening_id}/uitkomst": ({"Oordeel opslaan"}, {"Save judgement"}),
    }
    for language in ("nl", "en", "nl"):
        assert professional.get(f"/screenings?lang={language}").status_code == 302
        for page, (dutch, english) in pages.items():
            html = professional.get(page).get_data(as_text=True)
            shown, hidden = (dutch, english) if language == "nl" else (english, dutch)
            assert all(words in html for words in shown), (language, page)
            assert not any(words in html for words in hidden), (language, page)
