"""Web sessions for the dashboard: log in, expiry after SESSION_TTL_MINUTES, a server-side nonce that logging
out clears, and a per-session CSRF token."""
from __future__ import annotations

import functools
import hmac
import secrets
from datetime import datetime, timedelta

from flask import abort, current_app, g, redirect, request, session, url_for

from app.accounts.models import Account
from app.accounts.service import end_sessions, get_account
from app.clock import utcnow
from app.logging_setup import log_context


def start_session(account: Account, *, now: datetime) -> None:
    """A fresh session (never reuse the one from before the login) that ends after the TTL."""
    session.clear()
    session.permanent = True
    session["account_id"] = account.id
    session["nonce"] = account.session_nonce
    ttl = timedelta(minutes=current_app.config["SESSION_TTL_MINUTES"])
    session["expires_at"] = (now + ttl).timestamp()
    session["csrf"] = secrets.token_urlsafe(32)


def end_session(*, now: datetime) -> None:
    """Logging out clears the account's nonce on the server, so a copy of the cookie is worthless too.
    Only a live session may do so: an old cookie cannot log the account out elsewhere."""
    account = signed_in_account(now=now)
    if account is not None:
        end_sessions(account.id)
    session.clear()


def signed_in_account(*, now: datetime) -> Account | None:
    account_id, expires_at = session.get("account_id"), session.get("expires_at")
    if account_id is None or expires_at is None:
        return None
    if now.timestamp() >= expires_at:
        session.clear()
        return None
    account = get_account(account_id)  # None once disabled
    if account is None or not _same_nonce(session.get("nonce"), account.session_nonce):
        session.clear()  # disabled, logged out, or the password changed since this login
        return None
    return account


def _same_nonce(sent: str | None, stored: str | None) -> bool:
    return bool(sent and stored) and hmac.compare_digest(sent, stored)


def login_required(view):
    """Pages need an account; a visitor (or an expired session) goes to the login page."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        expired = "account_id" in session
        g.account = signed_in_account(now=utcnow())
        if g.account is None:
            return redirect(url_for("dashboard.login", next=request.full_path.rstrip("?"),
                                    expired=1 if expired else None))
        log_context(account=g.account.id)
        return view(*args, **kwargs)

    return wrapper


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    """Refuse a POST whose form does not carry this session's token (400)."""
    sent, expected = request.form.get("csrf_token", ""), session.get("csrf")
    if not expected or not hmac.compare_digest(sent, expected):
        abort(400, description="表单已失效（CSRF 校验失败），请刷新页面后重试")


def safe_next(target: str | None) -> str:
    """Only back into the dashboard, never to another site."""
    if target and target.startswith("/dashboard") and not target.startswith("//"):
        return target
    return url_for("dashboard.overview")
