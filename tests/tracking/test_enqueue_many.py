"""The outbox's batch insert the tracker uses: one statement, taken dedupe keys skipped by the database."""
import sqlalchemy as sa

from app.extensions import db
from app.pushes.models import Push, PushKind, PushStatus
from app.pushes.service import enqueue_many
from tests.factories import create_push


def escalation_push(key, openid="o_a"):
    return dict(kind=PushKind.TEMPLATE, purpose="escalate:respond:1", recipient_openid=openid,
                template="task_escalated", dedupe_key=key, payload={"data": {"level": "第1级督办"}, "page": "p"})


def test_pushes_whose_dedupe_key_is_taken_are_skipped_and_the_others_added(ctx, now):
    create_push(now=now, dedupe_key="escalate:1:0:respond:1:7")

    added = enqueue_many([escalation_push("escalate:1:0:respond:1:7"), escalation_push("escalate:1:0:respond:1:8")],
                         now=now)
    db.session.commit()

    assert added == 1
    rows = db.session.execute(sa.select(Push.dedupe_key, Push.status, Push.attempts, Push.next_attempt_at,
                                        Push.template).order_by(Push.id)).all()
    assert [r.dedupe_key for r in rows] == ["escalate:1:0:respond:1:7", "escalate:1:0:respond:1:8"]
    assert rows[1].status is PushStatus.PENDING and rows[1].attempts == 0 and rows[1].next_attempt_at == now
    assert rows[0].template == "task_assigned"  # the earlier push is left as it was


def test_the_same_batch_enqueued_twice_adds_nothing_the_second_time(ctx, now):
    batch = [escalation_push("k1", "o_a"), escalation_push("k2", "o_b")]
    assert enqueue_many(batch, now=now) == 2
    assert enqueue_many(batch, now=now) == 0
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Push)) == 2


def test_an_empty_batch_adds_nothing(ctx, now):
    assert enqueue_many([], now=now) == 0
