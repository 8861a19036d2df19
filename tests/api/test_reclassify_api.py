"""改类重派 through the staff API, and the ticket's timeline in the staff API's ticket view."""
from app.extensions import db
from app.routing.service import open_and_route
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tickets.models import Category, Ticket
from app.tickets.service import TicketDraft
from tests.api.helpers import token

ME = "/api/v1/staff"


def open_ticket(street, now, **kw):
    base = dict(category=Category.DISPUTE, estate_code=street.estate.code,
                description="楼上漏水到我家，邻居电话13912345678", building="1", unit="2", room="501",
                resident_openid=street.resident.openid, resident_phone="13800138000")
    return open_and_route(TicketDraft(**{**base, **kw}), now=now, by=Actor.resident(street.resident.openid))


def reclassify(client, ticket, who, body):
    return client.post(f"{ME}/tickets/{ticket.id}/reclassify", headers=token(who), json=body)


def test_the_holder_reclassifies_a_dispute_as_a_repair_and_gets_the_ticket_with_its_timeline(client, street, now):
    ticket = open_ticket(street, now)

    r = reclassify(client, ticket, street.mediator, {"category": "repair", "reason": "是管道问题，报修"})

    assert r.status_code == 200
    assert (r.json["number"], r.json["category"], r.json["assignee_id"]) == (
        ticket.number, "repair", street.steward.id)
    events = [(e["title"], e["detail"], e["who"]) for e in r.json["timeline"] if e["kind"] == "event"]
    assert [title for title, _, _ in events] == ["受理", "派单", "改类重派", "派单"]
    assert events[2][1:] == ("状态：待派单；纠纷 → 报修；是管道问题，报修", street.mediator.name)


def test_the_staff_ticket_view_shows_the_timeline_in_order_as_the_caller_may_read_it(client, street, now):
    ticket = open_ticket(street, now, category=Category.REPAIR, skill="plumbing")
    tickets.accept(ticket.id, now=now, by=Actor.person(street.steward.id))
    tickets.pause(ticket.id, reason="等配件，业主电话13700001111", now=now, by=Actor.person(street.steward.id))

    mine = client.get(f"{ME}/tickets/{ticket.id}", headers=token(street.steward)).json["timeline"]
    managers = client.get(f"{ME}/tickets/{ticket.id}", headers=token(street.manager)).json["timeline"]

    titles = [e["title"] for e in mine if e["kind"] == "event"]
    assert titles == ["受理", "派单", "签收", "暂停"]
    assert [e["at"] for e in mine] == sorted(e["at"] for e in mine)
    assert any("13700001111" in e["detail"] for e in mine)  # the holder reads numbers in full
    assert not any("13700001111" in e["detail"] for e in managers)
    assert any("137****1111" in e["detail"] for e in managers)


def test_a_task_list_carries_no_timeline(client, street, now):
    open_ticket(street, now, category=Category.REPAIR, skill="plumbing")
    [task] = client.get(f"{ME}/tasks", headers=token(street.steward)).json
    assert "timeline" not in task


def test_a_reclassification_to_the_same_category_is_422(client, street, now):
    ticket = open_ticket(street, now)
    r = reclassify(client, ticket, street.mediator, {"category": "dispute", "reason": "再看看"})
    assert (r.status_code, r.json["code"]) == (422, "bad_category")


def test_a_reclassification_to_an_unknown_category_or_to_praise_is_422_naming_the_field(client, street, now):
    ticket = open_ticket(street, now)
    for category in ("plumbing", "praise", ""):
        r = reclassify(client, ticket, street.mediator, {"category": category, "reason": "改一下"})
        assert (r.status_code, list(r.json["errors"]["json"])) == (422, ["category"])
    r = reclassify(client, ticket, street.mediator, {"category": "repair"})
    assert (r.status_code, list(r.json["errors"]["json"])) == (422, ["reason"])
    assert db.session.get(Ticket, ticket.id).category is Category.DISPUTE


def test_someone_without_the_right_gets_403(client, street, now):
    ticket = open_ticket(street, now)
    r = reclassify(client, ticket, street.steward, {"category": "repair", "reason": "是报修"})
    assert (r.status_code, r.json["code"]) == (403, "forbidden")


def test_a_closed_ticket_is_409(client, street, now):
    ticket = open_ticket(street, now)
    tickets.cancel(ticket.id, now=now, by=Actor.resident(street.resident.openid), reason="不用了")
    r = reclassify(client, ticket, street.supervisor, {"category": "repair", "reason": "是报修"})
    assert (r.status_code, r.json["code"]) == (409, "illegal_transition")


def test_an_unknown_ticket_is_404(client, street, now):
    r = client.post(f"{ME}/tickets/999999/reclassify", headers=token(street.supervisor),
                    json={"category": "repair", "reason": "是报修"})
    assert r.status_code == 404
