"""The survey pages: start one from the form (the defaults in one step), refusals with the form kept,
the results page with 样本不足, and the Excel workbook."""
import io
from datetime import timedelta

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.extensions import db
from app.surveys import service, texts
from app.surveys.models import Survey
from factories import create_estate
from tests.dashboard import scenario
from tests.dashboard.web import csrf_of, log_in, row_cells
from tests.surveys.helpers import resident, start


@pytest.fixture
def estate(ctx):
    return create_estate(name="阳光小区", buildings=("1", "2"))


@pytest.fixture
def supervisor(client, estate):
    scenario.create_account("duban", person=scenario.supervisor_of(estate, name="杨帆"))
    log_in(client, "duban")
    return client


def post_form(client, **form):
    token = csrf_of(client.get("/dashboard/surveys/").get_data(as_text=True))
    return client.post("/dashboard/surveys/", data={"csrf_token": token, **form})


def test_a_supervisor_starts_a_survey_with_the_default_questions_in_one_step(supervisor, estate, now):
    resident(estate, now, openid="o_a")
    answer = post_form(supervisor, estate=estate.code, period="2026-11")
    assert answer.status_code == 302
    page = supervisor.get(answer.headers["Location"]).get_data(as_text=True)
    assert "测评已发起：阳光小区2026年11月物业服务满意度测评，客服消息 1 人" in page
    assert db.session.scalar(sa.select(Survey.questions)) == list(texts.DEFAULT_QUESTIONS)


@pytest.mark.parametrize(("form", "status", "message"), [
    (dict(period="2026-Q5"), 422, texts.BAD_PERIOD),
    (dict(estate="NOPE"), 422, "没有这个小区"),
    (dict(period=""), 400, "请填写测评周期"),
    (dict(questions="只有一个问题"), 422, "请至少设置 2 个打分问题"),
])
def test_a_refused_survey_shows_why_and_keeps_the_form(supervisor, estate, form, status, message):
    answer = post_form(supervisor, **{"estate": estate.code, "period": "2026-11", "open_question": "还有什么建议", **form})
    page = answer.get_data(as_text=True)
    assert answer.status_code == status and message in page and 'value="还有什么建议"' in page
    assert db.session.scalar(sa.select(sa.func.count(Survey.id))) == 0


def test_an_overlapping_survey_is_refused_on_the_page(supervisor, estate, now):
    start(estate, now, period="2026-Q4")
    answer = post_form(supervisor, estate=estate.code, period="2026-11")
    assert answer.status_code == 422 and "阳光小区已有2026年第4季度的满意度测评" in answer.get_data(as_text=True)


def test_a_firm_manager_sees_surveys_but_may_not_start_one(client, estate, now):
    scenario.create_account("zhao", person=scenario.manager_of(estate))
    log_in(client, "zhao")
    assert 'id="survey-form"' not in client.get("/dashboard/surveys/").get_data(as_text=True)
    answer = post_form(client, estate=estate.code, period="2026-11")
    assert answer.status_code == 404 and texts.NOT_YOURS in answer.get_data(as_text=True)


def test_the_supervisor_closes_a_survey(supervisor, estate, now):
    survey = start(estate, now)
    token = csrf_of(supervisor.get("/dashboard/surveys/").get_data(as_text=True))
    assert supervisor.post(f"/dashboard/surveys/{survey.id}/close", data={"csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Survey, survey.id).closed_at == now
    again = supervisor.post(f"/dashboard/surveys/{survey.id}/close", data={"csrf_token": token})
    assert again.status_code == 422 and texts.ALREADY_CLOSED in again.get_data(as_text=True)


def test_the_results_page_shows_too_few_answers_as_such(supervisor, estate, now):
    survey = start(estate, now, questions=("及时", "质量"))
    r = resident(estate, now, openid="o_a")
    service.answer(r.id, survey.id, (5, 4), "保洁辛苦了", now=now)
    page = supervisor.get("/dashboard/surveys/results?period=2026-11").get_data(as_text=True)
    assert "样本不足（1 份）" in page and "保洁辛苦了" in page and "2026年11月居民满意度测评结果" in page
    bad = supervisor.get("/dashboard/surveys/results?period=2026-Q5")
    assert bad.status_code == 400 and texts.BAD_RESULTS_PERIOD in bad.get_data(as_text=True)


def test_the_workbook_holds_the_tables_and_the_residents_words(supervisor, estate, now, app):
    app.config["SURVEY_MIN_ANSWERS"] = 1
    try:
        survey = start(estate, now, questions=("及时", "质量"))
        r = resident(estate, now, openid="o_a")
        service.answer(r.id, survey.id, (5, 4), "=HYPERLINK(1)", now=now)
        answer = supervisor.get("/dashboard/surveys/results.xlsx?period=2026-Q4")
    finally:
        app.config["SURVEY_MIN_ANSWERS"] = 10
    assert answer.status_code == 200 and "surveys-2026-Q4.xlsx" in answer.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(answer.data))
    rows = [[c for c in row] for row in book["满意度测评"].iter_rows(values_only=True)]
    assert rows[0][0] == "2026年第4季度居民满意度测评结果"
    assert ["物业企业", "有效答卷", "及时（1-5）", "质量（1-5）", "综合得分（0-1）"] == list(rows[2][:5])
    assert list(rows[3][:5]) == ["测试物业", 1, 5, 4, 0.88]
    assert list(rows[6][:6]) == ["阳光小区", "测试物业", 1, 5, 4, 0.88]
    assert list(book["居民意见"].iter_rows(values_only=True))[1][2] == "'=HYPERLINK(1)"


@pytest.fixture
def months(ctx, app, now):
    """Two firms' estates in one community, surveyed in November and October (none a year before), three
    answers the least: 绿城物业 rose from 0.59 (4 answers) to 0.92 (3); 万科物业 had 1 answer in October."""
    app.config["SURVEY_MIN_ANSWERS"] = 3
    sun = create_estate(name="阳光小区")
    moon = create_estate(name="月亮小区", grid=sun.grid)
    sun.firm.name, moon.firm.name = "绿城物业", "万科物业"
    october = now - timedelta(days=25)
    for estate, when, period, scores_list in (
            (sun, now, "2026-11", [(5, 5), (5, 5), (4, 4)]),
            (sun, october, "2026-10", [(3, 3), (3, 3), (4, 4), (4, 3)]),
            (moon, now, "2026-11", [(4, 4)] * 3), (moon, october, "2026-10", [(5, 5)])):
        survey = start(estate, when, period=period, questions=("及时", "质量"))
        for i, scores in enumerate(scores_list):
            r = resident(estate, when, openid=f"o_{estate.id}_{period}_{i}", room=f"{period[-2:]}{i}")
            service.answer(r.id, survey.id, scores, "", now=when)
    scenario.create_account("yangfan", community_code=sun.grid.community.code)
    yield sun, moon
    app.config["SURVEY_MIN_ANSWERS"] = 10


def test_each_firm_and_estate_shows_its_change_against_last_month_and_last_year(client, months):
    log_in(client, "yangfan")
    page = client.get("/dashboard/surveys/results?period=2026-11").get_data(as_text=True)
    sun = row_cells(page, "survey-firms", "绿城物业")
    assert (sun[1], sun[-1]) == ("3 较上月 -1 较去年同期 —", "0.92 较上月 +0.33 较去年同期 —")  # none a year before
    moon = row_cells(page, "survey-estates", "月亮小区")
    assert (moon[2], moon[-1]) == ("3 较上月 +2 较去年同期 —", "0.75 较上月 — 较去年同期 —")  # too few in October
    assert "有效答卷与综合得分下方为较上月与较去年同期的变化" in page
    october = client.get("/dashboard/surveys/results?period=2026-10").get_data(as_text=True)
    moon = row_cells(october, "survey-firms", "万科物业")
    assert (moon[1], moon[-1]) == ("1 较上月 — 较去年同期 —", "样本不足（1 份） 较上月 — 较去年同期 —")
    year = row_cells(client.get("/dashboard/surveys/results?period=2026").get_data(as_text=True), "survey-firms",
                     "绿城物业")
    assert (year[1], year[-1]) == ("7 较上年 —", "0.73 较上年 —")  # (55 / 14 - 1) / 4; a year has one change


def test_the_workbook_carries_each_rows_comparison_columns(client, months):
    log_in(client, "yangfan")
    book = load_workbook(io.BytesIO(client.get("/dashboard/surveys/results.xlsx?period=2026-11").data))
    rows = [list(row) for row in book["满意度测评"].iter_rows(values_only=True)]
    assert rows[2][5:13] == ["有效答卷 上月", "有效答卷 较上月", "有效答卷 去年同期", "有效答卷 较去年同期",
                             "综合得分（0-1） 上月", "综合得分（0-1） 较上月", "综合得分（0-1） 去年同期",
                             "综合得分（0-1） 较去年同期"]
    firms = {row[0]: row for row in rows[3:5]}
    assert firms["绿城物业"][:13] == ["绿城物业", 3, 4.7, 4.7, 0.92, 4, -1, None, None, 0.59, 0.33, None, None]
    assert firms["万科物业"][5:13] == [1, 2, None, None, None, None, None, None]  # October's score: too few
    estates = {row[0]: row for row in rows[7:9]}
    assert estates["阳光小区"][6:14] == [4, -1, None, None, 0.59, 0.33, None, None]
    assert "本期：2026年11月；上月：2026年10月；去年同期：2025年11月（北京时间）" in [row[0] for row in rows]


def test_pages_need_a_login(client):
    assert client.get("/dashboard/surveys/results").status_code == 302


def test_a_firm_manager_reads_the_scores_but_not_the_residents_words(client, estate, now, app):
    survey = start(estate, now, questions=("及时", "质量"))
    r = resident(estate, now, openid="o_a")
    service.answer(r.id, survey.id, (5, 4), "经理态度不好", now=now)
    scenario.create_account("zhao", person=scenario.manager_of(estate))
    log_in(client, "zhao")
    page = client.get("/dashboard/surveys/results?period=2026-11").get_data(as_text=True)
    assert "阳光小区" in page and "样本不足（1 份）" in page and "经理态度不好" not in page
    book = load_workbook(io.BytesIO(client.get("/dashboard/surveys/results.xlsx?period=2026-11").data))
    assert list(book["居民意见"].iter_rows(values_only=True))[1:] == []
