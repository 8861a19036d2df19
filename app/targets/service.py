"""The targets' use cases: the places an account oversees, setting and removing a target, the year's report."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import reduce

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Account
from app.accounts.service import viewer_of
from app.clock import local_day
from app.extensions import db
from app.org.models import Community, Street
from app.targets import figures, rules, texts
from app.targets.models import Target, TargetKind
from app.targets.rules import Standing, YearCounts
from app.transaction import use_case


class TargetError(Exception):
    """A refused target, with the Chinese message people read."""

    def __init__(self, code: str, status: int = 422, **facts) -> None:
        super().__init__(texts.error(code, **facts))
        self.code, self.status, self.message = code, status, texts.error(code, **facts)


@dataclass(frozen=True)
class Place:
    """A street (all its communities) or one community."""

    kind: str  # "street" | "community"
    id: int
    name: str
    community_ids: frozenset[int]

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def label(self) -> str:
        return f"{texts.STREET if self.kind == 'street' else texts.COMMUNITY} · {self.name}"


@dataclass(frozen=True)
class TargetRow:
    target: Target
    place: Place
    households: int | None  # None: some estate's households are not given
    counts: YearCounts
    goal: float | None
    standing: Standing


def places_overseen(account: Account) -> list[Place]:
    """An operator oversees the street and every community; a supervisor (role, or an account's direct
    community) their communities."""
    communities = sa.select(Community).order_by(Community.code)
    if not account.operator:
        communities = communities.where(Community.id.in_(viewer_of(account).supervised_communities))
    found = db.session.scalars(communities).all()
    streets = db.session.scalars(sa.select(Street).order_by(Street.code)).all() if account.operator else []
    return ([Place("street", s.id, s.name, frozenset(c.id for c in found if c.street_id == s.id)) for s in streets]
            + [Place("community", c.id, c.name, frozenset({c.id})) for c in found])


@use_case
def set_target(account: Account, form: dict, *, now: datetime) -> Target:
    """A new target for a place the account oversees; last year's figure as its baseline unless one is given."""
    place = _place(account, form["place"])
    year, kind = form["year"], form["kind"]
    _check_year(year, now)
    _check_value(kind, form["value"])
    _check_free(place, year, kind)
    households = _households(place)
    if kind == TargetKind.COMPLAINT_RATE and households is None:
        raise TargetError("no_households", place=place.name)
    entered = form.get("baseline") is not None
    baseline = form["baseline"] if entered else last_year_figure(place, kind, year, households, now=now)
    if entered and not rules.figure_allowed(kind, baseline):
        low, high = rules.KINDS[kind].figure_range
        raise TargetError("bad_baseline", kind=texts.KIND_NAMES[kind], low=f"{low:g}", high=f"{high:g}")
    if baseline is None and rules.KINDS[kind].relative:
        raise TargetError("no_baseline", place=place.name, last_year=year - 1, kind=texts.KIND_NAMES[kind])
    target = Target(street_id=place.id if place.kind == "street" else None,
                    community_id=place.id if place.kind == "community" else None, year=year, kind=kind,
                    value=form["value"], baseline=baseline, baseline_entered=entered, set_by=account.username,
                    set_at=now)
    db.session.add(target)
    try:
        db.session.flush()
    except IntegrityError as exc:  # the same target set at the same moment by someone else
        raise TargetError("duplicate", 409, place=place.name, year=year, kind=texts.KIND_NAMES[kind]) from exc
    return target


@use_case
def remove_target(account: Account, target_id: int) -> None:
    target = db.session.get(Target, target_id)
    if target is None or _place_of(target) not in {p.key for p in places_overseen(account)}:
        raise TargetError("not_found", 404)
    db.session.delete(target)


def last_year_figure(place: Place, kind: TargetKind, year: int, households: int | None, *,
                     now: datetime) -> float | None:
    counts = figures.counts_by_community(set(place.community_ids), rules.year_period(year - 1), now=now)
    return rules.figure(kind, _sum(counts.values()), households)


def report(account: Account, year: int, *, now: datetime) -> list[TargetRow]:
    """The targets of `year` of the places the account oversees, each with where the year stands now."""
    places = {p.key: p for p in places_overseen(account)}
    targets = [t for t in db.session.scalars(sa.select(Target).where(Target.year == year).order_by(Target.id))
               if _place_of(t) in places]
    wanted = set().union(*(places[_place_of(t)].community_ids for t in targets)) if targets else set()
    counts = figures.counts_by_community(wanted, rules.year_period(year), now=now)
    homes = figures.households_by_community(wanted)
    rows = [_row(t, places[_place_of(t)], counts, homes, today=local_day(now)) for t in targets]
    return sorted(rows, key=lambda r: (r.place.kind != "street", r.place.name, list(TargetKind).index(r.target.kind)))


def _row(target: Target, place: Place, counts: dict, homes: dict, *, today) -> TargetRow:
    households = _known(place, homes)
    together = _sum(counts.get(cid, YearCounts()) for cid in place.community_ids)
    goal = rules.target_figure(target.kind, target.value, target.baseline)
    return TargetRow(target, place, households, together, goal,
                     rules.standing(target.kind, together, households, goal, year=target.year, today=today))


def _sum(counts) -> YearCounts:
    return reduce(lambda a, b: a + b, counts, YearCounts())


def _households(place: Place) -> int | None:
    return _known(place, figures.households_by_community(set(place.community_ids)))


def _known(place: Place, homes: dict[int, tuple[int, int]]) -> int | None:
    """The place's households when every estate gives them (and there are some), else None."""
    total = sum(homes.get(cid, (0, 0))[0] for cid in place.community_ids)
    unknown = sum(homes.get(cid, (0, 0))[1] for cid in place.community_ids)
    return total if total and not unknown else None


def _place(account: Account, key: str) -> Place:
    found = {p.key: p for p in places_overseen(account)}.get(key)
    if found is None:
        raise TargetError("not_yours", 403)
    return found


def _place_of(target: Target) -> str:
    return f"street:{target.street_id}" if target.street_id is not None else f"community:{target.community_id}"


def _check_year(year: int, now: datetime) -> None:
    allowed = rules.allowed_years(local_day(now))
    if year not in allowed:
        raise TargetError("bad_year", first=allowed[0], last=allowed[-1])


def _check_value(kind: TargetKind, value: float) -> None:
    if not rules.value_allowed(kind, value):
        low, high = rules.KINDS[kind].value_range
        raise TargetError("bad_value", kind=texts.KIND_NAMES[kind], hint=texts.VALUE_HINTS[kind],
                          low=f"{low:g}", high=f"{high:g}")


def _check_free(place: Place, year: int, kind: TargetKind) -> None:
    column = Target.street_id if place.kind == "street" else Target.community_id
    taken = db.session.scalar(sa.select(Target.id).where(column == place.id, Target.year == year, Target.kind == kind))
    if taken is not None:
        raise TargetError("duplicate", 409, place=place.name, year=year, kind=texts.KIND_NAMES[kind])
