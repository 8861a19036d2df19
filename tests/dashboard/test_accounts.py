"""Managing dashboard accounts from the command line: a new password, disable, enable — and what
each does to the sessions already open."""
import pytest

from tests.dashboard import scenario
from tests.dashboard.web import log_in

NEW_PASSWORD = "another-pass-9"


@pytest.fixture
def logged_in(client, street):
    scenario.create_account("duban", person=scenario.supervisor_of(street.estate_a))
    assert log_in(client, "duban").status_code == 302
    assert client.get("/dashboard/").status_code == 200
    return client


def is_sent_to_login(client) -> bool:
    response = client.get("/dashboard/")
    return response.status_code == 302 and "/dashboard/login" in response.headers["Location"]


def test_a_new_password_replaces_the_old_one_and_ends_the_sessions_opened_with_it(logged_in, runner, app):
    result = runner.invoke(args=["user", "password", "duban"], env={"DASHBOARD_PASSWORD": NEW_PASSWORD})

    assert result.exit_code == 0 and "password of duban changed" in result.output
    assert is_sent_to_login(logged_in)
    fresh = app.test_client()
    assert log_in(fresh, "duban").status_code == 401  # the old password
    assert log_in(fresh, "duban", NEW_PASSWORD).status_code == 302
    assert fresh.get("/dashboard/").status_code == 200


def test_a_bad_new_password_or_an_unknown_account_changes_nothing(logged_in, runner):
    short = runner.invoke(args=["user", "password", "duban", "--password", "short"])
    assert short.exit_code != 0 and "at least 8 characters" in short.output and "not changed" in short.output
    unknown = runner.invoke(args=["user", "password", "nobody", "--password", NEW_PASSWORD])
    assert unknown.exit_code != 0 and "no account 'nobody'" in unknown.output
    assert logged_in.get("/dashboard/").status_code == 200  # still signed in: nothing changed


def test_disabling_ends_the_open_sessions_and_refuses_logins_until_enabled(logged_in, runner, app):
    result = runner.invoke(args=["user", "disable", "duban"])

    assert result.exit_code == 0 and "disabled" in result.output
    assert is_sent_to_login(logged_in)
    fresh = app.test_client()
    refused = log_in(fresh, "duban")
    assert refused.status_code == 401 and "用户名或密码错误" in refused.get_data(as_text=True)

    assert runner.invoke(args=["user", "enable", "duban"]).exit_code == 0
    assert log_in(fresh, "duban").status_code == 302
    assert fresh.get("/dashboard/").status_code == 200


def test_enabling_a_disabled_account_again_does_not_bring_its_old_sessions_back(logged_in, runner):
    assert runner.invoke(args=["user", "disable", "duban"]).exit_code == 0
    assert runner.invoke(args=["user", "enable", "duban"]).exit_code == 0
    assert is_sent_to_login(logged_in)


def test_disabling_an_unknown_account_is_refused(runner, street):
    result = runner.invoke(args=["user", "disable", "ghost"])
    assert result.exit_code != 0 and "no account 'ghost'" in result.output and "nothing was changed" in result.output
