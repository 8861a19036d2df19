"""GET /metrics: Prometheus text behind a token, with the webhook's counts and the database's figures."""
from datetime import timedelta

import pytest
import sqlalchemy as sa
from prometheus_client.parser import text_string_to_metric_families

from app.extensions import db
from app.ops.metrics import outcome
from app.pushes.models import Push, PushStatus
from app.scheduler import build_scheduler
from app.tickets.models import Category
from app.wechat.simulator import sign, text_xml
from tests.factories import create_estate, create_push, create_ticket

TOKEN = "scrape-me-0123456789"


@pytest.fixture
def metrics(ctx, client, monkeypatch):
    monkeypatch.setitem(ctx.config, "METRICS_TOKEN", TOKEN)

    def scrape() -> dict:
        response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200
        db.session.rollback()
        return {(s.name, tuple(sorted(s.labels.items()))): s.value
                for family in text_string_to_metric_families(response.get_data(as_text=True))
                for s in family.samples}
    return scrape


def test_a_scrape_without_the_token_is_refused(metrics, client):
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_without_a_token_configured_there_is_no_metrics_endpoint(client):
    assert client.get("/metrics").status_code == 404


def test_webhook_requests_are_counted_and_timed_by_outcome(metrics, ctx, client):
    before = metrics()
    signed = sign(text_xml("o_res", "你好", msg_id=501), token=ctx.config["WECHAT_TOKEN"])
    client.post("/wechat", query_string=signed.query, data=signed.body, content_type="text/xml")
    client.post("/wechat", query_string={"signature": "forged", "timestamp": "1", "nonce": "n"},
                data=signed.body, content_type="text/xml")
    after = metrics()
    for label in ("answered", "refused"):
        key = ("red_steward_webhook_requests_total", (("outcome", label),))
        assert after[key] - before.get(key, 0) == 1
        count = ("red_steward_webhook_seconds_count", (("outcome", label),))
        assert after[count] - before.get(count, 0) == 1


def test_tickets_pushes_rungs_and_the_scheduler_come_from_the_database(metrics, ctx, clock):
    estate = create_estate()
    create_ticket(estate, now=clock.moment)
    create_ticket(estate, now=clock.moment, category=Category.DISPUTE)
    create_push(now=clock.moment)
    failed = create_push(now=clock.moment)
    db.session.execute(sa.update(Push).where(Push.id == failed.id).values(status=PushStatus.FAILED))
    db.session.commit()
    db.session.rollback()
    for job in build_scheduler(ctx).get_jobs():
        job.func()
    clock.advance(seconds=30)

    figures = metrics()
    assert figures[("red_steward_tickets_opened_total", (("category", "repair"),))] == 1
    assert figures[("red_steward_tickets_opened_total", (("category", "dispute"),))] == 1
    assert figures[("red_steward_pushes_total", (("result", "failed"),))] == 1
    assert figures[("red_steward_job_lag_seconds", (("job", "tracker"),))] == 30
    assert ("red_steward_job_duration_seconds", (("job", "tracker"),)) in figures
    assert ("red_steward_rungs_fired_total", ()) in figures


def test_the_oldest_overdue_ticket_s_age_grows_with_the_clock(metrics, clock):
    create_ticket(create_estate(), now=clock.moment)
    assert metrics()[("red_steward_oldest_overdue_seconds", ())] == 0
    clock.advance(minutes=40)  # a repair must be accepted within 10 minutes
    late = metrics()[("red_steward_oldest_overdue_seconds", ())]
    assert timedelta(minutes=29) <= timedelta(seconds=late) <= timedelta(minutes=40)


def test_an_outcome_is_what_wechat_got():
    assert [outcome(200), outcome(403), outcome(413), outcome(503)] == ["answered", "refused", "refused", "retry"]
