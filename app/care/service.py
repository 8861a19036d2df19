"""Care's use cases: enter or change a household, record a visit (a finding becomes a ticket), read.

Every refusal is a CareError with a stable code and its Chinese message (app.care.texts).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.care import linking, people, rules, texts
from app.care.models import CareHousehold, CareReason, CareTicket, CareVisit, care_carer
from app.care.rules import HouseholdFacts
from app.extensions import db
from app.org.models import Building, Estate, Person
from app.routing.service import open_and_route
from app.staff.access import StaffScope
from app.tickets.actors import Actor
from app.tickets.models import Category, Channel, Ticket
from app.tickets.service import TicketDraft
from app.tracking.ladder import set_next_check
from app.transaction import use_case


class CareError(Exception):
    """A request care's rules refuse; `status` is the HTTP status the API and pages answer with."""

    def __init__(self, code: str, status: int = 422, **facts):
        self.code, self.status, self.facts = code, status, facts
        self.message = texts.error(code, **facts)
        super().__init__(f"{code} {facts}")


@dataclass
class HouseholdData:
    """What entering or changing a household takes, validated in form (by a schema)."""

    code: str
    estate: str
    name: str
    reason: CareReason
    visit_every_days: int
    carers: list[str]  # person codes
    building: str | None = None
    unit: str | None = None
    room: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    notes: str = ""


@dataclass
class VisitData:
    at: datetime
    notes: str = ""
    checks: dict = field(default_factory=dict)
    media_ids: tuple[str, ...] = ()
    finding: str | None = None  # a problem found: becomes a repair ticket at once


def facts(household: CareHousehold) -> HouseholdFacts:
    return HouseholdFacts(household.grid_id, household.community_id, frozenset(p.id for p in household.carers))


def save_in_session(data: HouseholdData, *, now: datetime, household: CareHousehold | None = None) -> bool:
    """Create (household None: found by code, or new) or change a household; True when anything changed.
    The import and the dashboard both come here: the same checks whoever enters it."""
    if household is None:
        household = db.session.scalar(sa.select(CareHousehold).where(CareHousehold.code == data.code))
    elif data.code != household.code and db.session.scalar(
            sa.select(sa.exists().where(CareHousehold.code == data.code))):
        raise CareError("duplicate_code", household=data.code)
    estate, building = _place(data.estate, data.building)
    carers = _carers(data.carers, estate.grid.community_id)
    if not 1 <= data.visit_every_days <= rules.MAX_EVERY_DAYS:
        raise CareError("bad_every_days")
    values = dict(code=data.code, community_id=estate.grid.community_id, grid_id=estate.grid_id,
                  estate_id=estate.id, building_id=building.id if building else None, unit=data.unit,
                  room=data.room, name=data.name, reason=data.reason, contact_name=data.contact_name,
                  contact_phone=data.contact_phone, notes=data.notes or "", visit_every_days=data.visit_every_days)
    if household is None:
        household = CareHousehold(**values, created_at=now, carers=carers,
                                  next_due_at=rules.first_due(now, data.visit_every_days))
        db.session.add(household)
        db.session.flush()
        plan_checks(household)
        return True
    changed = any(getattr(household, k) != v for k, v in values.items()) or household.carers != carers
    if household.visit_every_days != data.visit_every_days:
        # A new plan counts from the last visit (or the entry), never back in time past what fired.
        last = _last_visit_at(household.id) or household.created_at
        household.next_due_at = rules.next_due(last, data.visit_every_days)
    for key, value in values.items():
        setattr(household, key, value)
    household.carers = carers
    plan_checks(household)
    return changed


def _place(estate_code: str, building_code: str | None) -> tuple[Estate, Building | None]:
    estate = db.session.scalar(sa.select(Estate).where(Estate.code == estate_code))
    if estate is None:
        raise CareError("unknown_estate", estate=estate_code)
    if building_code is None:
        return estate, None
    building = db.session.scalar(sa.select(Building).where(Building.estate_id == estate.id,
                                                          Building.code == building_code))
    if building is None:
        raise CareError("unknown_building", estate=estate.name, building=building_code)
    return estate, building


def _carers(codes: list[str], community_id: int) -> list[Person]:
    """The carers by code: at least one, each serving the household's community."""
    if not codes:
        raise CareError("no_carer")
    found = {p.code: p for p in db.session.scalars(sa.select(Person).where(Person.code.in_(codes)))}
    for code in codes:
        if code not in found:
            raise CareError("unknown_person", who=code)
    carers = [found[c] for c in dict.fromkeys(codes)]
    served = people.communities_of([p.id for p in carers])
    for person in carers:
        if community_id not in served[person.id]:
            raise CareError("carer_outside", who=f"{person.name}（{person.code}）")
    return sorted(carers, key=lambda p: p.id)


def _last_visit_at(household_id: int) -> datetime | None:
    return db.session.scalar(sa.select(sa.func.max(CareVisit.at)).where(CareVisit.household_id == household_id))


def plan_checks(household: CareHousehold) -> None:
    """The household's next check from its awaited visit and the rungs fired for it."""
    from app.care import escalation

    household.next_check_at = escalation.next_check_for(household)


@use_case
def save_household(data: HouseholdData, *, now: datetime, staff: StaffScope,
                   household_id: int | None = None) -> CareHousehold:
    """The dashboard's edit (the grid's secretary or the community's supervisor, of their own area)."""
    household = visible(household_id, staff) if household_id is not None else None
    if household is not None and not rules.oversees(staff, facts(household)):
        raise CareError("not_allowed", 403)
    save_in_session(data, now=now, household=household)
    saved = db.session.scalar(sa.select(CareHousehold).where(CareHousehold.code == data.code))
    if not rules.oversees(staff, facts(saved)):
        raise CareError("not_allowed", 403)  # rolled back: nobody enters a household outside their area
    return saved


def visible(household_id: int, staff: StaffScope) -> CareHousehold:
    """The household, when the caller may see its details; 404 otherwise (its existence stays hidden)."""
    household = db.session.get(CareHousehold, household_id)
    if household is None or not rules.may_see(staff, facts(household)):
        raise CareError("not_found", 404)
    return household


@use_case
def record_visit(household_id: int, data: VisitData, *, now: datetime, staff: StaffScope) -> CareVisit:
    """A carer's visit (走访): it answers the awaited visit and plans the next; a finding opens a ticket."""
    household = visible(household_id, staff)
    if not rules.may_visit(staff, facts(household)):
        raise CareError("not_your_household", 403)
    if data.at > now:
        raise CareError("visit_in_future")
    visit = CareVisit(household_id=household.id, person_id=staff.person_id, at=data.at,
                      due_at=household.next_due_at, on_time=rules.on_time(data.at, household.next_due_at),
                      notes=data.notes, checks=data.checks, media_ids=list(data.media_ids), recorded_at=now)
    db.session.add(visit)
    household.next_due_at = max(household.next_due_at, rules.next_due(data.at, household.visit_every_days))
    plan_checks(household)
    if data.finding:
        visit.ticket_id = report_finding(household, data.finding, media_ids=data.media_ids, now=now,
                                         by=Actor.person(staff.person_id, staff.code)).id
    return visit


def report_finding(household: CareHousehold, finding: str, *, media_ids: tuple[str, ...], now: datetime,
                   by: Actor) -> Ticket:
    """A finding (燃气软管老化) as a repair ticket, routed as any, linked to the household, on the faster
    care policy (CARE_RESPOND_SECONDS, CARE_ARRIVE_SECONDS)."""
    draft = TicketDraft(category=Category.REPAIR, estate_code=household.estate.code, description=finding,
                        building=household.building.code if household.building else None, unit=household.unit,
                        room=household.room, resident_phone=household.contact_phone, media_ids=media_ids,
                        channel=Channel.PATROL)  # found on a round (巡查): the carer's visit
    ticket = open_and_route(draft, now=now, by=by)  # linked at opening when the household names its room
    if ticket.id not in {t.id for t in tickets_of(household.id)}:
        linking.link(ticket, household)
        set_next_check(ticket)
    return ticket


def my_households(staff: StaffScope) -> list[CareHousehold]:
    """The households I care for, and those of the grids and communities I oversee."""
    mine = sa.select(care_carer.c.household_id).where(care_carer.c.person_id == staff.person_id)
    query = sa.select(CareHousehold).where(CareHousehold.active, sa.or_(
        CareHousehold.id.in_(mine), CareHousehold.grid_id.in_(staff.secretary_grids),
        CareHousehold.community_id.in_(staff.supervised_communities)))
    return list(db.session.scalars(query.order_by(CareHousehold.next_due_at, CareHousehold.id)))


def due_visits(staff: StaffScope, *, now: datetime, within_days: int) -> list[CareHousehold]:
    """Households I care for whose awaited visit is due within `within_days` days (or already missed)."""
    mine = sa.select(care_carer.c.household_id).where(care_carer.c.person_id == staff.person_id)
    query = sa.select(CareHousehold).where(CareHousehold.active, CareHousehold.id.in_(mine),
                                           CareHousehold.next_due_at <= now + timedelta(days=within_days))
    return list(db.session.scalars(query.order_by(CareHousehold.next_due_at, CareHousehold.id)))


def visits_of(household_id: int, limit: int = 50) -> list[CareVisit]:
    return list(db.session.scalars(sa.select(CareVisit).where(CareVisit.household_id == household_id)
                                   .order_by(CareVisit.at.desc(), CareVisit.id.desc()).limit(limit)))


def communities_overseen(staff: StaffScope) -> set[int]:
    """The communities whose figures the caller reads: supervised, or holding a grid they are secretary of."""
    from app.org.models import Grid

    grids = set(db.session.scalars(sa.select(Grid.community_id).where(Grid.id.in_(staff.secretary_grids))))
    return set(staff.supervised_communities) | grids


def last_visits(household_ids: list[int]) -> dict[int, datetime]:
    rows = db.session.execute(sa.select(CareVisit.household_id, sa.func.max(CareVisit.at))
                              .where(CareVisit.household_id.in_(household_ids)).group_by(CareVisit.household_id))
    return dict(rows.all())


def escalations_of(household_id: int) -> list:
    from app.care.models import CareEscalation

    return list(db.session.scalars(sa.select(CareEscalation).where(CareEscalation.household_id == household_id)
                                   .order_by(CareEscalation.id.desc()).limit(20)))


def tickets_of(household_id: int) -> list[Ticket]:
    return list(db.session.scalars(sa.select(Ticket).join(CareTicket, CareTicket.ticket_id == Ticket.id)
                                   .where(CareTicket.household_id == household_id).order_by(Ticket.id.desc())))
