"""A reopened ticket's page says which of its figures are from before the reopening (they stay as stored)."""
from datetime import timedelta

from app.extensions import db
from app.tickets import service
from app.tickets.actors import Actor
from app.tickets.models import Status, Ticket
from tests.dashboard import scenario
from tests.dashboard.scenario import local
from tests.dashboard.web import log_in
from tests.factories import create_ticket, dispatch_to

M = timedelta(minutes=1)


def test_a_reopened_tickets_page_labels_the_earlier_rounds_times_and_rating_and_keeps_them(client, street):
    scenario.create_account(person=scenario.supervisor_of(street.estate_a))
    log_in(client, "duban")
    steward = Actor.person(street.steward.id)
    ticket = create_ticket(street.estate_a, now=local(1, 10))
    dispatch_to(ticket, street.steward, now=local(1, 10))
    service.accept(ticket.id, now=local(1, 10) + M, by=steward)
    service.arrive(ticket.id, now=local(1, 10) + 2 * M, by=steward)
    service.resolve(ticket.id, note="换了阀门", now=local(1, 11), by=steward)
    service.rate(ticket.id, score=2, now=local(1, 12), by=Actor.resident("o_resident"))  # a low score reopens it
    dispatch_to(ticket, street.steward, now=local(1, 12) + M)
    found = db.session.get(Ticket, ticket.id)
    assert found.status is Status.DISPATCHED and found.rating == 2 and found.response_seconds == 60

    html = client.get(f"/dashboard/tickets/{ticket.id}").get_data(as_text=True)

    clocks = html[html.index('id="ticket-clocks"'):html.index("</section>", html.index('id="ticket-clocks"'))]
    assert clocks.count(">上一轮</span>") == 4 and "2 分" in clocks and "按时" in clocks
    assert 'id="earlier-round"' in html and "已重开 1 次" in html


def test_a_ticket_never_reopened_shows_no_earlier_round(client, street):
    scenario.create_account(person=scenario.supervisor_of(street.estate_a))
    log_in(client, "duban")
    ticket = create_ticket(street.estate_a, now=local(1, 10))
    dispatch_to(ticket, street.steward, now=local(1, 10))
    service.accept(ticket.id, now=local(1, 10) + M, by=Actor.person(street.steward.id))

    html = client.get(f"/dashboard/tickets/{ticket.id}").get_data(as_text=True)

    assert "上一轮" not in html and 'id="earlier-round"' not in html
