"""Werkzeug's HTTP errors outside /api as a small Chinese page (the API answers its own JSON, app.api.errors)."""
from __future__ import annotations

from flask import render_template
from werkzeug.exceptions import HTTPException

from app.tickets import texts

# Werkzeug's own headers a page keeps: Allow on a 405, Retry-After on a 429/503.
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def page(exc: HTTPException):
    """The error as a Chinese page with its status; the security headers come from app.headers like any page's."""
    message = texts.HTTP_PAGE_MESSAGES.get(exc.code, texts.HTTP_PAGE_MESSAGES[500 if exc.code >= 500 else 400])
    headers = [(key, value) for key, value in exc.get_headers() if key in KEPT_HEADERS]
    return render_template("error.html", status=exc.code, message=message), exc.code, headers
