"""What a dashboard reader sees of the resident's words: the API's rule (access.view_of), in one place."""
import pytest

from app.extensions import db
from app.staff.redact import ID_CARD_MASK
from app.tickets.models import Category
from app.wechat.models import InboundMessage, InboundStatus
from tests.dashboard import scenario
from tests.dashboard.scenario import local
from tests.dashboard.web import log_in
from tests.factories import create_ticket

WORDS = "楼上漏水不肯修，打我电话 139-1234-5678，身份证110101199003071234"
MASKED = f"楼上漏水不肯修，打我电话 139****5678，身份证{ID_CARD_MASK}"


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def message_about(ticket, content: str) -> None:
    db.session.add(InboundMessage(dedupe_key=f"m-{ticket.id}", openid="o_resident", msg_type="text",
                                  content=content, received_at=ticket.opened_at, raw="<xml/>",
                                  status=InboundStatus.ANSWERED, ticket_id=ticket.id))
    db.session.commit()


@pytest.fixture
def repair(street):
    ticket = create_ticket(street.estate_a, now=local(20), description=WORDS)
    message_about(ticket, WORDS)
    return ticket


@pytest.fixture
def dispute(street):
    ticket = create_ticket(street.estate_a, now=local(1), category=Category.DISPUTE, description=WORDS)
    message_about(ticket, WORDS)
    return ticket


def test_a_supervisor_reads_the_description_and_the_messages_with_the_numbers_masked(client, street, repair):
    scenario.create_account(person=scenario.supervisor_of(street.estate_a))
    log_in(client, "duban")
    html = page(client, f"/dashboard/tickets/{repair.id}")
    assert html.count(MASKED) == 2  # the description and the resident's message on the timeline
    assert "5678" in html and "1234-5678" not in html and "110101199003071234" not in html


def test_a_firm_scoped_account_never_reads_a_disputes_words_on_the_page_or_the_agenda(client, street, dispute):
    scenario.create_account("wuye", firm_code=street.estate_a.firm.code)
    log_in(client, "wuye")
    html = page(client, f"/dashboard/tickets/{dispute.id}")
    assert "楼上漏水" not in html and "（纠纷内容仅" in html
    assert "楼上漏水" not in page(client, "/dashboard/agenda?days=7")


def test_a_manager_account_never_reads_a_disputes_words(client, street, dispute):
    scenario.create_account("jingli", person=scenario.manager_of(street.estate_a))
    log_in(client, "jingli")
    assert "楼上漏水" not in page(client, f"/dashboard/tickets/{dispute.id}")


def test_the_supervisor_and_the_grids_branch_read_a_disputes_words_masked_on_the_agenda(client, street, dispute):
    scenario.create_account("duban", person=scenario.supervisor_of(street.estate_a))
    scenario.create_account("zhibu", grid_code=street.estate_a.grid.code)
    for username in ("duban", "zhibu"):
        log_in(client, username)
        assert MASKED in page(client, "/dashboard/agenda?days=7")
        client.post("/dashboard/logout")


def test_the_residents_reason_on_a_disputes_timeline_is_hidden_and_a_stewards_note_has_its_numbers_masked(
        client, street, dispute):
    from app.tickets import service
    from app.tickets.actors import Actor
    from tests.factories import dispatch_to
    by = Actor.person(street.steward.id)
    dispatch_to(dispute, street.steward, now=local(1, 11))
    service.accept(dispute.id, now=local(1, 12), by=by)
    service.resolve(dispute.id, note="已调解，对方电话13700001111", now=local(1, 13), by=by)
    service.reopen(dispute.id, reason="楼上还是不肯修，身份证110101199003071234", now=local(1, 14),
                   by=Actor.resident("o_resident"))
    scenario.create_account("wuye", firm_code=street.estate_a.firm.code)
    log_in(client, "wuye")
    html = page(client, f"/dashboard/tickets/{dispute.id}")
    assert "楼上还是不肯修" not in html and "137****1111" in html and "13700001111" not in html
