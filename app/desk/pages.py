"""The dashboard's 代报 form as use cases: who the account opens as, where, and the opening itself."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import sqlalchemy as sa

from app.accounts.models import Account
from app.accounts.service import scope_of, viewer_of
from app.desk import rules
from app.desk.service import DeskRequest, Reading, read, request_from
from app.extensions import db
from app.hotline import service as hotline
from app.org.models import Estate, Grid
from app.staff.access import StaffScope
from app.tickets.actors import Actor
from app.tickets.models import Ticket


def opener_of(account: Account) -> StaffScope:
    """The account as the opening rule reads it: its person's roles, its direct community or grid, and a
    direct firm scope as the firm's front desk."""
    viewer = viewer_of(account)
    firm = frozenset({account.firm_id}) if account.firm_id is not None else frozenset()
    return replace(viewer, front_desk_firms=viewer.front_desk_firms | firm)


def estates_open_to(account: Account) -> list[Estate]:
    """The estates the account may open tickets for, by name."""
    staff = opener_of(account)
    rows = db.session.execute(sa.select(Estate, Grid.community_id).join(Grid, Grid.id == Estate.grid_id)
                              .order_by(Estate.name, Estate.code)).all()
    return [e for e, community_id in rows
            if rules.may_open_at(staff, rules.EstateFacts(e.id, e.firm_id, e.grid_id, community_id))]


def reading(form: dict) -> tuple[dict, Reading]:
    """The form with its blanks filled by the bot's reader (识别), and what the reader found."""
    found = read(form["text"])
    place = {} if form["building"] else {"building": found.building, "unit": found.unit, "room": found.room}
    guessed = {"category": form["category"] or (found.category.value if found.category else None),
               "skill": form["skill"] or found.skill, **place}
    return {**form, **guessed}, found


def open_from_form(account: Account, form: dict, hotline_body: dict | None, *, now: datetime) -> Ticket:
    request: DeskRequest = request_from({**form, "hotline": hotline_body})
    by = Actor.person(account.person.id, account.person.code) if account.person else Actor(
        label=f"account:{account.username}"[:64])
    return hotline.open_request(request, hotline.fields_from(hotline_body), now=now, staff=opener_of(account), by=by)


def visible_on_dashboard(account: Account, ticket: Ticket) -> bool:
    return scope_of(account).allows({"community_id": ticket.community_id, "grid_id": ticket.grid_id,
                                     "firm_id": ticket.firm_id, "estate_id": ticket.estate_id})
