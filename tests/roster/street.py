"""A firm with a roster and the accounts that look at it, for the page tests."""
from __future__ import annotations

from dataclasses import dataclass

from app.accounts.service import create_account
from app.extensions import db
from app.org.models import Estate, Person, RoleKind
from app.roster.models import Shift
from tests.factories import create_estate, create_person, create_steward
from tests.roster.builders import create_shift, put_on

PASSWORD = "s3cret-pass"


@dataclass
class RosterStreet:
    estate: Estate
    other_estate: Estate  # another firm, another community
    day: Shift
    night: Shift
    lift: Person  # lift steward, days
    plumber: Person  # plumbing steward, nights
    manager: Person


def build(now) -> RosterStreet:
    """Firm A: a lift steward on days only, a plumber on nights: lift is uncovered every night.
    Accounts: `manager` (firm A's manager), `supervisor` (the community's), `other` (firm B's manager)."""
    estate = create_estate(name="阳光花园")
    other = create_estate(name="别的小区")
    day = create_shift(estate.firm_id, "day", "08:00", "20:00")
    night = create_shift(estate.firm_id, "night", "20:00", "08:00")
    lift = create_steward(estate, skills="lift,electrical,gas", name="李电梯", code="LIFT")
    plumber = create_steward(estate, skills="plumbing,electrical,gas", name="王水暖", code="PLUMB")
    put_on(lift, day)
    put_on(plumber, night)
    manager = create_person(code="MGR", name="张经理",
                            roles=[{"kind": RoleKind.MANAGER, "estate_id": estate.id, "firm_id": estate.firm_id}])
    create_person(code="SUP", name="赵督办",
                  roles=[{"kind": RoleKind.SUPERVISOR, "community_id": estate.grid.community_id}])
    create_person(code="OTHERM", name="钱经理",
                  roles=[{"kind": RoleKind.MANAGER, "estate_id": other.id, "firm_id": other.firm_id}])
    for username, person in (("manager", "MGR"), ("supervisor", "SUP"), ("other", "OTHERM")):
        create_account(username, PASSWORD, now=now, person_code=person)
    db.session.commit()
    return RosterStreet(estate, other, day, night, lift, plumber, manager)
