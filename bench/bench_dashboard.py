"""The dashboard's pages for a month, a quarter and a year (overview, breakdown, ranking) and the year's targets over
1,000,000 tickets on PostgreSQL.

Run:  .venv/bin/python bench/bench_dashboard.py [--tickets 1000000] [--rounds 30] [--rebuild]
      (PostgreSQL at BENCH_PG, default postgresql+psycopg://postgres@127.0.0.1:5432; the script creates
      and fills its own database, bench_dash or $BENCH_DASH_DATABASE, and reuses it on the next run
      unless --rebuild.)

Builds the rollup the period figures read (`flask rollup rebuild`, timed) when it is empty or --rebuild-rollup.
Prints the median and 90th percentile of each page through the Flask test client, and the ratio to a
baseline measured in the same run (GET /healthz?live=1, and the login page).
"""
from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

SERVER = os.environ.get("BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_DASH_DATABASE", "bench_dash")  # its own name, where several people bench at once
MONTHS = 24  # tickets over the 24 months up to NOW
NOW = datetime(2026, 11, 21, 2, 0, tzinfo=timezone.utc)
PASSWORD = "bench-password"
CATEGORIES = [("repair", 60, 600, 1800, 86400), ("emergency", 3, 300, 900, 14400), ("dispute", 10, 600, None, 259200),
              ("complaint", 8, 600, None, 259200), ("inquiry", 15, 3600, None, 86400), ("praise", 4, 3600, None, 86400)]
PREFIX = {"repair": "BX", "emergency": "JJ", "dispute": "JF", "complaint": "TS", "inquiry": "ZX", "praise": "BY"}


def make_database(rebuild: bool) -> str:
    admin = sa.create_engine(f"{SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": DATABASE})
        if exists and rebuild:
            conn.execute(sa.text(f"DROP DATABASE {DATABASE} WITH (FORCE)"))
        if not exists or rebuild:
            conn.execute(sa.text(f"CREATE DATABASE {DATABASE}"))
    admin.dispose()
    return f"{SERVER}/{DATABASE}"


def make_app(url: str):
    from app import create_app
    from config import TestConfig

    class BenchConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = url
        TESTING = False

    return create_app(BenchConfig)


def build_street():
    """1 street, 4 communities × 4 grids × 4 estates, 8 firms, 8 buildings per estate, 5 stewards per estate."""
    from app.extensions import db
    from app.org.models import Building, Community, Estate, Firm, Grid, Person, Role, RoleKind, Street
    street = Street(code="BS", name="基准街道")
    firms = [Firm(code=f"BF{i}", name=f"物业{i}") for i in range(8)]
    estates, stewards = [], []
    for c in range(4):
        community = Community(code=f"BC{c}", name=f"社区{c}", street=street)
        for g in range(4):
            grid = Grid(code=f"BG{c}{g}", name=f"网格{c}-{g}", community=community)
            for e in range(4):
                estate = Estate(code=f"BE{c}{g}{e}", name=f"小区{c}{g}{e}", grid=grid, firm=firms[(c * 4 + g + e) % 8])
                estate.buildings = [Building(code=str(b + 1), units=3) for b in range(8)]
                estates.append(estate)
    db.session.add_all([street, *firms, *estates])
    db.session.flush()
    for estate in estates:
        for s in range(5):
            person = Person(code=f"BP{estate.code}{s}", name=f"管家{estate.code}{s}")
            person.roles.append(Role(kind=RoleKind.STEWARD, firm_id=estate.firm_id))
            stewards.append((estate, person))
    db.session.add_all(p for _e, p in stewards)
    db.session.commit()
    return estates, {e.id: [p.id for es, p in stewards if es is e] for e in estates}


def ticket_rows(count: int, estates, stewards_of):
    """Realistic tickets: more in recent months, most answered in time, older ones closed and rated.

    Rows go in in the order they were opened, as the live system writes them (so a month's tickets sit
    together on disk, as they would in production).
    """
    rng = random.Random(7)
    weights = [c[1] for c in CATEGORIES]
    span = MONTHS * 30 * 86400
    buildings = {e.id: [b.id for b in e.buildings] for e in estates}
    ages = sorted((int(span * (1 - rng.random() ** 0.8)) for _ in range(count)), reverse=True)  # recent-heavy
    for i, age in enumerate(ages):
        category, _w, respond, arrive, resolve = rng.choices(CATEGORIES, weights)[0]
        opened = NOW - timedelta(seconds=age)
        estate = estates[rng.randrange(len(estates))]
        yield _ticket(rng, i, category, opened, age, estate, buildings[estate.id], stewards_of[estate.id],
                      respond, arrive, resolve)


def _ticket(rng, i, category, opened, age, estate, buildings, stewards, respond, arrive, resolve):
    response = int(rng.lognormvariate(5.7, 0.6))  # median ~5 min; a tail past 10 min
    answered = age > response
    arrival = response + int(rng.lognormvariate(7.0, 0.5)) if arrive and answered else None
    done = age > 3 * 86400 or rng.random() < 0.5
    status = ("closed" if done else ("accepted" if answered else "dispatched")) if rng.random() > 0.01 else "cancelled"
    rating = rng.choices([5, 4, 3, 2, 1], [55, 25, 10, 6, 4])[0] if status == "closed" and rng.random() < 0.7 else None
    at = lambda s: opened + timedelta(seconds=s) if s is not None else None  # noqa: E731
    return (f"{PREFIX[category]}-{i:010d}", category, status, "基准工单", "wechat", estate.id,
            buildings[rng.randrange(len(buildings))], estate.firm_id, estate.grid_id, estate.grid.community_id,
            stewards[rng.randrange(len(stewards))], opened, at(response if answered else None),
            at(arrival), at(respond), at(arrive), at(resolve), response if answered else None,
            (response <= respond) if answered else None, arrival, (arrival <= arrive) if arrival else None,
            rating, 0, 0, 1)


COLUMNS = ("number, category, status, description, channel, estate_id, building_id, firm_id, grid_id, community_id, "
           "assignee_id, opened_at, accepted_at, arrived_at, respond_due_at, arrive_due_at, resolve_due_at, "
           "response_seconds, response_met, arrival_seconds, arrival_met, rating, paused_seconds, reopen_count, version")


def load_tickets(count: int, estates, stewards_of) -> float:
    from app.extensions import db
    started = time.perf_counter()
    raw = db.engine.raw_connection()
    try:
        with raw.cursor() as cur, cur.copy(f"COPY ticket ({COLUMNS}) FROM STDIN") as copy:
            for row in ticket_rows(count, estates, stewards_of):
                copy.write_row(row)
        raw.commit()
        with raw.cursor() as cur:
            cur.execute("ANALYZE ticket")
        raw.commit()
    finally:
        raw.close()
    return time.perf_counter() - started


def prepare(app, count: int) -> None:
    from flask_migrate import upgrade
    from app.extensions import db
    with app.app_context():
        upgrade(revision="heads")
        have = db.session.scalar(sa.text("SELECT count(*) FROM ticket"))
        if have == count:
            print(f"reusing {have:,} tickets in {DATABASE}")
            return
        if have:
            raise SystemExit(f"{DATABASE} holds {have:,} tickets, not {count:,}: run again with --rebuild")
        estates, stewards_of = build_street()
        seconds = load_tickets(count, estates, stewards_of)
        print(f"loaded {count:,} tickets in {seconds:.1f} s (COPY)")
        make_accounts()


def build_rollup(app, again: bool) -> None:
    """The rollup after loading tickets, as a deploy builds it (`flask rollup rebuild`); then one refresh pass."""
    from app.dashboard import rollup
    from app.dashboard.models import RollupCounts, RollupHistogram
    from app.extensions import db
    with app.app_context():
        if db.session.scalar(sa.select(sa.func.count(RollupCounts.id))) and not again:
            print("reusing the rollup")
            return
        started = time.perf_counter()
        rollup.rebuild(now=NOW)
        with db.engine.connect() as conn:
            for table in rollup.TABLES:
                conn.execute(sa.text(f"ANALYZE {table.__tablename__}"))
            conn.commit()
        rows = db.session.scalar(sa.select(sa.func.count(RollupCounts.id)))
        buckets = db.session.scalar(sa.select(sa.func.count(RollupHistogram.id)))
        print(f"rollup rebuilt in {time.perf_counter() - started:.1f} s: {rows:,} count rows, {buckets:,} bucket rows")
        started = time.perf_counter()
        report = rollup.refresh(now=NOW + timedelta(minutes=1))
        print(f"a refresh pass with nothing changed: {report.slices} slices in {time.perf_counter() - started:.2f} s")


def make_accounts() -> None:
    """A community supervisor (a quarter of the street) and a street-wide one (every community)."""
    from app.accounts.service import create_account
    from app.extensions import db
    from app.org.models import Community, Person, Role, RoleKind
    communities = db.session.scalars(sa.select(Community).order_by(Community.code)).all()
    street_wide = Person(code="B-ALL", name="街道督办",
                         roles=[Role(kind=RoleKind.SUPERVISOR, community_id=c.id) for c in communities])
    one = Person(code="B-ONE", name="社区督办", roles=[Role(kind=RoleKind.SUPERVISOR, community_id=communities[0].id)])
    db.session.add_all([street_wide, one])
    db.session.commit()
    create_account("bench_one", PASSWORD, now=NOW, person_code="B-ONE")
    create_account("bench_all", PASSWORD, now=NOW, person_code="B-ALL")


def logged_in(app, username: str):
    client = app.test_client()
    html = client.get("/dashboard/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    response = client.post("/dashboard/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, response.status_code
    return client


def timed(client, url: str, rounds: int) -> list[float]:
    client.get(url)  # warm the caches once
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def report(name: str, times: list[float], baseline: float | None) -> float:
    median = statistics.median(times)
    p90 = statistics.quantiles(times, n=10)[-1]
    ratio = f"{median / baseline:8.1f}×" if baseline else "       —"
    print(f"{name:48s} median {median:8.1f} ms   p90 {p90:8.1f} ms   vs baseline {ratio}")
    return median


PAGES = (("overview, month", "/dashboard/?period=2026-11"),
         ("overview, quarter", "/dashboard/?period=2026-Q4"),
         ("overview, year", "/dashboard/?period=2026"),
         ("breakdown by firm, month", "/dashboard/breakdown/firm?period=2026-11"),
         ("breakdown by firm, quarter", "/dashboard/breakdown/firm?period=2026-Q4"),
         ("breakdown by firm, year", "/dashboard/breakdown/firm?period=2026"),
         ("breakdown by steward, month", "/dashboard/breakdown/steward?period=2026-11"),
         ("breakdown by steward, quarter", "/dashboard/breakdown/steward?period=2026-Q4"),
         ("breakdown by steward, year", "/dashboard/breakdown/steward?period=2026"),
         ("breakdown by category, month", "/dashboard/breakdown/category?period=2026-11"),
         ("breakdown by category, quarter", "/dashboard/breakdown/category?period=2026-Q4"),
         ("breakdown by category, year", "/dashboard/breakdown/category?period=2026"),
         ("ranking, month", "/dashboard/ranking?period=2026-11"),
         ("ranking, quarter", "/dashboard/ranking?period=2026-Q4"),
         ("ranking, year", "/dashboard/ranking?period=2026"),
         ("targets, year", "/dashboard/targets/?year=2026"))
TARGETS = (("complaint_rate", -30.0), ("mediation_rate", 30.0), ("response_in_time", 95.0))


def set_targets() -> None:
    """Households on every estate, and each community's three targets for 2026 (once), for the targets page."""
    from app.accounts.models import Account
    from app.extensions import db
    from app.org.models import Estate
    from app.targets import service
    from app.targets.models import Target, TargetKind

    if db.session.scalar(sa.select(sa.func.count(Target.id))):
        return
    db.session.execute(sa.update(Estate).values(households=800))
    db.session.commit()
    account = db.session.scalar(sa.select(Account).where(Account.username == "bench_all"))
    for place in service.places_overseen(account):
        for kind, value in TARGETS:
            service.set_target(account, {"place": place.key, "year": 2026, "kind": TargetKind(kind), "value": value},
                               now=NOW)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--rebuild-rollup", action="store_true")
    args = parser.parse_args()
    app = make_app(make_database(args.rebuild))
    prepare(app, args.tickets)
    build_rollup(app, args.rebuild_rollup)
    from app import clock
    clock.set_clock(NOW)  # the pages' "now", as the loaded tickets were made around it
    with app.app_context():
        from app.extensions import db
        set_targets()
        total = db.session.scalar(sa.text("SELECT count(*) FROM ticket"))
        november = db.session.scalar(sa.text("SELECT count(*) FROM ticket WHERE opened_at >= '2026-10-31 16:00+00'"))
        print(f"tickets: {total:,}; opened in November 2026: {november:,}")
    base = app.test_client()
    health = report("baseline GET /healthz", timed(base, "/healthz?live=1", args.rounds), None)
    report("baseline GET /dashboard/login", timed(base, "/dashboard/login", args.rounds), health)
    slowest = 0.0
    for username, label in (("bench_one", "community supervisor"), ("bench_all", "street-wide (4 communities)")):
        client = logged_in(app, username)
        for page, url in PAGES:
            slowest = max(slowest, report(f"{page}, {label}", timed(client, url, args.rounds), health))
    print(f"slowest median {slowest:.1f} ms; target < 500 ms: {'met' if slowest < 500 else 'NOT met'}")


if __name__ == "__main__":
    main()
