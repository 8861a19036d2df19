"""WeChat's cap on customer-service messages in the 48-hour window: counted when sent, respected when chosen."""
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.pushes.models import Push, PushKind, PushStatus
from app.wechat.outbox import run_outbox
from app.residents.models import Resident
from app.staff import service as tasks
from app.staff.scopes import staff_scope
from factories import create_estate, create_push, create_steward, create_ticket, dispatch_to


def create_resident(*, now, **overrides) -> Resident:
    fields = {"openid": "o_res", "created_at": now, "last_message_at": now, "cs_sent_in_window": 0}
    resident = Resident(**{**fields, **overrides})
    db.session.add(resident)
    db.session.commit()
    return resident


def window_count(openid: str = "o_res") -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(Resident.cs_sent_in_window).where(Resident.openid == openid))


def customer_push(now, text="工单已受理", **payload):
    return create_push(now=now, kind=PushKind.CUSTOMER, recipient_openid="o_res", template=None,
                       payload={"text": text, **payload})


def test_each_customer_message_sent_counts_once_in_the_residents_window(ctx, fake, now):
    create_resident(now=now)
    fake.note_inbound("o_res")
    customer_push(now, "一")
    customer_push(now, "二")
    assert window_count() == 0  # queued is not sent
    assert run_outbox(now=now).sent == 2
    assert window_count() == 2


def test_a_customer_message_sent_as_its_template_fallback_does_not_count(ctx, fake, now):
    create_resident(now=now)  # the fake has no inbound from o_res: 45015, outside the window
    customer_push(now, fallback={"template": "ticket_progress", "data": {"phrase1": "已受理"}})
    assert run_outbox(now=now).sent == 1
    assert [s["kind"] for s in fake.sent] == ["template"] and window_count() == 0


def test_a_customer_message_that_fails_does_not_count(ctx, fake, now):
    create_resident(now=now)
    fake.note_inbound("o_res")
    push_id = customer_push(now).id
    fake.fail_next(1, status=503)
    assert run_outbox(now=now).retried == 1
    assert db.session.get(Push, push_id).status == PushStatus.PENDING and window_count() == 0


def test_once_five_were_sent_in_the_window_the_next_progress_notice_is_a_template(ctx, fake, now):
    estate = create_estate()
    steward = create_steward(estate, openid="o_steward")
    create_resident(now=now, cs_sent_in_window=5)
    ticket = dispatch_to(create_ticket(estate, now=now, resident_openid="o_res"), steward, now=now)
    tasks.accept_task(ticket.id, now=now, staff=staff_scope(steward.id))
    push = db.session.scalar(sa.select(Push).where(Push.recipient_openid == "o_res"))
    assert (push.kind, push.template) == (PushKind.TEMPLATE, "ticket_progress")


def test_queued_customer_messages_count_against_the_cap_before_they_are_sent(ctx, fake, now):
    estate = create_estate()
    steward = create_steward(estate, openid="o_steward")
    create_resident(now=now, cs_sent_in_window=3)
    ticket = dispatch_to(create_ticket(estate, now=now, resident_openid="o_res"), steward, now=now)
    staff = staff_scope(steward.id)
    tasks.accept_task(ticket.id, now=now, staff=staff)
    tasks.arrive_task(ticket.id, now=now + timedelta(minutes=5), staff=staff)
    tasks.resolve_task(ticket.id, note="换了阀门", media_ids=(), now=now + timedelta(minutes=9), staff=staff)
    kinds = db.session.scalars(sa.select(Push.kind).where(Push.recipient_openid == "o_res").order_by(Push.id))
    assert list(kinds) == [PushKind.CUSTOMER, PushKind.CUSTOMER, PushKind.TEMPLATE]


def test_a_new_message_from_the_resident_opens_a_fresh_window(ctx, fake, now):
    from app.intake.service import resident_for

    create_resident(now=now - timedelta(hours=1), cs_sent_in_window=5)
    resident_for("o_res", now=now)
    db.session.commit()
    assert window_count() == 0
