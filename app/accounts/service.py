"""Account use cases: create an account, change its password, disable or enable it, log in, and
the scope an account may see."""
from __future__ import annotations

import functools
import re
import secrets
from dataclasses import replace
from datetime import datetime

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts.models import Account
from app.accounts.scope import Scope, scope_for
from app.extensions import db
from app.org.models import Community, Firm, Grid, Person
from app.staff import scopes
from app.staff.access import StaffScope
from app.transaction import use_case

USERNAME = re.compile(r"^[A-Za-z0-9_.-]{3,64}$")
MIN_PASSWORD = 8


class AccountError(Exception):
    """A request about accounts that is refused, with the reason in the message."""


class BadLogin(AccountError):
    def __init__(self):
        super().__init__("用户名或密码错误")


@use_case
def create_account(username: str, password: str, *, now: datetime, person_code: str | None = None,
                   community_code: str | None = None, firm_code: str | None = None,
                   grid_code: str | None = None, operator: bool = False) -> Account:
    """An account for a person with a supervisor/manager/secretary role, or with a direct scope; an operator's
    (运营人员: the administration pages for the whole organisation) may have neither."""
    _check_credentials(username, password)
    account = Account(username=username, password_hash=generate_password_hash(password), created_at=now,
                      person=_person(person_code) if person_code else None,
                      community_id=_id_of(Community, community_code), firm_id=_id_of(Firm, firm_code),
                      grid_id=_id_of(Grid, grid_code), operator=operator)
    if scope_of(account).is_empty and not operator:
        raise AccountError("this account would see nothing: give a person with a supervisor, manager or "
                           "secretary role (--person), or a --community, --firm or --grid")
    db.session.add(account)
    return account


@use_case
def set_password(username: str, password: str) -> Account:
    """A new password (an admin's reset, or the user's own change); sessions opened before it end."""
    _check_password(password)
    account = _account(username)
    account.password_hash = generate_password_hash(password)
    account.session_nonce = None
    return account


@use_case
def set_active(username: str, active: bool) -> Account:
    """Disable an account (it can no longer log in, and its open sessions and its person's API tokens
    end) or enable it again."""
    account = _account(username)
    account.active = active
    if not active:
        account.session_nonce = None  # so enabling it again does not bring the old sessions back
        if account.person is not None:
            account.person.token_version += 1
    return account


@use_case
def log_in(username: str, password: str, *, now: datetime) -> Account:
    """The account whose password matches; the same error, after the same hashing work, whether the name
    is unknown, the account disabled or the password wrong — so the time taken tells a guesser nothing."""
    account = db.session.scalar(sa.select(Account).where(Account.username == username))
    matches = check_password_hash(account.password_hash if account else _unknown_name_hash(), password)
    if account is None or not account.active or not matches:
        raise BadLogin()
    account.last_login_at = now
    # Shared by the account's sessions on every device until a logout, a new password or a disable clears it.
    account.session_nonce = account.session_nonce or secrets.token_urlsafe(32)
    return account


@use_case
def end_sessions(account_id: int) -> None:
    """Logging out: every session of the account ends on the server, whoever still holds its cookie."""
    account = db.session.get(Account, account_id)
    if account is not None:
        account.session_nonce = None


@functools.cache
def _unknown_name_hash() -> str:
    """A hash of a random password (the default method, like every account's) to check an unknown name against."""
    return generate_password_hash(secrets.token_urlsafe(32))


def get_account(account_id: int) -> Account | None:
    account = db.session.get(Account, account_id)
    return account if account is not None and account.active else None


def scope_of(account: Account) -> Scope:
    roles = account.person.roles if account.person is not None else ()
    return scope_for(roles, community_id=account.community_id, firm_id=account.firm_id, grid_id=account.grid_id)


def viewer_of(account: Account) -> StaffScope:
    """The account as the access rules see a reader (what of a ticket it may read): its person's roles,
    and its direct scope as the community's supervisor or the grid's branch; a direct firm scope is
    the firm's, like a manager's."""
    person = scopes.find_staff(account.person_id) if account.person_id is not None else None
    viewer = person or StaffScope(person_id=0)
    return replace(viewer, supervised_communities=viewer.supervised_communities | _ids(account.community_id),
                   secretary_grids=viewer.secretary_grids | _ids(account.grid_id))


def _ids(value: int | None) -> frozenset[int]:
    return frozenset({value}) if value is not None else frozenset()


def _check_credentials(username: str, password: str) -> None:
    if not USERNAME.match(username or ""):
        raise AccountError(f"bad username {username!r}: 3–64 letters, digits, '_', '.' or '-'")
    _check_password(password)
    if db.session.scalar(sa.select(Account.id).where(Account.username == username)) is not None:
        raise AccountError(f"username {username!r} is taken")


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")


def _account(username: str) -> Account:
    account = db.session.scalar(sa.select(Account).where(Account.username == username))
    if account is None:
        raise AccountError(f"no account {username!r}")
    return account


def _person(code: str) -> Person:
    person = db.session.scalar(sa.select(Person).where(Person.code == code))
    if person is None:
        raise AccountError(f"no person with code {code!r}")
    return person


def _id_of(model, code: str | None) -> int | None:
    if code is None:
        return None
    found = db.session.scalar(sa.select(model.id).where(model.code == code))
    if found is None:
        raise AccountError(f"no {model.__tablename__} with code {code!r}")
    return found
