"""Logging in, sessions that expire, CSRF, and each role seeing only its scope."""
import re

import pytest

from app.accounts.service import AccountError
from tests.dashboard import scenario
from tests.dashboard.web import csrf_of, log_in
from tests.factories import create_person

PAGES = ["/dashboard/", "/dashboard/breakdown/firm", "/dashboard/tickets", "/dashboard/late",
         "/dashboard/late.json", "/dashboard/ranking", "/dashboard/ranking/export", "/dashboard/agenda",
         "/dashboard/tickets/1"]


@pytest.mark.parametrize("page", PAGES)
def test_a_logged_out_visitor_is_sent_to_the_login_page(client, page):
    response = client.get(page)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/dashboard/login?next=")


def test_the_login_page_is_open_to_visitors(client):
    response = client.get("/dashboard/login")
    assert response.status_code == 200 and "登录" in response.get_data(as_text=True)


def test_a_supervisor_logs_in_and_lands_where_they_were_going(client, street):
    scenario.create_account(person=scenario.supervisor_of(street.estate_a))
    response = log_in(client, "duban", next_="/dashboard/late")
    assert response.status_code == 302 and response.headers["Location"] == "/dashboard/late"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and scenario.PASSWORD not in cookie
    assert client.get("/dashboard/late").status_code == 200


def test_a_wrong_password_is_refused_with_the_same_message_as_an_unknown_name(client, street):
    scenario.create_account(person=scenario.supervisor_of(street.estate_a))
    wrong = log_in(client, "duban", password="not-it-at-all")
    unknown = log_in(client, "nobody")
    for response in (wrong, unknown):
        assert response.status_code == 401 and "用户名或密码错误" in response.get_data(as_text=True)
    assert client.get("/dashboard/").status_code == 302


def test_a_login_without_the_csrf_token_is_refused(client, street):
    scenario.create_account(person=scenario.supervisor_of(street.estate_a))
    client.get("/dashboard/login")
    response = client.post("/dashboard/login", data={"username": "duban", "password": scenario.PASSWORD})
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
    assert client.get("/dashboard/").status_code == 302


def test_logging_out_needs_the_token_and_ends_the_session(client, street):
    scenario.create_account(person=scenario.supervisor_of(street.estate_a))
    log_in(client, "duban")
    assert client.post("/dashboard/logout", data={"csrf_token": "forged"}).status_code == 400
    token = csrf_of(client.get("/dashboard/").get_data(as_text=True))
    assert client.post("/dashboard/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/dashboard/").status_code == 302


def logout(client):
    token = csrf_of(client.get("/dashboard/").get_data(as_text=True))
    return client.post("/dashboard/logout", data={"csrf_token": token})


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def with_cookie(app, value: str):
    copy = app.test_client()
    copy.set_cookie("session", value)
    return copy


def test_a_copy_of_the_cookie_is_worthless_after_logout(app, client, street):
    scenario.create_account(person=scenario.supervisor_of(street.estate_a))
    log_in(client, "duban")
    stolen = session_cookie(client)
    assert with_cookie(app, stolen).get("/dashboard/").status_code == 200
    assert logout(client).status_code == 302
    assert with_cookie(app, stolen).get("/dashboard/").status_code == 302


def test_logging_out_ends_the_accounts_sessions_on_every_device(app, street):
    scenario.create_account(person=scenario.supervisor_of(street.estate_a))
    laptop, phone = app.test_client(), app.test_client()
    log_in(laptop, "duban")
    log_in(phone, "duban")
    assert phone.get("/dashboard/").status_code == 200
    logout(laptop)
    assert phone.get("/dashboard/").status_code == 302
    log_in(phone, "duban")
    assert phone.get("/dashboard/").status_code == 200  # a new login opens a new set of sessions


def test_a_cookie_from_before_a_logout_cannot_log_the_new_session_out(app, client, street):
    scenario.create_account(person=scenario.supervisor_of(street.estate_a))
    log_in(client, "duban")
    old = with_cookie(app, session_cookie(client))
    old_token = csrf_of(old.get("/dashboard/").get_data(as_text=True))
    logout(client)
    log_in(client, "duban")
    assert old.post("/dashboard/logout", data={"csrf_token": old_token}).status_code == 302
    assert client.get("/dashboard/").status_code == 200


def test_a_session_expires_after_the_configured_minutes(client, street, clock):
    scenario.create_account(person=scenario.supervisor_of(street.estate_a))
    log_in(client, "duban")
    ttl = client.application.config["SESSION_TTL_MINUTES"]
    clock.advance(minutes=ttl - 1)
    assert client.get("/dashboard/").status_code == 200
    clock.advance(minutes=1, seconds=5)
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "expired=1" in response.headers["Location"]
    assert "登录已过期" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_an_open_redirect_after_login_goes_to_the_overview_instead(client, street):
    scenario.create_account(person=scenario.supervisor_of(street.estate_a))
    response = log_in(client, "duban", next_="https://evil.example/")
    assert response.headers["Location"] == "/dashboard/"


def test_a_next_with_a_newline_is_refused_with_a_400_page_and_logs_no_one_in(client, street):
    scenario.create_account(person=scenario.supervisor_of(street.estate_a))
    shown = client.get("/dashboard/login?next=/dashboard/%0D%0ASet-Cookie:%20x=1")
    assert shown.status_code == 400 and "登录后返回的页面：含有控制字符" in shown.get_data(as_text=True)
    posted = log_in(client, "duban", next_="/dashboard/\r\nSet-Cookie: x=1")
    assert posted.status_code == 400 and "登录后返回的页面" in posted.get_data(as_text=True)
    assert "Set-Cookie: x" not in str(posted.headers)
    assert client.get("/dashboard/").status_code == 302


def _numbers(client, page="/dashboard/tickets"):
    html = client.get(page).get_data(as_text=True)
    return set(re.findall(r"[A-Z]{2}-\d{8}-\d{4}", html))


def test_each_role_sees_only_its_scope(app, street):
    a_numbers = {t.number for t in street.tickets.values()}
    roles = {
        "supervisor": scenario.supervisor_of(street.estate_a),
        "manager": scenario.manager_of(street.estate_a),
        "secretary": scenario.secretary_of(street.estate_a),
        "other_supervisor": scenario.supervisor_of(street.estate_b),
    }
    for name, person in roles.items():
        scenario.create_account(name, person=person)
    for name in ("supervisor", "manager", "secretary"):
        with app.test_client() as client:
            log_in(client, name)
            assert _numbers(client) == a_numbers, name
            assert client.get(f"/dashboard/tickets/{street.other.id}").status_code == 404, name
            assert client.get(f"/dashboard/tickets/{street.tickets['t1'].id}").status_code == 200, name
    with app.test_client() as client:
        log_in(client, "other_supervisor")
        assert _numbers(client) == {street.other.number}
        assert _numbers(client, "/dashboard/late") == {street.other.number}
        assert client.get(f"/dashboard/tickets/{street.tickets['t1'].id}").status_code == 404


def test_a_manager_of_one_estate_does_not_see_the_firms_other_estates(app, street):
    from tests.factories import create_estate, create_ticket
    sibling = create_estate(firm=street.estate_a.firm, grid=street.estate_a.grid)
    hidden = create_ticket(sibling, now=scenario.local(6))
    scenario.create_account("mgr", person=scenario.manager_of(street.estate_a))
    with app.test_client() as client:
        log_in(client, "mgr")
        assert hidden.number not in _numbers(client)


def test_an_account_for_someone_without_a_supervising_role_is_refused(ctx):
    steward_only = create_person()
    with pytest.raises(AccountError, match="would see nothing"):
        scenario.create_account(person=steward_only)


def test_a_duplicate_username_a_short_password_and_an_unknown_person_are_refused(street):
    person = scenario.supervisor_of(street.estate_a)
    scenario.create_account(person=person)
    from app.accounts.service import create_account
    with pytest.raises(AccountError, match="taken"):
        create_account("duban", "long-enough-pw", now=scenario.NOW, person_code=person.code)
    with pytest.raises(AccountError, match="at least 8"):
        create_account("duban2", "short", now=scenario.NOW, person_code=person.code)
    with pytest.raises(AccountError, match="no person"):
        create_account("duban3", "long-enough-pw", now=scenario.NOW, person_code="NOPE")
