"""A message the webhook could not store is answered with an error, so WeChat sends it again."""
import sqlite3
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy import event

from app.extensions import db
from app.residents.models import Resident
from app.wechat.models import InboundMessage, InboundStatus
from app.wechat.simulator import text_xml
from bots import messages


def stored() -> list[InboundMessage]:
    db.session.expire_all()
    return db.session.scalars(sa.select(InboundMessage).order_by(InboundMessage.id)).all()


@contextmanager
def database_refuses(statement_start: str):
    """The database answers 'database is locked' to every statement that starts so, as SQLite does
    when another writer holds the lock past the busy timeout."""

    def refuse(_conn, _cursor, statement, _params, _context, _many):
        if statement.lstrip().upper().startswith(statement_start):
            raise sa.exc.OperationalError(statement, None, sqlite3.OperationalError("database is locked"))

    event.listen(db.engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(db.engine, "before_cursor_execute", refuse)


def test_a_message_that_cannot_be_stored_gets_503_so_wechat_retries_and_nothing_is_half_written(wechat):
    xml = text_xml("o_res", "你好", msg_id=501)
    with database_refuses("INSERT INTO INBOUND_MESSAGE"):
        response = wechat.post(xml)
    assert response.status_code == 503
    assert stored() == []
    assert db.session.scalar(sa.select(Resident).where(Resident.openid == "o_res")) is None


def test_wechats_retry_after_a_failed_save_is_stored_and_answered_once(wechat):
    xml = text_xml("o_res", "你好", msg_id=502)
    with database_refuses("INSERT INTO INBOUND_MESSAGE"):
        assert wechat.post(xml).status_code == 503
    assert wechat.reply_of(wechat.post(xml)) == messages.HELP
    assert wechat.reply_of(wechat.post(xml)) == messages.HELP
    [row] = stored()
    assert (row.status, row.reply) == (InboundStatus.ANSWERED, messages.HELP)


@contextmanager
def commit_fails():
    def refuse(_conn):
        raise sa.exc.OperationalError("COMMIT", None, sqlite3.OperationalError("disk I/O error"))

    event.listen(db.engine, "commit", refuse)
    try:
        yield
    finally:
        event.remove(db.engine, "commit", refuse)


def test_a_commit_that_fails_after_the_bot_ran_also_gets_503_and_leaves_nothing(wechat):
    xml = text_xml("o_res", "你好", msg_id=503)
    with commit_fails():
        response = wechat.post(xml)
    assert response.status_code == 503 and stored() == []
    assert wechat.reply_of(wechat.post(xml)) == messages.HELP


def test_once_stored_a_failing_bot_still_gets_a_valid_polite_answer(wechat, monkeypatch):
    def broken(*_args, **_kwargs):
        raise sa.exc.OperationalError("SELECT", None, sqlite3.OperationalError("disk I/O error"))

    monkeypatch.setattr("app.intake.service.apply_turn", broken)
    xml = text_xml("o_res", "3号楼漏水", msg_id=504)
    response = wechat.post(xml)
    assert response.status_code == 200 and wechat.reply_of(response) == messages.SAVE_FAILED
    [row] = stored()
    assert row.status == InboundStatus.FAILED and "disk I/O error" in row.error
