"""The mini-program API under /api/v1 (flask-smorest; the OpenAPI document at /api/v1/openapi.json)."""
from __future__ import annotations

from flask import Flask, abort, request
from flask_smorest import Api

from app.api import schemas
from app.extensions import db
from app.headers import no_store


class RedStewardApi(Api):
    """flask-smorest, with our one JSON error body (app.api.errors) instead of its own."""

    ERROR_SCHEMA = schemas.ErrorSchema

    def _register_error_handlers(self):
        from app.api import errors

        errors.register(self._app)


def init_app(app: Flask) -> Api:
    from app.api import (  # one module a line: each domain's endpoints
        views_assessments,
        views_auth,
        views_care,
        views_community,
        views_desk,
        views_handoff,
        views_meetings,
        views_mobile,
        views_oversight,
        views_resident,
        views_roster,
        views_staff,
    )

    from app.surveys import api as surveys_api

    api = RedStewardApi(app, spec_kwargs={"info": {"description": "红色管家 mini-program API"}})
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    api.spec.options["security"] = [{"bearer": []}]
    for blueprint in (
        views_auth.bp,
        views_staff.bp,
        views_desk.bp,
        views_mobile.bp,
        views_oversight.bp,
        views_resident.bp,
        views_handoff.bp,
        views_roster.bp,
        views_care.bp,
        views_meetings.bp,
        views_community.bp,
        surveys_api.bp,
        views_assessments.bp,
    ):
        api.register_blueprint(blueprint)
        # Per app, keyed by blueprint name (the blueprints are module-level; apps are many in tests).
        app.before_request_funcs.setdefault(blueprint.name, []).append(_refuse_nul_characters)
        app.before_request_funcs.setdefault(blueprint.name, []).append(_answer_with_what_was_committed)
        app.teardown_request_funcs.setdefault(blueprint.name, []).append(_expire_on_commit_again)
        # Tickets, homes and tokens: nothing an answer carries may stay in a cache (app.headers.no_store).
        app.after_request_funcs.setdefault(blueprint.name, []).append(no_store)
    app.extensions["api"] = api
    return api


def _refuse_nul_characters() -> None:
    """A NUL character in a query or JSON string is refused (422) before anything reads it: no text of ours holds
    one, and PostgreSQL's text columns cannot even compare with one (a 500 otherwise)."""
    if any(_holds_nul(v) for v in request.args.values()) or _holds_nul(request.get_json(silent=True)):
        abort(422, "a text holds a NUL character")


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


def _answer_with_what_was_committed() -> None:
    """An API request runs one use case and then shows its result. Keeping the committed objects
    loaded lets the answer be written from them, instead of a second transaction reading back the
    very rows this request just wrote (on SQLite that second BEGIN IMMEDIATE queues behind every
    other writer)."""
    db.session().expire_on_commit = False


def _expire_on_commit_again(_exc: BaseException | None = None) -> None:
    db.session().expire_on_commit = True
