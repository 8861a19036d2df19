"""The timeline of a ticket being opened: written with the ticket, in the order it happened;
nothing left over after a rollback."""
import sqlalchemy as sa

from app.extensions import db
from app.routing.service import open_and_route
from app.tickets import service
from app.tickets.actors import Actor
from app.tickets.models import Category, TicketEvent
from app.tickets.service import TicketDraft
from tests.factories import create_estate, create_steward

RESIDENT = Actor.resident("o_resident")


def draft(estate, category=Category.REPAIR, description="厨房水管漏水"):
    return TicketDraft(category=category, estate_code=estate.code, description=description, building="1",
                       resident_openid="o_resident")


def timeline(ticket_id):
    return db.session.execute(sa.select(TicketEvent.id, TicketEvent.action, TicketEvent.from_status,
                                        TicketEvent.to_status, TicketEvent.actor_label)
                              .where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id)).all()


def test_a_praise_writes_its_five_events_in_the_order_they_happened(ctx, now):
    estate = create_estate()
    create_steward(estate, name="王建国")

    ticket = open_and_route(draft(estate, Category.PRAISE, "感谢王建国师傅"), now=now, by=RESIDENT)

    events = timeline(ticket.id)
    assert [e.action for e in events] == ["open", "dispatch", "accept", "resolve", "close"]
    assert [(e.from_status, e.to_status) for e in events][:2] == [(None, "opened"), ("opened", "dispatched")]
    assert events[0].actor_label == "resident:o_resident" and events[1].actor_label == "router"
    assert [e.action for e in db.session.get(type(ticket), ticket.id).events] == [e.action for e in events]


def test_the_events_are_written_by_the_flush_that_inserts_their_ticket(ctx, now):
    estate = create_estate()

    ticket = service.open_in_session(draft(estate), now=now, by=RESIDENT)
    db.session.flush()

    assert [e.action for e in timeline(ticket.id)] == ["open"]
    db.session.commit()


def test_an_opening_rolled_back_leaves_no_event_to_be_written_later(ctx, now):
    estate = create_estate()
    service.open_in_session(draft(estate, description="回滚的"), now=now, by=RESIDENT)
    db.session.rollback()

    ticket = service.open_ticket(draft(estate), now=now, by=RESIDENT)

    assert db.session.scalar(sa.select(sa.func.count()).select_from(TicketEvent)) == 1
    assert [e.action for e in timeline(ticket.id)] == ["open"]


def test_an_event_of_a_ticket_already_inserted_is_written_as_before(ctx, now):
    estate = create_estate()
    ticket = service.open_ticket(draft(estate), now=now, by=RESIDENT)

    service.cancel(ticket.id, now=now, by=RESIDENT, reason="居民撤销")

    assert [e.action for e in timeline(ticket.id)] == ["open", "cancel"]
