"""Who gets a ticket: pure functions over plain data loaded beforehand (no session, no clock).

`route(situation)` answers with a `Decision`: the handling organisation, the assignee (if any),
the people the task is offered to (the shared pool, 人物拆借), and who is alerted or informed.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from app.tickets.models import Category, HandlingOrg

GENERAL = "general"


@dataclass(frozen=True)
class Candidate:
    """A person who might take the ticket, with what the rules need to know about them."""

    person_id: int
    skills: frozenset[str] = frozenset()
    building_ids: frozenset[int] = frozenset()
    on_duty: bool = True
    load: int = 0  # open tickets assigned to them now
    firm_id: int | None = None  # for pool members: the firm that lends them


@dataclass(frozen=True)
class Situation:
    """Everything routing needs about one ticket and the people around it."""

    category: Category
    skill: str | None = None
    building_id: int | None = None
    estate_building_ids: frozenset[int] = frozenset()
    firm_id: int | None = None
    stewards: tuple[Candidate, ...] = ()  # the estate's firm's stewards
    pool: tuple[Candidate, ...] = ()  # the community's pool members
    managers: tuple[Candidate, ...] = ()  # the estate's firm managers
    front_desk: tuple[Candidate, ...] = ()  # the firm's front desk
    mediators: tuple[Candidate, ...] = ()  # the grid branch's mediators
    secretaries: tuple[Candidate, ...] = ()  # the grid branch's secretaries
    supervisors: tuple[Candidate, ...] = ()  # the community's supervisors
    exclude: frozenset[int] = frozenset()  # people who handed the ticket back (退单)
    last_holder_id: int | None = None  # a reopened ticket's holder, who gets it back if on duty


@dataclass(frozen=True)
class Decision:
    handling_org: HandlingOrg
    assignee_id: int | None = None
    offered_to: tuple[int, ...] = ()  # pool members the task is offered to; first to accept wins
    lent_by: tuple[int | None, ...] = ()  # for each of offered_to, the firm that lends them
    alerted: tuple[int, ...] = ()  # emergency: everyone on duty and the on-call manager
    # emergency: the assignee and the firm's stewards on duty; the first of them to accept takes it
    may_take: tuple[int, ...] = ()
    informed: tuple[int, ...] = ()  # complaint: the community supervisor
    told: tuple[int, ...] = ()  # complaint: the firm (its manager), told but not the owner
    via: str = ""  # which rule chose: steward, pool, manager, on_call, mediator, secretary, front_desk, nobody
    extra: dict = field(default_factory=dict)


def route(s: Situation) -> Decision:
    """The routing rules, by category; a reopened ticket goes back to its last holder if on duty."""
    decision = _BY_CATEGORY[s.category](s)
    holder = last_holder_on_duty(s)
    if holder is not None and holder != decision.assignee_id:
        decision = replace(decision, assignee_id=holder, offered_to=(), lent_by=(), via="last_holder")
    if s.category is Category.EMERGENCY:
        decision = _alert(s, decision)
    return decision


def last_holder_on_duty(s: Situation) -> int | None:
    """The last holder, if they still hold a role around the ticket (or are in its pool) and are on duty."""
    everyone = (*s.stewards, *s.pool, *s.managers, *s.front_desk, *s.mediators, *s.secretaries)
    return first([c for c in available(everyone, s.exclude) if c.person_id == s.last_holder_id])


def has_skill(c: Candidate, skill: str | None) -> bool:
    return skill in (None, "", GENERAL) or skill in c.skills


def covers(c: Candidate, building_id: int | None, estate_building_ids: frozenset[int]) -> bool:
    """Looks after the building; a ticket without a building goes to anyone on the estate."""
    if building_id is None:
        return bool(c.building_ids & estate_building_ids)
    return building_id in c.building_ids


def least_loaded(cands: list[Candidate] | tuple[Candidate, ...]) -> list[Candidate]:
    """Least loaded first; ties keep a stable order (by person id)."""
    return sorted(cands, key=lambda c: (c.load, c.person_id))


def available(cands: tuple[Candidate, ...], exclude: frozenset[int]) -> list[Candidate]:
    return [c for c in cands if c.on_duty and c.person_id not in exclude]


def firm_stewards_for(s: Situation) -> list[Candidate]:
    fit = [c for c in available(s.stewards, s.exclude)
           if has_skill(c, s.skill) and covers(c, s.building_id, s.estate_building_ids)]
    return least_loaded(fit)


def pool_for(s: Situation) -> list[Candidate]:
    """Pool members from another firm, on duty, with the skill (人物拆借)."""
    fit = [c for c in available(s.pool, s.exclude) if c.firm_id != s.firm_id and has_skill(c, s.skill)]
    return least_loaded(fit)


def first(cands: list[Candidate]) -> int | None:
    return cands[0].person_id if cands else None


def _repair(s: Situation) -> Decision:
    stewards = firm_stewards_for(s)
    if stewards:
        return Decision(HandlingOrg.FIRM, stewards[0].person_id, via="steward")
    pool = pool_for(s)
    if pool:
        return Decision(HandlingOrg.FIRM, None, offered_to=tuple(c.person_id for c in pool),
                        lent_by=tuple(c.firm_id for c in pool), via="pool")
    manager = first(least_loaded(available(s.managers, frozenset())))
    return Decision(HandlingOrg.FIRM, manager, via="manager" if manager else "nobody")


def _alert(s: Situation, decision: Decision) -> Decision:
    """An emergency, routed as a repair: everyone on duty and the on-call manager alerted, and any
    steward of the firm on duty may take it: in an emergency the first to accept holds it (as in the
    pool). At an hour nobody covers (no steward, no pool member), the on-call manager holds it."""
    if decision.assignee_id is None and not decision.offered_to:
        manager = first(least_loaded(available(s.managers, frozenset()) or list(s.managers)))
        if manager is not None:
            decision = replace(decision, assignee_id=manager, via="on_call")
    on_duty = [c.person_id for c in least_loaded(available(s.stewards, frozenset()))]
    alerted = tuple(p for p in dict.fromkeys(on_duty + on_call(s)) if p != decision.assignee_id)
    takers = [c.person_id for c in least_loaded(available(s.stewards, s.exclude))]
    holder = [decision.assignee_id] if decision.assignee_id is not None else []
    return replace(decision, alerted=alerted, may_take=tuple(dict.fromkeys(holder + takers)))


def on_call(s: Situation) -> list[int]:
    """值班经理, told of every emergency: the estate's managers on duty; when none is (a roster gap
    at night), all of them; with no manager at all, the community's supervisors. Never nobody."""
    for group in (available(s.managers, frozenset()), list(s.managers), list(s.supervisors)):
        if group:
            return [c.person_id for c in least_loaded(group)]
    return []


def _dispute(s: Situation) -> Decision:
    mediator = first(least_loaded(available(s.mediators, s.exclude)))
    if mediator is not None:
        return Decision(HandlingOrg.BRANCH, mediator, via="mediator")
    secretary = first(least_loaded(available(s.secretaries, s.exclude)))
    return Decision(HandlingOrg.BRANCH, secretary, via="secretary" if secretary else "nobody")


def _complaint(s: Situation) -> Decision:
    secretary = first(least_loaded(available(s.secretaries, s.exclude)))
    return Decision(HandlingOrg.BRANCH, secretary, via="secretary" if secretary else "nobody",
                    informed=tuple(c.person_id for c in s.supervisors),
                    told=tuple(c.person_id for c in s.managers))


def _inquiry(s: Situation) -> Decision:
    desk = first(least_loaded(available(s.front_desk, s.exclude)))
    if desk is not None:
        return Decision(HandlingOrg.FRONT_DESK, desk, via="front_desk")
    manager = first(least_loaded(available(s.managers, s.exclude)))
    return Decision(HandlingOrg.FRONT_DESK, manager, via="manager" if manager else "nobody")


def _praise(s: Situation) -> Decision:
    """Praise is not work: it is recorded and passed on (see service.record_praise)."""
    return Decision(HandlingOrg.FIRM, None, via="praise")


_BY_CATEGORY = {
    Category.REPAIR: _repair,
    Category.EMERGENCY: _repair,  # then alerted (route)
    Category.DISPUTE: _dispute,
    Category.COMPLAINT: _complaint,
    Category.INQUIRY: _inquiry,
    Category.PRAISE: _praise,
}


def praised(text: str, names: dict[int, str]) -> tuple[int, ...]:
    """The people whose names appear in the text (longest names first, so 李红 ≠ 李红梅)."""
    found: list[int] = []
    rest = text
    for person_id, name in sorted(names.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if name and name in rest:
            found.append(person_id)
            rest = rest.replace(name, "\0")
    return tuple(sorted(found))
