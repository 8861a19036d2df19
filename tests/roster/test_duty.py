"""Duty at the moment of dispatch and escalation: routing, emergency alerts, the pool and the backup
all ask the roster (through app.roster.duty.on_duty_among), with the manual flag as an override."""
from datetime import date, datetime, timezone

import sqlalchemy as sa

from app.extensions import db
from app.org.models import RoleKind
from app.pushes.models import Push
from app.roster.duty import on_duty_among
from app.roster.models import ExceptionKind
from app.routing.service import open_and_route, route_in_session
from app.tickets.actors import Actor
from app.tickets.models import Category, Status, Ticket
from app.tickets.service import TicketDraft
from app.tracking import recipients
from tests.factories import create_estate, create_person, create_pool_member, create_steward, create_ticket, dispatch_to
from tests.sql_counting import counted
from tests.wechat.conftest import WeChatServer
from tests.roster.builders import add_exception, create_shift, put_on

# Shanghai times (UTC+8) on Tuesday 24 November 2026
TUE_NOON = datetime(2026, 11, 24, 4, 0, tzinfo=timezone.utc)
TUE_3AM = datetime(2026, 11, 23, 19, 0, tzinfo=timezone.utc)  # the night of Monday to Tuesday
TUESDAY = date(2026, 11, 24)


def open_emergency(estate, now, skill="lift") -> Ticket:
    draft = TicketDraft(category=Category.EMERGENCY, estate_code=estate.code, description="电梯困人", building="1",
                        unit="1", room="101", skill=skill, resident_openid="o_resident")
    return open_and_route(draft, now=now, by=Actor.resident("o_resident"))


def told(ticket: Ticket) -> dict[str, set[str]]:
    """purpose → the openids told, for the ticket."""
    found: dict[str, set[str]] = {}
    for purpose, openid in db.session.execute(sa.select(Push.purpose, Push.recipient_openid)
                                              .where(Push.ticket_id == ticket.id)):
        found.setdefault(purpose, set()).add(openid)
    return found


def day_roster(estate):
    """A lift steward on days, a manager on weekday days: nobody of the firm is on at night."""
    day = create_shift(estate.firm_id, "day", "08:00", "20:00")
    steward = create_steward(estate, skills="lift", code="S-DAY")
    manager = create_person(code="M1", roles=[{"kind": RoleKind.MANAGER, "estate_id": estate.id,
                                              "firm_id": estate.firm_id}])
    put_on(steward, day)
    put_on(manager, day, "12345")
    return steward, manager


def test_a_night_time_emergency_with_a_roster_gap_reaches_the_on_call_manager(ctx):
    estate = create_estate()
    steward, manager = day_roster(estate)

    ticket = open_emergency(estate, TUE_3AM)

    assert ticket.status is Status.DISPATCHED and ticket.assignee_id == manager.id  # never to nobody
    assert told(ticket)["dispatch"] == {"o_M1"}
    assert "o_S-DAY" not in set().union(*told(ticket).values())  # off shift: not woken


def test_the_same_emergency_by_day_goes_to_the_steward_on_shift_and_alerts_the_manager(ctx):
    estate = create_estate()
    steward, manager = day_roster(estate)

    ticket = open_emergency(estate, TUE_NOON)

    assert ticket.assignee_id == steward.id
    assert told(ticket)["emergency_alert"] == {"o_M1"}


def test_at_an_uncovered_hour_the_pool_is_offered_and_the_on_call_manager_alerted(ctx):
    estate = create_estate()
    day_roster(estate)
    lender = create_steward(create_estate(grid=estate.grid), skills="lift", code="LENT")
    create_pool_member(lender, estate.grid.community_id, skills="lift")

    ticket = open_emergency(estate, TUE_3AM)

    assert ticket.assignee_id is None
    assert told(ticket)["pool_offer"] == {"o_LENT"} and told(ticket)["emergency_alert"] == {"o_M1"}


def test_a_firm_with_no_roster_keeps_dispatching_by_the_flag(ctx):
    estate = create_estate()
    steward = create_steward(estate, skills="lift")
    create_steward(estate, skills="lift", on_duty=False)
    ticket = open_emergency(estate, TUE_3AM)
    assert ticket.assignee_id == steward.id


def test_the_flag_off_overrides_the_roster(ctx):
    estate = create_estate()
    steward, manager = day_roster(estate)
    steward.on_duty = False
    db.session.commit()
    ticket = open_emergency(estate, TUE_NOON)
    assert ticket.assignee_id == manager.id and ticket.status is Status.DISPATCHED


def test_leave_and_an_extra_shift_change_who_gets_a_repair(ctx):
    estate = create_estate()
    day = create_shift(estate.firm_id, "day", "08:00", "20:00")
    night = create_shift(estate.firm_id, "night", "20:00", "08:00")
    usual = create_steward(estate, skills="plumbing", code="USUAL")
    cover = create_steward(estate, skills="plumbing", code="COVER")
    put_on(usual, day)
    put_on(cover, night)
    add_exception(estate.firm_id, ExceptionKind.LEAVE, TUESDAY, person=usual)
    add_exception(estate.firm_id, ExceptionKind.EXTRA, TUESDAY, person=cover, shift=day)

    ticket = create_ticket(estate, now=TUE_NOON)
    decision = route_in_session(ticket, now=TUE_NOON)
    assert decision.assignee_id == cover.id


def test_the_backup_is_someone_on_shift_at_the_escalation(ctx):
    estate = create_estate()
    day = create_shift(estate.firm_id, "day", "08:00", "20:00")
    night = create_shift(estate.firm_id, "night", "20:00", "08:00")
    assignee = create_steward(estate)
    by_day = create_steward(estate, code="BYDAY")
    by_night = create_steward(estate, code="BYNIGHT")
    put_on(by_day, day)
    put_on(by_night, night)
    ticket = dispatch_to(create_ticket(estate, now=TUE_NOON), assignee, now=TUE_NOON)

    assert recipients.find_backup(ticket, now=TUE_NOON) == by_day.id
    assert recipients.find_backup(ticket, now=TUE_3AM) == by_night.id


def test_duty_of_people_off_any_roster_costs_no_statement(ctx):
    with counted() as seen:
        assert on_duty_among([(1, True, False), (2, False, False)], at=TUE_NOON) == frozenset({1})
    assert seen == []


def test_through_the_webhook_a_night_time_lift_emergency_with_a_roster_gap_reaches_the_on_call_manager(
        ctx, client, clock):
    estate = create_estate(buildings=("3",), name="阳光花园")
    steward, manager = day_roster(estate)
    clock.set(TUE_3AM)

    reply = WeChatServer(client, ctx.config).say("o_night", "阳光花园3号楼电梯困人了，快来人")

    ticket = db.session.scalar(sa.select(Ticket).where(Ticket.resident_openid == "o_night"))
    assert reply and ticket.category is Category.EMERGENCY and ticket.skill == "lift"
    assert ticket.assignee_id == manager.id
    assert told(ticket)["dispatch"] == {"o_M1"}
