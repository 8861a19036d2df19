"""Care's use cases: entering households (and what is refused), visits on the clock, a finding as a ticket."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.care import rules, service
from app.care.models import CareHousehold, CareTicket, CareVisit
from app.care.service import CareError, VisitData
from app.clock import local_day
from app.extensions import db
from app.staff.scopes import staff_scope
from app.tickets.models import Channel, Status, Ticket
from app.tickets.rules import DEFAULT_POLICIES
from tests.care.helpers import build_care_street, create_household, household_data


@pytest.fixture
def street(ctx):
    return build_care_street()


def test_a_household_entered_today_is_first_due_at_the_end_of_its_plans_last_day(street, now):
    household = create_household(street, now=now, visit_every_days=7)

    assert rules.due_day(household.next_due_at) == local_day(now) + timedelta(days=7)
    assert household.next_check_at == household.next_due_at  # the first rung fires at the due moment
    assert [p.code for p in household.carers] == sorted([street.carer.code, street.volunteer.code],
                                                       key=lambda c: {street.carer.code: street.carer.id,
                                                                      street.volunteer.code: street.volunteer.id}[c])


@pytest.mark.parametrize("overrides, code", [
    ({"carers": []}, "no_carer"),
    ({"visit_every_days": 0}, "bad_every_days"),
    ({"carers": ["NOBODY"]}, "unknown_person"),
    ({"estate": "NOWHERE"}, "unknown_estate"),
    ({"building": "99"}, "unknown_building"),
])
def test_a_household_is_refused_with_a_clear_reason_and_nothing_is_kept(street, now, overrides, code):
    with pytest.raises(CareError) as refused:
        service.save_in_session(household_data(street, **overrides), now=now)
    db.session.rollback()

    assert refused.value.code == code and refused.value.message
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CareHousehold)) == 0


def test_a_carer_outside_the_households_community_is_refused_by_name(street, now):
    with pytest.raises(CareError) as refused:
        service.save_in_session(household_data(street, carers=[street.carer.code, street.outsider.code]), now=now)

    assert refused.value.code == "carer_outside" and street.outsider.code in refused.value.message


def test_a_visit_on_time_plans_the_next_from_the_visit_day(street, now, clock):
    household = create_household(street, now=now, visit_every_days=7)
    at = clock.advance(days=3)

    visit = service.record_visit(household.id, VisitData(at=at, notes="一切安好", checks={"gas": True, "mood": True}),
                                 now=at, staff=staff_scope(street.carer.id))

    assert visit.on_time is True and visit.person_id == street.carer.id
    assert rules.due_day(db.session.get(CareHousehold, household.id).next_due_at) == local_day(at) + timedelta(days=7)


def test_a_visit_after_the_due_day_is_recorded_as_missed(street, now, clock):
    household = create_household(street, now=now, visit_every_days=2)
    at = clock.advance(days=4)

    visit = service.record_visit(household.id, VisitData(at=at), now=at, staff=staff_scope(street.volunteer.id))

    assert visit.on_time is False


def test_a_visit_dated_in_the_future_is_refused(street, now):
    household = create_household(street, now=now)

    with pytest.raises(CareError) as refused:
        service.record_visit(household.id, VisitData(at=now + timedelta(minutes=5)), now=now,
                             staff=staff_scope(street.carer.id))

    assert refused.value.code == "visit_in_future"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CareVisit)) == 0


def test_a_visit_for_a_household_one_does_not_care_for_is_refused(street, now):
    household = create_household(street, now=now)

    with pytest.raises(CareError) as by_secretary:
        service.record_visit(household.id, VisitData(at=now), now=now, staff=staff_scope(street.secretary.id))
    with pytest.raises(CareError) as by_colleague:
        service.record_visit(household.id, VisitData(at=now), now=now, staff=staff_scope(street.other_carer.id))

    assert (by_secretary.value.code, by_secretary.value.status) == ("not_your_household", 403)
    assert (by_colleague.value.code, by_colleague.value.status) == ("not_found", 404)


def test_a_finding_becomes_a_routed_repair_ticket_linked_to_the_household_on_the_faster_policy(street, now, app):
    household = create_household(street, now=now)

    visit = service.record_visit(household.id, VisitData(at=now, finding="燃气软管老化", media_ids=("m1",)), now=now,
                                 staff=staff_scope(street.carer.id))

    ticket = db.session.get(Ticket, visit.ticket_id)
    assert ticket.description == "燃气软管老化" and ticket.room == "302" and ticket.channel is Channel.PATROL
    assert ticket.status is Status.DISPATCHED
    assert db.session.get(CareTicket, ticket.id).household_id == household.id
    assert ticket.respond_due_at == now + timedelta(seconds=app.config["CARE_RESPOND_SECONDS"])
    assert ticket.respond_due_at < now + timedelta(seconds=DEFAULT_POLICIES[ticket.category][0])
    assert ticket.next_escalation_at == ticket.respond_due_at
    assert [a.media_id for a in ticket.attachments] == ["m1"]


def test_only_carers_secretary_and_supervisor_see_a_household(street, now):
    household = create_household(street, now=now)

    for person in (street.carer, street.volunteer, street.secretary, street.supervisor):
        assert service.visible(household.id, staff_scope(person.id)).id == household.id
    for person in (street.other_carer, street.outsider, street.outsider_secretary):
        with pytest.raises(CareError) as hidden:
            service.visible(household.id, staff_scope(person.id))
        assert hidden.value.status == 404


def test_a_residents_own_request_from_a_household_in_care_is_linked_and_answered_sooner(street, now, app):
    from app.routing.service import open_and_route
    from app.tickets.actors import Actor
    from app.tickets.models import Category
    from app.tickets.service import TicketDraft

    household = create_household(street, now=now)
    common = dict(category=Category.REPAIR, estate_code=street.estate.code, building=household.building.code,
                  description="卫生间水龙头坏了", resident_openid="o_family")

    cared = open_and_route(TicketDraft(**common, unit=household.unit, room=household.room), now=now,
                           by=Actor.resident("o_family"))
    neighbour = open_and_route(TicketDraft(**common, unit=household.unit, room="999"), now=now,
                               by=Actor.resident("o_family"))
    db.session.commit()

    assert db.session.get(CareTicket, cared.id).household_id == household.id
    assert cared.respond_due_at == now + timedelta(seconds=app.config["CARE_RESPOND_SECONDS"])
    assert cared.next_escalation_at == cared.respond_due_at
    assert db.session.get(CareTicket, neighbour.id) is None
    assert neighbour.respond_due_at == now + timedelta(seconds=DEFAULT_POLICIES[Category.REPAIR][0])
