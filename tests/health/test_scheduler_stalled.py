"""The watcher watched: stop the scheduler and /healthz answers 503 and supervisors see a red banner.

The scheduler is driven by its tick (each job run once, as its thread runs them) while the test moves
the app's clock; "stopping the scheduler" is no longer ticking it. No sleeping anywhere.
"""
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.health import heartbeat
from app.health.models import Heartbeat
from app.health.rules import JobHealth, stale_after, stalled_banners
from app.pushes.models import Push, PushStatus
from app.scheduler import build_scheduler
from tests.dashboard.scenario import create_account, supervisor_of
from tests.dashboard.web import log_in
from tests.factories import create_estate, create_push

BANNER = "督办提醒暂停"


def tick(scheduler):
    db.session.rollback()  # never hold SQLite's write lock (the test's reads) while the jobs write
    for job in scheduler.get_jobs():
        job.func()


def test_a_running_scheduler_keeps_healthz_at_200_and_a_stopped_one_turns_it_503(ctx, client, clock):
    scheduler = build_scheduler(ctx)
    for _ in range(3):
        clock.advance(seconds=5)
        tick(scheduler)
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.get_json()["stalled"] == []
    assert answer.get_json()["scheduler"]["tracker"]["seconds_ago"] == 0

    clock.advance(minutes=5)  # the scheduler died: nothing ticks any more

    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.get_json()["status"] == "stalled"
    assert answer.get_json()["stalled"] == ["tracker", "outbox"]
    assert answer.get_json()["scheduler"]["tracker"]["seconds_ago"] == 300
    assert client.get("/healthz?live=1").status_code == 200  # the process itself is alive

    tick(scheduler)  # restarted
    assert client.get("/healthz").status_code == 200


def test_supervisors_see_a_red_banner_with_the_minutes_the_tracker_has_not_run(ctx, client, clock):
    _supervisor_logged_in(client)
    scheduler = build_scheduler(ctx)
    tick(scheduler)
    assert BANNER not in client.get("/dashboard/").get_data(as_text=True)

    clock.advance(minutes=12)

    page = client.get("/dashboard/late").get_data(as_text=True)
    assert "督办提醒暂停：12分钟未运行" in page
    assert "消息推送暂停：12分钟未运行" in page
    tick(scheduler)
    assert BANNER not in client.get("/dashboard/").get_data(as_text=True)


def test_the_dashboard_shows_pushes_waiting_and_pushes_failed_today(ctx, client, now):
    _supervisor_logged_in(client)
    create_push(now=now)
    create_push(now=now)
    failed = create_push(now=now)
    db.session.execute(sa.update(Push).where(Push.id == failed.id)
                       .values(status=PushStatus.FAILED, next_attempt_at=now))
    yesterday = create_push(now=now)
    db.session.execute(sa.update(Push).where(Push.id == yesterday.id)
                       .values(status=PushStatus.FAILED, next_attempt_at=now - timedelta(days=1)))
    db.session.commit()
    assert "待发送推送 2 条 · 今日发送失败 1 条" in client.get("/dashboard/").get_data(as_text=True)


def test_a_scheduler_that_never_ran_is_reported_stalled(client):
    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.get_json()["scheduler"]["tracker"]["last_finished_at"] is None


def test_a_heartbeat_written_by_another_deployment_does_not_vouch_for_this_one(ctx, client, now, monkeypatch):
    monkeypatch.setitem(ctx.config, "DEPLOYMENT_ID", "staging")
    heartbeat.beat("tracker", started_at=now, now=now)
    heartbeat.beat("outbox", started_at=now, now=now)
    monkeypatch.setitem(ctx.config, "DEPLOYMENT_ID", "red-steward")

    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.get_json()["other_deployments"] == ["staging"]


def test_a_job_failing_at_every_pass_writes_no_heartbeat(ctx, clock, monkeypatch):
    def broken():
        raise RuntimeError("the database refused")

    from app import scheduler as scheduler_module
    monkeypatch.setitem(scheduler_module.JOBS, "tracker",
                        scheduler_module.Job("tracker", broken, "SWEEP_INTERVAL_SECONDS"))
    scheduler = build_scheduler(ctx)
    scheduler.get_job("tracker").func()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Heartbeat)
                             .where(Heartbeat.job == "tracker")) == 0


def test_scheduler_jobs_are_named_by_what_they_do(ctx):
    names = {job.func.__name__ for job in build_scheduler(ctx).get_jobs()}
    assert {"tracker", "outbox"} <= names


def test_a_job_is_stale_after_a_few_intervals_and_never_sooner_than_the_floor(now):
    assert stale_after(5, intervals=3, floor_seconds=60) == timedelta(seconds=60)
    assert stale_after(300, intervals=3, floor_seconds=60) == timedelta(seconds=900)
    job = JobHealth("tracker", now - timedelta(seconds=61), timedelta(seconds=60), 12)
    assert job.is_stale(now)
    assert not job.is_stale(now - timedelta(seconds=2))
    assert stalled_banners([job], now) == ["督办提醒暂停：1分钟未运行"]
    assert stalled_banners([JobHealth("outbox", None, timedelta(seconds=60), None)], now) == ["消息推送暂停：从未运行"]


def _supervisor_logged_in(client):
    create_account("duban", person=supervisor_of(create_estate()))
    assert log_in(client, "duban").status_code == 302
