"""Bearer tokens for the mini-program: signed (itsdangerous, SECRET_KEY), expiring, and checked on
every request against the person or resident they name (their token version and their openid)."""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, request
from flask_smorest import abort
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from app.clock import utcnow
from app.extensions import db
from app.logging_setup import log_context
from app.org.models import Person
from app.residents.models import Resident
from app.staff.access import StaffScope
from app.staff.scopes import staff_and_key

# v2: tokens carry the person's token version and a digest of the openid they were issued for.
SALT = "api-token-v2"
MAX_ID = 2**31 - 1  # an id outside the integer column is nobody, never a database error
NO_LONGER_VALID = "token no longer valid (roles changed or access withdrawn); log in again"


@dataclass(frozen=True)
class Caller:
    kind: str  # "staff" or "resident"
    id: int
    version: int = 0
    bound: str = ""  # keyed digest of the openid the token was issued for


class _Signer(TimestampSigner):
    """Signs and checks ages against a given moment, so that `now` is passed in like everywhere else."""

    def __init__(self, *args, now: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self._now = now

    def get_timestamp(self) -> int:
        return int(self._now.timestamp())


def _Serializer(secret: str, now: datetime) -> URLSafeTimedSerializer:  # noqa: N802 - a factory
    return URLSafeTimedSerializer(secret, salt=SALT, signer=_Signer, signer_kwargs={"now": now})


def issue_token(who: Person | Resident, *, now: datetime) -> str:
    """A token for a member of staff (a Person) or a resident, bound to who they are now."""
    if isinstance(who, Person):
        payload = {"k": "staff", "id": who.id, "v": who.token_version, "o": _bind(who.openid)}
    else:
        payload = {"k": "resident", "id": who.id, "v": 0, "o": _bind(_login_openid(who))}
    return _Serializer(current_app.config["SECRET_KEY"], now).dumps(payload)


def read_token(token: str, *, now: datetime) -> Caller:
    """The caller a token names; 401 when it is forged, broken, expired or names no possible row."""
    ttl = current_app.config["API_TOKEN_TTL_SECONDS"]
    try:
        data = _Serializer(current_app.config["SECRET_KEY"], now).loads(token, max_age=ttl)
    except SignatureExpired:
        abort(401, message="token expired; log in again")
    except BadSignature:
        abort(401, message="token invalid")
    if not _well_formed(data):
        abort(401, message="token invalid")
    return Caller(data["k"], data["id"], data["v"], data["o"])


def _well_formed(data) -> bool:
    return (isinstance(data, dict) and data.get("k") in ("staff", "resident") and _whole(data.get("id"))
            and 1 <= data["id"] <= MAX_ID and _whole(data.get("v")) and isinstance(data.get("o"), str))


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def caller() -> Caller:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        abort(401, message="missing bearer token (Authorization: Bearer <token>)", headers=_challenge())
    return read_token(token.strip(), now=utcnow())


def staff() -> StaffScope:
    """The calling member of staff, or 401/403; read once per request, with their roles."""
    return _once("staff", _staff)


def _staff() -> StaffScope:
    who = caller()
    if who.kind != "staff":
        abort(403, message="for staff only")
    found = staff_and_key(who.id)
    if found is None:
        abort(401, message="token names nobody; log in again")
    scope, key = found
    log_context(staff=who.id)
    if who.version != key.version or not _same(who.bound, key.openid):
        abort(401, message=NO_LONGER_VALID)
    return scope


def resident_id() -> int:
    """The calling resident's id, or 401/403."""
    return _once("resident_id", _resident_id)


def _resident_id() -> int:
    who = caller()
    if who.kind != "resident":
        abort(403, message="for residents only")
    me = db.session.get(Resident, who.id)
    if me is None or not _same(who.bound, _login_openid(me)):
        abort(401, message="token names nobody; log in again")  # a row id reused by someone else, too
    log_context(resident=who.id)
    return who.id


def require_staff() -> None:
    """A blueprint's before_request: authenticate before the body is read, so no token is 401, not 422."""
    staff()


def require_resident() -> None:
    resident_id()


def _once(name: str, read):
    """Read once per request (the before_request hook, then the view): kept in the request's environ,
    which, unlike `g`, never outlives the request."""
    key = f"red_steward.api.{name}"
    if key not in request.environ:
        request.environ[key] = read()
    return request.environ[key]


def _login_openid(resident: Resident) -> str:
    """The openid a resident logs in with: the mini-program's, else the official account's."""
    return resident.mini_openid or resident.openid


def _bind(openid: str | None) -> str:
    """A keyed digest of the openid: the token (signed, not encrypted) carries nothing of the openid itself."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, (openid or "").encode(), hashlib.sha256).hexdigest()[:24]


def _same(bound: str, openid: str | None) -> bool:
    return hmac.compare_digest(bound, _bind(openid))


def _challenge() -> dict:
    return {"WWW-Authenticate": "Bearer"}
