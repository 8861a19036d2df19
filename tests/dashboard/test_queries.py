"""Breakdowns, late now, the ranking, the agenda and the timeline against the known scenario."""
from datetime import date, timedelta

import pytest

from app.accounts.scope import Scope, scope_for
from app.dashboard import breakdowns, late, ranking, rules, tickets, timeline
from app.extensions import db
from app.pushes.models import PushKind
from app.pushes.service import enqueue
from app.tickets.models import Category
from app.tracking.models import Clock, Escalation
from tests.dashboard import scenario
from tests.factories import create_ticket

NOVEMBER = rules.month_of(date(2026, 11, 1))
NOW = scenario.NOW


def whole_street(street):
    """Both communities of the scenario."""
    a, b = (scope_for([], community_id=e.grid.community_id) for e in (street.estate_a, street.estate_b))
    return Scope(a.clauses + b.clauses)


def test_the_steward_breakdown_gives_each_steward_their_own_figures(street):
    rows = breakdowns.breakdown(whole_street(street), NOVEMBER, "steward", now=NOW)
    by_name = {r.name: r for r in rows}
    assert by_name["王建国"].rates.opened == 5 and by_name["王建国"].response_p50 == pytest.approx(420, abs=6)  # a 6 s bucket
    assert by_name["刘洋"].rates.opened == 1 and by_name["刘洋"].rates.response_rate == 0
    assert by_name["（未指派）"].rates.opened == 1  # t5 was never dispatched


def test_a_breakdown_sorts_on_any_column_and_puts_rows_without_a_figure_last(street):
    rows = breakdowns.breakdown(whole_street(street), NOVEMBER, "steward", now=NOW,
                                sort="response_p50", descending=False)
    assert [r.name for r in rows] == ["王建国", "刘洋", "（未指派）"]
    rows = breakdowns.breakdown(whole_street(street), NOVEMBER, "firm", now=NOW, sort="opened", descending=True)
    assert [(r.name, r.rates.opened) for r in rows] == [("绿城物业", 6), ("万科物业", 1)]


def test_the_category_breakdown_names_categories_in_chinese(street):
    rows = breakdowns.breakdown(whole_street(street), NOVEMBER, "category", now=NOW)
    assert {(r.name, r.rates.opened) for r in rows} == {("报修", 6), ("纠纷", 1)}


def test_late_now_lists_open_tickets_past_a_deadline_with_the_rung_reached_and_the_holder(street):
    found = {item.ticket.id: item for item in late.late_now(whole_street(street), now=NOW)}
    t = street.tickets
    assert set(found) == {t["t4"].id, t["t5"].id, t["t6"].id, street.other.id}
    # t5's arrive clock waits for acceptance; its resolve deadline (opened + 24 h) is reached at NOW itself.
    assert found[t["t5"].id].late_clocks == (Clock.RESPOND, Clock.RESOLVE)
    assert found[t["t5"].id].top_rung == 2 and found[t["t5"].id].holder is None
    assert found[t["t4"].id].late_clocks == (Clock.ARRIVE, Clock.RESOLVE) and found[t["t4"].id].holder == "王建国"
    first = late.late_now(whole_street(street), now=NOW)[0]
    assert first.ticket.id == street.other.id  # arrive due 11-04 10:30: the longest late


def test_a_paused_ticket_is_not_late(street):
    from app.tickets import service
    from app.tickets.actors import Actor
    service.pause(street.tickets["t4"].id, reason="等配件", now=NOW - timedelta(days=10), by=Actor.system())
    found = {item.ticket.id for item in late.late_now(whole_street(street), now=NOW)}
    assert street.tickets["t4"].id not in found


def test_the_ranking_orders_firms_by_score_with_stars_and_last_months_delta(street):
    create_ticket(street.estate_b, now=scenario.local(15) - timedelta(days=31))  # October, never answered
    scenario.refresh_figures()
    ranked = ranking.rank_firms(whole_street(street), NOVEMBER, now=NOW)
    assert [r.firm for r in ranked] == ["绿城物业", "万科物业"]
    green = ranked[0]
    assert green.score == pytest.approx(100 * (0.4 * 0.5 + 0.3 * 0.5 + 0.3 * 2 / 3))
    assert green.stars == 1 and green.previous_score is None and green.delta is None
    vanke = ranked[1]
    assert vanke.score == pytest.approx(0.0) and vanke.previous_score == pytest.approx(0.0)
    assert vanke.delta == pytest.approx(0.0)


def test_the_agenda_lists_disputes_unresolved_after_n_days_and_recurring_problems(street):
    disputes = late.unresolved_disputes(whole_street(street), now=NOW, days=3)
    assert [t.id for t, _estate in disputes] == [street.tickets["t6"].id]
    assert late.unresolved_disputes(whole_street(street), now=NOW, days=30) == []
    for hours in (1, 30, 100):
        create_ticket(street.estate_a, now=NOW - timedelta(hours=hours), building="3")
    create_ticket(street.estate_a, now=NOW - timedelta(days=8), building="2")
    found = late.recurring(whole_street(street), now=NOW)
    assert [(r.building, r.category, r.times) for r in found] == [("3", Category.REPAIR, 3)]
    assert found[0].last == NOW - timedelta(hours=1)


def test_two_in_a_week_is_not_yet_recurring(street):
    for hours in (1, 30):
        create_ticket(street.estate_a, now=NOW - timedelta(hours=hours), building="3")
    assert late.recurring(whole_street(street), now=NOW) == []


def test_the_ticket_list_filters_by_breakdown_row_state_and_period(street):
    scope = whole_street(street)
    steward = tickets.TicketFilter(period=NOVEMBER, equals={"assignee_id": street.steward.id})
    assert tickets.find_tickets(scope, steward, now=NOW).total == 5
    late_ones = tickets.TicketFilter(state="late", equals={"firm_id": street.estate_a.firm_id})
    assert tickets.find_tickets(scope, late_ones, now=NOW).total == 3
    disputes = tickets.TicketFilter(equals={"category": "dispute"})
    assert [t.id for t, *_ in tickets.find_tickets(scope, disputes, now=NOW).rows] == [street.tickets["t6"].id]


def test_the_timeline_holds_events_escalations_and_pushes_in_time_order(street):
    t5 = street.tickets["t5"]
    enqueue(kind=PushKind.TEMPLATE, purpose="escalate:respond:1", now=t5.respond_due_at, payload={"data": {}},
            recipient_openid=street.steward.openid, recipient_person_id=street.steward.id, ticket_id=t5.id,
            template="task_escalated", dedupe_key=f"test:{t5.id}")
    db.session.commit()
    entries = timeline.timeline(t5)
    assert [e.kind for e in entries][:1] == ["event"] and entries[0].title == "受理"
    assert [e.title for e in entries if e.kind == "escalation"] == ["响应超时 · 第 1 级督办", "响应超时 · 第 2 级督办"]
    pushes = [(e.title, e.detail) for e in entries if e.kind == "push"]
    assert ("推送 超时督办", "超时督办（响应·第1级） · 待发送") in pushes
    assert [e.at for e in entries] == sorted(e.at for e in entries)


def test_a_rung_fired_after_a_reopening_says_which_climb_of_the_ladder_it_was(street):
    t5 = street.tickets["t5"]
    due = t5.respond_due_at + timedelta(hours=3)
    db.session.add(Escalation(ticket_id=t5.id, cycle=1, clock=Clock.RESPOND, rung=1, due_at=due,
                              fired_at=due, notified=[street.steward.id]))
    db.session.commit()
    titles = [e.title for e in timeline.timeline(t5) if e.kind == "escalation"]
    assert titles == ["响应超时 · 第 1 级督办", "响应超时 · 第 2 级督办", "响应超时 · 第 1 级督办（第 1 次重新打开后）"]


def test_the_timeline_holds_the_residents_wechat_messages_for_the_ticket(street):
    models = pytest.importorskip("app.wechat.models", reason="the gateway's InboundMessage model is not in this build")
    t5 = street.tickets["t5"]
    db.session.add(models.InboundMessage(
        dedupe_key="msg:1", openid="o_resident", msg_type="text", content="3号楼电梯又坏了",
        received_at=t5.opened_at - timedelta(seconds=30), raw="<xml/>", status=models.InboundStatus.ANSWERED,
        reply="已为您登记", ticket_id=t5.id))
    db.session.commit()
    first = timeline.timeline(t5)[0]
    assert (first.kind, first.detail, first.who) == ("message", "3号楼电梯又坏了", "居民")
