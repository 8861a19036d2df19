"""Units and hand-offs for the hand-off tests, over the API tests' small street."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.handoff.models import Unit, UnitKind
from app.org.models import Branch
from app.pushes.models import Push
from tests.api.helpers import token

ME = "/api/v1/staff"


def create_unit(name: str = "城东自来水公司", kind: UnitKind = UnitKind.UTILITY, reply_seconds: int | None = None,
                contact: str | None = "0571-8888001") -> Unit:
    unit = Unit(name=name, kind=kind, contact=contact, reply_seconds=reply_seconds)
    db.session.add(unit)
    db.session.commit()
    return unit


def name_branch(street, name: str = "幸福里网格党支部") -> None:
    branch = db.session.scalar(sa.select(Branch).where(Branch.grid_id == street.estate.grid_id))
    if branch is None:
        db.session.add(Branch(grid_id=street.estate.grid_id, name=name))
    else:
        branch.name = name
    db.session.commit()


def post(client, who, ticket_id: int, path: str, body: dict | None = None):
    return client.post(f"{ME}/tickets/{ticket_id}/{path}", headers=token(who), json=body)


def pushes(**where) -> list[Push]:
    return list(db.session.scalars(sa.select(Push).filter_by(**where).order_by(Push.id)))
