"""Passwords: argon2id hashes and the rules a new password must meet."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 200  # argon2 hashes any length; a bound keeps hostile input cheap
MIN_STRENGTH = 3  # zxcvbn's 0-4 scale: 3 is "safely unguessable" for online attacks

_hasher = PasswordHasher()  # argon2id with the library's current recommended cost

# A hash to verify against when the account does not exist, so that a wrong e-mail
# address costs as much time as a wrong password and the two cannot be told apart.
_DUMMY_HASH = _hasher.hash("no account has this password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password in constant-ish time, also when there is no account."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str, *, personal: tuple[str, ...] = ()) -> LazyString | None:
    """Say in Dutch what is wrong with a new password, or None when it is fine."""
    if len(password) < MIN_LENGTH:
        return _l("Kies een wachtwoord van minstens %(n)s tekens.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("Kies een wachtwoord van hoogstens %(n)s tekens.", n=MAX_LENGTH)
    extra = [*personal, "screening", "scheiding", "vroegsignalering", "wachtwoord"]
    if zxcvbn(password, user_inputs=[p for p in extra if p])["score"] < MIN_STRENGTH:
        return _l(
            "Dit wachtwoord is te makkelijk te raden. Gebruik bijvoorbeeld vier losse woorden "
            "die niets met elkaar of met jou te maken hebben."
        )
    return None
