"""Security headers on every response: no framing, no sniffing, no referrer leaving the site, and a
Content-Security-Policy that lets pages load only the app's own scripts, styles and data."""
from __future__ import annotations

from flask import Flask, Response

# Every page (the dashboard, the simulator) serves its scripts and styles from /…/static and keeps no inline
# script, handler or style attribute; Chart.js is served by the app and styles its canvas through the DOM.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",  # frame-ancestors for the browsers that predate CSP 2
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # a dashboard URL names tickets and filters: keep it on the site
}


def add_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def no_store(response: Response) -> Response:
    """Answers that carry residents' data (names, addresses, masked phones, their words): no browser, proxy or
    shared computer keeps a copy after the page is closed or the session ends."""
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
