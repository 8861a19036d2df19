"""Joint meetings' use cases: called from the agenda, held, decided, closed, reported to the next; what is refused."""
from datetime import date, timedelta

import pytest

from app.accounts.service import viewer_of
from app.clock import local_day
from app.dashboard.rules import month_of
from app.meetings import figures, service
from app.meetings.models import DecisionStatus, ItemSource, OwnerKind
from app.meetings.service import MeetingError
from app.staff.scopes import staff_scope
from tests.meetings.helpers import build_meeting_street


@pytest.fixture
def street(ctx, now):
    return build_meeting_street(now)


def held_meeting(street, now, title="11月联席会议"):
    meeting = service.call_meeting(street.chair, title=title, planned_at=now - timedelta(hours=1), grid_id=None,
                                   days=30, now=now)
    return service.mark_held(meeting.id, held_at=now - timedelta(hours=1), account=street.chair, now=now,
                             attendees={"branch": "李红", "residents_committee": "周敏", "owners_committee": "",
                                        "firm": "陈明"})


def test_a_meeting_is_built_from_the_agenda_of_its_own_community(street, now):
    meeting = service.call_meeting(street.chair, title="11月联席会议", planned_at=now, grid_id=None, days=30, now=now)

    sources = [(i.source, i.text) for i in meeting.items]
    assert [s for s, _ in sources] == [ItemSource.DISPUTE, ItemSource.RECURRING]
    assert "楼上漏水到楼下" in sources[0][1] and "别的社区" not in " ".join(t for _, t in sources)
    assert "3栋" in sources[1][1] and "3 次" in sources[1][1]


def test_the_supervisor_adds_an_item(street, now):
    meeting = service.call_meeting(street.chair, title="会", planned_at=now, grid_id=None, days=30, now=now)
    item = service.add_item(meeting.id, text="小区停车位划线", account=street.chair)
    assert item.source is ItemSource.ADDED and item.position == 3


def test_only_the_supervisor_calls_a_meeting_and_adds_items(street, now):
    meeting = service.call_meeting(street.chair, title="会", planned_at=now, grid_id=None, days=30, now=now)
    with pytest.raises(MeetingError) as by_secretary:
        service.add_item(meeting.id, text="x", account=street.clerk)
    with pytest.raises(MeetingError) as calling:
        service.call_meeting(street.clerk, title="会", planned_at=now, grid_id=None, days=30, now=now)
    assert by_secretary.value.status == 403 and calling.value.code == "no_community"


def test_a_meeting_in_the_future_cannot_be_marked_held(street, now):
    meeting = service.call_meeting(street.chair, title="会", planned_at=now, grid_id=None, days=30, now=now)
    with pytest.raises(MeetingError) as refused:
        service.mark_held(meeting.id, held_at=now + timedelta(hours=2), attendees={}, account=street.chair, now=now)
    assert refused.value.code == "held_in_future" and refused.value.message == "会议时间晚于现在，不能标记为已召开"


@pytest.mark.parametrize("owner, deadline, code", [
    ("", date(2026, 12, 1), "owner_required"),
    (None, date(2026, 12, 1), "owner_required"),
    ("绿城物业", None, "deadline_required"),
    ("绿城物业", date(2026, 11, 1), "deadline_before_meeting"),
])
def test_a_decision_without_an_owner_or_a_deadline_is_refused(street, now, owner, deadline, code):
    meeting = held_meeting(street, now)
    with pytest.raises(MeetingError) as refused:
        service.decide(meeting.items[0].id, text="物业负责维修", owner_kind=OwnerKind.FIRM, owner=owner,
                       deadline=deadline, account=street.chair, now=now)
    assert refused.value.code == code and refused.value.message


def test_a_decision_before_the_meeting_is_held_is_refused(street, now):
    meeting = service.call_meeting(street.chair, title="会", planned_at=now, grid_id=None, days=30, now=now)
    with pytest.raises(MeetingError) as refused:
        service.decide(meeting.items[0].id, text="x", owner_kind=OwnerKind.FIRM, owner="绿城物业",
                       deadline=local_day(now), account=street.chair, now=now)
    assert refused.value.code == "not_held"


def test_a_decision_owned_by_a_person_is_closed_with_a_note_and_never_without(street, now, clock):
    meeting = held_meeting(street, now)
    decision = service.decide(meeting.items[0].id, text="更换楼上防水层", owner_kind=OwnerKind.PERSON,
                              owner=street.steward.code, deadline=local_day(now) + timedelta(days=7),
                              account=street.chair, now=now)
    assert decision.owner_name == "王建国" and decision.next_check_at == decision.due_at
    owner = staff_scope(street.steward.id)

    with pytest.raises(MeetingError) as refused:
        service.close_decision(decision.id, note="  ", staff=owner, by="王建国", now=clock.advance(days=1))
    done = service.close_decision(decision.id, note="防水层已更换", staff=owner, by="王建国", now=clock.moment)

    assert refused.value.code == "note_required"
    assert done.status is DecisionStatus.DONE and done.done_note == "防水层已更换" and done.next_check_at is None


def test_someone_outside_the_community_cannot_close_a_decision(street, now):
    meeting = held_meeting(street, now)
    decision = service.decide(meeting.items[0].id, text="x", owner_kind=OwnerKind.BRANCH, owner="测试网格党支部",
                              deadline=local_day(now), account=street.chair, now=now)
    with pytest.raises(MeetingError) as hidden:
        service.close_decision(decision.id, note="好了", staff=staff_scope(street.outsider.id), by="x", now=now)
    assert hidden.value.status == 404


def test_open_decisions_are_reported_to_the_next_meeting(street, now, clock):
    first = held_meeting(street, now)
    open_one = service.decide(first.items[0].id, text="协调漏水赔偿", owner_kind=OwnerKind.RESIDENTS_COMMITTEE,
                              owner="红星居委会", deadline=local_day(now), account=street.chair, now=now)
    done_one = service.decide(first.items[1].id, text="更换楼道灯", owner_kind=OwnerKind.FIRM, owner="测试物业",
                              deadline=local_day(now) + timedelta(days=3), account=street.chair, now=now)
    service.close_decision(done_one.id, note="已换", staff=viewer_of(street.chair), by="杨帆", now=clock.advance(days=1))

    later = service.call_meeting(street.chair, title="12月联席会议", planned_at=clock.advance(days=20),
                                 grid_id=None, days=30, now=clock.moment)

    assert [d.id for d in service.reported_to(later)] == [open_one.id, done_one.id]


def test_the_months_figures_count_meetings_held_decisions_done_on_time_and_open(street, now, clock):
    meeting = held_meeting(street, now)
    on_time = service.decide(meeting.items[0].id, text="a", owner_kind=OwnerKind.FIRM, owner="测试物业",
                             deadline=local_day(now) + timedelta(days=2), account=street.chair, now=now)
    service.decide(meeting.items[1].id, text="b", owner_kind=OwnerKind.BRANCH, owner="支部",
                   deadline=local_day(now) + timedelta(days=2), account=street.chair, now=now)
    service.close_decision(on_time.id, note="办好了", staff=viewer_of(street.chair), by="杨帆", now=clock.advance(days=1))

    [row] = figures.monthly({street.estate.grid.community_id}, month_of(local_day(now)))

    assert (row.held, row.decisions, row.on_time, row.open) == (1, 2, 1, 1)


def test_a_job_handed_beyond_the_firm_and_not_yet_done_is_on_the_agenda(street, now):
    from app.handoff import service as handoff
    from app.handoff.models import HandoffTo
    from app.tickets import service as tickets
    from app.tickets.actors import Actor
    from tests.factories import create_ticket, dispatch_to

    ticket = create_ticket(street.estate, now=now, building="2", description="老年食堂什么时候开")
    dispatch_to(ticket, street.steward, now=now)
    by = Actor.person(street.steward.id)
    tickets.accept(ticket.id, now=now, by=by)
    handoff.hand_off(ticket.id, to=HandoffTo.BRANCH, reason="社区事务，不属物业服务", now=now,
                     staff=staff_scope(street.steward.id), by=by)

    meeting = service.call_meeting(street.chair, title="会", planned_at=now, grid_id=None, days=30, now=now)

    handed = [i for i in meeting.items if i.source == ItemSource.HANDOFF]
    assert [(i.ticket_id, i.text) for i in handed] == [
        (ticket.id, f"{ticket.number} 转网格党支部：社区事务，不属物业服务")]
