"""Response headers that keep pages private: no framing, no caching, no outside resources."""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.serving import WSGIRequestHandler

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
HSTS = "max-age=31536000; includeSubDomains"


def security_headers(response: Response) -> Response:
    headers = response.headers
    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Permissions-Policy"] = PERMISSIONS_POLICY
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.is_secure:
        headers["Strict-Transport-Security"] = HSTS
    # Every page and file but the static assets can hold personal data: never store it.
    if request.endpoint != "static":
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response


def hide_server_versions() -> None:
    """The development server names itself without versions (gunicorn never sends one)."""
    WSGIRequestHandler.version_string = _plain_name  # type: ignore[method-assign, assignment]


def _plain_name(_handler: WSGIRequestHandler) -> str:
    return "screening"


def register_security(app: Flask) -> None:
    hide_server_versions()
    app.after_request(security_headers)
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        # Behind a reverse proxy: trust its X-Forwarded-* headers for scheme and address.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
