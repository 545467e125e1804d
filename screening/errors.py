"""Error pages in the user's language: never a stack trace, always a way back."""

from __future__ import annotations

import logging
import math
import traceback
from typing import Any

from flask import Flask, g, got_request_exception, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from screening.limits import address_retry_after

log = logging.getLogger("screening.errors")

MESSAGES = {
    400: (_l("Ongeldig verzoek"),
          _l("Dit verzoek kunnen we niet verwerken. Ga terug en probeer het opnieuw.")),
    403: (_l("Geen toegang"),
          _l("Je hebt geen toegang tot deze pagina.")),
    404: (_l("Pagina niet gevonden"),
          _l("Deze pagina bestaat niet, of je hebt er geen toegang toe.")),
    405: (_l("Niet toegestaan"),
          _l("Deze pagina kan niet op deze manier worden gebruikt.")),
    409: (_l("Gewijzigd door iemand anders"),
          _l("Deze gegevens zijn intussen ergens anders gewijzigd. Laad de pagina opnieuw.")),
    413: (_l("Te veel gegevens"),
          _l("Je hebt te veel tekst of gegevens verstuurd. Maak het korter en probeer het opnieuw.")),
    429: (_l("Te veel pogingen"),
          _l("Je hebt het te vaak geprobeerd. Wacht een kwartier en probeer het dan opnieuw.")),
    500: (_l("Er ging iets mis"),
          _l("Er ging bij ons iets mis. Wat je net verstuurde, is niet opgeslagen. "
             "Wat je eerder opsloeg, is bewaard. Probeer het later opnieuw.")),
    503: (_l("Tijdelijk niet beschikbaar"),
          _l("De toepassing is tijdelijk niet beschikbaar. Probeer het over een paar minuten "
             "opnieuw.")),
}

RETRY_AFTER_SECONDS = 30


def render_error(code: int, message: str | None = None) -> tuple[str, int]:
    """Render the error page of a status code, with its own message or the one given."""
    title, standard = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title,
                           message=standard if message is None else message), code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        code = error.code or 500
        if code < 400:
            return error.get_response()
        if isinstance(error, SecurityError):
            # An untrusted Host: no page can be built for it (its links would need the host).
            return app.response_class("Bad Request\n", 400, mimetype="text/plain")
        retry = address_retry_after() if code == 429 else None
        if retry is not None:
            # The page and Retry-After name the same wait: whole minutes, rounded up.
            minutes = math.ceil(retry / 60)
            response = app.make_response(render_error(429, ngettext(
                "Je hebt het te vaak geprobeerd. Probeer het over %(num)s minuut opnieuw.",
                "Je hebt het te vaak geprobeerd. Probeer het over %(num)s minuten opnieuw.",
                minutes)))
            response.headers["Retry-After"] = str(minutes * 60)
            return response
        body, status = render_error(code if code in MESSAGES else 400 if code < 500 else 500)
        response = app.make_response((body, status))
        if code == 405 and error.valid_methods:  # type: ignore[attr-defined]
            response.headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
        if code in (429, 503):
            response.headers.setdefault("Retry-After", str(RETRY_AFTER_SECONDS))
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError) -> tuple[str, int]:
        return render_error(400)

    @app.errorhandler(DBAPIError)
    def database_unavailable(error: DBAPIError) -> ResponseReturnValue:
        # Only the class: driver messages can carry the statement's parameters.
        if error.connection_invalidated or _is_connection_error(error):
            log.error("database unavailable: %s", type(error.orig).__name__)
            # The page must not ask the database who is logged in: it is down.
            g._login_user = app.login_manager.anonymous_user()  # type: ignore[attr-defined]
            response = app.make_response(render_error(503))
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        raise error  # any other database error is unexpected: Flask's own handling takes over

    @app.errorhandler(InternalServerError)
    def internal_error(_error: InternalServerError) -> tuple[str, int]:
        return render_error(InternalServerError.code)

    # Unhandled exceptions are logged here, in one line; Flask's own log is switched off
    # (see ScreeningFlask). In debug mode they still reach the debugger.
    got_request_exception.connect(log_unhandled, app)


def log_unhandled(_sender: Flask, exception: BaseException, **_extra: Any) -> None:
    """Log where it failed, not the message: messages can hold user input. One line."""
    frames = " < ".join(f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno} {frame.name}"
                        for frame in reversed(traceback.extract_tb(exception.__traceback__, limit=-6)))
    log.error("unhandled %s on %s %s at %s", type(exception).__name__,
              request.method, request.url_rule, frames)


def _is_connection_error(error: DBAPIError) -> bool:
    from sqlalchemy.exc import InterfaceError, OperationalError

    return isinstance(error, OperationalError | InterfaceError)
