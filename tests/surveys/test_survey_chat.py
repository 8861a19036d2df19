"""Answering a survey in the chat: '5 4 5 4 5 很好' is an answer (never a ticket); anything else goes to the bot
as usual; a resident with no survey pending costs the conversation no query."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.intake.service import converse
from app.residents.models import Resident
from app.surveys import service, texts
from app.surveys.models import SurveyAnswer
from app.tickets.models import Ticket
from bots.models import Incoming
from factories import create_estate, create_steward
from tests.sql_counting import counted
from tests.surveys.helpers import fresh, resident, start


SURVEY_TABLES = re.compile(r"\b(FROM|JOIN|INTO|UPDATE)\s+survey", re.IGNORECASE)


def say(openid, text, now):
    return converse(openid, Incoming(text=text), now=now)


def count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def estate(ctx):
    estate = create_estate(name="阳光小区", buildings=("1", "2", "3"))
    create_steward(estate, skills="plumbing")
    return estate


def test_scores_and_words_in_one_message_answer_the_pending_survey_and_open_no_ticket(estate, now):
    r = resident(estate, now, openid="o_res")
    survey = start(estate, now)
    [reply] = say("o_res", "5 4 5 4 5 保洁很好", now)
    assert reply == texts.thanks(survey.first, survey.last, (5, 4, 5, 4, 5), True)
    [kept] = db.session.scalars(sa.select(SurveyAnswer)).all()
    assert (kept.channel, kept.comment, kept.resident_id) == ("chat", "保洁很好", r.id)
    assert count(Ticket) == 0 and fresh(Resident, r.id).survey_pending_id is None


def test_an_ordinary_request_while_a_survey_is_pending_is_taken_as_usual(estate, now):
    resident(estate, now, openid="o_pending")
    start(estate, now)
    resident(estate, now, openid="o_control", building="2", room="601")  # registered after: nothing pending
    request = "3号楼水管漏水了"
    assert say("o_pending", request, now) == say("o_control", request, now)
    assert fresh(Resident, db.session.scalar(sa.select(Resident.id).where(Resident.openid == "o_pending"))) \
        .survey_pending_id is not None  # the survey still waits for them
    assert count(SurveyAnswer) == 0


def test_a_second_answer_from_the_same_household_is_refused_and_the_first_kept(estate, now):
    resident(estate, now, openid="o_husband", building="2", room="501")
    wife = resident(estate, now, openid="o_wife", building="2", room="501")
    start(estate, now)
    say("o_husband", "5 5 5 5 5", now)
    assert say("o_wife", "1 1 1 1 1 太差", now) == [texts.ALREADY_ANSWERED]
    assert [a.comment for a in db.session.scalars(sa.select(SurveyAnswer))] == [None]
    assert fresh(Resident, wife.id).survey_pending_id is None  # her next messages go to the bot
    assert count(Ticket) == 0


@pytest.mark.parametrize(("text", "reply"), [("5 4 6 4 5", texts.SCORE_RANGE), ("5 4 5", texts.wrong_count(5)),
                                             ("0 4 5 4 5", texts.SCORE_RANGE)])
def test_a_score_outside_one_to_five_or_too_few_is_explained_and_may_be_sent_again(estate, now, text, reply):
    r = resident(estate, now, openid="o_res")
    start(estate, now)
    assert say("o_res", text, now) == [reply]
    assert count(SurveyAnswer) == 0 and fresh(Resident, r.id).survey_pending_id is not None
    assert len(say("o_res", "5 4 5 4 5", now)) == 1 and count(SurveyAnswer) == 1


def test_an_answer_to_a_closed_survey_is_told_so_and_the_chat_moves_on(estate, now):
    r = resident(estate, now, openid="o_res")
    start(estate, now)
    assert say("o_res", "5 4 5 4 5", now + timedelta(days=15)) == [texts.CLOSED]
    assert count(SurveyAnswer) == 0 and fresh(Resident, r.id).survey_pending_id is None


def test_an_answer_after_the_household_answered_in_the_mini_program_is_refused(estate, now):
    r = resident(estate, now, openid="o_res")
    survey = start(estate, now)
    service.answer(r.id, survey.id, (4, 4, 4, 4, 4), "", now=now)
    assert fresh(Resident, r.id).survey_pending_id is None  # answering anywhere ends it in the chat
    assert say("o_res", "5 4 5 4 5", now) != [texts.ALREADY_ANSWERED]  # the bot's, not the survey's


def test_with_no_survey_pending_the_chat_reads_nothing_about_surveys(estate, now):
    resident(estate, now, openid="o_res")
    with counted() as statements:
        say("o_res", "5 4 5 4 5 很好", now)
    assert statements and not [s for s in statements if SURVEY_TABLES.search(s)]
    assert count(SurveyAnswer) == 0
