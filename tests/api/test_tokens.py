"""Tokens end with the role: a per-person version, the openid they were issued for, and a role needed
at the ticket's scope; authentication before the body is read; no token shape is a server error."""
import textwrap

import sqlalchemy as sa
from itsdangerous import URLSafeTimedSerializer

from app.accounts.service import create_account, set_active
from app.api.auth import SALT
from app.extensions import db
from app.org.importer import import_org
from app.org.models import Person, Role
from app.residents.models import Resident
from tests.api.helpers import create_resident, token
from tests.api.test_staff_api import open_ticket

ME = "/api/v1/staff"

ORG = textwrap.dedent("""\
    street: {code: S1, name: 测试街道}
    firms:
      - {code: F1, name: 一号物业}
      - {code: F2, name: 二号物业}
    people:
      - code: P1
        name: 张三
        openid: o_p1
        roles:
          - {role: steward, firm: FIRM, skills: [plumbing]}
    """)


def signed(app, payload: dict) -> dict:
    """A correctly signed token around any payload, as someone holding the key could make."""
    raw = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=SALT).dumps(payload)
    return {"Authorization": f"Bearer {raw}"}


def test_an_import_that_changes_a_persons_roles_ends_their_tokens_and_one_that_does_not_keeps_them(client, ctx):
    import_org(ORG.replace("FIRM", "F1"))
    person = db.session.scalar(sa.select(Person).where(Person.code == "P1"))
    before = token(person)
    import_org(ORG.replace("FIRM", "F1"))  # the same roles: nothing ends
    assert client.get(f"{ME}/tasks", headers=before).status_code == 200

    import_org(ORG.replace("FIRM", "F2"))
    r = client.get(f"{ME}/tasks", headers=before)
    assert r.status_code == 401 and "log in again" in r.json["detail"] and r.json["message"] == "登录已失效，请重新登录"
    assert client.get(f"{ME}/tasks", headers=token(db.session.get(Person, person.id))).status_code == 200


def test_an_import_that_removes_every_role_ends_the_persons_tokens(client, ctx):
    import_org(ORG.replace("FIRM", "F1"))
    person = db.session.scalar(sa.select(Person).where(Person.code == "P1"))
    before = token(person)
    import_org(ORG.split("    roles:")[0] + "    roles: []\n")
    assert client.get(f"{ME}/tasks", headers=before).status_code == 401


def test_disabling_a_persons_dashboard_account_ends_their_api_tokens_too(client, street, now):
    create_account("yang.supervisor", "a-long-password", now=now, person_code=street.supervisor.code)
    before = token(street.supervisor)
    set_active("yang.supervisor", False)
    assert client.get(f"{ME}/org-tickets", headers=before).status_code == 401


def test_a_holder_with_no_role_left_at_the_tickets_firm_is_refused_and_sees_no_phone(client, street, now):
    ticket = open_ticket(street, now)
    assert ticket.assignee_id == street.steward.id
    moved = db.session.scalar(sa.select(Role).where(Role.person_id == street.steward.id))
    moved.firm_id = street.other.firm_id  # moved to the other firm, as an import would
    db.session.commit()
    fresh = token(street.steward)  # even with a token issued after the move
    for step in ("accept", "arrive"):
        assert client.post(f"{ME}/tickets/{ticket.id}/{step}", headers=fresh).status_code == 403
    assert client.get(f"{ME}/tickets/{ticket.id}", headers=fresh).status_code == 403
    assert client.get(f"{ME}/tasks", headers=fresh).json[0]["resident_phone"] == "138****8000"


def test_a_pool_member_taken_out_of_the_pool_can_no_longer_accept_an_offer(client, street, now):
    from app.org.models import PoolMember
    ticket = open_ticket(street, now, skill="lift")
    db.session.execute(sa.delete(PoolMember).where(PoolMember.person_id == street.lender.id))
    db.session.commit()
    assert client.post(f"{ME}/tickets/{ticket.id}/accept", headers=token(street.lender)).status_code == 403
    assert client.post(f"{ME}/tickets/{ticket.id}/accept", headers=token(street.lender2)).status_code == 200


def test_a_resident_token_does_not_pass_to_someone_who_gets_the_same_row_id_later(client, street, now):
    old = create_resident(now, openid="o_gone")
    old_id, old_token = old.id, token(old)
    db.session.delete(old)
    db.session.commit()
    db.session.add(Resident(id=old_id, openid="o_newcomer", created_at=now))
    db.session.commit()
    r = client.get("/api/v1/me/home", headers=old_token)
    assert r.status_code == 401


def test_a_staff_token_does_not_pass_to_whoever_gets_the_persons_openid_changed(client, street):
    before = token(street.steward)
    street.steward.openid = "o_someone_else"
    db.session.commit()
    assert client.get(f"{ME}/tasks", headers=before).status_code == 401


def test_a_caller_with_no_token_hears_401_before_their_body_is_looked_at(client, street, now):
    ticket = open_ticket(street, now)
    for url, body in ((f"{ME}/tickets/{ticket.id}/resolve", {}), (f"{ME}/tickets/{ticket.id}/transfer", {"x": 1}),
                      ("/api/v1/me/tickets", {"category": "nonsense"})):
        r = client.post(url, json=body)
        assert r.status_code == 401, url
        assert r.headers["WWW-Authenticate"] == "Bearer"
    r = client.put("/api/v1/me/home", data="not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 401


def test_a_signed_token_with_an_odd_or_huge_id_is_401_not_a_server_error(client, app, street):
    steward = street.steward
    base = {"k": "staff", "v": steward.token_version, "o": ""}
    for odd in ("12", 12.0, True, None, [1], 2**31, 2**63, -1, 0):
        assert client.get(f"{ME}/tasks", headers=signed(app, {**base, "id": odd})).status_code == 401, odd
    for odd in ("12", 2**40):
        headers = signed(app, {"k": "resident", "id": odd, "v": 0, "o": ""})
        assert client.get("/api/v1/me/home", headers=headers).status_code == 401, odd


def test_a_token_of_the_old_format_is_401(client, app, street):
    old = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="api-token-v1").dumps(
        {"k": "staff", "id": street.steward.id})
    assert client.get(f"{ME}/tasks", headers={"Authorization": f"Bearer {old}"}).status_code == 401
