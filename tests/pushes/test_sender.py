"""The outbox worker against the local fake WeChat API: send once, retry with backoff, give up, fall back."""
import threading
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.pushes.models import Push, PushKind, PushStatus
from app.wechat.outbox import claim_next, record_delivery, run_outbox
from app.scheduler import JOBS, build_scheduler
from factories import create_person, create_push


def reload(push_id: int) -> Push:
    db.session.expire_all()
    return db.session.get(Push, push_id)


def test_a_due_template_push_is_sent_once_and_marked_sent(ctx, fake, now):
    push_id = create_push(now=now).id
    assert run_outbox(now=now).sent == 1
    assert run_outbox(now=now + timedelta(hours=1)).sent == 0
    push = reload(push_id)
    assert (push.status, push.sent_at, push.attempts) == (PushStatus.SENT, now, 1)
    assert push.response["errcode"] == 0 and push.wechat_msgid == str(push.response["msgid"])
    [sent] = fake.sent
    assert sent["template_id"] == "tmpl_task_assigned" and sent["touser"] == "o_steward"
    assert sent["data"] == {"thing1": {"value": "3号楼漏水"}} and sent["page"] == "pages/ticket/index?id=1"


def test_a_push_waits_until_it_is_due(ctx, fake, now):
    create_push(now=now + timedelta(minutes=1))
    assert run_outbox(now=now).sent == 0 and fake.sent == []


def test_a_wechat_outage_is_retried_with_exponential_backoff(ctx, fake, now):
    push_id = create_push(now=now).id
    fake.fail_next(2, status=503)
    assert run_outbox(now=now).retried == 1
    push = reload(push_id)
    assert (push.status, push.attempts, push.next_attempt_at) == (PushStatus.PENDING, 1, now + timedelta(seconds=10))
    assert push.last_error == "WeChat error -1: HTTP 503"
    assert run_outbox(now=now + timedelta(seconds=9)).retried == 0
    assert run_outbox(now=now + timedelta(seconds=10)).retried == 1
    assert reload(push_id).next_attempt_at == now + timedelta(seconds=30)  # 10 s later + 20 s
    assert run_outbox(now=now + timedelta(seconds=30)).sent == 1
    assert reload(push_id).status == PushStatus.SENT and len(fake.sent) == 1


def test_after_the_last_attempt_the_push_is_failed_with_its_reason(ctx, fake, now):
    ctx.config["OUTBOX_MAX_ATTEMPTS"] = 3
    try:
        push_id = create_push(now=now).id
        fake.fail_next(10, errcode=-1, errmsg="system error")
        at = now
        for _ in range(5):
            run_outbox(now=at)
            at += timedelta(hours=1)
    finally:
        ctx.config["OUTBOX_MAX_ATTEMPTS"] = 6
    push = reload(push_id)
    assert (push.status, push.attempts) == (PushStatus.FAILED, 3)
    assert push.last_error == "WeChat error -1: system error" and fake.sent == []


def test_a_refusal_no_retry_can_fix_fails_at_once(ctx, fake, now):
    push_id = create_push(now=now, kind=PushKind.SUBSCRIBE, template="ticket_progress").id
    assert run_outbox(now=now).failed == 1
    push = reload(push_id)
    assert (push.status, push.attempts, push.response["errcode"]) == (PushStatus.FAILED, 1, 43101)


def test_an_unknown_template_key_fails_with_a_clear_reason(ctx, fake, now):
    push_id = create_push(now=now, template="no_such_key").id
    run_outbox(now=now)
    assert "unknown template key 'no_such_key'" in reload(push_id).last_error


def test_a_customer_message_inside_the_window_is_sent_as_text(ctx, fake, now):
    fake.note_inbound("o_res")
    create_push(now=now, kind=PushKind.CUSTOMER, recipient_openid="o_res", template=None,
                payload={"text": "工单已受理"})
    run_outbox(now=now)
    assert [(s["kind"], s["text"]) for s in fake.sent] == [("customer", "工单已受理")]


def test_a_customer_message_outside_the_window_falls_back_to_its_template(ctx, fake, now):
    push_id = create_push(now=now, kind=PushKind.CUSTOMER, recipient_openid="o_res", template=None, payload={
        "text": "工单已受理", "fallback": {"template": "ticket_progress", "data": {"phrase1": "已受理"},
                                          "page": "pages/ticket/index?id=3"}}).id
    assert run_outbox(now=now).sent == 1
    [sent] = fake.sent
    assert (sent["kind"], sent["template_id"], sent["page"]) == ("template", "tmpl_ticket_progress",
                                                                 "pages/ticket/index?id=3")
    assert reload(push_id).response["fallback"] == "template"


def test_a_push_to_a_person_reaches_their_openid(ctx, fake, now):
    person = create_person(openid="o_wang")
    create_push(now=now, recipient_openid=None, recipient_person_id=person.id)
    run_outbox(now=now)
    assert [s["touser"] for s in fake.sent] == ["o_wang"]


def test_two_workers_never_send_the_same_push_twice(app, ctx, fake, now):
    ids = {create_push(now=now, recipient_openid=f"o_{i}").id for i in range(120)}
    db.session.commit()  # end our read: on SQLite every transaction holds the write lock
    errors = []

    def worker():
        with app.app_context():
            try:
                run_outbox(now=now)
            except Exception as exc:  # collected and asserted below
                errors.append(exc)
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert errors == []
    assert sorted(s["touser"] for s in fake.sent) == sorted(f"o_{i}" for i in range(120))
    statuses = db.session.scalars(sa.select(Push.status).where(Push.id.in_(ids))).all()
    assert set(statuses) == {PushStatus.SENT}


def test_a_claimed_push_is_not_claimed_again(ctx, fake, now):
    push_id = create_push(now=now).id
    assert claim_next(now=now).id == push_id
    assert claim_next(now=now) is None


def test_a_claim_takes_one_push_and_leaves_the_rest_pending(ctx, fake, now):
    ids = [create_push(now=now, recipient_openid=f"o_{i}").id for i in range(3)]
    claim_next(now=now)  # the worker that claimed it dies here
    db.session.expire_all()
    statuses = [db.session.get(Push, push_id).status for push_id in ids]
    assert statuses == [PushStatus.SENDING, PushStatus.PENDING, PushStatus.PENDING]
    assert run_outbox(now=now).sent == 2


def test_a_push_left_sending_by_a_dead_worker_is_failed_not_resent(ctx, fake, now):
    push_id = create_push(now=now).id
    claim_next(now=now)  # the worker that claimed it dies here
    run_outbox(now=now + timedelta(minutes=16))
    push = reload(push_id)
    assert push.status == PushStatus.FAILED and "interrupted" in push.last_error and fake.sent == []


def test_a_delivery_report_is_recorded_on_the_push_by_msgid(ctx, fake, now):
    push_id = create_push(now=now).id
    run_outbox(now=now)
    assert record_delivery(reload(push_id).wechat_msgid, "success") is True
    assert reload(push_id).delivery_status == "success"
    assert record_delivery("999", "failed:user block") is False


def test_the_outbox_runs_as_a_scheduled_job_at_its_configured_interval(ctx):
    scheduler = build_scheduler(ctx)
    job = scheduler.get_job("outbox")
    assert "outbox" in JOBS and job.trigger.interval == timedelta(seconds=ctx.config["OUTBOX_INTERVAL_SECONDS"])
