"""Staff merge two tickets about one problem: the later closes as merged, its residents follow the survivor."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.duplicates import repository, service
from app.duplicates.models import TicketFollower, TicketMerge
from app.duplicates.rules import MergeRefused
from app.extensions import db
from app.org.models import RoleKind
from app.pushes.models import Push
from app.staff.access import Forbidden
from app.staff.scopes import staff_scope
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tickets.models import Status, Ticket
from factories import create_estate, create_person, create_steward, create_ticket, dispatch_to


@pytest.fixture
def estate(ctx):
    return create_estate(buildings=("1", "2", "3"))


@pytest.fixture
def manager(estate):
    return create_person(roles=[{"kind": RoleKind.MANAGER, "estate_id": estate.id, "firm_id": estate.firm_id}])


def merge(a, b, person, now):
    return service.merge(a.id, b.id, now=now, staff=staff_scope(person.id), by=Actor.person(person.id))


def fresh(ticket):
    db.session.expire_all()
    return db.session.get(Ticket, ticket.id)


def test_the_later_ticket_closes_as_merged_and_its_residents_follow_the_survivor(estate, manager, now):
    steward = create_steward(estate, skills="lift")
    first = create_ticket(estate, now=now, resident_openid="o_a", skill="lift")
    later = dispatch_to(create_ticket(estate, now=now + timedelta(minutes=5), resident_openid="o_b",
                                      skill="lift"), steward, now=now)
    service.follow(later, "o_c", now=now)
    db.session.commit()

    survivor = merge(later, first, manager, now + timedelta(minutes=10))  # named in either order

    assert survivor.id == first.id
    later = fresh(later)
    assert (later.status, later.closed_at, later.next_escalation_at) == (Status.CLOSED, now + timedelta(minutes=10), None)
    assert later.events[-1].action == "merged_into" and first.number in later.events[-1].reason
    assert fresh(first).events[-1].action == "merged_from" and later.number in fresh(first).events[-1].reason
    assert sorted(repository.followers(first.id)) == ["o_b", "o_c"]
    assert repository.reporters([first.id, later.id]) == {first.id: 3, later.id: 2}
    assert db.session.scalar(sa.select(TicketMerge.survivor_id)) == first.id
    told = db.session.scalars(sa.select(Push.purpose).where(Push.ticket_id == later.id)).all()
    assert "progress:merged" in told and "merged" in told  # its residents and its holder


def test_a_ticket_cannot_be_merged_with_itself(estate, manager, now):
    ticket = create_ticket(estate, now=now)
    with pytest.raises(MergeRefused) as refused:
        merge(ticket, ticket, manager, now)
    assert refused.value.message == "不能把工单和它自己合并"


def test_tickets_at_different_estates_are_not_merged(estate, manager, now):
    other = create_estate(grid=estate.grid, firm=estate.firm)
    with pytest.raises(MergeRefused) as refused:
        merge(create_ticket(estate, now=now), create_ticket(other, now=now), manager, now)
    assert refused.value.code == "merge_across_estates"


@pytest.mark.parametrize("end", ["cancel", "close"])
def test_a_closed_or_cancelled_ticket_is_not_merged_and_nothing_changes(estate, manager, now, end):
    steward = create_steward(estate)
    open_one = create_ticket(estate, now=now, resident_openid="o_a")
    done = create_ticket(estate, now=now, resident_openid="o_b")
    if end == "cancel":
        tickets.cancel(done.id, now=now, by=Actor.resident("o_b"))
    else:
        dispatch_to(done, steward, now=now)
        tickets.accept(done.id, now=now, by=Actor.person(steward.id))
        tickets.resolve(done.id, note="好了", now=now, by=Actor.person(steward.id))
        tickets.close(done.id, now=now, by=Actor.system())
    with pytest.raises(MergeRefused) as refused:
        merge(open_one, done, manager, now)
    assert refused.value.code == "merge_closed" and done.number in refused.value.message
    assert fresh(open_one).status is Status.OPENED
    assert db.session.scalar(sa.select(sa.func.count(TicketFollower.id))) == 0


def test_a_steward_may_not_merge(estate, now):
    steward = create_steward(estate)
    with pytest.raises(Forbidden):
        merge(create_ticket(estate, now=now), create_ticket(estate, now=now), steward, now)
