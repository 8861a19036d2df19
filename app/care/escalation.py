"""The missed-visit ladder (走访超期督办): the care sweep fires each rung once per awaited visit.

Like the ticket tracker (app.tracking.service): the household is claimed in its own transaction
(`FOR UPDATE SKIP LOCKED` on PostgreSQL), the CareEscalation row's unique key (household, due_at, rung)
is inserted before anyone is told, and the pushes go through the outbox in the same transaction.
"""
from __future__ import annotations

import logging
from datetime import datetime

import sqlalchemy as sa

from app.care import people, rules, texts
from app.care.models import CareEscalation, CareHousehold, CareLadderRung, CareTarget
from app.care.rules import Rung
from app.clock import fmt_local
from app.db_types import insert_for
from app.extensions import db
from app.pushes.models import PushKind
from app.pushes.service import enqueue_many
from app.tracking.each_due import DueReport, sweep_each
from app.tracking.texts import field, level
from app.transaction import use_case

log = logging.getLogger(__name__)


def load_ladder() -> tuple[Rung, ...]:
    rows = db.session.scalars(sa.select(CareLadderRung)).all()
    return rules.merge_ladder([Rung(r.rung, r.after_seconds, rules.parse_targets(r.notify)) for r in rows])


def fired_rungs(household: CareHousehold) -> set[int]:
    if household.id is None:
        return set()
    return set(db.session.scalars(sa.select(CareEscalation.rung).where(
        CareEscalation.household_id == household.id, CareEscalation.due_at == household.next_due_at)))


def next_check_for(household: CareHousehold) -> datetime | None:
    if not household.active:
        return None
    with db.session.no_autoflush:
        return rules.next_check(household.next_due_at, load_ladder(), fired_rungs(household))


def sweep(*, now: datetime) -> DueReport:
    """Every household whose next check is due, one transaction each."""
    due = (sa.select(CareHousehold.id).where(CareHousehold.next_check_at <= now)
           .order_by(CareHousehold.next_check_at, CareHousehold.id))
    return sweep_each(due, lambda household_id: check_household(household_id, now=now), what="care")


@use_case
def check_household(household_id: int, *, now: datetime) -> int:
    """Fire the due rungs of the household's awaited visit, in order; how many fired."""
    household = db.session.scalar(
        sa.select(CareHousehold).where(CareHousehold.id == household_id, CareHousehold.next_check_at <= now)
        .with_for_update(skip_locked=True).execution_options(populate_existing=True))
    if household is None:
        return 0  # another sweeper has it, or a visit came in meanwhile
    ladder, fired = load_ladder(), fired_rungs(household)
    count = 0
    for rung, at in rules.due_rungs(household.next_due_at, ladder, fired, now):
        count += _fire(household, rung, now=now)
        fired.add(rung.rung)
    household.next_check_at = rules.next_check(household.next_due_at, ladder, fired)
    return count


def _fire(household: CareHousehold, rung: Rung, *, now: datetime) -> int:
    told = [(p, why) for p, why in people.people_for(household, rung.notify) if p.openid]
    stmt = (insert_for(db.session.get_bind().dialect.name)(CareEscalation)
            .values(household_id=household.id, due_at=household.next_due_at, rung=rung.rung, fired_at=now,
                    notified=[p.id for p, _ in told])
            .on_conflict_do_nothing(index_elements=["household_id", "due_at", "rung"]).returning(CareEscalation.id))
    if db.session.execute(stmt).scalar() is None:
        return 0
    enqueue_many([_push(household, rung, person, why) for person, why in told], now=now)
    log.info("care sweep: household=%s due=%s rung=%s fired, told %s", household.id,
             household.next_due_at.isoformat(), rung.rung, [p.id for p, _ in told])
    return 1


def _push(household: CareHousehold, rung: Rung, person, why: CareTarget) -> dict:
    """The task_escalated template, as the ticket ladder sends it; the place, never the name."""
    place = f"{household.estate.name}{household.building.code + '栋' if household.building else ''}"
    return dict(
        kind=PushKind.TEMPLATE, purpose=f"care:missed:{rung.rung}", recipient_openid=person.openid,
        recipient_person_id=person.id, template="task_escalated",
        dedupe_key=f"care:{household.id}:{household.next_due_at.isoformat()}:{rung.rung}:{person.id}",
        payload={"data": {"number": field(household.code), "category": texts.PUSH_CATEGORY,
                          "overdue": texts.PUSH_OVERDUE, "level": level(rung.rung),
                          "due": fmt_local(household.next_due_at, "%m-%d %H:%M"), "place": field(place),
                          "ask": field(texts.ASK[why])},
                 "page": f"pages/care/index?id={household.id}"})
