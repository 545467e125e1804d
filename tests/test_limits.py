"""The limiter's per-request check is left out only while nothing needs it (screening.limits)."""

from __future__ import annotations

from flask import Flask

from screening.limits import limiter


def test_limits_other_than_decorated_views_keep_the_per_request_check(app: Flask) -> None:
    """Default, application-wide and blueprint limits are only checked before each request.

    register_limits drops that check when only decorated views (the login) carry limits;
    a blueprint limit added later would then silently count nothing: register_limits must
    keep the check for it (and run after the blueprints are decorated).
    """
    manager = limiter.limit_manager
    checked = limiter._check_request_limit in app.before_request_funcs.get(None, [])
    assert checked == bool(manager.default_limits or manager.application_limits)
    # register_limits runs before the blueprints are registered, so it cannot see their
    # limits: none may exist while it drops the check.
    assert not manager._blueprint_limits

