"""The mini-program API under /api/v1 (flask-smorest; the OpenAPI document at /api/v1/openapi.json)."""
from __future__ import annotations

from flask import Flask
from flask_smorest import Api


class RedStewardApi(Api):
    """flask-smorest, with our one JSON error body (app.api.errors) instead of its own."""

    def _register_error_handlers(self):
        from app.api import errors

        errors.register(self._app)


def init_app(app: Flask) -> Api:
    from app.api import views_auth, views_resident, views_staff

    api = RedStewardApi(app, spec_kwargs={"info": {"description": "红色管家 mini-program API"}})
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    api.spec.options["security"] = [{"bearer": []}]
    for blueprint in (views_auth.bp, views_staff.bp, views_resident.bp):
        api.register_blueprint(blueprint)
    app.extensions["api"] = api
    return api
