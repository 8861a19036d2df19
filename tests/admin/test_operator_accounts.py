"""`flask user create --operator`: an account for the administration pages, with or without a dashboard scope."""
import sqlalchemy as sa

from app.accounts.models import Account
from app.extensions import db


def test_an_operator_account_needs_no_scope_and_any_other_still_does(demo, runner):
    made = runner.invoke(args=["user", "create", "yunying", "--operator", "--password", "correct-horse-9"])
    assert made.exit_code == 0, made.output
    assert db.session.scalar(sa.select(Account.operator).where(Account.username == "yunying")) is True
    refused = runner.invoke(args=["user", "create", "nobody", "--password", "correct-horse-9"])
    assert refused.exit_code != 0 and "would see nothing" in refused.output
    assert db.session.scalar(sa.select(Account).where(Account.username == "nobody")) is None
