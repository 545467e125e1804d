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
