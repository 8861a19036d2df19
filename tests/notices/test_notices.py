"""Posting a notice (公告): what is refused, who is reached by which message, and why some are not."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.notices import service
from app.notices.models import Notice
from app.notices.rules import NoticeDraft, NoticeRefused
from app.pushes.models import Push, PushKind
from app.residents.models import Resident
from app.tickets.actors import Actor
from factories import create_estate, create_push


def anyone(_place):
    return True


def post(now, *, may=anyone, **overrides):
    fields = dict(kind="water", text="因管网检修，明天8点至18点停水，请提前储水。", starts_at=now + timedelta(hours=1),
                  ends_at=now + timedelta(hours=11))
    return service.post_notice(NoticeDraft(**{**fields, **overrides}), now=now, by=Actor.system("test"),
                               may_post=may)


def resident(estate, building_code, now, **overrides):
    building = next(b for b in estate.buildings if b.code == building_code)
    r = Resident(openid=overrides.pop("openid"), created_at=now, estate=estate, building=building, **overrides)
    db.session.add(r)
    db.session.commit()
    return r


@pytest.fixture
def estate(ctx):
    return create_estate(name="阳光小区", buildings=("1", "2", "3"))


def test_a_notice_reaches_residents_of_its_buildings_by_customer_message_or_template(estate, now):
    resident(estate, "3", now, openid="o_recent", last_message_at=now - timedelta(hours=2))
    resident(estate, "3", now, openid="o_quiet", last_message_at=now - timedelta(days=5))
    resident(estate, "3", now, openid="o_full", last_message_at=now - timedelta(hours=1), cs_sent_in_window=5)
    resident(estate, "3", now, openid="o_gone", subscribed=False)
    resident(estate, "3", now, openid="mini:o_mini", mini_openid="o_mini")
    resident(estate, "1", now, openid="o_elsewhere", last_message_at=now)

    notice = post(now, estate=estate.code, buildings=("3",))

    sent = dict(db.session.execute(sa.select(Push.recipient_openid, Push.kind).where(Push.purpose == "notice")).all())
    assert sent == {"o_recent": PushKind.CUSTOMER, "o_quiet": PushKind.TEMPLATE, "o_full": PushKind.TEMPLATE}
    assert (notice.sent_customer, notice.sent_template, notice.not_reached) == (1, 2, 2)
    assert notice.not_reached_why == {"unsubscribed": 1, "mini_only": 1}


def test_queued_customer_messages_count_against_the_cap(estate, now):
    resident(estate, "2", now, openid="o_busy", last_message_at=now, cs_sent_in_window=4)
    create_push(now=now, kind=PushKind.CUSTOMER, recipient_openid="o_busy", payload={"text": "x"})
    db.session.commit()
    post(now, estate=estate.code)
    assert db.session.scalar(sa.select(Push.kind).where(Push.purpose == "notice")) is PushKind.TEMPLATE


def test_a_whole_community_notice_reaches_every_estate_of_the_community(estate, now):
    other = create_estate(grid=estate.grid, buildings=("A",))
    resident(estate, "1", now, openid="o_a", last_message_at=now)
    resident(other, "A", now, openid="o_b", last_message_at=now)
    notice = post(now, community=estate.grid.community.code, kind="storm", text="台风将至，请收好阳台物品。")
    assert notice.estate_id is None and notice.sent_customer == 2


@pytest.mark.parametrize(("change", "code", "message"), [
    (dict(ends_at="start-1h"), "notice_ends_before_start", "结束时间必须晚于开始时间"),
    (dict(ends_at="start"), "notice_ends_before_start", "结束时间必须晚于开始时间"),
    (dict(buildings=("3", "9", "12")), "notice_unknown_buildings", "阳光小区没有9号楼、12号楼"),
    (dict(text="   "), "notice_empty", "公告内容不能为空"),
    (dict(kind="flood"), "notice_kind", "没有这种公告类型"),
    (dict(estate=None, buildings=("1",)), "notice_buildings_without_estate", "选择楼栋前请先选择小区"),
])
def test_bad_notices_are_refused_in_chinese_and_nothing_is_kept_or_pushed(estate, now, change, code, message):
    resident(estate, "3", now, openid="o_a", last_message_at=now)
    start = now + timedelta(hours=1)
    times = {"start-1h": start - timedelta(hours=1), "start": start}
    change = {k: times.get(v, v) if isinstance(v, str) else v for k, v in change.items()}
    with pytest.raises(NoticeRefused) as refused:
        post(now, **{"estate": estate.code, "starts_at": start, **change})
    assert (refused.value.code, refused.value.message) == (code, message)
    assert db.session.scalar(sa.select(sa.func.count(Notice.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Push.id))) == 0


def test_someone_without_the_place_in_their_scope_may_not_post(estate, now):
    with pytest.raises(NoticeRefused) as refused:
        post(now, estate=estate.code, may=lambda place: False)
    assert refused.value.code == "notice_forbidden"
    assert db.session.scalar(sa.select(sa.func.count(Notice.id))) == 0


def test_the_bot_reads_notices_not_ended_that_cover_the_place(estate, now):
    post(now, estate=estate.code, buildings=("3",), starts_at=now - timedelta(hours=1))
    post(now, estate=estate.code, buildings=("1",), kind="power", text="1号楼停电", starts_at=now - timedelta(hours=1))
    [line] = service.active_lines(estate.code, "3", now=now)
    assert (line.kind, line.place, line.active) == ("water", "阳光小区3号楼", True)
    assert len(service.active_lines(estate.code, None, now=now)) == 2
    assert service.active_lines(estate.code, "3", now=now + timedelta(hours=12)) == ()
