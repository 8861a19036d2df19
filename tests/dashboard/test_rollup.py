"""The rollup and a direct count over the tickets agree after every kind of ticket change (#23)."""
from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.accounts.scope import Scope, scope_for
from app.dashboard import figures, rollup, rules, sql
from app.dashboard.models import RollupPass
from app.dashboard.scheduled import rollup_refresh_job
from app.duplicates import service as duplicates
from app.extensions import db
from app.staff.reclassify import reclassify_ticket
from app.staff.scopes import staff_scope
from app.staff.service import void_ticket
from app.tickets import service
from app.tickets.actors import Actor
from app.tickets.models import Category, Ticket
from tests.dashboard import scenario
from tests.factories import create_estate, create_steward, create_ticket, dispatch_to

RESIDENT = Actor.resident("o_resident")
NOVEMBER = rules.month_of(date(2026, 11, 1))
# A quarter, a year and two years read longer spans; the periods that are not whole months read days (and the
# percentiles' buckets of those days from the tickets).
PERIODS = (NOVEMBER, rules.quarter_of(NOVEMBER.first), rules.year_of(NOVEMBER.first),
           rules.Period(date(2025, 1, 1), date(2026, 12, 31)), rules.Period(date(2025, 8, 15), date(2026, 12, 31)),
           rules.Period(date(2026, 10, 20), date(2026, 11, 21)), rules.Period(date(2026, 11, 19), date(2026, 11, 21)))
# Every rank the percentiles may interpolate at, the ends too.
HUNDREDTHS = (0, 10, 25, 50, 90, 99, 100)
COLUMNS = {"estate": Ticket.estate_id, "firm": Ticket.firm_id, "grid": Ticket.grid_id,
           "community": Ticket.community_id, "category": Ticket.category, "steward": Ticket.assignee_id}
GROUPINGS = ((), ("day",), ("estate",), ("firm",), ("grid",), ("community",), ("category",), ("firm", "category"),
             ("steward",), ("day", "steward"))


def direct_counts(scope: Scope, period: rules.Period, by: tuple[str, ...], now) -> dict[tuple, rollup.Counts]:
    """The same counts straight from the tickets, with the figures' own SQL (sql.rate_counts)."""
    keys = [sql.local_date(Ticket.opened_at) if name == "day" else COLUMNS[name] for name in by]
    counted = [c for c in sql.rate_counts(now) if c.name in rollup.COUNTED]
    stmt = (sa.select(*keys, *counted).where(sql.in_scope(scope), sql.requests_between(period.start, period.end))
            .group_by(*keys))
    found = {}
    for row in db.session.execute(stmt):
        key = tuple(date.fromisoformat(str(v)) if name == "day" else v for name, v in zip(by, row))
        found[key] = rollup.Counts(*(int(v) for v in row[len(by):]))
    return found if by else {(): found.get((), rollup.Counts())}


def direct_buckets(scope: Scope, period: rules.Period, kind: str, by: tuple[str, ...] = ()) -> dict[tuple, dict]:
    column = rollup.KINDS[kind]
    bucket, keys = rollup.bucket_sql(column), [COLUMNS[name] for name in by]
    stmt = (sa.select(*keys, bucket, sa.func.count())
            .where(sql.in_scope(scope), sql.requests_between(period.start, period.end), column.is_not(None))
            .group_by(*keys, bucket))
    found: dict[tuple, dict] = {}
    for *key, b, n in db.session.execute(stmt):
        found.setdefault(tuple(key), {})[int(b)] = int(n)
    return found


def assert_agree(scopes, now) -> None:
    rollup.refresh(now=now)
    for scope in scopes:
        for period in PERIODS:
            for by in GROUPINGS:
                assert rollup.counts(scope, period, by=by) == direct_counts(scope, period, by, now), (scope, period, by)
            for kind in rollup.KINDS:
                for by in ((), ("category",), ("firm",), ("steward",)):
                    direct = direct_buckets(scope, period, kind, by)
                    got = {key: dict(buckets) for key, buckets in rollup.histogram(scope, period, kind, by=by).items()}
                    assert got == direct, (scope, period, kind, by)
                    # The database picks the buckets each percentile needs: the same figures as from all of them.
                    expected = {key: tuple(rollup.percentile(buckets, h) for h in HUNDREDTHS)
                                for key, buckets in direct.items()}
                    assert rollup.percentiles(scope, period, kind, by=by, hundredths=HUNDREDTHS) == expected


@pytest.fixture
def place(ctx):
    estate_a, estate_b = create_estate(name="阳光花园"), create_estate(name="幸福小区")
    steward, other = create_steward(estate_a, name="王建国"), create_steward(estate_a, name="李强")
    supervisor = scenario.supervisor_of(estate_a)
    scopes = [scope_for([], community_id=estate_a.grid.community_id), scope_for([], firm_id=estate_b.firm_id),
              Scope(((("firm_id", estate_a.firm_id), ("estate_id", estate_a.id)),)),
              Scope(())]
    return estate_a, estate_b, steward, other, supervisor, scopes


def test_the_rollup_and_a_direct_count_agree_after_every_kind_of_change(place, clock):
    estate_a, estate_b, steward, other, supervisor, scopes = place
    by, staff = Actor.person(steward.id, steward.code), staff_scope(supervisor.id)
    boss = Actor.person(supervisor.id, supervisor.code)
    now = clock.moment
    # Before the first pass: the tickets of October and November, in both estates (the first pass rebuilds).
    old = create_ticket(estate_b, now=now - timedelta(days=30))
    dispatch_to(old, steward, now=now - timedelta(days=30))
    service.accept(old.id, now=now - timedelta(days=30) + timedelta(minutes=7), by=by)
    last_year = now - timedelta(days=400)  # October 2025: its month, quarter and year rows
    older = create_ticket(estate_a, now=last_year)
    dispatch_to(older, steward, now=last_year)
    service.accept(older.id, now=last_year + timedelta(minutes=12), by=by)
    assert_agree(scopes, now)

    def step(moment_minutes: float):
        return clock.advance(minutes=moment_minutes)

    t1 = create_ticket(estate_a, now=step(1))  # open
    assert_agree(scopes, clock.moment)
    dispatch_to(t1, steward, now=step(1))
    service.accept(t1.id, now=step(3), by=by)  # accept, in time
    assert_agree(scopes, clock.moment)
    service.arrive(t1.id, now=step(20), by=by)  # arrive
    assert_agree(scopes, clock.moment)
    service.resolve(older.id, note="去年的单，今天修好", now=step(1), by=by)  # a change to last year's ticket
    assert_agree(scopes, clock.moment)
    service.pause(t1.id, reason="等配件", now=step(5), by=by)  # pause, resume
    service.resume(t1.id, now=step(30), by=by)
    assert_agree(scopes, clock.moment)
    service.resolve(t1.id, note="已修好", now=step(10), by=by)  # resolve
    assert_agree(scopes, clock.moment)
    service.rate(t1.id, score=5, now=step(5), by=RESIDENT)  # rate (closes)
    assert_agree(scopes, clock.moment)
    service.reopen(t1.id, reason="又漏了", now=step(5), by=RESIDENT)  # reopen
    assert_agree(scopes, clock.moment)

    t2 = create_ticket(estate_a, now=step(1), building="2")
    dispatch_to(t2, steward, now=step(1))
    service.accept(t2.id, now=step(25), by=by)  # late
    service.resolve(t2.id, note="已处理", now=step(30), by=by)
    service.close(t2.id, now=step(60), by=Actor.system("tracker"))  # close without a rating
    assert_agree(scopes, clock.moment)

    t3 = create_ticket(estate_a, now=step(1))
    service.cancel(t3.id, now=step(1), by=RESIDENT)  # cancel
    assert_agree(scopes, clock.moment)

    t4 = create_ticket(estate_a, now=step(1))
    dispatch_to(t4, steward, now=step(1))
    reclassify_ticket(t4.id, category=Category.DISPUTE, reason="其实是邻里纠纷", now=step(1), staff=staff, by=boss)
    assert_agree(scopes, clock.moment)  # reclassify
    t4 = db.session.get(Ticket, t4.id)
    if t4.assignee_id is not None and t4.status.value in ("dispatched", "accepted"):
        other_person = other if t4.assignee_id != other.id else steward
        from app.staff.service import reassign_ticket
        reassign_ticket(t4.id, to_person_id=other_person.id, reason="换人", now=step(1), staff=staff, by=boss)
        assert_agree(scopes, clock.moment)  # reassign

    t5, t6 = create_ticket(estate_a, now=step(1), building="3"), create_ticket(estate_a, now=step(1), building="3")
    assert_agree(scopes, clock.moment)
    duplicates.merge(t5.id, t6.id, now=step(1), staff=staff, by=boss)  # merge as duplicate
    assert_agree(scopes, clock.moment)

    t7 = create_ticket(estate_a, now=step(1))
    dispatch_to(t7, steward, now=step(1))
    void_ticket(t7.id, reason="测试单", now=step(1), staff=staff, by=boss)  # void
    assert_agree(scopes, clock.moment)

    praise = create_ticket(estate_a, now=step(1), category=Category.PRAISE)
    assert_agree(scopes, clock.moment)
    assert rollup.not_requests(scopes[0], NOVEMBER) == figures_not_requests(scopes[0], NOVEMBER) >= 1
    assert praise.id

    # A missed deadline passing with no change at all: t8 is never accepted; its window closes with time alone.
    t8 = create_ticket(estate_a, now=step(1))
    assert_agree(scopes, clock.moment)
    before = rollup.counts(scopes[0], NOVEMBER)[()].response_decided
    clock.advance(hours=2)
    assert_agree(scopes, clock.moment)
    assert rollup.counts(scopes[0], NOVEMBER)[()].response_decided > before
    assert db.session.get(Ticket, t8.id).accepted_at is None


def figures_not_requests(scope, period) -> int:
    return db.session.scalar(sa.select(sa.func.count(Ticket.id)).where(
        sql.in_scope(scope), sql.opened_between(period.start, period.end), sa.not_(sql.is_request())))


def test_the_percentiles_from_buckets_stay_within_a_bucket_of_the_exact_ones():
    rng = random.Random(23)
    for _ in range(50):
        values = sorted(int(rng.lognormvariate(5.7, 0.6)) for _ in range(rng.randrange(1, 400)))
        buckets: dict[int, int] = {}
        for v in values:
            buckets[rollup.bucket_of(v)] = buckets.get(rollup.bucket_of(v), 0) + 1
        for h in (50, 90):
            rank = h * (len(values) - 1) / 100
            low, frac = int(rank), rank - int(rank)
            exact = values[low] + frac * ((values[low + 1] if frac else values[low]) - values[low])
            width = max(rollup.bucket_bounds(rollup.bucket_of(int(exact)))[1] - rollup.bucket_bounds(
                rollup.bucket_of(int(exact)))[0], rollup.LINEAR_STEP)
            assert abs(rollup.percentile(buckets, h) - exact) <= width, (values, h)


def test_a_period_reads_the_longest_spans_that_fit_in_it():
    assert rollup.runs(rules.year_of(date(2026, 5, 1))) == [("year", date(2026, 1, 1), date(2026, 1, 1))]
    assert rollup.runs(rules.quarter_of(date(2026, 11, 1))) == [("quarter", date(2026, 10, 1), date(2026, 10, 1))]
    assert rollup.runs(NOVEMBER) == [("month", date(2026, 11, 1), date(2026, 11, 1))]
    assert rollup.runs(rules.Period(date(2025, 8, 15), date(2027, 2, 3))) == [
        ("day", date(2025, 8, 15), date(2025, 8, 31)), ("month", date(2025, 9, 1), date(2025, 9, 1)),
        ("quarter", date(2025, 10, 1), date(2025, 10, 1)), ("year", date(2026, 1, 1), date(2026, 1, 1)),
        ("month", date(2027, 1, 1), date(2027, 1, 1)), ("day", date(2027, 2, 1), date(2027, 2, 3))]
    assert rollup.runs(rules.Period(date(2026, 2, 1), date(2026, 12, 31))) == [
        ("month", date(2026, 2, 1), date(2026, 3, 1)), ("quarter", date(2026, 4, 1), date(2026, 10, 1))]


def test_the_buckets_in_sql_are_the_buckets_in_python(ctx):
    samples = [0, 1, 5, 6, 7, 419, 420, 599, 600, 601, 611, 612, 900, 3599, 3600, 86400, 30 * 86400]
    for seconds in samples:
        in_sql = db.session.scalar(sa.select(rollup.bucket_sql(sa.literal(seconds, sa.Integer))))
        assert in_sql == rollup.bucket_of(seconds), seconds
        low, high = rollup.bucket_bounds(rollup.bucket_of(seconds))
        assert low <= seconds < high + 1e-6


def test_below_ten_minutes_a_median_shows_as_the_exact_one_does(ctx):
    """The page shows minutes to one decimal: 6-second buckets keep that for short times."""
    for seconds in (240, 300, 420, 450, 531):
        buckets = {rollup.bucket_of(seconds): 1}
        assert rules.minutes(rollup.percentile(buckets, 50)) == rules.minutes(seconds)


def test_the_first_pass_rebuilds_and_each_pass_is_recorded(street, clock):
    passes = db.session.scalar(sa.select(sa.func.count(RollupPass.id)))
    assert passes == 1  # the scenario's refresh: the first one, a rebuild
    assert db.session.scalar(sa.select(RollupPass.slices)) == -1
    clock.advance(minutes=1)
    report = rollup_refresh_job()
    assert report.slices == 0
    assert rollup.as_of() == clock.moment


def test_a_late_commit_is_seen_by_the_next_passes(street, clock):
    """An event numbered before a pass's last but committed after it (a slow transaction) is read again
    within OVERLAP: the pass after catches the change."""
    scope = scope_for([], community_id=street.estate_a.grid.community_id)
    before = rollup.counts(scope, NOVEMBER)[()]
    ticket = street.tickets["t5"]
    clock.advance(minutes=1)
    # A pass that saw one event more than there is: as if an event numbered below it were still uncommitted.
    rollup_refresh_job()
    late_ticket = create_ticket(street.estate_a, now=clock.moment)
    db.session.add(RollupPass(passed_at=clock.moment, event_id=10 ** 6, slices=0))
    db.session.commit()
    clock.advance(minutes=1)
    rollup_refresh_job()
    assert rollup.counts(scope, NOVEMBER)[()].opened == before.opened + 1
    assert ticket.id and late_ticket.id


def test_the_overview_reads_the_rollup_as_of_its_last_pass(street, clock):
    scope = scope_for([], community_id=street.estate_a.grid.community_id)
    create_ticket(street.estate_a, now=clock.moment)
    shown = figures.overview(scope, NOVEMBER, now=clock.moment)
    assert shown.rates.opened == scenario.EXPECTED["opened"]  # not yet: the figures are as of the last pass
    clock.advance(minutes=1)
    scenario.refresh_figures()
    shown = figures.overview(scope, NOVEMBER, now=clock.moment)
    assert shown.rates.opened == scenario.EXPECTED["opened"] + 1 and shown.as_of == clock.moment


@pytest.mark.parametrize("by", [("holder",), ("steward", "category")])
def test_counts_by_an_unknown_group_or_a_holders_category_is_refused(ctx, by):
    with pytest.raises(KeyError):
        rollup.counts(Scope(()), NOVEMBER, by=by)


def test_the_rebuild_command_recomputes_everything_and_the_job_is_registered(street, runner, clock):
    from app.dashboard.models import RollupCounts
    from app.scheduler import JOBS, _load_job_modules
    db.session.execute(sa.delete(RollupCounts))
    db.session.commit()
    assert rollup.counts(scope_for([], community_id=street.estate_a.grid.community_id), NOVEMBER)[()].opened == 0
    result = runner.invoke(args=["rollup", "rebuild"])
    assert result.exit_code == 0 and "rollup rebuilt" in result.output
    assert rollup.counts(scope_for([], community_id=street.estate_a.grid.community_id), NOVEMBER)[()].opened == 6
    _load_job_modules()
    assert JOBS["rollup"].interval_config == "ROLLUP_INTERVAL_SECONDS"
