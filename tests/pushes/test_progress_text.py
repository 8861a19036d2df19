"""The progress notice a resident reads after a steward acts on their ticket."""
from app.pushes import texts
from factories import create_estate, create_steward, create_ticket, dispatch_to


def test_the_arrival_notice_puts_a_comma_after_the_ticket_number(ctx, now):
    estate = create_estate(code="YGHY", name="阳光花园", buildings=("5",))
    ticket = dispatch_to(create_ticket(estate, now=now, building="5"), create_steward(estate), now=now)
    assert texts.progress_text(ticket, "arrive", "王建国") == f"您的报修工单{ticket.number}，王建国已到场处理。"
