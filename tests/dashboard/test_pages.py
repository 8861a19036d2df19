"""Each page through the Flask test client: the scenario's figures, exports equal to the page, refusals."""
import csv
import io
import re

import pytest
from openpyxl import load_workbook

from app.dashboard import exports
from app.extensions import db
from app.routing.service import open_and_route
from app.tickets.actors import Actor
from app.tickets.models import Category
from app.tickets.service import TicketDraft
from tests.dashboard import scenario
from tests.dashboard.web import log_in

NOVEMBER = "from=2026-11-01&to=2026-11-30"


@pytest.fixture
def supervisor(client, street):
    scenario.create_account(person=scenario.supervisor_of(street.estate_a, name="杨帆"))
    log_in(client, "duban")
    return client


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def kpi(html: str, ident: str) -> str:
    return re.search(rf'id="{ident}"[^>]*>(?:<div class="label">[^<]*</div><div class="value">)?([^<]+)<', html).group(1)


def test_the_overview_shows_the_scenarios_figures(supervisor):
    html = text(supervisor, f"/dashboard/?{NOVEMBER}")
    assert kpi(html, "kpi-opened") == "6"
    assert kpi(html, "kpi-in-time") == "50.0%" and kpi(html, "kpi-response-rate") == "50.0%"
    assert kpi(html, "kpi-resolution-rate") == "50.0%" and kpi(html, "kpi-satisfaction-rate") == "66.7%"
    assert kpi(html, "kpi-response-p50") == "7.0 分钟" and kpi(html, "kpi-response-p90") == "12.9 分钟"
    # Arrival times beyond 10 minutes come from 2 % buckets (exactly: 25.0 and 37.0 minutes).
    assert kpi(html, "kpi-arrival-p50") == "25.1 分钟" and kpi(html, "kpi-arrival-p90") == "37.3 分钟"
    assert kpi(html, "kpi-overdue") == "3"
    assert "数据更新于 11-21 10:00" in html  # the rollup's last pass (the scenario's), in Shanghai time
    assert "响应率 = 在响应时限内签收的工单" in html and "chart-4.6.1.umd.min.js" in html


def test_the_overview_counts_praise_on_its_own_and_links_to_it(supervisor, street):
    praise = TicketDraft(category=Category.PRAISE, estate_code=street.estate_a.code, description="感谢物业")
    open_and_route(praise, now=scenario.local(6), by=Actor.resident("o_resident"))
    scenario.refresh_figures()
    html = text(supervisor, f"/dashboard/?{NOVEMBER}")
    assert kpi(html, "kpi-opened") == "6" and kpi(html, "kpi-not-requests") == "1"
    assert "新建的诉求工单数（报修、紧急、纠纷、投诉、咨询）。表扬不是诉求" in html
    link = re.search(r'href="(/dashboard/tickets\?[^"]*kind=other[^"]*)"', html).group(1)
    assert "共 1 件" in text(supervisor, link.replace("&amp;", "&"))


def test_the_charting_library_is_served_by_the_app_itself(supervisor):
    response = supervisor.get("/dashboard/static/vendor/chart-4.6.1.umd.min.js")
    assert response.status_code == 200 and b"Chart.js v4.6.1" in response.data[:200]
    response.close()


def test_a_breakdown_row_leads_to_its_tickets(supervisor, street):
    html = text(supervisor, f"/dashboard/breakdown/steward?{NOVEMBER}&sort=response_p50&order=asc")
    link = re.search(r'href="(/dashboard/tickets\?[^"]*assignee_id=\d+[^"]*)">王建国<', html).group(1)
    listing = text(supervisor, link.replace("&amp;", "&"))
    assert "共 5 件" in listing and street.tickets["t5"].number not in listing


def test_the_ticket_page_shows_the_timeline_in_shanghai_time_and_a_masked_phone(supervisor, street):
    html = text(supervisor, f"/dashboard/tickets/{street.tickets['t5'].id}")
    assert "139****5678" in html and "13912345678" not in html
    assert "2026-11-20 10:00:00" in html  # opened at 02:00 UTC
    assert "响应超时 · 第 2 级督办" in html


def test_late_now_refreshes_itself_from_json(supervisor, street):
    assert 'data-refresh-seconds="30"' in text(supervisor, "/dashboard/late")
    payload = supervisor.get("/dashboard/late.json").get_json()
    t5 = next(i for i in payload["items"] if i["id"] == street.tickets["t5"].id)
    assert t5["rung"] == 2 and t5["holder"] == "未指派" and "响应" in t5["clocks"]
    assert payload["count"] == 3


def test_the_excel_and_csv_exports_hold_the_same_figures_as_the_ranking_page(supervisor):
    html = text(supervisor, "/dashboard/ranking?month=2026-11")
    rows = re.findall(r"<tr>(.*?)</tr>", html.split('id="ranking"')[1], re.S)[1:]
    page_rows = [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(?:<a[^>]*>)?([^<]*)", row)]
                 + re.findall(r'<span class="value">([^<]*)</span>', row) + re.findall(r'data-stars="(\d)"', row)
                 for row in rows]
    book = load_workbook(io.BytesIO(supervisor.get("/dashboard/ranking/export?month=2026-11&format=xlsx").data))
    sheet_rows = [list(r) for r in book["月评比 2026年11月"].iter_rows(min_row=3, values_only=True) if r[1]]
    csv_rows = list(csv.reader(io.StringIO(
        supervisor.get("/dashboard/ranking/export?month=2026-11&format=csv").data.decode("utf-8-sig"))))[1:]
    assert [r[1] for r in page_rows] == ["绿城物业"]
    # rank, firm, then each figure's value (of its five columns: value, before, change, last year, change), stars
    columns = [0, 1, 2, 7, 12, 17, 22, 27]
    assert [sheet_rows[0][i] for i in columns] == [1, "绿城物业", 6, 50.0, 50.0, 66.7, 55.0, 1]
    assert len(page_rows) == len(sheet_rows) == len(csv_rows)
    for page, sheet, row in zip(page_rows, sheet_rows, csv_rows):
        shown = [page[0], page[1], *page[-6:]]
        assert [same(v) for v in shown] == [same(sheet[i]) for i in columns] == [same(row[i]) for i in columns]


@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://evil.example\",\"点此\")", "+1+1", "-2+3", "@SUM(A1)"])
def test_a_firm_name_that_looks_like_a_formula_stays_text_in_both_exports(supervisor, street, name):
    street.estate_a.firm.name = name
    db.session.commit()
    book = load_workbook(io.BytesIO(supervisor.get("/dashboard/ranking/export?month=2026-11&format=xlsx").data))
    cell = book["月评比 2026年11月"]["B3"]
    assert cell.value == "'" + name and cell.data_type == "s"
    csv_rows = list(csv.reader(io.StringIO(
        supervisor.get("/dashboard/ranking/export?month=2026-11&format=csv").data.decode("utf-8-sig"))))
    assert csv_rows[1][1] == "'" + name and csv_rows[1][2] == "6"


def test_only_text_is_defused_so_a_negative_change_stays_a_number():
    assert exports.as_text(-3.5) == -3.5 and exports.as_text("绿城物业") == "绿城物业"
    assert [exports.as_text(t) for t in ("=1", "+1", "-1", "@a", "\tx")] == ["'=1", "'+1", "'-1", "'@a", "'\tx"]


def same(value):
    """A figure as text on the page, a number in the workbook, text in the CSV: compared as numbers."""
    if value in (None, "—"):
        return None
    try:
        return float(str(value).lstrip("+"))
    except ValueError:
        return str(value)


def test_the_agenda_is_printable_and_lists_the_old_dispute(supervisor, street):
    html = text(supervisor, "/dashboard/agenda?days=3")
    assert street.tickets["t6"].number in html and "data-print" in html


@pytest.mark.parametrize("url, problem", [
    ("/dashboard/?from=2026-11-30&to=2026-11-01", "开始日期：开始日期晚于结束日期"),
    ("/dashboard/?from=yesterday", "开始日期：不是有效的日期"),
    ("/dashboard/?from=abc", "参数有误：开始日期：不是有效的日期"),
    ("/dashboard/?from=2024-01-01&to=2026-01-01", "结束日期：统计区间最长"),
    ("/dashboard/breakdown/firm?sort=password", "排序：不是可选的值"),
    ("/dashboard/tickets?firm_id=abc", "物业企业：应为整数"),
    ("/dashboard/tickets?page=0", "页码：页码应为 1 至 100000"),
    ("/dashboard/tickets?page=-1", "页码：页码应为 1 至 100000"),
    ("/dashboard/tickets?kind=praise", "工单种类：不是可选的值"),
    ("/dashboard/ranking?month=2026-13", "统计周期：月份应为 01 至 12"),
    ("/dashboard/ranking?month=abc", "统计周期：应写作“年-月”（2026-11）"),
    ("/dashboard/ranking/export?format=pdf", "导出格式：不是可选的值"),
    ("/dashboard/agenda?days=-1", "天数：天数应为 1 至 365"),
    ("/dashboard/tickets/99999999999999999999", "工单编号：应为 1 至"),
    ("/dashboard/tickets/9223372036854775808", "工单编号："),
    ("/dashboard/?from=0001-01-01", "2000-01-01"),
    ("/dashboard/?to=9999-12-31", "2099-12-31"),
    ("/dashboard/tickets?from=0001-01-01&to=0001-01-31", "开始日期："),
    ("/dashboard/breakdown/firm?from=9999-12-01&to=9999-12-31", "结束日期："),
    ("/dashboard/ranking?month=0001-01", "年份须在 2000 至 2099 之间"),
    ("/dashboard/ranking/export?month=9999-12", "统计周期：年份须在"),
    ("/dashboard/ranking?period=2026-Q5", "统计周期：季度应为 Q1 至 Q4"),
    ("/dashboard/ranking?period=1999", "统计周期：年份须在 2000 至 2099 之间"),
    ("/dashboard/ranking?period=2100-Q1", "统计周期："),
    ("/dashboard/ranking?period=2026-13", "统计周期：月份应为 01 至 12"),
])
def test_bad_parameters_get_a_clear_400_page_in_chinese(supervisor, url, problem):
    response = supervisor.get(url)
    message = re.search(r'<p class="error">([^<]*)</p>', response.get_data(as_text=True)).group(1)
    assert response.status_code == 400 and problem in message
    assert not re.search(r"[A-Za-z]{2,}", message.replace("YYYY", "")), message  # no English word left


def test_an_unknown_breakdown_or_ticket_is_a_404(supervisor):
    assert supervisor.get("/dashboard/breakdown/planet").status_code == 404
    assert supervisor.get("/dashboard/tickets/999999").status_code == 404


def test_the_user_create_command_hashes_the_password_and_refuses_bad_input(runner, street):
    person = scenario.supervisor_of(street.estate_a)
    result = runner.invoke(args=["user", "create", "yangfan", "--person", person.code],
                           env={"DASHBOARD_PASSWORD": "long-enough-pw"})
    assert result.exit_code == 0 and "created account yangfan" in result.output
    from app.accounts.models import Account
    from app.extensions import db
    stored = db.session.scalar(db.select(Account).filter_by(username="yangfan"))
    assert stored.password_hash != "long-enough-pw" and stored.password_hash.startswith(("scrypt:", "pbkdf2:"))
    again = runner.invoke(args=["user", "create", "yangfan", "--person", person.code, "--password", "x" * 9])
    assert again.exit_code != 0 and "taken" in again.output and "no account was created" in again.output
    nobody = runner.invoke(args=["user", "create", "ghost", "--password", "x" * 9])
    assert nobody.exit_code != 0 and "would see nothing" in nobody.output
    firm = runner.invoke(args=["user", "create", "lvcheng", "--firm", street.estate_a.firm.code, "--password", "x" * 9])
    assert firm.exit_code == 0, firm.output


@pytest.mark.parametrize("url", ["/dashboard/", "/dashboard/tickets", "/dashboard/late.json", "/dashboard/agenda",
                                 "/dashboard/ranking/export?format=csv", "/dashboard/tickets/999999"])
def test_dashboard_pages_and_exports_are_kept_by_no_cache(supervisor, url):
    assert supervisor.get(url).headers["Cache-Control"] == "no-store"


def test_the_ticket_page_with_a_residents_data_is_kept_by_no_cache(supervisor, street):
    response = supervisor.get(f"/dashboard/tickets/{street.tickets['t5'].id}")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"


def test_a_residents_photo_voice_and_location_show_in_the_timeline_by_their_chinese_names(supervisor, street, now):
    from app.wechat.models import InboundMessage, InboundStatus

    ticket = street.tickets["t5"]
    for i, kind in enumerate(("image", "voice", "location")):
        db.session.add(InboundMessage(dedupe_key=f"k{i}", openid=ticket.resident_openid or "o_r", msg_type=kind,
                                      received_at=now, raw="<xml/>", status=InboundStatus.ANSWERED, ticket_id=ticket.id))
    db.session.commit()

    html = text(supervisor, f"/dashboard/tickets/{ticket.id}")

    assert "[图片]" in html and "[语音]" in html and "[位置]" in html
    assert "[image]" not in html and "[voice]" not in html and "[location]" not in html


def test_the_ranking_of_a_quarter_and_a_year_reads_the_same_rollup(supervisor, street):
    """A quarter and a year hold November's tickets."""
    for period, heading in (("2026-Q4", "物业服务季表彰 · 2026年第四季度"), ("2026", "物业服务年考核 · 2026年")):
        html = text(supervisor, f"/dashboard/ranking?period={period}")
        assert heading in html and "绿城物业" in html
    month = text(supervisor, "/dashboard/ranking?period=2026-11")
    assert "物业服务月评比 · 2026年11月" in month
