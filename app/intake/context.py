"""What the bot may know about a resident, read from the database (bots.models.Context)."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.org.models import Building, Estate
from app.residents.models import Resident
from app.tickets.models import Status, Ticket
from bots.models import Context, Home, TicketLine

# Status labels residents read (工单状态).
STATUS_LABELS = {
    Status.OPENED: "待派单", Status.DISPATCHED: "已派单，等待签收", Status.ACCEPTED: "已签收，处理中",
    Status.ON_SITE: "人员已到场", Status.PAUSED: "暂停处理", Status.RESOLVED: "已办结，待您评价",
    Status.RETURNED: "重新派单中", Status.TRANSFERRED: "转派中", Status.REOPENED: "已重新打开",
    Status.CLOSED: "已完成", Status.CANCELLED: "已撤销",
}
SHOWN = (Status.CLOSED, Status.CANCELLED)


def build_context(resident: Resident) -> Context:
    estate = _estate_in_play(resident)
    return Context(
        home=_home(resident), buildings=tuple(b.code for b in estate.buildings) if estate else (),
        phone_known=bool(resident.phone), open_tickets=tuple(_open_tickets(resident.openid)),
        awaiting_rating=_awaiting_rating(resident.openid), estates=_estates(), estate_buildings=_estate_buildings(),
    )


def _home(resident: Resident) -> Home | None:
    if resident.estate is None:
        return None
    building = resident.building.code if resident.building else None
    return Home(resident.estate.code, resident.estate.name, building, resident.unit, resident.room, resident.phone)


def _estate_in_play(resident: Resident) -> Estate | None:
    """The estate of the request being taken down (location, answer) or else the registered home's."""
    state = resident.dialogue_state or {}
    code = (state.get("draft") or {}).get("estate") or state.get("estate")
    if code:
        return db.session.scalar(sa.select(Estate).where(Estate.code == code))
    return resident.estate


def _open_tickets(openid: str) -> list[TicketLine]:
    tickets = db.session.scalars(sa.select(Ticket).where(Ticket.resident_openid == openid,
                                                         Ticket.status.not_in(SHOWN))
                                 .order_by(Ticket.opened_at.desc()).limit(10))
    return [TicketLine(t.number, t.category.value, STATUS_LABELS[t.status]) for t in tickets]


def _awaiting_rating(openid: str) -> str | None:
    return db.session.scalar(sa.select(Ticket.number).where(
        Ticket.resident_openid == openid, Ticket.status == Status.RESOLVED)
        .order_by(Ticket.resolved_at.desc()).limit(1))


def _estates() -> tuple[tuple[str, str], ...]:
    return tuple((code, name) for code, name in db.session.execute(sa.select(Estate.code, Estate.name).order_by(Estate.code)))


def _estate_buildings() -> tuple[tuple[str, tuple[str, ...]], ...]:
    rows = db.session.execute(sa.select(Estate.code, Building.code).join(Building.estate)
                              .order_by(Estate.code, Building.id))
    by_estate: dict[str, list[str]] = {}
    for estate, building in rows:
        by_estate.setdefault(estate, []).append(building)
    return tuple((code, tuple(codes)) for code, codes in by_estate.items())
