"""Finding tickets (number, words, the resident's phone only for whoever may see it; status, category, estate,
holder, channel, late, period) and exporting the filtered list as Excel and CSV, scoped like every page."""
import csv
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from app.accounts.scope import Scope
from app.dashboard import search, tickets
from app.extensions import db
from app.org.models import Building, Role, RoleKind
from app.staff import access, scopes
from app.staff.access import StaffScope
from app.tickets.models import Category, Ticket
from tests.dashboard import scenario
from tests.dashboard.scenario import NOW, local
from tests.dashboard.web import log_in
from tests.factories import create_ticket, dispatch_to

NOVEMBER = "from=2026-11-01&to=2026-11-30"


@pytest.fixture
def duban(client, street):
    scenario.create_account("duban", person=scenario.supervisor_of(street.estate_a, name="杨帆"))
    log_in(client, "duban")
    return client


def numbers(client, query: str) -> set[str]:
    r = client.get(f"/dashboard/tickets?{query}")
    assert r.status_code == 200, r.get_data(as_text=True)
    html = r.get_data(as_text=True)
    return {t.number for t in db.session.query(Ticket) if f">{t.number}</a>" in html}


def test_search_by_a_part_of_the_number_or_the_words(duban, street):
    t5 = street.tickets["t5"]
    assert numbers(duban, f"q={t5.number[-8:].lower()}") == {t5.number}
    oddly = create_ticket(street.estate_a, now=local(12), description="电梯里有 100% 的怪味_")
    assert numbers(duban, "q=100%25 的怪味_") == {oddly.number}
    assert numbers(duban, "q=%25") == {oddly.number}  # % and _ are text, not wildcards


def test_the_filters_narrow_the_list(duban, street):
    t = street.tickets
    assert numbers(duban, "state=late") == {t[k].number for k in ("t4", "t5", "t6")}
    assert numbers(duban, "status=closed") == {t[k].number for k in ("t1", "t2", "t3")}
    assert numbers(duban, "category=dispute") == {t["t6"].number}
    assert numbers(duban, f"assignee_id={street.steward.id}&state=late") == {t["t4"].number, t["t6"].number}
    assert numbers(duban, f"estate_id={street.estate_a.id}&from=2026-11-03&to=2026-11-05") == {
        t[k].number for k in ("t2", "t3", "t4")}
    assert numbers(duban, "channel=wechat&q=&status=&category=") == {t[k].number for k in t}
    assert numbers(duban, "channel=hotline_12345") == set()
    assert numbers(duban, f"estate_id={street.estate_b.id}") == set()  # another community's: scoped away


def test_the_filter_form_offers_the_scopes_estates_holders_and_channels(duban, street):
    html = duban.get("/dashboard/tickets").get_data(as_text=True)
    assert "阳光花园" in html and "幸福小区" not in html and "王建国" in html and "刘洋" not in html
    assert '<option value="wechat">公众号</option>' in html


def test_bad_filters_are_refused_in_chinese(duban):
    r = duban.get("/dashboard/tickets?status=lost&channel=Bad!")
    text = r.get_data(as_text=True)
    assert r.status_code == 400 and "状态：不是可选的值" in text and "渠道：不是可选的值" in text
    assert duban.get("/dashboard/tickets?q=" + "长" * 65).status_code == 400


def test_a_phone_finds_a_ticket_only_for_its_holder(client, street):
    held = street.tickets["t4"]  # held by 王建国
    held.resident_phone = "13722223333"
    db.session.commit()
    scenario.create_account("duban", person=scenario.supervisor_of(street.estate_a))
    # 交叉任职: the steward who holds t4 is also the estate's manager, so he has a dashboard account
    db.session.add(Role(person_id=street.steward.id, kind=RoleKind.MANAGER, firm_id=street.estate_a.firm_id,
                        estate_id=street.estate_a.id))
    db.session.commit()
    scenario.create_account("wang", person=street.steward)
    log_in(client, "duban")
    assert numbers(client, "q=13722223333") == set()  # the supervisor sees 137****3333 only
    assert numbers(client, "q=2222") == set()  # nor the digits the mask hides
    with client.session_transaction() as session:
        session.clear()
    log_in(client, "wang")
    assert numbers(client, "q=137 2222 3333") == {held.number}


def test_the_phone_and_word_rules_in_sql_agree_with_the_access_rules(ctx, street):
    """search.content_visible and search.phone_visible are access.sees_content and access.sees_phone in SQL."""
    estate = street.estate_a
    readers = [StaffScope(person_id=street.steward.id, steward_firms=frozenset({estate.firm_id})),
               StaffScope(person_id=999, managed_estates=frozenset({estate.id})),
               StaffScope(person_id=998, secretary_grids=frozenset({estate.grid_id})),
               StaffScope(person_id=997, supervised_communities=frozenset({estate.grid.community_id}))]
    for reader in readers:
        for ticket in street.tickets.values():
            facts = scopes.ticket_facts(ticket)
            in_sql = {rule: db.session.scalar(db.select(rule(reader)).where(Ticket.id == ticket.id))
                      for rule in (search.content_visible, search.phone_visible)}
            assert bool(in_sql[search.content_visible]) == access.sees_content(reader, facts)
            assert bool(in_sql[search.phone_visible]) == access.sees_phone(reader, facts)


def test_a_manager_cannot_find_a_dispute_by_its_words(client, street):
    t6 = street.tickets["t6"]
    t6.description = "楼上装修噪音扰民"
    db.session.commit()
    scenario.create_account("jingli", person=scenario.manager_of(street.estate_a))
    scenario.create_account("duban", person=scenario.supervisor_of(street.estate_a))
    log_in(client, "jingli")
    assert numbers(client, "q=装修噪音") == set() and numbers(client, f"q={t6.number}") == {t6.number}
    with client.session_transaction() as session:
        session.clear()
    log_in(client, "duban")
    assert numbers(client, "q=装修噪音") == {t6.number}


def test_the_excel_export_holds_the_filtered_list_as_the_page_reads_it(duban, street):
    t5 = street.tickets["t5"]
    r = duban.get("/dashboard/tickets/export?state=late&format=xlsx")
    assert r.status_code == 200 and r.mimetype.endswith("spreadsheetml.sheet")
    assert r.headers["Content-Disposition"].startswith('attachment; filename="tickets-')
    sheet = load_workbook(io.BytesIO(r.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "工单编号" and len(rows) == 4
    by_number = {row[0]: row for row in rows[1:]}
    assert set(by_number) == {street.tickets[k].number for k in ("t4", "t5", "t6")}
    row = by_number[t5.number]
    assert row[1:5] == ("报修", "待派单", "公众号", "阳光花园") and row[11] == "是"
    assert row[13] == "139****5678"  # the phone as the supervisor sees it: masked


def test_the_csv_export_defuses_formulas_and_hides_a_disputes_words_from_a_manager(client, street):
    t1, t6 = street.tickets["t1"], street.tickets["t6"]
    t1.description = "=HYPERLINK(\"http://x\",\"点我\")"
    t6.description = "邻居吵架"
    db.session.commit()
    scenario.create_account("jingli", person=scenario.manager_of(street.estate_a))
    log_in(client, "jingli")
    r = client.get(f"/dashboard/tickets/export?format=csv&{NOVEMBER}")
    assert r.status_code == 200 and r.mimetype == "text/csv" and r.data.startswith("\ufeff".encode())
    rows = {row[0]: row for row in csv.reader(io.StringIO(r.data.decode("utf-8-sig")))}
    assert rows[t1.number][14] == "'=HYPERLINK(\"http://x\",\"点我\")"
    assert rows[t6.number][14] != "邻居吵架" and "邻居吵架" not in r.data.decode("utf-8-sig")
    assert street.other.number not in rows  # another community's ticket: out of scope


def test_an_export_too_large_is_refused_with_a_reason(duban, street, monkeypatch):
    monkeypatch.setattr(tickets, "EXPORT_LIMIT", 2)
    r = duban.get("/dashboard/tickets/export?format=csv")
    assert r.status_code == 400 and "一次最多导出 2 件" in r.get_data(as_text=True)
    assert duban.get("/dashboard/tickets/export?format=pdf").status_code == 400


def test_an_export_reads_the_same_number_of_statements_for_few_tickets_or_many(duban, street):
    from tests.sql_counting import counted
    with counted() as few:
        assert duban.get("/dashboard/tickets/export?format=csv").status_code == 200
    for day in range(6, 12):  # each in a building of its own: a lazy load per place would show
        db.session.add(Building(estate_id=street.estate_a.id, code=f"1{day}"))
        db.session.commit()
        dispatch_to(create_ticket(street.estate_a, now=local(day, 9), building=f"1{day}"), street.steward,
                    now=local(day, 9))
    db.session.commit()
    with counted() as many:
        body = duban.get("/dashboard/tickets/export?format=csv").data.decode("utf-8-sig")
    assert body.count("\n") == 1 + 6 + 6 and len(many) == len(few)  # no statement per ticket (place, holder)
