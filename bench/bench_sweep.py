"""The tracker's sweep on PostgreSQL: flat as closed history grows, and the lag under load.

Run: .venv/bin/python bench/bench_sweep.py [--open 100000] [--closed 900000] [--seconds 40]
     (BENCH_DATABASE_URL, default postgresql+psycopg://postgres@127.0.0.1:5432/bench_track;
      the database is dropped and created by the script)

Stage A: 100,000 open tickets (100k in all). Stage B: 900,000 closed ones added (1M in all).
At each stage: an idle sweep (nothing due), a sweep firing 100 due tickets (and the statements it
sent per fired rung), baselines measured in the same run (a `SELECT 1` round trip; an indexed count
over the same index), and EXPLAIN (ANALYZE, BUFFERS) of the due query and of the backup-candidates
query with 100 tickets due.
At stage B also: the backup-candidates query for 20 firms (median) with the (assignee_id, status)
index and without it (dropped inside a transaction that is rolled back), in the same run.
`--without-load-index` drops that index for the whole run, to see the sweep as it was before it.
Then the lag: new tickets arrive steadily (respond in 2 s, rungs at +0/+3/+6 s) while the tracker
job runs under APScheduler every SWEEP_INTERVAL_SECONDS (5 s, the default); lag = fired − due.
"""
from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
import sqlalchemy as sa  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_track")
ESTATES, STEWARDS_PER_ESTATE, DUE_PER_RUN = 100, 20, 100


def recreate_database() -> None:
    url = sa.make_url(URL)
    admin = url.set(database="postgres").render_as_string(hide_password=False).replace("+psycopg", "")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{url.database}"')


def make_app():
    os.environ["DATABASE_URL"] = URL
    from app import create_app
    from config import TestConfig

    class BenchConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = URL

    return create_app(BenchConfig)


def seed_org():
    """100 estates, each with its firm, 20 stewards, a manager; 10 grids with secretaries; a supervisor."""
    from app.extensions import db
    from app.org.models import Branch, Building, Community, Estate, Firm, Grid, Person, Role, RoleKind, Street

    street = Street(code="S", name="街道")
    community = Community(code="C", name="社区", street=street)
    grids = [Grid(code=f"G{g}", name=f"网格{g}", community=community) for g in range(10)]
    db.session.add_all([street, community, *grids, *(Branch(name="支部", grid=g) for g in grids)])
    db.session.flush()
    people = [Person(code="SUP", name="督办", openid="o_sup",
                     roles=[Role(kind=RoleKind.SUPERVISOR, community_id=community.id)])]
    for g in grids:
        people.append(Person(code=f"SEC{g.code}", name="书记", openid=f"o_sec{g.code}",
                             roles=[Role(kind=RoleKind.SECRETARY, grid_id=g.id)]))
    estates = []
    for e in range(ESTATES):
        firm = Firm(code=f"F{e}", name=f"物业{e}")
        estate = Estate(code=f"E{e}", name=f"小区{e}", grid=grids[e % 10], firm=firm,
                        buildings=[Building(code=str(b)) for b in range(1, 6)])
        db.session.add(estate)
        db.session.flush()
        estates.append(estate)
        people.append(Person(code=f"M{e}", name="经理", openid=f"o_m{e}",
                             roles=[Role(kind=RoleKind.MANAGER, estate_id=estate.id)]))
        for s in range(STEWARDS_PER_ESTATE):
            people.append(Person(code=f"S{e}-{s}", name="管家", openid=f"o_s{e}-{s}", roles=[
                Role(kind=RoleKind.STEWARD, firm_id=firm.id, skills="plumbing,electrical",
                     buildings=list(estate.buildings))]))
    db.session.add_all(people)
    db.session.commit()
    stewards = {}
    for person in people:
        for role in person.roles:
            if role.kind is RoleKind.STEWARD:
                stewards.setdefault(role.firm_id, []).append(person.id)
    return [(e.id, e.grid_id, community.id, e.firm_id, [b.id for b in e.buildings], stewards[e.firm_id])
            for e in estates]


COLUMNS = ("number", "category", "status", "description", "source", "estate_id", "building_id", "firm_id",
           "grid_id", "community_id", "handling_org", "assignee_id", "opened_at", "dispatched_at", "accepted_at",
           "arrived_at", "resolved_at", "closed_at", "respond_due_at", "arrive_due_at", "resolve_due_at", "next_escalation_at",
           "paused_seconds", "reopen_count", "version")


def copy_tickets(engine, estates, *, start: int, count: int, open_: bool, now: datetime) -> float:
    """COPY `count` tickets: open ones on site with a resolve deadline in the next day, or closed history."""
    rng = random.Random(start)
    began = time.perf_counter()
    with engine.raw_connection() as raw:
        cur = raw.cursor()
        with cur.copy(f"COPY ticket ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for n in range(start, start + count):
                estate_id, grid_id, community_id, firm_id, buildings, stewards = estates[n % len(estates)]
                opened = now - timedelta(seconds=rng.randint(60, 3600 if open_ else 3 * 365 * 86400))
                if open_:
                    resolve_due = now + timedelta(seconds=rng.randint(3600, 86400))
                    row = ("on_site", None, None, resolve_due)
                else:
                    resolve_due = opened + timedelta(hours=24)
                    row = ("closed", opened + timedelta(hours=2), opened + timedelta(hours=50), None)
                copy.write_row((f"H-{n:08d}", "repair", row[0], "历史工单", "wechat", estate_id,
                                rng.choice(buildings), firm_id, grid_id, community_id, "firm",
                                rng.choice(stewards), opened, opened, opened + timedelta(minutes=3),
                                opened + timedelta(minutes=20), row[1], row[2],
                                opened + timedelta(minutes=10), opened + timedelta(minutes=30), resolve_due, row[3],
                                0, 0, 1))
        raw.commit()
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("ANALYZE ticket"))
    return time.perf_counter() - began


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def make_due(engine, count: int, now: datetime, rng: random.Random) -> list[int]:
    """`count` open tickets turn into unaccepted ones whose response deadline just passed."""
    with engine.begin() as conn:
        ids = [r[0] for r in conn.execute(sa.text(
            "SELECT id FROM ticket WHERE status = 'on_site' AND next_escalation_at > :now "
            "ORDER BY random() LIMIT :n"), {"now": now, "n": count})]
        conn.execute(sa.text(
            "UPDATE ticket SET status = 'dispatched', accepted_at = NULL, arrived_at = NULL, respond_due_at = :due, "
            "next_escalation_at = :due WHERE id = ANY(:ids)"), {"due": now - timedelta(seconds=1), "ids": ids})
    return ids


def retire(engine, ids: list[int]) -> None:
    """Take measured tickets out of the way, so that their later rungs do not swell the next runs."""
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE ticket SET status = 'cancelled', next_escalation_at = NULL "
                             "WHERE id = ANY(:ids)"), {"ids": ids})


DUE_SQL = ("SELECT id, next_escalation_at FROM ticket WHERE next_escalation_at <= :now "
           "ORDER BY next_escalation_at, id LIMIT 200")


def explain(conn, sql: str, params: dict | None = None) -> list[str]:
    return [r[0] for r in conn.execute(sa.text("EXPLAIN (ANALYZE, BUFFERS) " + sql), params or {})]


def explain_due_work(app, engine, rng: random.Random) -> dict:
    """With 100 tickets due: the plans of the due query and of one due ticket's backup candidates."""
    from app.extensions import db
    from app.tickets.models import Ticket
    from app.tracking import recipients

    ids = make_due(engine, DUE_PER_RUN, datetime.now(timezone.utc), rng)
    try:
        with app.app_context():
            ticket = db.session.get(Ticket, ids[0])
            stmt, params = recipients.backup_scope(ticket)
            candidates_sql = str(stmt.params(**params).compile(db.engine, compile_kwargs={"literal_binds": True}))
            db.session.remove()
        with engine.connect() as conn:
            return {"due": explain(conn, DUE_SQL, {"now": datetime.now(timezone.utc)}),
                    "candidates": explain(conn, candidates_sql)}
    finally:
        retire(engine, ids)


def counting(engine, seen: list):
    """Start counting the engine's statements into `seen`; returns the listener to remove."""
    def on_statement(_conn, _cursor, statement, *_):
        if not statement.startswith("BEGIN"):
            seen.append(statement)
    sa.event.listen(engine, "before_cursor_execute", on_statement)
    return on_statement


LOAD_INDEX = "ix_ticket_assignee_id_status"


def candidates_sql(app, firm_id: int) -> str:
    from app.extensions import db
    from app.tickets.models import HandlingOrg, Ticket
    from app.tracking import recipients

    with app.app_context():
        stmt, params = recipients.backup_scope(Ticket(handling_org=HandlingOrg.FIRM, firm_id=firm_id))
        return str(stmt.params(**params).compile(db.engine, compile_kwargs={"literal_binds": True}))


def candidates_with_and_without_index(app, engine) -> tuple[float, float]:
    """Median ms of the candidates query over 20 firms, 5 times each: with the load index, and
    without it (DROP INDEX inside a transaction that is then rolled back)."""
    sqls = [candidates_sql(app, row[3]) for row in ESTATE_ROWS[:20]]

    def timed(conn) -> float:
        return median_ms(lambda: [conn.execute(sa.text(q)).all() for q in sqls], 5) / len(sqls)

    with engine.connect() as conn:
        with_index = timed(conn)
        conn.rollback()
        conn.execute(sa.text(f"DROP INDEX {LOAD_INDEX}"))  # undone by the rollback below
        without = timed(conn)
        conn.rollback()
    return with_index, without


def measure_stage(app, engine, label: str) -> dict:
    from app.extensions import db
    from app.tracking import service

    rng = random.Random(label)
    now = datetime.now(timezone.utc)
    with engine.connect() as conn:
        select1 = median_ms(lambda: conn.execute(sa.text("SELECT 1")).scalar(), 300)
        count = median_ms(lambda: conn.execute(sa.text(
            "SELECT count(*) FROM ticket WHERE next_escalation_at <= now()")).scalar(), 100)
    plans = explain_due_work(app, engine, rng)
    statements: list[str] = []
    with app.app_context():
        idle = median_ms(lambda: service.sweep(now=datetime.now(timezone.utc)), 100)
        busy, fired = [], 0
        for run in range(7):
            ids = make_due(engine, DUE_PER_RUN, datetime.now(timezone.utc), rng)
            if run == 0:
                listener = counting(db.engine, statements)  # the first run's statements, counted
            began = time.perf_counter()
            fired_now = service.sweep(now=datetime.now(timezone.utc)).fired
            busy.append((time.perf_counter() - began) * 1000)
            if run == 0:
                sa.event.remove(db.engine, "before_cursor_execute", listener)
                per_rung = len(statements) / max(1, fired_now)
            fired += fired_now
            retire(engine, ids)
        db.session.remove()
    with engine.connect() as conn:
        total = conn.execute(sa.text("SELECT count(*) FROM ticket")).scalar()
        open_ = conn.execute(sa.text("SELECT count(*) FROM ticket WHERE status NOT IN ('closed', 'cancelled')")).scalar()
    return {"label": label, "total": total, "open": open_, "select1": select1, "count": count, "idle": idle,
            "busy": statistics.median(busy), "busy_runs": busy, "fired": fired, "per_rung": per_rung,
            "plans": plans}


def configure_ladder() -> None:
    """Respond in 2 s and rungs at +0/+3/+6 s, so that a whole ladder climbs within the steady phase."""
    from app.tickets.models import Category
    from app.tracking import ladder
    from app.tracking.models import Clock
    from app.tracking.rules import Target

    ladder.set_policy(Category.REPAIR, respond=2, arrive=None, resolve=24 * 3600)
    ladder.set_rung(Clock.RESPOND, 2, after_seconds=3, notify=(Target.MANAGER, Target.SECRETARY))
    ladder.set_rung(Clock.RESPOND, 3, after_seconds=6, notify=(Target.SUPERVISOR,))


def steady_load(app, seconds: float, rate: float) -> dict:
    """New tickets at `rate`/s (respond 2 s, rungs +0/+3/+6 s); the tracker job under APScheduler."""
    from apscheduler.schedulers.background import BackgroundScheduler

    from app.clock import utcnow
    from app.extensions import db
    from app.tickets import service as tickets
    from app.tickets.actors import Actor
    from app.tickets.models import Category, HandlingOrg
    from app.tracking import service
    from app.tracking.models import Escalation

    interval = app.config["SWEEP_INTERVAL_SECONDS"]
    with app.app_context():
        first = db.session.scalar(sa.select(sa.func.max(Escalation.id))) or 0

    def job():
        with app.app_context():
            service.sweep(now=utcnow())

    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.add_job(job, "interval", seconds=interval, coalesce=True, max_instances=1, misfire_grace_time=None)
    scheduler.start()
    opened, began = 0, time.monotonic()
    with app.app_context():
        steward = {e: s for e, *_, s in ESTATE_ROWS}
        while time.monotonic() - began < seconds:
            estate_id, code = ESTATE_CODES[opened % len(ESTATE_CODES)]
            draft = tickets.TicketDraft(category=Category.REPAIR, estate_code=code, building="1", description="漏水")
            ticket = tickets.open_ticket(draft, now=utcnow(), by=Actor.resident("o_bench"))
            tickets.dispatch(ticket.id, assignee_id=steward[estate_id][0], handling_org=HandlingOrg.FIRM,
                             now=utcnow(), by=Actor.system("router"))
            opened += 1
            time.sleep(max(0.0, began + opened / rate - time.monotonic()))
        time.sleep(6 + 2 * interval + 2)  # the last tickets' rungs fall due and are swept
    scheduler.shutdown(wait=True)
    with app.app_context():
        lags = [(f - d).total_seconds() for d, f in db.session.execute(
            sa.select(Escalation.due_at, Escalation.fired_at).where(Escalation.id > first))]
    lags.sort()
    return {"opened": opened, "rungs": len(lags), "expected": 3 * opened, "median": statistics.median(lags),
            "p95": lags[int(0.95 * (len(lags) - 1))], "max": lags[-1], "interval": interval, "rate": rate}


def report_stage(s: dict) -> None:
    print(f"\n{s['label']}: {s['total']:,} tickets, {s['open']:,} open")
    print(f"  baseline SELECT 1 round trip        {s['select1']:8.3f} ms (median)")
    print(f"  baseline indexed count of due rows  {s['count']:8.3f} ms (median)")
    print(f"  idle sweep (nothing due)            {s['idle']:8.3f} ms (median)  = {s['idle'] / s['select1']:.1f}× SELECT 1")
    print(f"  sweep firing {DUE_PER_RUN} due tickets       {s['busy']:8.1f} ms (median of 7)  "
          f"= {s['busy'] / DUE_PER_RUN:.2f} ms a ticket; {s['fired']} rungs fired")
    print(f"    runs: {', '.join(f'{ms:.0f}' for ms in s['busy_runs'])} ms; "
          f"{s['per_rung']:.1f} statements a fired rung (the sweep's own reads included)")
    for name, plan in s["plans"].items():
        print(f"  EXPLAIN (ANALYZE, BUFFERS) of the {name} query, {DUE_PER_RUN} due:")
        print("\n".join(f"    {line}" for line in plan))


ESTATE_ROWS: list = []
ESTATE_CODES: list = []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--closed", type=int, default=900_000)
    parser.add_argument("--seconds", type=float, default=40.0, help="length of the steady-load phase")
    parser.add_argument("--rate", type=float, default=10.0, help="new tickets a second in the steady phase")
    parser.add_argument("--without-load-index", action="store_true",
                        help=f"drop {LOAD_INDEX} for the whole run (the sweep as it was before it)")
    args = parser.parse_args()

    recreate_database()
    app = make_app()
    from flask_migrate import upgrade

    from app.extensions import db

    with app.app_context():
        upgrade(revision="heads")
        ESTATE_ROWS.extend(seed_org())
        configure_ladder()
        ESTATE_CODES.extend((row[0], f"E{i}") for i, row in enumerate(ESTATE_ROWS))
        engine = db.engine
    if args.without_load_index:
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP INDEX {LOAD_INDEX}"))
        print(f"{LOAD_INDEX} dropped for this run")
    now = datetime.now(timezone.utc)
    took = copy_tickets(engine, ESTATE_ROWS, start=0, count=args.open, open_=True, now=now)
    print(f"COPY {args.open:,} open tickets: {took:.1f} s")
    stage_a = measure_stage(app, engine, "stage A")
    report_stage(stage_a)
    took = copy_tickets(engine, ESTATE_ROWS, start=args.open, count=args.closed, open_=False, now=now)
    print(f"\nCOPY {args.closed:,} closed tickets: {took:.1f} s")
    stage_b = measure_stage(app, engine, "stage B")
    report_stage(stage_b)
    print(f"\nflatness (B / A): idle sweep {stage_b['idle'] / stage_a['idle']:.2f}×, "
          f"sweep of {DUE_PER_RUN} due {stage_b['busy'] / stage_a['busy']:.2f}×, "
          f"SELECT 1 {stage_b['select1'] / stage_a['select1']:.2f}×")
    if not args.without_load_index:
        with_index, without = candidates_with_and_without_index(app, engine)
        print(f"backup-candidates query at stage B (median of 20 firms): {with_index:.2f} ms with {LOAD_INDEX}, "
              f"{without:.2f} ms without it ({without / with_index:.1f}×)")

    lag = steady_load(app, args.seconds, args.rate)
    print(f"\nsteady load: {lag['opened']} new tickets at {lag['rate']:g}/s for {args.seconds:g} s, "
          f"tracker every {lag['interval']:g} s; {lag['rungs']} of {lag['expected']} rungs fired")
    print(f"  lag deadline → escalation: median {lag['median']:.2f} s, p95 {lag['p95']:.2f} s, "
          f"max {lag['max']:.2f} s (bound 20 s; ratio max/interval {lag['max'] / lag['interval']:.2f})")
    engine.dispose()


if __name__ == "__main__":
    main()
