"""A routed opening adds its ticket to the session and flushes it: what comes out is persistent,
unmodified and as stored, with its next check set."""
import sqlalchemy as sa

from app.extensions import db
from app.routing.service import open_and_route
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tickets.models import Attachment, Category, Status, Ticket, TicketEvent
from app.tickets.service import TicketDraft
from app.tracking.ladder import next_check_for
from factories import create_estate, create_steward
from sql_counting import counted

RESIDENT = Actor.resident("o_resident")


def draft(estate, **overrides):
    values = dict(category=Category.REPAIR, estate_code=estate.code, description="厨房水管漏水", building="1",
                  unit="2", room="501", skill="plumbing", resident_openid="o_resident")
    return TicketDraft(**{**values, **overrides})


def test_the_inserted_ticket_is_persistent_unmodified_and_as_stored(ctx, now):
    estate = create_estate()
    steward = create_steward(estate, skills="plumbing")
    db.session.commit()

    ticket = open_and_route.__wrapped__(draft(estate), now=now, by=RESIDENT)  # no commit yet
    assert sa.inspect(ticket).persistent and not db.session.is_modified(ticket)
    assert (ticket.version, ticket.paused_seconds, ticket.reopen_count, ticket.assignee_id) == (1, 0, 0, steward.id)
    assert ticket.next_escalation_at == next_check_for(ticket) is not None  # set before the INSERT
    with counted() as seen:
        db.session.flush()
    assert seen == []  # nothing left pending: the ticket and its events are written
    db.session.commit()

    stored = db.session.execute(sa.select(Ticket.__table__).where(Ticket.id == ticket.id)).one()
    assert (stored.status, stored.version, stored.number, stored.next_escalation_at) == (
        Status.DISPATCHED, 1, ticket.number, ticket.next_escalation_at)
    actions = db.session.scalars(sa.select(TicketEvent.action).where(TicketEvent.ticket_id == ticket.id)
                                 .order_by(TicketEvent.id)).all()
    assert actions == ["open", "dispatch"]


def test_a_later_change_in_the_same_transaction_is_one_versioned_update(ctx, now):
    estate = create_estate()
    steward = create_steward(estate, skills="plumbing")
    db.session.commit()
    ticket = open_and_route.__wrapped__(draft(estate), now=now, by=RESIDENT)

    tickets.accept_in_session(ticket, now=now, by=Actor.person(steward.id))
    with counted() as seen:
        db.session.flush()
    assert 1 <= len(seen) <= 2, seen  # the ticket's update and the accept event
    db.session.commit()
    assert db.session.scalar(sa.select(Ticket.version).where(Ticket.id == ticket.id)) == 2
    assert ticket.status is Status.ACCEPTED


def test_photos_sent_with_the_request_are_inserted_after_the_ticket(ctx, now):
    estate = create_estate()
    create_steward(estate, skills="plumbing")
    db.session.commit()

    ticket = open_and_route(draft(estate, media_ids=("m1", "m2", "m1")), now=now, by=RESIDENT)

    media = db.session.scalars(sa.select(Attachment.media_id).where(Attachment.ticket_id == ticket.id)
                               .order_by(Attachment.id)).all()
    assert media == ["m1", "m2"]
    assert [a.media_id for a in ticket.attachments] == ["m1", "m2"]
