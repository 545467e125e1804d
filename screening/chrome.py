"""The page chrome (header, menu, language switch, footer), rendered once and kept.

Every page repeats the same header, menu and footer; rendering them costs a page some
fifty template calls. Each fragment in templates/chrome/ depends only on the language,
the visitor's role, the script root and the installation's theme, so it is rendered once
per combination and kept as markup. The one value of a visitor's own a fragment holds,
the CSRF token of the logout form, is put in on every request.

Never put anything else of a visitor or a family into a fragment: it is shared by everyone
with the same language and role.
"""

from __future__ import annotations

from flask import Flask, g, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from screening.kept import keep

# Stands in for the CSRF token while a fragment is rendered; the request's token replaces it.
TOKEN = "chrome-csrf-token-f3a91c"
CHROME_MAX = 256


class Chrome:
    """The `chrome(name)` template function of one app (its theme is part of its fragments)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.kept: dict[tuple[str, str, str, str], list[str]] = {}

    def __call__(self, name: str) -> Markup:
        visitor = g.get("chrome_visitor")  # worked out once per request: five calls a page
        if visitor is None:
            role = current_user.role if current_user.is_authenticated else ""
            visitor = g.chrome_visitor = (str(get_locale()), role, request.script_root)
        key = (name, *visitor)
        parts = self.kept.get(key)
        if parts is None:
            parts = self._render(name).split(TOKEN)
            if not self.app.jinja_env.auto_reload:  # while templates are edited: always anew
                keep(self.kept, key, parts, CHROME_MAX)
        if len(parts) == 1:
            return Markup(parts[0])
        return Markup(str(escape(generate_csrf())).join(parts))

    @staticmethod
    def _render(name: str) -> str:
        return render_template(f"chrome/{name}.html", csrf_token=lambda: TOKEN)


def register_chrome(app: Flask) -> None:
    app.jinja_env.globals["chrome"] = Chrome(app)
