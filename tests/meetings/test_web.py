"""Meetings through the dashboard (call, hold, decide, close, minutes, Word) and decisions through the API."""
import io
from datetime import timedelta

import pytest
from docx import Document

from app.clock import fmt_local, local_day
from app.meetings import service
from app.meetings.models import Decision, Meeting, OwnerKind
from app.extensions import db
from tests.api.helpers import token
from tests.dashboard.scenario import PASSWORD
from tests.dashboard.web import csrf_of, log_in
from tests.meetings.helpers import build_meeting_street


@pytest.fixture
def street(ctx, now):
    return build_meeting_street(now)


def page_token(client, url):
    return csrf_of(client.get(url).get_data(as_text=True))


def called(client, now) -> int:
    log_in(client, "duban", PASSWORD)
    answer = client.post("/dashboard/meetings/", data={
        "csrf_token": page_token(client, "/dashboard/meetings/"), "title": "11月联席会议",
        "planned_at": fmt_local(now - timedelta(hours=1), "%Y-%m-%dT%H:%M"), "grid_id": "", "days": "30"})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return db.session.query(Meeting).one().id


def test_the_supervisor_calls_holds_and_decides_on_the_dashboard(client, street, now):
    meeting_id = called(client, now)
    url = f"/dashboard/meetings/{meeting_id}"
    held = client.post(f"{url}/held", data={"csrf_token": page_token(client, url), "branch": "李红",
                                            "held_at": fmt_local(now - timedelta(minutes=30), "%Y-%m-%dT%H:%M")})
    item_id = db.session.get(Meeting, meeting_id).items[0].id
    decided = client.post(f"{url}/items/{item_id}/decision", data={
        "csrf_token": page_token(client, url), "text": "物业本周内查明漏水点", "owner_kind": "firm", "owner": "测试物业",
        "deadline": (local_day(now) + timedelta(days=7)).isoformat()})

    assert held.status_code == 302 and decided.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "物业本周内查明漏水点" in page and "李红" in page and "落实中" in page


@pytest.mark.parametrize("form, words", [
    ({"owner": ""}, "每项决议都要有责任人或责任单位"),
    ({"deadline": ""}, "每项决议都要有完成期限"),
])
def test_a_decision_without_an_owner_or_deadline_is_refused_on_the_page(client, street, now, form, words):
    meeting_id = called(client, now)
    service.mark_held(meeting_id, held_at=now, attendees={}, account=street.chair, now=now)
    url = f"/dashboard/meetings/{meeting_id}"
    item_id = db.session.get(Meeting, meeting_id).items[0].id
    sent = {"csrf_token": page_token(client, url), "text": "处理", "owner_kind": "firm", "owner": "测试物业",
            "deadline": local_day(now).isoformat(), **form}
    sent = {k: v for k, v in sent.items() if v != ""}

    answer = client.post(f"{url}/items/{item_id}/decision", data=sent)

    assert answer.status_code == 422 and words in answer.get_data(as_text=True)
    assert db.session.query(Decision).count() == 0


def test_a_meeting_in_the_future_marked_held_is_refused_on_the_page(client, street, now):
    meeting_id = called(client, now)
    url = f"/dashboard/meetings/{meeting_id}"
    answer = client.post(f"{url}/held", data={"csrf_token": page_token(client, url),
                                              "held_at": fmt_local(now + timedelta(days=1), "%Y-%m-%dT%H:%M")})
    assert answer.status_code == 422 and "会议时间晚于现在" in answer.get_data(as_text=True)
    assert db.session.get(Meeting, meeting_id).held_at is None


def decision_of(street, now) -> Decision:
    meeting = service.call_meeting(street.chair, title="11月联席会议", planned_at=now, grid_id=None, days=30, now=now)
    service.mark_held(meeting.id, held_at=now, attendees={"branch": "李红", "firm": "陈明"}, account=street.chair, now=now)
    return service.decide(meeting.items[0].id, text="更换楼上防水层", owner_kind=OwnerKind.PERSON,
                          owner=street.steward.code, deadline=local_day(now) + timedelta(days=7),
                          account=street.chair, now=now)


def test_a_decision_closed_without_a_note_is_refused_on_the_page_and_closed_with_one(client, street, now):
    decision = decision_of(street, now)
    log_in(client, "shuji", PASSWORD)
    url = f"/dashboard/meetings/{decision.meeting_id}"

    refused = client.post(f"{url}/decisions/{decision.id}/done", data={"csrf_token": page_token(client, url)})
    closed = client.post(f"{url}/decisions/{decision.id}/done", data={"csrf_token": page_token(client, url),
                                                                     "note": "已更换"})

    assert refused.status_code == 422 and "办结决议须填写落实情况说明" in refused.get_data(as_text=True)
    assert closed.status_code == 302 and db.session.get(Decision, decision.id).done_note == "已更换"


def test_the_minutes_print_on_one_a4_page_and_export_to_word(client, street, now):
    decision = decision_of(street, now)
    log_in(client, "duban", PASSWORD)

    page = client.get(f"/dashboard/meetings/{decision.meeting_id}/minutes").get_data(as_text=True)
    word = client.get(f"/dashboard/meetings/{decision.meeting_id}/minutes.docx")

    assert "联席会议纪要" in page and "更换楼上防水层" in page and "minutes.css" in page
    assert word.status_code == 200 and word.mimetype.endswith("wordprocessingml.document")
    doc = Document(io.BytesIO(word.data))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert "联席会议纪要" in text and "网格党支部 李红" in text
    assert "更换楼上防水层" in cells and "王建国" in cells
    assert round(doc.sections[0].page_width.cm, 1) == 21.0 and round(doc.sections[0].page_height.cm, 1) == 29.7


def test_someone_outside_the_community_gets_404_for_the_meeting(client, street, now):
    decision = decision_of(street, now)
    from tests.dashboard.scenario import create_account

    create_account("waiduban", person=street.outsider)
    log_in(client, "waiduban", PASSWORD)
    assert client.get(f"/dashboard/meetings/{decision.meeting_id}").status_code == 404
    assert client.get(f"/dashboard/meetings/{decision.meeting_id}/minutes.docx").status_code == 404


def test_the_owner_sees_and_closes_the_decision_through_the_api(client, street, now):
    decision = decision_of(street, now)

    mine = client.get("/api/v1/staff/decisions", headers=token(street.steward))
    no_note = client.post(f"/api/v1/staff/decisions/{decision.id}/done", json={}, headers=token(street.steward))
    closed = client.post(f"/api/v1/staff/decisions/{decision.id}/done", json={"note": "防水层已更换"},
                         headers=token(street.steward))

    assert [d["text"] for d in mine.json] == ["更换楼上防水层"] and mine.json[0]["late"] is False
    assert no_note.status_code == 422 and no_note.json["message"] == "办结决议须填写落实情况说明"
    assert closed.status_code == 200 and closed.json["status"] == "done"
    again = client.post(f"/api/v1/staff/decisions/{decision.id}/done", json={"note": "x"}, headers=token(street.steward))
    assert again.status_code == 409 and again.json["code"] == "already_done"


def test_someone_else_cannot_close_the_decision_through_the_api(client, street, now):
    decision = decision_of(street, now)
    answer = client.post(f"/api/v1/staff/decisions/{decision.id}/done", json={"note": "好"},
                         headers=token(street.outsider))
    assert answer.status_code == 404
