"""Accounts and roles: who may do what, and argon2id password hashes (argon2-cffi).

Roles, each with the rights of the one before: ``viewer`` searches and views;
``officer`` also corrects, verifies and keys records; ``admin`` also manages users and
reads the audit trail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import insert, select, update

from app.errors import InvalidInput, NotFound, Unauthorized
from pipeline.catalog import Catalog, users
from pipeline.edits import now

ROLES = ("viewer", "officer", "admin")
RIGHTS = {"viewer": {"search", "view"},
          "officer": {"search", "view", "correct", "verify", "key", "export"},
          "admin": {"search", "view", "correct", "verify", "key", "export", "users", "audit"}}
NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,63}$")
MIN_PASSWORD = 8
_hasher = PasswordHasher()  # argon2id, the library's current defaults (RFC 9106 profile)
_DUMMY = _hasher.hash("not a password of anyone's")


@dataclass(frozen=True)
class User:
    name: str
    role: str
    disabled: bool = False

    def as_json(self) -> dict:
        return {"user": self.name, "role": self.role, "disabled": self.disabled}


def can(user: User, action: str) -> bool:
    """Whether the user's role allows ``action`` (see ``RIGHTS``); disabled users nothing."""
    return not user.disabled and action in RIGHTS.get(user.role, set())


def _check(name: str, role: str | None, password: str | None) -> None:
    if not NAME.match(name):
        raise InvalidInput(f"user name {name!r}: 2-64 lower-case letters, digits, '.', '_' or '-'")
    if role is not None and role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if password is not None and len(password) < MIN_PASSWORD:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD} characters")


def add_user(catalog: Catalog, name: str, role: str, password: str) -> User:
    _check(name, role, password)
    with catalog.engine.begin() as c:
        if c.execute(select(users.c.name).where(users.c.name == name)).first():
            raise InvalidInput(f"user {name!r} exists already (sohoa user passwd to change "
                               "the password)")
        c.execute(insert(users).values(name=name, role=role, disabled=False, created_at=now(),
                                       password_hash=_hasher.hash(password)))
    return User(name, role)


def get_user(catalog: Catalog, name: str) -> User:
    with catalog.engine.connect() as c:
        row = c.execute(select(users).where(users.c.name == name)).first()
    if row is None:
        raise NotFound(f"no user {name!r}")
    return User(row.name, row.role, row.disabled)


def list_users(catalog: Catalog) -> list[User]:
    with catalog.engine.connect() as c:
        return [User(r.name, r.role, r.disabled)
                for r in c.execute(select(users).order_by(users.c.name))]


def set_user(catalog: Catalog, name: str, *, password: str | None = None,
             disabled: bool | None = None, role: str | None = None) -> User:
    """Change a user's password, role or disabled flag."""
    _check(name, role, password)
    values: dict = {}
    if password is not None:
        values["password_hash"] = _hasher.hash(password)
    if disabled is not None:
        values["disabled"] = disabled
    if role is not None:
        values["role"] = role
    get_user(catalog, name)
    with catalog.engine.begin() as c:
        c.execute(update(users).where(users.c.name == name).values(**values))
    return get_user(catalog, name)


def authenticate(catalog: Catalog, name: str, password: str) -> User:
    """The user, if the password is right and the account enabled; else ``Unauthorized``
    (the same message, and about the same time, whichever of the three it was)."""
    with catalog.engine.connect() as c:
        row = c.execute(select(users).where(users.c.name == name)).first()
    try:
        _hasher.verify(row.password_hash if row else _DUMMY, password)
    except (VerificationError, InvalidHashError):
        row = None
    if row is None or row.disabled:
        raise Unauthorized("wrong user name or password, or the account is disabled")
    if _hasher.check_needs_rehash(row.password_hash):
        set_user(catalog, name, password=password)
    return User(row.name, row.role, row.disabled)
