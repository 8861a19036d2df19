"""Each evaluation item against scenario data: the ticket rates, care visits, meeting decisions, and the two
providers built apart (the residents' survey, the owners' committee assessment) through a stand-in provider."""
from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

import sqlalchemy as sa

from app.accounts.scope import Scope
from app.accounts.service import viewer_of
from app.care import service as care
from app.care.service import VisitData
from app.dashboard.rules import parse_month
from app.evaluation import items
from app.evaluation.items import ITEMS
from app.meetings import service as meetings
from app.meetings.models import OwnerKind
from app.extensions import db
from app.org.models import Community
from app.staff.scopes import staff_scope
from tests.care.helpers import build_care_street, create_household
from tests.dashboard import scenario
from tests.factories import create_estate
from tests.meetings.helpers import build_meeting_street

NOVEMBER, DECEMBER = parse_month("2026-11"), parse_month("2026-12")


def community(estate) -> Scope:
    return Scope(((("community_id", estate.grid.community_id),),))


def firm(estate) -> Scope:
    return Scope(((("firm_id", estate.firm_id),),))


# -- tickets ---------------------------------------------------------------------------------------------


def test_the_ticket_items_are_the_rankings_rates_per_firm(ctx, now):
    street = scenario.build()
    scope = community(street.estate_a)
    firm_id = street.estate_a.firm_id
    assert ITEMS["response_in_time"](scope, NOVEMBER, now=now) == {firm_id: pytest.approx(3 / 6)}
    assert ITEMS["resolution"](scope, NOVEMBER, now=now) == {firm_id: pytest.approx(3 / 6)}
    assert ITEMS["ticket_satisfaction"](scope, NOVEMBER, now=now) == {firm_id: pytest.approx(2 / 3)}
    assert ITEMS["response_in_time"](scope, DECEMBER, now=now) == {}  # no tickets, no data


# -- care visits -----------------------------------------------------------------------------------------


def visit(street, household, at):
    care.record_visit(household.id, VisitData(at=at), now=at, staff=staff_scope(street.carer.id))


@pytest.fixture
def care_street(ctx):
    return build_care_street()


def test_care_visits_done_are_the_visits_made_over_those_due_in_the_period(care_street, now, clock):
    # now: 2026-11-21 10:00 in Shanghai
    regular = create_household(care_street, now=now, code="A", visit_every_days=2)  # due at the end of 11-23
    forgotten = create_household(care_street, now=now, code="B", visit_every_days=1)  # due at the end of 11-22
    visit(care_street, regular, clock.advance(days=1))  # 11-22: answers 11-23's; next due at the end of 11-24
    visit(care_street, regular, clock.advance(days=2))  # 11-24: answers 11-24's; next due at the end of 11-26
    clock.advance(days=2)  # 11-26 10:00: B's visit of 11-22 was missed; A's of 11-26 is not due yet

    values = ITEMS["care_visits"](community(care_street.estate), NOVEMBER, now=clock.moment)

    assert values == {care_street.estate.firm_id: pytest.approx(2 / 3)}
    assert forgotten.estate.firm_id == care_street.estate.firm_id


def test_a_late_visit_is_done_and_a_visit_due_on_the_months_last_day_belongs_to_that_month(care_street, now, clock):
    household = create_household(care_street, now=now, visit_every_days=9)  # due at the end of 11-30
    assert household.next_due_at == scenario.local(30, 24)  # 12-01 00:00 in Shanghai
    clock.advance(days=10)  # 12-01 10:00: missed
    firm_id = care_street.estate.firm_id
    assert ITEMS["care_visits"](firm(care_street.estate), NOVEMBER, now=clock.moment) == {firm_id: 0.0}
    visit(care_street, household, clock.moment)  # late, but done
    assert ITEMS["care_visits"](firm(care_street.estate), NOVEMBER, now=clock.moment) == {firm_id: 1.0}
    assert ITEMS["care_visits"](firm(care_street.estate), DECEMBER, now=clock.moment) == {}  # next not yet due


def test_care_visits_outside_the_scope_or_not_yet_due_give_no_data(care_street, now, clock):
    create_household(care_street, now=now, visit_every_days=2)
    other = create_estate()
    assert ITEMS["care_visits"](community(care_street.estate), NOVEMBER, now=now) == {}  # due 11-23, not yet
    clock.advance(days=3)
    assert ITEMS["care_visits"](community(other), NOVEMBER, now=clock.moment) == {}
    assert ITEMS["care_visits"](Scope(()), NOVEMBER, now=clock.moment) == {}
    assert ITEMS["care_visits"](community(care_street.estate), NOVEMBER, now=clock.moment) == {
        care_street.estate.firm_id: 0.0}


# -- joint-meeting decisions ----------------------------------------------------------------------------


@pytest.fixture
def meeting_street(ctx, now):
    return build_meeting_street(now)


def decide(street, item, deadline: date, *, now, kind=OwnerKind.FIRM, owner="测试物业"):
    return meetings.decide(item.id, text="落实", owner_kind=kind, owner=owner, deadline=deadline,
                           account=street.chair, now=now)


def held(street, now):
    meeting = meetings.call_meeting(street.chair, title="11月联席会议", planned_at=now - timedelta(hours=1),
                                    grid_id=None, days=30, now=now)
    for text in ("a", "b", "c"):
        meetings.add_item(meeting.id, text=text, account=street.chair)
    return meetings.mark_held(meeting.id, held_at=now - timedelta(hours=1), account=street.chair, now=now,
                              attendees={"branch": "李红"})


def test_meeting_decisions_done_are_the_firms_decisions_due_in_the_period_that_are_done(meeting_street, now, clock):
    meeting = held(meeting_street, now)
    done = decide(meeting_street, meeting.items[0], date(2026, 11, 25), now=now)
    decide(meeting_street, meeting.items[1], date(2026, 11, 30), now=now, owner=meeting_street.estate.firm.code)
    decide(meeting_street, meeting.items[2], date(2026, 11, 25), now=now, kind=OwnerKind.BRANCH, owner="测试网格党支部")
    decide(meeting_street, meeting.items[3], date(2026, 12, 5), now=now)
    scope, firm_id = community(meeting_street.estate), meeting_street.estate.firm_id

    assert ITEMS["meeting_decisions"](scope, NOVEMBER, now=now) == {}  # none due yet, none done
    meetings.close_decision(done.id, note="已办好", staff=viewer_of(meeting_street.chair), by="杨帆",
                            now=clock.advance(days=1))
    assert ITEMS["meeting_decisions"](scope, NOVEMBER, now=clock.moment) == {firm_id: 1.0}
    clock.set(scenario.local(30) + timedelta(days=1, hours=2))  # 12-01 12:00: the one due 11-30 is late
    assert ITEMS["meeting_decisions"](scope, NOVEMBER, now=clock.moment) == {firm_id: 0.5}
    assert ITEMS["meeting_decisions"](firm(meeting_street.estate), NOVEMBER, now=clock.moment) == {firm_id: 0.5}
    assert ITEMS["meeting_decisions"](scope, DECEMBER, now=clock.moment) == {}


def test_a_decision_counts_for_the_firm_of_that_name_serving_the_community_only(meeting_street, now, clock):
    """Firms' names repeat across a street: the other community's 测试物业 is not the one decided for."""
    meeting = held(meeting_street, now)
    decide(meeting_street, meeting.items[0], date(2026, 11, 21), now=now)
    clock.advance(days=1)
    everywhere = Scope(tuple((("community_id", c),) for c in db.session.scalars(sa.select(Community.id))))
    assert len(everywhere.clauses) == 2
    assert ITEMS["meeting_decisions"](everywhere, NOVEMBER, now=clock.moment) == {meeting_street.estate.firm_id: 0.0}


# -- the survey and the assessment (providers built apart: the integrator wires them) --------------------


@dataclass(frozen=True)
class Score:
    value: float | None
    answers: int


@pytest.mark.parametrize("item, module", [("survey", items.SURVEY_PROVIDER),
                                          ("committee_assessment", items.ASSESSMENT_PROVIDER)])
def test_the_survey_and_assessment_items_take_their_providers_scores(monkeypatch, now, item, module):
    asked = []

    def firm_scores(scope, period):
        asked.append((scope, period))
        return {7: Score(0.8, 30), 8: Score(None, 2)}  # 8: too few answers

    monkeypatch.setattr(items, "provider", lambda name: SimpleNamespace(firm_scores=firm_scores) if name == module else None)
    scope = Scope(((("community_id", 1),),))
    assert ITEMS[item](scope, NOVEMBER, now=now) == {7: 0.8, 8: None}
    assert asked == [(scope, NOVEMBER)]


@pytest.mark.parametrize("item", ["survey", "committee_assessment"])
def test_without_its_provider_the_item_has_no_data(monkeypatch, now, item):
    monkeypatch.setattr(items, "provider", lambda name: None)
    assert ITEMS[item](Scope(((("community_id", 1),),)), NOVEMBER, now=now) == {}


def test_a_missing_provider_module_is_none_but_an_error_inside_a_present_one_is_raised(tmp_path, monkeypatch):
    assert items.provider("app.no_such_package.results") is None
    assert items.provider("app.dashboard.no_such_module") is None
    package = tmp_path / "h36_provider"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "results.py").write_text("import h36_not_installed\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError, match="h36_not_installed"):
        items.provider("h36_provider.results")
