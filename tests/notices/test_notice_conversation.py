"""A notice in the chat: a report of what it announces gets the notice, '最近有什么通知' lists them."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.intake.service import converse
from app.notices import service
from app.notices.models import Notice
from app.notices.rules import NoticeDraft
from app.residents.models import Resident
from app.tickets.actors import Actor
from app.tickets.models import Ticket
from bots import messages
from bots.models import Incoming
from factories import create_estate, create_steward

WATER = "因管网检修，今天8点至18点停水，请提前储水。"


def say(openid, text, now):
    return converse(openid, Incoming(text=text), now=now)


def post(estate, now, *, starts_in=timedelta(hours=-1), **overrides):
    fields = dict(kind="water", text=WATER, starts_at=now + starts_in, ends_at=now + timedelta(hours=8),
                  estate=estate.code, buildings=("3",))
    return service.post_notice(NoticeDraft(**{**fields, **overrides}), now=now, by=Actor.system("test"),
                               may_post=lambda place: True)


def tickets_count():
    return db.session.scalar(sa.select(sa.func.count(Ticket.id)))


def answered(notice):
    db.session.expire_all()
    return db.session.get(Notice, notice.id).answered


@pytest.fixture
def estate(ctx, now):
    estate = create_estate(name="阳光小区", buildings=("1", "2", "3"))
    create_steward(estate, skills="plumbing")
    building = next(b for b in estate.buildings if b.code == "3")
    db.session.add(Resident(openid="o_res", created_at=now, estate=estate, building=building, room="501",
                            phone="13800138000"))
    db.session.commit()
    return estate


def test_a_report_of_what_an_active_notice_announces_gets_the_notice_and_is_counted(estate, now):
    notice = post(estate, now)
    [reply] = say("o_res", "怎么停水了", now)
    assert WATER in reply and "阳光小区3号楼" in reply and reply.endswith(messages.REPORT_ANYWAY)
    assert answered(notice) == 1 and tickets_count() == 0


def test_the_resident_may_report_anyway(estate, now):
    post(estate, now)
    assert WATER in say("o_res", "家里水龙头没水了，是不是水管坏了", now)[0]
    replies = say("o_res", "1", now)
    assert replies[-1].endswith(messages.CONFIRM_PROMPT)  # taken down as a request, then read back
    say("o_res", "1", now)
    assert tickets_count() == 1


def test_anything_else_after_a_notice_is_read_as_a_new_message(estate, now):
    post(estate, now)
    say("o_res", "怎么停水了", now)
    assert say("o_res", "好的谢谢", now) == [messages.YOU_ARE_WELCOME]


def test_a_notice_for_other_buildings_or_not_yet_started_answers_nothing(estate, now):
    post(estate, now, buildings=("1",))
    post(estate, now, starts_in=timedelta(hours=2))
    assert WATER not in " ".join(say("o_res", "怎么停水了", now))


def test_an_emergency_is_never_answered_by_a_notice(estate, now):
    notice = post(estate, now, kind="power", text="今天检修线路停电。")
    replies = say("o_res", "3号楼配电箱着火了冒烟，停电了", now)
    assert "今天检修线路停电" not in " ".join(replies) and answered(notice) == 0


def test_asking_for_notices_lists_those_not_ended(estate, now):
    post(estate, now)
    post(estate, now, kind="event", text="周六上午在小区广场举办义诊。", starts_in=timedelta(hours=2), buildings=())
    [reply] = say("o_res", "最近有什么通知", now)
    assert WATER in reply and "义诊" in reply


def test_with_no_notice_the_bot_says_so(estate, now):
    assert say("o_res", "最近有什么通知？", now) == [messages.NO_NOTICES]
