"""A steward's push says what is wrong: the resident's first words, numbers masked, an emergency's
hazard first; a dispute's words only to those who may read them."""
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.org.models import RoleKind
from app.pushes.models import Push
from app.pushes import notify
from app.routing.service import open_and_route
from app.tickets.actors import Actor
from app.tickets.models import Category
from app.tickets.service import TicketDraft
from tests.factories import create_estate, create_person, create_steward

RESIDENT = Actor.resident("o_resident")


def draft(estate, **kw):
    base = dict(category=Category.REPAIR, estate_code=estate.code, description="厨房水管漏水", building="1",
                unit="2", room="501", skill="plumbing", resident_openid="o_resident")
    return TicketDraft(**{**base, **kw})


def data_for(person):
    push = db.session.scalars(sa.select(Push).where(Push.recipient_person_id == person.id)).one()
    return push.payload["data"]


@pytest.fixture
def estate(ctx):
    return create_estate(buildings=("1", "2"))


def test_a_dispatch_push_carries_the_residents_first_words_with_the_phone_masked(estate, now):
    steward = create_steward(estate, skills="plumbing")
    open_and_route(draft(estate, description="卫生间水管爆了一直在滴水，电话13800138000找我，谢谢师傅们辛苦了"),
                   now=now, by=RESIDENT)
    problem = data_for(steward)["problem"]
    assert problem.startswith("卫生间水管") and "13800138000" not in problem
    assert len(problem) <= 20 and problem.endswith("…")


def test_an_emergency_push_names_the_hazard_first_to_the_holder_and_to_the_alerted(estate, now):
    holder = create_steward(estate, skills="lift")
    other = create_steward(estate, skills="gas")
    manager = create_person(roles=[{"kind": RoleKind.MANAGER, "estate_id": estate.id}])
    open_and_route(draft(estate, category=Category.EMERGENCY, skill="lift", description="电梯困人了，孩子在里面"),
                   now=now, by=RESIDENT)
    assert data_for(holder)["problem"] == "「电梯困人」电梯困人了，孩子在里面"
    assert data_for(other)["problem"].startswith("「电梯困人」")
    assert data_for(manager)["problem"].startswith("「电梯困人」")


def test_a_gas_leak_and_a_lift_trap_read_differently(estate, now):
    steward = create_steward(estate, skills="gas")
    open_and_route(draft(estate, category=Category.EMERGENCY, skill="gas", description="厨房一股煤气味"),
                   now=now, by=RESIDENT)
    assert data_for(steward)["problem"] == "「燃气泄漏」厨房一股煤气味"


def test_a_disputes_words_go_to_the_branch_and_never_to_the_firms_staff(estate, now):
    mediator = create_person(roles=[{"kind": RoleKind.MEDIATOR, "grid_id": estate.grid_id}])
    steward = create_steward(estate)
    ticket = open_and_route(draft(estate, category=Category.DISPUTE, skill=None, description="楼上邻居半夜装修吵架"),
                            now=now, by=RESIDENT)
    assert ticket.assignee_id == mediator.id
    assert data_for(mediator)["problem"] == "楼上邻居半夜装修吵架"

    notify.tell_staff(ticket, steward.id, now=now, purpose="urge", template="task_urged", note="居民催单")
    db.session.commit()
    assert "problem" not in data_for(steward)
