"""Late decisions climb the ladder (决议逾期督办): the decisions sweep fires each rung once per decision,
claimed as the ticket tracker claims tickets (a rung's unique row first, then the pushes in the outbox)."""
from __future__ import annotations

import logging
from datetime import datetime

import sqlalchemy as sa

from app.clock import fmt_local
from app.db_types import insert_for
from app.extensions import db
from app.meetings import rules, texts
from app.meetings.models import Decision, DecisionEscalation, DecisionStatus, Meeting
from app.meetings.rules import Rung, Target
from app.org.models import Grid, Person, Role, RoleKind
from app.pushes.models import PushKind
from app.pushes.service import enqueue_many
from app.tracking.each_due import DueReport, sweep_each
from app.tracking.texts import field, level
from app.transaction import use_case

log = logging.getLogger(__name__)


def fired_rungs(decision: Decision) -> set[int]:
    if decision.id is None:
        return set()
    return set(db.session.scalars(sa.select(DecisionEscalation.rung)
                                  .where(DecisionEscalation.decision_id == decision.id)))


def next_check_for(decision: Decision) -> datetime | None:
    if decision.status is not DecisionStatus.OPEN:
        return None
    with db.session.no_autoflush:
        return rules.next_check(decision.due_at, fired_rungs(decision))


def sweep(*, now: datetime) -> DueReport:
    """Every open decision whose next check is due, one transaction each."""
    due = sa.select(Decision.id).where(Decision.next_check_at <= now).order_by(Decision.next_check_at, Decision.id)
    return sweep_each(due, lambda decision_id: check_decision(decision_id, now=now), what="decisions")


@use_case
def check_decision(decision_id: int, *, now: datetime) -> int:
    decision = db.session.scalar(
        sa.select(Decision).where(Decision.id == decision_id, Decision.next_check_at <= now,
                                  Decision.status == DecisionStatus.OPEN)
        .with_for_update(skip_locked=True).execution_options(populate_existing=True))
    if decision is None:
        return 0
    fired, count = fired_rungs(decision), 0
    for rung in rules.due_rungs(decision.due_at, fired, now):
        count += _fire(decision, rung, now=now)
        fired.add(rung.rung)
    decision.next_check_at = rules.next_check(decision.due_at, fired)
    return count


def _fire(decision: Decision, rung: Rung, *, now: datetime) -> int:
    told = [(p, why) for p, why in people_for(decision, rung.notify) if p.openid]
    stmt = (insert_for(db.session.get_bind().dialect.name)(DecisionEscalation)
            .values(decision_id=decision.id, rung=rung.rung, fired_at=now, notified=[p.id for p, _ in told])
            .on_conflict_do_nothing(index_elements=["decision_id", "rung"]).returning(DecisionEscalation.id))
    if db.session.execute(stmt).scalar() is None:
        return 0
    enqueue_many([_push(decision, rung, person, why) for person, why in told], now=now)
    log.info("decisions sweep: decision=%s rung=%s fired, told %s", decision.id, rung.rung, [p.id for p, _ in told])
    return 1


def people_for(decision: Decision, targets: tuple[Target, ...]) -> list[tuple[Person, Target]]:
    told: dict[int, tuple[Person, Target]] = {}
    meeting = db.session.get(Meeting, decision.meeting_id)
    for target in targets:
        for person in db.session.scalars(_select(decision, meeting, target)):
            told.setdefault(person.id, (person, target))
    return list(told.values())


def _select(decision: Decision, meeting: Meeting, target: Target) -> sa.Select:
    if target is Target.OWNER:
        return sa.select(Person).where(Person.id == decision.owner_person_id)
    if target is Target.SECRETARY:
        grids = ([meeting.grid_id] if meeting.grid_id is not None
                 else sa.select(Grid.id).where(Grid.community_id == meeting.community_id).scalar_subquery())
        scope = Role.grid_id.in_(grids)
        kind = RoleKind.SECRETARY
    else:
        scope, kind = Role.community_id == meeting.community_id, RoleKind.SUPERVISOR
    return (sa.select(Person).join(Role, Role.person_id == Person.id).where(Role.kind == kind, scope)
            .distinct().order_by(Person.id))


def _push(decision: Decision, rung: Rung, person: Person, why: Target) -> dict:
    return dict(
        kind=PushKind.TEMPLATE, purpose=f"decision:late:{rung.rung}", recipient_openid=person.openid,
        recipient_person_id=person.id, template="task_escalated",
        dedupe_key=f"decision:{decision.id}:{rung.rung}:{person.id}",
        payload={"data": {"number": field(f"决议{decision.id}"), "category": texts.PUSH_CATEGORY,
                          "overdue": texts.PUSH_OVERDUE, "level": level(rung.rung),
                          "due": fmt_local(decision.due_at, "%m-%d %H:%M"), "place": field(decision.text),
                          "ask": field(texts.ASK[why.value])},
                 "page": f"pages/decision/index?id={decision.id}"})
