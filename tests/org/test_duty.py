import sqlalchemy as sa

from app.extensions import db
from app.org.models import Person
from tests.factories import create_person


def test_a_person_is_put_off_and_back_on_duty(runner):
    create_person(code="S9")
    result = runner.invoke(args=["org", "duty", "S9", "off"])
    assert result.exit_code == 0 and "S9: off duty" in result.output
    db.session.expire_all()
    assert db.session.scalar(sa.select(Person.on_duty).where(Person.code == "S9")) is False
    assert "(already)" in runner.invoke(args=["org", "duty", "S9", "off"]).output
    runner.invoke(args=["org", "duty", "S9", "on"])
    db.session.expire_all()
    assert db.session.scalar(sa.select(Person.on_duty).where(Person.code == "S9")) is True


def test_an_unknown_person_or_state_is_refused(runner):
    result = runner.invoke(args=["org", "duty", "NOBODY", "off"])
    assert result.exit_code != 0 and "no person with code 'NOBODY'" in result.output
    create_person(code="S8")
    assert runner.invoke(args=["org", "duty", "S8", "maybe"]).exit_code != 0
