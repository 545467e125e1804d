"""Logging in and out, first-run setup and setting a password through a one-time link."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select

from screening import audit, tokens
from screening.accounts import accounts_by_email, authenticate, create_account
from screening.db import db
from screening.limits import (
    LOGIN_FAILURES,
    account_wait,
    failed_attempt,
    known_accounts,
    limiter,
    note_account_failure,
    remember_device,
)
from screening.login import mark_session_start
from screening.models import Organisation, User, utcnow
from screening.municipalities import load as load_municipalities
from screening.passwords import hash_password
from screening.views.auth_forms import ConfirmForm, LoginForm, PasswordForm, SetupForm
from screening.views.organisation import municipality_choices, set_municipalities

bp = Blueprint("auth", __name__)


def home_for(user: User) -> str:
    return url_for("admin.index") if user.is_coordinator else url_for("main.index")


def start_session(user: User) -> None:
    """Log the user in on a fresh session, keeping only the language choice."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    login_user(user)
    mark_session_start(session)
    user.last_login_at = utcnow()


@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit(LOGIN_FAILURES, methods=["POST"], deduct_when=failed_attempt)
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        tried = accounts_by_email(db.session, form.email.data)
        # A browser the account logged in from before is never held up by strangers'
        # failures; any other waits a few seconds once the account had many of them.
        known = any(account.id in known_accounts() for account in tried)
        wait = 0 if known else account_wait(form.email.data)
        if wait:
            return _account_waits(wait)
        user = authenticate(db.session, form.email.data, form.password.data)
        # One message for an unknown account, a wrong password and a closed account.
        if user is not None:
            start_session(user)
            audit.record("login", user_id=user.id, organisation_id=user.organisation_id)
            db.session.commit()
            current_app.logger.info("login: account %s", user.id)
            response = redirect(home_for(user))
            remember_device(response, user.id)
            return response
        if not known:
            note_account_failure(form.email.data)
        audit.record_now("login_failed", user_id=tried[0].id if len(tried) == 1 else None,
                         organisation_id=tried[0].organisation_id if len(tried) == 1 else None)
        current_app.logger.info("login failed")
        form.password.errors.append(_("Het e-mailadres of het wachtwoord klopt niet."))
    no_accounts = db.session.scalar(select(func.count(User.id))) == 0
    return render_template("auth/login.html", form=form, no_accounts=no_accounts)


def _account_waits(seconds: int) -> ResponseReturnValue:
    """Ask to wait; Retry-After says the same number of seconds as the page."""
    current_app.logger.info("login delayed: account waits %s s", seconds)
    message = ngettext(
        "Voor dit account is vaak een verkeerd wachtwoord geprobeerd. Wacht %(num)s seconde "
        "en probeer het dan opnieuw.",
        "Voor dit account is vaak een verkeerd wachtwoord geprobeerd. Wacht %(num)s seconden "
        "en probeer het dan opnieuw.", seconds)
    body = render_template("errors/error.html", code=429, title=_("Even wachten"),
                           message=message)
    return body, 429, {"Retry-After": str(seconds)}


@bp.post("/uitloggen")
def logout() -> ResponseReturnValue:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    user: User = current_user._get_current_object()
    # Every session of this account, including copies of its cookie, stops working.
    user.session_version += 1
    audit.record("logout")
    db.session.commit()
    logout_user()
    session.clear()
    current_app.logger.info("logout: account %s", user.id)
    flash(_("Je bent uitgelogd."), "success")
    return redirect(url_for("auth.login"))


@bp.get("/eerste-account/<token>", endpoint="setup_link", defaults={"purpose": "setup"})
@bp.get("/wachtwoord/<token>", endpoint="reset_link", defaults={"purpose": "reset"})
def follow_link(purpose: str, token: str) -> ResponseReturnValue:
    """Take the token out of the address bar and the logs: the session keeps only its id.

    The session cookie is signed but readable, so it never holds the secret itself.
    """
    link = tokens.find_valid(db.session, purpose, token)
    session.pop(f"{purpose}_link", None)
    if link is not None:
        session[f"{purpose}_link"] = link.id
    return redirect(url_for(f"auth.{purpose}"))


def _invalid_link() -> ResponseReturnValue:
    return render_template("auth/invalid_link.html"), 404


def _link_used(purpose: str, user: User, done: str, next_url: str) -> ResponseReturnValue:
    """Finish a one-time link's form: forget the link, audit the account change, go on."""
    session.pop(f"{purpose}_link", None)
    audit.record("account_change", user_id=user.id, organisation_id=user.organisation_id,
                 target_user_id=user.id)
    db.session.commit()
    current_app.logger.info("%s link used: account %s", purpose, user.id)
    flash(done, "success")
    return redirect(next_url)


@bp.route("/eerste-account", methods=["GET", "POST"])
def setup() -> ResponseReturnValue:
    """Create the organisation and its first coordinator, once, through the console link."""
    link = tokens.find_valid_id(db.session, "setup", session.get("setup_link"))
    if link is None or db.session.scalar(select(func.count(User.id))):
        return _invalid_link()
    form = SetupForm()
    form.municipalities.choices = municipality_choices()
    if form.validate_on_submit():
        if not tokens.redeem(db.session, link):
            return _invalid_link()
        organisation = Organisation(name=form.organisation.data.strip(),
                                    contact_email=form.contact_email.data.strip())
        set_municipalities(organisation, form.municipalities.data)
        db.session.add(organisation)
        user = create_account(
            db.session, email=form.email.data, name=form.name.data, role="coordinator",
            profession=None, organisation=organisation,
            password_hash=hash_password(form.password.data))
        start_session(user)
        return _link_used("setup", user, _("Welkom. Je organisatie en je account zijn aangemaakt."),
                          url_for("admin.index"))
    return render_template("auth/setup.html", form=form, municipality_list=load_municipalities())


@bp.route("/wachtwoord", methods=["GET", "POST"])
def reset() -> ResponseReturnValue:
    """Set a (new) password through a one-time link from a coordinator or the console."""
    link = tokens.find_valid_id(db.session, "reset", session.get("reset_link"))
    user = db.session.get(User, link.user_id) if link and link.user_id else None
    if link is None or user is None or not user.active:
        return _invalid_link()
    form = PasswordForm()
    if form.validate_on_submit():
        if not tokens.redeem(db.session, link):
            return _invalid_link()
        # A newer password voids every other link handed out for this account.
        tokens.void_links(db.session, user, keep=link)
        user.password_hash = hash_password(form.password.data)
        user.session_version += 1
        return _link_used("reset", user, _("Je wachtwoord is ingesteld. Log in met je nieuwe wachtwoord."),
                          url_for("auth.login"))
    return render_template("auth/reset.html", form=form, account=user)
