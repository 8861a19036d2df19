"""A use case called inside another joins its transaction: one commit, or nothing at all."""
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.org.models import Street
from app.transaction import use_case


@use_case
def add_street(code):
    db.session.add(Street(code=code, name="街"))


@use_case
def add_two_then_fail(fail):
    add_street("A")
    add_street("B")
    if fail:
        raise RuntimeError("boom")


def codes():
    db.session.expire_all()
    return sorted(db.session.scalars(sa.select(Street.code)))


def test_an_inner_use_case_commits_only_with_the_outer_one(ctx):
    with pytest.raises(RuntimeError):
        add_two_then_fail(True)
    assert codes() == []
    add_two_then_fail(False)
    assert codes() == ["A", "B"]
