"""Months, quarters and years on the dashboard: the period rules, each page and export for each kind of period
with its changes against the period before and the same period last year, and the refusals of bad periods.

The scenario's November 2026 (tests/dashboard/scenario.py) plus, in the same estate and firm:
  o1 2026-10-15 repair accepted +4 min (in time), resolved, rated 5
  o2 2026-10-16 repair accepted +5 min (in time), never resolved
  q3 2026-08-20 repair accepted +4 min, resolved, rated 3 (not satisfied; a 1 or 2 would reopen it)
  y1 2025-11-10 repair accepted +3 min, resolved, rated 4
so, per period (opened; 响应率, 解决率, 满意率 in %; the 月评比 score 40/30/30):
  2026-11  6; 50.0, 50.0, 66.7; 55.0        2026-10  2; 100.0, 50.0, 100.0; 85.0     2025-11  1; 100 ×3; 100.0
  2026-Q4  8; 62.5, 50.0, 75.0; 62.5        2026-Q3  1; 100.0, 100.0, 0.0; 70.0      2025-Q4  1; 100 ×3; 100.0
  2026     9; 66.7, 55.6, 60.0; 61.3        2025     1; 100 ×3; 100.0
"""
import csv
import io
import json
import re
from datetime import date, datetime, timedelta, timezone
from html import unescape

import pytest
from openpyxl import load_workbook

from app.dashboard import compare, rules
from tests.dashboard import scenario
from tests.dashboard.web import log_in


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    """A moment given in Shanghai time, as aware UTC."""
    return datetime(year, month, day, hour, tzinfo=timezone(timedelta(hours=8))).astimezone(timezone.utc)


@pytest.fixture
def seasons(street):
    life, a, steward = scenario._life, street.estate_a, street.steward
    life(a, steward, at(2026, 10, 15), accept=4, arrive=20, resolve=60, score=5)
    life(a, steward, at(2026, 10, 16), accept=5)
    life(a, steward, at(2026, 8, 20), accept=4, arrive=20, resolve=60, score=3)
    life(a, steward, at(2025, 11, 10), accept=3, arrive=20, resolve=30, score=4)
    scenario.refresh_figures()
    return street


@pytest.fixture
def supervisor(client, seasons):
    scenario.create_account(person=scenario.supervisor_of(seasons.estate_a, name="杨帆"))
    log_in(client, "duban")
    return client


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def kpi(html: str, ident: str) -> tuple[str, str, str | None]:
    """A KPI's value, its change against the period before and against the same period last year."""
    value = re.search(rf'id="{ident}"><div class="label">[^<]*</div><div class="value">([^<]+)<', html).group(1)
    before = re.search(rf'id="{ident}-vs-previous"[^>]*>([^<]+)<', html).group(1)
    last_year = re.search(rf'id="{ident}-vs-last-year"[^>]*>([^<]+)<', html)
    return value, before, last_year.group(1) if last_year else None


# --- the rules --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("written, kind, first, last, label", [
    ("2026-11", "month", date(2026, 11, 1), date(2026, 11, 30), "2026年11月"),
    ("2026-02", "month", date(2026, 2, 1), date(2026, 2, 28), "2026年2月"),
    ("2028-02", "month", date(2028, 2, 1), date(2028, 2, 29), "2028年2月"),
    ("2026-Q4", "quarter", date(2026, 10, 1), date(2026, 12, 31), "2026年第四季度"),
    ("2026-q1", "quarter", date(2026, 1, 1), date(2026, 3, 31), "2026年第一季度"),
    ("2026-Q2", "quarter", date(2026, 4, 1), date(2026, 6, 30), "2026年第二季度"),
    ("2026", "year", date(2026, 1, 1), date(2026, 12, 31), "2026年"),
    ("2000", "year", date(2000, 1, 1), date(2000, 12, 31), "2000年"),
    ("2099-12", "month", date(2099, 12, 1), date(2099, 12, 31), "2099年12月"),
])
def test_a_period_is_parsed_on_the_calendar_with_its_kind_and_chinese_label(written, kind, first, last, label):
    period = rules.parse_period(written)
    assert (period.kind, period.first, period.last, period.label) == (kind, first, last, label)
    assert period.text == written.upper() if kind == "quarter" else period.text == written
    assert period.start == datetime(first.year, first.month, first.day, tzinfo=timezone.utc) - timedelta(hours=8)


@pytest.mark.parametrize("written, before, last_year", [
    ("2026-11", "2026-10", "2025-11"),
    ("2026-01", "2025-12", "2025-01"),
    ("2026-03", "2026-02", "2025-03"),
    ("2026-Q4", "2026-Q3", "2025-Q4"),
    ("2026-Q1", "2025-Q4", "2025-Q1"),
    ("2026", "2025", "2025"),
    ("2000-01", "1999-12", "1999-01"),  # the first month may still be compared with the month before it
])
def test_the_period_before_and_the_same_period_last_year_are_of_the_same_kind(written, before, last_year):
    period = rules.parse_period(written)
    assert rules.previous(period).text == before and rules.previous(period).kind == period.kind
    assert rules.same_last_year(period).text == last_year and rules.same_last_year(period).kind == period.kind


def test_a_day_range_is_compared_with_as_many_days_before_it_and_the_same_days_last_year():
    days = rules.Period(date(2026, 11, 1), date(2026, 11, 10))
    assert rules.previous(days) == rules.Period(date(2026, 10, 22), date(2026, 10, 31))
    assert rules.same_last_year(days) == rules.Period(date(2025, 11, 1), date(2025, 11, 10))
    leap = rules.Period(date(2028, 2, 29), date(2028, 3, 1))
    assert rules.same_last_year(leap) == rules.Period(date(2027, 2, 28), date(2027, 3, 1))
    assert days.text is None and days.label == "2026-11-01 至 2026-11-10"


@pytest.mark.parametrize("written, problem", [
    ("2026-Q5", "季度应为 Q1 至 Q4"), ("2026-Q0", "季度应为 Q1 至 Q4"),
    ("2026-13", "月份应为 01 至 12"), ("2026-00", "月份应为 01 至 12"),
    ("1999", "年份须在 2000 至 2099 之间"), ("2100-01", "年份须在 2000 至 2099 之间"),
    ("0001-Q1", "年份须在 2000 至 2099 之间"), ("9999", "年份须在 2000 至 2099 之间"),
    ("2026-1", "应写作“年-月”"), ("26-11", "应写作“年-月”"), ("2026-H1", "应写作“年-月”"), ("", "应写作“年-月”"),
])
def test_a_bad_period_is_refused_in_chinese(written, problem):
    with pytest.raises(rules.PeriodError, match=problem):
        rules.parse_period(written)


def test_changes_are_in_the_figures_own_units():
    assert compare.signed(5.0, "rate") == "+5.0 个百分点" and compare.signed(-2, "count") == "-2"
    assert compare.signed(0.0, "score") == "±0.0 分" and compare.signed(None, "minutes") == "—"
    assert compare.change(66.7, 100.0) == -33.3 and compare.change(6, None) is None
    assert compare.signed(0.33, "fraction") == "+0.33" and compare.change(0.92, 0.59, 2) == 0.33  # a 0–1 score


def test_the_picker_offers_recent_months_quarters_and_years_and_the_chosen_older_one():
    old = rules.parse_period("2019-Q2")
    groups = dict(rules.picker_choices(date(2026, 11, 21), old))
    assert [p.text for p in groups["month"][:3]] == ["2026-11", "2026-10", "2026-09"] and len(groups["month"]) == 24
    assert [p.text for p in groups["quarter"]][:2] == ["2026-Q4", "2026-Q3"] and "2019-Q2" in [
        p.text for p in groups["quarter"]]
    assert [p.text for p in groups["year"]] == ["2026", "2025", "2024", "2023", "2022"]
    first_years = dict(rules.picker_choices(date(2001, 3, 1), None))
    assert [p.text for p in first_years["year"]] == ["2001", "2000"]  # nothing before FIRST_DAY


def test_a_years_trend_is_drawn_per_month():
    trend = [(date(2026, 1, 1) + timedelta(days=i), 1, i % 2) for i in range(365)]
    chart = rules.trend_chart(trend, "year")
    assert chart["labels"] == [f"{m}月" for m in range(1, 13)] and sum(chart["opened"]) == 365
    assert chart["opened"][1] == 28 and len(rules.trend_chart(trend[:92], "quarter")["labels"]) == 92


# --- the pages ---------------------------------------------------------------------------------------------

def test_the_overview_of_a_month_against_the_month_before_and_last_year(supervisor):
    html = text(supervisor, "/dashboard/?period=2026-11")
    assert "总览 · 2026年11月" in html
    assert kpi(html, "kpi-opened") == ("6", "较上月 +4", "较去年同期 +5")
    assert kpi(html, "kpi-response-rate") == ("50.0%", "较上月 -50.0 个百分点", "较去年同期 -50.0 个百分点")
    assert kpi(html, "kpi-resolution-rate") == ("50.0%", "较上月 ±0.0 个百分点", "较去年同期 -50.0 个百分点")
    assert kpi(html, "kpi-satisfaction-rate") == ("66.7%", "较上月 -33.3 个百分点", "较去年同期 -33.3 个百分点")
    assert kpi(html, "kpi-not-requests") == ("0", "较上月 ±0", "较去年同期 ±0")


def test_the_overview_of_a_quarter_against_the_quarter_before_and_last_year(supervisor):
    html = text(supervisor, "/dashboard/?period=2026-Q4")
    assert "总览 · 2026年第四季度" in html and "每日趋势" in html
    assert kpi(html, "kpi-opened") == ("8", "较上季度 +7", "较去年同期 +7")
    assert kpi(html, "kpi-response-rate") == ("62.5%", "较上季度 -37.5 个百分点", "较去年同期 -37.5 个百分点")
    assert kpi(html, "kpi-resolution-rate") == ("50.0%", "较上季度 -50.0 个百分点", "较去年同期 -50.0 个百分点")
    assert kpi(html, "kpi-satisfaction-rate") == ("75.0%", "较上季度 +75.0 个百分点", "较去年同期 -25.0 个百分点")
    assert '<option value="2026-Q4" selected>2026年第四季度</option>' in html


def test_the_overview_of_a_year_compares_once_and_draws_months(supervisor):
    html = text(supervisor, "/dashboard/?period=2026")
    assert "总览 · 2026年" in html and "每月趋势" in html
    assert kpi(html, "kpi-opened") == ("9", "较上年 +8", None)  # the year before is the same period last year
    assert kpi(html, "kpi-response-rate") == ("66.7%", "较上年 -33.3 个百分点", None)
    assert kpi(html, "kpi-resolution-rate") == ("55.6%", "较上年 -44.4 个百分点", None)
    assert kpi(html, "kpi-satisfaction-rate") == ("60.0%", "较上年 -40.0 个百分点", None)
    chart = json.loads(unescape(re.search(r"data-trend='([^']+)'", html).group(1)))
    assert chart["labels"] == [f"{m}月" for m in range(1, 13)]
    assert chart["opened"] == [0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 6, 0] and chart["in_time"][9:11] == [2, 3]


def test_a_day_range_is_compared_with_the_days_before_it(supervisor):
    html = text(supervisor, "/dashboard/?from=2026-11-01&to=2026-11-29")
    assert "总览 · 2026-11-01 至 2026-11-29" in html  # 10-03 … 10-31 before it: o1 and o2
    assert kpi(html, "kpi-opened") == ("6", "较前一时段 +4", "较去年同期 +5")
    assert 'value="" selected disabled>自定义区间：2026-11-01 至 2026-11-29' in html


def test_a_day_range_that_is_a_calendar_period_is_named_so(supervisor):
    html = text(supervisor, "/dashboard/?from=2026-10-01&to=2026-12-31")
    assert "总览 · 2026年第四季度" in html and kpi(html, "kpi-opened")[1] == "较上季度 +7"
    assert rules.resolve_period(date(2026, 1, 1), date(2026, 12, 31), today=date(2026, 11, 21)).kind == "year"
    assert rules.resolve_period(date(2026, 11, 1), None, today=date(2026, 11, 21)).text == "2026-11"
    assert rules.resolve_period(date(2026, 11, 2), None, today=date(2026, 11, 21)).kind == "days"


def test_the_default_is_this_month(supervisor):
    html = text(supervisor, "/dashboard/")
    assert "总览 · 2026年11月" in html and kpi(html, "kpi-opened")[1] == "较上月 +4"


def test_a_breakdown_of_a_quarter_shows_each_groups_changes(supervisor):
    html = text(supervisor, "/dashboard/breakdown/firm?period=2026-Q4")
    [row] = re.findall(r"<tr>\s*<td><a[^>]*>绿城物业</a></td>(.*?)</tr>", html, re.S)
    cells = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip()
             for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells[0] == "8 较上季度 +7 较去年同期 +7"
    assert cells[1] == "62.5% 较上季度 -37.5 个百分点 较去年同期 -37.5 个百分点"
    assert cells[4] == "75.0% 较上季度 +75.0 个百分点 较去年同期 -25.0 个百分点"
    links = re.findall(r'href="/dashboard/breakdown/(\w+)\?([^"]*)">按', html)
    assert all(query == "period=2026-Q4" for _dimension, query in links) and len(links) == 5


def test_a_breakdown_group_without_tickets_before_shows_no_change(supervisor):
    html = text(supervisor, "/dashboard/breakdown/category?period=2026-11")
    [row] = re.findall(r"<tr>\s*<td><a[^>]*>纠纷</a></td>(.*?)</tr>", html, re.S)
    assert "较上月 —" in row and "较去年同期 —" in row


@pytest.mark.parametrize("period, title, score, before, last_year", [
    ("2026-11", "物业服务月评比 · 2026年11月", "55.0", "较上月 -30.0 分", "较去年同期 -45.0 分"),
    ("2026-Q4", "物业服务季表彰 · 2026年第四季度", "62.5", "较上季度 -7.5 分", "较去年同期 -37.5 分"),
    ("2026", "物业服务年考核 · 2026年", "61.3", "较上年 -38.7 分", None),
])
def test_the_ranking_of_a_month_quarter_and_year(supervisor, period, title, score, before, last_year):
    html = text(supervisor, f"/dashboard/ranking?period={period}")
    assert title in html
    cell = re.search(r'data-figure="score"><span class="value">([^<]+)</span>(.*?)</td>', html, re.S)
    assert cell.group(1) == score and before in cell.group(2)
    assert (last_year in cell.group(2)) if last_year else "较去年同期" not in cell.group(2)


def test_the_month_is_the_rankings_old_name_for_its_period(supervisor):
    assert "物业服务月评比 · 2026年10月" in text(supervisor, "/dashboard/ranking?month=2026-10")


# --- the exports --------------------------------------------------------------------------------------------

def workbook(client, url: str):
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    return load_workbook(io.BytesIO(response.data))


def csv_rows(client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_the_overview_export_of_a_quarter_holds_each_figure_and_its_comparisons(supervisor):
    book = workbook(supervisor, "/dashboard/export?period=2026-Q4&format=xlsx")
    sheet = book["总览 2026年第四季度"]
    assert sheet["A1"].value == "督办看板总览 2026年第四季度"
    assert [c.value for c in sheet[2]] == ["指标", "本期", "上季度", "较上季度", "去年同期", "较去年同期"]
    rows = {r[0]: list(r[1:]) for r in sheet.iter_rows(min_row=3, values_only=True) if r[0]}
    assert rows["受理工单"] == [8, 1, 7, 1, 7]
    assert rows["响应率(%)"] == [62.5, 100.0, -37.5, 100.0, -37.5]
    assert rows["满意率(%)"] == [75.0, 0.0, 75.0, 100.0, -25.0]
    assert rows["当前超时"] == [4, None, None, None, None]
    assert any("上季度：2026年第三季度" in key for key in rows)
    assert csv_rows(supervisor, "/dashboard/export?period=2026-Q4&format=csv")[2] == [
        "时限内响应占比(%)", "62.5", "100.0", "-37.5", "100.0", "-37.5"]


def test_the_breakdown_export_of_a_month_holds_each_groups_comparisons(supervisor):
    response = supervisor.get("/dashboard/breakdown/firm/export?period=2026-11&format=xlsx")
    assert 'filename="breakdown-firm-2026-11.xlsx"' in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data))["按物业企业 2026年11月"]
    headers = [c.value for c in sheet[2]]
    assert headers[:6] == ["物业企业", "受理工单", "受理工单 上月", "受理工单 较上月", "受理工单 去年同期",
                           "受理工单 较去年同期"]
    [row] = [r for r in sheet.iter_rows(min_row=3, values_only=True) if r[0] == "绿城物业"]
    figures = dict(zip(headers, row))
    assert figures["受理工单"] == 6 and figures["受理工单 较上月"] == 4 and figures["受理工单 较去年同期"] == 5
    assert figures["满意率(%) 上月"] == 100.0 and figures["满意率(%) 较上月"] == -33.3
    assert figures["响应时间中位数(分钟) 较去年同期"] == 4.0  # 7.0 minutes against 3.0
    assert figures["当前超时"] == 3  # November's tickets late now: t4, t5, t6
    csv_table = csv_rows(supervisor, "/dashboard/breakdown/firm/export?period=2026-11&format=csv")
    assert csv_table[0] == headers and csv_table[1][:4] == ["绿城物业", "6", "2", "4"]


def test_the_ranking_export_of_a_year_is_titled_and_compared(supervisor):
    response = supervisor.get("/dashboard/ranking/export?period=2026&format=xlsx")
    assert 'filename="ranking-2026.xlsx"' in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data))["年考核 2026年"]
    assert sheet["A1"].value == "物业服务年考核 2026年"
    headers = [c.value for c in sheet[2]]
    figures = dict(zip(headers, next(sheet.iter_rows(min_row=3, values_only=True))))
    assert figures["物业企业"] == "绿城物业" and figures["排名"] == 1 and figures["星级"] == 2
    assert (figures["综合得分"], figures["综合得分 上年"], figures["综合得分 较上年"]) == (61.3, 100.0, -38.7)
    assert figures["解决率(%)"] == 55.6 and figures["解决率(%) 较去年同期"] == -44.4


# --- bad input -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url, problem", [
    ("/dashboard/?period=2026-Q5", "统计周期：季度应为 Q1 至 Q4"),
    ("/dashboard/?period=2026-13", "统计周期：月份应为 01 至 12"),
    ("/dashboard/?period=1999", "统计周期：年份须在 2000 至 2099 之间"),
    ("/dashboard/?period=2100-Q1", "统计周期：年份须在 2000 至 2099 之间"),
    ("/dashboard/?period=Q4", "统计周期：应写作“年-月”（2026-11）、“年-Q季度”（2026-Q4）或“年”（2026）"),
    ("/dashboard/?period=2026-11&from=2026-11-01", "统计周期：统计周期与起止日期只能选其一"),
    ("/dashboard/breakdown/firm?period=2026-Q5", "统计周期：季度应为 Q1 至 Q4"),
    ("/dashboard/ranking?period=2026-Q5", "统计周期：季度应为 Q1 至 Q4"),
    ("/dashboard/ranking?period=3000", "统计周期：年份须在 2000 至 2099 之间"),
    ("/dashboard/export?period=2026-Q5", "统计周期：季度应为 Q1 至 Q4"),
    ("/dashboard/export?period=2026&format=pdf", "导出格式：不是可选的值"),
    ("/dashboard/breakdown/grid/export?period=2026-13&format=csv", "统计周期：月份应为 01 至 12"),
    ("/dashboard/ranking/export?period=1999&format=xlsx", "统计周期：年份须在 2000 至 2099 之间"),
])
def test_a_bad_period_gets_a_clear_400_page_in_chinese_on_pages_and_exports(supervisor, url, problem):
    response = supervisor.get(url)
    message = re.search(r'<p class="error">([^<]*)</p>', response.get_data(as_text=True)).group(1)
    assert response.status_code == 400 and message == f"参数有误：{problem}"
    assert not re.search(r"[A-Za-z]{2,}", message), message  # no English word left


def test_an_unknown_breakdowns_export_is_a_404(supervisor):
    assert supervisor.get("/dashboard/breakdown/planet/export?period=2026").status_code == 404
