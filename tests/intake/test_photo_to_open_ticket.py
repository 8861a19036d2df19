"""A photo sent when nothing is being taken down adds to the resident's latest open ticket."""
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.intake.service import converse
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.residents.models import Resident
from app.tickets.models import Ticket, TicketEvent
from bots import messages
from bots.models import Incoming
from factories import create_estate, create_ticket


def photo(openid, media_id, now):
    return converse(openid, Incoming(kind="image", media_id=media_id), now=now)


def media_of(ticket_id: int) -> list[str]:
    db.session.expire_all()
    return [a.media_id for a in db.session.get(Ticket, ticket_id).attachments]


def test_a_photo_with_nothing_being_taken_down_goes_to_the_latest_open_ticket(ctx, now):
    estate = create_estate()
    older = create_ticket(estate, now=now - timedelta(hours=2), resident_openid="o_res")
    latest = create_ticket(estate, now=now - timedelta(hours=1), resident_openid="o_res")
    assert photo("o_res", "m-1", now) == [messages.photo_added_to_ticket(latest.number)]
    assert media_of(latest.id) == ["m-1"] and media_of(older.id) == []
    event = db.session.scalars(sa.select(TicketEvent).where(TicketEvent.ticket_id == latest.id)
                               .order_by(TicketEvent.id.desc())).first()
    assert (event.action, event.data, event.actor_label) == ("attach", {"media_ids": ["m-1"]}, "resident:o_res")


def test_the_photo_is_not_also_kept_for_the_next_request(ctx, now):
    estate = create_estate()
    latest = create_ticket(estate, now=now - timedelta(hours=1), resident_openid="o_res")
    photo("o_res", "m-1", now)
    converse("o_res", Incoming(text="3号楼2单元501卫生间漏水"), now=now + timedelta(minutes=1))
    assert media_of(latest.id) == ["m-1"]
    state = db.session.scalar(sa.select(Resident.dialogue_state).where(Resident.openid == "o_res"))
    assert state["draft"]["media_ids"] == []


def test_a_resolved_or_cancelled_ticket_takes_no_photo_and_the_bot_keeps_it_as_before(ctx, now):
    estate = create_estate()
    done = create_ticket(estate, now=now - timedelta(hours=1), resident_openid="o_res")
    tickets.cancel(done.id, now=now - timedelta(minutes=30), by=Actor.resident("o_res"))
    assert photo("o_res", "m-1", now) == [messages.PHOTO_ATTACHED, messages.ASK_DESCRIPTION]
    assert media_of(done.id) == []


def test_someone_elses_open_ticket_takes_none_of_my_photos(ctx, now):
    theirs = create_ticket(create_estate(), now=now, resident_openid="o_other")
    assert photo("o_res", "m-1", now) == [messages.PHOTO_ATTACHED, messages.ASK_DESCRIPTION]
    assert media_of(theirs.id) == []


def test_a_photo_during_a_request_being_taken_down_stays_with_that_request(ctx, now):
    estate = create_estate(buildings=("3",))
    open_one = create_ticket(estate, now=now - timedelta(hours=1), resident_openid="o_res", building="3")
    converse("o_res", Incoming(text="3号楼2单元501卫生间漏水 13812345678"), now=now)
    replies = photo("o_res", "m-2", now + timedelta(minutes=1))
    assert replies[0] == messages.PHOTO_ATTACHED and media_of(open_one.id) == []
