"""A small care street: an estate, a carer steward, the grid's secretary, the supervisor, a volunteer,
and a steward of another community."""
from __future__ import annotations

from dataclasses import dataclass

from app.care.models import CareHousehold, CareReason, CareVolunteer
from app.care.service import HouseholdData, save_in_session
from app.extensions import db
from app.org.models import Estate, Person, RoleKind
from tests.factories import create_estate, create_person, create_steward


@dataclass
class CareStreet:
    estate: Estate
    carer: Person
    other_carer: Person  # a steward of the same firm, not this household's carer
    secretary: Person
    supervisor: Person
    volunteer: Person  # no role; a volunteer of the community
    outsider: Person  # a steward in another community
    outsider_secretary: Person


def build_care_street() -> CareStreet:
    estate = create_estate(buildings=("1", "2", "3"))
    far = create_estate()
    community_id = estate.grid.community_id
    volunteer = create_person(openid="o_volunteer", name="志愿者周")
    db.session.add(CareVolunteer(person_id=volunteer.id, community_id=community_id))
    db.session.commit()
    return CareStreet(
        estate=estate,
        carer=create_steward(estate, openid="o_carer", name="王建国"),
        other_carer=create_steward(estate, openid="o_other"),
        secretary=create_person(openid="o_secretary", roles=[{"kind": RoleKind.SECRETARY, "grid_id": estate.grid_id}]),
        supervisor=create_person(openid="o_supervisor",
                                 roles=[{"kind": RoleKind.SUPERVISOR, "community_id": community_id}]),
        volunteer=volunteer,
        outsider=create_steward(far, openid="o_outsider"),
        outsider_secretary=create_person(roles=[{"kind": RoleKind.SECRETARY, "grid_id": far.grid_id}]),
    )


def household_data(street: CareStreet, **overrides) -> HouseholdData:
    fields = dict(code="CARE-1", estate=street.estate.code, building="2", unit="1", room="302", name="张奶奶",
                  reason=CareReason.ELDERLY, visit_every_days=7, carers=[street.carer.code, street.volunteer.code],
                  contact_name="张明", contact_phone="13900000001", notes="腿脚不便，独自在家")
    fields.update(overrides)
    return HouseholdData(**fields)


def create_household(street: CareStreet, *, now, **overrides) -> CareHousehold:
    data = household_data(street, **overrides)
    save_in_session(data, now=now)
    db.session.commit()
    return db.session.query(CareHousehold).filter_by(code=data.code).one()
