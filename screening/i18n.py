"""Translations looked up once per request instead of once per translated string."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any

import flask_babel
from babel import support
from flask import Flask, request
from flask.globals import _cv_app
from flask_babel import Babel, Domain, get_locale, get_timezone
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup
from werkzeug.utils import cached_property
from wtforms.i18n import messages_path


class RequestDomain(Domain):  # type: ignore[misc]
    """Keep the request's catalogue on the request's context after the first lookup.

    Flask-Babel finds the catalogue for every string anew: the context, the locale, the
    locale's name and the cache key, thousands of times on a page. `force_locale` and
    `refresh` already clear `babel_translations` on that context, so this stays correct
    when the locale changes inside a request.
    """

    def get_translations(self) -> support.NullTranslations:
        context = _request_babel()  # without Flask's proxies: this runs for every string
        if context is None:
            found: support.NullTranslations = super().get_translations()
            return found
        translations: support.NullTranslations | None = getattr(context, "babel_translations", None)
        if translations is None:
            translations = context.babel_translations = super().get_translations()
        return translations


def _request_babel() -> Any:
    """Flask-Babel's per-request cache (catalogue, locale, time zone), read without proxies."""
    app_context = _cv_app.get(None)
    return app_context.g.__dict__.get("_flask_babel") if app_context else None


def _request_translations() -> support.NullTranslations | None:
    """The catalogue this request already looked up, if any (see RequestDomain)."""
    return getattr(_request_babel(), "babel_translations", None)


def gettext(string: str, **variables: Any) -> str:
    """Flask-Babel's gettext, without its lookup of the domain once the request has a catalogue."""
    translations = _request_translations()
    if translations is None:
        return str(flask_babel.gettext(string, **variables))
    translated = str(translations.ugettext(string))
    return translated % variables if variables else translated


class WTFormsCatalogue:
    """WTForms' own messages in the request's language, each catalogue read once per process.

    Flask-WTF reads WTForms' catalogue from disk on every request that builds a form, unless
    the request already carries one as `wtforms_translations`; this object is put there.
    """

    catalogues: dict[str, support.NullTranslations] = {}

    def _catalogue(self) -> support.NullTranslations:
        locale = get_locale()
        key = str(locale)
        found = self.catalogues.get(key)
        if found is None:
            found = self.catalogues[key] = support.Translations.load(
                messages_path(), [locale], domain="wtforms")
        return found

    def ugettext(self, string: str) -> str:
        return str(self._catalogue().ugettext(string))

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return str(self._catalogue().ungettext(singular, plural, n))


WTFORMS_CATALOGUE = WTFormsCatalogue()


def _offer_wtforms_catalogue() -> None:
    request.wtforms_translations = WTFORMS_CATALOGUE  # type: ignore[attr-defined]


@lru_cache(maxsize=4096)
def _formatted_datetime(value: datetime, format: str | None, rebase: bool, locale: str,
                        zone: str) -> str:
    # locale and zone are part of the key: Flask-Babel reads them from the request itself.
    return str(flask_babel.format_datetime(value, format, rebase))


def format_datetime(value: datetime | None = None, format: str | None = None,
                    rebase: bool = True) -> str:
    """Flask-Babel's format_datetime, remembered: lists show the same moments again and again.

    Formatting one moment costs Babel some 80 us; a list page shows twenty or more.
    """
    if value is None:  # "now" is never the same twice
        return str(flask_babel.format_datetime(value, format, rebase))
    return datetime_formatter(format, rebase)(value)


def datetime_formatter(format: str | None = None, rebase: bool = True) -> Callable[[datetime], str]:
    """format_datetime for the many moments of one page: locale and time zone looked up once."""
    context = _request_babel()
    locale = str(getattr(context, "babel_locale", None) or get_locale())
    zone = str(getattr(context, "babel_tzinfo", None) or get_timezone())
    return lambda value: _formatted_datetime(value, format, rebase, locale, zone)


class RequestCachedBabel(Babel):  # type: ignore[misc]
    """Flask-Babel with the request-cached domain, for Python code and templates alike."""

    @cached_property
    def domain_instance(self) -> RequestDomain:
        return RequestDomain(domain=self.domain)

    def init_app(self, app: Flask, *args: Any, **kwargs: Any) -> None:
        super().init_app(app, *args, **kwargs)
        app.before_request(_offer_wtforms_catalogue)
        app.jinja_env.filters["datetimeformat"] = format_datetime

        def translations() -> support.NullTranslations:
            return _request_translations() or self.domain_instance.get_translations()

        # The same callables Flask-Babel installs, without its lookup chain per call.
        app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
            gettext=lambda s: translations().ugettext(s),
            ngettext=lambda s, p, n: translations().ungettext(s, p, n),
            newstyle=True,
            pgettext=lambda c, s: translations().upgettext(c, s),
            npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        )
        # `_` is Jinja's alias that looks `gettext` up in the page's context on every call;
        # the page's context never overrides it, so `_` is `gettext` itself.
        app.jinja_env.globals["_"] = app.jinja_env.globals["gettext"] = _template_gettext(translations)


def _template_gettext(translations: Callable[[], support.NullTranslations]) -> Callable[..., str]:
    """Jinja's newstyle gettext in one call instead of two, formatting only when it changes the text.

    A page calls it dozens of times; Jinja's own wraps our callable in a second context call
    and formats every message, with nothing to fill in too. It asks for the evaluation
    context only: Jinja derives a whole new context for each call of a function that asks for
    the context inside a loop or a block with variables of its own.
    """
    @pass_eval_context
    def gettext(eval_context: EvalContext, string: str, /, **variables: Any) -> str:
        translated: str = translations().ugettext(string)
        if eval_context.autoescape:
            translated = Markup(translated)
        # Formatting with no variables still turns "%%" into "%": only then is it needed.
        return translated % variables if variables or "%" in translated else translated
    return gettext
