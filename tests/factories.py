"""Build the data a test needs, through the real models."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from screening.db import db
from screening.models import Organisation, OrganisationMunicipality, User
from screening.passwords import hash_password
from tests.helpers import submit

PASSWORD = "paars konijn fietst langs de dijk"
_HASH: dict[str, str] = {}


def password_hash(password: str) -> str:
    # argon2 is slow by design; tests reuse one hash per password.
    if password not in _HASH:
        _HASH[password] = hash_password(password)
    return _HASH[password]


def create_organisation(app: Flask, name: str = "Team Almelo",
                        municipalities: tuple[str, ...] = ("Almelo", "Borne")) -> int:
    with app.app_context():
        organisation = Organisation(
            name=name, municipalities=[OrganisationMunicipality(name=m) for m in municipalities])
        db.session.add(organisation)
        db.session.commit()
        return organisation.id


def create_user(app: Flask, organisation_id: int, email: str, *, role: str = "professional",
                profession: str | None = "school_social_worker", password: str = PASSWORD,
                name: str = "Sam de Vries", active: bool = True) -> int:
    with app.app_context():
        user = User(email=email, name=name, role=role, active=active,
                    profession=profession if role == "professional" else None,
                    organisation_id=organisation_id, password_hash=password_hash(password))
        db.session.add(user)
        db.session.commit()
        return user.id


def log_in(client: FlaskClient, email: str, password: str = PASSWORD, **kwargs: object) -> TestResponse:
    return submit(client, "/inloggen", {"email": email, "password": password}, **kwargs)


def user_id(app: Flask, email: str) -> int:
    """The id of the account with this e-mail address (ids differ between databases)."""
    with app.app_context():
        return db.session.scalars(select(User.id).where(User.email == email)).one()
