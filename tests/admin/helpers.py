"""Accounts and a person form for the administration tests."""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import Account
from app.accounts.service import create_account
from app.admin.service import admin_scope
from app.extensions import db
from tests.conftest import NOW

PASSWORD = "correct-horse-9"


def operator(username: str = "yunying") -> Account:
    return create_account(username, PASSWORD, now=NOW, operator=True)


def supervisor(username: str = "duban", community: str = "HX") -> Account:
    """A community supervisor by direct scope (the demo's 红星社区 by default)."""
    return create_account(username, PASSWORD, now=NOW, community_code=community)


def scope_of(account: Account):
    return admin_scope(db.session.get(Account, account.id))


def steward_form(code: str = "LC-S09", *, skills=("plumbing", "gas"), buildings=("YGHY/7",), scope: str = "LC",
                 **fields) -> dict:
    """What the person page sends for a steward: person fields and role row 0."""
    form = {"code": code, "name": "赵新", "phone": "13800019009", "on_duty": "on", "roles-0-role": "steward",
            "roles-0-scope": scope, "roles-0-skills": list(skills), "roles-0-buildings": list(buildings),
            "roles-1-role": "", "roles-1-scope": ""}
    form.update(fields)
    return form


def estate_form(**fields) -> dict:
    """What the page of the demo's 阳光花园 (YGHY) sends when nothing on it is changed, with `fields` changed."""
    form = {"name": "阳光花园", "grid": "HX-1", "firm": "LC", "lat": "30.2741", "lng": "120.1551",
            "households": "860", "buildings": "1 2\n2 2\n3 3\n5 2\n7 2"}
    form.update(fields)
    return form


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))
