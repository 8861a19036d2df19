"""In-process cost of opening and routing a ticket (open_and_route) against a one-row insert, in the same run.

Run: .venv/bin/python bench/bench_open.py [--db sqlite,postgres] [--runs 3] [--n 300] [--root DIR]

For each database (SQLite WAL in a temp dir; PostgreSQL database `bench_open`, recreated), on the demo
street: a repair, an emergency and a praise through `open_and_route`, each from an empty session (as a
webhook request starts), interleaved with the baseline — one row inserted and committed through the
same session (the floor of any use case). Prints each case's SQL statements (counted on the engine),
the median time of each run, the median of the runs and its ratio to the baseline's.

`--root DIR` measures the code of another checkout (e.g. `git archive <commit> | tar -x -C DIR`),
so that a before/after comparison runs the same script.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_open"
CASES = {  # category, description, skill
    "repair": ("repair", "厨房水管漏水", "plumbing"),
    "emergency": ("emergency", "楼道里有很重的煤气味", None),
    "praise": ("praise", "表扬王建国师傅，修得又快又好", None),
}


def fresh_postgres() -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text("DROP DATABASE IF EXISTS bench_open WITH (FORCE)"))
        conn.execute(sa.text("CREATE DATABASE bench_open"))
    engine.dispose()


def prepare(url: str, root: Path):
    """The app on a database built by the migrations, with the demo street and the baseline's table."""
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.org.importer import import_org
    from config import TestConfig

    app = create_app(type("Bench", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
    scratch = sa.MetaData()
    table = sa.Table("bench_open_row", scratch, sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("openid", sa.String(64)), sa.Column("content", sa.Text))
    with app.app_context():
        upgrade(directory=str(root / "migrations"), revision="heads")
        import_org((root / "app/org/data/demo.yaml").read_text(encoding="utf-8"))
        scratch.create_all(db.engine)
    return app, table


def cases(table):
    """name -> function(i, now) running one case in a fresh session."""
    import sqlalchemy as sa

    from app.extensions import db
    from app.routing.service import open_and_route
    from app.tickets.actors import Actor
    from app.tickets.models import Category
    from app.tickets.service import TicketDraft

    def baseline(i, now):
        db.session.remove()
        db.session.execute(table.insert().values(openid=f"o_b{i}", content="厨房水管漏水"))
        db.session.commit()

    def opener(category, description, skill):
        def run(i, now):
            db.session.remove()
            draft = TicketDraft(category=Category(category), estate_code="YGHY", description=description,
                                building="1", unit="2", room="501", skill=skill, resident_openid=f"o_open_{i}",
                                resident_phone="13812345678")
            open_and_route(draft, now=now, by=Actor.resident(draft.resident_openid))
        return run

    return {"baseline": baseline, **{name: opener(*spec) for name, spec in CASES.items()}}


def statements(fn, now) -> int:
    import sqlalchemy as sa

    from app.extensions import db

    seen = []
    listener = lambda *_a: seen.append(_a[2])  # noqa: E731
    sa.event.listen(db.engine, "before_cursor_execute", listener)
    try:
        fn(10**6, now)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listener)
    return len([s for s in seen if not s.startswith("BEGIN")])


def bench(db_name: str, url: str, args) -> None:
    from app.clock import utcnow

    app, table = prepare(url, args.root)
    with app.app_context():
        run_case, now = cases(table), utcnow()
        counts = {name: statements(fn, now) for name, fn in run_case.items()}
        for i in range(50):  # warm up: statement caches, connections
            for fn in run_case.values():
                fn(-1 - i, now)
        medians: dict[str, list[float]] = {name: [] for name in run_case}
        for run in range(args.runs):
            times: dict[str, list[float]] = {name: [] for name in run_case}
            for i in range(args.n):
                for name, fn in run_case.items():  # interleaved, so noise hits every case alike
                    start = time.perf_counter()
                    fn(run * args.n + i, now)
                    times[name].append((time.perf_counter() - start) * 1000)
            for name in run_case:
                medians[name].append(statistics.median(times[name]))
        from app.extensions import db
        db.engine.dispose()
    base = statistics.median(medians["baseline"])
    print(f"\n== {db_name}: {args.n} of each per run, interleaved; medians of {args.runs} runs ==")
    print(f"{'case':<12}{'statements':>11}{'ms':>8}{'x baseline':>12}   runs (ms)")
    for name, runs in medians.items():
        m = statistics.median(runs)
        print(f"{name:<12}{counts[name]:>11}{m:>8.2f}{m / base:>12.1f}   " + ", ".join(f"{r:.2f}" for r in runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    args.root = args.root.resolve()
    sys.path.insert(0, str(args.root))
    print(f"cpus={os.cpu_count()} python={sys.version.split()[0]} code={args.root}")
    for db_name in args.db.split(","):
        if db_name == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                bench("SQLite (WAL)", f"sqlite:///{tmp}/bench.sqlite", args)
        elif db_name == "postgres":
            fresh_postgres()
            bench("PostgreSQL", PG_BENCH, args)
        else:
            raise SystemExit(f"unknown --db {db_name!r}: sqlite or postgres")


if __name__ == "__main__":
    main()
