"""Response policies and escalation ladders as data: reading them and editing them (`flask sla`)."""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from marshmallow import ValidationError

from app.extensions import db
from app.org import audit
from app.org.schemas import Duration
from app.tickets import rules as ticket_rules
from app.tickets.models import Category, ResponsePolicy, Status, Ticket
from app.tracking import rules
from app.tracking.models import Clock, Escalation, LadderRung
from app.tracking.rules import Rung, Target, TicketClocks
from app.transaction import use_case


_TRACKED = tuple(rules.RESOLVE_RUNNING | {Status.RESOLVED})


class LadderError(ValueError):
    """A ladder edit the rules refuse; `reason` names the rule for a page's words (app/admin/texts.py)."""

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.reason = reason


def load_ladder() -> tuple[Rung, ...]:
    """The ladder in force: the stored rungs over the defaults."""
    rows = db.session.execute(sa.select(LadderRung.clock, LadderRung.rung, LadderRung.after_seconds,
                                        LadderRung.notify, LadderRung.reassign)).all()
    return rules.merge_ladder(
        [Rung(r.clock, r.rung, r.after_seconds, rules.parse_targets(r.notify), r.reassign) for r in rows])


def policies() -> dict[Category, tuple[int, int | None, int | None]]:
    """Each category's policy in force (stored, else the default)."""
    stored = {p.category: (p.respond_seconds, p.arrive_seconds, p.resolve_seconds)
              for p in db.session.scalars(sa.select(ResponsePolicy))}
    return {c: stored.get(c, ticket_rules.DEFAULT_POLICIES[c]) for c in Category}


@use_case
def set_policy(category: Category, *, respond: int, arrive: int | None, resolve: int | None,
               who: str = audit.CLI, via: str = "cli", now: datetime | None = None) -> None:
    """Edit a category's policy. Tickets keep the deadlines and figures they already have."""
    before = policy_doc(category)
    row = db.session.get(ResponsePolicy, category) or ResponsePolicy(category=category)
    row.respond_seconds, row.arrive_seconds, row.resolve_seconds = respond, arrive, resolve
    db.session.add(row)
    db.session.flush()
    audit.record(f"policy:{category.value}", before, policy_doc(category), who=who, via=via, now=now)


def policy_doc(category: Category) -> dict:
    """A category's policy in force as the organisation file gives it (the audit trail's picture)."""
    from app.tracking.commands import fmt_seconds

    respond, arrive, resolve = policies()[category]
    return {"respond": fmt_seconds(respond), "arrive": fmt_seconds(arrive), "resolve": fmt_seconds(resolve)}


@use_case
def set_rung(clock: Clock, rung: int, *, after_seconds: int, notify: tuple[Target, ...],
             reassign: bool = False, who: str = audit.CLI, via: str = "cli", now: datetime | None = None) -> int:
    """Add or change a rung; a clock's first edit copies its default rungs so the rest stay.
    Returns how many open tickets had their next check recomputed."""
    _check_rung(clock, rung, after_seconds, notify, reassign)
    before = ladder_snapshot()
    if not db.session.scalar(sa.select(sa.exists().where(LadderRung.clock == clock))):
        for r in (r for r in rules.DEFAULT_LADDER if r.clock is clock):
            db.session.add(_row(r))
    row = db.session.get(LadderRung, (clock, rung)) or LadderRung(clock=clock, rung=rung)
    row.after_seconds, row.notify, row.reassign = after_seconds, ",".join(notify), reassign
    db.session.add(row)
    db.session.flush()
    audit.record_changes(before, ladder_snapshot(), who=who, via=via, now=now)
    return recompute_next_checks()


@use_case
def remove_rung(clock: Clock, rung: int, *, who: str = audit.CLI, via: str = "cli",
                now: datetime | None = None) -> int:
    """Remove a stored rung; a clock keeps at least one."""
    row = db.session.get(LadderRung, (clock, rung))
    if row is None:
        raise LadderError(f"the {clock.value} ladder has no stored rung {rung} (defaults are edited with `set`)",
                          "missing")
    if db.session.scalar(sa.select(sa.func.count()).where(LadderRung.clock == clock)) == 1:
        raise LadderError(f"rung {rung} is the last of the {clock.value} ladder; a clock needs at least one", "last")
    before = ladder_snapshot()
    db.session.delete(row)
    db.session.flush()
    audit.record_changes(before, ladder_snapshot(), who=who, via=via, now=now)
    return recompute_next_checks()


def ladder_snapshot() -> dict[str, dict]:
    """The ladder in force, one audit entry per rung ("rung:respond/2" → its settings)."""
    return {f"rung:{r.clock.value}/{r.rung}": {"after": r.after_seconds, "notify": list(r.notify),
                                              "reassign": r.reassign} for r in load_ladder()}


def parse_after(text: str) -> int:
    """A rung's delay after the deadline: `0`, `90s`, `5m`, `2h`…; LadderError("after") otherwise."""
    if text.strip() in ("0", "0s", "0m"):
        return 0
    try:
        seconds = Duration(allow_none=False).deserialize(text)
    except ValidationError as exc:
        raise LadderError(f"{text!r}: {' '.join(exc.messages)}", "after") from exc
    if seconds is None:
        raise LadderError(f"{text!r}: a rung fires a set time after the deadline, like 0s or 5m", "after")
    return seconds


def _check_rung(clock: Clock, rung: int, after_seconds: int, notify: tuple[Target, ...], reassign: bool) -> None:
    if not 1 <= rung <= 9:
        raise LadderError(f"a rung is numbered 1 to 9, not {rung}", "numbered")
    if after_seconds < 0:
        raise LadderError("a rung fires at or after the deadline (--after ≥ 0)", "after")
    if reassign and clock is not Clock.RESPOND:
        raise LadderError("only the respond ladder may reassign (an accepted ticket stays with its steward)",
                          "reassign_clock")
    if reassign and Target.BACKUP not in notify:
        raise LadderError("a rung that reassigns to the backup must also notify the backup", "reassign_backup")


def _row(r: Rung) -> LadderRung:
    return LadderRung(clock=r.clock, rung=r.rung, after_seconds=r.after_seconds,
                      notify=",".join(r.notify), reassign=r.reassign)


def clocks_of(ticket: Ticket) -> TicketClocks:
    return TicketClocks(ticket.status, ticket.respond_due_at, ticket.arrive_due_at, ticket.resolve_due_at,
                        ticket.arrived_at, ticket.resolved_at)


def fired_rungs(ticket: Ticket) -> set[tuple[Clock, int]]:
    """The rungs already fired in the ticket's current cycle (its reopen count, maybe not yet flushed)."""
    if ticket.id is None:
        return set()
    rows = db.session.execute(sa.select(Escalation.clock, Escalation.rung).where(
        Escalation.ticket_id == ticket.id, Escalation.cycle == ticket.reopen_count))
    return {(clock, rung) for clock, rung in rows}


def fired_rungs_of(ticket_ids: list[int]) -> dict[int, set[tuple[Clock, int]]]:
    """The same for many tickets at once, each in its current cycle as stored."""
    fired: dict[int, set[tuple[Clock, int]]] = {}
    rows = db.session.execute(
        sa.select(Escalation.ticket_id, Escalation.clock, Escalation.rung)
        .join(Ticket, sa.and_(Ticket.id == Escalation.ticket_id, Ticket.reopen_count == Escalation.cycle))
        .where(Escalation.ticket_id.in_(ticket_ids)))
    for ticket_id, clock, rung in rows:
        fired.setdefault(ticket_id, set()).add((clock, rung))
    return fired


def auto_close_after() -> timedelta:
    return timedelta(hours=current_app.config["AUTO_CLOSE_AFTER_HOURS"])


def set_next_check(ticket: Ticket, *, ladder: tuple[Rung, ...] | None = None) -> None:
    """The ticket's next check from its state now: the last step of every use case that changes a
    ticket, so the tracker wakes for it when a rung or the auto-close falls due."""
    ticket.next_escalation_at = next_check_for(ticket, ladder=ladder)


def next_check_for(ticket: Ticket, *, ladder: tuple[Rung, ...] | None = None) -> datetime | None:
    clocks = clocks_of(ticket)
    if not rules.live_clocks(clocks):
        # No clock runs (e.g. a praise, closed as it opens): no rung can be pending, so neither
        # the ladder nor the fired rungs are read.
        return rules.auto_close_at(clocks, auto_close_after())
    with db.session.no_autoflush:
        return rules.next_check(clocks, ladder or load_ladder(), fired_rungs(ticket), auto_close_after())


@use_case
def recheck_all() -> int:
    """Recompute every tracked ticket's next check from the ladder as stored now."""
    return recompute_next_checks()


def recompute_next_checks(batch: int = 2000) -> int:
    """After a ladder edit: every ticket still being tracked gets its next check from the new ladder."""
    ladder, after, count, after_id = load_ladder(), auto_close_after(), 0, 0
    while True:
        tickets = db.session.scalars(
            sa.select(Ticket).where(Ticket.status.in_(_TRACKED), Ticket.id > after_id)
            .order_by(Ticket.id).limit(batch)).all()
        fired = fired_rungs_of([t.id for t in tickets])
        for ticket in tickets:
            ticket.next_escalation_at = rules.next_check(clocks_of(ticket), ladder, fired.get(ticket.id, set()),
                                                         after)
        count += len(tickets)
        if len(tickets) < batch:
            return count
        db.session.flush()
        after_id = tickets[-1].id
