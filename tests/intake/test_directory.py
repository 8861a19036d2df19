"""The per-process estate directory: read once, dropped at once by this process's org import, by TTL otherwise."""
from contextlib import contextmanager

from sqlalchemy import event

from app.extensions import db
from app.org import directory as directory_module
from app.org.directory import directory
from app.intake.service import converse
from app.org.importer import import_org
from bots import messages
from bots.models import Incoming
from factories import create_estate


@contextmanager
def statements():
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()).lower())

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


ORG_FILE = """\
street: {code: S9, name: 测试街道}
firms:
  - {code: F9, name: 九号物业}
communities:
  - code: C9
    name: 九号社区
    grids:
      - code: G9
        name: 九号网格
        branch: 九号网格党支部
        estates:
          - {code: JSJY, name: 金色家园, firm: F9, buildings: ["1"]}
"""


def looked_up():
    """The directory, read the way a message reads it, then the session's transaction ended."""
    known = directory()
    db.session.rollback()
    return known


def say(text, now):
    return converse("o_res", Incoming(text=text), now=now)


def test_a_message_reads_no_estate_or_building_once_the_directory_is_loaded(ctx, now):
    create_estate(code="XFL", name="幸福里小区", buildings=("1",))
    create_estate(code="YGHY", name="阳光花园", buildings=("3",))
    say("你好", now)
    with statements() as seen:
        assert say("3号楼2单元501厨房水管漏水", now) == [messages.ask_estate(["幸福里小区", "阳光花园"])]
    assert len(seen) <= 4, seen  # resident upsert, state update (+ BEGIN on SQLite): no estate or building


def test_an_estate_imported_through_this_process_is_seen_by_the_next_message(ctx, now):
    create_estate(code="XFL", name="幸福里小区")
    looked_up()
    import_org(ORG_FILE)
    assert dict(looked_up().names())["JSJY"] == "金色家园"


def test_another_processs_change_is_seen_once_the_ttl_has_passed(ctx, now, monkeypatch):
    create_estate(code="XFL", name="幸福里小区")
    looked_up()
    raw = db.engine.raw_connection()  # as another process would: no SQLAlchemy event in this one
    try:
        raw.cursor().execute("UPDATE estate SET name = '幸福里新村' WHERE code = 'XFL'")
        raw.commit()
    finally:
        raw.close()
    assert dict(looked_up().names())["XFL"] == "幸福里小区"
    later = directory_module.time.monotonic() + ctx.config["INTAKE_DIRECTORY_TTL_SECONDS"] + 1
    monkeypatch.setattr(directory_module.time, "monotonic", lambda: later)
    assert dict(looked_up().names())["XFL"] == "幸福里新村"


def test_the_directory_of_an_empty_database_is_empty(ctx):
    assert looked_up().names() == () and looked_up().buildings() == ()
