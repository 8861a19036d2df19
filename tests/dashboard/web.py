"""Helpers for driving the dashboard through the Flask test client."""
from __future__ import annotations

import re

from tests.dashboard.scenario import PASSWORD


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def log_in(client, username: str, password: str = PASSWORD, next_: str = ""):
    token = csrf_of(client.get("/dashboard/login").get_data(as_text=True))
    return client.post("/dashboard/login", data={"username": username, "password": password,
                                                 "csrf_token": token, "next": next_})
