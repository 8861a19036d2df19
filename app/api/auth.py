"""Bearer tokens for the mini-program: signed (itsdangerous, SECRET_KEY) and expiring."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, request
from flask_smorest import abort
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from app.clock import utcnow
from app.extensions import db
from app.residents.models import Resident
from app.routing.access import StaffScope
from app.routing.scopes import find_staff

SALT = "api-token-v1"


@dataclass(frozen=True)
class Caller:
    kind: str  # "staff" or "resident"
    id: int


class _Signer(TimestampSigner):
    """Signs and checks ages against a given moment, so that `now` is passed in like everywhere else."""

    def __init__(self, *args, now: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self._now = now

    def get_timestamp(self) -> int:
        return int(self._now.timestamp())


def _Serializer(secret: str, now: datetime) -> URLSafeTimedSerializer:  # noqa: N802 - a factory
    return URLSafeTimedSerializer(secret, salt=SALT, signer=_Signer, signer_kwargs={"now": now})


def issue_token(caller: Caller, *, now: datetime) -> str:
    return _Serializer(current_app.config["SECRET_KEY"], now).dumps({"k": caller.kind, "id": caller.id})


def read_token(token: str, *, now: datetime) -> Caller:
    """The caller a token names; 401 when it is forged, broken or expired."""
    ttl = current_app.config["API_TOKEN_TTL_SECONDS"]
    try:
        data = _Serializer(current_app.config["SECRET_KEY"], now).loads(token, max_age=ttl)
    except SignatureExpired:
        abort(401, message="token expired; log in again")
    except BadSignature:
        abort(401, message="token invalid")
    if not isinstance(data, dict) or data.get("k") not in ("staff", "resident") or not isinstance(data.get("id"), int):
        abort(401, message="token invalid")
    return Caller(data["k"], data["id"])


def caller() -> Caller:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        abort(401, message="missing bearer token (Authorization: Bearer <token>)", headers=_challenge())
    return read_token(token.strip(), now=utcnow())


def staff() -> StaffScope:
    """The calling member of staff, or 401/403."""
    who = caller()
    if who.kind != "staff":
        abort(403, message="for staff only")
    scope = find_staff(who.id)
    if scope is None:
        abort(401, message="token names nobody; log in again")
    return scope


def resident_id() -> int:
    """The calling resident's id, or 401/403."""
    who = caller()
    if who.kind != "resident":
        abort(403, message="for residents only")
    if db.session.get(Resident, who.id) is None:
        abort(401, message="token names nobody; log in again")
    return who.id


def _challenge() -> dict:
    return {"WWW-Authenticate": "Bearer"}
