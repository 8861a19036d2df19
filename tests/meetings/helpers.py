"""A community with a supervisor (and a dashboard account), a secretary, a steward, an old dispute and a
recurring problem: what a joint meeting is called on."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from app.accounts.models import Account
from app.org.models import Estate, Person, RoleKind
from app.tickets.models import Category
from tests.dashboard.scenario import create_account
from tests.factories import create_estate, create_person, create_steward, create_ticket


@dataclass
class MeetingStreet:
    estate: Estate
    supervisor: Person
    secretary: Person
    steward: Person
    outsider: Person  # supervisor of another community
    chair: Account  # the supervisor's dashboard account
    clerk: Account  # the secretary's


def build_meeting_street(now) -> MeetingStreet:
    estate = create_estate()
    far = create_estate()
    create_ticket(estate, now=now - timedelta(days=40), category=Category.DISPUTE, description="楼上漏水到楼下，协商不成")
    create_ticket(far, now=now - timedelta(days=40), category=Category.DISPUTE, description="别的社区的纠纷")
    for hours in (1, 2, 3):
        create_ticket(estate, now=now - timedelta(hours=hours), building="3", description="楼道灯不亮")
    supervisor = create_person(openid="o_supervisor", name="杨帆",
                               roles=[{"kind": RoleKind.SUPERVISOR, "community_id": estate.grid.community_id}])
    secretary = create_person(openid="o_secretary", roles=[{"kind": RoleKind.SECRETARY, "grid_id": estate.grid_id}])
    outsider = create_person(roles=[{"kind": RoleKind.SUPERVISOR, "community_id": far.grid.community_id}])
    return MeetingStreet(estate=estate, supervisor=supervisor, secretary=secretary,
                         steward=create_steward(estate, openid="o_steward", name="王建国"), outsider=outsider,
                         chair=create_account("duban", person=supervisor), clerk=create_account("shuji", person=secretary))
