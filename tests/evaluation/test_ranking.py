"""The ranking scores through the evaluation: the page shows each firm's make-up, the export the same columns."""
import csv
import io
import re
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from app.care.models import CareHousehold, CareReason
from app.evaluation import items
from app.evaluation.rules import Evaluation
from app.extensions import db
from tests.dashboard import scenario
from tests.dashboard.web import log_in

RANKING = "/dashboard/ranking?month=2026-11"


@pytest.fixture
def street(ctx):
    return scenario.build()


@pytest.fixture
def supervisor(client, street):
    scenario.create_account(person=scenario.supervisor_of(street.estate_a, name="杨帆"))
    log_in(client, "duban")
    return client


def missed_care_visit(estate) -> None:
    """A care household in the estate whose visit due on 11-15 was never made."""
    db.session.add(CareHousehold(code="CARE-1", community_id=estate.grid.community_id, grid_id=estate.grid_id,
                                 estate_id=estate.id, name="张奶奶", reason=CareReason.ELDERLY, visit_every_days=7,
                                 created_at=scenario.local(8), next_due_at=scenario.local(15, 24)))
    db.session.commit()


def makeup(html: str, firm_id: int) -> dict[str, tuple[str, str, str]]:
    """Item → (value, share, points) as the page's make-up shows them for a firm, and the total."""
    body = re.search(rf'<tbody data-firm="{firm_id}">(.*?)</tbody>', html, re.S).group(1)
    cells = {m.group(1): tuple(re.findall(r'<td class="num [a-z]+">([^<]*)</td>', m.group(2)))
             for m in re.finditer(r'<tr data-item="([a-z_]+)"[^>]*>(.*?)</tr>', body, re.S)}
    cells["total"] = re.search(r'<td class="num score">([^<]*)</td>', body).group(1)
    return cells


def ranking_row(html: str) -> list[str]:
    """The first firm's cells as the ranking shows them: each figure's value, without its changes."""
    table = html.split('id="ranking"')[1].split("</table>")[0]
    row = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return [re.sub(r"<[^>]+>", "", (re.search(r'<span class="value">(.*?)</span>', c) or re.search("(.*)", c, re.S))
                   .group(1)).strip() for c in cells]


def test_the_page_shows_how_the_score_is_made_up_and_items_without_data_as_such(supervisor, street):
    html = supervisor.get(RANKING).get_data(as_text=True)
    made = makeup(html, street.estate_a.firm_id)
    # Only the ticket rates have data: their 20/15/15 weights rescale to 40/30/30, as the ranking always was.
    assert made["response_in_time"] == ("50.0%", "40.0%", "20.0")
    assert made["resolution"] == ("50.0%", "30.0%", "15.0")
    assert made["ticket_satisfaction"] == ("66.7%", "30.0%", "20.0")
    for item in ("survey", "committee_assessment", "care_visits", "meeting_decisions"):
        assert made[item] == ("无数据", "—", "—")
    assert made["total"] == "55.0" and ranking_row(html)[6] == "55.0"
    assert "响应及时率（权重 20%）" in html and "包联走访完成率（权重 10%）" in html
    assert "综合得分 = 响应及时率×20% + 解决率×15% + 工单满意率×15% + 居民满意度调查×15%" in html


def test_an_item_with_data_joins_the_score_and_the_stars(supervisor, street, monkeypatch):
    missed_care_visit(street.estate_a)
    firm_id = street.estate_a.firm_id
    monkeypatch.setattr(items, "provider", lambda name: SimpleNamespace(
        firm_scores=lambda scope, period: {firm_id: SimpleNamespace(value=0.9, answers=40)})
        if name == items.SURVEY_PROVIDER else None)
    html = supervisor.get(RANKING).get_data(as_text=True)
    made = makeup(html, firm_id)
    # known weights 0.20 + 0.15 + 0.15 + 0.15 (survey) + 0.10 (care) = 0.75
    assert made["care_visits"] == ("0.0%", "13.3%", "0.0")
    assert made["survey"] == ("90.0%", "20.0%", "18.0")
    assert made["response_in_time"] == ("50.0%", "26.7%", "13.3")
    expected = 100 * (0.2 * 0.5 + 0.15 * 0.5 + 0.15 * 2 / 3 + 0.15 * 0.9) / 0.75
    assert made["total"] == f"{expected:.1f}" == ranking_row(html)[6] == "54.7"
    assert made["committee_assessment"] == ("无数据", "—", "—")


def test_the_stars_follow_the_operators_thresholds(supervisor, app, monkeypatch):
    monkeypatch.setitem(app.extensions, "evaluation", Evaluation(
        {"response_in_time": 0.5, "ticket_satisfaction": 0.5}, (55, 50, 40, 30)))
    html = supervisor.get(RANKING).get_data(as_text=True)
    row = ranking_row(html)
    assert row[6] == f"{100 * (0.5 * 0.5 + 0.5 * 2 / 3):.1f}" and row[7].count("★") == 5
    assert "resolution" not in re.search(r'<table id="score-makeup">.*?</table>', html, re.S).group(0)
    assert "星级：≥55 五星，≥50 四星，≥40 三星，≥30 二星，其余一星" in html


def test_the_exports_hold_the_makeup_columns_as_the_page_shows_them(supervisor, street):
    missed_care_visit(street.estate_a)
    html = supervisor.get(RANKING).get_data(as_text=True)
    made = makeup(html, street.estate_a.firm_id)
    book = load_workbook(io.BytesIO(supervisor.get(RANKING.replace("ranking?", "ranking/export?") + "&format=xlsx").data))
    sheet = list(book["月评比 2026年11月"].iter_rows(values_only=True))
    headers, row = list(sheet[1]), list(sheet[2])
    rows = list(csv.reader(io.StringIO(
        supervisor.get(RANKING.replace("ranking?", "ranking/export?") + "&format=csv").data.decode("utf-8-sig"))))
    assert rows[0] == headers
    at = headers.index("包联走访完成率指标值(%)")
    assert headers[at:at + 3] == ["包联走访完成率指标值(%)", "包联走访完成率折算权重(%)", "包联走访完成率得分"]
    assert row[at:at + 3] == [0.0, 16.7, 0.0] and rows[1][at:at + 3] == ["0.0", "16.7", "0.0"]
    assert made["care_visits"] == ("0.0%", "16.7%", "0.0")
    survey = headers.index("居民满意度调查指标值(%)")
    assert row[survey:survey + 3] == ["无数据", None, None] and rows[1][survey:survey + 3] == ["无数据", "—", "—"]
    response = headers.index("响应及时率得分")
    assert f"{row[response]:.1f}" == made["response_in_time"][2]
    assert row[headers.index("综合得分")] == float(made["total"])
    assert len(headers) == 2 + 5 * 5 + 1 + 3 * 7  # rank, firm; five figures with their changes; stars; make-up


def test_last_months_score_is_made_the_same_way(supervisor, street):
    from app.accounts.models import Account
    from app.dashboard import rules, service

    account = db.session.scalar(db.select(Account).where(Account.username == "duban"))
    ranked = service.rank_firms(account, rules.parse_period("2026-12"), now=scenario.NOW)
    assert round(ranked[0].previous_score, 1) == 55.0
