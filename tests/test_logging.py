"""Logs: one structured line per request and per job, with a request id and who it was about, never a phone."""
import io
import json
import logging

import pytest

from app.logging_setup import make_handler
from app.scheduler import build_scheduler
from app.wechat.simulator import sign, text_xml

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


def test_a_request_without_an_id_gets_one_made_here(client, lines):
    response = client.get("/healthz?live=1")
    made = response.headers["X-Request-Id"]
    assert len(made) == 16
    assert request_lines(lines())[0]["request_id"] == made


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
