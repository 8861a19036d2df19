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


def row_cells(html: str, table_id: str, first: str) -> list[str]:
    """The text of each cell of the table's row whose first cell reads `first`, spaces squeezed: a figure
    with its changes reads '3 较上月 -1 较去年同期 —'."""
    table = re.search(rf'<table id="{table_id}">(.*?)</table>', html, re.S).group(1)
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = [" ".join(re.sub(r"<[^>]+>", " ", cell).split())
                 for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        if cells and cells[0] == first:
            return cells
    raise AssertionError(f"no row {first!r} in #{table_id}")
