"""The yearly targets page (年度目标) over bench_dashboard.py's street on PostgreSQL.

Run:  BENCH_DASH_DATABASE=<db> .venv/bin/python bench/bench_targets.py [--tickets 1000000] [--rounds 30]
      (the same database and tickets as bench/bench_dashboard.py, filled by it when empty; this script adds
      households to the estates and the three targets of each community for 2026.)

Prints the median and 90th percentile of the page through the Flask test client for a community supervisor
and a street-wide one, with GET /healthz?live=1 measured in the same run as the baseline. The page reads the
year's tickets with one grouped query (app/targets/figures.py), so its cost grows with a year's tickets until
that function reads the dashboard's rollup instead.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

import bench_dashboard as bench  # noqa: E402

# bench_dashboard.py still names the ticket's channel by its old column (`source`, renamed `channel` by the
# channels migration); its rows hold the channel's value ("wechat").
bench.COLUMNS = bench.COLUMNS.replace("source,", "channel,")
YEAR = 2026
TARGETS = (("complaint_rate", -30.0), ("mediation_rate", 30.0), ("response_in_time", 95.0))


def set_targets() -> None:
    """Households on every estate, and each community's three targets (once)."""
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
            service.set_target(account, {"place": place.key, "year": YEAR, "kind": TargetKind(kind), "value": value},
                               now=bench.NOW)


def main() -> None:
    from app.clock import set_clock

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    set_clock(bench.NOW)
    app = bench.make_app(bench.make_database(False))
    bench.prepare(app, args.tickets)
    with app.app_context():
        from app.extensions import db
        set_targets()
        in_year = db.session.scalar(sa.text("SELECT count(*) FROM ticket WHERE opened_at >= '2025-12-31 16:00+00'"))
        print(f"tickets opened in {YEAR} (to {bench.NOW:%m-%d}): {in_year:,}")
    health = bench.report("baseline GET /healthz", bench.timed(app.test_client(), "/healthz?live=1", args.rounds), None)
    for username, label in (("bench_one", "community supervisor"), ("bench_all", "street-wide (4 communities)")):
        client = bench.logged_in(app, username)
        bench.report(f"targets {YEAR}, {label}", bench.timed(client, f"/dashboard/targets/?year={YEAR}", args.rounds),
                     health)


if __name__ == "__main__":
    main()
