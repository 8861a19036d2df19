"""Logs: one structured line per request and per job, with a request id and who it was about, never a phone."""
import io
import json
import logging

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.tickets.models import Ticket
from app.logging_setup import make_handler
from app.scheduler import build_scheduler
from app.wechat.simulator import sign, text_xml
from tests.api.helpers import build_street, token
from tests.api.test_staff_api import open_ticket
from tests.dashboard import scenario
from tests.dashboard.web import csrf_of, log_in
from tests.factories import create_estate, create_steward, create_ticket, dispatch_to

PHONE = "13912345678"


@pytest.fixture
def lines():
    """What our JSON handler writes, one dict per line, from every logger, while the test runs."""
    stream = io.StringIO()
    handler = make_handler("json", stream)
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)  # setLevel, not the attribute: loggers cache what their level lets through
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(old_level)


def request_lines(records):
    return [r for r in records if r["logger"] == "red_steward.requests"]


def test_a_webhook_message_logs_one_line_with_its_request_id_openid_status_and_time_but_no_phone(ctx, client, lines):
    signed = sign(text_xml("o_res_7", f"3号楼漏水 电话{PHONE}", msg_id=77), token=ctx.config["WECHAT_TOKEN"])
    response = client.post("/wechat", query_string=signed.query, data=signed.body, content_type="text/xml",
                           headers={"X-Request-Id": "req-from-nginx"})
    assert response.headers["X-Request-Id"] == "req-from-nginx"
    (line,) = request_lines(lines())
    assert line["level"] == "INFO" and line["method"] == "POST" and line["path"] == "/wechat"
    assert line["status"] == 200 and line["request_id"] == "req-from-nginx" and line["openid"] == "o_res_7"
    assert isinstance(line["ms"], float)
    assert all(PHONE not in json.dumps(record, ensure_ascii=False) for record in lines())


def post_to_webhook(ctx, client, xml):
    signed = sign(xml, token=ctx.config["WECHAT_TOKEN"])
    return client.post("/wechat", query_string=signed.query, data=signed.body, content_type="text/xml")


def test_a_webhook_message_that_opens_a_ticket_names_the_new_ticket_s_number(ctx, client, lines):
    create_steward(create_estate(buildings=("3",), name="幸福里小区"), skills="plumbing")
    post_to_webhook(ctx, client, text_xml("o_res_8", f"3号楼2单元501厨房水管漏水 {PHONE}", msg_id=81))
    post_to_webhook(ctx, client, text_xml("o_res_8", "1", msg_id=82))
    asked, opened = request_lines(lines())
    number = db.session.scalar(sa.select(Ticket.number))
    assert "ticket" not in asked and opened["ticket"] == number
    assert all(PHONE not in json.dumps(record, ensure_ascii=False) for record in lines())


def test_a_webhook_message_that_cancels_a_ticket_names_it_and_one_naming_another_s_does_not(ctx, client, now, lines):
    estate = create_estate()
    mine = create_ticket(estate, now=now, resident_openid="o_res_9")
    theirs = create_ticket(estate, now=now, resident_openid="o_other")
    post_to_webhook(ctx, client, text_xml("o_res_9", f"取消工单 {theirs.number}", msg_id=91))
    post_to_webhook(ctx, client, text_xml("o_res_9", f"取消工单 {mine.number}", msg_id=92))
    refused, cancelled = request_lines(lines())
    assert "ticket" not in refused and cancelled["ticket"] == mine.number


def test_a_staff_accept_names_the_ticket_s_number_not_its_id(client, now, lines):
    street = build_street(now)
    ticket = open_ticket(street, now)
    assert client.post(f"/api/v1/staff/tickets/{ticket.id}/accept", headers=token(street.steward)).status_code == 200
    (line,) = request_lines(lines())
    assert line["ticket"] == ticket.number and line["staff"] == street.steward.id
    assert "13800138000" not in json.dumps(lines(), ensure_ascii=False)


def test_a_list_of_tickets_names_no_ticket_in_its_line(client, now, lines):
    street = build_street(now)
    open_ticket(street, now)
    assert len(client.get("/api/v1/staff/tasks", headers=token(street.steward)).json) == 1
    (line,) = request_lines(lines())
    assert "ticket" not in line and line["staff"] == street.steward.id


def test_a_request_without_an_id_gets_one_made_here_and_without_a_ticket_has_no_ticket_field(client, lines):
    response = client.get("/healthz?live=1")
    made = response.headers["X-Request-Id"]
    assert len(made) == 16
    (line,) = request_lines(lines())
    assert line["request_id"] == made and "ticket" not in line


def test_polling_endpoints_log_at_debug_and_pages_at_info(client, lines):
    client.get("/healthz")
    client.get("/")
    levels = {r["path"]: r["level"] for r in request_lines(lines())}
    assert levels == {"/healthz": "DEBUG", "/": "INFO"}


def test_a_job_line_names_the_job_by_what_it_does(ctx, lines):
    for job in build_scheduler(ctx).get_jobs():
        job.func()
    jobs = {r["job"] for r in lines() if r.get("job")}
    assert {"tracker", "outbox", "retention"} <= jobs
    assert not any("_in_context" in json.dumps(r) for r in lines())


def test_the_readable_format_puts_the_context_after_the_message(client):
    stream, root = io.StringIO(), logging.getLogger()
    handler, old_level = make_handler("text", stream), root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)  # another test's in-process migration may have left it at WARNING
    try:
        client.get("/", headers={"X-Request-Id": "abc"})
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    assert "INFO red_steward.requests GET / 200 " in stream.getvalue()
    assert "ms request_id=abc" in stream.getvalue()


def test_apscheduler_s_two_lines_per_pass_are_kept_out_of_the_info_log(ctx):
    assert not logging.getLogger("apscheduler.executors.default").isEnabledFor(logging.INFO)


def test_the_dashboard_s_ticket_page_and_its_reclassify_name_the_ticket_s_number(client, now, lines):
    street = build_street(now)
    scenario.create_account("duban", person=street.supervisor)
    log_in(client, "duban")
    ticket = open_ticket(street, now)
    page = client.get(f"/dashboard/tickets/{ticket.id}").get_data(as_text=True)
    form = {"csrf_token": csrf_of(page), "category": "dispute", "reason": "邻里纠纷"}
    assert client.post(f"/dashboard/tickets/{ticket.id}/reclassify", data=form).status_code == 302
    named = {r["path"]: r.get("ticket") for r in request_lines(lines()) if "/tickets/" in r["path"]}
    assert named == {f"/dashboard/tickets/{ticket.id}": ticket.number,
                     f"/dashboard/tickets/{ticket.id}/reclassify": ticket.number}


def test_a_simulator_action_names_the_ticket_s_number(client, now, lines):
    estate = create_estate()
    holder = create_steward(estate)
    ticket = dispatch_to(create_ticket(estate, now=now), holder, now=now)
    assert client.post(f"/simulator/tickets/{ticket.id}/accept", json={"person_id": holder.id}).status_code == 200
    (line,) = request_lines(lines())
    assert line["ticket"] == ticket.number
