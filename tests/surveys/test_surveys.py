"""Starting a survey (who is reached, by which message, never twice) and answering it: one per household."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.pushes.models import Push, PushKind
from app.residents.models import Resident
from app.surveys import service, texts
from app.surveys.models import Survey, SurveyAnswer, SurveyScore
from app.surveys.rules import SurveyRefused
from factories import create_estate
from tests.surveys.helpers import fresh, resident, start


@pytest.fixture
def estate(ctx):
    return create_estate(name="阳光小区", buildings=("1", "2", "3"))


def count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_survey_reaches_the_estates_residents_within_wechats_rules_and_marks_it_pending(estate, now):
    recent = resident(estate, now, openid="o_recent", room="101")
    quiet = resident(estate, now, openid="o_quiet", room="102", last_message_at=now - timedelta(days=3))
    full = resident(estate, now, openid="o_full", room="103", cs_sent_in_window=5)
    gone = resident(estate, now, openid="o_gone", room="104", subscribed=False)
    mini = resident(estate, now, openid="mini:o_mini", mini_openid="o_mini", room="105")
    elsewhere = resident(create_estate(), now, openid="o_elsewhere")

    survey = start(estate, now)

    sent = dict(db.session.execute(sa.select(Push.recipient_openid, Push.kind).where(Push.purpose == "survey")).all())
    assert sent == {"o_recent": PushKind.CUSTOMER, "o_quiet": PushKind.TEMPLATE, "o_full": PushKind.TEMPLATE}
    assert (survey.sent_customer, survey.sent_template) == (1, 2)
    assert survey.not_reached == {"unsubscribed": 1, "mini_only": 1}
    pending = {r.openid: fresh(Resident, r.id).survey_pending_id for r in (recent, quiet, full, gone, mini, elsewhere)}
    assert pending == {"o_recent": survey.id, "o_quiet": survey.id, "o_full": survey.id, "o_gone": None,
                       "mini:o_mini": None, "o_elsewhere": None}


def test_the_customer_message_holds_the_whole_survey_and_the_template_links_to_it(estate, now):
    resident(estate, now, openid="o_recent")
    resident(estate, now, openid="o_quiet", room="102", last_message_at=None)
    survey = start(estate, now)
    customer = db.session.scalar(sa.select(Push).where(Push.recipient_openid == "o_recent"))
    template = db.session.scalar(sa.select(Push).where(Push.recipient_openid == "o_quiet"))
    text = customer.payload["text"]
    assert "阳光小区2026年11月物业服务满意度测评" in text and "1. 报修响应是否及时" in text
    assert "5 4 5 4 5 服务很好" in text and customer.payload["fallback"]["template"] == "survey"
    assert template.template == "survey" and template.payload["page"] == f"pages/survey/index?id={survey.id}"
    assert all(len(v) <= 20 for v in template.payload["data"].values())


def test_the_default_question_set_starts_a_survey_in_one_step(estate, now):
    survey = start(estate, now, period="2026-Q4")
    assert survey.questions == list(texts.DEFAULT_QUESTIONS) and survey.open_question == texts.DEFAULT_OPEN_QUESTION
    assert (survey.first.isoformat(), survey.last.isoformat()) == ("2026-10-01", "2026-12-31")


def test_no_resident_is_pushed_to_twice_for_one_survey(estate, now):
    resident(estate, now, openid="o_a")
    survey = start(estate, now)
    from app.surveys import audience
    audience.push_survey(survey, now=now)  # a second run over the same survey adds nothing
    db.session.commit()
    assert count(Push) == 1


@pytest.mark.parametrize(("overrides", "code", "message"), [
    (dict(code="NOPE"), "survey_unknown_estate", "没有这个小区"),
    (dict(period="2026-Q5"), "survey_bad_period", texts.BAD_PERIOD),
    (dict(period="1999-11"), "survey_bad_period", texts.BAD_PERIOD),
    (dict(period="2027-01"), "survey_period_not_started", "测评周期还没有开始"),
    (dict(questions=("只问一个",)), "survey_too_few_questions", "请至少设置 2 个打分问题"),
    (dict(may=lambda estate: False), "survey_forbidden", texts.NOT_YOURS),
])
def test_a_bad_survey_is_refused_in_chinese_and_nothing_is_kept_or_pushed(estate, now, overrides, code, message):
    resident(estate, now, openid="o_a")
    with pytest.raises(SurveyRefused) as refused:
        start(estate, now, **overrides)
    assert (refused.value.code, refused.value.message) == (code, message)
    assert count(Survey) == 0 and count(Push) == 0


@pytest.mark.parametrize(("first", "second"), [("2026-11", "2026-11"), ("2026-Q4", "2026-11"), ("2026-11", "2026-Q4")])
def test_overlapping_surveys_for_one_estate_are_refused(estate, now, first, second):
    start(estate, now, period=first)
    with pytest.raises(SurveyRefused) as refused:
        start(estate, now, period=second)
    assert refused.value.code == "survey_overlaps" and refused.value.message.startswith("阳光小区已有2026年")
    assert count(Survey) == 1
    start(create_estate(), now, period=second)  # another estate may have its own


def answer(r, survey, scores=(5, 4, 5, 4, 5), comment="", now=None):
    return service.answer(r.id, survey.id, scores, comment, now=now)


def test_one_answer_per_household_the_second_is_refused_and_the_first_kept(estate, now):
    husband = resident(estate, now, openid="o_husband", building="2", unit="1", room="501")
    wife = resident(estate, now, openid="o_wife", building="2", unit="1", room="501室")
    neighbour = resident(estate, now, openid="o_neighbour", building="2", unit="1", room="502")
    survey = start(estate, now)
    answer(husband, survey, (5, 5, 5, 5, 5), "很好", now=now)
    with pytest.raises(SurveyRefused) as refused:
        answer(wife, survey, (1, 1, 1, 1, 1), "很差", now=now)
    assert (refused.value.code, refused.value.message) == ("survey_answered", texts.ALREADY_ANSWERED)
    answer(neighbour, survey, now=now)
    kept = db.session.scalars(sa.select(SurveyAnswer).order_by(SurveyAnswer.id)).all()
    assert [(a.resident_id, a.comment) for a in kept] == [(husband.id, "很好"), (neighbour.id, None)]
    assert db.session.scalar(sa.select(sa.func.sum(SurveyScore.score)).where(SurveyScore.answer_id == kept[0].id)) == 25


def test_without_a_room_the_resident_is_their_own_household(estate, now):
    a = resident(estate, now, openid="o_a", room=None)
    b = resident(estate, now, openid="o_b", room=None)
    survey = start(estate, now)
    answer(a, survey, now=now)
    answer(b, survey, now=now)
    with pytest.raises(SurveyRefused):
        answer(a, survey, now=now)
    assert count(SurveyAnswer) == 2


@pytest.mark.parametrize(("scores", "code"), [((5, 4, 6, 4, 5), "survey_score_range"), ((0, 4, 5, 4, 5), "survey_score_range"),
                                              ((5, 4), "survey_wrong_count")])
def test_a_score_outside_one_to_five_is_refused_and_nothing_kept(estate, now, scores, code):
    r = resident(estate, now, openid="o_a")
    survey = start(estate, now)
    with pytest.raises(SurveyRefused) as refused:
        answer(r, survey, scores, now=now)
    assert refused.value.code == code
    assert count(SurveyAnswer) == 0 and count(SurveyScore) == 0
    answer(r, survey, now=now)  # the household may still answer properly


def test_a_closed_survey_or_an_unknown_one_takes_no_answer(estate, now):
    r = resident(estate, now, openid="o_a")
    survey = start(estate, now)
    service.close_survey(survey.id, now=now, may_close=lambda s: True)
    assert fresh(Resident, r.id).survey_pending_id is None
    with pytest.raises(SurveyRefused) as closed:
        answer(r, survey, now=now)
    assert (closed.value.code, closed.value.message) == ("survey_closed", texts.CLOSED)
    with pytest.raises(SurveyRefused) as unknown:
        service.answer(r.id, 999_999, (5, 5, 5, 5, 5), "", now=now)
    assert unknown.value.code == "survey_unknown"
    later = start(create_estate(), now)
    with pytest.raises(SurveyRefused) as expired:
        answer(resident(later.estate, now, openid="o_b"), later, now=now + timedelta(days=15))
    assert expired.value.code == "survey_closed"
    assert count(SurveyAnswer) == 0


def test_a_resident_of_another_estate_may_not_answer(estate, now):
    survey = start(estate, now)
    stranger = resident(create_estate(), now, openid="o_stranger")
    with pytest.raises(SurveyRefused) as refused:
        answer(stranger, survey, now=now)
    assert refused.value.code == "survey_not_at_estate"


def test_a_resident_sees_the_open_surveys_of_their_estate_and_whether_their_household_answered(estate, now):
    r = resident(estate, now, openid="o_a")
    survey = start(estate, now)
    assert [(o.survey.id, o.answered) for o in service.open_for(r.id, now=now)] == [(survey.id, False)]
    answer(r, survey, now=now)
    assert [(o.survey.id, o.answered) for o in service.open_for(r.id, now=now)] == [(survey.id, True)]
    assert service.open_for(r.id, now=now + timedelta(days=15)) == []


def test_the_outbox_sends_the_survey_through_the_fake_wechat(estate, now, fake):
    from app.wechat.outbox import run_outbox
    resident(estate, now, openid="o_recent")
    resident(estate, now, openid="o_quiet", room="102", last_message_at=None)
    fake.note_inbound("o_recent")
    survey = start(estate, now)
    assert run_outbox(now=now).sent == 2
    by_openid = {s["touser"]: s for s in fake.sent}
    assert by_openid["o_recent"]["kind"] == "customer" and "1. 报修响应是否及时" in by_openid["o_recent"]["text"]
    assert by_openid["o_quiet"]["kind"] == "template" and by_openid["o_quiet"]["template_id"] == "tmpl_survey"
    assert by_openid["o_quiet"]["page"] == f"pages/survey/index?id={survey.id}"
