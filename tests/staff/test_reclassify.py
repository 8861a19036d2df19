"""改类重派: staff correct the bot's reading; the ticket goes where it belongs, and nothing is lost."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.intake.models import IntakeCorrection
from app.pushes.models import Push
from app.routing import service as routing
from app.staff.access import Forbidden
from app.staff.scopes import staff_scope
from app.routing.service import open_and_route
from app.staff.reclassify import reclassify_ticket
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tickets.models import Category, HandlingOrg, Status, Ticket, TicketEvent
from app.tickets.rules import BadCategory, IllegalTransition, MissingReason
from app.tickets.service import TicketDraft
from tests.api.helpers import build_street

M = timedelta(minutes=1)


@pytest.fixture
def street(ctx, now):
    return build_street(now)


def opened(street, now, **kw):
    base = dict(category=Category.REPAIR, estate_code=street.estate.code, description="厨房水管漏水",
                building="1", unit="2", room="501", skill="plumbing", resident_openid=street.resident.openid,
                resident_phone="13800138000")
    return open_and_route(TicketDraft(**{**base, **kw}), now=now, by=Actor.resident(street.resident.openid))


def reclassify(ticket, person, category, *, now, reason="居民说的是邻里纠纷"):
    return reclassify_ticket(ticket.id, category=category, reason=reason, now=now, staff=staff_scope(person.id),
                             by=Actor.person(person.id, person.code))


def pushes(ticket, **where):
    q = sa.select(Push).where(Push.ticket_id == ticket.id).order_by(Push.id)
    return list(db.session.scalars(q.filter_by(**where)))


def corrections():
    return list(db.session.scalars(sa.select(IntakeCorrection).order_by(IntakeCorrection.id)))


def test_a_repair_filed_as_a_dispute_reaches_the_firms_steward_under_the_same_number(street, now):
    ticket = opened(street, now, category=Category.DISPUTE, description="楼上漏水到我家，邻居不肯修", skill=None)
    number = ticket.number
    assert ticket.assignee_id == street.mediator.id

    ticket = reclassify(ticket, street.mediator, Category.REPAIR, now=now + 5 * M, reason="是管道漏水，报修")

    assert (ticket.category, ticket.handling_org, ticket.assignee_id, ticket.status) == (
        Category.REPAIR, HandlingOrg.FIRM, street.steward.id, Status.DISPATCHED)
    assert ticket.number == number
    [push] = pushes(ticket, recipient_person_id=street.steward.id, purpose="dispatch")
    assert push.payload["data"]["note"] == "改类重派：原为纠纷"


def test_a_dispute_filed_as_a_repair_reaches_the_mediator_and_the_steward_is_told_it_left_them(street, now):
    ticket = opened(street, now)
    tickets.accept(ticket.id, now=now + M, by=Actor.person(street.steward.id))

    ticket = reclassify(ticket, street.steward, Category.DISPUTE, now=now + 20 * M)

    assert (ticket.handling_org, ticket.assignee_id, ticket.status) == (
        HandlingOrg.BRANCH, street.mediator.id, Status.DISPATCHED)
    [away] = pushes(ticket, recipient_person_id=street.steward.id, purpose="reclassified_away")
    assert away.payload["data"]["note"] == "已改类重派给他人，您无需再处理"


def test_the_clocks_follow_the_new_categorys_policy_from_the_original_opening(street, now):
    ticket = opened(street, now)

    ticket = reclassify(ticket, street.steward, Category.DISPUTE, now=now + 20 * M)

    assert ticket.respond_due_at == now + 10 * M
    assert ticket.arrive_due_at is None  # a dispute has no arrival clock
    assert ticket.resolve_due_at == now + timedelta(hours=72)


def test_the_resident_is_told_the_new_category_and_who_has_it(street, now):
    street.resident.last_message_at = now
    db.session.commit()
    ticket = opened(street, now)

    reclassify(ticket, street.steward, Category.DISPUTE, now=now + 5 * M)

    [told] = pushes(ticket, recipient_openid=street.resident.openid, purpose="progress:reclassify")
    assert told.payload["text"] == (f"您的纠纷工单{ticket.number}经工作人员核实已改为纠纷，"
                                    f"现由{street.mediator.name}负责处理。")


def test_the_timeline_says_who_changed_what_and_why(street, now):
    ticket = opened(street, now)

    reclassify(ticket, street.manager, Category.COMPLAINT, now=now + 5 * M, reason="居民投诉的是物业服务态度")

    events = db.session.scalars(sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
                                .order_by(TicketEvent.id)).all()
    assert [e.action for e in events] == ["open", "dispatch", "reclassify", "dispatch"]
    change = events[2]
    assert (change.actor_person_id, change.reason, change.data) == (
        street.manager.id, "居民投诉的是物业服务态度", {"from": "repair", "to": "complaint"})
    assert (change.from_status, change.to_status) == (Status.DISPATCHED, Status.OPENED)


def test_each_correction_is_kept_as_an_example_with_the_residents_numbers_masked(street, now):
    ticket = opened(street, now, description="邻居装修太吵，电话13912345678，身份证110101199003074512")

    reclassify(ticket, street.steward, Category.DISPUTE, now=now + 5 * M)

    [example] = corrections()
    assert example.text == "邻居装修太吵，电话139****5678，身份证[身份证号已隐藏]"
    assert (example.from_category, example.to_category, example.source, example.person_id) == (
        Category.REPAIR, Category.DISPUTE, "wechat", street.steward.id)
    assert example.reason == "居民说的是邻里纠纷"


def test_the_category_the_ticket_was_opened_with_is_kept_through_a_second_correction(street, now):
    ticket = opened(street, now)
    reclassify(ticket, street.steward, Category.DISPUTE, now=now + 5 * M)

    ticket = reclassify(ticket, street.secretary, Category.COMPLAINT, now=now + 9 * M, reason="是投诉物业")

    assert (ticket.opened_category, ticket.category) == (Category.REPAIR, Category.COMPLAINT)
    assert [(c.from_category, c.to_category) for c in corrections()] == [
        (Category.REPAIR, Category.DISPUTE), (Category.DISPUTE, Category.COMPLAINT)]


def test_the_supervisor_may_reclassify_a_ticket_of_the_community(street, now):
    ticket = opened(street, now)

    ticket = reclassify(ticket, street.supervisor, Category.INQUIRY, now=now + 5 * M, reason="只是咨询")

    assert ticket.category is Category.INQUIRY


def assert_nothing_changed(ticket_id):
    db.session.expire_all()
    ticket = db.session.get(Ticket, ticket_id)
    assert (ticket.category, ticket.opened_category) == (Category.REPAIR, None)
    assert corrections() == []
    assert db.session.scalar(sa.select(sa.func.count()).where(TicketEvent.ticket_id == ticket_id,
                                                               TicketEvent.action == "reclassify")) == 0


def test_a_reclassification_to_the_same_category_is_refused(street, now):
    ticket = opened(street, now)
    with pytest.raises(BadCategory, match="already repair"):
        reclassify(ticket, street.steward, Category.REPAIR, now=now + M)
    assert_nothing_changed(ticket.id)


def test_a_request_cannot_be_reclassified_as_praise(street, now):
    ticket = opened(street, now)
    with pytest.raises(BadCategory, match="cannot be reclassified as praise"):
        reclassify(ticket, street.steward, Category.PRAISE, now=now + M)
    assert_nothing_changed(ticket.id)


def test_a_reclassification_without_a_reason_is_refused(street, now):
    ticket = opened(street, now)
    with pytest.raises(MissingReason):
        reclassify(ticket, street.steward, Category.DISPUTE, now=now + M, reason="  ")
    assert_nothing_changed(ticket.id)


def test_someone_who_neither_holds_nor_oversees_the_ticket_may_not_reclassify_it(street, now):
    ticket = opened(street, now)
    for person in (street.colleague, street.lender, street.mediator):
        with pytest.raises(Forbidden):
            reclassify(ticket, person, Category.DISPUTE, now=now + M)
    assert_nothing_changed(ticket.id)


def test_the_firm_manager_may_not_reclassify_a_dispute_whose_words_they_may_not_read(street, now):
    ticket = opened(street, now, category=Category.DISPUTE, skill=None)
    with pytest.raises(Forbidden):
        reclassify(ticket, street.manager, Category.REPAIR, now=now + M)


def test_a_closed_ticket_is_not_reclassified(street, now):
    ticket = opened(street, now)
    tickets.accept(ticket.id, now=now + M, by=Actor.person(street.steward.id))
    tickets.resolve(ticket.id, note="修好了", now=now + 2 * M, by=Actor.person(street.steward.id))
    routing.rate(ticket.id, score=5, now=now + 3 * M, by=Actor.resident(street.resident.openid))

    with pytest.raises(IllegalTransition, match="cannot reclassify a ticket that is closed"):
        reclassify(ticket, street.supervisor, Category.DISPUTE, now=now + 4 * M)
    assert_nothing_changed(ticket.id)


def test_a_paused_ticket_is_resumed_before_it_is_reclassified(street, now):
    ticket = opened(street, now)
    tickets.accept(ticket.id, now=now + M, by=Actor.person(street.steward.id))
    tickets.pause(ticket.id, reason="等配件", now=now + 2 * M, by=Actor.person(street.steward.id))

    with pytest.raises(IllegalTransition, match="cannot reclassify a ticket that is paused"):
        reclassify(ticket, street.steward, Category.DISPUTE, now=now + 4 * M)


def test_the_tracker_watches_the_new_categorys_deadline(street, now):
    from app.tracking import service as tracker
    from app.tracking.models import Clock, Escalation
    ticket = opened(street, now)  # a repair: to be accepted within 10 minutes
    reclassify(ticket, street.steward, Category.EMERGENCY, now=now + 2 * M, reason="燃气味很重，是紧急情况")

    tracker.sweep(now=now + 6 * M)  # past the emergency's 5 minutes, inside the repair's 10

    fired = db.session.scalars(sa.select(Escalation).where(Escalation.ticket_id == ticket.id)).all()
    assert [(Clock(e.clock), e.rung) for e in fired] == [(Clock.RESPOND, 1)]


def test_a_request_misread_as_praise_becomes_the_request_and_none_of_the_praises_life_counts(street, now):
    from app.routing.models import Praise
    ticket = opened(street, now, category=Category.PRAISE, skill=None,
                    description="王建国师傅，小区门口的路灯不亮了，晚上出门很危险，希望尽快维修，谢谢")
    assert ticket.status is Status.CLOSED and ticket.response_met is True
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Praise)) == 1

    ticket = reclassify(ticket, street.supervisor, Category.REPAIR, now=now + 30 * M, reason="是报修，不是表扬")

    # A street light: the electrician (李红), its trade read again from the words.
    assert (ticket.category, ticket.status, ticket.handling_org, ticket.assignee_id) == (
        Category.REPAIR, Status.DISPATCHED, HandlingOrg.FIRM, street.colleague.id)
    assert (ticket.accepted_at, ticket.response_met, ticket.resolved_at, ticket.resolution_met, ticket.closed_at) == (
        None, None, None, None, None)
    assert ticket.respond_due_at == now + 10 * M  # from the opening: late already, as it truly is
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Praise)) == 0
    ticket = tickets.accept(ticket.id, now=now + 31 * M, by=Actor.person(street.colleague.id))
    assert (ticket.response_seconds, ticket.response_met) == (31 * 60, False)
