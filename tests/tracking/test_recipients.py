"""Who a rung tells, read from the database in one or two statements: the backup's choice and the roles."""
from datetime import timedelta

from app.org.models import RoleKind
from app.tickets.models import HandlingOrg
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tracking import recipients
from app.tracking.rules import Target
from tests.factories import create_estate, create_person, create_steward, create_ticket, dispatch_to

M = timedelta(minutes=1)


def test_the_backup_is_the_steward_of_the_tickets_building_even_when_busier(ctx, now):
    estate = create_estate()
    assignee = create_steward(estate)
    near = create_steward(estate, buildings=[estate.buildings[0]])  # building 1, the ticket's
    create_steward(estate, buildings=[estate.buildings[1]])  # idle, but elsewhere
    dispatch_to(create_ticket(estate, now=now), near, now=now)  # near has one open ticket
    ticket = dispatch_to(create_ticket(estate, now=now), assignee, now=now)

    assert recipients.find_backup(ticket, now=now) == near.id


def test_among_equals_the_least_loaded_on_duty_steward_with_the_skill_backs_up(ctx, now):
    estate = create_estate()
    assignee = create_steward(estate)
    busy = create_steward(estate)
    create_steward(estate, on_duty=False)
    create_steward(estate, skills="lift")
    free = create_steward(estate)
    dispatch_to(create_ticket(estate, now=now), busy, now=now)
    ticket = dispatch_to(create_ticket(estate, now=now, skill="plumbing"), assignee, now=now)

    assert recipients.find_backup(ticket, now=now) == free.id


def test_a_branch_tickets_backup_is_another_mediator_or_secretary_of_the_grid(ctx, now):
    estate = create_estate()
    mediator = create_person(roles=[{"kind": RoleKind.MEDIATOR, "grid_id": estate.grid_id}])
    secretary = create_person(roles=[{"kind": RoleKind.SECRETARY, "grid_id": estate.grid_id}])
    create_steward(estate)
    ticket = create_ticket(estate, now=now)
    tickets.dispatch(ticket.id, assignee_id=mediator.id, handling_org=HandlingOrg.BRANCH, now=now,
                     by=Actor.system("router"))

    assert recipients.find_backup(tickets.get_ticket(ticket.id), now=now) == secretary.id


def test_each_person_is_told_once_under_the_first_target_that_names_them_in_the_rungs_order(ctx, now):
    estate = create_estate()
    steward = create_steward(estate)
    both = create_person(roles=[{"kind": RoleKind.MANAGER, "estate_id": estate.id},
                                {"kind": RoleKind.SECRETARY, "grid_id": estate.grid_id}])
    manager = create_person(roles=[{"kind": RoleKind.MANAGER, "estate_id": estate.id}])
    create_person(roles=[{"kind": RoleKind.MANAGER, "estate_id": create_estate().id}])  # another estate's
    ticket = dispatch_to(create_ticket(estate, now=now), steward, now=now)

    told = recipients.people_for(ticket, (Target.SECRETARY, Target.ASSIGNEE, Target.MANAGER), backup_id=None)

    assert [(r.person_id, r.why) for r in told] == [
        (both.id, Target.SECRETARY), (steward.id, Target.ASSIGNEE), (manager.id, Target.MANAGER)]
    assert told[1].openid == steward.openid


def test_nobody_to_tell_is_an_empty_list(ctx, now):
    estate = create_estate()
    ticket = create_ticket(estate, now=now)
    assert recipients.people_for(ticket, (Target.ASSIGNEE, Target.BACKUP), backup_id=None) == []
