"""An inquiry (咨询) from the mini-program form: the FAQ answers first; only an unanswered one opens a ticket."""
import sqlalchemy as sa

from app.extensions import db
from app.org.models import RoleKind
from app.pushes.models import Push
from app.intake.faq import import_faq
from app.tickets.models import Category, HandlingOrg, Ticket
from tests.api.helpers import token
from tests.api.test_resident_api import register
from tests.factories import create_person

ME = "/api/v1/me"


def load_faq(street):
    import_faq(f"""\
faq:
  - question: 物业费怎么交？
    keywords: [物业费, 缴费]
    answer: 在小程序缴费页缴纳。
  - question: 门禁卡怎么办？
    keywords: [门禁卡]
    answer: 到物业服务中心办理。
  - question: 本小区门禁卡
    keywords: [门禁卡]
    answer: 到1栋一楼办理。
    estates: [{street.estate.code}]
""")


def ask(client, street, text, **kw):
    body = {"category": "inquiry", "description": text, **kw}
    return client.post(f"{ME}/tickets", headers=token(street.resident), json=body)


def tickets_and_pushes() -> tuple[int, int]:
    return (db.session.scalar(sa.select(sa.func.count(Ticket.id))),
            db.session.scalar(sa.select(sa.func.count(Push.id))))


def test_an_inquiry_the_faq_answers_gets_the_answer_and_opens_no_ticket(client, street):
    load_faq(street)
    r = ask(client, street, "请问物业费在哪里交？", estate=street.estate.code)
    assert r.status_code == 200
    assert r.json == {"answered": True, "answer": "在小程序缴费页缴纳。"}
    assert tickets_and_pushes() == (0, 0)


def test_the_answer_for_my_registered_homes_estate_wins_over_the_general_one(client, street):
    load_faq(street)
    register(client, street)
    r = ask(client, street, "门禁卡丢了怎么补办")
    assert r.status_code == 200 and r.json["answer"] == "到1栋一楼办理。"
    r = ask(client, street, "门禁卡丢了怎么补办", estate=street.other.code)
    assert r.status_code == 200 and r.json["answer"] == "到物业服务中心办理。"


def test_a_resident_without_a_home_may_still_ask_and_be_answered(client, street):
    load_faq(street)
    r = ask(client, street, "物业费怎么缴费")
    assert r.status_code == 200 and r.json["answered"] is True


def test_an_unanswered_inquiry_opens_a_ticket_for_the_front_desk(client, street):
    load_faq(street)
    desk = create_person(roles=[{"kind": RoleKind.FRONT_DESK, "firm_id": street.estate.firm_id}])
    register(client, street)
    r = ask(client, street, "小区游泳池什么时候开放？")
    assert r.status_code == 201 and r.json["category"] == "inquiry"
    ticket = db.session.get(Ticket, r.json["id"])
    assert (ticket.category, ticket.handling_org, ticket.assignee_id) == \
        (Category.INQUIRY, HandlingOrg.FRONT_DESK, desk.id)


def test_other_categories_are_never_answered_from_the_faq(client, street):
    load_faq(street)
    register(client, street)
    r = client.post(f"{ME}/tickets", headers=token(street.resident),
                    json={"category": "repair", "description": "门禁卡读卡器坏了", "skill": "access_control"})
    assert r.status_code == 201 and r.json["category"] == "repair"


def test_an_inquiry_naming_an_unknown_estate_is_422_even_when_the_faq_could_answer(client, street):
    load_faq(street)
    r = ask(client, street, "物业费怎么交", estate="NOPE")
    assert r.status_code == 422 and r.json["code"] == "unknown_estate"
    assert tickets_and_pushes() == (0, 0)


def test_the_openapi_document_shows_both_answers_of_opening_a_ticket(client):
    post = client.get("/api/v1/openapi.json").json["paths"]["/api/v1/me/tickets"]["post"]
    answered = post["responses"]["200"]
    assert answered["content"]["application/json"]["schema"]["$ref"].endswith("/FaqAnswerOut")
    assert "no ticket is opened" in answered["description"]
    assert post["responses"]["201"]["content"]["application/json"]["schema"]["$ref"].endswith("/TicketOut")
